import datetime as dt

import pytest

from conftest import TODAY


@pytest.fixture
def group(world):
    """network_a with Anne (from the world) and four more participants, all in the group since 190 days."""
    from people.services import participant_register

    start = TODAY - dt.timedelta(days=190)
    people = {"anne": world.anne}
    for name in ["Janneke", "Kees", "Fatima", "Henk"]:
        people[name.lower()] = participant_register(
            actor=world.worker_a, network=world.network_a, name=name, date=start
        )
    return people


@pytest.fixture
def record(world):
    """record(giver, receivers, **kw) through the real service, yesterday by default."""
    from support.models import SupportKind
    from support.services import observation_record

    def _record(giver, receivers=(), *, days_ago=1, kind=SupportKind.PRACTICAL, **kwargs):
        return observation_record(
            actor=world.worker_a,
            network=world.network_a,
            date=TODAY - dt.timedelta(days=days_ago),
            giver=giver,
            receivers=list(receivers),
            kind=kind,
            **kwargs,
        )

    return _record
