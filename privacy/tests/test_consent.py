"""Consent per scope and points of attention (only with consent, only for the network's workers)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from people.naming import shared_display_names
from privacy import services
from privacy.models import Consent, FieldChange, PointOfAttention

URL = "privacy:participant"


def consent_post(client, participant, *, date="2026-11-20", versions=None, **answers):
    data = {"date": date}
    data.update({scope: "on" for scope, yes in answers.items() if yes})
    for scope, version in (versions or {}).items():
        data[f"v_{scope}"] = version
    return client.post(reverse(URL, args=[participant.pk]), data)


def test_worker_records_consent_with_date_and_history_keeps_who(world, login):
    client = login(world.worker_a)
    response = consent_post(client, world.anne, registration=True, first_name=True)
    assert response.status_code == 302
    consents = {c.scope: c for c in Consent.objects.filter(participant=world.anne)}
    assert consents["registration"].given and consents["first_name"].given
    assert str(consents["first_name"].date) == "2026-11-20"
    assert consents["first_name"].recorded_by == world.worker_a
    assert "research" not in consents  # never asked: no record
    # The actor of the request is in the change history (set by middleware, not passed along).
    change = FieldChange.objects.filter(model="privacy.Consent").first()
    assert change.actor_id == world.worker_a.pk and change.participant_id == world.anne.pk


def test_first_name_on_shared_pages_follows_consent(world):
    assert shared_display_names([world.anne])[world.anne.pk] == "A."
    services.consent_set(actor=world.worker_a, participant=world.anne, scope="first_name", given=True)
    assert shared_display_names([world.anne])[world.anne.pk] == "Anne"
    services.consent_set(actor=world.worker_a, participant=world.anne, scope="first_name", given=False)
    assert shared_display_names([world.anne])[world.anne.pk] == "A."


def test_future_date_is_refused_at_the_field_and_nothing_saved(world, login):
    response = consent_post(login(world.worker_a), world.anne, date="2026-12-01", research=True)
    assert response.status_code == 200 and "date" in response.context["form"].errors
    assert not Consent.objects.exists()


def test_a_stale_form_saves_nothing(world, login):
    client = login(world.worker_a)
    consent_post(client, world.anne, research=True)  # version 1 now
    response = consent_post(client, world.anne, research=False, evaluation=True, versions={"research": 0})
    assert response.status_code == 409
    form = response.context["form"]
    assert "Iemand anders" in " ".join(form.non_field_errors())
    # What was ticked stays, on top of the stored version: saving again is a deliberate choice.
    assert form["evaluation"].value() and not form["research"].value() and form["v_research"].value() == 1
    assert Consent.objects.get(participant=world.anne, scope="research").given
    assert not Consent.objects.filter(scope="evaluation").exists()
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (False, None)}
    assert client.post(reverse(URL, args=[world.anne.pk]), data).status_code == 302
    assert not Consent.objects.get(participant=world.anne, scope="research").given
    assert Consent.objects.get(participant=world.anne, scope="evaluation").given


def test_a_service_refusal_of_a_point_of_attention_keeps_the_text(world, login):
    response = login(world.worker_a).post(
        reverse("privacy:attention_add", args=[world.anne.pk]), {"text": "Houdt niet van drukte"}
    )
    assert response.status_code == 400
    form = response.context["attention_form"]
    assert form.errors["text"] and form["text"].value() == "Houdt niet van drukte"
    assert not PointOfAttention.objects.exists()


def test_points_of_attention_need_consent(world, login):
    client = login(world.worker_a)
    url = reverse("privacy:attention_add", args=[world.anne.pk])
    assert client.post(url, {"text": "Houdt niet van drukte"}).status_code == 400
    assert not PointOfAttention.objects.exists()
    services.consent_set(
        actor=world.worker_a, participant=world.anne, scope="points_of_attention", given=True
    )
    assert client.post(url, {"text": "Houdt niet van drukte"}).status_code == 302
    page = client.get(reverse(URL, args=[world.anne.pk]))
    assert "Houdt niet van drukte" in page.content.decode()


def test_points_of_attention_are_hidden_from_coordinator_and_other_workers(world, login):
    services.consent_set(
        actor=world.worker_a, participant=world.anne, scope="points_of_attention", given=True
    )
    services.attention_add(actor=world.worker_a, participant=world.anne, text="Houdt niet van drukte")
    assert (
        "Houdt niet van drukte"
        in login(world.backup_a).get(reverse(URL, args=[world.anne.pk])).content.decode()
    )
    coordinator = login(world.coordinator)
    page = coordinator.get(reverse(URL, args=[world.anne.pk]))
    assert page.status_code == 200 and "Houdt niet van drukte" not in page.content.decode()
    add = reverse("privacy:attention_add", args=[world.anne.pk])
    assert coordinator.post(add, {"text": "x"}).status_code == 403
    assert login(world.worker_b).post(add, {"text": "x"}).status_code == 404


def test_withdrawing_consent_removes_the_points_and_their_text_in_history(world):
    services.consent_set(
        actor=world.worker_a, participant=world.anne, scope="points_of_attention", given=True
    )
    services.attention_add(actor=world.worker_a, participant=world.anne, text="Houdt niet van drukte")
    services.consent_set(
        actor=world.worker_a, participant=world.anne, scope="points_of_attention", given=False
    )
    assert not PointOfAttention.objects.exists()
    assert "drukte" not in str(list(FieldChange.objects.values_list("changes", flat=True)))


def test_attention_add_service_refuses_empty_text(world):
    services.consent_set(
        actor=world.worker_a, participant=world.anne, scope="points_of_attention", given=True
    )
    with pytest.raises(ValidationError):
        services.attention_add(actor=world.worker_a, participant=world.anne, text="  ")


def test_attention_delete(world, login):
    services.consent_set(
        actor=world.worker_a, participant=world.anne, scope="points_of_attention", given=True
    )
    point = services.attention_add(actor=world.worker_a, participant=world.anne, text="Koffie zonder suiker")
    client = login(world.worker_a)
    url = reverse("privacy:attention_delete", args=[world.anne.pk, point.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not PointOfAttention.objects.exists()


@pytest.mark.parametrize(
    "persona,status",
    [
        ("worker_a", 200),
        ("backup_a", 200),
        ("coordinator", 200),
        ("worker_b", 404),
        ("evaluator", 403),
        ("researcher", 403),
        ("admin", 403),
        ("norole", 403),
        ("outsider", 404),
    ],
)
def test_privacy_page_access_per_persona(world, login, persona, status):
    assert login(getattr(world, persona)).get(reverse(URL, args=[world.anne.pk])).status_code == status


def test_privacy_page_of_another_organisation_is_404(world, login):
    assert login(world.coordinator).get(reverse(URL, args=[world.olga.pk])).status_code == 404


def test_privacy_page_query_count_does_not_grow(world, login, django_assert_max_num_queries):
    client = login(world.worker_a)
    services.consent_set(
        actor=world.worker_a, participant=world.anne, scope="points_of_attention", given=True
    )
    services.attention_add(actor=world.worker_a, participant=world.anne, text="Een")
    url = reverse(URL, args=[world.anne.pk])
    client.get(url)
    with django_assert_max_num_queries(12) as first:
        client.get(url)
    for i in range(10):
        services.attention_add(actor=world.worker_a, participant=world.anne, text=f"Punt {i}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)


def test_participant_section_tag_summarises_consent_and_links(world, rf):
    from django.template import Context, Template

    services.consent_set(actor=world.worker_a, participant=world.anne, scope="research", given=True)
    request = rf.get("/")
    request.user = world.worker_a
    html = Template("{% load privacy_tags %}{% participant_privacy p %}").render(
        Context({"request": request, "p": world.anne})
    )
    assert reverse(URL, args=[world.anne.pk]) in html
    request.user = world.researcher
    assert "href" not in Template("{% load privacy_tags %}{% participant_privacy p %}").render(
        Context({"request": request, "p": world.anne})
    )
