"""Reads for the "No access" page (403): which permission was refused and who holds it."""

from accounts import access
from accounts.models import Role, User, display_name

NAMES_PER_ROLE = 3


def denied_permission(request, exception: Exception | None = None) -> str | None:
    """The permission a 403 was about, or None when it cannot be told.

    A `PermissionDenied(permission)` names it; otherwise it is read from the page's
    `access.permission_required(...)` decorator (the permission it closes over). A permission the user
    does hold is not the reason (an object-level check denied), so it gives None too.
    """
    import inspect

    from django.urls import Resolver404, resolve

    candidates: list[str] = []
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        candidates.append(exception.args[0])
    try:
        func = resolve(request.path_info).func
    except Resolver404:
        func = None
    seen = 0
    while func is not None and seen < 10:  # noqa: PLR2004 - a bound on decorator depth
        seen += 1
        try:
            permission = inspect.getclosurevars(func).nonlocals.get("permission")
        except (TypeError, ValueError):
            permission = None
        if isinstance(permission, str):
            candidates.append(permission)
        func = getattr(func, "__wrapped__", None)
    user = request.user
    for permission in candidates:
        if permission in access.PERMISSIONS and not access.can(user, permission):
            return permission
    return None


def who_can_help(*, user: User, permission: str) -> dict:
    """The roles that hold `permission` (from access.PERMISSIONS) and a few colleagues who have them (one query).

    The page names the role that can do what was asked, never one that cannot.
    """
    from django.utils.translation import gettext as _

    roles = [role for role in Role if role in access.PERMISSIONS[permission]]
    people: dict[str, list[str]] = {role: [] for role in roles}
    counts: dict[str, int] = dict.fromkeys(roles, 0)
    if user.organisation_id is not None and roles:
        for first, last, username, role in (
            User.objects.filter(
                organisation_id=user.organisation_id, is_active=True, role_assignments__role__in=roles
            )
            .exclude(pk=user.pk)
            .order_by("first_name", "last_name", "username")
            .values_list("first_name", "last_name", "username", "role_assignments__role")
        ):
            counts[role] += 1
            if len(people[role]) < NAMES_PER_ROLE:
                people[role].append(display_name(first, last, username))
    labels = [str(Role(role).label) for role in roles]
    joined = (
        labels[0]
        if len(labels) == 1
        else _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}
    )
    return {
        "roles_text": joined,
        "helpers": [
            {"role": str(Role(role).label), "names": people[role], "more": counts[role] - len(people[role])}
            for role in roles
        ],
        "nobody": not any(counts.values()),
    }
