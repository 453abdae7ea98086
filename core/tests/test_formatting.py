"""Dutch formatting helpers (core.formatting), the Dutch empty choice and the error summary's links."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import translation

from core.formatting import at_least, at_most, quarter_label, written_date
from core.templatetags.forms_ui import error_summary


def test_numbers_dates_and_quarters_are_written_the_dutch_way():
    with translation.override("nl"):
        assert str(at_least(Decimal("0.25"))) == "Vul 0,25 of meer in."
        assert str(at_most(80)) == "Vul 80 of minder in."
        assert quarter_label(dt.date(2026, 11, 25)) == "2026 K4"
        assert written_date(dt.date(2026, 12, 1)) == "1 dec 2026"
    with translation.override("en"):
        assert quarter_label(dt.date(2026, 11, 25)) == "2026 Q4"


class _Form(forms.Form):
    hours = forms.DecimalField(
        label="Uren", min_value=Decimal("0.25"), error_messages={"min_value": at_least(Decimal("0.25"))}
    )
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    partner = forms.ChoiceField(
        label="Partner", choices=[("", "---------"), ("1", "Wijkteam")], required=False
    )


def test_the_empty_choice_is_dutch():
    with translation.override("nl"):
        html = str(_Form()["partner"])
    assert "---------" not in html and "– kies –" in html


def test_the_summary_names_each_field_and_links_to_it():
    with translation.override("nl"):
        form = _Form({"hours": "0.1", "partner": ""})
        html = error_summary(form)
    assert "data-error-summary" in html and "Nog niet gelukt: verbeter 2 punten" in html
    assert 'href="#id_hours"' in html and "Uren: Vul 0,25 of meer in." in html
    assert 'href="#id_kind_0"' in html  # a radio group: its first option takes the focus
    assert error_summary(_Form()) == ""  # an unbound form has nothing to say
