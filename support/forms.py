import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import date_problem, network_start
from networks.models import Network
from people.models import ACTIVE_STAGES, LEFT_STAGES, Participant
from support.models import SupportKind
from support.selectors import default_period

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParticipantChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Participant) -> str:
        return obj.name


class ParticipantsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Participant) -> str:
        return obj.name


class ObservationForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DATE_INPUT)
    giver = ParticipantChoice(label=_("who supported"), queryset=Participant.objects.none())
    to_group = forms.BooleanField(label=_("the whole group received it"), required=False)
    receivers = ParticipantsChoice(
        label=_("who received it"),
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose one or more people, for example everyone someone cooked for."),
    )
    kind = forms.ChoiceField(
        label=_("kind of support"), choices=SupportKind.choices, widget=forms.RadioSelect
    )
    outside_hours = forms.TypedChoiceField(
        label=_("when"),
        choices=[("0", _("during the group's hours")), ("1", _("outside the group's hours"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    note = forms.CharField(
        label=_("short note"),
        required=False,
        max_length=200,
        help_text=_("Optional, for example: took Janneke to the hospital."),
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        # Everyone who has been in the group; the service checks they were there on the date.
        people = Participant.objects.filter(
            participations__network=network,
            participations__stage__in=(*ACTIVE_STAGES, *LEFT_STAGES),
            anonymised_at__isnull=True,
        ).order_by("name", "id")
        self.fields["giver"].queryset = people
        self.fields["receivers"].queryset = people
        self.network = network

    def clean_date(self):
        date = self.cleaned_data["date"]
        problem = date_problem(date, earliest=network_start(self.network))
        if problem:
            raise forms.ValidationError(problem)
        return date

    def clean(self):
        data = super().clean()
        giver, receivers = data.get("giver"), data.get("receivers") or []
        if giver is not None and giver in receivers:
            self.add_error(
                "receivers",
                _("%(name)s cannot be their own receiver: support is between two people.")
                % {"name": giver.name},
            )
        if "receivers" in data and not receivers and not data.get("to_group"):
            self.add_error("receivers", _("Choose who received the support, or the group."))
        return data


class PeriodForm(forms.Form):
    """The period and kind of the support page (GET). Default: the last three months, all kinds."""

    van = forms.DateField(label=_("from"), widget=DATE_INPUT, required=False)
    tot = forms.DateField(label=_("to"), widget=DATE_INPUT, required=False)
    soort = forms.ChoiceField(
        label=_("kind of support"), choices=[("", _("all kinds"))] + SupportKind.choices, required=False
    )

    def clean(self):
        data = super().clean()
        start, end = default_period()
        data["van"] = data.get("van") or start
        data["tot"] = data.get("tot") or end
        if data["van"] > data["tot"]:
            self.add_error("van", _("The start of the period must be before its end."))
        elif (data["tot"] - data["van"]) > dt.timedelta(days=3700):
            self.add_error("van", _("Choose a period of at most ten years."))
        return data

    def period(self) -> tuple[dt.date, dt.date, str | None]:
        """The chosen period, or the default one when the input was invalid."""
        if self.is_valid():
            return self.cleaned_data["van"], self.cleaned_data["tot"], self.cleaned_data["soort"] or None
        start, end = default_period()
        return start, end, None
