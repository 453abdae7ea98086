"""The people app's access rule: which participants a user reaches with a permission.

Registered with the access layer in PeopleConfig.ready(); pages call it as `access.participants_for` /
`access.get_participant` (accounts/access.py), which hold the role rules it reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accounts import access
from people.models import Participant

if TYPE_CHECKING:
    from accounts.models import User


def participants_for(user: User, permission: str) -> QuerySet[Participant]:
    """Participants who take part (in any stage) in a network the user may reach."""
    if not access.can(user, permission):
        return Participant.objects.none()
    qs = Participant.objects.filter(organisation_id=user.organisation_id, anonymised_at__isnull=True)
    allowed = access.PERMISSIONS[permission] & user.roles
    if allowed & (
        access.ORGANISATION_WIDE_ROLES
        | access.ORGANISATION_WIDE_PARTICIPANT_PERMISSIONS.get(permission, set())
    ):
        return qs
    if allowed & access.NETWORK_SCOPED_ROLES:
        return qs.filter(participations__network__assignments__user=user).distinct()
    return Participant.objects.none()


def register() -> None:
    access.register_scope(access.Scope(access.PARTICIPANT, participants_for))
