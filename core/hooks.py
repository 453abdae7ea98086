"""Points where cross-cutting concerns (audit, consent, field history) plug into the apps without
import cycles.

Each hook below is a function with a default behaviour (log, or do nothing). The privacy app gives
the real implementation once, at start-up (`privacy/apps.py`), with `implement(name, function)`:

    from core import hooks
    hooks.implement("on_export", audit.on_export)

The functions here never change: calling one looks its implementation up at the time of the call, so
`from core.hooks import on_export` binds the same function as `hooks.on_export` and reaches the
privacy app whenever it was imported. A second, different implementation of a hook is an error
(ImproperlyConfigured), not a silent overwrite; giving the same one again changes nothing.

Why a registry and not Django signals: several hooks answer (the consent ids, the history snapshot)
and every hook has exactly one implementation, so "one receiver, refused when there are two" is what
the code means; a signal would allow any number of receivers and collect their answers in a list.
Callers pass ids, never names or free text.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger("vangnet.access")


class HookRegistry:
    """Hooks by name: a default per hook, at most one implementation that replaces it."""

    def __init__(self) -> None:
        self.defaults: dict[str, Callable] = {}
        self.implementations: dict[str, Callable] = {}

    def hook(self, default: Callable) -> Callable:
        """Declare a hook (decorator): the returned function calls the implementation, else `default`."""
        name = default.__name__
        if name in self.defaults:
            raise ImproperlyConfigured(f"hook {name!r} is declared twice")
        self.defaults[name] = default

        @functools.wraps(default)
        def call(*args, **kwargs):
            return self.implementations.get(name, default)(*args, **kwargs)

        return call

    def implement(self, name: str, implementation: Callable) -> None:
        if name not in self.defaults:
            raise ImproperlyConfigured(f"there is no hook {name!r} (core/hooks.py declares them)")
        earlier = self.implementations.get(name)
        if earlier is not None and earlier is not implementation:
            raise ImproperlyConfigured(
                f"hook {name!r} already has an implementation ({earlier.__module__}.{earlier.__qualname__}); "
                f"a second one ({implementation.__module__}.{implementation.__qualname__}) would replace it"
            )
        self.implementations[name] = implementation

    def implementation(self, name: str) -> Callable:
        """What a call of the hook runs now (its implementation, or its default)."""
        return self.implementations.get(name, self.defaults[name])


REGISTRY = HookRegistry()
hook = REGISTRY.hook
implement = REGISTRY.implement


@hook
def on_access_denied(*, user, what: str, pk: object) -> None:
    logger.info("denied user=%s what=%s pk=%s", getattr(user, "pk", None), what, pk)


@hook
def on_roles_changed(*, actor, user, before: set, after: set) -> None:
    logger.info(
        "roles changed user=%s by=%s before=%s after=%s",
        user.pk,
        getattr(actor, "pk", None),
        sorted(str(r) for r in before),
        sorted(str(r) for r in after),
    )


@hook
def on_personal_data_viewed(*, user, participant_ids: Iterable[int], what: str) -> None:
    """A page or report that shows one participant's file, scores or interview report was opened."""


@hook
def on_export(*, user, what: str, participant_ids: Iterable[int] = ()) -> None:
    """Any export (document, spreadsheet, GraphML, JSON) was produced."""


@hook
def on_security_event(*, user, what: str, detail: str = "") -> None:
    """Something happened to an account: 2FA enrolled, password changed. `detail` carries no names."""
    logger.info("security user=%s what=%s", getattr(user, "pk", None), what)


@hook
def on_record_changed(
    *, user, action: str, object_type: str, object_id: object, organisation_id: int | None, detail: str = ""
) -> None:
    """A record without personal data of participants (e.g. hours, an expense) was changed or deleted.

    `detail` names what changed (numbers, dates, choices), never free text.
    """
    logger.info("changed user=%s action=%s %s=%s", getattr(user, "pk", None), action, object_type, object_id)


@hook
def first_name_consent_ids(participant_ids: Iterable[int]) -> set[int]:
    """Participants who consented to their first name on shared pages (sociogram, group lists).

    Without the privacy app's consent register nobody has consented: shared pages show initials.
    """
    return set()


# ----- field history (called by core.history.HistoryQuerySet only) --------------------------------


@hook
def history_snapshot(queryset, fields: list[str]):
    """Before an update or bulk_update of the rows of `queryset`: their stored values of `fields`
    (and what a history line needs), or None when the model's changes are not tracked."""
    return None


@hook
def history_record_update(model, values: dict, snapshot, count: int) -> None:
    """After QuerySet.update(**values) changed `count` rows: a "changed" line per row that changed."""


@hook
def history_record_objects(objs, fields: list[str], snapshot) -> None:
    """After a bulk_update, with the objects holding the new values: a "changed" line per changed row."""


@hook
def history_created(objs) -> None:
    """After a bulk_create (which sends no save signals): a "created" line per tracked row."""
