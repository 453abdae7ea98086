import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.testing import sign_in
from conftest import TODAY
from people.models import Participant, Participation, ReferralTarget, RouteEvent, Stage
from people.services import participant_register, route_record


def _participation(person):
    return person.participations.get()


def test_registering_takes_only_a_name(world, login):
    client = login(world.worker_a)
    response = client.post(
        reverse("people:register", args=[world.network_a.pk]), {"name": "Janneke", "terug": "netwerk"}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "people:network_participants", args=[world.network_a.pk]
    )
    person = Participant.objects.get(name="Janneke")
    participation = _participation(person)
    assert (participation.stage, participation.first_visit, participation.network) == (
        Stage.FIRST_VISIT,
        TODAY,
        world.network_a,
    )
    assert person.created_by == world.worker_a


def test_registering_without_a_name_explains_and_saves_nothing(world, login):
    client = login(world.worker_a)
    before = Participant.objects.count()
    response = client.post(
        reverse("people:register", args=[world.network_a.pk]), {"name": "  ", "talents": "Kan goed koken"}
    )
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert "Kan goed koken" in response.content.decode()
    assert Participant.objects.count() == before


def test_registration_has_no_diagnosis_fields():
    names = {f.name for f in Participant._meta.get_fields()}
    assert not names & {"diagnosis", "problems", "problem", "diagnose", "condition", "illness"}


def test_invited_person_starts_as_invited(world):
    person = participant_register(
        actor=world.worker_a, network=world.network_a, name="Kees", stage=Stage.INVITED, date=TODAY
    )
    assert _participation(person).stage == Stage.INVITED and _participation(person).first_visit is None
    route_record(
        actor=world.worker_a, participation=_participation(person), stage=Stage.FIRST_VISIT, date=TODAY
    )
    assert _participation(person).first_visit == TODAY


def test_a_dropout_needs_a_reason_and_can_always_return(world, login):
    participation = _participation(world.anne)
    client = login(world.worker_a)
    url = reverse("people:route", args=[world.anne.pk, participation.pk])
    response = client.post(url, {"stage": Stage.DROPPED_OUT, "date": "2026-10-01"})
    assert "dropout_reason" in response.context["form"].errors
    assert (
        client.post(
            url, {"stage": Stage.DROPPED_OUT, "date": "2026-10-01", "dropout_reason": "illness"}
        ).status_code
        == 302
    )
    assert (
        client.post(url, {"stage": Stage.RETURNED, "date": "2026-11-20", "note": "Weer beter"}).status_code
        == 302
    )
    participation.refresh_from_db()
    assert participation.stage == Stage.RETURNED
    history = list(participation.events.values_list("stage", flat=True))
    assert history == [Stage.FIRST_VISIT, Stage.DROPPED_OUT, Stage.RETURNED]


def test_only_someone_who_left_can_return(world):
    with pytest.raises(ValidationError) as error:
        route_record(actor=None, participation=_participation(world.anne), stage=Stage.RETURNED, date=TODAY)
    assert "stage" in error.value.message_dict


def test_steps_cannot_be_in_the_future_or_before_the_previous_step(world):
    participation = _participation(world.anne)
    for date in (TODAY + dt.timedelta(days=1), participation.stage_since - dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            route_record(actor=None, participation=participation, stage=Stage.SETTLING_IN, date=date)
        assert "date" in error.value.message_dict
    assert participation.events.count() == 1


def test_referral_out_names_where_and_via_which_partner(world):
    participation = _participation(world.anne)
    with pytest.raises(ValidationError):
        route_record(actor=None, participation=participation, stage=Stage.REFERRED, date=TODAY)
    route_record(
        actor=None,
        participation=participation,
        stage=Stage.REFERRED,
        date=TODAY,
        referral_target=ReferralTarget.DAY_CARE,
        partner=world.partner,
    )
    event = participation.events.last()
    assert (event.referral_target, event.partner) == (ReferralTarget.DAY_CARE, world.partner)


def test_a_partner_of_another_organisation_is_refused(world):
    with pytest.raises(ValidationError):
        route_record(
            actor=None,
            participation=_participation(world.anne),
            stage=Stage.REFERRED,
            date=TODAY,
            referral_target=ReferralTarget.OTHER,
            partner=world.other_partner,
        )
    assert RouteEvent.objects.filter(partner=world.other_partner).count() == 0


def test_worker_sees_only_participants_of_own_networks(world, login):
    rows = login(world.worker_a).get(reverse("people:list") + "?fase=").context["page"].object_list
    assert {r.participant.name for r in rows} == {"Anne"}
    rows = login(world.coordinator).get(reverse("people:list") + "?fase=").context["page"].object_list
    assert {r.participant.name for r in rows} == {"Anne", "Bert"}


@pytest.mark.parametrize("extra", [0, 25])
def test_list_query_count_is_fixed(world, login, django_assert_num_queries, extra):
    for i in range(extra):
        participant_register(actor=None, network=world.network_a, name=f"Persoon {i}", date=TODAY)
    client = login(world.worker_a)
    with django_assert_num_queries(6):
        response = client.get(reverse("people:list"))
    assert len(response.context["page"].object_list) == 1 + extra


@pytest.mark.parametrize("extra_steps", [0, 6])
def test_detail_query_count_is_fixed(world, login, django_assert_num_queries, extra_steps):
    participation = _participation(world.anne)
    for i in range(extra_steps // 2):
        day = participation.stage_since + dt.timedelta(days=10 * (i + 1))
        route_record(
            actor=None,
            participation=participation,
            stage=Stage.DROPPED_OUT,
            date=day,
            dropout_reason="unknown",
        )
        route_record(
            actor=None, participation=participation, stage=Stage.RETURNED, date=day + dt.timedelta(days=3)
        )
    client = login(world.worker_a)
    # Includes the audit entry for viewing the file (privacy) and the history: attendance, contributions,
    # follow-ups (their actions are read only when there are follow-ups).
    with django_assert_num_queries(14):
        response = client.get(reverse("people:detail", args=[world.anne.pk]))
    assert response.status_code == 200


def test_two_workers_editing_the_same_person_lose_nothing(world):
    first, second = sign_in(Client(), world.worker_a), sign_in(Client(), world.backup_a)
    url = reverse("people:edit", args=[world.anne.pk])
    first.get(url)
    second.get(url)
    assert first.post(url, {"name": "Anne", "talents": "Bakt taarten", "version": 1}).status_code == 302
    response = second.post(url, {"name": "Anne", "wishes": "Leren breien", "version": 1})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Bakt taarten" in page and "Leren breien" in page
    world.anne.refresh_from_db()
    assert (world.anne.talents, world.anne.wishes, world.anne.version) == ("Bakt taarten", "", 2)


def test_bad_input_on_the_person_form_keeps_what_was_typed_and_changes_nothing(world, login):
    """Not bound to the participant: the page around the refused form shows the stored name."""
    client = login(world.worker_a)
    url = reverse("people:edit", args=[world.anne.pk])
    assert client.get(url).context["form"].initial["version"] == 1
    response = client.post(url, {"name": "Annemarie", "birth_year": "1800", "talents": "Zingt", "version": 1})
    assert response.status_code == 200 and "birth_year" in response.context["form"].errors
    page = response.content.decode()
    assert "<h1>Anne</h1>" in page and 'value="Annemarie"' in page and "Zingt" in page
    world.anne.refresh_from_db()
    assert (world.anne.name, world.anne.talents, world.anne.version) == ("Anne", "", 1)


def test_someone_joins_a_second_network(world, login):
    client = login(world.coordinator)
    response = client.post(
        reverse("people:add_network", args=[world.anne.pk]),
        {"network": world.network_b.pk, "date": "2026-11-24"},
    )
    assert response.status_code == 302
    assert set(
        Participation.objects.filter(participant=world.anne).values_list("network__name", flat=True)
    ) == {"Soepgroep", "Creaclub"}


def test_worker_cannot_add_someone_to_a_network_she_does_not_work_in(world, login):
    response = login(world.worker_a).post(
        reverse("people:add_network", args=[world.anne.pk]),
        {"network": world.network_b.pk, "date": "2026-11-24"},
    )
    assert response.status_code == 200 and "network" in response.context["form"].errors
    assert world.anne.participations.count() == 1
