"""Writes of the planning app: hours, budget, expenses and income."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
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


@transaction.atomic
def hours_record(
    *, actor: User, network: Network, week: dt.date, hours: Decimal, purpose: str, note: str = ""
) -> HoursEntry:
    """Hours `actor` spent on the network in the week of `week` (any day of it)."""
    monday = week_monday(week)
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


@transaction.atomic
def expense_record(
    *, actor: User, network: Network, date: dt.date, amount: Decimal, category: str, description: str
) -> Expense:
    _positive(amount, "amount")
    if date > timezone.localdate():
        raise ValidationError({"date": _("An expense cannot be dated in the future.")})
    if category not in ExpenseCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    if not description.strip():
        raise ValidationError({"description": _("Say what the money was spent on.")})
    return Expense.objects.create(
        network=network, date=date, amount=amount, category=category, description=description.strip(),
        recorded_by=actor,
    )  # fmt: skip


@transaction.atomic
def income_record(
    *, actor: User, network: Network, date: dt.date, amount: Decimal, source: str, description: str = ""
) -> Income:
    _positive(amount, "amount")
    if source not in IncomeSource.values:
        raise ValidationError({"source": _("Choose where the money comes from.")})
    return Income.objects.create(
        network=network, date=date, amount=amount, source=source, description=description.strip(),
        recorded_by=actor,
    )  # fmt: skip
