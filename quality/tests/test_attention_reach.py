"""The growth forecast's prompt in the needs-attention view: 15 structural participants by the end of the
build-up phase is unlikely (planning.forecast), for the network's workers and the coordinator."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import TODAY
from quality import attention
from quality.attention import NetworkFacts


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def _crowd(world, n=30):
    """n first visits in Creaclub in the last ten weeks: 15 becomes likely."""
    from people.services import participant_register

    for i in range(n):
        participant_register(
            actor=world.worker_b,
            network=world.network_b,
            name=f"P{i}",
            date=TODAY - dt.timedelta(days=2 * i + 1),
        )


def _reach(user):
    data = attention.organisation_attention(user=user)
    return {row.name: [s for s in row.signals if s.kind == "reach"] for row in data["rows"]}


def test_the_rule_signals_below_one_chance_in_three_and_links_to_the_forecast(world):
    network = world.network_a
    signal = attention.reach_unlikely(NetworkFacts(network=network, reach_chance=0.2), TODAY)
    assert (
        signal.text == "15 vaste deelnemers vóór het eind van de opbouwfase is onwaarschijnlijk (kans 20%)."
    )
    assert signal.url == reverse("planning:forecast", args=[network.pk]) and not signal.urgent
    assert attention.reach_unlikely(NetworkFacts(network=network, reach_chance=0.34), TODAY) is None
    assert attention.reach_unlikely(NetworkFacts(network=network, reach_chance=None), TODAY) is None


def test_workers_see_it_for_their_own_networks_on_the_home_page(world, login):
    client = login(world.worker_a)
    page = client.get("/").content.decode()
    assert "15 vaste deelnemers vóór het eind van de opbouwfase is onwaarschijnlijk (kans 0%)" in page
    assert f'href="/planning/netwerk/{world.network_a.pk}/groeiprognose/"' in page
    assert "Creaclub" not in page  # not worker_a's network


def test_the_coordinator_sees_the_unlikely_network_and_not_the_likely_one(world):
    _crowd(world)
    reach = _reach(world.coordinator)
    assert reach["Soepgroep"] and not reach.get("Creaclub")


def test_no_signal_after_the_build_up_phase_or_without_planning_access(world):
    assert "reach" not in attention.visible_kinds(world.evaluator)
    assert _reach(world.coordinator)["Soepgroep"]
    for network in (world.network_a, world.network_b):
        network.start_date = TODAY - dt.timedelta(days=400)  # build-up (3 + 9 months) has ended
        network.save(update_fields=["start_date"])
    assert not any(_reach(world.coordinator).values())
