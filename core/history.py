"""Field history recorded where the write happens: the QuerySet of every tracked model.

A model whose changes are tracked (privacy.registry, `track_history=True`) uses `HistoryManager` as
its `objects`; registering it without one stops the start-up. What reaches the database through it:

| write | recorded by |
| --- | --- |
| `save()`, `create()`, `get_or_create()` ... | model signals (privacy.history) |
| `delete()` of an object or a QuerySet | model signals (Django's deletion sends them per row) |
| `QuerySet.update()` (and so `core.concurrency.save_with_version`) | `HistoryQuerySet.update` |
| `bulk_update()` | `HistoryQuerySet.bulk_update` |
| `bulk_create()` | `HistoryQuerySet.bulk_create` |

So a service cannot forget it. The lines themselves are written by the privacy app through
`core.hooks` (history_snapshot, history_record_update, history_record_objects, history_created).

`without_history()` is for the two writers whose rows nobody wrote: erasure (which must not copy the
values it removes into the history) and the large-organisation generator (perf/generator.py);
core/tests/test_history.py fails when anything else uses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models

from core import hooks

_SUSPENDED: ContextVar[bool] = ContextVar("vangnet_history_suspended", default=False)


@contextmanager
def without_history() -> Iterator[None]:
    """Writes inside this block leave no field history (erasure, the generator; nothing else)."""
    token = _SUSPENDED.set(True)
    try:
        yield
    finally:
        _SUSPENDED.reset(token)


def suspended() -> bool:
    return _SUSPENDED.get()


class HistoryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if suspended():
            return super().update(**kwargs)
        snapshot = hooks.history_snapshot(self, list(kwargs))
        count = super().update(**kwargs)
        if snapshot is not None and count:
            hooks.history_record_update(self.model, kwargs, snapshot, count)
        return count

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        objs = tuple(objs)
        if suspended() or not objs:
            return super().bulk_update(objs, fields, batch_size=batch_size)
        snapshot = hooks.history_snapshot(self.filter(pk__in=[obj.pk for obj in objs]), list(fields))
        # Django's bulk_update writes through update(): that update is this one's, not a second change.
        token = _SUSPENDED.set(True)
        try:
            count = super().bulk_update(objs, fields, batch_size=batch_size)
        finally:
            _SUSPENDED.reset(token)
        if snapshot is not None:
            hooks.history_record_objects(objs, list(fields), snapshot)
        return count

    bulk_update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created and not suspended():
            hooks.history_created(created)
        return created

    bulk_create.alters_data = True


class HistoryManager(models.Manager.from_queryset(HistoryQuerySet)):
    """`objects` of a tracked model (see the module's docstring)."""
