"""Writing the audit trail. Entries carry ids and a short action name; never names or free text."""

from __future__ import annotations

from collections.abc import Iterable

from privacy.models import AuditEntry


def _actor_fields(user) -> dict:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"actor_id": None, "actor_username": "", "organisation_id": None}
    return {
        "actor_id": user.pk,
        "actor_username": user.get_username(),
        "organisation_id": user.organisation_id,
    }


def audit(
    *,
    user,
    action: str,
    participant_id: int | None = None,
    object_type: str = "",
    object_id: object = "",
    detail: str = "",
    organisation_id: int | None = None,
) -> AuditEntry:
    fields = _actor_fields(user)
    if organisation_id is not None:
        fields["organisation_id"] = organisation_id
    return AuditEntry.objects.create(
        participant_id=participant_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id or "")[:40],
        detail=detail[:200],
        **fields,
    )


def audit_many(*, user, action: str, participant_ids: Iterable[int], object_type: str = "") -> None:
    """One entry per participant, in one query."""
    fields = _actor_fields(user)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(participant_id=pid, action=action, object_type=object_type, **fields)
            for pid in sorted(set(participant_ids))
        ]
    )


# ----- implementations of core.hooks ------------------------------------------------------------


def on_access_denied(*, user, what: str, pk: object) -> None:
    participant_id = None
    if what == "participant":
        from accounts.access import object_id

        participant_id = object_id(pk)
    audit(user=user, action="access.denied", participant_id=participant_id, object_type=what, object_id=pk)


def on_roles_changed(*, actor, user, before: set, after: set) -> None:
    if before == after:
        return
    audit(
        user=actor,
        action="roles.changed",
        object_type="user",
        object_id=user.pk,
        detail=f"{','.join(sorted(map(str, before))) or '-'} -> {','.join(sorted(map(str, after))) or '-'}",
        organisation_id=user.organisation_id,
    )


def on_personal_data_viewed(*, user, participant_ids: Iterable[int], what: str) -> None:
    audit_many(user=user, action=f"view.{what}", participant_ids=participant_ids)


def on_export(*, user, what: str, participant_ids: Iterable[int] = ()) -> None:
    ids = list(participant_ids)
    if ids:
        audit_many(user=user, action=f"export.{what}", participant_ids=ids)
    else:
        audit(user=user, action=f"export.{what}")


def on_security_event(*, user, what: str, detail: str = "") -> None:
    audit(user=user, action=what, object_type="user", object_id=getattr(user, "pk", ""), detail=detail)


def on_record_changed(
    *, user, action: str, object_type: str, object_id: object, organisation_id: int | None, detail: str = ""
) -> None:
    audit(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        organisation_id=organisation_id,
    )


def first_name_consent_ids(participant_ids: Iterable[int]) -> set[int]:
    from privacy.models import Consent, ConsentScope

    return set(
        Consent.objects.filter(
            participant_id__in=list(participant_ids), scope=ConsentScope.FIRST_NAME, given=True
        ).values_list("participant_id", flat=True)
    )


# ----- signal receivers for logins ---------------------------------------------------------------


def logged_in(sender, request, user, **kwargs) -> None:
    audit(user=user, action="login.success", object_type="user", object_id=user.pk)


def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit(user=user, action="logout", object_type="user", object_id=user.pk)


def _known_user(username: str):
    from django.contrib.auth import get_user_model

    # Only a username that exists is kept: a mistyped one might be anything (even a password).
    return get_user_model().objects.filter(username=username).first() if username else None


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    user = _known_user(credentials.get("username", ""))
    audit(
        user=None,
        action="login.failed",
        object_type="user",
        object_id=getattr(user, "pk", ""),
        organisation_id=getattr(user, "organisation_id", None),
    )


def locked_out(sender, request, username, ip_address, **kwargs) -> None:
    user = _known_user(username)
    audit(
        user=None,
        action="login.locked_out",
        object_type="user",
        object_id=getattr(user, "pk", ""),
        organisation_id=getattr(user, "organisation_id", None),
    )
