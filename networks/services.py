"""Writes for networks: creation, workers, phases, archiving."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Location, Organisation, Role, User
from core.concurrency import save_with_version
from core.formatting import written_date
from networks.models import AssignmentRole, Network, NetworkAssignment, Phase, PhaseChange
from networks.phases import skipped_phases


def _check_worker(organisation: Organisation, user: User) -> None:
    if user.organisation_id != organisation.pk or not user.has_role(Role.WORKER):
        raise ValidationError(
            {"user": _("%(name)s is not a social worker of this organisation.") % {"name": user.display_name}}
        )


@transaction.atomic
def network_create(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    start_date: dt.date,
    location: Location | None = None,
    target_size: int = 15,
    weekly_hours: Decimal | int = 4,
    lead: User | None = None,
    backup: User | None = None,
) -> Network:
    if location is not None and location.organisation_id != organisation.pk:
        raise ValidationError({"location": _("This location belongs to another organisation.")})
    network = Network.objects.create(
        organisation=organisation,
        name=name,
        location=location,
        start_date=start_date,
        target_size=target_size,
        weekly_hours=weekly_hours,
        phase=Phase.EXPLORATION,
        phase_since=start_date,
    )
    PhaseChange.objects.create(network=network, phase=Phase.EXPLORATION, date=start_date, recorded_by=actor)
    if lead is not None:
        network_assign(actor=actor, network=network, user=lead, role=AssignmentRole.LEAD)
    if backup is not None:
        network_assign(actor=actor, network=network, user=backup, role=AssignmentRole.BACKUP)
    return network


@transaction.atomic
def network_update(*, actor: User, network: Network, expected_version: int, **fields) -> None:
    allowed = {
        "name",
        "location",
        "start_date",
        "target_size",
        "weekly_hours",
        "exploration_months",
        "buildup_months",
        "deepening_months",
        "evaluation_months",
        "structural_window_weeks",
        "followup_after_missed",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    location = fields.get("location")
    if location is not None and location.organisation_id != network.organisation_id:
        raise ValidationError({"location": _("This location belongs to another organisation.")})
    for name, value in fields.items():
        setattr(network, name, value)
    save_with_version(network, expected_version=expected_version, fields=sorted(fields))


@transaction.atomic
def network_assign(*, actor: User | None, network: Network, user: User, role: str) -> NetworkAssignment:
    """Assign a worker as lead or backup. A network has one lead; a new lead replaces the old one."""
    _check_worker(network.organisation, user)
    if role == AssignmentRole.LEAD:
        NetworkAssignment.objects.filter(network=network, role=AssignmentRole.LEAD).exclude(user=user).update(
            role=AssignmentRole.BACKUP
        )
    assignment, _created = NetworkAssignment.objects.update_or_create(
        network=network, user=user, defaults={"role": role}
    )
    return assignment


@transaction.atomic
def network_unassign(*, actor: User, network: Network, user: User) -> None:
    NetworkAssignment.objects.filter(network=network, user=user).delete()


@transaction.atomic
def network_change_phase(
    *, actor: User, network: Network, phase: str, date: dt.date, note: str = "", reason: str = ""
) -> PhaseChange:
    """Record a phase change. Skipping a phase needs a reason, kept with the change (docs/phases.md);
    the form also asks for one when the intervention expects more before the step (networks.phases)."""
    if phase not in Phase.values:
        raise ValidationError({"phase": _("Unknown phase.")})
    if phase == network.phase:
        raise ValidationError({"phase": _("The network is already in this phase.")})
    skipped = skipped_phases(network.phase, phase)
    if skipped and not reason.strip():
        names = ", ".join(str(Phase(p).label) for p in skipped)
        raise ValidationError({"reason": _("This skips %(phases)s: say why.") % {"phases": names}})
    if date < network.phase_since:
        message = _("The date cannot be before the start of the current phase (%(date)s).") % {
            "date": written_date(network.phase_since)
        }
        raise ValidationError({"date": message})
    if date > timezone.localdate():
        raise ValidationError({"date": _("A phase change cannot be recorded in the future.")})
    change = PhaseChange.objects.create(
        network=network, phase=phase, date=date, note=note, reason=reason.strip(), recorded_by=actor
    )
    Network.objects.filter(pk=network.pk).update(phase=phase, phase_since=date)
    network.phase, network.phase_since = phase, date
    return change


@transaction.atomic
def network_archive(*, actor: User, network: Network) -> None:
    """Networks with history are never deleted; archiving hides them from daily lists."""
    network.archived_at = timezone.now()
    network.save(update_fields=["archived_at"])
