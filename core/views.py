import logging
import uuid

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import selectors

logger = logging.getLogger("vangnet.errors")


@login_required
@require_GET
def home(request):
    return render(request, "core/home.html", selectors.home_data(user=request.user))


@require_GET
def health(request):
    """For load balancers and monitoring: the app answers and reaches its database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _error(request, template: str, status: int, context: dict | None = None):
    incident = uuid.uuid4().hex[:12]
    if status >= 500:
        logger.error("incident=%s path=%s status=%s", incident, request.path, status, exc_info=True)
    return render(request, template, {"incident": incident, **(context or {})}, status=status)


def bad_request(request, exception=None):
    return _error(request, "core/errors/400.html", 400)


def permission_denied(request, exception=None):
    """'No access', naming the role that can do what was asked (from the permission table)."""
    context: dict = {}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["has_role"] = bool(user.roles)
        permission = selectors.denied_permission(request, exception)
        if permission is not None:
            context["help"] = selectors.who_can_help(user=user, permission=permission)
    return _error(request, "core/errors/403.html", 403, context)


def page_not_found(request, exception=None):
    return _error(request, "core/errors/404.html", 404)


def server_error(request):
    return _error(request, "core/errors/500.html", 500)
