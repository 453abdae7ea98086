"""Access request (AVG art. 15): what is held about one participant, as a letter and as JSON.

Built from privacy.registry, so a model that refers to participants is covered as soon as it is
registered (and privacy/tests/test_access_erasure.py fails while it is not). Two kinds:

- `collect(participant=..., user=...)`: what the asker may read, through the same walls as the pages
  (`accounts.access.scoped_rows` with each entry's permission and network rule). A worker gets her
  networks' rows and no evaluation reports; a coordinator no points of attention.
- `collect(participant=..., user=..., complete=True)`: everything about the person in the
  organisation, with who looked at the file. Only for `privacy.subject_access` (the privacy officer);
  the view checks that.

About other people only the fact that there is a link, never who. Rows hold Python values; `as_json`
writes them plainly (ISO dates), `as_letter` as the person reads them (Dutch dates, yes/no, labels).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from accounts import access
from people.models import Participant
from privacy.models import AuditEntry, ChangeAction, FieldChange
from privacy.registry import PERSONAL_DATA, PersonalData

_PEOPLE = {"people.Participant"}
_NOT_SHOWN = {"version", "organisation", "id", "anonymised_at"}

# Words for fields and tables that their apps left without a label of their own (Django then makes
# one from the code name, in English). Only used where the field has no label of its own.
FIELD_LABELS = {
    "participant": gettext_lazy("participant"),
    "participation": gettext_lazy("taking part in"),
    "network": gettext_lazy("support network"),
    "session": gettext_lazy("session"),
    "attendance": gettext_lazy("presence"),
    "task": gettext_lazy("task"),
    "followup": gettext_lazy("getting in touch"),
    "interview": gettext_lazy("interview"),
    "question": gettext_lazy("question"),
    "answer": gettext_lazy("answer"),
    "report": gettext_lazy("report"),
    "round": gettext_lazy("evaluation round"),
    "evaluator": gettext_lazy("evaluator"),
    "now": gettext_lazy("score now"),
    "before": gettext_lazy("score a year ago"),
    "now_declined": gettext_lazy("no answer now"),
    "before_declined": gettext_lazy("no answer a year ago"),
    "text_declined": gettext_lazy("no answer in words"),
    "text": gettext_lazy("text"),
    "number": gettext_lazy("version number"),
    "state": gettext_lazy("status"),
    "note": gettext_lazy("note"),
    "author": gettext_lazy("written by"),
    "created_at": gettext_lazy("recorded on"),
    "created_by": gettext_lazy("recorded by"),
    "recorded_at": gettext_lazy("recorded on"),
    "recorded_by": gettext_lazy("recorded by"),
    "saved_at": gettext_lazy("saved on"),
    "saved_by": gettext_lazy("saved by"),
    "closed_by": gettext_lazy("closed by"),
    "stage_confirmed": gettext_lazy("step confirmed"),
}
MODEL_LABELS = {
    "people.Participation": gettext_lazy("taking part"),
    "practice.Session": gettext_lazy("session"),
    "practice.Attendance": gettext_lazy("presence"),
    "practice.FollowUp": gettext_lazy("getting in touch"),
    "evaluation.Report": gettext_lazy("report"),
    "evaluation.Interview": gettext_lazy("interview"),
}


def _field_label(f: models.Field) -> str:
    own = str(f.verbose_name)
    if own == f.name.replace("_", " ") and f.name in FIELD_LABELS:
        return str(FIELD_LABELS[f.name])
    return own


def _model_label(model: type[models.Model]) -> str:
    return str(MODEL_LABELS.get(model._meta.label, model._meta.verbose_name))


_ACTIONS = {
    "view": pgettext_lazy("audit action", "looked at"),
    "export": pgettext_lazy("audit action", "downloaded or printed"),
    "access": pgettext_lazy("audit action", "access refused"),
    "erasure": pgettext_lazy("audit action", "erased"),
    "attention": pgettext_lazy("audit action", "point of attention recorded or removed"),
}


class _Other:
    """A link to another participant: shown without saying who."""

    def __str__(self) -> str:
        return gettext("(another participant)")


class _This:
    def __str__(self) -> str:
        return gettext("(this participant)")


def _has_own_str(model: type[models.Model]) -> bool:
    return model.__str__ is not models.Model.__str__


def _date_field(model: type[models.Model]) -> models.Field | None:
    for f in model._meta.concrete_fields:
        if isinstance(f, models.DateField) and not f.auto_now and not f.auto_now_add:
            return f
    return None


def _describe_plan(model: type[models.Model], depth: int = 0) -> tuple[list[str], object]:
    """How to name a related row in words, and which joins that needs (no query per row).

    Its own text when the model has one; else its kind with its network ("deelname: Soepgroep"), its
    date ("evaluatiegesprek van 3 maart 2026"), or what it belongs to, one step further.
    """
    label = _model_label(model)
    if _has_own_str(model):
        return [], lambda obj: str(obj)
    names = {f.name: f for f in model._meta.concrete_fields}
    network = names.get("network")
    date = _date_field(model)
    if network is not None and network.is_relation and date is not None:
        return (
            ["network"],
            lambda obj: (
                gettext("%(what)s of %(date)s")
                % {
                    "what": label,
                    "date": _readable(getattr(obj, date.attname)),
                }
                + f" ({obj.network})"
            ),
        )
    if network is not None and network.is_relation:
        return ["network"], lambda obj: f"{label}: {obj.network}"
    if date is not None:
        return (
            [],
            lambda obj: (
                gettext("%(what)s of %(date)s")
                % {
                    "what": label,
                    "date": _readable(getattr(obj, date.attname)),
                }
            ),
        )
    if depth == 0:
        for f in model._meta.concrete_fields:
            if f.is_relation and f.many_to_one and f.related_model._meta.label not in _PEOPLE:
                joins, inner = _describe_plan(f.related_model, depth + 1)
                if joins or _has_own_str(f.related_model) or _date_field(f.related_model):
                    return [f.name, *(f"{f.name}__{j}" for j in joins)], (
                        lambda obj, f=f, inner=inner: f"{label} ({inner(getattr(obj, f.name))})"
                    )
    return [], lambda obj: f"{label} {obj.pk}"


def _columns(entry: PersonalData) -> list[tuple[models.Field, object]]:
    """The fields shown, each with how to describe a related row."""
    out = []
    for f in entry.model._meta.concrete_fields:
        if f.name in entry.hidden_fields or f.name in _NOT_SHOWN:
            continue
        if f.is_relation and f.related_model._meta.label not in _PEOPLE:
            out.append((f, _describe_plan(f.related_model)))
        else:
            out.append((f, None))
    return out


def _value(obj: models.Model, f: models.Field, plan, subject_id: int):
    if f.choices:
        return getattr(obj, f"get_{f.name}_display")()
    if f.is_relation:
        related_id = getattr(obj, f.attname)
        if related_id is None:
            return None
        if f.related_model._meta.label in _PEOPLE:
            return _This() if related_id == subject_id else _Other()
        return plan[1](getattr(obj, f.name))
    return getattr(obj, f.attname)


def _queryset(entry: PersonalData, participant: Participant, user, complete: bool):
    model = entry.model
    rows = model._default_manager.filter(**{entry.participant_path: participant.pk})
    if complete:
        return rows
    return access.scoped_rows(
        user,
        rows,
        permission=entry.permission,
        participant_path=entry.participant_path,
        network_path=entry.network_path,
        scope=("evaluation.EvaluationRound", entry.round_path) if entry.round_path else None,
    )


def _section(entry: PersonalData, participant: Participant, user, complete: bool) -> dict:
    columns = _columns(entry)
    joins = []
    for f, plan in columns:
        if plan is not None:
            joins += [f.name, *(f"{f.name}__{j}" for j in plan[0])]
    queryset = _queryset(entry, participant, user, complete).select_related(*joins).order_by("pk")
    headers = [_field_label(f) for f, _plan in columns]
    m2m = entry.many_to_many
    if m2m is None:
        rows = [[_value(obj, f, plan, participant.pk) for f, plan in columns] for obj in queryset]
        ids = [obj.pk for obj in queryset]
    else:
        # A row about several people: this one, and how many others (never who), in the same query.
        through = m2m.remote_field.through._default_manager.filter(**{m2m.m2m_field_name(): OuterRef("pk")})
        linked = Subquery(through.values(m2m.m2m_field_name()).annotate(n=Count("pk")).values("n"))
        objs = list(queryset.annotate(linked_people=linked))
        rows = [
            [_value(obj, f, plan, participant.pk) for f, plan in columns] + [_people(obj.linked_people)]
            for obj in objs
        ]
        headers.append(str(m2m.verbose_name))
        ids = [obj.pk for obj in objs]
    return {
        "model": entry.label,
        "title": str(entry.title),
        "headers": headers,
        "rows": rows,
        "_ids": {str(pk) for pk in ids},
    }


def _people(count: int) -> str:
    return ", ".join([gettext("(this participant)")] + [gettext("(another participant)")] * (count - 1))


def _field_labels(label: str) -> dict[str, str]:
    entry = PERSONAL_DATA.get(label)
    if entry is None:
        return {}
    return {f.attname: _field_label(f) for f in entry.model._meta.concrete_fields}


def _action(code: str) -> str:
    return str(_ACTIONS.get(code.split(".", 1)[0], pgettext_lazy("audit action", "recorded")))


def collect(*, participant: Participant, user, complete: bool = False) -> dict:
    """The data about the participant that `user` may read (complete: everything), per registered
    model: one query per model the user may read, one for the change history, one for the trail."""
    sections = []
    for label in sorted(PERSONAL_DATA):
        entry = PERSONAL_DATA[label]
        if not complete and not access.can(user, entry.permission):
            continue
        sections.append(_section(entry, participant, user, complete))
    shown = {s["model"]: s.pop("_ids") for s in sections}
    titles = {s["model"]: s["title"] for s in sections}
    history = []
    for c in FieldChange.objects.filter(participant_id=participant.pk, model__in=list(shown)):
        # The asker sees the history of the rows they may read; a deleted row's network is no longer
        # known, so its lines are only in the complete request.
        if not complete and (c.action == ChangeAction.DELETE or c.object_id not in shown[c.model]):
            continue
        labels = _field_labels(c.model)
        history.append(
            [c.at, titles[c.model], c.get_action_display(), sorted(labels.get(k, k) for k in c.changes)]
        )
    data = {
        "participant_id": participant.pk,
        "complete": complete,
        "made_on": timezone.now(),
        "sections": sections,
        "change_history": {
            "headers": [gettext("When"), gettext("About"), gettext("What"), gettext("Which details")],
            "rows": history,
        },
    }
    if complete:
        data["access_log"] = {
            "headers": [gettext("When"), gettext("What")],
            "rows": [
                [e.at, _action(e.action)]
                for e in AuditEntry.objects.filter(
                    participant_id=participant.pk, organisation_id=participant.organisation_id
                )
            ],
        }
    return data


def _plain(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, _This | _Other):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _readable(value) -> str:
    """A value as the person reads it: Dutch dates, yes/no, an empty cell as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(_readable(v) for v in value)
    return str(value)


def _convert(data: dict, convert) -> dict:
    out = {
        key: value for key, value in data.items() if key not in ("sections", "change_history", "access_log")
    }
    out["made_on"] = convert(data["made_on"])
    out["sections"] = [
        {**s, "rows": [[convert(v) for v in row] for row in s["rows"]]} for s in data["sections"]
    ]
    for key in ("change_history", "access_log"):
        if key in data:
            out[key] = {**data[key], "rows": [[convert(v) for v in row] for row in data[key]["rows"]]}
    return out


def as_json(data: dict) -> dict:
    return _convert(data, _plain)


def as_letter(data: dict) -> dict:
    return _convert(data, _readable)
