"""Field-level change history of personal data (models in privacy.registry with track_history).

save()/create()/delete() are seen through model signals; saves through
core.concurrency.save_with_version (a queryset update) through the history hooks in core.hooks, and
so are services' bulk_create / bulk_update (history_created, history_snapshot_rows/history_record_rows).
The actor comes from privacy.actor (set per request by privacy.middleware).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

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
    if raw or instance.pk is None or _tracked(sender) is None:
        return
    names = [f.name for f in _fields(sender) if update_fields is None or f.name in update_fields]
    old = (
        sender._default_manager.filter(pk=instance.pk)
        .values(*[sender._meta.get_field(n).attname for n in names])
        .first()
    )
    setattr(instance, _BEFORE, {k: _plain(v) for k, v in old.items()} if old else None)


def _post_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    entry = _tracked(sender)
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
    entry = _tracked(sender)
    if entry is None:
        return
    before = _values(instance)
    _record(
        instance, entry, ChangeAction.DELETE, {k: [v, None] for k, v in before.items() if v not in (None, "")}
    )


def snapshot_before_versioned_save(obj: models.Model, fields: list[str]) -> dict | None:
    before = snapshot_rows(type(obj), [obj.pk], fields)
    return None if before is None else before.get(obj.pk)


def record_versioned_save(obj: models.Model, fields: list[str], before: dict | None) -> None:
    if before is not None:
        record_rows([obj], fields, {obj.pk: before})


def record_bulk_create(objs) -> None:
    """After a bulk_create: the "created" lines a save() per row would have written, in one query."""
    objs = list(objs)
    entry = _tracked(type(objs[0])) if objs else None
    if entry is not None:
        FieldChange.objects.bulk_create(
            [_change(obj, entry, ChangeAction.CREATE, changes) for obj in objs if (changes := _created(obj))]
        )


def snapshot_rows(model: type[models.Model], pks, fields: list[str]) -> dict | None:
    """Before a bulk_update or QuerySet.update(): {pk: stored values} in one query, if tracked."""
    if _tracked(model) is None:
        return None
    attnames = [model._meta.get_field(n).attname for n in fields]
    rows = model._default_manager.filter(pk__in=list(pks)).values("pk", *attnames)
    return {row.pop("pk"): {k: _plain(v) for k, v in row.items()} for row in rows}


def record_rows(objs, fields: list[str], before: dict | None) -> None:
    """After it: a "changed" line per object whose values differ from the snapshot, in one query."""
    objs = list(objs)
    if before is None or not objs:
        return
    entry = _tracked(type(objs[0]))
    lines = []
    for obj in objs:
        old = before.get(obj.pk, {})
        changes = {k: [old.get(k), v] for k, v in _values(obj, fields).items() if old.get(k) != v}
        if changes:
            lines.append(_change(obj, entry, ChangeAction.UPDATE, changes))
    FieldChange.objects.bulk_create(lines)


def connect() -> None:
    """Listen to every model; the registry decides per save (so apps may register in any order)."""
    pre_save.connect(_pre_save, dispatch_uid="privacy-history-pre")
    post_save.connect(_post_save, dispatch_uid="privacy-history-post")
    post_delete.connect(_post_delete, dispatch_uid="privacy-history-delete")
