"""Writes for organisations, users, roles and locations. Each runs in one transaction."""

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import Location, Organisation, Role, RoleAssignment, User
from core.concurrency import save_with_version


def _sync_role_cache(user: User) -> None:
    roles = sorted(user.role_assignments.values_list("role", flat=True))
    user.role_cache = " ".join(roles)
    user.save(update_fields=["role_cache"])


@transaction.atomic
def organisation_create(
    *, name: str, slug: str, admin_username: str, admin_email: str, admin_password: str | None
) -> tuple[Organisation, User]:
    """A new tenant with its first organisation admin (used by `manage.py create_organisation`)."""
    organisation = Organisation.objects.create(name=name, slug=slug)
    admin = User(username=admin_username, email=admin_email, organisation=organisation)
    if admin_password:
        validate_password(admin_password, admin)
        admin.set_password(admin_password)
    else:
        admin.set_unusable_password()
    admin.save()
    user_set_roles(actor=None, user=admin, roles=[Role.ADMIN])
    return organisation, admin


@transaction.atomic
def user_invite(
    *,
    actor: User | None,
    organisation: Organisation,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    roles: Iterable[str] = (),
    password: str | None = None,
    password_hash: str | None = None,
) -> User:
    """Create an account. Without a password it gets an unusable one and a set-password link.

    `password_hash` (from make_password) lets the demo hash its shared password once, not per user.
    """
    user = User(
        username=username, email=email, first_name=first_name, last_name=last_name, organisation=organisation
    )
    if password_hash:
        user.password = password_hash
    elif password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user_set_roles(actor=actor, user=user, roles=roles)
    return user


def user_password_link(*, user: User) -> str:
    """Relative URL where an invited user chooses a password (Django's reset token, single use)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def user_set_roles(*, actor: User | None, user: User, roles: Iterable[str]) -> None:
    """Give the user exactly these roles. Audited (core.hooks.on_roles_changed).

    Nobody changes their own roles: another admin of the organisation must (actor None is the system:
    a new organisation's first admin, management commands). A change ends the user's sessions
    (the session hash includes the roles, accounts.models.User).
    """
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    current = set(user.role_assignments.values_list("role", flat=True))
    if actor is not None and wanted != current:
        if actor.pk == user.pk:
            raise ValidationError(
                {"roles": _("You cannot change your own roles. Another admin must do that.")}
            )
        if actor.organisation_id != user.organisation_id or not actor.has_role(Role.ADMIN):
            raise PermissionDenied
    RoleAssignment.objects.filter(user=user, role__in=current - wanted).delete()
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, role=role, granted_by=actor) for role in sorted(wanted - current)]
    )
    _sync_role_cache(user)
    from core.hooks import on_roles_changed

    on_roles_changed(actor=actor, user=user, before=current, after=wanted)


@transaction.atomic
def user_update(
    *, actor: User, user: User, first_name: str, last_name: str, email: str, is_active: bool
) -> None:
    user.first_name, user.last_name, user.email, user.is_active = first_name, last_name, email, is_active
    user.save(update_fields=["first_name", "last_name", "email", "is_active"])


@transaction.atomic
def location_create(
    *, organisation: Organisation, name: str, address: str = "", offers: str = ""
) -> Location:
    return Location.objects.create(organisation=organisation, name=name, address=address, offers=offers)


@transaction.atomic
def location_update(
    *, location: Location, expected_version: int, name: str, address: str, offers: str, archived: bool
) -> None:
    location.name, location.address, location.offers, location.archived = name, address, offers, archived
    save_with_version(
        location, expected_version=expected_version, fields=["name", "address", "offers", "archived"]
    )


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, name: str, retention_months: int) -> None:
    organisation.name, organisation.retention_months = name, retention_months
    organisation.save(update_fields=["name", "retention_months"])
