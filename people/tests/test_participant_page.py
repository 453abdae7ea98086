"""The participant page: route, attendance by month, contributions and follow-ups, in fixed queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import TODAY
from practice import services as practice
from practice.models import FollowUp, FollowUpAction, Recurrence, Task
from practice.tests.conftest import record


@pytest.fixture
def activity(world):
    practice.tasks_ensure_defaults(network=world.network_a)
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


def _weeks(world, activity, dates):
    cook = Task.objects.filter(network=world.network_a).order_by("id").first()
    for date in dates:
        record(world.worker_a, activity, date, present=[world.anne], tasks={world.anne.pk: {cook.pk: ""}})


def test_the_page_shows_attendance_by_month_contributions_and_followups(world, login, activity):
    dates = practice.activity_dates(activity, TODAY - dt.timedelta(days=40), TODAY)
    _weeks(world, activity, dates)
    followup = FollowUp.objects.create(
        participation=world.anne.participations.get(),
        network=world.network_a,
        opened_on=TODAY - dt.timedelta(days=90),
        missed=3,
        closed_on=TODAY - dt.timedelta(days=80),
        outcome="back",
    )
    FollowUpAction.objects.create(
        followup=followup, kind="phoned", date=TODAY - dt.timedelta(days=85), note="Even gebeld"
    )
    response = login(world.worker_a).get(reverse("people:detail", args=[world.anne.pk]))
    context, page = response.context, response.content.decode()
    months = {m["month"]: m["present"] for m in context["attendance_by_month"]}
    assert sum(months.values()) == len(dates) == context["times_present"]
    assert context["contribution_count"] == len(dates)
    assert "Even gebeld" in page and followup in context["followups"]


def test_the_page_has_a_fixed_number_of_queries(world, login, activity):
    client = login(world.worker_a)
    url = reverse("people:detail", args=[world.anne.pk])
    dates = practice.activity_dates(activity, TODAY - dt.timedelta(weeks=19), TODAY)
    _weeks(world, activity, dates[:2])
    participation = world.anne.participations.get()
    first = FollowUp.objects.create(
        participation=participation,
        network=world.network_a,
        missed=3,
        opened_on=TODAY - dt.timedelta(days=120),
        closed_on=TODAY,
    )
    FollowUpAction.objects.create(followup=first, kind="card", date=TODAY)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _weeks(world, activity, dates[2:])
    for i in range(3):
        f = FollowUp.objects.create(
            participation=participation,
            network=world.network_a,
            missed=3,
            opened_on=TODAY - dt.timedelta(days=100 - i),
            closed_on=TODAY,
        )
        FollowUpAction.objects.create(followup=f, kind="card", date=TODAY)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many), [q["sql"] for q in many.captured_queries]
