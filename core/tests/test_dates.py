"""One date rule for every form (core.dates): nothing in the future that has happened, nothing before the
network started, an interview within its round; the message is shown at the field with the input kept."""

import datetime as dt

from django import forms
from django.urls import reverse
from django.utils import timezone

from core.dates import Limit, add_months, check_period, date_problem, limit


class _Form(forms.Form):
    date = forms.DateField()
    until = forms.DateField(required=False)

    def clean(self):
        data = super().clean()
        check_period(self, "date", "until")
        return data


def test_a_future_date_is_refused_unless_the_thing_may_be_planned():
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    assert "toekomst" in date_problem(tomorrow)
    assert date_problem(today) is None
    assert date_problem(tomorrow, future=True) is None


def test_a_date_outside_its_limits_names_the_limit_and_its_date():
    start = Limit(dt.date(2025, 3, 1), "de start van het vangnetwerk")
    end = Limit(dt.date(2025, 6, 30), "het einde van de ronde")
    problem = date_problem(dt.date(2025, 2, 28), earliest=start, latest=end)
    assert problem == "Deze datum ligt vóór de start van het vangnetwerk (1 maart 2025)."
    problem = date_problem(dt.date(2025, 7, 1), earliest=start, latest=end)
    assert problem == "Deze datum ligt na het einde van de ronde (30 juni 2025)."
    assert date_problem(dt.date(2025, 3, 1), earliest=start, latest=end) is None


def test_limits_are_a_validator_of_the_field_and_the_last_limit_counts():
    form = _Form({"date": "2025-02-01"})
    limit(form, "date", earliest=Limit(dt.date(2025, 1, 1), "x"))
    limit(form, "date", earliest=Limit(dt.date(2025, 3, 1), "de start"))
    assert not form.is_valid()
    assert form.errors["date"] == ["Deze datum ligt vóór de start (1 maart 2025)."]
    assert form["date"].value() == "2025-02-01"


def test_an_end_before_its_start_is_an_error_at_the_end():
    form = _Form({"date": "2025-03-02", "until": "2025-03-01"})
    assert not form.is_valid()
    assert form.errors["until"] == ["Het einde (1 maart 2025) ligt vóór het begin (2 maart 2025)."]


def test_the_hours_form_refuses_a_future_week_in_the_summary_with_the_input_kept(world, login):
    client = login(world.worker_a)
    url = reverse("planning:hours", args=[world.network_a.pk])
    future = timezone.localdate() + dt.timedelta(days=14)
    response = client.post(url, {"week": future.isoformat(), "hours": "3", "purpose": "activity"})
    assert response.status_code == 400
    html = response.content.decode()
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_week"' in summary and "Deze datum ligt na het einde van deze week" in summary
    assert f'value="{future.isoformat()}"' in html


def test_months_are_added_by_the_calendar_and_a_missing_day_becomes_the_last_of_the_month():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)  # leap year
    assert add_months(dt.date(2100, 3, 31), -1) == dt.date(2100, 2, 28)  # not a leap year
    assert add_months(dt.date(2000, 3, 31), -1) == dt.date(2000, 2, 29)  # a leap year after all
    assert add_months(dt.date(2026, 11, 25), 2) == dt.date(2027, 1, 25)
    assert add_months(dt.date(2026, 11, 25), -36) == dt.date(2023, 11, 25)
    assert add_months(dt.date(2026, 5, 31), 0) == dt.date(2026, 5, 31)


def test_adding_months_agrees_with_the_calendar_for_every_day_of_four_years():
    import calendar

    day = dt.date(2023, 1, 1)
    while day.year < 2027:
        for months in (-25, -13, -1, 1, 11, 12, 14, 37):
            index = day.month - 1 + months
            year, month = day.year + index // 12, index % 12 + 1
            expected = dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
            assert add_months(day, months) == expected
        day += dt.timedelta(days=1)
