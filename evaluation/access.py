"""The evaluation app's access rules: which evaluation rounds (and so interviews) a user reaches.

Registered with the access layer in EvaluationConfig.ready() (`accounts.access.register_scope`), so
`access.scoped_rows` (the access request) reads rows by their round without accounts knowing this app.
The permissions themselves are lines in `accounts.access.PERMISSIONS` (evaluation.*).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accounts import access
from accounts.models import Role
from evaluation.models import EvaluationRound, Interview

if TYPE_CHECKING:
    from accounts.models import User

# Interviews are held only by the round's assigned evaluators, whatever their role.
INTERVIEW = "evaluation.interview"


def rounds_for(user: User, permission: str = "evaluation.round.view") -> QuerySet[EvaluationRound]:
    """Evaluation rounds on which the user holds `permission`.

    Interviews are held only by the round's assigned evaluators, whatever their role. Otherwise
    coordinators and researchers reach every round of the organisation (researchers only through
    aggregated pages), evaluators the rounds they are assigned to, workers the rounds of their networks.
    """
    if not access.can(user, permission):
        return EvaluationRound.objects.none()
    qs = EvaluationRound.objects.filter(organisation_id=user.organisation_id)
    if permission == INTERVIEW:
        return qs.filter(evaluators=user)
    allowed = access.PERMISSIONS[permission] & user.roles
    if allowed & {Role.COORDINATOR, Role.RESEARCHER}:
        return qs
    own = EvaluationRound.objects.none()
    if Role.EVALUATOR in allowed:
        own = own | qs.filter(evaluators=user)
    if Role.WORKER in allowed:
        own = own | qs.filter(network__assignments__user=user)
    return qs.filter(pk__in=own.values("pk"))


def get_round(user: User, pk: int, permission: str = "evaluation.round.view") -> EvaluationRound:
    evaluation_round = (
        rounds_for(user, permission).select_related("network", "template").filter(pk=pk).first()
    )
    if evaluation_round is None:
        raise access.deny(user, "evaluation_round", pk)
    return evaluation_round


def get_interview(user: User, pk: int, *permissions: str) -> Interview:
    """An interview in a round where the user holds any of `permissions` (default: holding it)."""
    rounds = rounds_for(user, INTERVIEW)
    for permission in permissions:
        rounds = rounds | rounds_for(user, permission)
    interview = (
        Interview.objects.filter(round__in=rounds.values("pk"), participant__anonymised_at__isnull=True)
        .select_related("round__network", "round__template", "participant", "evaluator")
        .filter(pk=pk)
        .first()
    )
    if interview is None:
        raise access.deny(user, "interview", pk)
    return interview


def register() -> None:
    access.register_scope(access.Scope("evaluation.EvaluationRound", rounds_for))
