"""Writes for support observations."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.formatting import written_date
from networks.models import Network
from people.models import ACTIVE_STAGES, Participant, Participation, RouteEvent
from people.services import repoint
from support.models import SupportKind, SupportObservation, SupportTie
from support.selectors import stage_on

NOTE_MAX = 200


def _check_people(
    *, network: Network, date: dt.date, giver: Participant, receivers: list[Participant]
) -> dict[str, list[str]]:
    """Everyone must be on this network's route and part of the group on the date."""
    errors: dict[str, list[str]] = {"giver": [], "receivers": []}
    people = [giver, *receivers]
    participations = {
        p.participant_id: p
        for p in Participation.objects.filter(network=network, participant__in=[x.pk for x in people])
    }
    events: dict[int, list[RouteEvent]] = {}
    for event in RouteEvent.objects.filter(participation__in=participations.values()).order_by("date", "id"):
        events.setdefault(event.participation_id, []).append(event)
    for field, person in [("giver", giver)] + [("receivers", r) for r in receivers]:
        participation = participations.get(person.pk)
        if person.organisation_id != network.organisation_id or participation is None:
            errors[field].append(_("%(name)s is not a participant of this network.") % {"name": person.name})
        elif stage_on(events.get(participation.pk, []), date) not in ACTIVE_STAGES:
            errors[field].append(
                _("%(name)s was not part of the group on %(date)s.")
                % {"name": person.name, "date": written_date(date)}
            )
    return {k: v for k, v in errors.items() if v}


@transaction.atomic
def observation_record(
    *,
    actor: User | None,
    network: Network,
    date: dt.date,
    giver: Participant,
    receivers: list[Participant],
    to_group: bool = False,
    kind: str,
    outside_hours: bool = False,
    note: str = "",
) -> SupportObservation:
    """Record that `giver` supported `receivers` (and/or the whole group). One record, one tie per receiver.

    Raises ValidationError with a message per field; nothing is saved then.
    """
    receivers = list({r.pk: r for r in receivers}.values())
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if date > timezone.localdate():
        errors["date"] = [_("The date cannot be in the future.")]
    if kind not in SupportKind.values:
        errors["kind"] = [_("Choose the kind of support.")]
    if len(note) > NOTE_MAX:
        errors["note"] = [_("Keep the note short (at most %(max)s characters).") % {"max": NOTE_MAX}]
    if not receivers and not to_group:
        errors["receivers"] = [_("Choose who received the support, or the group.")]
    if any(r.pk == giver.pk for r in receivers):
        errors.setdefault("receivers", []).append(
            _("%(name)s cannot be their own receiver: support is between two people.") % {"name": giver.name}
        )
        receivers = [r for r in receivers if r.pk != giver.pk]
    if "date" not in errors:
        for field, messages in _check_people(
            network=network, date=date, giver=giver, receivers=receivers
        ).items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    observation = SupportObservation.objects.create(
        network=network,
        date=date,
        giver=giver,
        to_group=to_group,
        kind=kind,
        outside_hours=outside_hours,
        note=note,
        recorded_by=actor,
    )
    # SupportTie's QuerySet writes the "created" history lines (core/history.py).
    SupportTie.objects.bulk_create([SupportTie(observation=observation, receiver=r) for r in receivers])
    return observation


@transaction.atomic
def observation_delete(*, actor: User, observation: SupportObservation) -> None:
    """For an entry recorded by mistake; its ties go with it."""
    observation.delete()


# ----- merging two records of one person: support's step (people.hooks, registered in apps.py) -------


def merge_support(keep: Participant, remove: Participant, summary: dict) -> tuple:
    """Support observations and ties move; a tie from the person to themselves (one record supported the
    other) is dropped, with its observation when that is left without ties and not to the group; a tie
    that would be there twice is kept once."""

    def drop(tie: SupportTie) -> None:
        observation = tie.observation
        tie.delete()
        summary["support_ties_dropped"] += 1
        if not observation.to_group and not observation.ties.exists():
            observation.delete()  # "Anne supported Anne" says nothing about the group
            summary["support_observations_dropped"] += 1

    summary["support_observations"] += repoint(
        SupportObservation.objects.filter(giver=remove), "giver", keep.pk
    )
    for tie in SupportTie.objects.filter(receiver=remove).select_related("observation"):
        duplicate = SupportTie.objects.filter(observation_id=tie.observation_id, receiver=keep).exists()
        if duplicate or tie.observation.giver_id == keep.pk:
            drop(tie)  # the same pair twice, or the person supporting themselves
        else:
            summary["support_ties"] += repoint(SupportTie.objects.filter(pk=tie.pk), "receiver", keep.pk)
    # Ties that now run from the person to themselves (given by one record, received by the other).
    for tie in SupportTie.objects.filter(receiver=keep, observation__giver=keep).select_related(
        "observation"
    ):
        drop(tie)
    return (SupportObservation, SupportTie)
