"""The simulation on constructed cases, and the estimation from a history."""

import datetime as dt

import numpy as np

from planning import forecast
from planning.forecast import Route, estimate, simulate

TODAY = dt.date(2026, 11, 25)


def run(**kw):
    params = {
        "structural_now": 5,
        "inflow": 1.0,
        "share": 0.5,
        "delay_weeks": 13,
        "leave_hazard": 0.01,
        "runs": 2000,
        "seed": 3,
    } | kw
    return simulate(**params)


def test_zero_inflow_never_reaches_the_target():
    result = run(structural_now=10, inflow=0.0, leave_hazard=0.0)
    assert (result.reached == -1).all()
    assert result.probability_by(104) == 0.0
    assert result.quantile_week(0.5) is None


def test_a_group_already_at_15_reaches_it_at_week_zero():
    result = run(structural_now=15, inflow=0.0)
    assert (result.reached == 0).all()
    assert result.quantile_week(0.5) == 0 and result.probability_by(0) == 1.0


def test_higher_inflow_gives_an_earlier_median():
    slow, fast = run(inflow=0.6), run(inflow=1.5)
    assert fast.quantile_week(0.5) < slow.quantile_week(0.5)
    assert fast.probability_by(52) > slow.probability_by(52)


def test_same_seed_same_result_other_seed_other_draws():
    a, b, c = run(seed=7), run(seed=7), run(seed=8)
    assert np.array_equal(a.reached, b.reached)
    assert not np.array_equal(a.reached, c.reached)


def test_nobody_joins_before_the_delay_has_passed():
    result = run(structural_now=0, inflow=5.0, share=1.0, delay_weeks=13, leave_hazard=0.0, target=1)
    assert result.reached.min() == 14  # first visits from week 1 become structural 13 weeks later


def test_people_on_their_way_count():
    result = run(structural_now=14, inflow=0.0, share=1.0, leave_hazard=0.0, pipeline_weeks=(4,))
    assert (result.reached == 4).all()


def test_leaving_lowers_the_count():
    result = run(structural_now=15, inflow=0.0, leave_hazard=0.05)
    assert result.bands[50][-1] < 15


def test_ten_thousand_runs_by_default():
    result = simulate(structural_now=3, inflow=1.0, share=0.5, delay_weeks=13, leave_hazard=0.01)
    assert result.runs == 10_000 and result.reached.shape == (10_000,)


def _route(first, structural=None, left=None, stage=None):
    events = [(first, "first_visit")]
    if structural:
        events.append((structural, "structural"))
    if left:
        events.append((left, "dropped_out"))
    current = stage or events[-1][1]
    return Route(stage=current, stage_since=events[-1][0], events=events)


def test_too_little_history_falls_back_on_the_source():
    start = TODAY - dt.timedelta(weeks=5)
    inputs = estimate(routes=[_route(start)], start_date=start, today=TODAY)
    assert not inputs.inflow.own and inputs.inflow.value == forecast.SOURCE_INFLOW
    assert not inputs.share.own and inputs.share.value == 0.5
    assert not inputs.delay.own and inputs.delay.value == 13
    assert not inputs.leave_hazard.own and inputs.leave_hazard.value == forecast.ASSUMED_LEAVE_HAZARD
    assert inputs.pipeline_weeks == (8,)  # 13 weeks minus the 5 already waited


def test_own_history_gives_own_estimates():
    start = TODAY - dt.timedelta(weeks=150)
    routes = []
    for i in range(30):  # one first visit every 5 weeks; the even ones of the first 16 became structural
        first = start + dt.timedelta(weeks=5 * i)
        routes.append(_route(first, first + dt.timedelta(weeks=10) if i % 2 == 0 and i < 16 else None))
    # One more structural participant, who left three weeks ago.
    routes.append(_route(start, start + dt.timedelta(weeks=10), TODAY - dt.timedelta(weeks=3)))
    inputs = estimate(routes=routes, start_date=start, today=TODAY)
    # Last 26 weeks: first visits 25, 20, 15, 10 and 5 weeks ago.
    assert inputs.inflow.own and inputs.inflow.n == 5 and inputs.inflow.value == 5 / 26
    # Matured (first visit at least 13 weeks ago): 28 + the leaver; structural: 8 + the leaver.
    assert inputs.share.own and (inputs.share.n, inputs.share.value) == (29, 9 / 29)
    assert inputs.delay.own and (inputs.delay.n, inputs.delay.value) == (9, 10.0)
    assert inputs.leave_hazard.own and inputs.leave_hazard.n == 1
    assert inputs.structural_now == 8
    assert len(inputs.pipeline_weeks) == 22 and inputs.pipeline_weeks[-1] == 5  # the newest: 10 - 5 weeks


def test_exact_chances_agree_with_the_simulation_for_many_networks_at_once():
    from planning.forecast import Estimate, Inputs, first_week, reach_by_week, simulate

    def inputs(now, pipeline, inflow, share, delay, hazard):
        return Inputs(now, pipeline, *(Estimate(v, 0, True) for v in (inflow, share, delay, hazard)))

    cases = [
        inputs(5, (3, 8, 12), 0.5, 0.5, 10, 0.01),
        inputs(0, (1, 1, 2, 5, 5, 5, 9), 0.77, 0.6, 3, 0.0),
        inputs(12, (), 0.3, 0.4, 13, 0.02),
        inputs(16, (), 0.3, 0.4, 13, 0.02),  # already there: reached at week 0
    ]
    reach = reach_by_week(cases)
    assert reach.shape == (4, 105)
    assert (reach[3] == 1).all() and reach[0, 0] == 0
    assert (reach[:, 1:] >= reach[:, :-1] - 1e-12).all()  # a chance to have reached it never falls
    medians = first_week(reach, 0.5)
    for case, row, median in zip(cases, reach, medians, strict=True):
        run = simulate(
            structural_now=case.structural_now,
            pipeline_weeks=case.pipeline_weeks,
            inflow=case.inflow.value,
            share=case.share.value,
            delay_weeks=int(case.delay.value),
            leave_hazard=case.leave_hazard.value,
            runs=20_000,
            seed=3,
        )
        for week in (10, 26, 52, 104):
            assert abs(row[week] - run.probability_by(week)) < 0.015, (case, week)
        assert median == run.quantile_week(0.5)
    assert medians[:3] == [64, 26, None]
