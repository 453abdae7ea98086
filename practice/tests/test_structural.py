"""The structural participant rule, with frozen time."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from conftest import TODAY
from people.models import RouteEvent, Stage
from people.services import participant_register, route_record
from practice import services
from practice.tests.conftest import record

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 18, 0, tzinfo=AMS), tick=False)


def test_rule_needs_91_days_since_the_first_visit():
    first = TODAY - dt.timedelta(days=90)
    presences = [TODAY - dt.timedelta(days=7)]
    assert (
        services.structural_since(first_visit=first, presences=presences, window_weeks=6, today=TODAY) is None
    )
    tomorrow = TODAY + dt.timedelta(days=1)
    assert (
        services.structural_since(first_visit=first, presences=presences, window_weeks=6, today=tomorrow)
        == tomorrow
    )


def test_rule_needs_presence_inside_the_window():
    first = TODAY - dt.timedelta(days=200)
    inside = [TODAY - dt.timedelta(weeks=6) + dt.timedelta(days=1)]
    outside = [TODAY - dt.timedelta(weeks=6)]
    assert (
        services.structural_since(first_visit=first, presences=inside, window_weeks=6, today=TODAY)
        is not None
    )
    assert (
        services.structural_since(first_visit=first, presences=outside, window_weeks=6, today=TODAY) is None
    )
    # The window is the network's own setting.
    assert (
        services.structural_since(first_visit=first, presences=outside, window_weeks=8, today=TODAY)
        is not None
    )


def test_rule_holds_since_the_start_of_the_unbroken_run():
    first = TODAY - dt.timedelta(days=400)
    weekly = [TODAY - dt.timedelta(weeks=w) for w in range(0, 10)]  # ten weeks in a row
    old = [TODAY - dt.timedelta(weeks=30)]  # a gap of 20 weeks before
    since = services.structural_since(first_visit=first, presences=weekly + old, window_weeks=6, today=TODAY)
    assert since == TODAY - dt.timedelta(weeks=9)


def test_a_participant_becomes_structural_from_attendance(world, activity):
    participation = world.anne.participations.get()  # first visit 193 days ago
    record(world.worker_a, activity, TODAY - dt.timedelta(days=8), present=[world.anne])
    participation.refresh_from_db()
    assert participation.stage == Stage.STRUCTURAL
    assert participation.stage_confirmed is False
    event = RouteEvent.objects.filter(participation=participation).latest("date", "id")
    assert event.stage == Stage.STRUCTURAL and event.recorded_by is None


def test_a_newcomer_is_not_structural_before_three_months(world, activity):
    kees = participant_register(
        actor=world.worker_a, network=world.network_a, name="Kees", date=TODAY - dt.timedelta(days=60)
    )
    record(world.worker_a, activity, TODAY - dt.timedelta(days=8), present=[kees])
    participation = kees.participations.get()
    assert participation.stage == Stage.SETTLING_IN  # came back after the first visit


def test_the_day_the_91_days_are_over_they_become_structural(world, activity):
    start = TODAY - dt.timedelta(days=120)
    kees = participant_register(actor=world.worker_a, network=world.network_a, name="Kees", date=start)
    weekly = services.activity_dates(activity, start, TODAY)
    with at(weekly[0]):
        record(world.worker_a, activity, weekly[0], present=[kees])
    for day in weekly[1:]:
        with at(day):
            record(world.worker_a, activity, day, present=[kees])
            services.stages_derive(network=world.network_a, today=day)
        stage = kees.participations.get().stage
        if day < start + dt.timedelta(days=91):
            assert stage == Stage.SETTLING_IN, day
        else:
            assert stage == Stage.STRUCTURAL, day
    became = RouteEvent.objects.get(participation__participant=kees, stage=Stage.STRUCTURAL)
    assert became.date == start + dt.timedelta(days=91)


def test_structural_participant_who_stays_away_is_no_longer_structural(world, activity):
    participation = world.anne.participations.get()
    last = TODAY - dt.timedelta(weeks=7)
    with at(last):
        record(world.worker_a, activity, last - dt.timedelta(days=last.weekday() - 1), present=[world.anne])
    participation.refresh_from_db()
    assert participation.stage == Stage.STRUCTURAL
    services.stages_derive(network=world.network_a, today=TODAY)
    participation.refresh_from_db()
    assert participation.stage == Stage.SETTLING_IN
    assert participation.stage_since <= TODAY


def test_a_stage_confirmed_by_the_worker_is_left_alone(world, activity):
    participation = world.anne.participations.get()
    route_record(
        actor=world.worker_a,
        participation=participation,
        stage=Stage.SETTLING_IN,
        date=TODAY - dt.timedelta(days=30),
    )
    record(world.worker_a, activity, TODAY - dt.timedelta(days=8), present=[world.anne])
    participation.refresh_from_db()
    assert (participation.stage, participation.stage_confirmed) == (Stage.SETTLING_IN, True)


def test_the_worker_confirms_corrects_and_releases_on_the_stages_page(world, login, activity):
    client = login(world.worker_a)
    participation = world.anne.participations.get()
    url = f"/praktijk/netwerk/{world.network_a.pk}/routes/"
    page = client.get(url).content.decode()
    assert "Anne" in page
    assert "kennismaking minstens 91 dagen geleden" in page  # the rule's number, practice.rules
    client.post(url, {"participation": participation.pk, "stage": Stage.STRUCTURAL})
    participation.refresh_from_db()
    assert (participation.stage, participation.stage_confirmed) == (Stage.STRUCTURAL, True)
    client.post(url, {"participation": participation.pk, "action": "release"})
    participation.refresh_from_db()
    # Released: the app derives again; Anne was never present, so she is settling in, not structural.
    assert participation.stage_confirmed is False
    assert participation.stage == Stage.SETTLING_IN


def test_stages_page_refuses_participations_of_other_networks(world, login):
    client = login(world.worker_a)
    other = world.bert.participations.get()
    response = client.post(
        f"/praktijk/netwerk/{world.network_a.pk}/routes/", {"participation": other.pk, "stage": "structural"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.stage == Stage.FIRST_VISIT


def test_derivation_reads_the_history_only_for_people_whose_stage_changes(
    world, activity, django_assert_num_queries
):
    """Run after every session save: with nobody changing stage, two reads whatever the history."""
    start = TODAY - dt.timedelta(days=120)
    kees = participant_register(actor=world.worker_a, network=world.network_a, name="Kees", date=start)
    for day in services.activity_dates(activity, start, TODAY):
        with at(day):
            record(world.worker_a, activity, day, present=[kees, world.anne])
    services.stages_derive(network=world.network_a, today=TODAY)
    # the participations (locked) and each one's latest presence, inside a savepoint and its release
    with django_assert_num_queries(4) as queries:
        assert services.stages_derive(network=world.network_a, today=TODAY) == 0
    presence_reads = [q["sql"] for q in queries.captured_queries if "practice_attendance" in q["sql"]]
    assert len(presence_reads) == 1 and "MAX(" in presence_reads[0].upper()  # one row per person
    assert kees.participations.get().stage == Stage.STRUCTURAL


def test_a_correction_of_tasks_the_same_day_does_not_derive_again(world, activity, monkeypatch):
    """Stages and follow-ups follow from presence alone: a save that changes only tasks, guests or
    the note on a session already saved today leaves them as that earlier save derived them."""
    from practice.models import Task

    day = TODAY - dt.timedelta(days=1)
    record(world.worker_a, activity, day, present=[world.anne])
    derived = []
    monkeypatch.setattr(services, "stages_derive", lambda **kw: derived.append("stages"))
    monkeypatch.setattr(services, "followups_refresh", lambda **kw: derived.append("followups"))
    task = Task.objects.filter(network=world.network_a, needs_text=False).first()
    record(
        world.worker_a,
        activity,
        day,
        present=[world.anne],
        tasks={world.anne.pk: {task.pk: ""}},
        guests=4,
        note="Soep met balletjes",
    )
    assert derived == []
    kees = participant_register(actor=world.worker_a, network=world.network_a, name="Kees", date=day)
    record(world.worker_a, activity, day, present=[world.anne], excused=[kees])
    assert derived == ["stages", "followups"]


def test_a_correction_of_tasks_on_a_later_day_brings_the_stages_up_to_date(world, activity):
    """The same task-only correction a day later derives as of that day: Anne, last present seven
    weeks ago, is no longer structural."""
    from practice.models import Task

    participation = world.anne.participations.get()
    last = TODAY - dt.timedelta(weeks=7)
    tuesday = last - dt.timedelta(days=last.weekday() - 1)
    with at(last):
        record(world.worker_a, activity, tuesday, present=[world.anne])
    participation.refresh_from_db()
    assert participation.stage == Stage.STRUCTURAL
    task = Task.objects.filter(network=world.network_a, needs_text=False).first()
    record(world.worker_a, activity, tuesday, present=[world.anne], tasks={world.anne.pk: {task.pk: ""}})
    participation.refresh_from_db()
    assert participation.stage == Stage.SETTLING_IN
