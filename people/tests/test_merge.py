"""Merging two records of one person: everything moves, overlaps are joined, nothing is lost."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import TODAY
from people.models import Participant, Participation, RouteEvent, Stage
from people.services import participant_merge, participant_register, route_record
from practice import services as practice
from practice.models import Attendance, Contribution, FollowUp, FollowUpAction, Presence, Recurrence, Task
from practice.tests.conftest import record
from privacy.models import AuditEntry, Consent, FieldChange, PointOfAttention


@pytest.fixture
def twin(world):
    """Anne registered a second time in the same network, a month ago, with a phone number and a talent."""
    return participant_register(
        actor=world.worker_a,
        network=world.network_a,
        name="Anne",
        date=TODAY - dt.timedelta(days=30),
        phone="06-12345678",
        talents="Kan goed tekenen",
    )


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


def merge(world, keep, remove):
    keep.refresh_from_db()
    remove.refresh_from_db()
    return participant_merge(
        actor=world.coordinator,
        keep=keep,
        remove=remove,
        keep_version=keep.version,
        remove_version=remove.version,
    )


def test_the_profile_keeps_the_kept_values_and_fills_gaps(world, twin):
    Participant.objects.filter(pk=world.anne.pk).update(talents="Kan goed koken")
    merge(world, world.anne, twin)
    anne = Participant.objects.get(pk=world.anne.pk)
    assert not Participant.objects.filter(pk=twin.pk).exists()
    assert anne.phone == "06-12345678"  # empty on the kept record: taken from the other
    assert anne.talents == "Kan goed koken\nKan goed tekenen"  # both said something: both kept


def test_routes_in_different_networks_both_move(world):
    other = participant_register(actor=world.worker_b, network=world.network_b, name="Anne", date=TODAY)
    merge(world, world.anne, other)
    assert sorted(world.anne.participations.values_list("network__name", flat=True)) == [
        "Creaclub",
        "Soepgroep",
    ]


def test_two_routes_in_one_network_become_one_and_a_second_first_visit_is_dropped(world, twin):
    participation = world.anne.participations.get()
    route_record(
        actor=world.worker_a,
        participation=participation,
        stage=Stage.SETTLING_IN,
        date=TODAY - dt.timedelta(days=150),
    )
    summary = merge(world, world.anne, twin)
    participation = world.anne.participations.get()
    assert list(participation.events.values_list("stage", flat=True)) == [
        Stage.FIRST_VISIT,
        Stage.SETTLING_IN,
    ]
    assert participation.stage == Stage.SETTLING_IN and summary["steps_dropped"] == 1
    assert Participation.objects.filter(network=world.network_a, participant__name="Anne").count() == 1
    # The dropped step is in the field history of the kept person.
    assert FieldChange.objects.filter(
        participant_id=world.anne.pk, model="people.RouteEvent", action="delete"
    ).exists()


def test_a_new_first_visit_after_leaving_counts_as_a_return(world, twin):
    participation = world.anne.participations.get()
    route_record(
        actor=world.worker_a,
        participation=participation,
        stage=Stage.DROPPED_OUT,
        date=TODAY - dt.timedelta(days=100),
        dropout_reason="illness",
    )
    merge(world, world.anne, twin)
    participation = world.anne.participations.get()
    assert list(participation.events.values_list("stage", flat=True)) == [
        Stage.FIRST_VISIT,
        Stage.DROPPED_OUT,
        Stage.RETURNED,
    ]
    assert participation.stage == Stage.RETURNED and participation.stage_since == TODAY - dt.timedelta(
        days=30
    )


def test_attendance_and_contributions_move_and_one_session_becomes_one_presence(world, twin, activity):
    practice.tasks_ensure_defaults(network=world.network_a)
    cook, dishes = list(Task.objects.filter(network=world.network_a).order_by("id"))[:2]
    first, second = practice.activity_dates(activity, TODAY - dt.timedelta(days=20), TODAY)[:2]
    record(
        world.worker_a,
        activity,
        first,
        present=[world.anne, twin],
        tasks={world.anne.pk: {cook.pk: ""}, twin.pk: {dishes.pk: ""}},
    )
    record(world.worker_a, activity, second, excused=[twin])
    merge(world, world.anne, twin)
    rows = {a.session.date: a for a in Attendance.objects.filter(participant=world.anne)}
    assert set(rows) == {first, second}
    assert rows[first].status == Presence.PRESENT and rows[second].status == Presence.EXCUSED
    assert set(Contribution.objects.filter(attendance=rows[first]).values_list("task_id", flat=True)) == {
        cook.pk,
        dishes.pk,
    }
    assert Attendance.objects.filter(session__date=first).count() == 1


def test_followups_move_and_two_open_ones_are_joined(world, twin):
    keep_part, twin_part = world.anne.participations.get(), twin.participations.get()
    kept = FollowUp.objects.create(
        participation=keep_part, network=world.network_a, opened_on=TODAY, missed=3
    )
    other = FollowUp.objects.create(
        participation=twin_part, network=world.network_a, opened_on=TODAY - dt.timedelta(days=7), missed=4
    )
    FollowUpAction.objects.create(followup=other, kind="phoned", date=TODAY, note="Gebeld")
    closed = FollowUp.objects.create(
        participation=twin_part,
        network=world.network_a,
        opened_on=TODAY - dt.timedelta(days=60),
        missed=3,
        closed_on=TODAY - dt.timedelta(days=50),
        outcome="back",
    )
    summary = merge(world, world.anne, twin)
    kept.refresh_from_db()
    assert (kept.opened_on, kept.missed) == (TODAY - dt.timedelta(days=7), 4)
    assert list(kept.actions.values_list("note", flat=True)) == ["Gebeld"]
    closed.refresh_from_db()
    assert closed.participation_id == keep_part.pk
    assert (summary["followups_joined"], summary["followups"]) == (1, 1)


def test_support_observations_move_without_self_support_or_double_ties(world, twin):
    from support.models import SupportObservation, SupportTie
    from support.services import observation_record

    cor = participant_register(actor=world.worker_a, network=world.network_a, name="Cor", date=TODAY)
    given = observation_record(
        actor=world.worker_a,
        network=world.network_a,
        date=TODAY,
        giver=twin,
        receivers=[cor, world.anne],
        kind="practical",
    )
    received = observation_record(
        actor=world.worker_a,
        network=world.network_a,
        date=TODAY,
        giver=cor,
        receivers=[world.anne, twin],
        kind="emotional",
    )
    only_self = observation_record(
        actor=world.worker_a,
        network=world.network_a,
        date=TODAY,
        giver=world.anne,
        receivers=[twin],
        kind="companionship",
    )
    merge(world, world.anne, twin)
    given.refresh_from_db()
    assert given.giver_id == world.anne.pk
    assert list(given.ties.values_list("receiver_id", flat=True)) == [cor.pk]
    assert list(received.ties.values_list("receiver_id", flat=True)) == [world.anne.pk]
    assert not SupportObservation.objects.filter(pk=only_self.pk).exists()  # Anne supporting Anne
    assert not SupportTie.objects.filter(receiver_id=twin.pk).exists()


def test_interviews_move_and_two_in_one_round_stop_the_merge(world, twin):
    from evaluation.models import Interview
    from evaluation.tests.conftest import held_interview, make_round

    first = make_round(network=world.network_a, evaluator=world.evaluator, coordinator=world.coordinator)
    interview = held_interview(evaluation_round=first, participant=twin, evaluator=world.evaluator)
    held_interview(evaluation_round=first, participant=world.anne, evaluator=world.evaluator)
    with pytest.raises(ValidationError):
        merge(world, world.anne, twin)
    assert Participant.objects.filter(pk=twin.pk).exists()  # nothing happened
    Interview.objects.filter(participant=world.anne).delete()
    merge(world, world.anne, twin)
    interview.refresh_from_db()
    assert interview.participant_id == world.anne.pk and interview.report.text


def test_consent_moves_and_the_latest_answer_counts(world, twin):
    from privacy.services import consent_set

    consent_set(
        actor=world.worker_a,
        participant=world.anne,
        scope="research",
        given=True,
        date=TODAY - dt.timedelta(days=10),
    )
    consent_set(
        actor=world.worker_a,
        participant=twin,
        scope="research",
        given=False,
        date=TODAY - dt.timedelta(days=5),
    )
    consent_set(actor=world.worker_a, participant=twin, scope="first_name", given=True, date=TODAY)
    merge(world, world.anne, twin)
    answers = dict(Consent.objects.filter(participant=world.anne).values_list("scope", "given"))
    assert answers == {"research": False, "first_name": True}


def test_points_of_attention_and_logbook_mentions_move(world, twin):
    from practice.models import LogEntry
    from privacy.services import attention_add, consent_set

    consent_set(actor=world.worker_a, participant=twin, scope="points_of_attention", given=True, date=TODAY)
    point = attention_add(actor=world.worker_a, participant=twin, text="Houdt niet van drukte")
    both = practice.logentry_create(
        actor=world.worker_a,
        network=world.network_a,
        date=TODAY,
        category="observation",
        text="Samen gekookt",
        participants=[world.anne, twin],
    )
    one = practice.logentry_create(
        actor=world.worker_a,
        network=world.network_a,
        date=TODAY,
        category="observation",
        text="Kwam binnen",
        participants=[twin],
    )
    merge(world, world.anne, twin)
    assert PointOfAttention.objects.get(pk=point.pk).participant_id == world.anne.pk
    assert list(both.participants.all()) == [world.anne] and list(one.participants.all()) == [world.anne]
    assert LogEntry.objects.filter(participants=world.anne).count() == 2


def test_who_was_invited_by_the_removed_record_was_invited_by_the_person(world, twin):
    cor = participant_register(
        actor=world.worker_a,
        network=world.network_a,
        name="Cor",
        date=TODAY,
        invited_via="member",
        invited_by_participant=twin,
    )
    merge(world, world.anne, twin)
    cor.refresh_from_db()
    assert cor.invited_by_participant_id == world.anne.pk


def test_history_moves_to_the_kept_person_and_the_merge_is_audited(world, twin):
    merge(world, world.anne, twin)
    assert not FieldChange.objects.filter(participant_id=twin.pk).exists()
    deleted = FieldChange.objects.get(
        participant_id=world.anne.pk, model="people.Participant", object_id=str(twin.pk), action="delete"
    )
    assert deleted.changes["phone"] == ["06-12345678", None]  # the removed record's details are kept
    entries = AuditEntry.objects.filter(action="participant.merge")
    assert sorted(entries.values_list("participant_id", flat=True)) == sorted([world.anne.pk, twin.pk])
    assert {e.actor_id for e in entries} == {world.coordinator.pk}


def test_a_failing_merge_changes_nothing(world, twin, activity, monkeypatch):
    from people import hooks

    date = practice.activity_dates(activity, TODAY - dt.timedelta(days=20), TODAY)[0]
    record(world.worker_a, activity, date, present=[twin])
    steps = RouteEvent.objects.filter(participation__participant=twin).count()

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setitem(hooks.REGISTRY.implementations, "merge_consent", boom)  # a late step fails
    with pytest.raises(RuntimeError):
        merge(world, world.anne, twin)
    assert Participant.objects.filter(pk=twin.pk).exists()
    assert Attendance.objects.get(session__date=date).participant_id == twin.pk
    assert RouteEvent.objects.filter(participation__participant=twin).count() == steps


def test_a_record_changed_meanwhile_is_a_conflict(world, twin):
    from core.concurrency import ConflictError

    with pytest.raises(ConflictError):
        participant_merge(
            actor=world.coordinator,
            keep=world.anne,
            remove=twin,
            keep_version=world.anne.version,
            remove_version=twin.version + 1,
        )
    assert Participant.objects.filter(pk=twin.pk).exists()


def test_the_confirmation_page_shows_both_records_side_by_side(world, twin, login):
    client = login(world.coordinator)
    url = reverse("people:merge", args=[world.anne.pk, twin.pk])
    page = client.get(url).content.decode()
    assert "06-12345678" in page and "Kan goed tekenen" in page
    assert reverse("people:merge", args=[twin.pk, world.anne.pk]) in page  # keep the other one instead
    assert Participant.objects.filter(pk=twin.pk).exists()  # looking changes nothing
    response = client.post(url, {"keep_version": world.anne.version, "remove_version": twin.version})
    assert response.status_code == 302 and response["Location"] == reverse(
        "people:detail", args=[world.anne.pk]
    )
    assert not Participant.objects.filter(pk=twin.pk).exists()


def test_a_stale_confirmation_page_merges_nothing(world, twin, login):
    client = login(world.coordinator)
    url = reverse("people:merge", args=[world.anne.pk, twin.pk])
    response = client.post(url, {"keep_version": world.anne.version, "remove_version": twin.version + 5})
    assert response.status_code == 302 and response["Location"] == url
    assert Participant.objects.filter(pk=twin.pk).exists()
    again = client.get(url).content.decode()  # both records as they are now, with why
    assert "Een van de twee registraties is intussen gewijzigd. Bekijk ze nog eens." in again
    assert f'name="remove_version" value="{twin.version}"' in again


def test_only_the_coordinator_merges(world, twin, login):
    for user in (world.worker_a, world.evaluator, world.admin):
        client = login(user)
        assert client.get(reverse("people:merge_choose", args=[world.anne.pk])).status_code == 403
        response = client.post(
            reverse("people:merge", args=[world.anne.pk, twin.pk]), {"keep_version": 1, "remove_version": 1}
        )
        assert response.status_code == 403
    assert Participant.objects.filter(pk=twin.pk).exists()


def test_the_choose_page_offers_the_likely_duplicate(world, twin, login):
    client = login(world.coordinator)
    page = client.get(reverse("people:merge_choose", args=[world.anne.pk])).content.decode()
    assert reverse("people:merge", args=[world.anne.pk, twin.pk]) in page
    assert reverse("people:merge", args=[world.anne.pk, world.bert.pk]) not in page


def test_nothing_registered_as_personal_data_refers_to_the_removed_record(world, twin, activity):
    """Every kind in privacy.registry (attendance, contributions, follow-ups, support, interviews, consent,
    points of attention, logbook, route) that pointed to the removed record points to the kept one."""
    from evaluation.tests.conftest import held_interview, make_round
    from privacy.registry import PERSONAL_DATA
    from privacy.services import attention_add, consent_set
    from support.services import observation_record

    practice.tasks_ensure_defaults(network=world.network_a)
    cook = Task.objects.filter(network=world.network_a).first()
    date = practice.activity_dates(activity, TODAY - dt.timedelta(days=20), TODAY)[0]
    record(world.worker_a, activity, date, present=[twin], tasks={twin.pk: {cook.pk: ""}})
    FollowUp.objects.create(
        participation=twin.participations.get(), network=world.network_a, opened_on=TODAY, missed=3
    )
    observation_record(
        actor=world.worker_a,
        network=world.network_a,
        date=TODAY,
        giver=twin,
        receivers=[world.anne],
        to_group=True,
        kind="practical",
    )
    cor = participant_register(actor=world.worker_a, network=world.network_a, name="Cor", date=TODAY)
    observation_record(
        actor=world.worker_a,
        network=world.network_a,
        date=TODAY,
        giver=cor,
        receivers=[twin],
        kind="emotional",
    )
    held_interview(
        evaluation_round=make_round(network=world.network_a, evaluator=world.evaluator),
        participant=twin,
        evaluator=world.evaluator,
    )
    consent_set(actor=world.worker_a, participant=twin, scope="points_of_attention", given=True, date=TODAY)
    attention_add(actor=world.worker_a, participant=twin, text="Komt liever 's middags")
    practice.logentry_create(
        actor=world.worker_a,
        network=world.network_a,
        date=TODAY,
        category="observation",
        text="Geholpen met afwassen",
        participants=[twin],
    )
    before = {
        label: entry.model._default_manager.filter(**{entry.participant_path: twin.pk}).count()
        for label, entry in PERSONAL_DATA.items()
        if entry.many_to_many is None and label != "people.Participant"
    }
    assert all(
        before[label]
        for label in (
            "practice.Attendance",
            "practice.Contribution",
            "practice.FollowUp",
            "support.SupportObservation",
            "support.SupportTie",
            "evaluation.Interview",
            "evaluation.Answer",
            "evaluation.Report",
            "privacy.Consent",
            "privacy.PointOfAttention",
            "people.RouteEvent",
        )
    )
    merge(world, world.anne, twin)
    for label, entry in PERSONAL_DATA.items():  # many-to-many links (the logbook) included
        assert not entry.model._default_manager.filter(**{entry.participant_path: twin.pk}).exists(), label
    assert Attendance.objects.get(session__date=date).participant_id == world.anne.pk
