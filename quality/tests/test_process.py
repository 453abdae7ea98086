import datetime as dt
import io

import pytest
from django.urls import reverse

from conftest import TODAY
from evaluation.models import Interview
from quality import catalogue
from quality.services import evaluation_create, precondition_set, reflection_record
from quality.tests.helpers import evaluation_data


@pytest.fixture
def recorded(world):
    """Both networks of organisation A with a final evaluation, a reflection and preconditions."""
    for network, worker in ((world.network_a, world.worker_a), (world.network_b, world.worker_b)):
        evaluation_create(
            actor=worker,
            network=network,
            **evaluation_data(
                status="final",
                success_factors=["stable_core", "own_ideas"],
                recommendations=f"Advies {network.name}",
            ),
        )
        precondition_set(actor=worker, network=network, key="backup", status="met", expected_version=0)
        answers = {key: ("yes" if i % 2 else "not_yet", "") for i, key in enumerate(catalogue.CHECKLIST_KEYS)}
        reflection_record(actor=worker, network=network, date=TODAY - dt.timedelta(days=5), answers=answers)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("evaluator", 200),
        ("worker_a", 403),
        ("researcher", 403),
        ("admin", 403),
        ("norole", 403),
        ("outsider", 403),
    ],
)
def test_who_sees_the_process_evaluation(world, login, persona, status):
    assert login(getattr(world, persona)).get(reverse("quality:process")).status_code == status


def test_the_process_evaluation_counts_over_all_networks(world, login, recorded):
    response = login(world.coordinator).get(reverse("quality:process"))
    data = response.context["data"]
    assert [row.network.name for row in data["rows"]] == ["Creaclub", "Soepgroep"]  # not organisation B
    totals = data["totals"]
    assert totals["preconditions_met"] == 2 and totals["evaluated"] == 2
    assert totals["checklist_yes"] == 2 * (len(catalogue.CHECKLIST) // 2)
    assert totals["reach"]["first_visit"] == 2  # Anne and Bert got acquainted 193 days ago
    assert {k: n for k, _t, n in data["success"]}["stable_core"] == 2
    assert totals["goals_achieved"] == 2 * 9
    html = response.content.decode()
    assert "Advies Soepgroep" in html and html.count('role="img"') == 4


def test_evaluators_see_no_participant_names(world, login, recorded):
    html = login(world.evaluator).get(reverse("quality:process")).content.decode()
    assert "Anne" not in html and "Bert" not in html


def test_the_period_can_be_chosen_and_a_reversed_one_falls_back(world, login, recorded):
    client = login(world.coordinator)
    old = client.get(reverse("quality:process"), {"van": "2020-01-01", "tot": "2021-01-01"}).context["data"]
    assert old["rows"] == [] and old["totals"]["evaluated"] == 0
    reversed_period = client.get(reverse("quality:process"), {"van": "2026-11-01", "tot": "2026-01-01"})
    assert reversed_period.context["data"]["end"] == TODAY


def test_the_query_count_is_fixed(world, login, recorded, django_assert_num_queries):
    from evaluation.tests.conftest import held_interview, make_round
    from networks.services import network_create
    from people.services import participant_register

    _interviews(world)
    client = login(world.coordinator)
    client.get(reverse("quality:process"))
    # session, user, the networks with their stamps, their kept figures, the recommendations, the
    # interviews (which count, their networks' stamps, their kept scores)
    with django_assert_num_queries(8):
        client.get(reverse("quality:process"))
    for i in range(3):
        network = network_create(
            actor=world.coordinator,
            organisation=world.org,
            name=f"Extra {i}",
            start_date=TODAY - dt.timedelta(days=500),
            lead=world.worker_b,
        )
        evaluation_create(actor=world.worker_b, network=network, **evaluation_data(status="final"))
        evaluation_round = make_round(network=network, evaluator=world.evaluator, name=f"Ronde {i}")
        for name in ("Kees", "Lies"):
            person = participant_register(actor=world.worker_b, network=network, name=name, date=TODAY)
            held_interview(evaluation_round=evaluation_round, participant=person, evaluator=world.evaluator)
    # and for the networks that changed (new ones here): five reads of their figures and storing them,
    # one read of their interviews' answers and storing their scores
    with django_assert_num_queries(16):
        response = client.get(reverse("quality:process"))
    assert response.context["data"]["totals"]["interview_n"] == 2 + 3 * 2
    with django_assert_num_queries(8):
        again = client.get(reverse("quality:process"))
    assert again.context["data"]["totals"] == response.context["data"]["totals"]


def test_the_docx_has_the_tables_and_charts(world, login, recorded):
    from docx import Document

    response = login(world.evaluator).get(reverse("quality:process_docx"))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Procesevaluatie van de vangnetwerken" in text and "Advies Creaclub" in text
    assert len(document.inline_shapes) == 4
    # every chart is followed by its numbers; the sub-goals and the per-network table besides
    assert len(document.tables) >= 4 + 2  # a table too wide for landscape comes in parts


# ----- appreciation: the evaluation app's paired analysis, one pair per person -----------------------


def _interviews(world):
    """Anne (network_a) interviewed in two rounds, both agreed: 5 -> 5 in the first, 9 -> 5 in the
    second; Bert (network_b) once, 7 -> 4."""
    from evaluation.tests.conftest import held_interview, make_round

    first = make_round(network=world.network_a, evaluator=world.evaluator, name="Voorjaar")
    second = make_round(network=world.network_a, evaluator=world.evaluator, name="Najaar")
    earlier = held_interview(
        evaluation_round=first, participant=world.anne, evaluator=world.evaluator, now=5, before=5
    )
    Interview.objects.filter(pk=earlier.pk).update(held_on=TODAY - dt.timedelta(days=200))
    later = held_interview(
        evaluation_round=second, participant=world.anne, evaluator=world.evaluator, now=9, before=5
    )
    other = make_round(network=world.network_b, evaluator=world.evaluator, name="Creaclub")
    held_interview(evaluation_round=other, participant=world.bert, evaluator=world.evaluator, now=7, before=4)
    return first, second, earlier, later


def _row(data, network):
    return next(row for row in data["rows"] if row.network == network)


def test_someone_interviewed_twice_counts_once_with_the_latest_interview(world, login, recorded):
    _interviews(world)
    data = login(world.coordinator).get(reverse("quality:process")).context["data"]
    soup = _row(data, world.network_a)
    assert (soup.interview_n, soup.interview_change) == (1, 4.0)  # only 9 - 5, not (0 + 4) / 2 over 2
    assert (_row(data, world.network_b).interview_n, _row(data, world.network_b).interview_change) == (1, 3.0)
    totals = data["totals"]
    assert (totals["interview_n"], totals["interview_change"]) == (2, 3.5)


def test_the_figures_are_the_ones_the_evaluator_sees_for_the_network(world, login, recorded):
    from evaluation.models import EvaluationRound
    from evaluation.selectors import paired_analysis

    first, second, _earlier, _later = _interviews(world)
    data = login(world.coordinator).get(reverse("quality:process")).context["data"]
    # The evaluator's analysis page over the network's rounds (their "all rounds" page sees both).
    seen = login(world.evaluator).get(reverse("evaluation:analysis")).context["analysis"]
    network_rounds = paired_analysis(EvaluationRound.objects.filter(network=world.network_a))
    assert _row(data, world.network_a).interview == network_rounds.domain
    assert data["totals"]["interview"] == seen.domain  # all networks pooled: one pair per person
    assert network_rounds.domain.n == 1 and network_rounds.domain.mean_diff == 4.0


def test_only_an_agreed_interview_counts_and_a_later_unchecked_one_does_not_replace_it(
    world, login, recorded
):
    from evaluation.tests.conftest import held_interview, make_round

    first = make_round(network=world.network_a, evaluator=world.evaluator, name="Voorjaar")
    earlier = held_interview(
        evaluation_round=first,
        participant=world.anne,
        evaluator=world.evaluator,
        now=8,
        before=4,
        state="amended",
    )
    Interview.objects.filter(pk=earlier.pk).update(held_on=TODAY - dt.timedelta(days=200))
    second = make_round(network=world.network_a, evaluator=world.evaluator, name="Najaar")
    held_interview(
        evaluation_round=second,
        participant=world.anne,
        evaluator=world.evaluator,
        now=1,
        before=9,
        state="read_back",
    )
    soup = _row(login(world.coordinator).get(reverse("quality:process")).context["data"], world.network_a)
    assert (soup.interview_n, soup.interview_change) == (1, 4.0)


def test_only_interviews_held_in_the_period_count(world, login, recorded):
    _first, _second, earlier, _later = _interviews(world)
    client = login(world.coordinator)
    # A period that ends before the latest interview: the earlier one (no change) is Anne's latest.
    period = {
        "van": (TODAY - dt.timedelta(days=400)).isoformat(),
        "tot": (TODAY - dt.timedelta(days=100)).isoformat(),
    }
    data = client.get(reverse("quality:process"), period).context["data"]
    assert (_row(data, world.network_a).interview_n, _row(data, world.network_a).interview_change) == (1, 0.0)
    assert _row(data, world.network_b).interview is None  # Bert's interview lies after the period
    assert data["totals"]["interview_n"] == 1
    html = client.get(reverse("quality:process"), period).content.decode()
    assert "over 1 deelnemer van wie het gespreksverslag in deze periode akkoord is" in html


def test_many_networks_show_a_page_of_rows_and_the_newest_recommendations(
    world, login, recorded, monkeypatch
):
    """Totals and charts over all networks; the table a page at a time, keeping the period."""
    from quality import views

    monkeypatch.setattr(views, "PROCESS_PAGE_SIZE", 1)
    monkeypatch.setattr(views, "PROCESS_RECOMMENDATIONS", 1)
    client = login(world.coordinator)
    first = client.get(reverse("quality:process"), {"van": "2025-01-01", "tot": "2026-11-25"})
    assert first.context["data"]["totals"]["evaluated"] == 2
    assert [row.network.name for row in first.context["page"].object_list] == ["Creaclub"]
    html = first.content.decode()
    assert "van=2025-01-01&amp;tot=2026-11-25&amp;pagina=2" in html and "Pagina 1 van 2" in html
    assert "En 1 oudere aanbeveling" in html
    second = client.get(reverse("quality:process"), {"van": "2025-01-01", "tot": "2026-11-25", "pagina": "2"})
    assert [row.network.name for row in second.context["page"].object_list] == ["Soepgroep"]
