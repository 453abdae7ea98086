import datetime as dt
import random
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import TODAY
from people.models import RouteEvent, Stage
from people.services import participant_register, route_record
from practice import selectors
from practice.models import Task
from practice.tests.conftest import record, tuesdays


def dashboard_url(world) -> str:
    return f"/praktijk/netwerk/{world.network_a.pk}/dashboard/"


def join(world, name, days_ago, stage=Stage.FIRST_VISIT):
    return participant_register(
        actor=world.worker_a,
        network=world.network_a,
        name=name,
        date=TODAY - dt.timedelta(days=days_ago),
        stage=stage,
    )


def test_funnel_counts_only_cohorts_older_than_three_months(world):
    # Anne: first visit 193 days ago, never structural.
    a = join(world, "Kees", 200)
    route_record(
        actor=world.worker_a,
        participation=a.participations.get(),
        stage=Stage.STRUCTURAL,
        date=TODAY - dt.timedelta(days=100),
    )
    b = join(world, "Fatima", 150, stage=Stage.INVITED)  # invited, came later
    route_record(
        actor=world.worker_a,
        participation=b.participations.get(),
        stage=Stage.FIRST_VISIT,
        date=TODAY - dt.timedelta(days=140),
    )
    join(world, "Henk", 120, stage=Stage.INVITED)  # invited, never came
    c = join(world, "Marja", 95, stage=Stage.INVITED)  # invited in time, first visit too recent
    route_record(
        actor=world.worker_a,
        participation=c.participations.get(),
        stage=Stage.FIRST_VISIT,
        date=TODAY - dt.timedelta(days=60),
    )
    join(world, "Ria", 30)  # too recent altogether
    d = join(world, "Piet", 180)  # structural, then dropped out: still counts as having become structural
    p = d.participations.get()
    route_record(
        actor=world.worker_a, participation=p, stage=Stage.STRUCTURAL, date=TODAY - dt.timedelta(days=80)
    )
    route_record(
        actor=world.worker_a,
        participation=p,
        stage=Stage.DROPPED_OUT,
        date=TODAY - dt.timedelta(days=10),
        dropout_reason="illness",
    )
    events = {}
    for pid, date, pk, stage in (
        RouteEvent.objects.filter(participation__network=world.network_a)
        .order_by("date", "id")
        .values_list("participation_id", "date", "id", "stage")
    ):
        events.setdefault(pid, []).append((date, pk, stage))
    funnel = selectors.route_funnel(events, TODAY)
    # On the route by the cut-off: Anne, Kees, Fatima, Henk, Marja, Piet. First visit by then: Anne, Kees, Fatima, Piet.
    assert (funnel["entered"], funnel["first_visit"], funnel["structural"]) == (6, 4, 2)
    assert funnel["conversion"] == 0.5
    assert sum(c["first_visit"] for c in funnel["cohorts"]) == 4


def test_funnel_moves_with_time(world):
    import time_machine

    join(world, "Kees", 60)
    with time_machine.travel(dt.datetime(2027, 2, 1, 12, 0), tick=False):
        data = selectors.dashboard_data(
            network=world.network_a, user=world.worker_a, today=dt.date(2027, 2, 1)
        )
    assert data["funnel"]["first_visit"] == 2  # Kees's first visit is now more than three months ago
    assert (
        selectors.dashboard_data(network=world.network_a, user=world.worker_a)["funnel"]["first_visit"] == 1
    )


def test_structural_line_follows_the_route_events(world):
    kees = join(world, "Kees", 200)
    route_record(
        actor=world.worker_a,
        participation=kees.participations.get(),
        stage=Stage.STRUCTURAL,
        date=TODAY - dt.timedelta(days=20),
    )
    events = {}
    for pid, date, pk, stage in RouteEvent.objects.filter(participation__network=world.network_a).values_list(
        "participation_id", "date", "id", "stage"
    ):
        events.setdefault(pid, []).append((date, pk, stage))
    weeks = [
        TODAY - dt.timedelta(days=30),
        TODAY - dt.timedelta(days=21),
        TODAY - dt.timedelta(days=20),
        TODAY,
    ]
    assert selectors.structural_by_week(events, weeks) == [0, 0, 1, 1]


def test_structural_by_week_counts_the_latest_stage_at_each_week_end():
    """Against the plain definition on generated routes: someone counts at a week end when the last of
    their events up to that day (by date, then id) is structural, so leaving or a second step on
    the same day counts as it should."""

    def stage_on(events, day):
        on_or_before = [step for date, _pk, step in events if date <= day]
        return on_or_before[-1] if on_or_before else None

    rng = random.Random(7)
    start = dt.date(2024, 1, 1)
    week_ends = [start + dt.timedelta(days=6 + 7 * i) for i in range(60)]
    events, pk = {}, 0
    for person in range(40):
        route, day = [], week_ends[rng.randrange(30)] - dt.timedelta(days=rng.choice([0, 1]))
        for _ in range(rng.randrange(6)):
            pk += 1
            route.append((day, pk, rng.choice(list(Stage))))
            # same-day steps, steps on a week end itself and on the day after it
            day += dt.timedelta(days=rng.choice([0, 0, 1, 7, 14, 63]))
        events[person] = route
    expected = [sum(stage_on(r, end) == Stage.STRUCTURAL for r in events.values()) for end in week_ends]
    assert selectors.structural_by_week(events, week_ends) == expected
    assert max(expected) > 0 and expected != sorted(expected)  # people do become and stop being structural


def test_dashboard_shows_charts_with_target_and_expectation(world, login, activity):
    task = Task.objects.filter(network=world.network_a).first()
    for day in tuesdays(activity, 4):
        record(world.worker_a, activity, day, present=[world.anne], tasks={world.anne.pk: {task.pk: ""}})
    page = login(world.worker_a).get(dashboard_url(world)).content.decode()
    for chart_id in (
        "chart-structural",
        "chart-present",
        "chart-funnel",
        "chart-share",
        "chart-contributions",
    ):
        assert f'id="{chart_id}"' in page
    assert page.count('role="img"') == 5
    assert "<table" in page  # every chart has its numbers as a table
    assert "style=" not in page
    structural_svg = page.split('id="chart-structural"')[1].split("</svg>")[0]
    assert "chart-reference" in structural_svg  # the target line of 15


def test_contributions_per_person_are_for_the_networks_workers_only(world, login, activity):
    kees = join(world, "Kees", 200)
    zara = join(world, "Zara", 200)
    task = Task.objects.filter(network=world.network_a).first()
    for day in tuesdays(activity, 3):
        record(
            world.worker_a, activity, day, present=[world.anne, kees, zara], tasks={zara.pk: {task.pk: ""}}
        )
    worker_page = login(world.worker_a).get(dashboard_url(world)).content.decode()
    chart = worker_page.split('id="chart-contributions"')[1].split("</figure>")[0]
    # Alphabetical, never ordered by how much someone did.
    names = list(re.findall(r"<th scope=\"row\">([^<]+)</th>", chart))
    assert names == sorted(names) and names[-1] == "Zara"
    coordinator_page = login(world.coordinator).get(dashboard_url(world)).content.decode()
    assert 'id="chart-contributions"' not in coordinator_page
    assert 'id="chart-structural"' in coordinator_page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_queries_do_not_grow_with_history(world, login, activity):
    client = login(world.worker_a)
    people = [world.anne] + [join(world, f"P{i}", 150) for i in range(5)]
    task = Task.objects.filter(network=world.network_a).first()
    days = tuesdays(activity, 16)
    for day in days[:2]:
        record(world.worker_a, activity, day, present=people[:2])
    few = _queries(client, dashboard_url(world))
    for day in days[2:]:
        record(world.worker_a, activity, day, present=people, tasks={p.pk: {task.pk: ""} for p in people})
    for i in range(3):
        record(world.worker_a, activity, days[i], present=[], token=f"again-{i}")
    many = _queries(client, dashboard_url(world))
    assert few == many


def test_dashboard_query_count(world, login, activity, django_assert_num_queries):
    from support.models import SupportKind
    from support.services import observation_record

    day = tuesdays(activity, 1)[0]
    record(world.worker_a, activity, day, present=[world.anne])
    observation_record(
        actor=world.worker_a,
        network=world.network_a,
        date=day,
        giver=world.anne,
        receivers=[],
        to_group=True,
        kind=SupportKind.PRACTICAL,
    )  # with an observation: the support section then also reads its ties
    client = login(world.worker_a)
    # including 3 of the support app's quarterly section (routes as values, observations, ties;
    # practice.registry.DASHBOARD_SECTIONS)
    with django_assert_num_queries(13):
        client.get(dashboard_url(world))
    client = login(world.coordinator)
    with django_assert_num_queries(11):  # a coordinator sees no contributions per person: two queries less
        client.get(dashboard_url(world))


def test_dashboard_shows_phase_and_its_signal(world, login):
    page = login(world.worker_a).get(dashboard_url(world)).content.decode()
    # network_a started 200 days ago and is still exploring (planned 3 months): the phase runs late.
    assert "signal late" in page


def test_a_new_network_says_there_are_no_sessions_instead_of_drawing_empty_charts(world, login):
    """No axes from 0 to 1: the dashboard of a network without sessions says so in words."""
    page = login(world.worker_a).get(dashboard_url(world)).content.decode()
    assert "nog geen bijeenkomsten vastgelegd" in page
    for chart_id in ("chart-present", "chart-share", "chart-contributions"):
        assert f'id="{chart_id}"' not in page
    assert "Nog niets om te laten zien." in page
    assert 'id="chart-structural"' in page  # weeks exist: the line at zero under the target of 15
