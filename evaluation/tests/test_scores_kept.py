"""The interview scores per network, kept under the network's stamp (evaluation.selectors.interview_scores,
networks/stamps.py): read again only for networks whose answers changed, equal to scores read afresh."""

import re

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluation.models import Answer, EvaluationRound, KeptInterviewScores
from evaluation.selectors import _interview_scores, domain_by_network, keep_scores_current, paired_analysis
from evaluation.tests.conftest import held_interview, make_round
from networks import stamps
from networks.models import Network


def _world_with_interviews(world):
    first = make_round(network=world.network_a, evaluator=world.evaluator, name="2026")
    other = make_round(network=world.network_b, evaluator=world.evaluator, name="Creaclub")
    anne = held_interview(evaluation_round=first, participant=world.anne, evaluator=world.evaluator, now=8)
    held_interview(evaluation_round=other, participant=world.bert, evaluator=world.evaluator, now=6, before=4)
    return anne


def test_the_scores_read_only_tables_that_renew_the_stamp_and_questions_that_never_change(world):
    _world_with_interviews(world)
    scope = Network.objects.filter(organisation=world.org)
    with CaptureQueriesContext(connection) as queries:
        _interview_scores(list(scope), scope)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    read = {m._meta.db_table for m in apps.get_models() if re.search(rf'"{m._meta.db_table}"', sql)}
    assert {"evaluation_answer", "evaluation_interview", "evaluation_evaluationround"} <= read
    assert read - {"evaluation_question", "networks_network"} <= set(stamps.SOURCES)


def test_kept_scores_give_the_same_result_and_a_changed_answer_shows_at_once(world):
    anne = _world_with_interviews(world)
    networks = Network.objects.filter(organisation=world.org)
    first = domain_by_network(networks)
    assert KeptInterviewScores.objects.filter(network__organisation=world.org).count() == 2
    assert domain_by_network(networks) == first
    assert first[1][world.network_a.pk].domain_pairs == [(8, 4)]
    Answer.objects.filter(interview=anne).update(now=9)  # a queryset update: the trigger renews the stamp
    after = domain_by_network(networks)
    assert after[1][world.network_a.pk].domain_pairs == [(9, 4)]
    assert after[1][world.network_b.pk] == first[1][world.network_b.pk]
    assert after[0].domain == paired_analysis(EvaluationRound.objects.filter(organisation=world.org)).domain
    KeptInterviewScores.objects.all().delete()
    assert domain_by_network(networks) == after  # the same as computed from nothing kept


def test_an_interview_moved_to_another_network_leaves_the_first_and_counts_in_the_second(world):
    from evaluation.models import Interview

    anne = _world_with_interviews(world)
    networks = Network.objects.filter(organisation=world.org)
    domain_by_network(networks)
    other = make_round(network=world.network_b, evaluator=world.evaluator, name="Later")
    Interview.objects.filter(pk=anne.pk).update(round=other)
    _pooled, by_network = domain_by_network(networks)
    assert world.network_a.pk not in by_network
    assert sorted(by_network[world.network_b.pk].domain_pairs) == [(6, 4), (8, 4)]


def test_the_worker_keeps_every_networks_scores_current(world):
    anne = _world_with_interviews(world)
    KeptInterviewScores.objects.all().delete()
    assert keep_scores_current() == Network.objects.count()  # both organisations, with rounds or not
    assert keep_scores_current() == 0
    Answer.objects.filter(interview=anne).first().delete()
    assert keep_scores_current() == 1
