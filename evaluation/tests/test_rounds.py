import datetime as dt

import pytest
from django.urls import reverse

from conftest import TODAY
from evaluation.models import EvaluationRound, QuestionnaireTemplate
from evaluation.tests.conftest import held_interview, make_round


def _post_round(client, world, template, evaluators, **extra):
    data = {
        "network": world.network_a.pk,
        "name": "Jaarevaluatie",
        "template": template,
        "starts_on": TODAY.isoformat(),
        "evaluators": [e.pk for e in evaluators],
        **extra,
    }
    return client.post(reverse("evaluation:round_create"), data)


def test_coordinator_creates_a_round_with_the_default_questionnaire(world, login):
    client = login(world.coordinator)
    page = client.get(reverse("evaluation:round_create"))
    assert not QuestionnaireTemplate.objects.exists()  # nothing is written on GET
    assert page.context["form"].initial["template"] == "default"
    response = _post_round(client, world, "default", [world.evaluator])
    evaluation_round = EvaluationRound.objects.get()
    assert response.status_code == 302
    assert evaluation_round.template == QuestionnaireTemplate.objects.get(
        organisation=world.org, is_default=True
    )
    assert list(evaluation_round.evaluators.all()) == [world.evaluator]
    assert evaluation_round.organisation == world.org
    # A second round offers the stored default, not a second copy.
    form = login(world.coordinator).get(reverse("evaluation:round_create")).context["form"]
    assert form.initial["template"] == str(evaluation_round.template_id)
    assert "default" not in dict(form.fields["template"].choices)


def test_warns_when_the_evaluator_works_in_the_network(world, login):
    client = login(world.coordinator)
    _post_round(client, world, "default", [world.backup_a])
    response = client.get(reverse("evaluation:round", args=[EvaluationRound.objects.get().pk]))
    assert "werkt in dit vangnetwerk" in response.content.decode()


def test_no_warning_for_an_independent_evaluator(world, login):
    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    page = (
        login(world.coordinator).get(reverse("evaluation:round", args=[evaluation_round.pk])).content.decode()
    )
    assert "werkt in dit vangnetwerk" not in page


def test_bad_input_is_shown_at_the_field_and_nothing_saved(world, login):
    client = login(world.coordinator)
    response = _post_round(client, world, "default", [], ends_on=(TODAY - dt.timedelta(days=3)).isoformat())
    assert response.status_code == 200
    assert "evaluators" in response.context["form"].errors
    assert response.context["form"].data["name"] == "Jaarevaluatie"
    assert not EvaluationRound.objects.exists()


def test_evaluator_of_another_organisation_cannot_be_chosen(world, login):
    client = login(world.coordinator)
    response = _post_round(client, world, "default", [world.outsider])
    assert "evaluators" in response.context["form"].errors
    assert not EvaluationRound.objects.exists()


def test_another_organisations_network_cannot_be_chosen(world, login):
    client = login(world.coordinator)
    response = _post_round(client, world, "default", [world.evaluator], network=world.other_network.pk)
    assert "network" in response.context["form"].errors


def test_round_edit_keeps_concurrent_changes(world, login):
    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    client = login(world.coordinator)
    data = {"name": "Nieuw", "starts_on": TODAY.isoformat(), "evaluators": [world.evaluator.pk], "version": 1}
    assert client.post(reverse("evaluation:round_edit", args=[evaluation_round.pk]), data).status_code == 302
    stale = client.post(reverse("evaluation:round_edit", args=[evaluation_round.pk]), {**data, "name": "Oud"})
    assert stale.status_code == 409
    evaluation_round.refresh_from_db()
    assert evaluation_round.name == "Nieuw"


def test_evaluator_sees_the_participants_of_the_round(world, ev, login):
    page = login(world.evaluator).get(reverse("evaluation:round", args=[ev.round.pk])).content.decode()
    assert "Anne" in page
    assert "Bert" not in page  # another network


def test_workers_see_shared_names_only(world, ev, login):
    page = login(world.worker_a).get(reverse("evaluation:round", args=[ev.round.pk])).content.decode()
    assert "A." in page and "Anne" not in page


@pytest.mark.parametrize("extra", [0, 5])
def test_index_query_count_does_not_grow(world, login, django_assert_num_queries, extra):
    from people.services import participant_register

    for i in range(extra):
        evaluation_round = make_round(network=world.network_b, evaluator=world.evaluator, name=f"Ronde {i}")
        person = participant_register(actor=world.worker_b, network=world.network_b, name=f"P{i}", date=TODAY)
        held_interview(evaluation_round=evaluation_round, participant=person, evaluator=world.evaluator)
    client = login(world.evaluator)
    with django_assert_num_queries(4):
        response = client.get(reverse("evaluation:index"))
    assert len(response.context["rounds"]) == extra


@pytest.mark.parametrize("extra", [0, 6])
def test_round_page_query_count_does_not_grow(world, ev, login, django_assert_num_queries, extra):
    from people.services import participant_register

    for i in range(extra):
        person = participant_register(actor=world.worker_a, network=world.network_a, name=f"P{i}", date=TODAY)
        held_interview(evaluation_round=ev.round, participant=person, evaluator=world.evaluator)
    client = login(world.evaluator)
    with django_assert_num_queries(8):
        response = client.get(reverse("evaluation:round", args=[ev.round.pk]))
    assert len(response.context["rows"]) == 1 + extra


def test_another_organisations_questionnaire_cannot_be_chosen(world, ev, login):
    response = _post_round(login(world.coordinator), world, str(ev.other_template.pk), [world.evaluator])
    assert "template" in response.context["form"].errors
    assert EvaluationRound.objects.filter(organisation=world.org).count() == 1


def test_home_page_shows_the_evaluators_rounds(world, ev, login):
    page = login(world.evaluator).get(reverse("home")).content.decode()
    assert "Mijn evaluatiegesprekken" in page and "Evaluatie 2026" in page
    assert "Mijn evaluatiegesprekken" not in login(world.worker_a).get(reverse("home")).content.decode()


def test_the_evaluator_sets_up_a_round_on_any_network_of_the_organisation(world, login):
    client = login(world.evaluator)
    page = client.get(reverse("evaluation:round_create"))
    networks = set(page.context["form"].fields["network"].queryset)
    assert networks == {world.network_a, world.network_b}  # not the other organisation's
    assert page.context["form"].initial["evaluators"] == [world.evaluator.pk]
    response = _post_round(client, world, "default", [world.evaluator])
    evaluation_round = EvaluationRound.objects.get()
    assert response["Location"] == reverse("evaluation:round", args=[evaluation_round.pk])
    assert evaluation_round.created_by == world.evaluator
    assert client.get(reverse("evaluation:round_edit", args=[evaluation_round.pk])).status_code == 200
    other = client.post(
        reverse("evaluation:round_create"),
        {
            "network": world.other_network.pk,
            "name": "X",
            "template": "default",
            "starts_on": TODAY.isoformat(),
            "evaluators": [world.evaluator.pk],
        },
    )
    assert other.status_code == 200 and "network" in other.context["form"].errors


def test_a_round_set_up_for_another_evaluator_leads_back_to_the_overview(world, login):
    from accounts.models import Role
    from accounts.services import user_invite

    colleague = user_invite(
        actor=None,
        organisation=world.org,
        username="eva2",
        email="e2@example.org",
        first_name="Eva",
        roles=[Role.EVALUATOR],
        password="correct-horse-battery",
    )
    response = _post_round(login(world.evaluator), world, "default", [colleague])
    assert response.status_code == 302 and response["Location"] == reverse("evaluation:index")
