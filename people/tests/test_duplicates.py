"""One person, one record: registering and walk-ins ask about likely duplicates first."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import TODAY
from people.duplicates import similar_ids
from people.models import Participant, Participation, Stage
from people.selectors import likely_duplicates
from people.services import participant_register
from practice import services as practice
from practice.models import Attendance, Presence, Recurrence
from practice.tests.conftest import session_post, session_url


@pytest.mark.parametrize(
    ("typed", "known", "similar"),
    [
        ("Anne", "Anne", True),
        ("anne", "Anné", True),  # case and accents
        ("Ane", "Anne", True),  # a typing slip
        ("Anna", "Anne", True),
        ("Bert", "Berd", True),
        ("Anne de Vries", "Anne", True),  # first word against the first name
        ("Janneke", "Anne", False),
        ("Piet", "Anne", False),
        ("Kees", "Klaas", False),
    ],
)
def test_similar_names(typed, known, similar):
    assert bool(similar_ids(typed, [(1, known, "")])) is similar


def test_the_full_name_counts_too():
    assert similar_ids("Anne de Vries", [(1, "Toos", "Anne de Vries")]) == [(1, 1.0)]


def test_registering_a_known_name_asks_first_and_saves_nothing(world, login):
    Participant.objects.filter(pk=world.anne.pk).update(talents="Kan goed koken\nen zingen", birth_year=1960)
    client = login(world.worker_a)
    before = Participant.objects.count()
    response = client.post(
        reverse("people:register", args=[world.network_a.pk]), {"name": "Anne", "wishes": "Meer mensen zien"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and Participant.objects.count() == before
    assert "Ken je deze persoon al?" in page
    # What tells them apart: since when, which network, a talent, the year of birth.
    assert "Soepgroep" in page and "Kan goed koken" in page and "1960" in page
    assert "Meer mensen zien" in page  # the input is kept


def test_registering_anyway_makes_a_new_person(world, login):
    client = login(world.worker_a)
    response = client.post(
        reverse("people:register", args=[world.network_a.pk]), {"name": "Anne", "toch_nieuw": "1"}
    )
    assert response.status_code == 302
    assert Participant.objects.filter(name="Anne", organisation=world.org).count() == 2


def test_picking_the_known_person_adds_them_to_this_network(world, login):
    client = login(world.coordinator)
    page = client.post(
        reverse("people:register", args=[world.network_b.pk]), {"name": "anne"}
    ).content.decode()
    assert reverse("people:add_network", args=[world.anne.pk]) in page
    response = client.post(
        reverse("people:add_network", args=[world.anne.pk]),
        {"network": world.network_b.pk, "date": TODAY.isoformat(), "terug": "netwerk"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:network_participants", args=[world.network_b.pk])
    assert Participant.objects.filter(name__iexact="anne").count() == 1
    assert (
        Participation.objects.get(participant=world.anne, network=world.network_b).stage == Stage.FIRST_VISIT
    )


def test_someone_in_another_workers_network_is_mentioned_without_their_details(world, login):
    Participant.objects.filter(pk=world.bert.pk).update(talents="Repareert fietsen", phone="06-999")
    client = login(world.worker_a)  # Bert is in Creaclub, which worker_a does not work in
    page = client.post(
        reverse("people:register", args=[world.network_a.pk]), {"name": "Bert"}
    ).content.decode()
    assert "Creaclub" in page
    assert "Repareert fietsen" not in page and "06-999" not in page
    assert reverse("people:add_network", args=[world.bert.pk]) not in page
    assert reverse("people:detail", args=[world.bert.pk]) not in page


def test_another_organisations_people_are_never_candidates(world):
    assert likely_duplicates(user=world.coordinator, organisation_id=world.org.pk, name="Olga") == []


def test_the_duplicate_check_has_a_fixed_number_of_queries(world):
    for i in range(5):
        participant_register(actor=world.worker_a, network=world.network_a, name=f"Anne{i}", date=TODAY)
    with CaptureQueriesContext(connection) as few:
        likely_duplicates(user=world.coordinator, organisation_id=world.org.pk, name="Anne")
    for i in range(5):
        participant_register(actor=world.worker_b, network=world.network_b, name=f"Annet{i}", date=TODAY)
    with CaptureQueriesContext(connection) as many:
        found = likely_duplicates(user=world.coordinator, organisation_id=world.org.pk, name="Anne")
    assert len(few) == len(many) <= 4 and len(found) == 5  # the five most similar


# ----- walk-ins on the session page --------------------------------------------------------------


@pytest.fixture
def activity(world):
    return practice.activity_create(
        actor=world.worker_a,
        network=world.network_a,
        name="Soepmiddag",
        audience="group",
        recurrence=Recurrence.WEEKLY,
        weekday=1,
        start_time=dt.time(13, 30),
        duration_minutes=150,
        active_from=TODAY - dt.timedelta(weeks=20),
        active_until=None,
    )


def _last_session(activity):
    return practice.activity_dates(activity, TODAY - dt.timedelta(days=7), TODAY)[-1]


def test_a_walk_in_with_a_known_name_is_asked_about_and_nothing_is_saved(world, login, activity):
    client = login(world.worker_a)
    date = _last_session(activity)
    before = Participant.objects.count()
    response = client.post(
        session_url(activity, date), session_post({}, walk_in_1="Anne", note="Drukke middag")
    )
    page = response.content.decode()
    assert response.status_code == 400 and Participant.objects.count() == before
    assert not Attendance.objects.exists()
    assert f'name="walk_in_1_is" value="{world.anne.pk}"' in page and 'value="new"' in page
    assert "Drukke middag" in page  # what was typed stays


def test_a_walk_in_picked_as_the_known_person_marks_them_present(world, login, activity):
    client = login(world.worker_a)
    date = _last_session(activity)
    response = client.post(
        session_url(activity, date), session_post({}, walk_in_1="Anne", walk_in_1_is=str(world.anne.pk))
    )
    assert response.status_code == 302
    assert Participant.objects.filter(name="Anne").count() == 1
    assert Attendance.objects.get(participant=world.anne).status == Presence.PRESENT


def test_a_walk_in_known_from_another_network_gets_a_first_visit_here(world, login, activity):
    client = login(world.coordinator)
    date = _last_session(activity)
    response = client.post(
        session_url(activity, date), session_post({}, walk_in_1="Bert", walk_in_1_is=str(world.bert.pk))
    )
    assert response.status_code == 302
    participation = Participation.objects.get(participant=world.bert, network=world.network_a)
    assert (participation.stage, participation.first_visit) == (Stage.FIRST_VISIT, date)
    assert Attendance.objects.get(participant=world.bert).session.date == date


def test_a_walk_in_confirmed_as_someone_new_is_registered(world, login, activity):
    client = login(world.worker_a)
    date = _last_session(activity)
    response = client.post(
        session_url(activity, date), session_post({}, walk_in_1="Anne", walk_in_1_is="new")
    )
    assert response.status_code == 302
    assert Participant.objects.filter(name="Anne", organisation=world.org).count() == 2


def test_a_walk_in_cannot_be_someone_the_worker_cannot_reach(world, login, activity):
    client = login(world.worker_a)  # Bert is in Creaclub only
    date = _last_session(activity)
    response = client.post(
        session_url(activity, date), session_post({}, walk_in_1="Bert", walk_in_1_is=str(world.bert.pk))
    )
    assert response.status_code == 400
    assert not Participation.objects.filter(participant=world.bert, network=world.network_a).exists()


def test_a_new_name_needs_no_question(world, login, activity):
    client = login(world.worker_a)
    date = _last_session(activity)
    response = client.post(session_url(activity, date), session_post({}, walk_in_1="Zeynep"))
    assert response.status_code == 302 and Participant.objects.filter(name="Zeynep").exists()
