"""Due-date logic of network evaluations, at the frozen moment (25 November 2026) and by travelling."""

import datetime as dt

import time_machine

from networks.models import Network, Phase
from quality.models import EvaluationKind, EvaluationStatus, NetworkEvaluation
from quality.selectors import due_evaluations


def _network(start, phase=Phase.BUILDUP, phase_since=None):
    return Network(start_date=start, phase=phase, phase_since=phase_since or start)


def _evaluation(kind, date, status=EvaluationStatus.FINAL, pk=1):
    return NetworkEvaluation(pk=pk, kind=kind, date=date, status=status)


def test_one_year_evaluation_is_due_twelve_months_after_the_start():
    rows = {
        r.kind: r
        for r in due_evaluations(_network(dt.date(2026, 1, 10)), evaluation_entered=None, evaluations=[])
    }
    assert rows[EvaluationKind.ONE_YEAR].due == dt.date(2027, 1, 10)
    assert rows[EvaluationKind.ONE_YEAR].state == "due_soon"  # 46 days ahead
    assert rows[EvaluationKind.FINAL].due == dt.date(2027, 7, 10)  # 3 + 9 + 6 months planned
    assert rows[EvaluationKind.FINAL].state == "planned"
    assert EvaluationKind.YEARLY not in rows  # not a provision yet


def test_overdue_then_done_once_a_final_evaluation_exists():
    network = _network(dt.date(2025, 6, 1))
    rows = {r.kind: r for r in due_evaluations(network, evaluation_entered=None, evaluations=[])}
    assert rows[EvaluationKind.ONE_YEAR].state == "overdue"
    draft = _evaluation(EvaluationKind.ONE_YEAR, dt.date(2026, 6, 3), EvaluationStatus.DRAFT)
    rows = {r.kind: r for r in due_evaluations(network, evaluation_entered=None, evaluations=[draft])}
    assert rows[EvaluationKind.ONE_YEAR].state == "in_progress"
    final = _evaluation(EvaluationKind.ONE_YEAR, dt.date(2026, 6, 3), pk=2)
    rows = {r.kind: r for r in due_evaluations(network, evaluation_entered=None, evaluations=[draft, final])}
    assert (rows[EvaluationKind.ONE_YEAR].state, rows[EvaluationKind.ONE_YEAR].evaluation_id) == ("done", 2)


def test_the_final_evaluation_follows_the_actual_phase_change():
    network = _network(dt.date(2025, 1, 1), phase=Phase.EVALUATION, phase_since=dt.date(2026, 9, 1))
    rows = {
        r.kind: r for r in due_evaluations(network, evaluation_entered=dt.date(2026, 9, 1), evaluations=[])
    }
    assert (
        rows[EvaluationKind.FINAL].due == dt.date(2026, 9, 1)
        and rows[EvaluationKind.FINAL].state == "overdue"
    )


def test_a_provision_is_evaluated_yearly_after_its_latest_evaluation():
    network = _network(dt.date(2024, 1, 1), phase=Phase.PROVISION, phase_since=dt.date(2025, 9, 1))
    final = _evaluation(EvaluationKind.FINAL, dt.date(2025, 8, 1))
    rows = {
        r.kind: r
        for r in due_evaluations(network, evaluation_entered=dt.date(2025, 7, 1), evaluations=[final])
    }
    assert (
        rows[EvaluationKind.YEARLY].due == dt.date(2026, 8, 1)
        and rows[EvaluationKind.YEARLY].state == "overdue"
    )
    yearly = _evaluation(EvaluationKind.YEARLY, dt.date(2026, 8, 20), pk=3)
    rows = {
        r.kind: r
        for r in due_evaluations(network, evaluation_entered=dt.date(2025, 7, 1), evaluations=[final, yearly])
    }
    assert (
        rows[EvaluationKind.YEARLY].due == dt.date(2027, 8, 20)
        and rows[EvaluationKind.YEARLY].state == "planned"
    )


def test_travelling_in_time_moves_the_state():
    network = _network(dt.date(2026, 1, 10))
    with time_machine.travel(dt.datetime(2027, 2, 1, 12, 0), tick=False):
        rows = {r.kind: r for r in due_evaluations(network, evaluation_entered=None, evaluations=[])}
    assert rows[EvaluationKind.ONE_YEAR].state == "overdue"


def test_a_stopped_network_has_nothing_due():
    assert (
        due_evaluations(
            _network(dt.date(2024, 1, 1), phase=Phase.STOPPED), evaluation_entered=None, evaluations=[]
        )
        == []
    )
