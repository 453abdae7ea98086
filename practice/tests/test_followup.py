"""The follow-up trigger and its outcomes, with frozen time."""

import datetime as dt

import pytest

from conftest import TODAY
from people.models import Stage
from people.services import route_record
from practice import services
from practice.models import FollowUp, FollowUpOutcome, Recurrence
from practice.tests.conftest import record, tuesdays


@pytest.fixture
def settled(world):
    """Anne is a structural participant (confirmed by the worker); Bert-like company: Kees."""
    participation = world.anne.participations.get()
    route_record(
        actor=world.worker_a,
        participation=participation,
        stage=Stage.STRUCTURAL,
        date=TODAY - dt.timedelta(days=60),
    )
    return participation


def test_three_missed_sessions_in_a_row_open_a_follow_up(world, activity, settled):
    days = tuesdays(activity, 4)
    record(world.worker_a, activity, days[0], present=[world.anne])
    record(world.worker_a, activity, days[1])
    record(world.worker_a, activity, days[2])
    assert not FollowUp.objects.exists()  # two missed: not yet
    record(world.worker_a, activity, days[3])
    followup = FollowUp.objects.get()
    assert (followup.participation, followup.missed, followup.last_present) == (settled, 3, days[0])
    assert followup.opened_on == TODAY


def test_the_number_is_the_networks_setting(world, activity, settled):
    world.network_a.followup_after_missed = 2
    world.network_a.save(update_fields=["followup_after_missed"])
    days = tuesdays(activity, 2)
    for day in days:
        record(world.worker_a, activity, day)
    assert FollowUp.objects.get().missed == 2


def test_excused_sessions_neither_count_nor_break_the_streak(world, activity, settled):
    days = tuesdays(activity, 5)
    record(world.worker_a, activity, days[0])
    record(world.worker_a, activity, days[1], excused=[world.anne])
    record(world.worker_a, activity, days[2])
    record(world.worker_a, activity, days[3], excused=[world.anne])
    assert not FollowUp.objects.exists()  # two missed, two excused
    record(world.worker_a, activity, days[4])
    assert FollowUp.objects.get().missed == 3


def test_cancelled_sessions_do_not_count(world, activity, settled):
    days = tuesdays(activity, 4)
    record(world.worker_a, activity, days[0])
    record(world.worker_a, activity, days[1])
    services.session_cancel(
        actor=world.worker_a, activity=activity, date=days[2], reason="Gesloten", expected_version=0
    )
    # A planned session that nobody recorded does not count either.
    assert not FollowUp.objects.exists()


def test_presence_at_a_parallel_activity_counts(world, activity, settled):
    parallel = services.activity_create(
        actor=world.worker_a,
        network=world.network_a,
        name="Computerhoek",
        audience="group",
        recurrence=Recurrence.WEEKLY,
        weekday=1,
        start_time=dt.time(13, 30),
        duration_minutes=120,
        active_from=activity.active_from,
        active_until=None,
    )
    for day in tuesdays(activity, 3):
        record(world.worker_a, activity, day)
        record(world.worker_a, parallel, day, present=[world.anne])
    assert not FollowUp.objects.exists()


def test_only_settling_in_and_structural_people_are_followed_up(world, activity):
    # Anne only had a first visit: missing sessions after that is not a dropout.
    for day in tuesdays(activity, 4):
        record(world.worker_a, activity, day)
    assert not FollowUp.objects.exists()


def test_coming_back_closes_the_follow_up(world, activity, settled):
    days = tuesdays(activity, 4)
    for day in days[:3]:
        record(world.worker_a, activity, day)
    followup = FollowUp.objects.get()
    record(world.worker_a, activity, days[3], present=[world.anne])
    followup.refresh_from_db()
    assert (followup.outcome, followup.closed_on) == (FollowUpOutcome.BACK, days[3])


def test_one_open_follow_up_per_person(world, activity, settled):
    for day in tuesdays(activity, 6):
        record(world.worker_a, activity, day)
    assert FollowUp.objects.count() == 1


def test_dropped_out_writes_the_route_event(world, login, activity, settled):
    for day in tuesdays(activity, 3):
        record(world.worker_a, activity, day)
    followup = FollowUp.objects.get()
    client = login(world.worker_a)
    url = f"/praktijk/netwerk/{world.network_a.pk}/opvolging/{followup.pk}/"
    client.post(
        url, {"form": "action", "kind": "phoned", "date": TODAY.isoformat(), "note": "Niet opgenomen"}
    )
    assert followup.actions.get().kind == "phoned"
    response = client.post(
        url,
        {"form": "close", "version": followup.version, "outcome": "dropped_out", "date": TODAY.isoformat()},
    )
    assert response.status_code == 400  # a reason is needed (or 'unknown')
    client.post(
        url,
        {
            "form": "close",
            "version": followup.version,
            "outcome": "dropped_out",
            "date": TODAY.isoformat(),
            "dropout_reason": "illness",
        },
    )
    followup.refresh_from_db()
    settled.refresh_from_db()
    assert followup.outcome == FollowUpOutcome.DROPPED_OUT and followup.closed_on == TODAY
    assert (settled.stage, settled.events.last().dropout_reason) == (Stage.DROPPED_OUT, "illness")


def test_referred_elsewhere_writes_the_route_event(world, activity, settled):
    for day in tuesdays(activity, 3):
        record(world.worker_a, activity, day)
    followup = FollowUp.objects.get()
    services.followup_close(
        actor=world.worker_a,
        followup=followup,
        expected_version=1,
        outcome=FollowUpOutcome.REFERRED,
        date=TODAY,
        referral_target="day_care",
    )
    settled.refresh_from_db()
    assert settled.stage == Stage.REFERRED


def test_after_a_pause_nothing_reopens_until_they_came_again(world, activity, settled):
    days = tuesdays(activity, 10)
    for day in days[:3]:
        record(world.worker_a, activity, day)
    followup = FollowUp.objects.get()
    services.followup_close(
        actor=world.worker_a,
        followup=followup,
        expected_version=1,
        outcome=FollowUpOutcome.PAUSE,
        date=days[2],
    )
    for day in days[3:7]:
        record(world.worker_a, activity, day)
    assert FollowUp.objects.count() == 1
    record(world.worker_a, activity, days[7], present=[world.anne])
    record(world.worker_a, activity, days[8])
    record(world.worker_a, activity, days[9])
    assert FollowUp.objects.count() == 1
    record(
        world.worker_a, activity, days[9] + dt.timedelta(days=-1), token="extra"
    )  # an extra session on Monday
    assert FollowUp.objects.filter(closed_on__isnull=True).count() == 1


def test_closing_twice_is_refused(world, activity, settled):
    for day in tuesdays(activity, 3):
        record(world.worker_a, activity, day)
    followup = FollowUp.objects.get()
    services.followup_close(
        actor=world.worker_a, followup=followup, expected_version=1, outcome="pause", date=TODAY
    )
    with pytest.raises(Exception):  # noqa: B017 - a ValidationError or a version conflict, never a second close
        services.followup_close(
            actor=world.worker_a, followup=followup, expected_version=1, outcome="pause", date=TODAY
        )


def test_open_follow_ups_are_on_the_workers_home_page(world, login, activity, settled):
    for day in tuesdays(activity, 3):
        record(world.worker_a, activity, day)
    page = login(world.worker_a).get("/").content.decode()
    assert "home-practice" in page and "Anne" in page
    assert f"/praktijk/netwerk/{world.network_a.pk}/opvolging/" in page
    # Another network's worker does not see it.
    assert "Anne" not in login(world.worker_b).get("/").content.decode()


def test_home_page_lists_todays_and_this_weeks_sessions(world, login):
    services.activity_create(
        actor=world.worker_a,
        network=world.network_a,
        name="Woensdagsoep",
        audience="group",
        recurrence=Recurrence.WEEKLY,
        weekday=TODAY.weekday(),
        start_time=dt.time(13, 0),
        duration_minutes=120,
        active_from=TODAY - dt.timedelta(weeks=3),
        active_until=None,
    )
    services.activity_create(
        actor=world.worker_a,
        network=world.network_a,
        name="Vrijdagbuurt",
        audience="neighbourhood",
        recurrence=Recurrence.WEEKLY,
        weekday=4,
        start_time=dt.time(17, 0),
        duration_minutes=120,
        active_from=TODAY - dt.timedelta(weeks=3),
        active_until=None,
    )
    page = login(world.worker_a).get("/").content.decode()
    section = page.split('class="home-practice"')[1]
    today_part, week_part = section.split("<h2>", 2)[0], section.split("<h2>", 2)[1]
    assert "Woensdagsoep" in today_part and "Vrijdagbuurt" in week_part


def test_home_section_queries_do_not_grow(world, activity, settled, django_assert_max_num_queries):
    from practice.selectors import home_section

    for day in tuesdays(activity, 3):
        record(world.worker_a, activity, day)
    with django_assert_max_num_queries(6):
        home_section(world.worker_a)
    for day in tuesdays(activity, 12)[:9]:
        record(world.worker_a, activity, day, present=[world.anne], token=f"more-{day}")
    with django_assert_max_num_queries(6):
        home_section(world.worker_a)
