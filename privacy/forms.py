from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import limit
from privacy.models import ConsentScope


class ConsentForm(forms.Form):
    """One yes/no per scope, the date the participant said so, and the versions the form was loaded with."""

    date = forms.DateField(
        label=_("Date the participant said this"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, consents: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        limit(self, "date")  # the participant said so today or earlier
        for scope, label in ConsentScope.choices:
            current = consents.get(scope)
            self.fields[scope] = forms.BooleanField(
                label=label, required=False, initial=bool(current and current.given)
            )
            self.fields[f"v_{scope}"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=current.version if current else 0
            )

    def answers(self) -> dict[str, bool]:
        return {scope: bool(self.cleaned_data.get(scope)) for scope in ConsentScope.values}

    def versions(self) -> dict[str, int]:
        return {scope: self.cleaned_data.get(f"v_{scope}") or 0 for scope in ConsentScope.values}


class AttentionForm(forms.Form):
    text = forms.CharField(
        label=_("Point of attention"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what helps the workers of this network to support the person well. No diagnoses."),
    )


class EraseForm(forms.Form):
    confirm_name = forms.CharField(
        label=_("Type the participant's first name to confirm"), max_length=100, required=True
    )

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant

    def clean_confirm_name(self):
        typed = self.cleaned_data["confirm_name"].strip()
        if typed.casefold() != self.participant.name.strip().casefold():
            raise forms.ValidationError(_("This is not the first name of this participant."))
        return typed


class StudyForm(forms.Form):
    name = forms.CharField(label=_("Name of the study"), max_length=200)
    once = forms.CharField(widget=forms.HiddenInput, required=False)
