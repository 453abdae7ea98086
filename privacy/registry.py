"""Where personal data lives: one entry per model that refers to a participant.

The access request, erasure, retention and change history all work from this table. Each app
registers its models in its AppConfig.ready():

    from django.utils.translation import gettext_lazy as _
    from privacy.registry import PersonalData, register
    register(PersonalData("practice.Attendance", title=_("When you were there"),
                          participant_path="participant_id",
                          permission="practice.view", network_path="session__network_id"))

The title heads the model's section in the access request, in the person's words ("When you were
there", not "attendances"); it is required and must be marked for translation (gettext_lazy), so a
new registration cannot forget it and never shows a table name.

Each entry says who may read it, through the access layer (`accounts.access.scoped_rows`): the
permission (a line in `accounts.access.PERMISSIONS`) and the rule that scopes it — the path to the
row's network (`networks_for`), to its evaluation round (`rounds_for`), or neither (the participant
must be reachable with that permission, `participants_for`). The access request shows the asker
exactly those rows; only the complete request (`privacy.subject_access`, a privacy officer) shows all.

A label is registered once. A second registration that differs from the first is an error at
start-up (ImproperlyConfigured), not a silent overwrite; an identical one changes nothing.

A row that mentions several participants through a many-to-many field (a logbook entry) is
registered with that field as participant_path; it is listed in the access request (the others
only as "another participant") and erasure unlinks the person instead of blanking the row:

    register(PersonalData("practice.LogEntry", title=_("Logbook entries that mention you"),
                          participant_path="participants", permission="logbook.view",
                          network_path="network_id", track_history=False))

`test_every_model_that_refers_to_participants_is_registered` in privacy/tests/test_access_erasure.py
finds every model that refers to Participant or Participation (by introspection, many-to-many fields
included) and fails when one is not registered, so nothing personal is forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class PersonalData:
    label: str  # "app_label.ModelName"
    # The section's title in the access request, in the person's words: gettext_lazy("When you were there").
    title: str = field(kw_only=True)
    # ORM path from a row to the participant's id, e.g. "participant_id", "participation__participant_id".
    participant_path: str
    # The permission that reads these rows (accounts.access.PERMISSIONS) ...
    permission: str
    # ... on the networks the asker reaches with it: ORM path from a row to its network's id, or
    network_path: str | None = None
    # ... on the evaluation rounds the asker reaches with it: ORM path to the round's id. With
    # neither, the participant must be reachable with the permission (participants_for).
    round_path: str | None = None
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

    @property
    def many_to_many(self) -> models.ManyToManyField | None:
        """The many-to-many field to Participant when participant_path is one, else None."""
        try:
            field = self.model._meta.get_field(self.participant_path)
        except FieldDoesNotExist:
            return None
        return field if field.many_to_many else None

    def unlink(self, participant_id: int) -> int:
        """Erasure of a many-to-many link: the row stays (it is about others too), the person goes."""
        field = self.many_to_many
        through = field.remote_field.through
        deleted, _ = through._default_manager.filter(
            **{field.m2m_reverse_field_name(): participant_id}
        ).delete()
        return deleted

    def text_fields(self) -> list[str]:
        if self.erase_fields is not None:
            return list(self.erase_fields)
        return [
            f.name
            for f in self.model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices and not f.primary_key
        ]


PERSONAL_DATA: dict[str, PersonalData] = {}

# Callables (participant) -> int called by erasure inside its transaction, for what holds a person
# without a foreign key (stored download files: the jobs app). Each returns how many things it removed.
ERASURE_HOOKS: list = []


def register_erasure_hook(hook) -> None:
    if hook not in ERASURE_HOOKS:
        ERASURE_HOOKS.append(hook)


def _check_path(model: type[models.Model], path: str, target: str, label: str) -> None:
    """The ORM path must lead from the model to the id of `target` (e.g. networks.Network)."""
    current = model
    parts = path.split("__")
    for i, part in enumerate(parts):
        try:
            f = current._meta.get_field(part)
        except FieldDoesNotExist:
            raise ImproperlyConfigured(f"{label}: {path!r} has no field {part!r}") from None
        last = i == len(parts) - 1
        if last and f.is_relation and f.related_model._meta.label == target:
            return
        if not f.is_relation:
            break
        current = f.related_model
    raise ImproperlyConfigured(f"{label}: {path!r} does not lead to {target}")


def register(entry: PersonalData) -> None:
    """Register where personal data lives. Checked now, so a wrong entry stops the start-up."""
    from accounts.access import PERMISSIONS

    earlier = PERSONAL_DATA.get(entry.label)
    if earlier is not None:
        if earlier == entry:
            return
        raise ImproperlyConfigured(
            f"{entry.label} is registered twice in privacy.registry with different settings: "
            f"{earlier!r} and {entry!r}. Register it once, in the app that owns it."
        )
    if not isinstance(entry.title, Promise):
        raise ImproperlyConfigured(
            f"{entry.label}: the title {entry.title!r} must be marked for translation: title=gettext_lazy(...)"
        )
    if entry.permission not in PERMISSIONS:
        raise ImproperlyConfigured(f"{entry.label}: unknown permission {entry.permission!r}")
    if entry.network_path and entry.round_path:
        raise ImproperlyConfigured(f"{entry.label}: give a network_path or a round_path, not both")
    model = apps.get_model(entry.label)
    if entry.network_path:
        _check_path(model, entry.network_path, "networks.Network", entry.label)
    if entry.round_path:
        _check_path(model, entry.round_path, "evaluation.EvaluationRound", entry.label)
    if entry.track_history:
        _check_history_manager(model, entry.label)
    PERSONAL_DATA[entry.label] = entry


def _check_history_manager(model: type[models.Model], label: str) -> None:
    """A tracked model writes through core.history.HistoryQuerySet, so no update, bulk_update or
    bulk_create can leave the field history out (core/history.py)."""
    from core.history import HistoryQuerySet

    for manager in (model._default_manager, model._meta.managers_map.get("objects")):
        if manager is not None and not isinstance(manager.get_queryset(), HistoryQuerySet):
            raise ImproperlyConfigured(
                f"{label} keeps field history but its manager {manager.name!r} does not record it: "
                "give the model `objects = core.history.HistoryManager()`"
            )


def entry_for(model: type[models.Model]) -> PersonalData | None:
    return PERSONAL_DATA.get(model._meta.label)


def participant_id_of(obj: models.Model, entry: PersonalData) -> int | None:
    """Follow participant_path on an instance (no query for direct foreign keys).

    None for a row linked to several participants (many-to-many): it is nobody's alone.
    """
    if entry.many_to_many is not None:
        return None
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
    """Every concrete model with a foreign key (or one-to-one, or many-to-many) to Participant or
    Participation, directly or through one more model that does (e.g. a score per questionnaire answer)."""
    targets = {"people.Participant", "people.Participation"}
    found: set[str] = set()
    for _round in range(2):
        for model in apps.get_models():
            if model._meta.label in found:
                continue
            for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
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
