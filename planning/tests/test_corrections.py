"""Correcting hours, expenses and income: who may, what a save or a removal changes, the audit trail."""

import datetime as dt
from decimal import Decimal

import pytest

from conftest import TODAY
from planning import services
from planning.models import Expense, HoursEntry, Income
from privacy.models import AuditEntry


def _hours(world, hours="40"):
    return services.hours_record(
        actor=world.worker_a,
        network=world.network_a,
        week=TODAY,
        hours=Decimal(hours),
        purpose="activity",
        note="koken",
    )


def _expense(world):
    return services.expense_record(
        actor=world.worker_a,
        network=world.network_a,
        date=TODAY,
        amount=Decimal("250"),
        category="activities",
        description="verf",
    )


def _income(world):
    return services.income_record(
        actor=world.worker_a, network=world.network_a, date=TODAY, amount=Decimal("30"), source="fund"
    )


MAKE = {"hours": _hours, "expense": _expense, "income": _income}
PATHS = {"hours": "uren", "expense": "uitgaven", "income": "inkomsten"}


def edit_url(kind, obj):
    return f"/planning/{PATHS[kind]}/{obj.pk}/wijzigen/"


def delete_url(kind, obj):
    return f"/planning/{PATHS[kind]}/{obj.pk}/verwijderen/"


def test_a_worker_corrects_40_hours_into_4(world, login, client):
    entry = _hours(world)
    login(world.worker_a)
    page = client.get(f"/planning/netwerk/{world.network_a.pk}/uren/").content.decode()
    assert edit_url("hours", entry) in page and delete_url("hours", entry) in page
    form = client.get(edit_url("hours", entry)).content.decode()
    assert 'value="40.00"' in form
    response = client.post(
        edit_url("hours", entry),
        {"week": "2026-11-24", "hours": "4", "purpose": "activity", "note": "koken", "version": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/planning/netwerk/{world.network_a.pk}/uren/"
    entry.refresh_from_db()
    assert (entry.hours, entry.version, entry.worker, entry.week) == (
        Decimal("4"),
        2,
        world.worker_a,
        dt.date(2026, 11, 23),
    )
    log = AuditEntry.objects.get(action="planning.hours.changed")
    assert (log.actor_id, log.object_id, log.organisation_id) == (
        world.worker_a.pk,
        str(entry.pk),
        world.network_a.organisation_id,
    )
    assert log.detail == "hours: 40.00 -> 4.00"


def test_the_backup_and_the_coordinator_may_correct_another_networks_worker_may_not(world, login, client):
    entry = _hours(world)
    for user, expected in [
        (world.backup_a, 200),
        (world.coordinator, 200),
        (world.worker_b, 404),
        (world.evaluator, 403),
        (world.researcher, 403),
        (world.admin, 403),
    ]:
        login(user)
        assert client.get(edit_url("hours", entry)).status_code == expected, user.username
        assert client.get(delete_url("hours", entry)).status_code == expected, user.username
    login(world.worker_b)
    assert client.post(delete_url("hours", entry)).status_code == 404
    assert HoursEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [({"hours": "81"}, "hours"), ({"week": "2026-12-07"}, "week"), ({"hours": "0"}, "hours")],
)
def test_a_bad_correction_keeps_the_input_and_changes_nothing(world, login, client, data, field):
    entry = _hours(world)
    login(world.worker_a)
    post = {"week": "2026-11-24", "hours": "4", "purpose": "activity", "note": "", "version": "1"} | data
    response = client.post(edit_url("hours", entry), post)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'value="{data[field]}"' in response.content.decode()
    entry.refresh_from_db()
    assert (entry.hours, entry.version) == (Decimal("40"), 1)
    assert not AuditEntry.objects.filter(action__startswith="planning.").exists()


@pytest.mark.parametrize("kind", ["hours", "expense", "income"])
def test_a_stale_edit_gives_the_conflict_page_and_keeps_the_other_save(world, login, client, kind):
    obj = MAKE[kind](world)
    login(world.worker_a)
    data = {
        "hours": {"week": "2026-11-24", "hours": "5", "purpose": "activity"},
        "expense": {"date": "2026-11-20", "amount": "25", "category": "activities", "description": "verf"},
        "income": {"date": "2026-11-20", "amount": "35", "source": "fund"},
    }[kind]
    assert client.post(edit_url(kind, obj), data | {"version": "1"}).status_code == 302
    response = client.post(
        edit_url(kind, obj),
        data | {"version": "1"} | ({"hours": "6"} if kind == "hours" else {"amount": "99"}),
    )
    assert response.status_code == 409
    obj.refresh_from_db()
    assert obj.version == 2
    assert (obj.hours if kind == "hours" else obj.amount) == Decimal(data.get("hours") or data["amount"])


def test_an_expense_correction_changes_the_remaining_budget(world, login, client):
    expense = _expense(world)
    login(world.worker_a)
    budget_page = f"/planning/netwerk/{world.network_a.pk}/budget/"
    assert client.get(budget_page).context["remaining"] == Decimal("750")
    response = client.post(
        edit_url("expense", expense),
        {
            "date": "2026-11-20",
            "amount": "25",
            "category": "activities",
            "description": "verf en kwasten",
            "version": "1",
        },
    )
    assert response["Location"] == budget_page
    assert client.get(budget_page).context["remaining"] == Decimal("975")
    expense.refresh_from_db()
    assert expense.description == "verf en kwasten"
    detail = AuditEntry.objects.get(action="planning.expense.changed").detail
    assert detail == "date: 2026-11-25 -> 2026-11-20; amount: 250.00 -> 25.00"  # no free text


@pytest.mark.parametrize("kind", ["hours", "expense", "income"])
def test_removal_asks_first_then_deletes_on_post_and_is_audited(world, login, client, kind):
    obj = MAKE[kind](world)
    model = type(obj)
    login(world.backup_a)
    page = client.get(delete_url(kind, obj))
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    assert model.objects.filter(pk=obj.pk).exists()  # GET only asks
    response = client.post(delete_url(kind, obj))
    assert response.status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()
    log = AuditEntry.objects.get(action=f"planning.{kind}.deleted")
    assert (log.actor_id, log.object_id, log.object_type) == (
        world.backup_a.pk,
        str(obj.pk),
        f"planning.{kind}",
    )


def test_income_edit_and_delete_for_the_budget_page(world, login, client):
    income, expense = _income(world), _expense(world)
    login(world.coordinator)
    page = client.get(f"/planning/netwerk/{world.network_a.pk}/budget/").content.decode()
    for url in (edit_url("income", income), delete_url("income", income), edit_url("expense", expense)):
        assert url in page
    client.post(
        edit_url("income", income),
        {"date": "2026-11-20", "amount": "300", "source": "municipality", "version": "1"},
    )
    income.refresh_from_db()
    assert (income.amount, income.source) == (Decimal("300"), "municipality")
    assert Income.objects.count() == 1 and Expense.objects.count() == 1


@pytest.mark.parametrize("kind", ["hours", "expense", "income"])
def test_correction_pages_have_fixed_queries(world, login, client, django_assert_num_queries, kind):
    obj = MAKE[kind](world)
    for _ in range(5):
        MAKE[kind](world)
    login(world.worker_a)
    client.get(edit_url(kind, obj))
    with django_assert_num_queries(QUERIES[kind][0]):
        client.get(edit_url(kind, obj))
    with django_assert_num_queries(QUERIES[kind][1]):
        client.get(delete_url(kind, obj))


QUERIES = {"hours": (3, 3), "expense": (3, 3), "income": (3, 3)}
