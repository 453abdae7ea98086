"""Optimistic concurrency: nothing is silently overwritten when two people edit the same thing.

Editable models carry a `version` integer. A form carries the version it was loaded with;
the save succeeds only if the row still has that version, and bumps it.
"""

from django.db import models
from django.db.models import F


class ConflictError(Exception):
    """Somebody else saved this object after it was loaded. `current` is the fresh object."""

    def __init__(self, current: models.Model):
        super().__init__("conflict")
        self.current = current


def save_with_version(obj: models.Model, *, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of obj if the stored version is still `expected_version`; else ConflictError.

    Must run inside transaction.atomic (the caller's service).
    """
    model = type(obj)
    values = {name: getattr(obj, name) for name in fields}
    # A tracked model's QuerySet records the field history of this update (core/history.py).
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if updated != 1:
        raise ConflictError(model._default_manager.get(pk=obj.pk))
    obj.version = expected_version + 1
