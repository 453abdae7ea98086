"""Field-level change history of personal data (models in privacy.registry with track_history).

save()/create()/delete() are seen through model signals; QuerySet.update() (and so
core.concurrency.save_with_version), bulk_update() and bulk_create() through the tracked model's
QuerySet (core.history.HistoryQuerySet), which calls the implementations here through core.hooks.
So every write to a tracked table is recorded, whichever service made it (core/history.py).
The actor comes from privacy.actor (set per request by privacy.middleware).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from core.history import suspended
from privacy.actor import current_actor
from privacy.models import ChangeAction, FieldChange
from privacy.registry import PersonalData, entry_for, participant_id_of

_BEFORE = "_privacy_history_before"


def _plain(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name != "version"]


def _values(obj: models.Model, names: list[str] | None = None) -> dict:
    return {
        f.attname: _plain(getattr(obj, f.attname))
        for f in _fields(type(obj))
        if names is None or f.name in names
    }


def _organisation_id(obj: models.Model) -> int | None:
    # Only when the row carries it: looking it up through the participant would cost a query per
    # save; the participant id already ties the change to its organisation.
    return getattr(obj, "organisation_id", None)


def _change(obj: models.Model, entry: PersonalData, action: str, changes: dict) -> FieldChange:
    return FieldChange(
        actor_id=getattr(current_actor(), "pk", None),
        organisation_id=_organisation_id(obj),
        participant_id=participant_id_of(obj, entry),
        model=entry.label,
        object_id=str(obj.pk),
        action=action,
        changes=changes,
    )


def _record(obj: models.Model, entry: PersonalData, action: str, changes: dict) -> None:
    if changes:
        _change(obj, entry, action, changes).save()


def _created(obj: models.Model) -> dict:
    return {k: [None, v] for k, v in _values(obj).items() if v not in (None, "")}


def _tracked(sender) -> PersonalData | None:
    entry = entry_for(sender)
    return entry if entry is not None and entry.track_history else None


def _pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or suspended() or _tracked(sender) is None:
        return
    names = [f.name for f in _fields(sender) if update_fields is None or f.name in update_fields]
    old = (
        sender._default_manager.filter(pk=instance.pk)
        .values(*[sender._meta.get_field(n).attname for n in names])
        .first()
    )
    setattr(instance, _BEFORE, {k: _plain(v) for k, v in old.items()} if old else None)


def _post_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    entry = None if suspended() else _tracked(sender)
    if raw or entry is None:
        return
    if created:
        _record(instance, entry, ChangeAction.CREATE, _created(instance))
        return
    before = getattr(instance, _BEFORE, None) or {}
    after = _values(instance, list(update_fields) if update_fields else None)
    _record(
        instance,
        entry,
        ChangeAction.UPDATE,
        {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
    )


def _post_delete(sender, instance, **kwargs):
    entry = None if suspended() else _tracked(sender)
    if entry is None:
        return
    before = _values(instance)
    _record(
        instance, entry, ChangeAction.DELETE, {k: [v, None] for k, v in before.items() if v not in (None, "")}
    )


def record_bulk_create(objs) -> None:
    """After a bulk_create: the "created" lines a save() per row would have written, in one query.
    (A row the database did not return a key for, e.g. with ignore_conflicts, was not created.)"""
    objs = [obj for obj in objs if obj.pk is not None]
    entry = _tracked(type(objs[0])) if objs else None
    if entry is not None:
        FieldChange.objects.bulk_create(
            [_change(obj, entry, ChangeAction.CREATE, changes) for obj in objs if (changes := _created(obj))]
        )


@dataclass
class Snapshot:
    """The stored values of the rows an update is about to change, read in one query."""

    entry: PersonalData
    fields: list[models.Field]
    rows: dict  # pk -> {attname: value}
    participant: dict  # pk -> participant id (None for a row of several participants)
    organisation: dict  # pk -> organisation id, when the row carries it


_PARTICIPANT = "_history_participant"
_ORGANISATION = "_history_organisation"


def snapshot(queryset: models.QuerySet, names: list[str]) -> Snapshot | None:
    """Before an update or bulk_update of `queryset`'s rows: their values of the fields `names`, with
    the participant and organisation a history line names. None (and no query) when not tracked."""
    model = queryset.model
    entry = _tracked(model)
    if entry is None:
        return None
    fields = [f for f in _fields(model) if f.name in names or f.attname in names]
    if not fields:
        return None  # e.g. only the version moves
    extra = {}
    if entry.many_to_many is None:
        extra[_PARTICIPANT] = models.F(entry.participant_path)
    if any(f.attname == "organisation_id" for f in model._meta.concrete_fields):
        extra[_ORGANISATION] = models.F("organisation_id")
    rows, participant, organisation = {}, {}, {}
    for row in queryset.order_by().values("pk", *[f.attname for f in fields], **extra):
        pk = row.pop("pk")
        participant[pk] = row.pop(_PARTICIPANT, None)
        organisation[pk] = row.pop(_ORGANISATION, None)
        rows[pk] = {k: _plain(v) for k, v in row.items()}
    return Snapshot(entry, fields, rows, participant, organisation)


def _line(model: type[models.Model], before: Snapshot, pk, changes: dict) -> FieldChange:
    return FieldChange(
        actor_id=getattr(current_actor(), "pk", None),
        organisation_id=before.organisation.get(pk),
        participant_id=before.participant.get(pk),
        model=before.entry.label,
        object_id=str(pk),
        action=ChangeAction.UPDATE,
        changes=changes,
    )


def _write(model: type[models.Model], before: Snapshot, after: dict) -> None:
    """A "changed" line per row whose values in `after` ({pk: {attname: value}}) differ from before."""
    lines = []
    for pk, old in before.rows.items():
        new = after.get(pk)
        if new is None:
            continue
        changes = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
        if changes:
            lines.append(_line(model, before, pk, changes))
    FieldChange.objects.bulk_create(lines)


def _given(field: models.Field, value):
    if isinstance(value, models.Model):
        return value.pk
    return _plain(value)


def record_update(model: type[models.Model], values: dict, before: Snapshot, count: int) -> None:
    """After QuerySet.update(**values) changed `count` rows. The new values are the ones given, so
    no query; when one is an expression (F(...)), or fewer rows changed than were read (a row changed
    meanwhile), the rows are read again."""
    given = {}
    for f in before.fields:
        value = values[f.name] if f.name in values else values[f.attname]
        given[f.attname] = _given(f, value)
    if count == len(before.rows) and not any(hasattr(v, "resolve_expression") for v in given.values()):
        after = dict.fromkeys(before.rows, given)
    else:
        after = {
            row.pop("pk"): {k: _plain(v) for k, v in row.items()}
            for row in model._base_manager.filter(pk__in=list(before.rows)).values(
                "pk", *[f.attname for f in before.fields]
            )
        }
    _write(model, before, after)


def record_objects(objs, fields: list[str], before: Snapshot) -> None:
    """After a bulk_update: the objects hold the new values."""
    objs = list(objs)
    if objs:
        _write(type(objs[0]), before, {obj.pk: _values(obj, fields) for obj in objs})


def connect() -> None:
    """Listen to every model; the registry decides per save (so apps may register in any order)."""
    pre_save.connect(_pre_save, dispatch_uid="privacy-history-pre")
    post_save.connect(_post_save, dispatch_uid="privacy-history-post")
    post_delete.connect(_post_delete, dispatch_uid="privacy-history-delete")
