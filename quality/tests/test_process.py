import datetime as dt
import io

import pytest
from django.urls import reverse

from conftest import TODAY
from quality import catalogue
from quality.services import evaluation_create, precondition_set, reflection_record
from quality.tests.helpers import evaluation_data


@pytest.fixture
def recorded(world):
    """Both networks of organisation A with a final evaluation, a reflection and preconditions."""
    for network, worker in ((world.network_a, world.worker_a), (world.network_b, world.worker_b)):
        evaluation_create(actor=worker, network=network, **evaluation_data(
            status="final", success_factors=["stable_core", "own_ideas"], recommendations=f"Advies {network.name}",
        ))  # fmt: skip
        precondition_set(actor=worker, network=network, key="backup", status="met", expected_version=0)
        answers = {key: ("yes" if i % 2 else "not_yet", "") for i, key in enumerate(catalogue.CHECKLIST_KEYS)}
        reflection_record(actor=worker, network=network, date=TODAY - dt.timedelta(days=5), answers=answers)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("evaluator", 200), ("worker_a", 403), ("researcher", 403), ("admin", 403),
     ("norole", 403), ("outsider", 403)],
)  # fmt: skip
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
    from networks.services import network_create

    client = login(world.coordinator)
    client.get(reverse("quality:process"))
    with django_assert_num_queries(10):
        client.get(reverse("quality:process"))
    for i in range(3):
        network = network_create(actor=world.coordinator, organisation=world.org, name=f"Extra {i}",
                                 start_date=TODAY - dt.timedelta(days=500), lead=world.worker_b)  # fmt: skip
        evaluation_create(actor=world.worker_b, network=network, **evaluation_data(status="final"))
    with django_assert_num_queries(10):
        client.get(reverse("quality:process"))


def test_the_docx_has_the_tables_and_charts(world, login, recorded):
    from docx import Document

    response = login(world.evaluator).get(reverse("quality:process_docx"))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Procesevaluatie van de vangnetwerken" in text and "Advies Creaclub" in text
    assert len(document.inline_shapes) == 4 and len(document.tables) == 5
