"""The long downloads that run in the background. One registration per kind (in an AppConfig.ready()
or in jobs/kinds.py):

    from jobs.registry import Kind, register
    register(Kind(key="research_export", permission="research.export", title=..., make=...))

- `title(user, params) -> str` checks access through `accounts.access` (raises Http404/PermissionDenied
  for what the user may not reach) and returns what "Mijn downloads" calls the file.
- `make(run) -> (file name, content type)` writes the file into `run.file` (binary), reports progress with
  `run.progress(fraction, step)` and sets `run.participant_ids` to whom the file contains (leave None
  when it cannot say: then any erasure in the organisation removes the file).
- `params(data) -> dict` turns the start form's fields into the job's parameters (JSON-able); reject
  anything unexpected with Http404.
- A kind that does work instead of making a file (the import of a spreadsheet) returns None from
  `make` and gives `result(job) -> (url, label)`: the page its job links to when it is done. It may
  raise ValidationError to fail with that (translated) message instead of the general one; a step may
  be stored already translated (`run.progress(0.5, _("Session 3 of 51"))`: the job runs in the
  language of the person who started it, the only one who sees it).

A view that already makes the file can be registered as it is with `register_view` (the worker calls
the view as the user who asked and stores its response).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_noop

if TYPE_CHECKING:
    from jobs.services import JobRun


@dataclass(frozen=True)
class Kind:
    key: str
    permission: str
    title: Callable[..., str]
    make: Callable[[JobRun], tuple[str, str] | None]
    params: Callable[[dict], dict] = field(default=lambda data: {})
    result: Callable[..., tuple[str, str]] | None = None


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Once per key: a second, different kind under the same key is an error, not an overwrite."""
    earlier = KINDS.get(kind.key)
    if earlier is not None and earlier != kind:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"the download kind {kind.key!r} is registered twice")
    KINDS[kind.key] = kind


def register_view(
    key: str, *, permission: str, url_name: str, title, query_params: tuple[str, ...] = ()
) -> None:
    """A download view (GET, no arguments) run in the background: the worker calls the view as the
    user who asked, with the query parameters the start form passed, and stores the response."""

    def params(data) -> dict:
        return {name: str(data.get(name, ""))[:100] for name in query_params if data.get(name)}

    def make(run: JobRun) -> tuple[str, str]:
        from django.test import RequestFactory
        from django.urls import reverse

        run.progress(0.05, gettext_noop("Collecting the figures"))
        query = {k: v for k, v in run.params.items() if k in query_params}
        request = RequestFactory().get(reverse(url_name), query)
        request.user = run.user
        request.session = {}
        response = _view(url_name)(request)
        if response.status_code != 200:
            raise RuntimeError(f"view {url_name} answered {response.status_code}")
        run.progress(0.9, gettext_noop("Writing the file"))
        run.file.write(response.content)
        disposition = response.get("Content-Disposition", "")
        name = disposition.split('filename="', 1)[1].rstrip('"') if 'filename="' in disposition else key
        return name, response["Content-Type"]

    register(
        Kind(key=key, permission=permission, title=lambda user, params: str(title), make=make, params=params)
    )


def _view(url_name: str):
    from django.urls import resolve, reverse

    return resolve(reverse(url_name)).func


# Periodic clean-ups of other apps that the worker runs with its own (every --housekeeping seconds,
# default 60) and `manage.py jobs_cleanup` runs by hand: functions without arguments, quick and
# idempotent (e.g. imports.services.imports_expire).
HOUSEKEEPING: list[Callable[[], object]] = []


def register_housekeeping(func: Callable[[], object]) -> None:
    if func not in HOUSEKEEPING:
        HOUSEKEEPING.append(func)


def run_housekeeping() -> None:
    for func in HOUSEKEEPING:
        func()
