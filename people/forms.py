from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import date_problem, limit, network_start
from networks.forms import DateInput
from people.models import ContactKind, Participant, Partner, PartnerContact, RouteEvent, Stage
from people.services import PROFILE_FIELDS

PROFILE_FORM_FIELDS = list(PROFILE_FIELDS)  # what the services accept of a person's profile


class ParticipantForm(forms.ModelForm):
    """Positive, light registration: only the name is required."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Participant
        fields = PROFILE_FORM_FIELDS
        widgets = {
            "talents": forms.Textarea(attrs={"rows": 2}),
            "wishes": forms.Textarea(attrs={"rows": 2}),
            "likes_to_do": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organisation, reachable, exclude_pk: int | None = None, **kwargs):
        """`reachable`: the participants the user may see (accounts.access.participants_for): only
        they are offered as "invited by", plus the one already recorded. `exclude_pk`: the participant
        being edited, whose stored values come as `initial` (core.editing.stored_values)."""
        super().__init__(*args, **kwargs)
        current = self.initial.get("invited_by_participant")
        self.fields["invited_by_participant"].queryset = Participant.objects.filter(
            Q(pk__in=reachable.values("pk")) | Q(pk=current) if current else Q(pk__in=reachable.values("pk")),
            organisation=organisation,
            anonymised_at__isnull=True,
        ).exclude(pk=exclude_pk)
        self.fields["invited_by_partner"].queryset = Partner.objects.filter(
            organisation=organisation, archived=False
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("A first name or nickname is enough, but it is needed."))
        return name

    def clean(self):
        data = super().clean()
        if data.get("invited_via") == "partner" and not data.get("invited_by_partner"):
            self.add_error("invited_by_partner", _("Choose the partner who referred this person."))
        return data

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not (this_year - 110 <= year <= this_year - 12):
            raise ValidationError(
                _("Enter a year of birth between %(low)s and %(high)s.")
                % {"low": this_year - 110, "high": this_year - 12}
            )
        return year


class RegisterForm(ParticipantForm):
    stage = forms.ChoiceField(
        label=_("start of the route"),
        choices=[
            (Stage.FIRST_VISIT, _("came for the first time")),
            (Stage.INVITED, _("invited, not yet come")),
        ],
        initial=Stage.FIRST_VISIT,
        required=False,
    )
    date = forms.DateField(label=_("date"), widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["version"]
        self.fields["date"].initial = timezone.localdate()
        limit(self, "date")  # the view adds the network's start

    def clean_stage(self):
        return self.cleaned_data.get("stage") or Stage.FIRST_VISIT

    def clean_date(self):
        return self.cleaned_data.get("date") or timezone.localdate()


class RouteEventForm(forms.ModelForm):
    class Meta:
        model = RouteEvent
        fields = ["stage", "date", "dropout_reason", "referral_target", "partner", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(organisation=organisation, archived=False)
        self.fields["stage"].choices = [
            (v, label) for v, label in Stage.choices if v not in (Stage.INVITED, Stage.FIRST_VISIT)
        ] + [(Stage.FIRST_VISIT, Stage.FIRST_VISIT.label)]
        self.fields["date"].initial = timezone.localdate()
        limit(self, "date")  # the view adds the network's start


class AddToNetworkForm(forms.Form):
    network = forms.ModelChoiceField(label=_("support network"), queryset=None)
    date = forms.DateField(label=_("date of the first visit"), widget=DateInput())

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["date"].initial = timezone.localdate()
        limit(self, "date")

    def clean(self):
        data = super().clean()
        problem = date_problem(data.get("date"), earliest=network_start(data.get("network")))
        if problem:
            self.add_error("date", problem)
        return data


class PartnerForm(forms.ModelForm):
    """A partner; `networks` offers only the networks the user may link partners to."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Partner
        fields = ["name", "kind", "contact", "neighbourhood", "networks", "archived"]
        widgets = {"networks": forms.CheckboxSelectMultiple}
        help_texts = {"contact": _("A contact person, phone number or email address.")}

    def __init__(self, *args, organisation, networks, exclude_pk: int | None = None, **kwargs):
        """`exclude_pk`: the partner being edited, whose stored values come as `initial`
        (core.editing.stored_values); None for a new partner."""
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.exclude_pk = exclude_pk
        self.fields["networks"].queryset = networks
        if exclude_pk is not None:
            # Links to networks the user cannot reach stay as they are (the view keeps them).
            stored = [getattr(n, "pk", n) for n in self.initial.get("networks", [])]
            if stored:
                reachable = set(networks.values_list("pk", flat=True))
                self.initial["networks"] = [pk for pk in stored if pk in reachable]
        else:
            del self.fields["archived"]
            del self.fields["version"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if (
            Partner.objects.filter(organisation=self.organisation, name__iexact=name)
            .exclude(pk=self.exclude_pk)
            .exists()
        ):
            raise ValidationError(_("There is already a partner with this name."))
        return name


class PartnerContactForm(forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["partner", "date", "kind", "with_whom", "summary", "follow_up", "follow_up_on"]
        widgets = {
            "date": DateInput(),
            "follow_up_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": _(
                "What you discussed: the partner's work, people they might refer, a first activity."
            ),
            "follow_up": _("For example: send the flyer, call back after the summer."),
        }

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["date"].initial = timezone.localdate()
        self.fields["kind"].initial = ContactKind.FIRST

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return date


class LinkPartnerForm(forms.Form):
    """Shares the network's partner page with PartnerContactForm, which also has a "partner" field: its own
    ids (id_link_partner) keep each label and error-summary link on its own field."""

    partner = forms.ModelChoiceField(label=_("partner"), queryset=None)

    def __init__(self, *args, partners, **kwargs):
        kwargs.setdefault("auto_id", "id_link_%s")
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class MergeForm(forms.Form):
    """The versions of both records as the confirm page showed them (hidden; a changed record is a conflict)."""

    keep_version = forms.CharField(required=False, widget=forms.HiddenInput)
    remove_version = forms.CharField(required=False, widget=forms.HiddenInput)
