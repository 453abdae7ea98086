"""The process evaluation's figures kept per network and period (quality.selectors.kept_process_figures):
read again only for networks whose stamp (networks/stamps.py) changed, equal to figures read afresh."""

import datetime as dt
import re

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import TODAY
from networks import stamps
from networks.models import Network
from quality import selectors
from quality.models import KeptProcessRow
from quality.services import evaluation_create
from quality.tests.helpers import evaluation_data

PERIOD = selectors.default_process_period(TODAY)


def _evaluation(world):
    start, end = PERIOD
    return selectors.process_evaluation(
        networks=Network.objects.filter(organisation=world.org), start=start, end=end
    )


def _plain(data):
    """What the page and the report show, without the network objects."""
    rows = [
        (r.network.pk, r.phases_done, r.phases_on_time, r.checklist_yes, r.checklist_answered, r.reach,
         r.goals_achieved, r.goals_rated, r.latest_evaluation)
        for r in data["rows"]
    ]  # fmt: skip
    recommendations = [
        (network.pk, e["date"], e["recommendations"]) for network, e in data["recommendations"]
    ]
    return rows, data["totals"], data["success"], data["failure"], data["goals"], recommendations


def test_the_figures_read_only_tables_that_renew_the_stamp(world):
    scope = Network.objects.filter(organisation=world.org)
    start, end = PERIOD
    with CaptureQueriesContext(connection) as queries:
        selectors.process_figures(networks=list(scope), scope=scope, start=start, end=end)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    read = {m._meta.db_table for m in apps.get_models() if re.search(rf'"{m._meta.db_table}"', sql)}
    assert {"people_routeevent", "quality_checklistitemanswer", "quality_networkevaluation"} <= read
    assert read <= set(stamps.SOURCES)


def test_kept_figures_equal_fresh_ones_and_a_change_shows_at_once(world):
    from people.models import Stage
    from people.services import route_record

    KeptProcessRow.objects.all().delete()
    first = _evaluation(world)
    assert KeptProcessRow.objects.count() == 2
    assert _plain(_evaluation(world)) == _plain(first)
    evaluation_create(
        actor=world.worker_b,
        network=world.network_b,
        **evaluation_data(status="final", date=TODAY - dt.timedelta(days=3), recommendations="Meer koffie."),
    )
    route_record(
        actor=None, participation=world.anne.participations.get(), stage=Stage.STRUCTURAL, date=TODAY
    )
    after = _evaluation(world)
    assert after["totals"]["evaluated"] == first["totals"]["evaluated"] + 1
    assert after["totals"]["reach"]["structural"] == first["totals"]["reach"]["structural"] + 1
    assert "Meer koffie." in [e["recommendations"] for _n, e in after["recommendations"]]
    KeptProcessRow.objects.all().delete()
    assert _plain(_evaluation(world)) == _plain(after)  # the same as computed from nothing kept


def test_the_worker_keeps_the_default_period_current_and_forgets_old_rows(world):
    KeptProcessRow.objects.all().delete()
    networks = Network.objects.filter(start_date__lte=PERIOD[1]).count()  # both organisations
    assert selectors.keep_process_current(TODAY) == networks
    assert selectors.keep_process_current(TODAY) == 0
    evaluation_create(actor=world.worker_b, network=world.network_b, **evaluation_data(status="final"))
    assert selectors.keep_process_current(TODAY) == 1
    later = TODAY + dt.timedelta(days=selectors.KEPT_PROCESS_DAYS + 1)
    selectors.keep_process_current(later)  # the rows of TODAY's period were not stored since: removed
    assert not KeptProcessRow.objects.filter(end=PERIOD[1]).exists()
    assert KeptProcessRow.objects.filter(end=later).count() == networks
