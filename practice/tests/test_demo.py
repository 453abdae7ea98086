"""The demo's weekly practice agrees with the routes the people demo wrote."""

import datetime as dt
from collections import defaultdict

from django.core.management import call_command

from conftest import TODAY
from networks.models import Network
from people.models import ACTIVE_STAGES, RouteEvent, Stage
from practice.models import Attendance, FollowUp, HouseRule, LogEntry, Session


def _stage_on(events, day):
    stage = None
    for date, step in events:
        if date > day:
            break
        stage = step
    return stage


def test_demo_practice_is_consistent_with_the_routes(db):
    call_command("demo")
    routes = defaultdict(list)
    for network_id, pid, date, stage in RouteEvent.objects.order_by("date", "id").values_list(
        "participation__network_id", "participation__participant_id", "date", "stage"
    ):
        routes[(network_id, pid)].append((date, stage))
    structural_weeks = defaultdict(lambda: [0, 0])
    present = set(
        Attendance.objects.filter(status="present").values_list(
            "session__network_id", "participant_id", "session__date"
        )
    )
    for network_id, pid, date in present:
        # People attend only while their route says they take part.
        assert _stage_on(routes[(network_id, pid)], date) in ACTIVE_STAGES, (pid, date)
    soup = Network.objects.get(name__startswith="Soep")
    tuesdays = sorted(
        set(
            Session.objects.filter(network=soup, status="held", date__week_day=3).values_list(
                "date", flat=True
            )
        )
    )
    assert tuesdays[0] <= TODAY - dt.timedelta(days=500)  # about 18 months of history
    for (network_id, pid), events in routes.items():
        if network_id != soup.pk:
            continue
        for day in tuesdays:
            if _stage_on(events, day) == Stage.STRUCTURAL:
                structural_weeks[pid][0] += 1
                structural_weeks[pid][1] += (soup.pk, pid, day) in present
    weeks = sum(w for w, _p in structural_weeks.values())
    share = sum(p for _w, p in structural_weeks.values()) / weeks
    assert 0.5 < share < 0.8  # structural people come about two weeks out of three

    followups = FollowUp.objects.all()
    states = {(f.outcome, f.closed_on is None, f.actions.exists()) for f in followups}
    assert ("", True, False) in states and ("", True, True) in states
    assert {o for o, _open, _a in states} >= {"back", "pause", "dropped_out", "referred"}

    for network in Network.objects.all():
        first = LogEntry.objects.filter(network=network).order_by("date").first()
        assert first is not None and first.date <= network.start_date + dt.timedelta(days=90)
    assert HouseRule.objects.filter(withdrawn_on__isnull=False).exists()
    assert any(r.revisions.count() > 1 for r in HouseRule.objects.all())
    assert (
        Session.objects.filter(status="cancelled").exists() and Session.objects.filter(guests__gt=0).exists()
    )
