"""Writes for consent and points of attention. Each runs in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.concurrency import ConflictError
from people.models import Participant
from people.services import repoint
from privacy.audit import audit
from privacy.models import Consent, ConsentScope, FieldChange, PointOfAttention, Study


def consent_given(participant: Participant, scope: str) -> bool:
    return Consent.objects.filter(participant=participant, scope=scope, given=True).exists()


@transaction.atomic
def consent_set(
    *, actor: User | None, participant: Participant, scope: str, given: bool, date: dt.date | None = None
) -> Consent:
    """Record the participant's answer for one scope (one row per scope; history in FieldChange).

    A repeated answer changes nothing, unless `date` is given and differs for a consent that is
    given: that corrects the date on which it was given (the interview form edits it).
    """
    if scope not in ConsentScope.values:
        raise ValueError(f"Unknown consent scope {scope!r}")
    corrects_date = given and date is not None
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    consent = Consent.objects.select_for_update().filter(participant=participant, scope=scope).first()
    if consent is None:
        consent = Consent.objects.create(
            participant=participant, scope=scope, given=given, date=date, recorded_by=actor
        )
    elif consent.given != given or (corrects_date and consent.date != date):
        consent.given, consent.date, consent.recorded_by = given, date, actor
        consent.version += 1
        consent.save(update_fields=["given", "date", "recorded_by", "version", "recorded_at"])
    if scope == ConsentScope.POINTS_OF_ATTENTION and not given:
        _remove_points_of_attention(participant)
    return consent


@transaction.atomic
def consents_update(
    *,
    actor: User,
    participant: Participant,
    answers: dict[str, bool],
    date: dt.date,
    versions: dict[str, int],
) -> list[str]:
    """Save every scope at once, or nothing: when someone else changed a scope since the form was
    loaded, raise ConflictError with the participant (the page shows the current answers again)."""
    current = {c.scope: c for c in Consent.objects.select_for_update().filter(participant=participant)}
    stale = [
        scope
        for scope, consent in current.items()
        if scope in answers and versions.get(scope, 0) != consent.version
    ]
    stale += [scope for scope in answers if scope not in current and versions.get(scope, 0) != 0]
    if stale:
        raise ConflictError(participant)
    changed = []
    for scope, given in answers.items():
        before = current.get(scope)
        if before is None and not given:
            continue  # nothing asked yet and still no: no record needed
        if before is None or before.given != given:
            consent_set(actor=actor, participant=participant, scope=scope, given=given, date=date)
            changed.append(scope)
    return changed


def _remove_points_of_attention(participant: Participant) -> None:
    """Withdrawn consent: the notes go, including their text in the change history."""
    for point in PointOfAttention.objects.filter(participant=participant):
        point.delete()
    redact_history(participant_id=participant.pk, models=["privacy.PointOfAttention"])


def redact_history(*, participant_id: int, models: list[str] | None = None) -> int:
    """Blank the old and new values in the change history, keeping which fields changed when and by whom."""
    rows = FieldChange.objects.filter(participant_id=participant_id)
    if models is not None:
        rows = rows.filter(model__in=models)
    count = 0
    for row in rows:
        row.changes = {name: ["", ""] for name in row.changes}
        row.save(update_fields=["changes"])
        count += 1
    return count


@transaction.atomic
def attention_add(*, actor: User, participant: Participant, text: str) -> PointOfAttention:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the point of attention.")})
    if not consent_given(participant, ConsentScope.POINTS_OF_ATTENTION):
        raise ValidationError(
            {"text": _("Points of attention can only be recorded when the participant has agreed to it.")}
        )
    point = PointOfAttention.objects.create(participant=participant, text=text, created_by=actor)
    audit(
        user=actor,
        action="attention.added",
        participant_id=participant.pk,
        object_type="attention",
        object_id=point.pk,
    )
    return point


@transaction.atomic
def attention_delete(*, actor: User, point: PointOfAttention) -> None:
    participant_id, pk = point.participant_id, point.pk
    point.delete()
    audit(
        user=actor,
        action="attention.deleted",
        participant_id=participant_id,
        object_type="attention",
        object_id=pk,
    )


@transaction.atomic
def study_create(*, actor: User, name: str) -> Study:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the study a name.")})
    if Study.objects.filter(organisation_id=actor.organisation_id, name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a study with this name.")})
    study = Study.objects.create(organisation_id=actor.organisation_id, name=name, created_by=actor)
    audit(user=actor, action="study.created", object_type="study", object_id=study.pk)
    return study


# ----- merging two records of one person: privacy's part (people.hooks, registered in apps.py) -------


def merge_consent(keep: Participant, remove: Participant, summary: dict) -> tuple:
    """Consent answers move; when both answered the same question, the most recent answer is the
    person's current wish, and on the same day "no" wins."""
    kept = {c.scope: c for c in Consent.objects.filter(participant=keep)}
    for consent in Consent.objects.filter(participant=remove):
        other = kept.get(consent.scope)
        if other is None:
            summary["consent"] += repoint(Consent.objects.filter(pk=consent.pk), "participant", keep.pk)
            continue
        if (consent.date, not consent.given) > (other.date, not other.given):
            other.given, other.date, other.recorded_by_id = (
                consent.given,
                consent.date,
                consent.recorded_by_id,
            )
            other.save(update_fields=["given", "date", "recorded_by"])
        consent.delete()
        summary["consent_joined"] += 1
    return (Consent,)


def merge_history(*, actor: User, keep: Participant, removed_pk: int) -> int:
    """After the removed record is deleted: its field history becomes the kept person's, and the merge
    is audited for both. Returns the number of history lines moved."""
    moved = FieldChange.objects.filter(participant_id=removed_pk).update(participant_id=keep.pk)
    detail = f"merged {removed_pk} into {keep.pk}"
    for participant_id in (keep.pk, removed_pk):
        audit(
            user=actor,
            action="participant.merge",
            participant_id=participant_id,
            object_type="participant",
            object_id=keep.pk,
            detail=detail,
            organisation_id=keep.organisation_id,
        )
    return moved
