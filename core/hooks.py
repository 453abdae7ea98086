"""Points where cross-cutting concerns (audit) plug into the access layer without import cycles."""

import logging

logger = logging.getLogger("vangnet.access")


def on_access_denied(*, user, what: str, pk: object) -> None:
    # Ids only, never names: logs must not hold personal data.
    logger.info("denied user=%s what=%s pk=%s", getattr(user, "pk", None), what, pk)


def on_roles_changed(*, actor, user, before: set, after: set) -> None:
    logger.info(
        "roles changed user=%s by=%s before=%s after=%s",
        user.pk,
        getattr(actor, "pk", None),
        sorted(str(r) for r in before),
        sorted(str(r) for r in after),
    )
