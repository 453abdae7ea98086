from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from planning.models import Budget, ExpenseCategory, HoursPurpose, IncomeSource
from practice.forms import DATE

MONEY = {"max_digits": 9, "decimal_places": 2}


class HoursForm(forms.Form):
    week = forms.DateField(label=_("Week (any day of it)"), widget=DATE)
    hours = forms.DecimalField(
        label=_("Hours"), max_digits=4, decimal_places=2, min_value=Decimal("0.25"), max_value=Decimal("80"),
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )  # fmt: skip
    purpose = forms.ChoiceField(label=_("What for"), choices=HoursPurpose.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class BudgetForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Budget
        fields = ["activities", "rent", "replacement"]
        help_texts = {
            "activities": _("The source reckons with about EUR 1,000 for the intervention period."),
            "rent": _("Only when the organisation has no location of its own."),
            "replacement": _("A colleague who takes over during illness or long leave."),
        }


class ExpenseForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount (EUR)"), min_value=Decimal("0.01"), **MONEY)
    category = forms.ChoiceField(label=_("Category"), choices=ExpenseCategory.choices)
    description = forms.CharField(label=_("Description"), max_length=200)


class IncomeForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount (EUR)"), min_value=Decimal("0.01"), **MONEY)
    source = forms.ChoiceField(label=_("Source"), choices=IncomeSource.choices)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class ForecastForm(forms.Form):
    """What-if inputs, sent with GET so the page stays bookmarkable and works without JavaScript."""

    extra = forms.IntegerField(
        label=_("Extra first visits per month"), min_value=-20, max_value=20, required=False,
        help_text=_("For example 2: 'what if we invite two more people a month who come and have a look'."),
    )  # fmt: skip
    share = forms.IntegerField(
        label=_("Share that becomes structural (%)"), min_value=0, max_value=100, required=False,
        help_text=_("Leave empty to use the estimate from the history."),
    )  # fmt: skip


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class HoursEditForm(HoursForm, _Versioned):
    pass


class ExpenseEditForm(ExpenseForm, _Versioned):
    pass


class IncomeEditForm(IncomeForm, _Versioned):
    pass
