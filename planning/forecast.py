"""Growth forecast: when will this group reach 15 structural participants? (pure, no database)

A Monte Carlo simulation, vectorised over the runs with numpy. One week is one step:
- new people get acquainted (first visit) as a Poisson process with a weekly rate; of them a share
  becomes structural, `delay_weeks` after their first visit. Thinning a Poisson process keeps it
  Poisson, so the structural newcomers per week are drawn directly as Poisson(rate x share);
- people already on their way (first visit, settling in, returned) become structural with the same
  share, when their own delay has passed;
- every structural participant leaves in a given week with probability `leave_hazard`.
`estimate()` takes the parameters from the network's own history and falls back on the source's
figures (or, for leaving, on our stated assumption) when there is too little history.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from practice.rules import STRUCTURAL_AFTER_DAYS

TARGET = 15
RUNS = 10_000
HORIZON_WEEKS = 104  # 24 months
WEEKS_PER_MONTH = 52 / 12

# Fallbacks and windows (see docs/planning.md).
SOURCE_SHARE = 0.5  # "about half of the people who get acquainted become structural"
SOURCE_DELAY_WEEKS = 13  # structural = taking part longer than three months
# Not a figure of the source: 15 structural in the 9-month build-up at a share of one half
# asks for 30 first visits in 39 weeks.
SOURCE_INFLOW = round(TARGET / SOURCE_SHARE / 39, 2)
ASSUMED_LEAVE_HAZARD = 0.01  # our assumption: about 4 in 10 structural participants leave within a year
INFLOW_WINDOW_WEEKS = 26
MIN_INFLOW_WEEKS = 8
MIN_SHARE_PEOPLE = 8
MIN_DELAY_PEOPLE = 5
HAZARD_WINDOW_WEEKS = 52
MIN_EXPOSURE_WEEKS = 52  # one person-year of structural participation
MATURE_DAYS = STRUCTURAL_AFTER_DAYS  # a first visit this long ago had the chance to become structural

FIRST_VISIT, STRUCTURAL = "first_visit", "structural"
PIPELINE_STAGES = ("first_visit", "settling_in", "returned")
LEFT_STAGES = ("dropped_out", "referred", "moved_on")


@dataclass(frozen=True)
class Estimate:
    """One parameter with what it rests on: `n` observations, and whether it is the network's own."""

    value: float
    n: int
    own: bool


@dataclass(frozen=True)
class Inputs:
    structural_now: int
    pipeline_weeks: tuple[int, ...]  # per person on the way: the week they would become structural
    inflow: Estimate  # first visits per week
    share: Estimate  # of first visits, the share that becomes structural
    delay: Estimate  # weeks from first visit to structural
    leave_hazard: Estimate  # per structural participant per week


@dataclass
class Route:
    """One participation's history: (date, stage) in order, and its current stage."""

    stage: str
    stage_since: dt.date
    events: list[tuple[dt.date, str]] = field(default_factory=list)


def estimate(*, routes: list[Route], start_date: dt.date, today: dt.date) -> Inputs:
    first_visits = []
    delays = []
    matured = became = 0
    for route in routes:
        first = next((d for d, s in route.events if s == FIRST_VISIT), None)
        if first is None:
            continue
        first_visits.append(first)
        structural_on = next((d for d, s in route.events if s == STRUCTURAL), None)
        if (today - first).days >= MATURE_DAYS:
            matured += 1
            became += structural_on is not None
        if structural_on is not None:
            delays.append(max(0, (structural_on - first).days) / 7)

    history_weeks = max(0, (today - start_date).days // 7)
    window = min(INFLOW_WINDOW_WEEKS, history_weeks)
    if window >= MIN_INFLOW_WEEKS:
        since = today - dt.timedelta(weeks=window)
        arrivals = sum(1 for d in first_visits if since < d <= today)
        inflow = Estimate(arrivals / window, arrivals, True)
    else:
        inflow = Estimate(SOURCE_INFLOW, 0, False)
    share = (
        Estimate(became / matured, matured, True)
        if matured >= MIN_SHARE_PEOPLE
        else Estimate(SOURCE_SHARE, matured, False)
    )
    delay = (
        Estimate(float(max(1, round(float(np.median(delays))))), len(delays), True)
        if len(delays) >= MIN_DELAY_PEOPLE
        else Estimate(float(SOURCE_DELAY_WEEKS), len(delays), False)
    )
    leave_hazard = _leave_hazard(routes, today)

    structural_now = 0
    pipeline = []
    for route in routes:
        if route.stage == STRUCTURAL:
            structural_now += 1
        elif route.stage in PIPELINE_STAGES:
            since = (
                route.stage_since
                if route.stage == "returned"
                else next((d for d, s in route.events if s == FIRST_VISIT), route.stage_since)
            )
            waited = (today - since).days // 7
            pipeline.append(max(1, int(delay.value) - waited))
    return Inputs(structural_now, tuple(sorted(pipeline)), inflow, share, delay, leave_hazard)


def _leave_hazard(routes: list[Route], today: dt.date) -> Estimate:
    """Leavings of structural participants per structural person-week, over the last 52 weeks."""
    window_start = today - dt.timedelta(weeks=HAZARD_WINDOW_WEEKS)
    exposure_days = 0
    exits = 0
    for route in routes:
        events = route.events
        for i, (date, stage) in enumerate(events):
            end = events[i + 1][0] if i + 1 < len(events) else today
            if stage == STRUCTURAL:
                lo, hi = max(date, window_start), min(end, today)
                exposure_days += max(0, (hi - lo).days)
            if (
                stage in LEFT_STAGES
                and i > 0
                and events[i - 1][1] == STRUCTURAL
                and window_start < date <= today
            ):
                exits += 1
    weeks = exposure_days / 7
    if weeks >= MIN_EXPOSURE_WEEKS:
        return Estimate(exits / weeks, exits, True)
    return Estimate(ASSUMED_LEAVE_HAZARD, exits, False)


@dataclass(frozen=True)
class Result:
    runs: int
    horizon_weeks: int
    target: int
    reached: np.ndarray  # per run: the first week with >= target structural participants; -1 never
    sample_weeks: tuple[int, ...]
    bands: dict[int, np.ndarray]  # percentile -> structural participants at the sample weeks

    def probability_by(self, week: int) -> float:
        hit = (self.reached >= 0) & (self.reached <= week)
        return float(hit.mean())

    def quantile_week(self, q: float) -> int | None:
        """The week by which a share q of the runs reached the target; None if beyond the horizon."""
        weeks = np.where(self.reached >= 0, self.reached, self.horizon_weeks + 1)
        value = int(np.quantile(weeks, q, method="inverted_cdf"))
        return None if value > self.horizon_weeks else value


def simulate(
    *,
    structural_now: int,
    pipeline_weeks: tuple[int, ...] | list[int] = (),
    inflow: float,
    share: float,
    delay_weeks: int,
    leave_hazard: float,
    target: int = TARGET,
    horizon_weeks: int = HORIZON_WEEKS,
    runs: int = RUNS,
    seed: int = 0,
    percentiles: tuple[int, ...] = (10, 25, 50, 75, 90),
) -> Result:
    rng = np.random.default_rng(seed)
    delay_weeks = max(0, int(delay_weeks))
    # joins[t] = how many become structural in week t (t = 1..horizon), per run.
    joins = np.zeros((horizon_weeks + 1, runs), dtype=np.int32)
    arrivals_until = horizon_weeks - delay_weeks  # newcomers of week t join in week t + delay
    if arrivals_until >= 1 and inflow * share > 0:
        joins[1 + delay_weeks :] += rng.poisson(inflow * share, size=(arrivals_until, runs)).astype(np.int32)
    for week in pipeline_weeks:
        if 1 <= week <= horizon_weeks and share > 0:
            joins[week] += (rng.random(runs) < share).astype(np.int32)

    sample_weeks = tuple(sorted({min(horizon_weeks, round(m * WEEKS_PER_MONTH)) for m in range(0, 25)}))
    sample_index = {week: i for i, week in enumerate(sample_weeks)}
    paths = np.empty((len(sample_weeks), runs), dtype=np.int32)
    count = np.full(runs, structural_now, dtype=np.int64)
    reached = np.where(count >= target, 0, -1)
    if 0 in sample_index:
        paths[sample_index[0]] = count
    for week in range(1, horizon_weeks + 1):
        if leave_hazard > 0:
            count -= rng.binomial(count, leave_hazard)
        count += joins[week]
        reached[(reached < 0) & (count >= target)] = week
        if week in sample_index:
            paths[sample_index[week]] = count
    bands = {p: np.percentile(paths, p, axis=1, method="nearest") for p in percentiles}
    return Result(runs, horizon_weeks, target, reached, sample_weeks, bands)


def weeks_until(today: dt.date, day: dt.date) -> int:
    return max(0, math.ceil((day - today).days / 7))


# ----- exact chances for many networks at once (organisation view, home page) ----------------------


def reach_by_week(
    inputs: list[Inputs], *, target: int = TARGET, horizon_weeks: int = HORIZON_WEEKS
) -> np.ndarray:
    """P(the group has reached `target` by week t), t = 0..horizon, per network: shape (networks, horizon + 1).

    The same model as `simulate`, computed exactly instead of by drawing runs: below the target the
    number of structural participants is a Markov chain on 0..target-1 (each week first binomial
    leaving, then the newcomers: Poisson(inflow x share) from week delay+1 on, plus Binomial(k, share)
    for the k people on their way whose week it is), with "reached" as an absorbing state. One numpy
    pass over all networks: (networks x target x target) per week, whatever the history. No random
    noise, so no run count to state; `simulate` agrees within its sampling error (tests).
    """
    n, size = len(inputs), target
    result = np.ones((n, horizon_weeks + 1))
    start = np.array([i.structural_now for i in inputs], dtype=np.int64)
    below = start < target
    if not below.any():
        return result
    states = np.arange(size)
    lam = np.array([max(0.0, i.inflow.value * i.share.value) for i in inputs])
    share = np.array([i.share.value for i in inputs])[:, None]
    delay = np.array([max(0, int(i.delay.value)) for i in inputs])
    hazard = np.array([i.leave_hazard.value for i in inputs])[:, None, None]
    due = np.zeros((n, horizon_weeks + 1), dtype=np.int64)  # people on their way due in week t
    for row, i in enumerate(inputs):
        for week in i.pipeline_weeks:
            if 1 <= week <= horizon_weeks:
                due[row, week] += 1
    rows = max(size, int(due.max()) + 1)
    comb = np.array([[math.comb(a, b) for b in range(size)] for a in range(rows)], dtype=float)
    # stays[n, c, m]: of c structural participants, m stay this week (binomial leaving).
    gone = states[:, None] - states[None, :]
    stays = np.where(gone >= 0, comb[states[:, None], gone.clip(0)], 0.0)[None] * (
        hazard ** gone.clip(0) * (1 - hazard) ** states[None, None, :]
    )
    # step[m, s]: newcomers needed to go from m to s (< target); negative ones are impossible.
    step = states[None, :] - states[:, None]
    possible = (step >= 0)[None]
    factorial = np.array([math.factorial(j) for j in range(size)], dtype=float)
    prob = np.zeros((n, size))
    prob[below, start[below]] = 1.0
    for week in range(1, horizon_weeks + 1):
        mu = np.where(week >= delay + 1, lam, 0.0)[:, None]
        poisson = np.exp(-mu) * mu ** states[None, :] / factorial[None, :]
        k = due[:, week][:, None]
        binom = np.where(
            states[None, :] <= k,
            comb[k, states[None, :]]
            * share ** states[None, :]
            * (1 - share) ** (k - states[None, :]).clip(0),
            0.0,
        )
        joins = _convolve(poisson, binom)
        stayed = np.einsum("nc,ncm->nm", prob, stays)
        prob = np.einsum("nm,nms->ns", stayed, np.where(possible, joins[:, step.clip(0)], 0.0))
        result[:, week] = 1.0 - prob.sum(axis=1)
    result[below, 0] = 0.0
    return np.clip(result, 0.0, 1.0)


def first_week(reach: np.ndarray, q: float) -> list[int | None]:
    """Per network, the first week by which the chance of having reached the target is at least q."""
    hit = reach >= q
    return [int(row.argmax()) if row.any() else None for row in hit]


def _convolve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise convolution of two distributions over 0..size-1, truncated to that length."""
    size = a.shape[1]
    out = np.zeros_like(a)
    for j in range(size):
        out[:, j:] += a[:, j : j + 1] * b[:, : size - j]
    return out
