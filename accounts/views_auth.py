"""Signing in: password (throttled by django-axes), then the second step, password change."""

import time

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import twofactor
from accounts.forms import LoginForm
from core.redirects import safe_next


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        # The absolute session lifetime (core.middleware) counts from the password step.
        self.request.session["started_at"] = self.request.session["seen_at"] = int(time.time())
        self.request.session[twofactor.DEVICE] = twofactor.has_device(user)
        self.request.session[twofactor.VERIFIED] = False
        if twofactor.needed(user, self.request.session):
            step = "accounts:2fa_verify" if twofactor.has_device(user) else "accounts:2fa_enrol"
            return redirect(f"{reverse(step)}?{urlencode({'next': self.get_success_url()})}")
        return response


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy("The 6 digits from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _mark_verified(request) -> None:
    # A new session id after the second step, so a session id seen before it is worthless.
    request.session.cycle_key()
    request.session[twofactor.DEVICE] = True
    request.session[twofactor.VERIFIED] = True


def verify(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if not twofactor.has_device(request.user):
        return redirect("accounts:2fa_enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind = twofactor.token_verify(user=request.user, token=form.cleaned_data["token"])
        if kind is not None:
            _mark_verified(request)
            if kind == "backup":
                left = twofactor.backup_codes_left(request.user)
                messages.warning(
                    request, _("You used a backup code. Backup codes left: %(n)s.") % {"n": left}
                )
            return redirect(safe_next(request, reverse("home")))
        form.add_error("token", _("This code is not correct or has expired. Try the newest code."))
    return render(request, "accounts/2fa_verify.html", {"form": form, "next": safe_next(request, "")})


def enrol(request):
    """Set up an authenticator app. The pending secret lives in the session until a code proves it works."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if twofactor.has_device(request.user) and not request.session.get(twofactor.VERIFIED):
        # Replacing a device requires the current one first.
        return redirect("accounts:2fa_verify")
    secret = request.session.get(twofactor.PENDING_SECRET)
    if not secret:
        secret = request.session[twofactor.PENDING_SECRET] = twofactor.new_secret()
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.token_matches(secret, form.cleaned_data["token"]):
            codes = twofactor.device_enrol(user=request.user, hex_key=secret)
            del request.session[twofactor.PENDING_SECRET]
            _mark_verified(request)
            return render(
                request,
                "accounts/2fa_backup_codes.html",
                {"codes": codes, "next": safe_next(request, reverse("home"))},
            )
        form.add_error(
            "token", _("This code does not match. Check the time on your phone and try the newest code.")
        )
    uri = twofactor.provisioning_uri(user=request.user, hex_key=secret)
    return render(
        request,
        "accounts/2fa_enrol.html",
        {
            "form": form,
            "qr": twofactor.qr_svg(uri, title=_("QR code for your authenticator app")),
            "secret": twofactor.secret_base32(secret),
            "required": twofactor.requires_second_factor(request.user),
            "next": safe_next(request, ""),
        },
    )


def settings_page(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return render(
        request,
        "accounts/2fa_settings.html",
        {
            "enrolled": twofactor.has_device(request.user),
            "required": twofactor.requires_second_factor(request.user),
            "codes_left": twofactor.backup_codes_left(request.user),
        },
    )


@require_POST
def backup_codes(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if not twofactor.has_device(request.user):
        return redirect("accounts:2fa_enrol")
    codes = twofactor.backup_codes_renew(user=request.user)
    return render(
        request, "accounts/2fa_backup_codes.html", {"codes": codes, "next": reverse("accounts:2fa")}
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django keeps this session and ends every other session of the user (the session hash changes)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        from core.hooks import on_security_event

        on_security_event(user=self.request.user, what="password.changed")
        messages.success(
            self.request, _("Your password has been changed. You have been logged out everywhere else.")
        )
        return response
