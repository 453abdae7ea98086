"""Reads for the support pages. Each loads a fixed number of queries, whatever the history:
participations with participants (1), their route events (1), observations (1) and ties (1).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import memo
from core.dates import add_months
from networks.models import Network
from people.models import ACTIVE_STAGES, Participant, Participation, RouteEvent, Stage
from people.naming import shared_display_names
from support.metrics import Figure, build_graph, mutual_pairs, network_figures
from support.models import SupportKind, SupportObservation, SupportTie

DEFAULT_MONTHS = 3
QUARTERS_SHOWN = 8


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    return add_months(today, -DEFAULT_MONTHS) + dt.timedelta(days=1), today


# ----- membership: who belonged to the group when -------------------------------------------


def stage_on(events: list[RouteEvent], day: dt.date) -> str | None:
    """The route stage on a day: the step of the latest event on or before it (None before the route)."""
    stage = None
    for event in sorted(events, key=lambda e: (e.date, e.pk or 0)):
        if event.date > day:
            break
        stage = event.stage
    return stage


def in_group_during(events: list[RouteEvent], start: dt.date, end: dt.date) -> bool:
    """Was the person part of the active group at any moment between start and end?"""
    if stage_on(events, start) in ACTIVE_STAGES:
        return True
    return any(start < e.date <= end and e.stage in ACTIVE_STAGES for e in events)


@dataclass
class Member:
    participant: Participant
    events: list[RouteEvent]


def network_members(network: Network) -> list[Member]:
    """Everyone with a route in this network, with their route events (two queries)."""
    participations = (
        Participation.objects.filter(network=network)
        .select_related("participant")
        .prefetch_related(Prefetch("events", queryset=RouteEvent.objects.order_by("date", "id")))
        .order_by("participant__name", "participant_id")
    )
    return [Member(p.participant, list(p.events.all())) for p in participations]


@dataclass(frozen=True)
class RouteStep:
    """A route event as the figures need it (date, id, stage), without the model instance."""

    date: dt.date
    pk: int
    stage: str


def network_routes(network: Network) -> list[Member]:
    """Everyone's route in this network as plain values (one query): enough for the figures.

    The participants carry only their id (no names): for the quarterly figures, which show none.
    """
    members: dict[int, Member] = {}
    for participant_id, date, pk, stage in (
        RouteEvent.objects.filter(participation__network=network)
        .order_by("participation__participant_id", "date", "id")
        .values_list("participation__participant_id", "date", "id", "stage")
    ):
        if participant_id not in members:
            members[participant_id] = Member(Participant(pk=participant_id), [])
        members[participant_id].events.append(RouteStep(date, pk, stage))
    return list(members.values())


# ----- observations ---------------------------------------------------------------------------


@dataclass
class Obs:
    id: int
    date: dt.date
    giver_id: int
    to_group: bool
    kind: str
    outside_hours: bool
    note: str
    receiver_ids: list[int] = field(default_factory=list)
    # Filled in for pages that show names to the network's workers.
    giver_name: str = ""
    receiver_names: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return SupportKind(self.kind).label


def load_observations(network: Network, start: dt.date, end: dt.date, kind: str | None = None) -> list[Obs]:
    """Observations in the period with their receivers: two queries of plain values."""
    observations = SupportObservation.objects.filter(network=network, date__range=(start, end))
    if kind:
        observations = observations.filter(kind=kind)
    by_id = {
        row[0]: Obs(*row)
        for row in observations.order_by("-date", "-id").values_list(
            "id", "date", "giver_id", "to_group", "kind", "outside_hours", "note"
        )
    }
    # By the ids just read, as prefetch_related does: joined on the observations' network and
    # date instead, PostgreSQL chooses to scan every tie of the organisation (docs/performance.md).
    ties = SupportTie.objects.filter(observation_id__in=list(by_id))  # no query when there are none
    for observation_id, receiver_id in ties.order_by("receiver_id").values_list(
        "observation_id", "receiver_id"
    ):
        by_id[observation_id].receiver_ids.append(receiver_id)
    return list(by_id.values())


# ----- the network for a period -------------------------------------------------------------


@dataclass
class TieRow:
    giver_id: int
    receiver_id: int
    giver: str
    receiver: str
    count: int
    kinds: dict[str, int]
    mutual: bool

    @property
    def kind_counts(self) -> list[int]:
        return [self.kinds[k] for k in SupportKind.values]


@dataclass
class PersonRow:
    participant: Participant
    gave: dict[str, int]
    received: dict[str, int]
    to_group: int

    @property
    def gave_counts(self) -> list[int]:
        return [self.gave[k] for k in SupportKind.values]

    @property
    def received_counts(self) -> list[int]:
        return [self.received[k] for k in SupportKind.values]


@dataclass
class PeriodNetwork:
    start: dt.date
    end: dt.date
    kind: str | None
    graph: nx.DiGraph
    labels: dict[int, str]
    figures: list[Figure]
    structural: set[int]
    observations: list[Obs]
    tie_rows: list[TieRow]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def period_network(
    *,
    members: list[Member],
    observations: list[Obs],
    start: dt.date,
    end: dt.date,
    kind: str | None,
    with_rows: bool = True,
) -> PeriodNetwork:
    """The directed support graph of a period and its figures, from already loaded rows (no queries
    beyond the consent hook)."""
    in_period = [m for m in members if in_group_during(m.events, start, end)]
    structural = {m.participant.pk for m in in_period if stage_on(m.events, end) == Stage.STRUCTURAL}
    pairs = [(o.giver_id, r) for o in observations for r in o.receiver_ids]
    graph = build_graph((m.participant.pk for m in in_period), pairs)
    labels: dict[int, str] = {}
    if with_rows:  # quarters need no names: one consent lookup per page, not one per quarter
        people = {m.participant.pk: m.participant for m in members}
        labels = shared_display_names(people[pk] for pk in graph.nodes if pk in people)
    figures = network_figures(
        graph,
        structural=structural,
        observations=len(observations),
        outside_hours=sum(o.outside_hours for o in observations),
        group_observations=sum(o.to_group for o in observations),
    )
    tie_rows = _tie_rows(graph, labels, observations) if with_rows else []
    return PeriodNetwork(start, end, kind, graph, labels, figures, structural, observations, tie_rows)


def _tie_rows(graph: nx.DiGraph, labels: dict[int, str], observations: list[Obs]) -> list[TieRow]:
    """The table alternative of the sociogram: one row per directed tie, counts per kind."""
    kinds = list(SupportKind.values)
    kinds_per_pair: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for o in observations:
        for r in o.receiver_ids:
            kinds_per_pair[(o.giver_id, r)][o.kind] += 1
    mutual = mutual_pairs(graph)
    rows = [
        TieRow(
            giver_id=u,
            receiver_id=v,
            giver=labels.get(u, "?"),
            receiver=labels.get(v, "?"),
            count=weight,
            kinds={k: kinds_per_pair[(u, v)].get(k, 0) for k in kinds},
            mutual=frozenset((u, v)) in mutual,
        )
        for u, v, weight in graph.edges(data="weight")
    ]
    return sorted(rows, key=lambda row: (row.giver.lower(), row.receiver.lower()))


def person_rows(members: list[Member], observations: list[Obs]) -> list[PersonRow]:
    """What each participant gave and received by kind. Ordered by name: never a ranking."""
    gave: dict[int, Counter] = defaultdict(Counter)
    received: dict[int, Counter] = defaultdict(Counter)
    to_group: Counter = Counter()
    for o in observations:
        gave[o.giver_id][o.kind] += 1
        to_group[o.giver_id] += o.to_group
        for r in o.receiver_ids:
            received[r][o.kind] += 1
    return [
        PersonRow(
            participant=m.participant,
            gave={k: gave[m.participant.pk][k] for k in SupportKind.values},
            received={k: received[m.participant.pk][k] for k in SupportKind.values},
            to_group=to_group[m.participant.pk],
        )
        for m in members
        if m.participant.pk in gave or m.participant.pk in received
    ]


# ----- per quarter ------------------------------------------------------------------------------


@dataclass
class QuarterRow:
    label: str
    start: dt.date
    end: dt.date
    figures: dict[str, Figure]


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarters_until(
    first: dt.date, last: dt.date, limit: int = QUARTERS_SHOWN
) -> list[tuple[dt.date, dt.date]]:
    """Calendar quarters from the one containing `first` to the one containing `last`, the latest `limit`."""
    spans = []
    q = quarter_start(first)
    while q <= last:
        nxt = add_months(q, 3)
        spans.append((q, nxt - dt.timedelta(days=1)))
        q = nxt
    return spans[-limit:]


def support_quarterly(
    *,
    network: Network,
    kind: str | None = None,
    members: list[Member] | None = None,
    today: dt.date | None = None,
    limit: int = QUARTERS_SHOWN,
) -> list[QuarterRow]:
    """The figures per calendar quarter since the network started (the latest `limit` quarters).

    For the network dashboard: `{% include "support/_quarterly.html" with quarters=... %}`. Pass
    `members` when the page already loaded them; otherwise one more query (the routes as values).
    """
    today = today or timezone.localdate()
    spans = quarters_until(network.start_date, today, limit)
    if members is None:
        members = network_routes(network)
    observations = load_observations(network, spans[0][0], min(spans[-1][1], today), kind)
    # A quarter's figures follow from the routes and that quarter's observations alone, so they
    # are remembered under a digest of exactly those (core.memo): a session saved today recomputes
    # nothing, while any changed route or observation gives a new digest and fresh figures.
    routes = memo.digest(
        sorted((m.participant.pk, [(e.date, e.pk, e.stage) for e in m.events]) for m in members)
    )  # once per page, not once per quarter
    rows = []
    for start, end in spans:
        end = min(end, today)
        in_quarter = [o for o in observations if start <= o.date <= end]
        inputs = (
            translation.get_language(),
            start,
            end,
            kind,
            routes,
            [(o.id, o.date, o.giver_id, o.receiver_ids, o.outside_hours, o.to_group) for o in in_quarter],
        )

        def figures(in_quarter=in_quarter, start=start, end=end):
            return period_network(
                members=members, observations=in_quarter, start=start, end=end, kind=kind, with_rows=False
            ).figures

        quarter = (start.month - 1) // 3 + 1
        label = _("%(year)s Q%(quarter)s") % {"year": start.year, "quarter": quarter}
        rows.append(
            QuarterRow(
                label, start, end, {f.key: f for f in memo.computed("support-quarter", inputs, figures)}
            )
        )
    return rows


def support_page_data(*, network: Network, start: dt.date, end: dt.date, kind: str | None) -> dict:
    """Everything the support page shows: six queries whatever the history."""
    members = network_members(network)
    period = period_network(
        members=members,
        observations=load_observations(network, start, end, kind),
        start=start,
        end=end,
        kind=kind,
    )
    _add_names(period.observations, members)
    quarters = support_quarterly(network=network, kind=kind, members=members)
    return {
        "period": period,
        "people": person_rows(members, period.observations),
        "quarters": quarters,
        "quarterly_chart": quarterly_chart(quarters),
    }


def participant_support(
    *, network: Network, participant: Participant, start: dt.date, end: dt.date, kind: str | None = None
) -> dict:
    """One participant's observations in the period, given and received (for the network's workers)."""
    members = network_members(network)
    observations = [
        o
        for o in load_observations(network, start, end, kind)
        if o.giver_id == participant.pk or participant.pk in o.receiver_ids
    ]
    row = next(
        iter(person_rows([m for m in members if m.participant.pk == participant.pk], observations)), None
    )
    _add_names(observations, members)
    return {"observations": observations, "row": row}


def _add_names(observations: list[Obs], members: list[Member]) -> None:
    names = {m.participant.pk: m.participant.name for m in members}
    for o in observations:
        o.giver_name = names.get(o.giver_id, "?")
        o.receiver_names = [names.get(r, "?") for r in o.receiver_ids]


def session_date(*, network: Network, session_id: int) -> dt.date | None:
    """The date of a session of this network (practice app), to prefill the record form."""
    from practice.models import Session

    session = Session.objects.filter(pk=session_id, network_id=network.pk).first()
    return getattr(session, "date", None) if session is not None else None


def quarterly_chart(quarters: list[QuarterRow]):
    """Reciprocity, mutual pairs and outside-hours contacts per quarter as an SVG line chart (percent).

    The table in support/_quarterly.html is its text alternative.
    """
    from core.charts import LineChart, Series, render_svg

    def percent(key: str) -> list[float | None]:
        return [
            None if row.figures[key].value is None else round(row.figures[key].value * 100)
            for row in quarters
        ]

    chart = LineChart(
        title=_("Mutual support per quarter"),
        description=_(
            "Per quarter: the share of ties that are returned, the share of connected pairs who support each "
            "other, and the share of observations outside the group's hours, in percent. The table below has "
            "the numbers."
        ),
        x_labels=[row.label for row in quarters],
        series=[
            Series(_("reciprocity"), percent("reciprocity")),
            Series(_("mutual pairs"), percent("mutual_pairs")),
            Series(_("outside hours"), percent("outside_hours")),
        ],
        y_label="%",
        y_min=0,
        y_max=100,
        chart_id="support-quarterly",
    )
    return render_svg(chart)


def support_counts(person: Participant) -> list[tuple[str, int]]:
    """The merge confirmation page: support one record gave and received. 2 queries."""
    return [
        (_("Support given"), SupportObservation.objects.filter(giver=person).count()),
        (_("Support received"), SupportTie.objects.filter(receiver=person).count()),
    ]
