"""Rows linked to several participants through a many-to-many field: the logbook's entries."""

import json

import pytest
from django.urls import reverse

from conftest import TODAY
from people.services import participant_register
from practice.models import LogCategory, LogEntry
from practice.services import logentry_create
from privacy import erasure, subject_access
from privacy.registry import PERSONAL_DATA, models_referring_to_participants


@pytest.fixture
def logbook(world):
    kees = participant_register(actor=world.worker_a, network=world.network_a, name="Kees", date=TODAY)
    both = logentry_create(
        actor=world.worker_a,
        network=world.network_a,
        date=TODAY,
        category=LogCategory.GROUP,
        text="Anne en Kees hebben samen de soep gemaakt.",
        participants=[world.anne, kees],
    )
    only_kees = logentry_create(
        actor=world.worker_a,
        network=world.network_a,
        date=TODAY,
        category=LogCategory.GROUP,
        text="Kees bracht een taart mee.",
        participants=[kees],
    )
    return both, only_kees, kees


def test_the_registry_sees_many_to_many_links_to_participants():
    assert "practice.LogEntry" in models_referring_to_participants()
    assert PERSONAL_DATA["practice.LogEntry"].many_to_many.name == "participants"


def test_access_request_lists_the_logbook_entries_that_mention_the_person(world, login, logbook):
    both, only_kees, kees = logbook
    response = login(world.worker_a).get(reverse("privacy:access_request_json", args=[world.anne.pk]))
    section = {s["model"]: s for s in json.loads(response.content)["sections"]}["practice.LogEntry"]
    assert [row[section["headers"].index("tekst")] for row in section["rows"]] == [both.text]
    assert section["rows"][0][-1] == "(deze deelnemer), (een andere deelnemer)"  # the other one: never who
    assert section["headers"][-1] == "betrokken deelnemers"


def test_access_request_query_count_stays_fixed_with_many_to_many_rows(
    world, logbook, django_assert_num_queries
):
    from privacy.tests.test_access_erasure import _privacy_officer

    officer = _privacy_officer(world)
    with django_assert_num_queries(len(PERSONAL_DATA) + 2):
        data = subject_access.collect(participant=world.anne, user=officer, complete=True)
    rows = {s["model"]: s["rows"] for s in data["sections"]}
    assert len(rows["practice.LogEntry"]) == 1


def test_erasure_unlinks_the_person_and_keeps_the_entry_for_the_others(world, logbook):
    both, only_kees, kees = logbook
    report = erasure.participant_erase(actor=world.coordinator, participant=world.anne)
    assert report["links_removed"] == 1
    both.refresh_from_db()
    assert list(both.participants.all()) == [kees]
    assert "Anne" not in both.text and "Kees" in both.text  # the mention sweep
    assert list(only_kees.participants.all()) == [kees]
    assert LogEntry.objects.count() == 2
    assert not LogEntry.objects.filter(participants=world.anne).exists()
