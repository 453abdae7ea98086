"""Writes of the planning app: hours, budget, expenses and income."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import hooks
from core.concurrency import ConflictError, save_with_version
from networks.models import AssignmentRole, Network, NetworkAssignment
from planning.models import (
    Budget,
    Expense,
    ExpenseCategory,
    HoursEntry,
    HoursPurpose,
    HoursRole,
    Income,
    IncomeSource,
)

MAX_WEEKLY_HOURS = Decimal("80")


def week_monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _positive(amount: Decimal, field: str) -> None:
    if amount is None or amount <= 0:
        raise ValidationError({field: _("Enter an amount above zero.")})


def _check_hours(*, network: Network, monday: dt.date, hours: Decimal, purpose: str) -> None:
    errors = {}
    if monday > week_monday(timezone.localdate()):
        errors["week"] = _("This week has not started yet.")
    elif monday < week_monday(network.start_date):
        errors["week"] = _("This week lies before the start of the network.")
    if hours is None or hours <= 0:
        errors["hours"] = _("Enter a number of hours above zero.")
    elif hours > MAX_WEEKLY_HOURS:
        errors["hours"] = _("More than 80 hours in one week is not possible.")
    if purpose not in HoursPurpose.values:
        errors["purpose"] = _("Choose what the hours were for.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def hours_record(
    *, actor: User, network: Network, week: dt.date, hours: Decimal, purpose: str, note: str = ""
) -> HoursEntry:
    """Hours `actor` spent on the network in the week of `week` (any day of it)."""
    monday = week_monday(week)
    _check_hours(network=network, monday=monday, hours=hours, purpose=purpose)
    assignment = (
        NetworkAssignment.objects.filter(network=network, user=actor).values_list("role", flat=True).first()
    )
    role = {AssignmentRole.LEAD: HoursRole.LEAD, AssignmentRole.BACKUP: HoursRole.BACKUP}.get(
        assignment, HoursRole.OTHER
    )
    return HoursEntry.objects.create(
        network=network, worker=actor, role=role, week=monday, hours=hours, purpose=purpose, note=note.strip()
    )


@transaction.atomic
def budget_set(
    *,
    actor: User,
    network: Network,
    expected_version: int,
    activities: Decimal,
    rent: Decimal,
    replacement: Decimal,
) -> Budget:
    """Set the planned budget. Version 0 means 'the defaults, never saved'."""
    for field, value in (("activities", activities), ("rent", rent), ("replacement", replacement)):
        if value is None or value < 0:
            raise ValidationError({field: _("Enter zero or a positive amount.")})
    budget = Budget.objects.select_for_update().filter(network=network).first()
    if budget is None:
        if expected_version != 0:
            raise ValidationError(_("This budget no longer exists."))
        try:
            with transaction.atomic():
                return Budget.objects.create(
                    network=network, activities=activities, rent=rent, replacement=replacement
                )
        except IntegrityError:
            raise ConflictError(Budget.objects.get(network=network)) from None
    budget.activities, budget.rent, budget.replacement = activities, rent, replacement
    save_with_version(budget, expected_version=expected_version, fields=["activities", "rent", "replacement"])
    return budget


def _check_expense(*, date: dt.date, amount: Decimal, category: str, description: str) -> None:
    _positive(amount, "amount")
    if date > timezone.localdate():
        raise ValidationError({"date": _("An expense cannot be dated in the future.")})
    if category not in ExpenseCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    if not description.strip():
        raise ValidationError({"description": _("Say what the money was spent on.")})


def _check_income(*, amount: Decimal, source: str) -> None:
    _positive(amount, "amount")
    if source not in IncomeSource.values:
        raise ValidationError({"source": _("Choose where the money comes from.")})


@transaction.atomic
def expense_record(
    *, actor: User, network: Network, date: dt.date, amount: Decimal, category: str, description: str
) -> Expense:
    _check_expense(date=date, amount=amount, category=category, description=description)
    return Expense.objects.create(
        network=network,
        date=date,
        amount=amount,
        category=category,
        description=description.strip(),
        recorded_by=actor,
    )


@transaction.atomic
def income_record(
    *, actor: User, network: Network, date: dt.date, amount: Decimal, source: str, description: str = ""
) -> Income:
    _check_income(amount=amount, source=source)
    return Income.objects.create(
        network=network,
        date=date,
        amount=amount,
        source=source,
        description=description.strip(),
        recorded_by=actor,
    )


# ----- corrections: edit and delete (recorded in the audit trail through core.hooks) ---------------

# Free text (notes, descriptions) is never written to the audit trail: it may name people.
_AUDITED = {
    "hours": ("week", "hours", "purpose"),
    "expense": ("date", "amount", "category"),
    "income": ("date", "amount", "source"),
}


def _values(obj, kind: str) -> dict:
    plain = {name: getattr(obj, name) for name in _AUDITED[kind]}
    return {
        k: str(Decimal(v).quantize(Decimal("0.01")) if isinstance(v, Decimal | float) else v)
        for k, v in plain.items()
    }


def _changed(before: dict, after: dict) -> str:
    return "; ".join(f"{k}: {before[k]} -> {after[k]}" for k in before if before[k] != after[k])[:200]


def _audit(*, actor: User, obj, kind: str, action: str, detail: str) -> None:
    hooks.on_record_changed(
        user=actor,
        action=f"planning.{kind}.{action}",
        object_type=f"planning.{kind}",
        object_id=obj.pk,
        organisation_id=obj.network.organisation_id,
        detail=detail,
    )


def _update(obj, kind: str, *, actor: User, expected_version: int, values: dict) -> None:
    before = _values(obj, kind)
    for name, value in values.items():
        setattr(obj, name, value)
    save_with_version(obj, expected_version=expected_version, fields=list(values))
    _audit(actor=actor, obj=obj, kind=kind, action="changed", detail=_changed(before, _values(obj, kind)))


def _delete(obj, kind: str, *, actor: User) -> None:
    pk, values = obj.pk, _values(obj, kind)
    obj.delete()
    obj.pk = pk
    _audit(
        actor=actor,
        obj=obj,
        kind=kind,
        action="deleted",
        detail="; ".join(f"{k}: {v}" for k, v in values.items()),
    )


@transaction.atomic
def hours_update(
    *,
    actor: User,
    entry: HoursEntry,
    expected_version: int,
    week: dt.date,
    hours: Decimal,
    purpose: str,
    note: str = "",
) -> HoursEntry:
    """Correct an entry (e.g. 40 typed for 4). The worker and the role stay as recorded."""
    monday = week_monday(week)
    _check_hours(network=entry.network, monday=monday, hours=hours, purpose=purpose)
    _update(
        entry,
        "hours",
        actor=actor,
        expected_version=expected_version,
        values={"week": monday, "hours": hours, "purpose": purpose, "note": note.strip()},
    )
    return entry


@transaction.atomic
def hours_delete(*, actor: User, entry: HoursEntry) -> None:
    _delete(entry, "hours", actor=actor)


@transaction.atomic
def expense_update(
    *,
    actor: User,
    expense: Expense,
    expected_version: int,
    date: dt.date,
    amount: Decimal,
    category: str,
    description: str,
) -> Expense:
    _check_expense(date=date, amount=amount, category=category, description=description)
    _update(
        expense,
        "expense",
        actor=actor,
        expected_version=expected_version,
        values={"date": date, "amount": amount, "category": category, "description": description.strip()},
    )
    return expense


@transaction.atomic
def expense_delete(*, actor: User, expense: Expense) -> None:
    _delete(expense, "expense", actor=actor)


@transaction.atomic
def income_update(
    *,
    actor: User,
    income: Income,
    expected_version: int,
    date: dt.date,
    amount: Decimal,
    source: str,
    description: str = "",
) -> Income:
    _check_income(amount=amount, source=source)
    _update(
        income,
        "income",
        actor=actor,
        expected_version=expected_version,
        values={"date": date, "amount": amount, "source": source, "description": description.strip()},
    )
    return income


@transaction.atomic
def income_delete(*, actor: User, income: Income) -> None:
    _delete(income, "income", actor=actor)
