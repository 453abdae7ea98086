"""The planning pages: who may open them, what they show, what a save changes, and their query counts."""

import datetime as dt
from decimal import Decimal

import pytest

from conftest import TODAY
from planning import services
from planning.models import Budget, Expense, HoursEntry, Income


def url(name, network=None):
    base = "/planning/"
    paths = {
        "hours": "uren/",
        "budget": "budget/",
        "budget_edit": "budget/wijzigen/",
        "forecast": "groeiprognose/",
    }
    return base if name == "organisation" else f"{base}netwerk/{network.pk}/{paths[name]}"


# ----- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["hours", "budget", "budget_edit", "forecast"])
def test_network_pages_for_own_workers_and_coordinator_only(world, login, client, name):
    for user, expected in [
        (world.worker_a, 200),
        (world.backup_a, 200),
        (world.coordinator, 200),
        (world.worker_b, 404),
        (world.evaluator, 403),
        (world.researcher, 403),
        (world.norole, 403),
        (world.admin, 403),
    ]:
        login(user)
        assert client.get(url(name, world.network_a)).status_code == expected, (user.username, name)


def test_organisation_page_is_for_coordinators(world, login, client):
    for user, expected in [
        (world.coordinator, 200),
        (world.worker_a, 403),
        (world.evaluator, 403),
        (world.researcher, 403),
    ]:
        login(user)
        assert client.get(url("organisation")).status_code == expected, user.username


def test_planning_tab_on_network_pages(world, login, client):
    login(world.worker_a)
    page = client.get(f"/netwerken/{world.network_a.pk}/").content.decode()
    assert url("hours", world.network_a) in page


# ----- hours ----------------------------------------------------------------------------------


def test_recording_hours_saves_them_for_the_week_and_role(world, login, client):
    login(world.backup_a)
    response = client.post(
        url("hours", world.network_a),
        {"week": "2026-11-19", "hours": "2.5", "purpose": "individual", "note": "huisbezoek"},
    )
    assert response.status_code == 302
    entry = HoursEntry.objects.get()
    assert (entry.week, entry.hours, entry.role, entry.worker) == (
        dt.date(2026, 11, 16),
        Decimal("2.5"),
        "backup",
        world.backup_a,
    )
    page = client.get(url("hours", world.network_a)).content.decode()
    assert "huisbezoek" in page


def test_a_coordinator_records_as_other_colleague_and_another_worker_cannot_record(world, login, client):
    data = {"week": "2026-11-18", "hours": "1", "purpose": "partners"}
    login(world.worker_b)
    assert client.post(url("hours", world.network_a), data).status_code == 404
    assert not HoursEntry.objects.exists()
    login(world.coordinator)
    assert client.post(url("hours", world.network_a), data).status_code == 302
    assert HoursEntry.objects.get().role == "other"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"week": "2026-12-07", "hours": "2", "purpose": "activity"}, "week"),  # a week still to come
        ({"week": "2026-11-18", "hours": "0", "purpose": "activity"}, "hours"),
        ({"week": "2026-11-18", "hours": "81", "purpose": "activity"}, "hours"),
        ({"week": "2026-11-18", "hours": "2", "purpose": "party"}, "purpose"),
        ({"week": "2020-01-06", "hours": "2", "purpose": "activity"}, "week"),  # before the network started
    ],
)
def test_bad_hours_keep_the_input_and_change_nothing(world, login, client, data, field):
    login(world.worker_a)
    response = client.post(url("hours", world.network_a), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert form.data["hours"] == data["hours"]
    assert not HoursEntry.objects.exists()


def test_hours_page_shows_agreed_and_spent_per_month(world, login, client):
    network = world.network_a  # started 200 days ago, 4 hours a week
    for week, hours in [(TODAY - dt.timedelta(days=7), "4"), (TODAY - dt.timedelta(days=14), "3.5")]:
        services.hours_record(
            actor=world.worker_a, network=network, week=week, hours=Decimal(hours), purpose="activity"
        )
    login(world.worker_a)
    context = client.get(url("hours", network)).context
    november = next(r for r in context["rows"] if r.month == dt.date(2026, 11, 1))
    assert november.spent == Decimal("7.5")
    assert november.agreed == Decimal("17.1")  # 4 h x 30 days / 7
    assert next(r for r in context["rows"] if r.month == dt.date(2026, 12, 1)).spent is None  # to come
    assert context["spent_in_period"] == Decimal("7.5")
    assert context["minimum_in_period"] == Decimal("314")  # 4 h x 18 months (549 days / 7)
    assert len(context["rows"]) == 19  # 9 May 2026 - 8 November 2027: 19 calendar months


def test_hours_page_shows_the_second_worker_requirement(world, login, client):
    from people.services import participant_register

    for i in range(31):
        participant_register(actor=world.worker_a, network=world.network_a, name=f"P{i}", date=TODAY)
    login(world.worker_a)
    response = client.get(url("hours", world.network_a))
    assert response.context["norm"].participants == 32  # with Anne
    assert response.context["norm"].workers_required == 2
    assert "tweede sociaal werker" in response.content.decode()


def test_hours_page_query_count_is_fixed(world, login, client, django_assert_num_queries):
    login(world.worker_a)
    client.get(url("hours", world.network_a))
    with django_assert_num_queries(7):
        client.get(url("hours", world.network_a))
    for weeks in range(1, 25):
        services.hours_record(
            actor=world.worker_a,
            network=world.network_a,
            week=TODAY - dt.timedelta(weeks=weeks),
            hours=Decimal("4"),
            purpose="activity",
        )
    with django_assert_num_queries(7):
        client.get(url("hours", world.network_a))


# ----- budget ---------------------------------------------------------------------------------


def test_budget_defaults_to_the_source_activity_budget(world, login, client):
    login(world.worker_a)
    context = client.get(url("budget", world.network_a)).context
    assert context["budget"].total == Decimal("1000") and context["remaining"] == Decimal("1000")


def test_expense_and_income_change_spent_and_remaining(world, login, client):
    login(world.worker_a)
    response = client.post(
        url("budget", world.network_a),
        {
            "form": "expense",
            "expense-date": "2026-11-20",
            "expense-amount": "12.35",
            "expense-category": "activities",
            "expense-description": "Soepgroenten",
        },
    )
    assert response.status_code == 302
    client.post(
        url("budget", world.network_a),
        {
            "form": "income",
            "income-date": "2026-11-20",
            "income-amount": "10",
            "income-source": "own_contribution",
        },
    )
    context = client.get(url("budget", world.network_a)).context
    assert context["spent"] == Decimal("12.35") and context["remaining"] == Decimal("987.65")
    assert context["income"] == Decimal("10.00")
    assert Expense.objects.get().amount == Decimal("12.35") and Income.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"expense-date": "2026-11-26", "expense-amount": "5"}, "date"),  # tomorrow
        ({"expense-date": "2026-11-20", "expense-amount": "0"}, "amount"),
        ({"expense-date": "2026-11-20", "expense-amount": "-3"}, "amount"),
        ({"expense-date": "2026-11-20", "expense-amount": "1.005"}, "amount"),
    ],
)
def test_bad_expense_keeps_the_input_and_changes_nothing(world, login, client, data, field):
    login(world.worker_a)
    post = {"form": "expense", "expense-category": "activities", "expense-description": "Soep"} | data
    response = client.post(url("budget", world.network_a), post)
    assert response.status_code == 400
    form = response.context["expense_form"]
    assert field in form.errors and form.data["expense-amount"] == data["expense-amount"]
    assert not Expense.objects.exists()


def test_budget_edit_saves_and_detects_a_conflict(world, login, client):
    login(world.coordinator)
    data = {"activities": "1200", "rent": "300", "replacement": "0", "version": "0"}
    assert client.post(url("budget_edit", world.network_a), data).status_code == 302
    budget = Budget.objects.get()
    assert (budget.total, budget.version) == (Decimal("1500"), 1)
    data |= {"version": "1", "rent": "350"}
    assert client.post(url("budget_edit", world.network_a), data).status_code == 302
    stale = data | {"version": "1", "rent": "999"}
    response = client.post(url("budget_edit", world.network_a), stale)
    assert response.status_code == 409
    assert Budget.objects.get().rent == Decimal("350")


def test_budget_edit_rejects_negative_amounts(world, login, client):
    login(world.worker_a)
    response = client.post(
        url("budget_edit", world.network_a),
        {"activities": "-1", "rent": "0", "replacement": "0", "version": "0"},
    )
    assert response.status_code == 400 and "activities" in response.context["form"].errors
    assert not Budget.objects.exists()


def test_budget_edit_starts_from_the_stored_budget_and_a_refused_save_keeps_the_input(world, login, client):
    login(world.coordinator)
    data = {"activities": "1200", "rent": "300", "replacement": "0", "version": "0"}
    assert client.post(url("budget_edit", world.network_a), data).status_code == 302
    initial = client.get(url("budget_edit", world.network_a)).context["form"].initial
    assert (initial["activities"], initial["rent"], initial["version"]) == (
        Decimal("1200"),
        Decimal("300"),
        1,
    )
    response = client.post(url("budget_edit", world.network_a), data | {"rent": "-5", "activities": "900"})
    assert response.status_code == 400 and "rent" in response.context["form"].errors
    assert response.context["form"]["activities"].value() == "900"
    budget = Budget.objects.get()
    assert (budget.activities, budget.rent, budget.version) == (Decimal("1200"), Decimal("300"), 1)


def test_budget_page_query_count_is_fixed(world, login, client, django_assert_num_queries):
    login(world.worker_a)
    client.get(url("budget", world.network_a))
    with django_assert_num_queries(8):
        client.get(url("budget", world.network_a))
    for days in range(1, 60, 3):
        services.expense_record(
            actor=world.worker_a,
            network=world.network_a,
            date=TODAY - dt.timedelta(days=days),
            amount=Decimal("10"),
            category="other",
            description="x",
        )
        services.income_record(
            actor=world.worker_a,
            network=world.network_a,
            date=TODAY - dt.timedelta(days=days),
            amount=Decimal("5"),
            source="fund",
        )
    with django_assert_num_queries(8):
        client.get(url("budget", world.network_a))


# ----- forecast -------------------------------------------------------------------------------


def test_forecast_page_explains_and_falls_back_without_history(world, login, client):
    login(world.worker_a)
    response = client.get(url("forecast", world.network_a))
    page = response.content.decode()
    assert response.status_code == 200
    assert "een prognose, geen belofte" in page.lower()
    assert response.context["result"].runs == 10_000
    assert not response.context["base"].share.own  # one participant: the source's "about half"
    assert "<svg" in page


def test_forecast_what_if_raises_the_inflow(world, login, client):
    login(world.worker_a)
    plain = client.get(url("forecast", world.network_a)).context
    more = client.get(url("forecast", world.network_a), {"extra": "2"}).context
    assert more["inputs"].inflow.value > plain["inputs"].inflow.value
    assert more["milestones"][-1]["probability"] >= plain["milestones"][-1]["probability"]
    bad = client.get(url("forecast", world.network_a), {"extra": "abc"})
    assert bad.status_code == 200 and "extra" in bad.context["form"].errors


def test_forecast_query_count_is_fixed(world, login, client, django_assert_num_queries):
    from people.services import participant_register

    login(world.worker_a)
    client.get(url("forecast", world.network_a))
    with django_assert_num_queries(5):
        client.get(url("forecast", world.network_a))
    for i in range(10):
        participant_register(
            actor=world.worker_a,
            network=world.network_a,
            name=f"P{i}",
            date=TODAY - dt.timedelta(days=10 * i),
        )
    with django_assert_num_queries(5):
        client.get(url("forecast", world.network_a))


# ----- organisation ---------------------------------------------------------------------------


def test_organisation_overview_lists_the_networks_with_fixed_queries(
    world, login, client, django_assert_num_queries
):
    services.hours_record(
        actor=world.worker_a,
        network=world.network_a,
        week=TODAY - dt.timedelta(days=7),
        hours=Decimal("6.5"),
        purpose="activity",
    )
    services.expense_record(
        actor=world.worker_b,
        network=world.network_b,
        date=TODAY,
        amount=Decimal("100"),
        category="rent",
        description="Huur",
    )
    login(world.coordinator)
    client.get(url("organisation"))
    # session, user, the page's ids; the networks, their participants, their planning facts and the
    # chances of the page's networks (two)
    with django_assert_num_queries(8):
        response = client.get(url("organisation"))
    rows = {r["network"].name: r for r in response.context["rows"]}
    assert set(rows) == {"Soepgroep", "Creaclub"}  # not organisation B's network
    assert rows["Soepgroep"]["spent_13_weeks"] == Decimal("6.5")
    assert rows["Creaclub"]["remaining"] == Decimal("900")
    # Anne's first visit was 27 weeks ago: no inflow in the last 26 weeks, so 15 is out of reach.
    assert not rows["Soepgroep"]["reached"] and rows["Soepgroep"]["median"] is None
    assert "na 2 jaar" in response.content.decode()


def test_organisation_overview_query_count_does_not_depend_on_the_forecasts(
    world, login, client, django_assert_num_queries, monkeypatch
):
    from planning import forecast

    login(world.coordinator)
    client.get(url("organisation"))
    monkeypatch.setattr(forecast, "TARGET", 0)  # every network has reached it: no forecast to compute
    with django_assert_num_queries(8):
        rows = client.get(url("organisation")).context["rows"]
    assert all(r["reached"] and r["median"] is None for r in rows)


def test_organisation_overview_summarises_all_networks_and_pages_through_them(
    world, login, client, django_assert_num_queries, monkeypatch
):
    """Hundreds of networks: a summary of all of them, then a page of networks at a time (same queries)."""
    from planning import views

    monkeypatch.setattr(views, "PLANNING_PAGE_SIZE", 1)
    login(world.coordinator)
    client.get(url("organisation"))
    with django_assert_num_queries(8):
        first = client.get(url("organisation"))
    assert [r["network"].name for r in first.context["rows"]] == ["Creaclub"]
    assert first.context["summary"]["networks"] == 2
    assert "Pagina 1 van 2" in first.content.decode() and "2 vangnetwerken" in first.content.decode()
    with django_assert_num_queries(8):
        second = client.get(url("organisation") + "?pagina=2")
    assert [r["network"].name for r in second.context["rows"]] == ["Soepgroep"]
