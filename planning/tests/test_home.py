"""The home-page prompt: networks for which 15 structural participants before the end of the build-up
phase is unlikely, for their workers and the coordinator."""

import datetime as dt

from conftest import TODAY
from planning.selectors import home_section


def _crowd(world, n=30):
    """n first visits in Creaclub in the last ten weeks: 15 becomes likely."""
    from people.services import participant_register

    for i in range(n):
        participant_register(actor=world.worker_b, network=world.network_b, name=f"P{i}",
                             date=TODAY - dt.timedelta(days=2 * i + 1))  # fmt: skip


def test_workers_see_their_networks_where_15_is_unlikely_with_the_chance_and_a_link(world, login, client):
    login(world.worker_a)
    page = client.get("/").content.decode()
    assert "Soepgroep: 15 vaste deelnemers vóór het einde van de opbouwfase is onwaarschijnlijk (kans 0%)" in page
    assert f'href="/planning/netwerk/{world.network_a.pk}/groeiprognose/"' in page
    assert "Creaclub:" not in page  # not worker_a's network


def test_the_coordinator_sees_all_unlikely_networks_and_not_the_likely_one(world, login, client):
    _crowd(world)
    login(world.coordinator)
    section = home_section(world.coordinator)
    assert [c.network.name for c in section["unlikely"]] == ["Soepgroep"]
    page = client.get("/").content.decode()
    assert "Soepgroep: 15 vaste" in page and "Creaclub: 15" not in page


def test_no_prompt_after_the_build_up_phase_or_without_planning_access(world, login, client):
    assert home_section(world.evaluator) == {} and home_section(world.researcher) == {}
    for network in (world.network_a, world.network_b):
        network.start_date = TODAY - dt.timedelta(days=400)  # build-up (3 + 9 months) has ended
        network.save(update_fields=["start_date"])
    assert home_section(world.coordinator) == {}


def test_home_section_has_a_fixed_number_of_queries(world, django_assert_num_queries):
    with django_assert_num_queries(3):
        home_section(world.coordinator)
    _crowd(world, 12)
    with django_assert_num_queries(3):
        section = home_section(world.coordinator)
    assert section["unlikely"]
