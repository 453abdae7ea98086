from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Location, Role, User
from core.dates import Limit, limit
from networks.models import AssignmentRole, Network, Phase
from networks.phases import next_phase, skipped_phases


def _workers(organisation):
    return User.objects.filter(organisation=organisation, is_active=True, role_assignments__role=Role.WORKER)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class NetworkForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Network
        fields = [
            "name",
            "location",
            "start_date",
            "target_size",
            "weekly_hours",
            "exploration_months",
            "buildup_months",
            "deepening_months",
            "evaluation_months",
            "structural_window_weeks",
            "followup_after_missed",
        ]
        widgets = {"start_date": DateInput()}

    def __init__(self, *args, organisation, exclude_pk: int | None = None, **kwargs):
        """`exclude_pk`: the network being edited (its own name is no clash); its stored values come as
        `initial` (core.editing.stored_values), never as `instance`."""
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.exclude_pk = exclude_pk
        self.fields["location"].queryset = Location.objects.filter(organisation=organisation, archived=False)
        self.fields["target_size"].min_value = 1

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if (
            Network.objects.filter(organisation=self.organisation, name__iexact=name)
            .exclude(pk=self.exclude_pk)
            .exists()
        ):
            raise ValidationError(_("There is already a support network with this name."))
        return name

    def clean_target_size(self):
        size = self.cleaned_data["target_size"]
        if size < 5:
            raise ValidationError(
                _("A support network aims for at least 5 participants; the source advises 15.")
            )
        return size

    def clean_weekly_hours(self):
        hours = self.cleaned_data["weekly_hours"]
        if hours <= 0:
            raise ValidationError(_("Enter the hours per week the social worker has for this network."))
        return hours


class NetworkCreateForm(NetworkForm):
    lead = forms.ModelChoiceField(label=_("lead social worker"), queryset=User.objects.none(), required=False)
    backup = forms.ModelChoiceField(
        label=_("backup (achterwacht)"), queryset=User.objects.none(), required=False
    )

    class Meta(NetworkForm.Meta):
        fields = ["name", "location", "start_date", "target_size", "weekly_hours"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        del self.fields["version"]
        for name in ("lead", "backup"):
            self.fields[name].queryset = _workers(organisation)
            self.fields[name].label_from_instance = lambda u: u.display_name

    def clean(self):
        data = super().clean()
        if data.get("lead") and data.get("lead") == data.get("backup"):
            self.add_error("backup", _("The backup must be someone other than the lead social worker."))
        return data


class AssignForm(forms.Form):
    user = forms.ModelChoiceField(label=_("social worker"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("role"), choices=AssignmentRole.choices)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _workers(organisation)
        self.fields["user"].label_from_instance = lambda u: u.display_name


class PhaseChangeForm(forms.Form):
    phase = forms.ChoiceField(label=_("new phase"), choices=Phase.choices)
    date = forms.DateField(label=_("date"), widget=DateInput())
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reason = forms.CharField(
        label=_("why now"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Needed when the step skips a phase or when something the intervention expects is still missing."
        ),
    )

    def __init__(self, *args, network: Network, shown_phase: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        choices = [(v, label) for v, label in Phase.choices if v != network.phase]
        self.fields["phase"].choices = choices
        initial = shown_phase if shown_phase in dict(choices) else next_phase(network.phase)
        self.fields["phase"].initial = initial if initial in dict(choices) else None
        self.fields["date"].initial = timezone.localdate()
        self.steps: list = []
        limit(self, "date", earliest=Limit(network.phase_since, _("the start of the current phase")))

    def target(self) -> str | None:
        """The phase the form is about: the one chosen, else the next one."""
        chosen = self.data.get("phase") if self.is_bound else None
        return chosen if chosen in Phase.values else self.fields["phase"].initial

    def clean(self):
        data = super().clean()
        phase = data.get("phase")
        if not phase:
            return data
        skipped = skipped_phases(self.network.phase, phase)
        missing = [check for step in self.steps for check in step.missing]
        if not data.get("reason", "").strip():
            if skipped:
                names = ", ".join(str(Phase(p).label) for p in skipped)
                self.add_error("reason", _("This skips %(phases)s: say why.") % {"phases": names})
            elif missing:
                self.add_error(
                    "reason",
                    ngettext(
                        "%(n)s thing the intervention expects before this step is still missing: say why the "
                        "network moves on now.",
                        "%(n)s things the intervention expects before this step are still missing: say why the "
                        "network moves on now.",
                        len(missing),
                    )
                    % {"n": len(missing)},
                )
        return data
