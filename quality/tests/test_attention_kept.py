"""Signals kept per network between requests (quality.attention.current_signals, quality.models.KeptSignals):
recomputed when, and only when, the network's stamp (networks/stamps.py) or the day changed."""

import datetime as dt
import json
import re
from decimal import Decimal

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from conftest import TODAY
from networks import stamps
from networks.models import Network
from quality import attention
from quality.models import KeptSignals


def _signals_now(world, today=TODAY):
    scope = Network.objects.filter(organisation=world.org)
    return attention.current_signals(networks=attention.network_rows(scope), scope=scope, today=today)


def _fresh(world, today=TODAY):
    scope = Network.objects.filter(organisation=world.org)
    facts = attention.network_facts(networks=attention.network_rows(scope), scope=scope, today=today)
    return {pk: attention.signals(row, today) for pk, row in facts.items()}


def test_the_facts_read_only_tables_that_renew_the_stamp(world):
    scope = Network.objects.filter(organisation=world.org)
    with CaptureQueriesContext(connection) as queries:
        attention.network_facts(networks=attention.network_rows(scope), scope=scope, today=TODAY)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    read = {m._meta.db_table for m in apps.get_models() if re.search(rf'"{m._meta.db_table}"', sql)}
    assert "people_routeevent" in read and "planning_expense" in read  # the check sees what is read
    assert read - {"networks_networkstamp"} <= set(stamps.SOURCES)


def test_kept_signals_equal_fresh_ones_and_a_change_is_seen_at_once(world, monkeypatch):
    from planning.services import expense_record

    KeptSignals.objects.all().delete()
    asked = []
    facts_of = attention.network_facts
    monkeypatch.setattr(
        attention,
        "network_facts",
        lambda **kw: asked.append([n.pk for n in kw["networks"]]) or facts_of(**kw),
    )
    first = _signals_now(world)
    assert {pk: [s.values for s in found] for pk, found in first.items()} == {
        pk: [s.values for s in found] for pk, found in _fresh(world).items()
    }
    with CaptureQueriesContext(connection) as queries:
        again = _signals_now(world)
    assert again == first and len(queries) == 2  # the networks with their stamps, the kept signals
    expense_record(
        actor=world.worker_b,
        network=world.network_b,
        date=TODAY,
        amount=Decimal("957.24"),
        category="activities",
        description="Materiaal",
    )
    with CaptureQueriesContext(connection) as queries:
        after = _signals_now(world)
    # the networks, the kept signals, network_facts' seven queries for the one that changed, storing it
    assert len(queries) == 10
    assert "budget" in {s.kind for s in after[world.network_b.pk]}
    assert "budget" not in {s.kind for s in first[world.network_b.pk]}
    # asked: the first reading (both networks), _fresh's (both), the reading after the change (one)
    assert [sorted(pks) for pks in asked] == [[world.network_a.pk, world.network_b.pk]] * 2 + [
        [world.network_b.pk]
    ]
    assert after[world.network_a.pk] == first[world.network_a.pk]
    assert {pk: [s.values for s in found] for pk, found in after.items()} == {
        pk: [s.values for s in found] for pk, found in _fresh(world).items()
    }


def test_a_new_day_recomputes_every_network(world):
    KeptSignals.objects.all().delete()
    _signals_now(world)
    tomorrow = TODAY + dt.timedelta(days=1)
    with CaptureQueriesContext(connection) as queries:
        later = _signals_now(world, today=tomorrow)
    assert len(queries) == 10
    assert {pk: [s.values for s in found] for pk, found in later.items()} == {
        pk: [s.values for s in found] for pk, found in _fresh(world, tomorrow).items()
    }


def test_kept_signals_speak_the_language_of_each_request(world, login):
    KeptSignals.objects.all().delete()
    found = _signals_now(world)[world.network_b.pk]
    phase = next(s for s in found if s.kind == "phase")
    with translation.override("nl"):
        dutch = phase.text
    with translation.override("en"):
        english = phase.text
    assert dutch.startswith("Verkenning duurt") and english.startswith("Exploration runs")


def test_the_home_page_shows_a_change_on_the_next_request(world, login):
    from practice.models import FollowUp

    KeptSignals.objects.all().delete()
    client = login(world.coordinator)
    assert "drie weken open" not in client.get(reverse("home")).content.decode()
    FollowUp.objects.create(
        network=world.network_a,
        participation=world.anne.participations.get(),
        opened_on=TODAY - dt.timedelta(days=30),
        missed=3,
    )
    html = client.get(reverse("home")).content.decode()
    assert "1 opvolging staat al meer dan drie weken open" in html


def test_the_worker_keeps_every_organisations_signals_current(world):
    from jobs.registry import HOUSEKEEPING
    from practice.models import FollowUp

    assert attention.keep_current in HOUSEKEEPING
    KeptSignals.objects.all().delete()
    live = Network.objects.count()  # all three networks of the two organisations run
    assert attention.keep_current() == live
    assert attention.keep_current() == 0  # nothing changed
    FollowUp.objects.create(
        network=world.other_network,
        participation=world.olga.participations.get(),
        opened_on=TODAY - dt.timedelta(days=30),
        missed=3,
    )
    assert attention.keep_current() == 1
    kept = KeptSignals.objects.get(network=world.other_network)
    kinds = kept.kinds.split(" ")
    assert f"followups:{attention.URGENT}" in kinds
    stored = json.loads(kept.values)[kinds.index(f"followups:{attention.URGENT}")]
    assert stored == [1, {"date": (TODAY - dt.timedelta(days=30)).isoformat()}]
    assert attention.keep_current(today=TODAY + dt.timedelta(days=1)) == live  # a new day: all again
