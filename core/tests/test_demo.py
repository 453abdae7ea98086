"""The demo organisation builds through the services, with the shape the README promises."""

from django.core.management import call_command

from accounts.models import Role, User
from core.demo_accounts import DEMO_ACCOUNTS
from networks.models import Network, Phase
from people.models import Participant, RouteEvent, Stage


def test_demo_builds_a_realistic_organisation(db):
    call_command("demo")
    phases = set(Network.objects.values_list("phase", flat=True))
    assert {Phase.EXPLORATION, Phase.BUILDUP, Phase.PROVISION} <= phases
    assert Participant.objects.count() >= 55
    assert RouteEvent.objects.filter(stage=Stage.RETURNED).exists()
    assert RouteEvent.objects.filter(stage=Stage.DROPPED_OUT).exists()
    assert RouteEvent.objects.filter(stage=Stage.REFERRED).exists()
    for _role, username, _note in DEMO_ACCOUNTS:
        assert User.objects.get(username=username).roles, username
    roles = set().union(*(u.roles for u in User.objects.all()))
    assert roles == set(Role.values)


def _fingerprint():
    from people.models import Participation

    return list(
        Participation.objects.order_by("participant__name", "network__name").values_list(
            "participant__name", "network__name", "stage", "stage_since"
        )
    )


def test_demo_is_deterministic(db):
    from django.db import transaction

    from core.demo import build_demo

    foundation = ["accounts.demo", "networks.demo", "people.demo"]
    with transaction.atomic():
        build_demo(seed=7, builders=foundation)
        first = _fingerprint()
        transaction.set_rollback(True)
    build_demo(seed=7, builders=foundation)
    assert first and _fingerprint() == first
