"""Reads for the planning pages; each with a fixed number of queries whatever the history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from core import charts
from core.dates import add_months
from core.formatting import localised
from core.queries import per_network
from networks.models import Network
from people.models import ACTIVE_STAGES, Participation, RouteEvent, Stage
from planning import forecast
from planning.models import Budget, Expense, ExpenseCategory, HoursEntry, HoursPurpose, Income, IncomeSource
from planning.norm import BASE_HOURS, staffing_norm
from practice.models import Activity, Recurrence

ZERO = Decimal("0")
RECENT = 15
SEED = 20261125


# ----- shared helpers -----------------------------------------------------------------------


def intervention_end(network: Network) -> dt.date:
    """End of the intervention period: exploration + build-up + deepening (18 months by default)."""
    months = network.exploration_months + network.buildup_months + network.deepening_months
    return add_months(network.start_date, months)


def buildup_end(network: Network) -> dt.date:
    return add_months(network.start_date, network.exploration_months + network.buildup_months)


def month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from first's month to last's month, inclusive."""
    day, months = first.replace(day=1), []
    while day <= last:
        months.append(day)
        day = add_months(day, 1)
    return months


def _days_in(month: dt.date, lo: dt.date, hi: dt.date) -> int:
    """Days of `month` inside [lo, hi)."""
    start, end = max(month, lo), min(add_months(month, 1), hi)
    return max(0, (end - start).days)


def _month_label(month: dt.date) -> str:
    return date_format(month, "b Y")


def _figure(chart) -> dict:
    return {"chart": chart, "svg": charts.render_svg(chart), "table": charts.chart_table(chart)}


def norm_for(network: Network, today: dt.date) -> dict:
    """The staffing norm from today's active participants and the longest weekly activity (2 queries)."""
    active = Participation.objects.filter(network=network, stage__in=ACTIVE_STAGES).count()
    longest = _weekly_activities(today).filter(network=network).aggregate(m=Max("duration_minutes"))["m"]
    norm = staffing_norm(participants=active, longest_activity_minutes=longest)
    return {"norm": norm, "agreed_below_norm": network.weekly_hours < norm.hours}


def _weekly_activities(today: dt.date):
    return Activity.objects.filter(recurrence=Recurrence.WEEKLY, active_from__lte=today).filter(
        Q(active_until__isnull=True) | Q(active_until__gte=today)
    )


# ----- hours ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthHours:
    month: dt.date
    label: str
    agreed: Decimal
    spent: Decimal | None  # None for months still to come
    in_period: bool


def hours_page(*, network: Network, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    start, end = network.start_date, intervention_end(network)
    last_day = max(end - dt.timedelta(days=1), today)
    spent_by_month: dict[dt.date, Decimal] = defaultdict(lambda: ZERO)
    by_purpose: dict[str, Decimal] = defaultdict(lambda: ZERO)
    spent_in_period = ZERO
    for week, purpose, total in (
        HoursEntry.objects.filter(network=network)
        .values_list("week", "purpose")
        .annotate(total=Sum("hours"))
        .order_by()
    ):
        spent_by_month[week.replace(day=1)] += total
        by_purpose[purpose] += total
        if start - dt.timedelta(days=6) <= week < end:
            spent_in_period += total
    rows = []
    for month in month_starts(start, last_day):
        days = _days_in(month, start, last_day + dt.timedelta(days=1))
        agreed = (network.weekly_hours * days / 7).quantize(Decimal("0.1"))
        future = month > today
        rows.append(
            MonthHours(
                month=month,
                label=_month_label(month),
                agreed=agreed,
                spent=None if future else spent_by_month.get(month, ZERO),
                in_period=month < end,
            )
        )
    period_weeks = Decimal((end - start).days) / 7
    chart = charts.LineChart(
        title=_("Hours per month: agreed and spent"),
        description=_(
            "The agreed hours per month (weekly hours times the weeks of the month) and the hours recorded."
        ),
        x_labels=[r.label for r in rows],
        series=[
            charts.Series(_("Agreed"), [float(r.agreed) for r in rows]),
            charts.Series(_("Spent"), [None if r.spent is None else float(r.spent) for r in rows]),
        ],
        x_label=_("Month"),
        y_label=_("Hours"),
        chart_id="chart-hours",
    )
    recent = list(HoursEntry.objects.filter(network=network).select_related("worker")[:RECENT])
    return {
        "rows": rows,
        "figure": _figure(chart),
        "period_start": start,
        "period_end": end - dt.timedelta(days=1),
        "agreed_in_period": (network.weekly_hours * period_weeks).quantize(Decimal("1")),
        "minimum_in_period": (BASE_HOURS * period_weeks).quantize(Decimal("1")),
        "spent_in_period": spent_in_period,
        "by_purpose": [(label, by_purpose.get(value, ZERO)) for value, label in HoursPurpose.choices],
        "recent": recent,
        **norm_for(network, today),
    }


# ----- budget ---------------------------------------------------------------------------------


def budget_of(network: Network) -> Budget:
    """The stored budget, or the defaults (not saved) for a network that has none yet."""
    return Budget.objects.filter(network=network).first() or Budget(network=network, version=0)


def budget_page(*, network: Network, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    budget = budget_of(network)
    start, end = network.start_date, intervention_end(network)
    by_month: dict[dt.date, Decimal] = defaultdict(lambda: ZERO)
    by_category: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for date, category, total in (
        Expense.objects.filter(network=network)
        .values_list("date", "category")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        by_month[date.replace(day=1)] += total
        by_category[category] += total
    income_by_source = dict(
        Income.objects.filter(network=network).values_list("source").annotate(total=Sum("amount")).order_by()
    )
    spent = sum(by_category.values(), ZERO)
    income = sum(income_by_source.values(), ZERO)
    first = min([start, *by_month]) if by_month else start
    months = month_starts(first, max(end - dt.timedelta(days=1), today))
    period_days = (end - start).days
    cumulative, planned_line, actual_line, rows = ZERO, [], [], []
    for month in months:
        cumulative += by_month.get(month, ZERO)
        month_end = add_months(month, 1)
        elapsed = min(max((month_end - start).days, 0), period_days)
        planned = (
            (budget.total * elapsed / period_days).quantize(Decimal("0.01")) if period_days else budget.total
        )
        future = month > today
        planned_line.append(float(planned))
        actual_line.append(None if future else float(cumulative))
        rows.append(
            {
                "label": _month_label(month),
                "spent": None if future else by_month.get(month, ZERO),
                "cumulative": None if future else cumulative,
                "planned": planned,
            }
        )
    chart = charts.LineChart(
        title=_("Spending so far against the plan"),
        description=_(
            "Money spent up to each month, against the budget spread evenly over the intervention period."
        ),
        x_labels=[_month_label(m) for m in months],
        series=[charts.Series(_("Planned"), planned_line), charts.Series(_("Spent"), actual_line)],
        x_label=_("Month"),
        y_label=_("Euro"),
        chart_id="chart-budget",
    )
    return {
        "budget": budget,
        "spent": spent,
        "remaining": budget.total - spent,
        "income": income,
        "by_category": [(label, by_category.get(value, ZERO)) for value, label in ExpenseCategory.choices],
        "income_by_source": [
            (label, income_by_source.get(value, ZERO)) for value, label in IncomeSource.choices
        ],
        "rows": rows,
        "figure": _figure(chart),
        "expenses": list(Expense.objects.filter(network=network)[:RECENT]),
        "incomes": list(Income.objects.filter(network=network)[:RECENT]),
        "period_end": end - dt.timedelta(days=1),
    }


# ----- growth forecast ------------------------------------------------------------------------


def _routes(network_ids: list[int]) -> dict[int, list[forecast.Route]]:
    """Routes per network (2 queries, whatever the history)."""
    routes: dict[int, forecast.Route] = {}
    by_network: dict[int, list[forecast.Route]] = defaultdict(list)
    for pk, network_id, stage, since in Participation.objects.filter(network_id__in=network_ids).values_list(
        "id", "network_id", "stage", "stage_since"
    ):
        routes[pk] = forecast.Route(stage=stage, stage_since=since)
        by_network[network_id].append(routes[pk])
    for pid, date, stage in (
        RouteEvent.objects.filter(participation__network_id__in=network_ids)
        .values_list("participation_id", "date", "stage")
        .order_by("date", "id")
    ):
        routes[pid].events.append((date, stage))
    return by_network


def forecast_inputs(
    *, network: Network, today: dt.date, extra_per_month: int = 0, share: float | None = None
):
    base = forecast.estimate(
        routes=_routes([network.pk])[network.pk], start_date=network.start_date, today=today
    )
    return base, _adjusted(base, extra_per_month, share)


def _adjusted(base: forecast.Inputs, extra_per_month: int, share: float | None) -> forecast.Inputs:
    inflow = forecast.Estimate(
        max(0.0, base.inflow.value + extra_per_month / forecast.WEEKS_PER_MONTH),
        base.inflow.n,
        base.inflow.own,
    )
    chosen = base.share if share is None else forecast.Estimate(share, base.share.n, base.share.own)
    return forecast.Inputs(
        base.structural_now, base.pipeline_weeks, inflow, chosen, base.delay, base.leave_hazard
    )


def _run(inputs: forecast.Inputs, *, runs: int, seed: int) -> forecast.Result:
    return forecast.simulate(
        structural_now=inputs.structural_now,
        pipeline_weeks=inputs.pipeline_weeks,
        inflow=inputs.inflow.value,
        share=inputs.share.value,
        delay_weeks=int(inputs.delay.value),
        leave_hazard=inputs.leave_hazard.value,
        runs=runs,
        seed=seed,
    )


def _week_date(today: dt.date, week: int | None) -> dt.date | None:
    return None if week is None else today + dt.timedelta(weeks=week)


def forecast_page(
    *,
    network: Network,
    today: dt.date | None = None,
    extra_per_month: int = 0,
    share: float | None = None,
    runs: int = forecast.RUNS,
    seed: int = SEED,
) -> dict:
    today = today or timezone.localdate()
    base, inputs = forecast_inputs(network=network, today=today, extra_per_month=extra_per_month, share=share)
    result = _run(inputs, runs=runs, seed=seed)
    end = buildup_end(network)
    milestones = []
    if end > today:
        week = forecast.weeks_until(today, end)
        milestones.append(
            {
                "label": _("By the planned end of the build-up phase (%(date)s)")
                % {"date": date_format(end, "j F Y")},
                "probability": result.probability_by(week),
            }
        )
    for months in (6, 12, 24):
        week = min(result.horizon_weeks, round(months * forecast.WEEKS_PER_MONTH))
        milestones.append(
            {
                "label": _("Within %(months)s months") % {"months": months},
                "probability": result.probability_by(week),
            }
        )
    labels = [_month_label(today + dt.timedelta(weeks=w)) for w in result.sample_weeks]
    names = {10: _("10% lowest"), 25: _("25%"), 50: _("Median"), 75: _("75%"), 90: _("10% highest")}
    chart = charts.LineChart(
        title=_("Structural participants in the simulated futures"),
        description=_(
            "The fan of %(runs)s simulated futures: the median, and the lines between which half and eight "
            "in ten of the runs stay. The reference line is 15 structural participants."
        )
        % {"runs": localised(result.runs, grouping=True)},
        x_labels=labels,
        series=[charts.Series(names[p], [int(v) for v in result.bands[p]]) for p in (90, 75, 50, 25, 10)],
        references=[charts.ReferenceLine(forecast.TARGET, _("15 structural participants"))],
        x_label=_("Month"),
        y_label=_("Structural participants"),
        chart_id="chart-forecast",
    )
    return {
        "base": base,
        "inputs": inputs,
        "result": result,
        "target": forecast.TARGET,
        "already": inputs.structural_now >= forecast.TARGET,
        "milestones": milestones,
        "median_date": _week_date(today, result.quantile_week(0.5)),
        "low_date": _week_date(today, result.quantile_week(0.1)),
        "high_date": _week_date(today, result.quantile_week(0.9)),
        "horizon_date": today + dt.timedelta(weeks=result.horizon_weeks),
        "buildup_end": end,
        "figure": _figure(chart),
        "inflow_per_month": inputs.inflow.value * forecast.WEEKS_PER_MONTH,
        "base_inflow_per_month": base.inflow.value * forecast.WEEKS_PER_MONTH,
        "share_percent": round(inputs.share.value * 100),
        "base_share_percent": round(base.share.value * 100),
        "hazard_per_year": 1 - (1 - inputs.leave_hazard.value) ** 52,
        "runs_text": number_format(result.runs, force_grouping=True),
    }


# ----- organisation overview ----------------------------------------------------------------


@dataclass(frozen=True)
class Chance:
    """The exact chance (forecast.reach_by_week) for one network below 15 structural participants."""

    network: Network
    median: dt.date | None  # the week by which the chance reaches one half
    by_buildup_end: float | None  # None when the build-up phase has already ended

    @property
    def percent(self) -> int | None:
        return None if self.by_buildup_end is None else round(self.by_buildup_end * 100)


def reach_chances(*, networks: list, structural: dict[int, int], today: dt.date) -> dict[int, Chance]:
    """For the networks below 15 structural participants (`structural`: their count per network id): the
    chance to reach 15 per week, all networks in one numpy pass (2 queries whatever the number of networks)."""
    below = [n for n in networks if structural.get(n.pk, 0) < forecast.TARGET]
    # [0] when none is below: the queries still run, so the count does not depend on the data.
    routes = _routes(sorted(n.pk for n in below) or [0])
    inputs = [
        forecast.estimate(routes=routes.get(n.pk, []), start_date=n.start_date, today=today) for n in below
    ]
    reach = forecast.reach_by_week(inputs)
    medians = forecast.first_week(reach, 0.5)
    chances = {}
    for network, row, median in zip(below, reach, medians, strict=True):
        end = buildup_end(network)
        by_end = (
            float(row[min(forecast.HORIZON_WEEKS, forecast.weeks_until(today, end))]) if end > today else None
        )
        chances[network.pk] = Chance(network, _week_date(today, median), by_end)
    return chances


@dataclass(slots=True)
class OverviewNetwork:
    """What the overview shows and computes of a network: read as plain values, since building hundreds
    of model instances cost more than the rest of the rows (docs/performance.md)."""

    pk: int
    name: str
    start_date: dt.date
    weekly_hours: Decimal
    exploration_months: int
    buildup_months: int
    active: int = 0
    structural: int = 0


def organisation_overview(*, networks, today: dt.date | None = None, chances_for=None) -> list[dict]:
    """One row per network (four queries, and two for the chances, whatever the number of networks and
    their history). The related tables are read for the networks as a subquery, never as a list of
    hundreds of ids (which costs more to send and to parse than the subquery costs to run).

    `chances_for`: the ids of the networks whose chance to reach 15 is computed (the page being shown);
    None: all. The chance is the costly part for hundreds of networks."""
    today = today or timezone.localdate()
    scope = networks.filter(archived_at__isnull=True)
    networks = [
        OverviewNetwork(*values)
        for values in scope.order_by("name").values_list(
            "id", "name", "start_date", "weekly_hours", "exploration_months", "buildup_months"
        )
    ]
    counts = {
        network_id: (active, structural)
        for network_id, active, structural in Participation.objects.filter(network_id__in=scope.values("pk"))
        .values("network_id")
        .annotate(
            active=Count("pk", filter=Q(stage__in=ACTIVE_STAGES)),
            structural=Count("pk", filter=Q(stage=Stage.STRUCTURAL)),
        )
        .order_by()
        .values_list("network_id", "active", "structural")
    }
    for network in networks:
        network.active, network.structural = counts.get(network.pk, (0, 0))
    facts = planning_facts(scope=scope, today=today)
    chances = reach_chances(
        networks=networks if chances_for is None else [n for n in networks if n.pk in chances_for],
        structural={n.pk: n.structural for n in networks},
        today=today,
    )
    rows = []
    for network in networks:
        fact = facts[network.pk]
        norm = staffing_norm(
            participants=network.active, longest_activity_minutes=fact.longest_activity_minutes
        )
        chance = chances.get(network.pk)
        rows.append(
            {
                "network": network,
                "norm": norm,
                "spent_13_weeks": fact.hours_window,
                "weekly_spent": weekly_spent(fact.hours_window, network.start_date, today).quantize(
                    Decimal("0.1")
                ),
                "budget_total": fact.budget_total,
                "spent": fact.spent,
                "remaining": fact.remaining,
                "reached": network.structural >= forecast.TARGET,
                "median": chance.median if chance else None,
            }
        )
    return rows


# ----- signals (quality.attention) ----------------------------------------------------------------

HOURS_WINDOW_WEEKS = 13


def weekly_spent(total: Decimal, start_date: dt.date, today: dt.date) -> Decimal:
    """Hours a week over the last 13 weeks, or over the weeks since the start for a younger network."""
    weeks = max(1, min(HOURS_WINDOW_WEEKS, (today - start_date).days // 7))
    return total / weeks


@dataclass(frozen=True)
class PlanningFacts:
    """What the needs-attention signals read of one network's planning."""

    hours_window: Decimal  # hours recorded in the last 13 weeks
    longest_activity_minutes: int | None  # the longest weekly activity running today
    budget_total: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget_total - self.spent


def planning_facts(*, scope, today: dt.date) -> dict[int, PlanningFacts]:
    """Hours, longest weekly activity and budget of the networks of `scope` (a Network queryset), in one
    query whatever their number: one row per network with correlated subqueries, which read each
    network's rows through its index (cheaper than grouping the whole tables, docs/performance.md)."""
    since = today - dt.timedelta(weeks=HOURS_WINDOW_WEEKS)
    rows = (
        scope.order_by()
        .annotate(
            hours_window=per_network(
                HoursEntry.objects.filter(week__gt=since - dt.timedelta(days=7), week__lte=today),
                Sum("hours"),
            ),
            longest=per_network(_weekly_activities(today), Max("duration_minutes")),
            spent=per_network(Expense.objects.all(), Sum("amount")),
        )
        .values_list(
            "pk",
            "hours_window",
            "longest",
            "spent",
            "budget__activities",
            "budget__rent",
            "budget__replacement",
        )
    )
    default_total = Budget().total
    return {
        pk: PlanningFacts(
            hours_window=hours if hours is not None else ZERO,
            longest_activity_minutes=longest,
            budget_total=(
                default_total if activities is None else Budget.total_of(activities, rent, replacement)
            ),
            spent=spent if spent is not None else ZERO,
        )
        for pk, hours, longest, spent, activities, rent, replacement in rows
    }


def overview_summary(rows: list[dict]) -> dict:
    """What a coordinator of hundreds of networks needs first: how many need attention, per reason."""
    below = second = over = reached = 0
    for r in rows:
        norm = r["norm"]
        if norm.workers_required > 1 or norm.second_worker_warning:
            second += 1
        elif r["network"].weekly_hours < norm.hours:
            below += 1
        over += r["remaining"] < 0
        reached += r["reached"]
    return {
        "networks": len(rows),
        "below_norm": below,
        "second_worker": second,
        "over_budget": over,
        "reached": reached,
    }


# ----- the needs-attention view (quality.attention) ---------------------------------------------

UNLIKELY = 1 / 3  # "unlikely": less than one chance in three (the IPCC's wording scale)


def chances_by_buildup_end(*, networks: list, structural: dict[int, int], today: dt.date) -> dict[int, float]:
    """The chance to have 15 structural participants by the end of the build-up phase, for the networks
    still building up and below 15 (2 queries whatever the number of networks)."""
    building = [n for n in networks if buildup_end(n) > today]
    chances = reach_chances(networks=building, structural=structural, today=today)
    return {pk: c.by_buildup_end for pk, c in chances.items() if c.by_buildup_end is not None}
