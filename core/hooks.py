"""Points where cross-cutting concerns (audit, consent) plug into the apps without import cycles.

The privacy app replaces these default implementations (see privacy/apps.py) with ones that write
audit entries and read consent. Callers pass ids, never names or free text.
"""

import logging
from collections.abc import Iterable

logger = logging.getLogger("vangnet.access")


def on_access_denied(*, user, what: str, pk: object) -> None:
    logger.info("denied user=%s what=%s pk=%s", getattr(user, "pk", None), what, pk)


def on_roles_changed(*, actor, user, before: set, after: set) -> None:
    logger.info(
        "roles changed user=%s by=%s before=%s after=%s",
        user.pk,
        getattr(actor, "pk", None),
        sorted(str(r) for r in before),
        sorted(str(r) for r in after),
    )


def on_personal_data_viewed(*, user, participant_ids: Iterable[int], what: str) -> None:
    """A page or report that shows one participant's file, scores or interview report was opened."""


def on_export(*, user, what: str, participant_ids: Iterable[int] = ()) -> None:
    """Any export (document, spreadsheet, GraphML, JSON) was produced."""


def on_security_event(*, user, what: str, detail: str = "") -> None:
    """Something happened to an account: 2FA enrolled, password changed. `detail` carries no names."""
    logger.info("security user=%s what=%s", getattr(user, "pk", None), what)


def on_record_changed(
    *, user, action: str, object_type: str, object_id: object, organisation_id: int | None, detail: str = ""
) -> None:
    """A record without personal data of participants (e.g. hours, an expense) was changed or deleted.

    `detail` names what changed (numbers, dates, choices), never free text.
    """
    logger.info("changed user=%s action=%s %s=%s", getattr(user, "pk", None), action, object_type, object_id)


def first_name_consent_ids(participant_ids: Iterable[int]) -> set[int]:
    """Participants who consented to their first name on shared pages (sociogram, group lists).

    Without the privacy app's consent register nobody has consented: shared pages show initials.
    """
    return set()


def history_snapshot(obj, fields: list[str]):
    """Before a versioned save (core.concurrency): the stored values, if obj's changes are tracked."""
    return None


def history_record(obj, fields: list[str], before) -> None:
    """After a versioned save: write the field-level change history."""


def history_created(objs) -> None:
    """After a bulk_create (which sends no save signals): a "created" history line per tracked row."""


def history_snapshot_rows(model, pks, fields: list[str]):
    """Before a bulk_update or QuerySet.update(): the stored values of those rows, if tracked."""
    return None


def history_record_rows(objs, fields: list[str], before) -> None:
    """After it, with the objects holding the new values: a "changed" line per row that changed."""


def _install(name: str, implementation) -> None:
    """Used by the privacy app to plug in the real implementations."""
    globals()[name] = implementation
