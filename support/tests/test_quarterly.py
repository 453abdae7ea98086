import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from support.selectors import quarters_until, support_quarterly


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_quarters_are_calendar_quarters_up_to_today():
    spans = quarters_until(dt.date(2026, 2, 10), dt.date(2026, 11, 25))
    assert spans == [
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        (dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ]
    assert len(quarters_until(dt.date(2020, 1, 1), dt.date(2026, 11, 25), limit=8)) == 8


@pytest.mark.usefixtures("english")
def test_the_shift_to_mutual_support_shows_per_quarter(world, group, record):
    # Q2 (May): one-way help only. Q4 (November): the help is returned, once outside hours.
    record(group["anne"], [group["kees"]], days_ago=185)  # 24 May 2026
    record(group["anne"], [group["kees"]], days_ago=10)
    record(group["kees"], [group["anne"]], days_ago=5, outside_hours=True)
    rows = {row.label: row.figures for row in support_quarterly(network=world.network_a)}
    assert list(rows) == ["2026 Q2", "2026 Q3", "2026 Q4"]  # network_a started 200 days ago
    assert rows["2026 Q2"]["reciprocity"].value == 0.0
    assert rows["2026 Q3"]["ties"].value == 0
    assert rows["2026 Q4"]["reciprocity"].value == 1.0
    assert rows["2026 Q4"]["outside_hours"].value == 0.5


@pytest.mark.usefixtures("english")
def test_the_partial_renders_for_the_dashboard(world, group, record):
    record(group["anne"], [group["kees"]], days_ago=10)
    html = render_to_string(
        "support/_quarterly.html",
        {"quarters": support_quarterly(network=world.network_a), "show_method": True},
    )
    assert "2026 Q4" in html and "n=" in html and '<th scope="col">' in html
    assert html.index("How computed") < html.index("n=")  # the technical figures sit in the fold


def test_a_social_worker_reads_the_quarters_in_plain_words_and_small_counts_as_too_little(
    world, group, record, login
):
    """Workers see no density, centralisation or n on the dashboard; a share over one pair is no figure."""
    from django.urls import reverse

    record(group["anne"], [group["kees"]], days_ago=10)
    record(group["kees"], [group["anne"]], days_ago=5)
    html = (
        login(world.worker_a).get(reverse("practice:dashboard", args=[world.network_a.pk])).content.decode()
    )
    section = html.split('id="support-quarterly-heading"')[1]
    for word in ("dichtheid", "centralisatie", "n=", "Hoe berekend"):
        assert word not in section
    assert "paren die elkaar over en weer steunen" in section
    assert "te weinig gegevens" in section  # one mutual pair: fewer than five pairs to count from
    evaluator_html = (
        login(world.coordinator)
        .get(reverse("practice:dashboard", args=[world.network_a.pk]))
        .content.decode()
    )
    assert "Hoe berekend" in evaluator_html and "dichtheid" in evaluator_html


def test_the_page_shows_the_quarterly_chart_with_its_table(world, group, record, login):
    from django.urls import reverse

    record(group["anne"], [group["kees"]], days_ago=10)
    html = login(world.worker_a).get(reverse("support:network", args=[world.network_a.pk])).content.decode()
    assert 'id="support-quarterly' in html and 'aria-labelledby="support-quarterly-heading"' in html
    assert "The support figures per quarter" not in html  # the template comment stays a comment


def test_the_practice_dashboard_shows_the_quarterly_figures(world, group, record, login):
    from django.urls import reverse

    record(group["anne"], [group["kees"]], days_ago=10)
    response = login(world.worker_a).get(reverse("practice:dashboard", args=[world.network_a.pk]))
    html = response.content.decode()
    assert 'aria-labelledby="support-quarterly-heading"' in html
    assert reverse("support:network", args=[world.network_a.pk]) in html


def test_the_dashboard_section_is_empty_without_support_access(world):
    from support.apps import dashboard_section

    assert dashboard_section(world.network_a, world.evaluator)["allowed"] is False


@pytest.mark.usefixtures("english")
def test_remembered_quarter_figures_follow_every_change(world, group, record):
    """The figures are remembered per quarter (core.memo), yet a new, removed or backdated
    observation, or a changed route, shows at once."""
    from people.models import Stage
    from people.services import route_record
    from support.services import observation_delete

    def q4():
        return {row.label: row.figures for row in support_quarterly(network=world.network_a)}["2026 Q4"]

    first = record(group["anne"], [group["kees"]], days_ago=10)
    assert q4()["reciprocity"].value == 0.0
    assert q4()["reciprocity"].value == 0.0  # remembered, the same
    returned = record(group["kees"], [group["anne"]], days_ago=5)
    assert q4()["reciprocity"].value == 1.0
    observation_delete(actor=world.worker_a, observation=returned)
    assert q4()["reciprocity"].value == 0.0
    before = q4()["connected"].n
    route_record(
        actor=world.worker_a,
        participation=group["henk"].participations.get(),
        stage=Stage.DROPPED_OUT,
        date=dt.date(2026, 9, 1),
        dropout_reason="personal",
    )
    assert q4()["connected"].n == before - 1  # Henk left before the quarter: no longer in its network
    assert first.pk
