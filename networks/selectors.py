"""Reads for network pages, each with a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts import access
from accounts.models import User
from core import memo
from networks.models import PHASE_ORDER, Network, NetworkAssignment, Phase, PhaseChange
from people.models import ACTIVE_STAGES, Stage


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    days_in_month = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
                     31, 31, 30, 31, 30, 31][month - 1]  # fmt: skip
    return dt.date(year, month, min(day.day, days_in_month))


@dataclass(frozen=True)
class PhaseRow:
    phase: str
    label: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None
    state: str  # "done", "current", "future", "skipped"
    days_over: int  # days past the planned length (current or done phases)

    @property
    def late(self) -> bool:
        return self.days_over > 0


def phase_timeline(
    network: Network, changes: list[PhaseChange], today: dt.date | None = None
) -> list[PhaseRow]:
    """Planned against actual, per phase of the intervention.

    Planned dates run from the start date with the network's planned lengths. Actual dates come
    from recorded phase changes (the last time the network entered a phase counts). A phase that
    runs longer than planned gets days_over > 0: the signal on the network page.
    """
    today = today or timezone.localdate()
    entered: dict[str, dt.date] = {}
    ordered = sorted(changes, key=lambda c: (c.date, c.pk or 0))
    for change in ordered:
        entered[change.phase] = change.date
    rows: list[PhaseRow] = []
    planned_start: dt.date | None = network.start_date
    current_index = PHASE_ORDER.index(network.phase) if network.phase in PHASE_ORDER else len(PHASE_ORDER)
    for index, phase in enumerate(PHASE_ORDER):
        months = network.planned_months(phase)
        planned_end = add_months(planned_start, months) if (planned_start and months is not None) else None
        actual_start = entered.get(phase)
        later = [c.date for c in ordered if actual_start and c.date >= actual_start and c.phase != phase]
        actual_end = min(later) if later and phase != network.phase else None
        if phase == network.phase:
            state = "current"
        elif index < current_index:
            state = "done" if actual_start else "skipped"
        else:
            state = "future"
        days_over = 0
        if months is not None and actual_start and state in ("current", "done"):
            end = actual_end or today
            days_over = max(0, (end - add_months(actual_start, months)).days)
        rows.append(
            PhaseRow(
                phase=phase,
                label=str(Phase(phase).label),
                planned_start=planned_start,
                planned_end=planned_end,
                actual_start=actual_start,
                actual_end=actual_end,
                state=state,
                days_over=days_over,
            )
        )
        planned_start = planned_end
    return rows


def current_phase_signal(network: Network, today: dt.date | None = None) -> int:
    """Days the current phase runs past its planned length (0 when on time or without a plan)."""
    today = today or timezone.localdate()
    months = network.planned_months(network.phase)
    if months is None:
        return 0
    return max(0, (today - add_months(network.phase_since, months)).days)


def network_list(*, user: User, include_archived: bool = False) -> QuerySet[Network]:
    """Networks the user may see, with counts of active and structural participants (one query)."""
    qs = access.networks_for(user).select_related("location")
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    return qs.annotate(
        active_count=Count(
            "participations", filter=Q(participations__stage__in=ACTIVE_STAGES), distinct=True
        ),
        structural_count=Count(
            "participations", filter=Q(participations__stage=Stage.STRUCTURAL), distinct=True
        ),
    ).prefetch_related(
        Prefetch("assignments", queryset=NetworkAssignment.objects.select_related("user").order_by("role"))
    )


def network_list_digest(networks: list[Network]) -> str:
    """A fingerprint of everything the overview's cards show, so their HTML can be cached safely.

    The overview of a large organisation spends most of its time rendering 150 cards; the same
    cards come back until something on them changes. The digest covers every value a card shows
    (the language is added by the template), so a changed name, phase, count or worker gives a
    new key: the cache never needs invalidating and can never show something stale.
    """
    shown = [
        (
            n.pk, n.name, n.phase, n.location.name if n.location else None, n.archived_at, n.target_size,
            n.structural_count, n.active_count, [(a.user.display_name, a.role) for a in n.assignments.all()],
        )
        for n in networks
    ]  # fmt: skip
    return memo.digest(shown)


def network_detail(*, network: Network) -> dict:
    changes = list(network.phase_changes.select_related("recorded_by").order_by("date", "id"))
    assignments = list(network.assignments.select_related("user").order_by("role", "user__first_name"))
    stage_counts = dict(
        network.participations.values_list("stage").annotate(n=Count("id")).values_list("stage", "n")
    )
    return {
        "timeline": phase_timeline(network, changes),
        "changes": changes,
        "assignments": assignments,
        "stage_counts": [(stage, label, stage_counts.get(stage, 0)) for stage, label in Stage.choices],
        "active_count": sum(stage_counts.get(s, 0) for s in ACTIVE_STAGES),
        "structural_count": stage_counts.get(Stage.STRUCTURAL, 0),
        "days_over": current_phase_signal(network),
    }
