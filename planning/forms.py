from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import Limit, limit, network_start, week_end, week_start
from core.formatting import at_least, at_most
from planning.models import Budget, ExpenseCategory, HoursPurpose, IncomeSource
from practice.forms import DATE

MONEY = {"max_digits": 9, "decimal_places": 2}


class HoursForm(forms.Form):
    week = forms.DateField(label=_("Week (any day of it)"), widget=DATE)
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.25"),
        max_value=Decimal("80"),
        error_messages={"min_value": at_least(Decimal("0.25")), "max_value": at_most(80)},
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )
    purpose = forms.ChoiceField(label=_("What for"), choices=HoursPurpose.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Any day of a week that has started, from the week the network started.
        start = network_start(network)
        limit(
            self,
            "week",
            future=True,
            latest=Limit(week_end(timezone.localdate()), _("the end of this week")),
            earliest=Limit(week_start(start.date), _("the week the support network started"))
            if start
            else None,
        )


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
    amount = forms.DecimalField(
        label=_("Amount (EUR)"),
        min_value=Decimal("0.01"),
        error_messages={"min_value": at_least(Decimal("0.01"))},
        **MONEY,
    )
    category = forms.ChoiceField(label=_("Category"), choices=ExpenseCategory.choices)
    description = forms.CharField(label=_("Description"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit(self, "date")  # spent: today or earlier


class IncomeForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    amount = forms.DecimalField(
        label=_("Amount (EUR)"),
        min_value=Decimal("0.01"),
        error_messages={"min_value": at_least(Decimal("0.01"))},
        **MONEY,
    )
    source = forms.ChoiceField(label=_("Source"), choices=IncomeSource.choices)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit(self, "date")  # received: today or earlier


class ForecastForm(forms.Form):
    """What-if inputs, sent with GET so the page stays bookmarkable and works without JavaScript."""

    extra = forms.IntegerField(
        label=_("Extra first visits per month"),
        min_value=-20,
        max_value=20,
        required=False,
        help_text=_("For example 2: 'what if we invite two more people a month who come and have a look'."),
    )
    share = forms.IntegerField(
        label=_("Share that becomes structural (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Leave empty to use the estimate from the history."),
    )


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class HoursEditForm(HoursForm, _Versioned):
    pass


class ExpenseEditForm(ExpenseForm, _Versioned):
    pass


class IncomeEditForm(IncomeForm, _Versioned):
    pass
