"""What needs attention: the signals on the coordinator's home page and on the network cards.

One function per rule (RULES). Each takes the facts of one network, already loaded for all networks
at once by `network_facts` (a fixed number of queries whatever the number of networks), and returns
a Signal or None. A signal says why in plain words and links to the page where it is fixed; it is a
prompt for the worker's and coordinator's judgement, never a score.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import access
from accounts.models import User
from core.formatting import localised
from core.queries import per_network
from networks.models import AssignmentRole, Network, NetworkAssignment, Phase
from networks.selectors import current_phase_signal
from people.models import ACTIVE_STAGES, Participation, RouteEvent, Stage
from planning.norm import StaffingNorm, staffing_norm
from planning.selectors import UNLIKELY, PlanningFacts, chances_by_buildup_end, planning_facts, weekly_spent
from practice.models import FollowUp
from quality import catalogue
from quality.models import NetworkEvaluation, Precondition, PreconditionStatus
from quality.selectors import (
    PRECONDITION_FACT_KEYS,
    due_evaluations,
    evaluation_entered,
    precondition_fact_ok,
    precondition_unmet,
)

# The rules' numbers, in one place (docs/quality.md explains them).
FOLLOWUP_WAITING_DAYS = 21  # an open follow-up older than three weeks
FALLING_WEEKS = 8  # the structural count compared with this many weeks ago
FALLING_BY = 2  # ... signalled when it fell by at least this many people
BUDGET_LEFT_SHARE = Decimal("0.10")  # budget nearly spent: at most a tenth left

URGENT, SOON = 2, 1  # signal levels: act now / coming up
FACT_KEYS = frozenset(
    {"hours_budget", "backup", "location"}
)  # what quality.selectors.precondition_fact_ok knows


@dataclass(frozen=True)
class Signal:
    """One reason a network needs attention. The words and the link are made only when shown
    (`describe`): the home page and a page of cards show a few of the hundreds an organisation has."""

    kind: str
    level: int
    network_id: int
    values: tuple  # what the words are made of: the cards' cache digest covers them
    describe: Callable[[], tuple[str, str, str]] = field(repr=False, compare=False)  # text, url, link text

    @cached_property
    def _described(self) -> tuple[str, str, str]:
        return self.describe()

    @property
    def text(self) -> str:
        return self._described[0]

    @property
    def url(self) -> str:
        return self._described[1]

    @property
    def link_text(self) -> str:
        return self._described[2]

    @property
    def kind_label(self) -> str:
        return kind_labels()[self.kind]

    @property
    def urgent(self) -> bool:
        return self.level == URGENT


class EvaluationRow(NamedTuple):
    """A network evaluation as due_evaluations reads it (plain values, not a model instance)."""

    pk: int
    kind: str
    date: dt.date
    status: str


@dataclass
class NetworkFacts:
    """What the rules read of one network (plain values, loaded for many networks at once)."""

    network: Network
    active: int = 0
    structural: int = 0
    structural_before: int = 0  # FALLING_WEEKS ago
    precondition_status: dict[str, str] = field(default_factory=dict)
    has_backup: bool = False
    evaluation_entered: dt.date | None = None
    evaluations: list = field(default_factory=list)
    waiting_followups: int = 0
    oldest_followup: dt.date | None = None
    planning: PlanningFacts | None = None
    norm: StaffingNorm | None = None  # norm_of() fills it
    reach_chance: float | None = None  # 15 structural by the end of the build-up phase; None: not building up


def _money(value: Decimal) -> str:
    return "€ " + number_format(value, 2, force_grouping=True)


def _hours(value: Decimal | float) -> str:
    return localised(value, 1)


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


def norm_of(facts: NetworkFacts) -> StaffingNorm:
    """The staffing norm (planning/norm.py) for the network as it is today (worked out once per network)."""
    if facts.norm is None:
        longest = facts.planning.longest_activity_minutes if facts.planning else None
        facts.norm = staffing_norm(participants=facts.active, longest_activity_minutes=longest)
    return facts.norm


# ----- the rules: each returns a Signal or None ---------------------------------------------------------


def phase_overdue(facts: NetworkFacts, today: dt.date) -> Signal | None:
    """The current phase runs longer than planned (networks.selectors.current_phase_signal)."""
    network = facts.network
    days = current_phase_signal(network, today)
    if not days:
        return None

    def describe():
        text = ngettext(
            "%(phase)s runs %(days)s day longer than the planned %(months)s months.",
            "%(phase)s runs %(days)s days longer than the planned %(months)s months.",
            days,
        ) % {
            "phase": Phase(network.phase).label,
            "days": days,
            "months": network.planned_months(network.phase),
        }
        return text, reverse("networks:phase", args=[network.pk]), _("Check the phase")

    return Signal("phase", URGENT, network.pk, (network.phase, days), describe)


def preconditions_unmet(facts: NetworkFacts, today: dt.date) -> Signal | None:
    """Preconditions recorded as (partly) not met, or that the app knows are missing: the same rule as
    on the network's quality page (quality.selectors.precondition_unmet / precondition_fact_ok)."""
    network = facts.network
    norm_hours = norm_of(facts).hours
    has_location = network.location_id is not None
    # A precondition with no recorded status and no fact the app knows is never unmet: only those with
    # a status or a fact are put to the rule.
    asked = facts.precondition_status.keys() | PRECONDITION_FACT_KEYS
    keys = tuple(
        key
        for key in catalogue.PRECONDITION_KEYS
        if key in asked
        and precondition_unmet(
            facts.precondition_status.get(key, PreconditionStatus.UNKNOWN),
            precondition_fact_ok(
                key,
                weekly_hours=network.weekly_hours,
                norm_hours=norm_hours,
                has_backup=facts.has_backup,
                has_location=has_location,
            ),
        )
    )
    if not keys:
        return None

    def describe():
        names = ", ".join(str(catalogue.PRECONDITION_SHORT[key]) for key in keys)
        text = ngettext(
            "%(n)s precondition not met: %(names)s.", "%(n)s preconditions not met: %(names)s.", len(keys)
        ) % {"n": len(keys), "names": names}
        return text, reverse("quality:network", args=[network.pk]) + "#randvoorwaarden", _("Preconditions")

    return Signal("preconditions", URGENT, network.pk, keys, describe)


def evaluation_due(facts: NetworkFacts, today: dt.date) -> Signal | None:
    """A network evaluation (one-year, final, yearly) is overdue or due within 60 days
    (quality.selectors.due_evaluations)."""
    network = facts.network
    rows = [
        row
        for row in due_evaluations(
            network, evaluation_entered=facts.evaluation_entered, evaluations=facts.evaluations, today=today
        )
        if row.signal
    ]
    if not rows:
        return None
    row = min(rows, key=lambda r: r.due)
    level = URGENT if row.due <= today else SOON

    def describe():
        if row.due < today:
            text = _("%(kind)s overdue since %(date)s.") % {"kind": row.label, "date": _day(row.due)}
        elif row.due == today:
            text = _("%(kind)s due today.") % {"kind": row.label}
        else:
            text = _("%(kind)s due on %(date)s.") % {"kind": row.label, "date": _day(row.due)}
        url = reverse("quality:evaluation_new", args=[network.pk]) + f"?soort={row.kind}"
        return text[:1].upper() + text[1:], url, _("Record the evaluation")

    return Signal("evaluation", level, network.pk, (row.kind, row.due), describe)


def structural_falling(facts: NetworkFacts, today: dt.date) -> Signal | None:
    """The number of structural participants fell by FALLING_BY or more in the last FALLING_WEEKS weeks."""
    if facts.structural_before - facts.structural < FALLING_BY:
        return None
    network_id = facts.network.pk

    def describe():
        text = _(
            "The stable core is getting smaller: %(now)s structural participants, %(before)s %(weeks)s weeks ago."
        ) % {"now": facts.structural, "before": facts.structural_before, "weeks": FALLING_WEEKS}
        return text, reverse("practice:stages", args=[network_id]), _("See the routes")

    return Signal("falling", URGENT, network_id, (facts.structural, facts.structural_before), describe)


def followups_waiting(facts: NetworkFacts, today: dt.date) -> Signal | None:
    """Follow-ups of people who stayed away, open for more than three weeks."""
    n, oldest = facts.waiting_followups, facts.oldest_followup
    if not n:
        return None
    network_id = facts.network.pk

    def describe():
        text = ngettext(
            "%(n)s follow-up open for more than three weeks (the oldest since %(date)s).",
            "%(n)s follow-ups open for more than three weeks (the oldest since %(date)s).",
            n,
        ) % {"n": n, "date": _day(oldest)}
        return text, reverse("practice:followups", args=[network_id]), _("Follow up")

    return Signal("followups", URGENT, network_id, (n, oldest), describe)


def budget_nearly_spent(facts: NetworkFacts, today: dt.date) -> Signal | None:
    """At most a tenth of the budget left, or more spent than budgeted (as on the budget page:
    everything spent against the budget)."""
    planning = facts.planning
    network = facts.network
    if planning is None or planning.budget_total <= 0:
        return None
    remaining, total = planning.remaining, planning.budget_total
    if remaining > total * BUDGET_LEFT_SHARE:
        return None

    def describe():
        if remaining < 0:
            text = _("The budget is overspent by %(amount)s (budget %(total)s).") % {
                "amount": _money(-remaining),
                "total": _money(total),
            }
        else:
            text = _("Only %(amount)s of the budget of %(total)s is left.") % {
                "amount": _money(remaining),
                "total": _money(total),
            }
        return text, reverse("planning:budget", args=[network.pk]), _("Budget")

    return Signal("budget", URGENT if remaining <= 0 else SOON, network.pk, (remaining, total), describe)


def hours_below_norm(facts: NetworkFacts, today: dt.date) -> Signal | None:
    """The staffing norm (planning/norm.py) asks for a second worker, or for more hours than are agreed
    or than were spent a week over the last 13 weeks (planning.selectors.weekly_spent)."""
    planning = facts.planning
    if planning is None:
        return None
    network = facts.network
    norm = norm_of(facts)
    spent = weekly_spent(planning.hours_window, network.start_date, today)
    if norm.workers_required > 1:
        reason = "second_worker"
    elif network.weekly_hours < norm.hours:
        reason = "agreed"
    elif spent < norm.hours:
        reason = "spent"
    else:
        return None

    def describe():
        values = {"n": facts.active, "norm": _hours(norm.hours)}
        if reason == "second_worker":
            text = _("With %(n)s taking part the staffing norm asks for a second social worker.") % values
        elif reason == "agreed":
            text = _("%(agreed)s hours a week agreed; with %(n)s taking part the norm asks %(norm)s.") % {
                **values,
                "agreed": _hours(network.weekly_hours),
            }
        else:
            text = _(
                "%(spent)s hours a week spent over the last 13 weeks; with %(n)s taking part the norm asks %(norm)s."
            ) % {**values, "spent": _hours(spent)}
        return text, reverse("planning:hours", args=[network.pk]), _("Hours")

    return Signal("hours", SOON, network.pk, (reason, facts.active, norm.hours, spent), describe)


def reach_unlikely(facts: NetworkFacts, today: dt.date) -> Signal | None:
    """The growth forecast (planning/forecast.py) gives less than one chance in three of 15 structural
    participants by the planned end of the build-up phase."""
    chance = facts.reach_chance
    if chance is None or chance >= UNLIKELY:
        return None
    network_id = facts.network.pk
    percent = round(chance * 100)

    def describe():
        text = _(
            "15 structural participants before the end of the build-up phase is unlikely (chance %(percent)s%%)."
        ) % {"percent": percent}
        return text, reverse("planning:forecast", args=[network_id]), _("Growth forecast")

    return Signal("reach", SOON, network_id, (percent,), describe)


# kind -> (rule, the permission that shows it and its page, label of the kind in the summary)
RULES: list[tuple[str, Callable[[NetworkFacts, dt.date], Signal | None], str]] = [
    ("phase", phase_overdue, "network.view"),
    ("preconditions", preconditions_unmet, "quality.view"),
    ("evaluation", evaluation_due, "quality.view"),
    ("falling", structural_falling, "route.record"),
    ("followups", followups_waiting, "followup.record"),
    ("budget", budget_nearly_spent, "planning.view"),
    ("hours", hours_below_norm, "planning.view"),
    ("reach", reach_unlikely, "planning.view"),
]


def kind_labels() -> dict[str, str]:
    return {
        "phase": _("phase longer than planned"),
        "preconditions": _("preconditions not met"),
        "evaluation": _("evaluation due"),
        "falling": _("stable core getting smaller"),
        "followups": _("follow-ups waiting"),
        "budget": _("budget nearly spent"),
        "hours": _("hours below the norm"),
        "reach": _("15 unlikely by the end of the build-up"),
    }


# ----- loading the facts of many networks -------------------------------------------------------------


NETWORK_FIELDS = (
    "id",
    "name",
    "organisation_id",
    "location_id",
    "phase",
    "phase_since",
    "start_date",
    "target_size",
    "weekly_hours",
    "exploration_months",
    "buildup_months",
    "deepening_months",
    "evaluation_months",
    "archived_at",
)


class NetworkRow:
    """A network's NETWORK_FIELDS as plain values: hundreds of them cost far less than model instances.
    `planned_months` is the model's own method, not a copy."""

    __slots__ = (*NETWORK_FIELDS, "pk")
    planned_months = Network.planned_months

    def __init__(self, values: tuple):
        for name, value in zip(NETWORK_FIELDS, values, strict=True):
            setattr(self, name, value)
        self.pk = self.id


def network_rows(scope) -> list[NetworkRow]:
    """The networks of `scope` (a queryset) by name, as NetworkRow (one query)."""
    return [NetworkRow(values) for values in scope.order_by("name", "pk").values_list(*NETWORK_FIELDS)]


def network_facts(*, networks: list[Network], scope, today: dt.date) -> dict[int, NetworkFacts]:
    """The facts of `networks` (NetworkRow or Network with NETWORK_FIELDS): seven queries whatever their number.

    Related tables are read for the networks of `scope`, the queryset the networks came from (a
    subquery: hundreds of ids in a list cost more to send than the subquery costs to run); rows of
    networks not in `networks` (archived, stopped) are left out. The structural count of FALLING_WEEKS ago needs
    only the people whose route changed since then: a participation's stage_since is the date of its
    latest route event, so the others had the stage they have now.
    """
    ids = scope.values("pk")
    facts = {n.pk: NetworkFacts(network=n) for n in networks}
    then = today - dt.timedelta(weeks=FALLING_WEEKS)
    stage_then = Subquery(
        RouteEvent.objects.filter(participation=OuterRef("pk"), date__lte=then)
        .order_by("-date", "-id")
        .values("stage")[:1]
    )
    changed = Q(stage_since__gt=then)  # only these can have had another stage FALLING_WEEKS ago
    for network_id, active, structural, kept, was_structural in (
        Participation.objects.filter(network_id__in=ids)
        .values("network_id")
        .annotate(
            active=Count("pk", filter=Q(stage__in=ACTIVE_STAGES)),
            structural=Count("pk", filter=Q(stage=Stage.STRUCTURAL)),
            kept=Count("pk", filter=Q(stage=Stage.STRUCTURAL) & ~changed),
            # the subquery runs only for the changed ones: SQLite and PostgreSQL stop at the first false term
            was=Count("pk", filter=changed & Q(Exact(stage_then, Stage.STRUCTURAL.value))),
        )
        .order_by()
        .values_list("network_id", "active", "structural", "kept", "was")
    ):
        row = facts.get(network_id)
        if row is not None:
            row.active, row.structural, row.structural_before = active, structural, kept + was_structural
    unmet_statuses = (
        PreconditionStatus.NOT_MET,
        PreconditionStatus.PARTLY,
    )  # the others decide nothing alone
    for network_id, key, status in Precondition.objects.filter(
        network_id__in=ids, status__in=unmet_statuses
    ).values_list("network_id", "key", "status"):
        if network_id in facts:
            facts[network_id].precondition_status[key] = status
    for pk, network_id, kind, date, status in NetworkEvaluation.objects.filter(
        network_id__in=ids
    ).values_list("id", "network_id", "kind", "date", "status"):
        if network_id in facts:
            facts[network_id].evaluations.append(EvaluationRow(pk, kind, date, status))
    waiting_since = today - dt.timedelta(days=FOLLOWUP_WAITING_DAYS)
    waiting = FollowUp.objects.filter(closed_on__isnull=True, opened_on__lt=waiting_since)
    for network_id, has_backup, entered, n, oldest in (
        scope.order_by()
        .annotate(
            has_backup=Exists(
                NetworkAssignment.objects.filter(network_id=OuterRef("pk"), role=AssignmentRole.BACKUP)
            ),
            entered=evaluation_entered(),
            waiting=per_network(waiting, Count("pk")),
            oldest=per_network(waiting, Min("opened_on")),
        )
        .values_list("pk", "has_backup", "entered", "waiting", "oldest")
    ):
        row = facts.get(network_id)
        if row is not None:
            row.has_backup, row.evaluation_entered = has_backup, entered
            row.waiting_followups, row.oldest_followup = n or 0, oldest
    for network_id, planning in planning_facts(scope=scope, today=today).items():
        if network_id in facts:
            facts[network_id].planning = planning
    structural = {pk: row.structural for pk, row in facts.items()}
    for network_id, chance in chances_by_buildup_end(
        networks=networks, structural=structural, today=today
    ).items():
        facts[network_id].reach_chance = chance
    return facts


def signals(facts: NetworkFacts, today: dt.date, kinds: set[str] | None = None) -> list[Signal]:
    """The signals of one network, most urgent first (in the order of RULES within a level)."""
    return _signals(facts, today, [rule for kind, rule, _p in RULES if kinds is None or kind in kinds])


def _signals(facts: NetworkFacts, today: dt.date, rules: list) -> list[Signal]:
    found = [signal for rule in rules if (signal := rule(facts, today)) is not None]
    if len(found) > 1:
        found.sort(key=lambda s: -s.level)
    return found


def visible_kinds(user: User) -> set[str]:
    """The kinds of signal the user may see: those whose page their role reaches."""
    return {kind for kind, _rule, permission in RULES if access.can(user, permission)}


@dataclass(frozen=True)
class NetworkAttention:
    pk: int
    name: str
    phase_label: str
    signals: tuple[Signal, ...]

    @property
    def urgent(self) -> int:
        return sum(s.level == URGENT for s in self.signals)


def attention_by_network(
    *, user: User, networks: list[Network], scope, today: dt.date | None = None
) -> dict[int, tuple[Signal, ...]]:
    """Signals per network id for `networks` (loaded with NETWORK_FIELDS from the queryset `scope`), as far
    as the user may see them."""
    today = today or timezone.localdate()
    kinds = visible_kinds(user)
    if not kinds:
        return {}
    live = [n for n in networks if n.archived_at is None and n.phase != Phase.STOPPED]
    facts = network_facts(networks=live, scope=scope, today=today)
    rules = [rule for kind, rule, _p in RULES if kind in kinds]  # chosen once, not per network
    return {pk: tuple(_signals(row, today, rules)) for pk, row in facts.items()}


def organisation_attention(*, user: User, today: dt.date | None = None) -> dict:
    """The needs-attention view over every network the user reaches: a count per kind, and the
    networks with signals, most urgent first (eight queries whatever the number of networks)."""
    today = today or timezone.localdate()
    scope = access.networks_for(user).filter(archived_at__isnull=True)
    networks = network_rows(scope)
    by_network = attention_by_network(user=user, networks=networks, scope=scope, today=today)
    phase_labels = {value: str(label) for value, label in Phase.choices}  # translated once, not per network
    rows = [
        NetworkAttention(n.pk, n.name, phase_labels[n.phase], by_network[n.pk])
        for n in networks
        if by_network.get(n.pk)
    ]
    rows.sort(key=lambda r: (-r.urgent, -len(r.signals), r.name))
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        for signal in row.signals:
            counts[signal.kind] += 1
    labels = kind_labels()
    return {
        "rows": rows,
        "networks": len(networks),
        "summary": [(kind, labels[kind], counts[kind]) for kind, _rule, _p in RULES if counts.get(kind)],
    }


# ----- where the signals are shown ----------------------------------------------------------------

HOME_ROWS = 10


def home_section(user: User) -> dict:
    """The needs-attention view on the home page: for a coordinator every network of the organisation,
    for a social worker their own (eight queries; none without network.view)."""
    if not access.can(user, "network.view"):
        return {}
    data = organisation_attention(user=user)
    if not data["networks"]:
        return {}
    return {
        "template": "quality/_attention_home.html",
        "rows": data["rows"][:HOME_ROWS],
        "more": max(0, len(data["rows"]) - HOME_ROWS),
        "needing": len(data["rows"]),
        "networks": data["networks"],
        "summary": data["summary"],
    }


def card_signals(user: User, networks) -> dict[int, tuple[Signal, ...]]:
    """Signals for the network cards: `networks` is the queryset the cards were read from."""
    if not visible_kinds(user):
        return {}
    return attention_by_network(user=user, networks=network_rows(networks), scope=networks)
