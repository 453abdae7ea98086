import logging
import uuid

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

logger = logging.getLogger("vangnet.errors")


@require_GET
def health(request):
    """For load balancers and monitoring: the app answers and reaches its database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def error_page(request, template: str, status: int, context: dict | None = None):
    """An error page with an incident number (logged with the traceback from 500 on)."""
    incident = uuid.uuid4().hex[:12]
    if status >= 500:
        logger.error("incident=%s path=%s status=%s", incident, request.path, status, exc_info=True)
    return render(request, template, {"incident": incident, **(context or {})}, status=status)


def bad_request(request, exception=None):
    return error_page(request, "core/errors/400.html", 400)


def page_not_found(request, exception=None):
    return error_page(request, "core/errors/404.html", 404)


def server_error(request):
    return error_page(request, "core/errors/500.html", 500)
