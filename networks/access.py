"""The networks app's access rule: which networks a user reaches with a permission.

Registered with the access layer in NetworksConfig.ready(); pages call it as `access.networks_for` /
`access.get_network` (accounts/access.py), which hold the role rules it reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accounts import access
from networks.models import Network

if TYPE_CHECKING:
    from accounts.models import User


def networks_for(user: User, permission: str) -> QuerySet[Network]:
    """Every network of the organisation for a role in `access.organisation_wide_roles(permission)`,
    the assigned ones for a social worker, else none."""
    if not access.can(user, permission):
        return Network.objects.none()
    qs = Network.objects.filter(organisation_id=user.organisation_id)
    allowed = access.PERMISSIONS[permission] & user.roles
    if allowed & access.organisation_wide_roles(permission):
        return qs
    if allowed & access.NETWORK_SCOPED_ROLES:
        return qs.filter(assignments__user=user)
    return Network.objects.none()


def register() -> None:
    access.register_scope(access.Scope(access.NETWORK, networks_for))
