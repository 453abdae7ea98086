"""The two-step verification wall (accounts.twofactor), in front of every page."""

from django.conf import settings
from django.shortcuts import redirect

from accounts import twofactor


class SecondFactorMiddleware:
    """Users who need two-step verification reach nothing but the steps to give it (or log out).

    Needed for roles in accounts.access.requires_second_factor and for anyone who enrolled a device.
    Asked on every request from the user's current roles (accounts.twofactor.needed), never kept in
    the session: a worker promoted to coordinator gives a code at the next request.
    """

    ALLOWED_NAMES = (
        "accounts:login",
        "accounts:logout",
        "accounts:2fa_verify",
        "accounts:2fa_enrol",
        "core:health",
        "set_language",
    )

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed: set[str] | None = None

    def _allowed_paths(self) -> set[str]:
        if self._allowed is None:
            from django.urls import reverse

            self._allowed = {reverse(name) for name in self.ALLOWED_NAMES}
        return self._allowed

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in self._allowed_paths()
        ):
            session = request.session
            if twofactor.needed(user, session) and not session.get(twofactor.VERIFIED):
                from django.urls import reverse
                from django.utils.http import urlencode

                step = "accounts:2fa_verify" if twofactor.has_device(user) else "accounts:2fa_enrol"
                target = reverse(step)
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
        return self.get_response(request)
