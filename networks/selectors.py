"""Reads for network pages, each with a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import QuerySet
from django.utils import timezone

from accounts import access
from accounts.models import User, display_name
from core import memo
from core.dates import add_months
from networks import participants
from networks.models import PHASE_ORDER, AssignmentRole, Network, NetworkAssignment, Phase, PhaseChange
from networks.phases import skipped_phases


@dataclass(frozen=True)
class PhaseRow:
    phase: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None
    state: str  # "done", "current", "future", "skipped"
    days_over: int  # days past the planned length (current or done phases)
    skip_reason: str = ""  # for a skipped phase: the reason given with the change that skipped it

    @property
    def late(self) -> bool:
        return self.days_over > 0

    @property
    def label(self) -> str:
        """Translated when shown: an overview over hundreds of networks reads only the states."""
        return str(Phase(self.phase).label)


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
    skip_reasons: dict[str, str] = {}
    previous: str | None = None
    for change in ordered:
        entered[change.phase] = change.date
        for phase in skipped_phases(previous, change.phase) if previous else ():
            skip_reasons[phase] = change.reason
        previous = change.phase
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
                planned_start=planned_start,
                planned_end=planned_end,
                actual_start=actual_start,
                actual_end=actual_end,
                state=state,
                days_over=days_over,
                skip_reason=skip_reasons.get(phase, "") if state == "skipped" else "",
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


@dataclass(frozen=True)
class NetworkCard:
    """What the overview shows of one network: plain values, no model instances."""

    pk: int
    name: str
    phase: str
    location_name: str | None
    archived_at: dt.datetime | None
    target_size: int
    active_count: int
    structural_count: int
    workers: tuple[tuple[str, str], ...]  # (display name, role), lead first
    signals: tuple = ()  # needs-attention signals (core.registry.NETWORK_CARD_SIGNALS), most urgent first

    def get_phase_display(self) -> str:
        return str(Phase(self.phase).label)

    def worker_labels(self) -> list[tuple[str, str]]:
        return [(name, str(AssignmentRole(role).label)) for name, role in self.workers]


def _visible_networks(user: User, include_archived: bool) -> QuerySet[Network]:
    qs = access.networks_for(user)
    return qs if include_archived else qs.filter(archived_at__isnull=True)


def network_cards(*, user: User, include_archived: bool = False) -> list[NetworkCard]:
    """The overview's cards: the networks the user may see, their counts and workers (three queries).

    Reads plain values: a large organisation's networks with their workers as model instances are
    most of the page's time (docs/performance.md). The counts come from one
    pass over the participations grouped by network, not from a join grouped by every network column.
    """
    qs = _visible_networks(user, include_archived)
    rows = list(
        qs.order_by("name", "pk").values_list(
            "pk", "name", "phase", "location__name", "archived_at", "target_size"
        )
    )
    counts = participants.participant_counts(qs)
    workers: dict[int, list[tuple[str, str]]] = {pk: [] for pk, *_rest in rows}
    assignments = (
        NetworkAssignment.objects.filter(network__in=qs)
        .order_by()
        .values_list("network_id", "user__first_name", "user__last_name", "user__username", "role")
    )
    for network_id, first, last, username, role in assignments:
        if network_id in workers:
            workers[network_id].append((display_name(first, last, username), role))
    return [
        NetworkCard(
            pk,
            name,
            phase,
            location,
            archived,
            target,
            *counts.get(pk, (0, 0)),
            tuple(sorted(workers[pk], key=lambda w: (w[1] != AssignmentRole.LEAD, w[0]))),
        )
        for pk, name, phase, location, archived, target in rows
    ]


CARDS_PER_PAGE = 60
ALL_SIGNALS = "alle"


@dataclass
class Overview:
    cards: list[NetworkCard]  # the cards of this page
    page: object  # django.core.paginator.Page
    total: int  # networks the user sees
    attention: str  # the filter: "" (all networks), ALL_SIGNALS or a kind of signal
    needing: int | None = None  # with a filter: how many networks have a signal
    summary: list[tuple[str, str, int]] = field(
        default_factory=list
    )  # with a filter: (kind, label, networks)


def _signals(user: User, scope: QuerySet[Network]) -> dict[int, tuple]:
    from core.registry import NETWORK_CARD_SIGNALS

    found: dict[int, tuple] = {}
    for provider in NETWORK_CARD_SIGNALS:
        for pk, signals in provider(user, scope).items():
            found[pk] = found.get(pk, ()) + tuple(signals)
    return found


def network_overview(
    *, user: User, include_archived: bool = False, attention: str = "", page: str | int | None = 1
) -> Overview:
    """The networks list: cards with their needs-attention signals (core.registry.NETWORK_CARD_SIGNALS),
    CARDS_PER_PAGE to a page. Without a filter the signals are read for the cards of the page only; with a
    filter on a kind of signal (ALL_SIGNALS: any) for every network, most urgent first, with a count per
    kind. Three queries for the cards plus those of the signal providers, whatever the number of networks."""
    from django.core.paginator import Paginator

    cards = network_cards(user=user, include_archived=include_archived)
    total = len(cards)
    scope = _visible_networks(user, include_archived)
    if not attention:
        current = Paginator(cards, CARDS_PER_PAGE).get_page(page)
        shown = list(current.object_list)
        found = _signals(user, scope.filter(pk__in=[card.pk for card in shown] or [0]))  # [0]: same queries
        shown = [replace(card, signals=found[card.pk]) if found.get(card.pk) else card for card in shown]
        return Overview(cards=shown, page=current, total=total, attention="")
    found = _signals(user, scope)
    cards = [replace(card, signals=found[card.pk]) for card in cards if found.get(card.pk)]
    counts: dict[str, list] = {}
    for card in cards:
        for signal in card.signals:
            counts.setdefault(signal.kind, [signal.kind_label, 0])[1] += 1
    summary = sorted(((kind, label, n) for kind, (label, n) in counts.items()), key=lambda row: -row[2])
    needing = len(cards)
    if attention != ALL_SIGNALS:
        cards = [card for card in cards if any(s.kind == attention for s in card.signals)]
    cards.sort(key=lambda c: (-sum(s.urgent for s in c.signals), -len(c.signals), c.name))
    current = Paginator(cards, CARDS_PER_PAGE).get_page(page)
    return Overview(
        cards=list(current.object_list),
        page=current,
        total=total,
        attention=attention,
        needing=needing,
        summary=summary,
    )


def network_list_digest(cards: list[NetworkCard]) -> str:
    """A fingerprint of everything the overview's cards show, so their HTML can be cached safely.

    The digest covers every value a card shows (the language is added by the template), so a
    changed name, phase, count or worker gives a new key: the cache never needs invalidating and
    can never show something stale.
    """
    return memo.digest(cards)


def network_detail(*, network: Network) -> dict:
    changes = list(network.phase_changes.select_related("recorded_by").order_by("date", "id"))
    assignments = list(network.assignments.select_related("user").order_by("role", "user__first_name"))
    return {
        "timeline": phase_timeline(network, changes),
        "changes": changes,
        "assignments": assignments,
        **participants.participants_by_stage(network),
        "days_over": current_phase_signal(network),
    }
