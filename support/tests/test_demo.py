"""The demo shows the deepening phase in the support network."""

import datetime as dt

from django.core.management import call_command

from networks.models import Network, Phase
from support.models import SupportObservation
from support.selectors import load_observations, network_members, period_network


def _figures(network, start, end):
    period = period_network(
        members=network_members(network),
        observations=load_observations(network, start, end),
        start=start,
        end=end,
        kind=None,
    )
    return {f.key: f.value for f in period.figures}


def test_the_demo_makes_the_deepening_phase_visible(db):
    call_command("demo")
    soup = Network.objects.get(name__startswith="Soepgroep")
    deepening = soup.phase_changes.get(phase=Phase.DEEPENING).date
    before = _figures(soup, soup.start_date, deepening - dt.timedelta(days=1))
    after = _figures(soup, deepening, deepening + dt.timedelta(days=365))
    assert after["reciprocity"] > before["reciprocity"] + 0.2
    assert after["outside_hours"] > 0.2 > before["outside_hours"]
    assert after["ties"] > before["ties"]
    counts = {
        n.name.split()[0]: SupportObservation.objects.filter(network=n).count() for n in Network.objects.all()
    }
    assert counts["Creaclub"] < 30 and counts["Speelgoedpunt"] <= 3 and counts["Soepgroep"] > 100
