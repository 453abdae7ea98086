"""Where personal data lives: one entry per model that refers to a participant.

The access request, erasure, retention and change history all work from this table. Each app
registers its models in its AppConfig.ready():

    from privacy.registry import PersonalData, register
    register(PersonalData("practice.Attendance", participant_path="participant_id"))

privacy/tests/test_registry.py finds every model that refers to Participant or Participation
(by introspection) and fails when one is not registered, so nothing personal is forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class PersonalData:
    label: str  # "app_label.ModelName"
    # ORM path from a row to the participant's id, e.g. "participant_id", "participation__participant_id".
    participant_path: str
    # Text fields that identify the person or hold free text: blanked on erasure. None: every
    # non-choice CharField/TextField/EmailField of the model.
    erase_fields: tuple[str, ...] | None = None
    # Replacement values on erasure for fields that may not be blank (e.g. a name).
    replacements: dict = field(default_factory=dict)
    # Erasure deletes the rows instead of blanking them (e.g. notes that only exist because of the person).
    delete_on_erasure: bool = False
    # Keep field-level change history (privacy.history).
    track_history: bool = True
    # Fields left out of the access-request export (internal bookkeeping only).
    hidden_fields: tuple[str, ...] = ()

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    def text_fields(self) -> list[str]:
        if self.erase_fields is not None:
            return list(self.erase_fields)
        return [
            f.name
            for f in self.model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices and not f.primary_key
        ]


PERSONAL_DATA: dict[str, PersonalData] = {}


def register(entry: PersonalData) -> None:
    PERSONAL_DATA[entry.label] = entry


def entry_for(model: type[models.Model]) -> PersonalData | None:
    return PERSONAL_DATA.get(model._meta.label)


def participant_id_of(obj: models.Model, entry: PersonalData) -> int | None:
    """Follow participant_path on an instance (no query for direct foreign keys)."""
    value: object = obj
    parts = entry.participant_path.split("__")
    for i, part in enumerate(parts):
        if value is None:
            return None
        if i == len(parts) - 1:
            return getattr(value, part)
        value = getattr(value, part)
    return None


def models_referring_to_participants() -> set[str]:
    """Every concrete model with a foreign key (or one-to-one) to Participant or Participation,
    directly or through one more model that does (e.g. a score per questionnaire answer)."""
    targets = {"people.Participant", "people.Participation"}
    found: set[str] = set()
    for _round in range(2):
        for model in apps.get_models():
            if model._meta.label in found:
                continue
            for f in model._meta.concrete_fields:
                if (
                    f.is_relation
                    and f.related_model is not None
                    and f.related_model._meta.label in targets | found
                ):
                    if f.name.startswith("invited_by"):
                        continue  # a link between two participants' profiles, not data about the other
                    found.add(model._meta.label)
                    break
    return found
