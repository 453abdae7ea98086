import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    """Headers Django does not set itself, and the absolute session lifetime.

    - Pages for signed-in users may show personal data: never stored by browsers or proxies.
    - Permissions-Policy switches off browser features we never use.
    - A session older than SESSION_ABSOLUTE_SECONDS ends, however active it is.
    - Activity renews the idle timeout (SESSION_COOKIE_AGE), at most once per SESSION_RENEW_SECONDS.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get("started_at")
            now = int(time.time())
            if started is None:
                request.session["started_at"] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(settings.LOGIN_URL)
            # The idle timeout is renewed by saving the session, at most once a minute: a save on
            # every request would make every page, even a GET, a database write.
            if now - request.session.get("seen_at", 0) >= settings.SESSION_RENEW_SECONDS:
                request.session["seen_at"] = now
        response = self.get_response(request)
        if user is not None and user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private"
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        return response


MAX_ID = 2**63 - 1  # the largest id a database column (BigAutoField) holds


class IdRangeMiddleware:
    """An id in the URL beyond what any table can hold is a 404 at the door.

    Every `<int:...>` of every URL pattern: without this, 2**64 reached the database and failed
    there (SQLite: OverflowError; PostgreSQL: the audit write of the denial), a 500 instead of "not
    found". Ids in forms and query strings go through `accounts.access.object_id`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.http import Http404

        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not 0 <= value <= MAX_ID:
                raise Http404
        return None
