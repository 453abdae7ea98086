"""What needs attention: the signals on the coordinator's home page and on the network cards.

One function per rule (RULES). Each takes the facts of one network, already loaded for all networks
at once by `network_facts` (a fixed number of queries whatever the number of networks), and returns
a Signal or None. A signal says why in plain words and links to the page where it is fixed; it is a
prompt for the worker's and coordinator's judgement, never a score.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from core.formatting import localised
from core.queries import per_network
from networks import stamps
from networks.models import AssignmentRole, Network, NetworkAssignment, Phase, PhaseChange
from networks.selectors import current_phase_signal
from people.models import ACTIVE_STAGES, Participation, RouteEvent, Stage
from planning.models import Budget, Expense, HoursEntry
from planning.norm import StaffingNorm, staffing_norm
from planning.selectors import UNLIKELY, PlanningFacts, chances_by_buildup_end, planning_facts, weekly_spent
from practice.models import Activity, FollowUp
from quality import catalogue
from quality.models import EvaluationKind, KeptSignals, NetworkEvaluation, Precondition, PreconditionStatus
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


class Signal:
    """One reason a network needs attention. The words and the link are made from the kind, the values
    and the network only when shown (WORDS), per language: the home page and a page of cards show a few
    of the hundreds an organisation has, and signals are kept between requests (current_signals). Kept
    signals read their values from the stored row only when asked (`kept`)."""

    __slots__ = ("kind", "level", "network_id", "day", "network", "_values", "_kept", "_index", "_words")

    def __init__(self, kind, level, network_id, values, day, network=None, *, kept=None, index=0):
        self.kind, self.level, self.network_id, self.day, self.network = kind, level, network_id, day, network
        self._values, self._kept, self._index, self._words = values, kept, index, None

    @property
    def values(self) -> tuple:
        """What the words are made of: the cards' cache digest covers them."""
        if self._values is None:
            self._values = self._kept.values(self._index)
        return self._values

    def _key(self) -> tuple:
        return (self.kind, self.level, self.network_id, self.values)

    def __eq__(self, other) -> bool:
        return isinstance(other, Signal) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Signal({self.kind!r}, {self.level}, {self.network_id}, {self.values!r})"

    @property
    def _described(self) -> tuple[str, str, str]:
        language = get_language()
        if self._words is None:
            self._words = {}
        words = self._words.get(language)
        if words is None:
            words = self._words[language] = WORDS[self.kind](self.network, self.values, self.day)
        return words

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
    return Signal("phase", URGENT, network.pk, (network.phase, days), today, network)


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
    return Signal("preconditions", URGENT, network.pk, keys, today, network)


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
    return Signal("evaluation", level, network.pk, (row.kind, row.due), today, network)


def structural_falling(facts: NetworkFacts, today: dt.date) -> Signal | None:
    """The number of structural participants fell by FALLING_BY or more in the last FALLING_WEEKS weeks."""
    if facts.structural_before - facts.structural < FALLING_BY:
        return None
    values = (facts.structural, facts.structural_before)
    return Signal("falling", URGENT, facts.network.pk, values, today, facts.network)


def followups_waiting(facts: NetworkFacts, today: dt.date) -> Signal | None:
    """Follow-ups of people who stayed away, open for more than three weeks."""
    n, oldest = facts.waiting_followups, facts.oldest_followup
    if not n:
        return None
    return Signal("followups", URGENT, facts.network.pk, (n, oldest), today, facts.network)


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
    level = URGENT if remaining <= 0 else SOON
    return Signal("budget", level, network.pk, (remaining, total), today, network)


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
    values = (reason, facts.active, norm.hours, spent)
    return Signal("hours", SOON, network.pk, values, today, network)


def reach_unlikely(facts: NetworkFacts, today: dt.date) -> Signal | None:
    """The growth forecast (planning/forecast.py) gives less than one chance in three of 15 structural
    participants by the planned end of the build-up phase."""
    chance = facts.reach_chance
    if chance is None or chance >= UNLIKELY:
        return None
    return Signal("reach", SOON, facts.network.pk, (round(chance * 100),), today, facts.network)


# ----- the words of each kind: (text, url, link text) from the network, the values and the day ------------


def _phase_words(network, values, day):
    phase, days = values
    text = ngettext(
        "%(phase)s runs %(days)s day longer than the planned %(months)s months.",
        "%(phase)s runs %(days)s days longer than the planned %(months)s months.",
        days,
    ) % {"phase": Phase(phase).label, "days": days, "months": network.planned_months(phase)}
    return text, reverse("networks:phase", args=[network.pk]), _("Check the phase")


def _preconditions_words(network, keys, day):
    names = ", ".join(str(catalogue.PRECONDITION_SHORT[key]) for key in keys)
    text = ngettext(
        "%(n)s precondition not met: %(names)s.", "%(n)s preconditions not met: %(names)s.", len(keys)
    ) % {"n": len(keys), "names": names}
    return text, reverse("quality:network", args=[network.pk]) + "#randvoorwaarden", _("Preconditions")


def _evaluation_words(network, values, day):
    kind, due = values
    label = EvaluationKind(kind).label
    if due < day:
        text = _("%(kind)s overdue since %(date)s.") % {"kind": label, "date": _day(due)}
    elif due == day:
        text = _("%(kind)s due today.") % {"kind": label}
    else:
        text = _("%(kind)s due on %(date)s.") % {"kind": label, "date": _day(due)}
    url = reverse("quality:evaluation_new", args=[network.pk]) + f"?soort={kind}"
    return text[:1].upper() + text[1:], url, _("Record the evaluation")


def _falling_words(network, values, day):
    now, before = values
    text = _(
        "The stable core is getting smaller: %(now)s structural participants, %(before)s %(weeks)s weeks ago."
    ) % {"now": now, "before": before, "weeks": FALLING_WEEKS}
    return text, reverse("practice:stages", args=[network.pk]), _("See the routes")


def _followups_words(network, values, day):
    n, oldest = values
    text = ngettext(
        "%(n)s follow-up open for more than three weeks (the oldest since %(date)s).",
        "%(n)s follow-ups open for more than three weeks (the oldest since %(date)s).",
        n,
    ) % {"n": n, "date": _day(oldest)}
    return text, reverse("practice:followups", args=[network.pk]), _("Follow up")


def _budget_words(network, values, day):
    remaining, total = values
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


def _hours_words(network, values, day):
    reason, active, norm_hours, spent = values
    words = {"n": active, "norm": _hours(norm_hours)}
    if reason == "second_worker":
        text = _("With %(n)s taking part the staffing norm asks for a second social worker.") % words
    elif reason == "agreed":
        text = _("%(agreed)s hours a week agreed; with %(n)s taking part the norm asks %(norm)s.") % {
            **words,
            "agreed": _hours(network.weekly_hours),
        }
    else:
        text = _(
            "%(spent)s hours a week spent over the last 13 weeks; with %(n)s taking part the norm asks %(norm)s."
        ) % {**words, "spent": _hours(spent)}
    return text, reverse("planning:hours", args=[network.pk]), _("Hours")


def _reach_words(network, values, day):
    text = _(
        "15 structural participants before the end of the build-up phase is unlikely (chance %(percent)s%%)."
    ) % {"percent": values[0]}
    return text, reverse("planning:forecast", args=[network.pk]), _("Growth forecast")


WORDS: dict[str, Callable] = {
    "phase": _phase_words,
    "preconditions": _preconditions_words,
    "evaluation": _evaluation_words,
    "falling": _falling_words,
    "followups": _followups_words,
    "budget": _budget_words,
    "hours": _hours_words,
    "reach": _reach_words,
}


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

    __slots__ = (*NETWORK_FIELDS, "stamp", "pk")
    planned_months = Network.planned_months

    def __init__(self, values: tuple):
        for name, value in zip((*NETWORK_FIELDS, "stamp"), values, strict=True):
            setattr(self, name, value)
        self.pk = self.id


def network_rows(scope) -> list[NetworkRow]:
    """The networks of `scope` (a queryset) by name, as NetworkRow with their stamp (one query)."""
    return [
        NetworkRow(values)
        for values in scope.order_by("name", "pk")
        .annotate(stamp=stamps.stamp())
        .values_list(*NETWORK_FIELDS, "stamp")
    ]


# What network_facts reads: each of these tables renews the stamp of the row's network
# (networks/stamps.py), so kept signals are recomputed when, and only when, their network changed.
def watch_sources() -> None:
    stamps.watch(Network, network="id")
    for model in (
        NetworkAssignment,
        PhaseChange,
        Participation,
        Precondition,
        NetworkEvaluation,
        FollowUp,
        HoursEntry,
        Activity,
        Expense,
        Budget,
    ):
        stamps.watch(model)
    stamps.watch(RouteEvent, via="participation")


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


def _stored(value):
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def _restored(value):
    if isinstance(value, dict):
        return dt.date.fromisoformat(value["date"]) if "date" in value else Decimal(value["decimal"])
    return value


def kept_form(found: tuple[Signal, ...]) -> dict:
    """Signals as KeptSignals stores them: "kind:level ..." and the values as JSON (dates and amounts
    tagged), read only for the networks that are shown."""
    return {
        "kinds": " ".join(f"{s.kind}:{s.level}" for s in found),
        "values": json.dumps([[_stored(v) for v in s.values] for s in found]),
    }


class _KeptValues:
    """The stored values of one network's signals, decoded when a signal first needs them."""

    __slots__ = ("text", "decoded")

    def __init__(self, text: str):
        self.text, self.decoded = text, None

    def values(self, index: int) -> tuple:
        if self.decoded is None:
            self.decoded = [tuple(_restored(v) for v in values) for values in json.loads(self.text)]
        return self.decoded[index]


def _kept_signals(network, kinds: str, values: str, today: dt.date) -> tuple[Signal, ...]:
    if not kinds:
        return ()
    kept = _KeptValues(values)
    return tuple(
        Signal(kind, int(level), network.pk, None, today, network, kept=kept, index=i)
        for i, (kind, _colon, level) in enumerate(part.partition(":") for part in kinds.split(" "))
    )


def current_signals(*, networks: list[NetworkRow], scope, today: dt.date) -> dict[int, tuple[Signal, ...]]:
    """Every signal of each of `networks` (NetworkRow from the queryset `scope`, with their stamp).

    Kept in KeptSignals under the network's stamp and the day (networks.stamps.kept): read where they
    are current (one query); only the other networks are read and put to the rules (network_facts'
    seven queries) and stored again. The worker keeps them current (keep_current), so a person rarely
    waits for more than a few.
    """
    rules = [rule for _kind, rule, _p in RULES]

    def compute(stale: list[NetworkRow], subset) -> dict[int, tuple[Signal, ...]]:
        facts = network_facts(networks=stale, scope=subset, today=today)
        return {pk: tuple(_signals(row, today, rules)) for pk, row in facts.items()}

    return stamps.kept(
        KeptSignals,
        networks=networks,
        scope=scope,
        key={"day": today},
        unique=("network",),
        compute=compute,
        dump=kept_form,
        load=lambda network, kinds, values: _kept_signals(network, kinds, values, today),
    )


def keep_current(today: dt.date | None = None) -> int:
    """Find the signals of every live network whose kept ones are not for its stamp today, one
    organisation at a time (the worker's housekeeping, every minute: after midnight and after changes
    the pages find them ready). Returns the number of networks recomputed."""
    today = today or timezone.localdate()
    rows = {n.pk: n for n in network_rows(Network.objects.all()) if is_live(n)}
    stale = stamps.stale_by_organisation(
        KeptSignals, key={"day": today}, networks=((n.pk, n.organisation_id, n.stamp) for n in rows.values())
    )
    for organisation_id, ids in stale.items():
        scope = Network.objects.filter(organisation_id=organisation_id)
        current_signals(networks=[rows[pk] for pk in ids], scope=scope, today=today)
    return sum(len(ids) for ids in stale.values())


def is_live(network) -> bool:
    """Only running networks get signals: not archived, not stopped."""
    return network.archived_at is None and network.phase != Phase.STOPPED


def attention_by_network(
    *, user: User, networks: list[NetworkRow], scope, today: dt.date | None = None
) -> dict[int, tuple[Signal, ...]]:
    """Signals per network id for `networks` (network_rows of the queryset `scope`), as far as the user
    may see them."""
    today = today or timezone.localdate()
    kinds = visible_kinds(user)
    if not kinds:
        return {}
    live = [n for n in networks if is_live(n)]
    every = current_signals(networks=live, scope=scope, today=today)
    if len(kinds) == len(RULES):
        return every
    return {pk: tuple(s for s in found if s.kind in kinds) for pk, found in every.items()}


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
