"""Access request (AVG art. 15): everything held about one participant, readable and as JSON.

Built from privacy.registry, so a model that refers to participants is covered as soon as it is
registered (and privacy/tests/test_registry.py fails while it is not). About other people only
the fact that there is a link, never who.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext

from people.models import Participant
from privacy.models import AuditEntry, FieldChange
from privacy.registry import PERSONAL_DATA, PersonalData

_PEOPLE = {"people.Participant"}


def _value(obj: models.Model, f: models.Field, subject_id: int):
    if f.choices:
        return getattr(obj, f"get_{f.name}_display")()
    if f.is_relation:
        related_id = getattr(obj, f.attname)
        if related_id is None:
            return None
        target = f.related_model._meta.label
        if target in _PEOPLE:
            return (
                gettext("(this participant)")
                if related_id == subject_id
                else gettext("(another participant)")
            )
        if target == "people.Participation":
            return related_id
        related = getattr(obj, f.name)
        return str(getattr(related, "display_name", None) or related)
    value = getattr(obj, f.attname)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _rows(entry: PersonalData, participant: Participant) -> tuple[list[str], list[list]]:
    model = entry.model
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in entry.hidden_fields and f.name not in ("version",)
    ]
    related = [f.name for f in fields if f.is_relation and f.related_model._meta.label not in _PEOPLE]
    queryset = model._default_manager.filter(**{entry.participant_path: participant.pk}).select_related(
        *related
    )
    headers = [str(f.verbose_name) for f in fields]
    m2m = entry.many_to_many
    if m2m is None:
        rows = [[_value(obj, f, participant.pk) for f in fields] for obj in queryset.order_by("pk")]
        return headers, rows
    # A row about several people: this one, and how many others (never who), in the same query.
    through = m2m.remote_field.through._default_manager.filter(**{m2m.m2m_field_name(): OuterRef("pk")})
    linked = Subquery(through.values(m2m.m2m_field_name()).annotate(n=Count("pk")).values("n"))
    rows = [
        [_value(obj, f, participant.pk) for f in fields] + [_people(obj.linked_people)]
        for obj in queryset.annotate(linked_people=linked).order_by("pk")
    ]
    return [*headers, str(m2m.verbose_name)], rows


def _people(count: int) -> str:
    return ", ".join([gettext("(this participant)")] + [gettext("(another participant)")] * (count - 1))


def collect(*, participant: Participant) -> dict:
    """All data about the participant, per model (one query per registered model, two for the trail)."""
    sections = []
    for label in sorted(PERSONAL_DATA):
        entry = PERSONAL_DATA[label]
        headers, rows = _rows(entry, participant)
        sections.append(
            {
                "model": label,
                "title": str(entry.model._meta.verbose_name_plural),
                "headers": headers,
                "rows": rows,
            }
        )
    trail = [
        [e.at.isoformat(), e.action]
        for e in AuditEntry.objects.filter(
            participant_id=participant.pk, organisation_id=participant.organisation_id
        )
    ]
    history = [
        [c.at.isoformat(), c.model, c.action, sorted(c.changes)]
        for c in FieldChange.objects.filter(participant_id=participant.pk)
    ]
    return {
        "participant_id": participant.pk,
        "organisation": str(participant.organisation_id),
        "sections": sections,
        "access_log": {"headers": ["when (UTC)", "what"], "rows": trail},
        "change_history": {"headers": ["when (UTC)", "table", "what", "fields"], "rows": history},
    }
