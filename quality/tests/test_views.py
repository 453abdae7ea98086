import datetime as dt

import pytest
from django.urls import reverse

from conftest import TODAY
from quality import catalogue
from quality.models import ChecklistReflection, NetworkEvaluation, Precondition
from quality.services import evaluation_create, precondition_set, reflection_record
from quality.tests.helpers import evaluation_data, evaluation_post, reflection_post


def _answers(answer="yes"):
    return dict.fromkeys(catalogue.CHECKLIST_KEYS, (answer, ""))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("worker_a", 200),
        ("backup_a", 200),
        ("coordinator", 200),
        ("evaluator", 200),
        ("worker_b", 404),
        ("researcher", 403),
        ("admin", 403),
        ("norole", 403),
        ("outsider", 404),
    ],
)
def test_who_sees_the_network_quality_page(world, login, persona, status):
    response = login(getattr(world, persona)).get(reverse("quality:network", args=[world.network_a.pk]))
    assert response.status_code == status


def test_the_network_page_shows_due_evaluations_preconditions_and_facts(
    world, login, django_assert_num_queries
):
    client = login(world.worker_a)
    url = reverse("quality:network", args=[world.network_a.pk])
    client.get(url)
    with django_assert_num_queries(11):
        response = client.get(url)
    html = response.content.decode()
    assert "Achterwacht: Backup_a" in html
    due = {row.kind: row for row in response.context["due"]}
    assert due["one_year"].due == dt.date(2027, 5, 9) and due["one_year"].state == "planned"
    # More history does not add queries.
    for days in (20, 10, 1):
        reflection_record(
            actor=world.worker_a,
            network=world.network_a,
            date=TODAY - dt.timedelta(days=days),
            answers=_answers(),
        )
        evaluation_create(actor=world.worker_a, network=world.network_a, **evaluation_data())
    with django_assert_num_queries(11):
        client.get(url)


def test_the_overview_page_signals_unmet_preconditions(world, login):
    precondition_set(
        actor=world.worker_a, network=world.network_b, key="location", status="not_met", expected_version=0
    )
    html = (
        login(world.coordinator).get(reverse("networks:detail", args=[world.network_b.pk])).content.decode()
    )
    assert "2 randvoorwaarden niet vervuld" in html
    assert "Geen achterwacht gekoppeld" in html  # network_b has no backup


def test_a_reflection_is_recorded_and_compared_with_the_previous_one(world, login):
    reflection_record(
        actor=world.worker_a,
        network=world.network_a,
        date=TODAY - dt.timedelta(days=90),
        answers=_answers("not_yet"),
    )
    client = login(world.worker_a)
    url = reverse("quality:reflection_new", args=[world.network_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, reflection_post("yes", tg_open_answer="partly", tg_open_note="Nog weinig instroom")
    )
    assert response.status_code == 302
    latest = ChecklistReflection.objects.filter(network=world.network_a).first()
    assert latest.checklist_version == catalogue.CHECKLIST_VERSION and latest.answers.count() == len(
        catalogue.CHECKLIST
    )
    page = client.get(reverse("quality:reflection", args=[latest.pk]))
    assert page.context["view"].changed == len(catalogue.CHECKLIST)
    assert "Nog weinig instroom" in page.content.decode()


def test_a_bad_reflection_keeps_the_input_and_saves_nothing(world, login):
    client = login(world.worker_a)
    post = reflection_post("yes", date=(TODAY + dt.timedelta(days=1)).isoformat(), tg_open_note="bewaard")
    del post["ac_weekly_answer"]
    response = client.post(reverse("quality:reflection_new", args=[world.network_a.pk]), post)
    assert response.status_code == 200
    form = response.context["form"]
    assert "date" in form.errors and "ac_weekly_answer" in form.errors
    assert 'value="bewaard"' in response.content.decode()
    assert not ChecklistReflection.objects.exists()


def test_a_precondition_is_updated_with_a_version(world, login):
    client = login(world.worker_a)
    url = reverse("quality:precondition", args=[world.network_a.pk, "room"])
    assert client.get(url).status_code == 200
    data = {
        "status": "met",
        "note": "Eigen hoek in het buurthuis",
        "checked_on": TODAY.isoformat(),
        "version": "0",
    }
    assert client.post(url, data).status_code == 302
    stored = Precondition.objects.get(network=world.network_a, key="room")
    assert (stored.status, stored.version) == ("met", 1)
    # A second person edits from the same old page: conflict, nothing lost or overwritten.
    response = client.post(url, {**data, "status": "not_met"})
    assert response.status_code == 409
    assert Precondition.objects.get(pk=stored.pk).status == "met"
    assert client.post(url, {**data, "status": "partly", "version": "1"}).status_code == 302


def test_an_unknown_precondition_is_404(world, login):
    response = login(world.worker_a).get(
        reverse("quality:precondition", args=[world.network_a.pk, "nonsense"])
    )
    assert response.status_code == 404


def test_an_evaluation_is_created_edited_and_conflicts_are_shown(world, login):
    client = login(world.worker_a)
    url = reverse("quality:evaluation_new", args=[world.network_a.pk])
    page = client.get(url)
    assert page.status_code == 200 and "facts" in page.context
    response = client.post(url, evaluation_post())
    assert response.status_code == 302
    evaluation = NetworkEvaluation.objects.get()
    assert response["Location"] == reverse("quality:evaluation", args=[evaluation.pk])  # the new one's page
    assert evaluation.goals["a"] == {"result": "achieved", "note": ""} and evaluation.success_factors == [
        "stable_core"
    ]
    edit = reverse("quality:evaluation_edit", args=[evaluation.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, evaluation_post(version="1", goal_d="partly", status="final")).status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.goals["d"]["result"], evaluation.status, evaluation.version) == ("partly", "final", 2)
    stale = client.post(edit, evaluation_post(version="1", status="final", recommendations="Oud"))
    assert stale.status_code == 409
    # The stored version in the shape of the form: the sub-goal saved as "partly" next to the input.
    goal_d = next(row for row in stale.context["rows"] if row["label"].startswith("d. "))
    assert (goal_d["theirs"], goal_d["mine"], goal_d["differs"]) == ("partly", "achieved", True)
    evaluation.refresh_from_db()
    assert evaluation.recommendations == "Meer werven."
    detail = client.get(reverse("quality:evaluation", args=[evaluation.pk]))
    assert detail.status_code == 200 and "Meer werven." in detail.content.decode()


def test_a_bad_evaluation_keeps_the_input_and_saves_nothing(world, login):
    client = login(world.worker_a)
    response = client.post(
        reverse("quality:evaluation_new", args=[world.network_a.pk]),
        evaluation_post(goal_c="", recommendations="Bewaard"),
    )
    assert response.status_code == 200
    assert "goal_c" in response.context["form"].errors
    assert "Bewaard" in response.content.decode()
    assert not NetworkEvaluation.objects.exists()


def test_an_evaluation_refused_by_the_service_keeps_the_input_and_changes_nothing(world, login):
    evaluation = evaluation_create(
        actor=world.worker_a, network=world.network_a, **(evaluation_data() | {"status": "final"})
    )
    client = login(world.worker_a)
    edit = reverse("quality:evaluation_edit", args=[evaluation.pk])
    initial = client.get(edit).context["form"].initial
    assert (initial["goal_a"], initial["status"], initial["version"]) == ("achieved", "final", 1)
    response = client.post(edit, evaluation_post(version="1", status="draft", recommendations="Nieuw"))
    assert response.status_code == 200 and "status" in response.context["form"].errors  # final stays final
    assert "Nieuw" in response.content.decode()
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.recommendations, evaluation.version) == (
        "final",
        "Meer werven via de huisarts.",
        1,
    )


def test_a_group_conversation_needs_participants(world, login):
    response = login(world.worker_a).post(
        reverse("quality:evaluation_new", args=[world.network_a.pk]),
        evaluation_post(took_part="whole_group", participants_count="0", recommendations="Bewaard"),
    )
    assert "participants_count" in response.context["form"].errors
    assert "Bewaard" in response.content.decode()
    assert not NetworkEvaluation.objects.exists()


def test_evaluators_record_network_evaluations_but_not_reflections(world, login):
    evaluation = evaluation_create(actor=world.worker_a, network=world.network_a, **evaluation_data())
    client = login(world.evaluator)
    assert client.get(reverse("quality:evaluation", args=[evaluation.pk])).status_code == 200
    assert client.get(reverse("quality:evaluation_edit", args=[evaluation.pk])).status_code == 200
    # every network of the organisation: the evaluator is not one of its workers
    response = client.post(reverse("quality:evaluation_new", args=[world.network_b.pk]), evaluation_post())
    assert response.status_code == 302
    assert NetworkEvaluation.objects.filter(network=world.network_b, recorded_by=world.evaluator).exists()
    assert client.get(reverse("quality:reflection_new", args=[world.network_a.pk])).status_code == 403
    assert client.get(reverse("quality:precondition", args=[world.network_a.pk, "room"])).status_code == 403
    # ... and never another organisation's
    assert client.get(reverse("quality:evaluation_new", args=[world.other_network.pk])).status_code == 404


def test_workers_reach_only_their_networks(world, login):
    evaluation = evaluation_create(actor=world.worker_a, network=world.network_a, **evaluation_data())
    client = login(world.worker_b)
    assert client.get(reverse("quality:evaluation", args=[evaluation.pk])).status_code == 404
    assert client.get(reverse("quality:evaluation_edit", args=[evaluation.pk])).status_code == 404
    assert client.get(reverse("quality:precondition", args=[world.network_a.pk, "room"])).status_code == 404


def test_the_home_page_lists_overdue_evaluations(world, login):
    from networks.models import Network

    Network.objects.filter(pk=world.network_b.pk).update(start_date=TODAY - dt.timedelta(days=400))
    html = login(world.evaluator).get(reverse("home")).content.decode()
    assert "Evaluaties van het vangnetwerk die eraan komen" in html and "Creaclub" in html
    # the coordinator finds it among what needs attention, with the way to record it
    html = login(world.coordinator).get(reverse("home")).content.decode()
    assert "Evaluaties van het vangnetwerk die eraan komen" not in html
    assert "Evaluatie na een jaar te laat sinds" in html
    assert reverse("quality:evaluation_new", args=[world.network_b.pk]) + "?soort=one_year" in html


def test_the_hours_fact_uses_the_staffing_norm_of_planning(world):
    """20 taking part: 4 hours (planning/norm.py: 21-25 is the band with half an hour more)."""
    from django.utils import translation

    from people.services import participant_register
    from planning.norm import staffing_norm
    from quality.selectors import precondition_rows

    for i in range(19):
        participant_register(actor=world.worker_a, network=world.network_a, name=f"Extra {i}", date=TODAY)
    assert (
        world.network_a.participations.filter(
            stage__in=("first_visit", "settling_in", "structural", "returned")
        ).count()
        == 20
    )
    with translation.override("en"):
        row = next(r for r in precondition_rows(world.network_a) if r.key == "hours_budget")
    assert staffing_norm(participants=20, longest_activity_minutes=None).hours == 4
    assert row.fact_ok is True and "with 20 taking part about 4 are needed" in row.fact
    participant_register(actor=world.worker_a, network=world.network_a, name="Eenentwintig", date=TODAY)
    with translation.override("en"):
        row = next(r for r in precondition_rows(world.network_a) if r.key == "hours_budget")
    assert row.fact_ok is False and "about 4.5 are needed" in row.fact


def test_the_hours_fact_compares_recorded_and_needed_hours(world):
    from django.utils import translation

    from networks.models import Network
    from quality.selectors import precondition_rows

    with translation.override("en"):
        row = next(r for r in precondition_rows(world.network_a) if r.key == "hours_budget")
    assert row.fact_ok is True and "with 1 taking part about 4 are needed" in row.fact
    Network.objects.filter(pk=world.network_a.pk).update(weekly_hours=3)
    world.network_a.refresh_from_db()
    row = next(r for r in precondition_rows(world.network_a) if r.key == "hours_budget")
    assert row.fact_ok is False and row.unmet


def test_the_network_overview_query_count_is_fixed(world, login, django_assert_num_queries):
    client = login(world.worker_a)
    url = reverse("networks:detail", args=[world.network_a.pk])
    client.get(url)
    # + seven for the exploration's tasks (activities, people, four for partners, the logbook)
    with django_assert_num_queries(19):
        client.get(url)
    evaluation_create(actor=world.worker_a, network=world.network_a, **evaluation_data())
    precondition_set(
        actor=world.worker_a, network=world.network_a, key="room", status="met", expected_version=0
    )
    with django_assert_num_queries(19):
        client.get(url)


def test_the_home_section_query_count_is_fixed(world, django_assert_num_queries):
    from networks.services import network_create
    from quality.selectors import home_section

    assert home_section(world.coordinator) == {}  # the coordinator's needs-attention view has these
    with django_assert_num_queries(3):
        home_section(world.evaluator)
    for i in range(3):
        network = network_create(
            actor=world.coordinator,
            organisation=world.org,
            name=f"Oud {i}",
            start_date=TODAY - dt.timedelta(days=500),
            lead=world.worker_b,
        )
        evaluation_create(actor=world.worker_b, network=network, **evaluation_data())
    with django_assert_num_queries(3):
        section = home_section(world.evaluator)
    assert len(section["rows"]) >= 3
