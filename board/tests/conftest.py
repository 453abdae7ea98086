import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from conftest import TODAY
from people.services import participant_register
from practice import services as practice_services
from practice.models import Recurrence, Task
from privacy.models import ConsentScope
from privacy.services import consent_set

# Today is Wednesday 25 November 2026: Thursday 26 November is this week, 3 December next week.
THURSDAY = TODAY + dt.timedelta(days=1)
NEXT_THURSDAY = THURSDAY + dt.timedelta(days=7)


@dataclass
class BoardWorld:
    world: object
    activity: object
    tasks: list
    anne: object  # consented to the board
    kees: object  # consented to the board
    piet: object  # did not consent: never named on the board
    shared: object
    shared_token: str
    personal: object  # Anne's personal link
    personal_token: str

    def board_url(self, token=None) -> str:
        return f"/groep/{token or self.shared_token}/"

    def person_url(self, person, token=None) -> str:
        return f"/groep/{token or self.shared_token}/ik/{person.pk}/"

    def act_url(self, token=None) -> str:
        return f"/groep/{token or self.shared_token}/doen/"


@pytest.fixture(autouse=True)
def empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


def make_activity(world, network, name="Soepmiddag", weekday=3):
    return practice_services.activity_create(
        actor=world.worker_a,
        network=network,
        name=name,
        audience="group",
        recurrence=Recurrence.WEEKLY,
        weekday=weekday,
        start_time=dt.time(13, 30),
        duration_minutes=150,
        active_from=TODAY - dt.timedelta(weeks=10),
        active_until=None,
    )


@pytest.fixture
def bw(world) -> BoardWorld:
    from board import services

    network = world.network_a
    activity = make_activity(world, network)
    start = TODAY - dt.timedelta(days=60)
    kees = participant_register(actor=world.worker_a, network=network, name="Kees", date=start)
    piet = participant_register(actor=world.worker_a, network=network, name="Piet Geheim", date=start)
    for person in (world.anne, kees):
        consent_set(actor=world.worker_a, participant=person, scope=ConsentScope.GROUP_BOARD, given=True)
    # Piet agreed to his first name on other shared pages, not to the board.
    consent_set(actor=world.worker_a, participant=piet, scope=ConsentScope.FIRST_NAME, given=True)
    shared, shared_token = services.link_renew_shared(actor=world.worker_a, network=network)
    personal, personal_token = services.link_renew_personal(
        actor=world.worker_a, network=network, participant=world.anne
    )
    tasks = list(Task.objects.filter(network=network, archived=False, needs_text=False))
    return BoardWorld(
        world, activity, tasks, world.anne, kees, piet, shared, shared_token, personal, personal_token
    )


def task_post(bw, person, task=None, date=THURSDAY, action="task") -> dict:
    data = {
        "action": action,
        "activity": bw.activity.pk,
        "date": date.isoformat(),
        "task": (task or bw.tasks[0]).pk,
    }
    if person is not None:
        data["who"] = person.pk
    return data
