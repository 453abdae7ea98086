"""The installable web app and the pieces that let a worker record a session without a connection.

- `/manifest.webmanifest`: name, icons and colours for installing Vangnet on a phone's home screen.
- `/sw.js`: the service worker, served from the root so it may serve the session pages; it keeps the
  application shell (CSS, JS, icons, the offline page) and this week's session pages that the page
  script stores (see offline/static/offline/offline.js and docs/offline.md).
- `/offline/sessies/`: the list of session pages this device may keep, for the signed-in worker.
- `/offline/`: the page shown for any other page while there is no connection (no personal data).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from offline import selectors

SHELL_FILES = (
    "core/vangnet.css",
    "core/vangnet.js",
    "core/favicon.svg",
    "practice/practice.css",
    "practice/session.js",
    "offline/idb.js",
    "offline/offline.js",
    "offline/icon-192.png",
    "offline/icon-512.png",
)


@require_GET
def manifest(request):
    data = {
        "name": "Vangnet",
        "short_name": "Vangnet",
        "description": _("Support for social workers who run support networks"),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5d5b",
        "icons": [
            {"src": static("offline/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {
                "src": static("offline/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def service_worker(request):
    shell = [static(name) for name in SHELL_FILES] + ["/offline/"]
    body = render_to_string(
        "offline/sw.js",
        {
            "shell_json": json.dumps(shell),
            "static_prefix_json": json.dumps(settings.STATIC_URL),
            "version_json": json.dumps(_shell_version(shell)),
            # The IndexedDB helpers the page script uses too: one file, from our own origin (CSP
            # script-src 'self' covers importScripts in the worker). Its static URL carries a content
            # hash in production, so a change to it changes this script and installs a new worker.
            "idb_script_json": json.dumps(static("offline/idb.js")),
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # The browser checks for a new worker on every navigation; never serve it from a cache.
    response["Cache-Control"] = "no-cache"
    return response


def _shell_version(shell: list[str]) -> str:
    """Changes whenever a shell file changes (the static URLs carry content hashes in production)."""
    return hashlib.sha256("\n".join(shell).encode()).hexdigest()[:12]


@require_GET
def offline_page(request):
    """Shown by the service worker for a page it does not keep. Holds no personal data."""
    return render(request, "offline/offline.html")


@login_required
@require_GET
def session_pages(request):
    today = timezone.localdate()
    return JsonResponse(
        {
            "week": selectors.week_label(today),
            "pages": selectors.offline_session_pages(user=request.user, today=today),
        }
    )
