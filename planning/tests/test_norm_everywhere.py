"""Every page that shows the staffing norm shows planning/norm.py's answer (one rule, one figure)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import TODAY
from networks.models import Network
from people.services import participant_register
from planning.norm import staffing_norm
from practice import services as practice
from practice.models import Recurrence


def _dutch(hours: Decimal) -> set[str]:
    """How pages write the figure: '5' or '5,0', '4,5'."""
    whole = f"{hours:.1f}".replace(".", ",")
    return {whole, whole.removesuffix(",0")}


@pytest.fixture
def twenty(world):
    """network_a: 20 taking part (Anne and 19 more), a weekly activity of 3.5 hours, 3 hours agreed."""
    for i in range(19):
        participant_register(actor=world.worker_a, network=world.network_a, name=f"Extra {i}", date=TODAY)
    practice.activity_create(
        actor=world.worker_a,
        network=world.network_a,
        name="Lange middag",
        audience="group",
        recurrence=Recurrence.WEEKLY,
        weekday=1,
        start_time=dt.time(13, 0),
        duration_minutes=210,
        active_from=TODAY - dt.timedelta(weeks=4),
        active_until=None,
    )
    Network.objects.filter(pk=world.network_a.pk).update(weekly_hours=Decimal("3"))
    norm = staffing_norm(participants=20, longest_activity_minutes=210)
    assert norm.hours == Decimal("5")  # 4 base + 1 for the hour over 2.5 hours; 20 is not yet a larger band
    return norm


def _figure(page: str, pattern: str) -> str:
    found = re.search(pattern, page, re.S)
    assert found, pattern
    return found.group(1)


def test_the_staffing_norm_is_the_same_on_every_page_that_shows_it(world, login, twenty):
    expected = _dutch(twenty.hours)
    worker, coordinator = login(world.worker_a), login(world.coordinator)
    shown = {}
    page = worker.get(reverse("planning:hours", args=[world.network_a.pk])).content.decode()
    shown["planning: hours of the network"] = _figure(
        page, r"Uren per week die de interventie vraagt</dt><dd>([\d,]+)"
    )
    page = coordinator.get(reverse("planning:organisation")).content.decode()
    row = page[page.index(world.network_a.name, page.index("<tbody")) :]
    shown["planning: all networks"] = re.findall(r"<td[^>]*>([\d,]+)(?: <span|</td>)", row.split("</tr>")[0])[
        -1
    ]
    page = worker.get(reverse("quality:network", args=[world.network_a.pk])).content.decode()
    shown["quality: preconditions"] = _figure(page, r"met 20 deelnemers zijn er ongeveer ([\d,]+) nodig")
    page = coordinator.get(reverse("home")).content.decode()
    shown["home: needs attention"] = _figure(page, r"met 20 deelnemers vraagt de interventie ([\d,]+)")
    assert {where: figure in expected for where, figure in shown.items()} == dict.fromkeys(shown, True), shown
