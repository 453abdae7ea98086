"""Shared test fixtures: frozen time and the personas every ownership test uses.

Personas (organisation A unless said otherwise):
- worker_a: lead social worker of network_a       - backup_a: backup (achterwacht) of network_a
- worker_b: lead of network_b (same organisation)  - coordinator, evaluator, researcher, admin, norole
- outsider: lead worker of other_network in organisation B
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine

FROZEN_NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
TODAY = FROZEN_NOW.date()


@pytest.fixture(autouse=True)
def frozen_time(request):
    """Every test runs on 25 November 2026, 10:00 Amsterdam time, unless it travels itself."""
    if request.node.get_closest_marker("browser"):
        yield None
        return
    with time_machine.travel(FROZEN_NOW, tick=False) as traveller:
        yield traveller


@dataclass
class World:
    org: object
    other_org: object
    location: object
    network_a: object
    network_b: object
    other_network: object
    worker_a: object
    backup_a: object
    worker_b: object
    coordinator: object
    evaluator: object
    researcher: object
    admin: object
    norole: object
    outsider: object
    anne: object  # participant of network_a
    bert: object  # participant of network_b
    olga: object  # participant of other_network (organisation B)
    partner: object
    other_partner: object

    def personas(self) -> dict:
        names = [
            "worker_a",
            "backup_a",
            "worker_b",
            "coordinator",
            "evaluator",
            "researcher",
            "admin",
            "norole",
            "outsider",
        ]
        return {name: getattr(self, name) for name in names}


def build_world() -> World:
    from accounts.models import Role
    from accounts.services import location_create, organisation_create, user_invite
    from networks.services import network_create
    from people.models import PartnerKind
    from people.services import participant_register, partner_create

    org, admin = organisation_create(
        name="Welzijn Oost",
        slug="oost",
        admin_username="admin",
        admin_email="a@oost.example",
        admin_password=None,
    )
    other_org, other_admin = organisation_create(
        name="Welzijn West",
        slug="west",
        admin_username="westadmin",
        admin_email="a@west.example",
        admin_password=None,
    )

    def user(username, roles, organisation=org):
        return user_invite(
            actor=None,
            organisation=organisation,
            username=username,
            email=f"{username}@example.org",
            first_name=username.capitalize(),
            roles=roles,
            password="correct-horse-battery",
        )

    worker_a, backup_a, worker_b = (
        user("worker_a", [Role.WORKER]),
        user("backup_a", [Role.WORKER]),
        user("worker_b", [Role.WORKER]),
    )
    coordinator, evaluator = user("coordinator", [Role.COORDINATOR]), user("evaluator", [Role.EVALUATOR])
    researcher, norole = user("researcher", [Role.RESEARCHER]), user("norole", [])
    outsider = user("outsider", [Role.WORKER], organisation=other_org)
    location = location_create(organisation=org, name="Buurthuis De Kroon")
    other_location = location_create(organisation=other_org, name="Buurthuis West")
    start = TODAY - dt.timedelta(days=200)
    network_a = network_create(
        actor=coordinator,
        organisation=org,
        name="Soepgroep",
        start_date=start,
        location=location,
        lead=worker_a,
        backup=backup_a,
    )
    network_b = network_create(
        actor=coordinator,
        organisation=org,
        name="Creaclub",
        start_date=start,
        location=location,
        lead=worker_b,
    )
    other_network = network_create(
        actor=None,
        organisation=other_org,
        name="Westgroep",
        start_date=start,
        location=other_location,
        lead=outsider,
    )
    anne = participant_register(
        actor=worker_a, network=network_a, name="Anne", date=start + dt.timedelta(days=7)
    )
    bert = participant_register(
        actor=worker_b, network=network_b, name="Bert", date=start + dt.timedelta(days=7)
    )
    olga = participant_register(
        actor=outsider, network=other_network, name="Olga", date=start + dt.timedelta(days=7)
    )
    partner = partner_create(organisation=org, name="Wijkteam Oost", kind=PartnerKind.NEIGHBOURHOOD_TEAM)
    other_partner = partner_create(
        organisation=other_org, name="Wijkteam West", kind=PartnerKind.NEIGHBOURHOOD_TEAM
    )
    return World(
        org=org,
        other_org=other_org,
        location=location,
        network_a=network_a,
        network_b=network_b,
        other_network=other_network,
        worker_a=worker_a,
        backup_a=backup_a,
        worker_b=worker_b,
        coordinator=coordinator,
        evaluator=evaluator,
        researcher=researcher,
        admin=admin,
        norole=norole,
        outsider=outsider,
        anne=anne,
        bert=bert,
        olga=olga,
        partner=partner,
        other_partner=other_partner,
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def login(client):
    """login(user) -> a test client signed in as user (second factor counted as done)."""

    def _login(user, c=None):
        from accounts.testing import sign_in

        c = c or client
        sign_in(c, user)
        return c

    return _login
