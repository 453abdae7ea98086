"""Writes for participants, their route through a network, and partners."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from core.concurrency import save_with_version
from core.formatting import written_date
from networks.models import Network
from people.models import (
    ACTIVE_STAGES,
    LEFT_STAGES,
    Participant,
    Participation,
    Partner,
    RouteEvent,
    Stage,
)

PROFILE_FIELDS = (
    "name", "full_name", "birth_year", "phone", "email", "address", "talents", "wishes", "likes_to_do",
    "invited_via", "invited_by_participant", "invited_by_partner",
)  # fmt: skip

# Steps the worker records by hand; the practice app may add derived ones.
MANUAL_CONFIRMED = (Stage.SETTLING_IN, Stage.STRUCTURAL)


def derive_stage(events: list[RouteEvent]) -> tuple[str, dt.date, dt.date | None]:
    """The current stage is the step of the latest event; also returns since-when and the first visit."""
    ordered = sorted(events, key=lambda e: (e.date, e.pk or 0))
    if not ordered:
        raise ValueError("A participation without route events has no stage.")
    first_visit = next((e.date for e in ordered if e.stage == Stage.FIRST_VISIT), None)
    last = ordered[-1]
    return last.stage, last.date, first_visit


def _refresh_stage(participation: Participation, *, confirmed: bool | None = None) -> None:
    stage, since, first_visit = derive_stage(list(participation.events.all()))
    participation.stage, participation.stage_since, participation.first_visit = stage, since, first_visit
    fields = ["stage", "stage_since", "first_visit"]
    if confirmed is not None:
        participation.stage_confirmed = confirmed
        fields.append("stage_confirmed")
    participation.save(update_fields=fields)


def _check_profile_links(organisation_id: int, fields: dict) -> None:
    member = fields.get("invited_by_participant")
    partner = fields.get("invited_by_partner")
    if member is not None and member.organisation_id != organisation_id:
        raise ValidationError({"invited_by_participant": _("Unknown participant.")})
    if partner is not None and partner.organisation_id != organisation_id:
        raise ValidationError({"invited_by_partner": _("Unknown partner.")})


def validate_route_step(
    *,
    participation: Participation | None,
    stage: str,
    date: dt.date,
    dropout_reason: str = "",
    referral_target: str = "",
) -> None:
    """The rules of the route (DOMAIN.md). Raises ValidationError with a message per field."""
    errors: dict[str, str] = {}
    if date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    current = participation.stage if participation else None
    if participation is not None and date < participation.stage_since:
        errors["date"] = _("The date cannot be before the previous step (%(date)s).") % {
            "date": written_date(participation.stage_since)
        }
    if stage == Stage.INVITED and current is not None:
        errors["stage"] = _("This person is already on the route.")
    elif stage == Stage.FIRST_VISIT and current not in (None, Stage.INVITED):
        errors["stage"] = _("This person has already had a first visit.")
    elif stage == Stage.RETURNED and current not in LEFT_STAGES:
        errors["stage"] = _("Only someone who has left can return.")
    elif stage in MANUAL_CONFIRMED and current not in ACTIVE_STAGES:
        errors["stage"] = _("Only someone who takes part can be settling in or structural.")
    elif stage in LEFT_STAGES and current in LEFT_STAGES:
        errors["stage"] = _("This person has already left the group.")
    if stage == Stage.DROPPED_OUT and not dropout_reason:
        errors["dropout_reason"] = _("Choose a reason (or 'unknown').")
    if stage == Stage.REFERRED and not referral_target:
        errors["referral_target"] = _("Choose where this person was referred to.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def participant_register(
    *,
    actor: User | None,
    network: Network,
    name: str,
    date: dt.date | None = None,
    stage: str = Stage.FIRST_VISIT,
    partner: Partner | None = None,
    **profile,
) -> Participant:
    """Register a person in a network with one field (name). Starts their route as invited or first visit."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("A first name or nickname is enough, but it is needed.")})
    if stage not in (Stage.INVITED, Stage.FIRST_VISIT):
        raise ValidationError({"stage": _("A new person starts as invited or with a first visit.")})
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown profile fields: {sorted(unknown)}")
    _check_profile_links(network.organisation_id, profile)
    date = date or timezone.localdate()
    validate_route_step(participation=None, stage=stage, date=date)
    participant = Participant.objects.create(
        organisation_id=network.organisation_id, name=name, created_by=actor, **profile
    )
    participation = Participation.objects.create(
        participant=participant, network=network, stage=stage, stage_since=date
    )
    RouteEvent.objects.create(
        participation=participation, stage=stage, date=date, partner=partner, recorded_by=actor
    )
    _refresh_stage(participation)
    return participant


@transaction.atomic
def participant_update(*, actor: User, participant: Participant, expected_version: int, **fields) -> None:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown profile fields: {sorted(unknown)}")
    if not (fields.get("name", participant.name) or "").strip():
        raise ValidationError({"name": _("A first name or nickname is needed.")})
    _check_profile_links(participant.organisation_id, fields)
    if fields.get("invited_by_participant") == participant:
        raise ValidationError({"invited_by_participant": _("Someone cannot invite themselves.")})
    for name, value in fields.items():
        setattr(participant, name, value)
    save_with_version(participant, expected_version=expected_version, fields=sorted(fields))


@transaction.atomic
def participation_add(
    *, actor: User, participant: Participant, network: Network, stage: str = Stage.FIRST_VISIT, date: dt.date
) -> Participation:
    """Someone known in one network joins another network of the same organisation."""
    if participant.organisation_id != network.organisation_id:
        raise ValidationError(_("This person belongs to another organisation."))
    if Participation.objects.filter(participant=participant, network=network).exists():
        raise ValidationError(_("This person is already on the route of this network."))
    validate_route_step(participation=None, stage=stage, date=date)
    participation = Participation.objects.create(
        participant=participant, network=network, stage=stage, stage_since=date
    )
    RouteEvent.objects.create(participation=participation, stage=stage, date=date, recorded_by=actor)
    _refresh_stage(participation)
    return participation


@transaction.atomic
def route_record(
    *,
    actor: User | None,
    participation: Participation,
    stage: str,
    date: dt.date,
    dropout_reason: str = "",
    referral_target: str = "",
    partner: Partner | None = None,
    note: str = "",
) -> RouteEvent:
    """Record a step on someone's route. Returning is always possible after leaving."""
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    validate_route_step(
        participation=participation,
        stage=stage,
        date=date,
        dropout_reason=dropout_reason,
        referral_target=referral_target,
    )
    if partner is not None and partner.organisation_id != participation.network.organisation_id:
        raise ValidationError({"partner": _("Unknown partner.")})
    event = RouteEvent.objects.create(
        participation=participation,
        stage=stage,
        date=date,
        dropout_reason=dropout_reason if stage == Stage.DROPPED_OUT else "",
        referral_target=referral_target if stage == Stage.REFERRED else "",
        partner=partner,
        note=note,
        recorded_by=actor,
    )
    _refresh_stage(participation, confirmed=stage in MANUAL_CONFIRMED)
    return event


@transaction.atomic
def partner_create(*, organisation: Organisation, name: str, kind: str, contact: str = "") -> Partner:
    return Partner.objects.create(organisation=organisation, name=name, kind=kind, contact=contact)


@transaction.atomic
def partner_update(*, partner: Partner, name: str, kind: str, contact: str, archived: bool) -> None:
    partner.name, partner.kind, partner.contact, partner.archived = name, kind, contact, archived
    partner.save(update_fields=["name", "kind", "contact", "archived"])
