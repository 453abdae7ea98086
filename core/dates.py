"""Dates a thing can have: the one rule every form's date fields use.

A conversation, a visit, an hour worked or a consent happened, so its date is not in the future; nothing
of a network happened before the network started; an interview falls within its round. Forms state
those limits with `limit(form, "date", earliest=network_start(network))` (in the form or where the form
is made); the check runs as a validator of the field, so its message is shown at the field, in the
form's error summary, with what was typed kept. `check_period` says when an end comes before its start.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Limit:
    """A date and what it is ("the start of the network"), for the message."""

    date: dt.date
    what: str


def network_start(network) -> Limit | None:
    start = getattr(network, "start_date", None)
    return Limit(start, _("the start of the support network")) if start else None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (earlier when negative); a day the month does not
    have becomes its last day (31 January + 1 month = 28 or 29 February), as dateutil's relativedelta
    does, at a fifth of its cost (the needs-attention view calls it for every network)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if day.day <= 28:  # every month has it (calendar.monthrange also works out a weekday: 5 times the cost)
        return dt.date(year, month, day.day)
    last = 29 if month == 2 and calendar.isleap(year) else calendar.mdays[month]
    return dt.date(year, month, min(day.day, last))


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week of `day`."""
    return day - dt.timedelta(days=day.weekday())


def week_end(day: dt.date) -> dt.date:
    """The Sunday of the week of `day`: the last day an hours week may be recorded for."""
    return day + dt.timedelta(days=6 - day.weekday())


def _when(day: dt.date) -> str:
    return date_format(day, "j F Y")


def date_problem(
    value: dt.date, *, future: bool = False, earliest: Limit | None = None, latest: Limit | None = None
) -> str | None:
    """What is wrong with this date for the thing, in words for the person who typed it (None: fine)."""
    if value is None:
        return None
    today = timezone.localdate()
    if not future and value > today:
        return gettext("This date is in the future; choose today (%(today)s) or an earlier day.") % {
            "today": _when(today)
        }
    if earliest and value < earliest.date:
        return gettext("This date is before %(what)s (%(date)s).") % {
            "what": earliest.what,
            "date": _when(earliest.date),
        }
    if latest and value > latest.date:
        return gettext("This date is after %(what)s (%(date)s).") % {
            "what": latest.what,
            "date": _when(latest.date),
        }
    return None


class DateRule:
    """A field validator for `date_problem` (today is read when the form is checked, not when it is made)."""

    def __init__(self, *, future: bool = False, earliest: Limit | None = None, latest: Limit | None = None):
        self.future, self.earliest, self.latest = future, earliest, latest

    def __call__(self, value) -> None:
        problem = date_problem(value, future=self.future, earliest=self.earliest, latest=self.latest)
        if problem:
            raise ValidationError(problem, code="date_out_of_range")

    def __eq__(self, other) -> bool:  # Django compares validators when it deconstructs fields
        return isinstance(other, DateRule) and vars(self) == vars(other)

    __hash__ = None


def limit(
    form, *names: str, future: bool = False, earliest: Limit | None = None, latest: Limit | None = None
) -> None:
    """Give these date fields of `form` their limits (replacing earlier ones); absent fields are skipped.

    Without `future=True` a date after today is refused: most things a form records have happened.
    """
    rule = DateRule(future=future, earliest=earliest, latest=latest)
    for name in names:
        field = form.fields.get(name)
        if field is None:
            continue
        field.validators = [v for v in field.validators if not isinstance(v, DateRule)] + [rule]


def check_period(form, start: str, end: str) -> None:
    """In a form's clean(): an end before its start is an error at the end field."""
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(
            end,
            ValidationError(
                gettext("The end (%(end)s) is before the start (%(start)s).")
                % {"end": _when(last), "start": _when(first)},
                code="period_reversed",
            ),
        )
