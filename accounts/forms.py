from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Location, Organisation, Role, User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "This combination of username and password is not known. Note that both are case-sensitive."
        ),
        "inactive": _("This account has been switched off."),
    }


class UserInviteForm(forms.Form):
    username = forms.SlugField(label=_("username"), max_length=150)
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("email"))
    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This username is already taken."))
        return username


class UserEditForm(forms.Form):
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("email"))
    is_active = forms.BooleanField(label=_("account active"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, editing_self: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing_self = editing_self

    def clean(self):
        data = super().clean()
        if self.editing_self and set(data.get("roles", [])) != set(self.initial.get("roles", [])):
            raise ValidationError(_("You cannot change your own roles. Another admin must do that."))
        if self.editing_self and not data.get("is_active"):
            raise ValidationError(_("You cannot switch off your own account."))
        return data


class LocationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Location
        fields = ["name", "address", "offers", "archived"]

    def __init__(self, *args, organisation: Organisation, exclude_pk: int | None = None, **kwargs):
        """`exclude_pk`: the location being edited (its stored values come as `initial`,
        core.editing.stored_values); None for a new one."""
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.exclude_pk = exclude_pk
        if exclude_pk is None:
            del self.fields["archived"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Location.objects.filter(organisation=self.organisation, name__iexact=name).exclude(
            pk=self.exclude_pk
        )
        if clash.exists():
            raise ValidationError(_("There is already a location with this name."))
        return name


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "retention_months"]

    def clean_retention_months(self):
        months = self.cleaned_data["retention_months"]
        if months < 1:
            raise ValidationError(_("Keep data for at least one month after someone leaves."))
        return months
