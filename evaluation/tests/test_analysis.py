import datetime as dt

import pytest
from django.urls import reverse

from conftest import TODAY
from evaluation.models import EvaluationRound
from evaluation.selectors import domain_by_network, paired_analysis
from evaluation.tests.conftest import held_interview, make_round
from networks.models import Network
from people.services import participant_register
from privacy.models import ConsentScope
from privacy.services import consent_set


def _person(world, name):
    return participant_register(actor=world.worker_a, network=world.network_a, name=name, date=TODAY)


def _rounds(world):
    return EvaluationRound.objects.filter(organisation=world.org)


def test_only_agreed_reports_count(world):
    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    held_interview(
        evaluation_round=evaluation_round,
        participant=world.anne,
        evaluator=world.evaluator,
        now=8,
        before=4,
        state="agreed",
    )
    held_interview(
        evaluation_round=evaluation_round,
        participant=_person(world, "Kees"),
        evaluator=world.evaluator,
        now=6,
        before=5,
        state="amended",
    )
    for state in ("draft", "read_back"):
        held_interview(
            evaluation_round=evaluation_round,
            participant=_person(world, state),
            evaluator=world.evaluator,
            now=0,
            before=10,
            state=state,
        )
    result = paired_analysis(_rounds(world))
    assert result.n_interviews == 4 and result.n_included == 2
    contact = result.items[0]
    assert contact.result.n == 2
    assert sorted(contact.pairs) == [(6, 5), (8, 4)]
    assert contact.result.mean_diff == pytest.approx(2.5)  # (4 + 1) / 2; the unchecked -10s are absent


def test_without_consent_for_the_evaluation_an_interview_does_not_count(world):
    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    interview = held_interview(
        evaluation_round=evaluation_round, participant=world.anne, evaluator=world.evaluator
    )
    assert paired_analysis(_rounds(world)).n_included == 1
    # withdrawn in the privacy app's consent register: the interview no longer counts
    consent_set(
        actor=world.worker_a, participant=interview.participant, scope=ConsentScope.EVALUATION, given=False
    )
    assert paired_analysis(_rounds(world)).n_included == 0


def test_research_consent_withdrawn_in_the_register_leaves_the_research_view(world):
    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    held_interview(evaluation_round=evaluation_round, participant=world.anne, evaluator=world.evaluator)
    assert paired_analysis(_rounds(world), research=True).n_included == 1
    consent_set(actor=world.worker_a, participant=world.anne, scope=ConsentScope.RESEARCH, given=False)
    assert paired_analysis(_rounds(world), research=True).n_included == 0
    assert paired_analysis(_rounds(world)).n_included == 1


def test_research_view_keeps_only_research_consent(world):
    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    held_interview(evaluation_round=evaluation_round, participant=world.anne, evaluator=world.evaluator)
    held_interview(
        evaluation_round=evaluation_round,
        participant=_person(world, "Kees"),
        evaluator=world.evaluator,
        research=False,
    )
    assert paired_analysis(_rounds(world)).n_included == 2
    assert paired_analysis(_rounds(world), research=True).n_included == 1


def test_pooled_rounds_count_a_person_once_with_the_latest_interview(world):
    first = make_round(network=world.network_a, evaluator=world.evaluator, name="2025")
    second = make_round(network=world.network_a, evaluator=world.evaluator, name="2026")
    held_interview(evaluation_round=first, participant=world.anne, evaluator=world.evaluator, now=5, before=5)
    held_interview(
        evaluation_round=second, participant=world.anne, evaluator=world.evaluator, now=9, before=5
    )
    result = paired_analysis(_rounds(world))
    assert result.n_included == 1
    assert result.items[0].pairs == [(9, 5)]


def test_per_network_each_network_gets_what_its_own_rounds_give_from_the_same_queries(
    world, django_assert_num_queries
):
    kees = participant_register(actor=world.worker_b, network=world.network_b, name="Kees", date=TODAY)
    first = make_round(network=world.network_a, evaluator=world.evaluator, name="2025")
    second = make_round(network=world.network_a, evaluator=world.evaluator, name="2026")
    other = make_round(network=world.network_b, evaluator=world.evaluator, name="Creaclub")
    held_interview(evaluation_round=first, participant=world.anne, evaluator=world.evaluator, now=5, before=5)
    held_interview(
        evaluation_round=second, participant=world.anne, evaluator=world.evaluator, now=9, before=5
    )
    held_interview(evaluation_round=other, participant=world.bert, evaluator=world.evaluator, now=6, before=4)
    held_interview(evaluation_round=other, participant=kees, evaluator=world.evaluator, state="draft")
    with django_assert_num_queries(5):  # nothing kept yet: the answers are read, their scores stored
        domain_by_network(Network.objects.filter(organisation=world.org))
    with django_assert_num_queries(3):  # the interviews that count, the networks, the kept scores
        pooled, by_network = domain_by_network(Network.objects.filter(organisation=world.org))
    assert set(by_network) == {world.network_a.pk, world.network_b.pk}
    for network in (world.network_a, world.network_b):
        alone = paired_analysis(EvaluationRound.objects.filter(network=network))
        mine = by_network[network.pk]
        assert mine.domain == alone.domain and mine.domain_pairs == alone.domain_pairs
        assert (mine.n_interviews, mine.n_included) == (alone.n_interviews, alone.n_included)
    assert by_network[world.network_a.pk].domain_pairs == [(9, 5)]  # Anne once, her latest interview
    assert (by_network[world.network_b.pk].n_interviews, by_network[world.network_b.pk].n_included) == (2, 1)
    assert pooled.domain == paired_analysis(_rounds(world)).domain and pooled.n_included == 2


def test_someone_in_two_networks_gives_a_pair_in_each_but_one_pooled(world):
    from people.services import participation_add

    participation_add(actor=world.coordinator, participant=world.anne, network=world.network_b, date=TODAY)
    in_a = make_round(network=world.network_a, evaluator=world.evaluator, name="Soep")
    in_b = make_round(network=world.network_b, evaluator=world.evaluator, name="Crea")
    held_interview(evaluation_round=in_a, participant=world.anne, evaluator=world.evaluator, now=6, before=5)
    held_interview(evaluation_round=in_b, participant=world.anne, evaluator=world.evaluator, now=8, before=5)
    pooled, by_network = domain_by_network(Network.objects.filter(organisation=world.org))
    assert by_network[world.network_a.pk].domain_pairs == [(6, 5)]
    assert by_network[world.network_b.pk].domain_pairs == [(8, 5)]
    assert pooled.domain_pairs == [(8, 5)]


def test_a_period_keeps_the_latest_interview_held_in_it(world):
    from evaluation.models import Interview

    first = make_round(network=world.network_a, evaluator=world.evaluator, name="2025")
    second = make_round(network=world.network_a, evaluator=world.evaluator, name="2026")
    earlier = held_interview(
        evaluation_round=first, participant=world.anne, evaluator=world.evaluator, now=5, before=5
    )
    Interview.objects.filter(pk=earlier.pk).update(held_on=TODAY - dt.timedelta(days=300))
    held_interview(
        evaluation_round=second, participant=world.anne, evaluator=world.evaluator, now=9, before=5
    )
    before_the_latest = (TODAY - dt.timedelta(days=400), TODAY - dt.timedelta(days=100))
    result = paired_analysis(_rounds(world), held_between=before_the_latest)
    assert (result.n_interviews, result.n_included, result.domain_pairs) == (1, 1, [(5, 5)])
    assert paired_analysis(_rounds(world)).domain_pairs == [(9, 5)]
    nothing = paired_analysis(
        _rounds(world), held_between=(TODAY - dt.timedelta(days=99), TODAY - dt.timedelta(days=50))
    )
    assert (nothing.n_interviews, nothing.n_included, nothing.domain) == (0, 0, None)


def test_declined_and_missing_are_counted_apart(world):
    from evaluation.models import Answer

    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    a = held_interview(evaluation_round=evaluation_round, participant=world.anne, evaluator=world.evaluator)
    b = held_interview(
        evaluation_round=evaluation_round, participant=_person(world, "Kees"), evaluator=world.evaluator
    )
    first = evaluation_round.template.questions.first()
    Answer.objects.filter(interview=a, question=first).update(now=None, now_declined=True)
    Answer.objects.filter(interview=b, question=first).delete()
    item = paired_analysis(_rounds(world)).items[0]
    assert (item.result.n, item.declined, item.missing) == (0, 1, 1)


def test_domain_mean_per_person(world):
    from evaluation.models import Answer

    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    interview = held_interview(
        evaluation_round=evaluation_round, participant=world.anne, evaluator=world.evaluator, now=6, before=4
    )
    first = evaluation_round.template.questions.first()
    Answer.objects.filter(interview=interview, question=first).update(now=10, before=4)
    result = paired_analysis(_rounds(world))
    # Seven items: six at 6 and one at 10 now -> 46/7; all at 4 before.
    assert result.domain_pairs == [pytest.approx((46 / 7, 4.0))]
    assert result.min_items_for_mean == 4


def test_page_explains_method_and_caution(world, ev, login):
    page = (
        login(world.coordinator)
        .get(reverse("evaluation:round_analysis", args=[ev.round.pk]))
        .content.decode()
    )
    assert "zoals Wilcoxon het oorspronkelijk deed" in page
    assert "terugkijkend" in page
    assert page.index("Hoe berekend") < page.index("zoals Wilcoxon")  # the method sits in the fold
    assert "scipy" not in page and "zero_method" not in page and "enumerated" not in page


def test_one_interview_gives_too_little_data_not_a_p_value(world, ev, login):
    """With n = 1 there is no p = 1,000 or r = 1,00: the page says there is too little data; a worker sees
    no test names or methods at all."""
    for user in (world.coordinator, world.worker_a):
        page = login(user).get(reverse("evaluation:round_analysis", args=[ev.round.pk])).content.decode()
        assert "te weinig gegevens" in page
        assert "1,000" not in page and "(enumerated)" not in page and "(exact)" not in page
    assert "scipy" not in page and "zero_method" not in page and "Hoe berekend" not in page


@pytest.mark.parametrize("extra", [0, 6])
def test_analysis_query_count_does_not_grow(world, ev, login, django_assert_num_queries, extra):
    for i in range(extra):
        held_interview(
            evaluation_round=ev.round, participant=_person(world, f"P{i}"), evaluator=world.evaluator
        )
    client = login(world.coordinator)
    with django_assert_num_queries(5):  # the analysis itself: interviews, then their answers
        response = client.get(reverse("evaluation:round_analysis", args=[ev.round.pk]))
    assert response.context["analysis"].n_included == 1 + extra


def test_charts_have_a_text_alternative(world, ev, login):
    page = (
        login(world.coordinator)
        .get(reverse("evaluation:round_analysis", args=[ev.round.pk]))
        .content.decode()
    )
    assert page.count('role="img"') >= 3  # items, domain differences, and per item
    assert "Gemiddelde score per vraag" in page
    assert "De getallen in een tabel" in page


def test_difference_bins_give_zero_its_own_bar():
    from evaluation.charts import _difference_edges

    assert _difference_edges([-1, 0, 2], 1) == [-1.5, -0.5, 0.5, 1.5, 2.5]


def test_researcher_pages_keep_only_research_consent(world, ev, login):
    held_interview(
        evaluation_round=ev.round,
        participant=_person(world, "Kees"),
        evaluator=world.evaluator,
        research=False,
    )
    assert login(world.coordinator).get(reverse("evaluation:analysis")).context["analysis"].n_included == 2
    assert login(world.researcher).get(reverse("evaluation:analysis")).context["analysis"].n_included == 1
