"""The one access layer: which role may do what, and which objects a user can reach.

Every view loads data through the functions here. Rules:
- Everything is scoped to the user's organisation; another organisation's object is a 404.
- Coordinators reach every network of their organisation; social workers reach the networks
  they are assigned to (lead or backup); evaluators and researchers reach no daily practice.
  A few permissions give more roles every network of the organisation (ORGANISATION_WIDE_PERMISSIONS):
  evaluators read every network's quality pages, which show the group, never participants' names.
- A user without a role reaches no personal data.

PERMISSIONS is the role x page x action table. docs/access.md is generated from it
(`manage.py access_table`) and accounts/tests/test_access_matrix.py checks both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User

W, C, E, R, A = Role.WORKER, Role.COORDINATOR, Role.EVALUATOR, Role.RESEARCHER, Role.ADMIN
P = Role.PRIVACY_OFFICER

# permission -> roles that hold it. Object-level scoping (which networks) comes on top.
PERMISSIONS: dict[str, frozenset[str]] = {
    # foundation
    "network.view": frozenset({W, C}),
    "network.create": frozenset({C}),
    "network.edit": frozenset({C}),
    "network.assign": frozenset({C}),
    "network.phase": frozenset({W, C}),
    "network.archive": frozenset({C}),
    "participant.view": frozenset({W, C}),
    "participant.create": frozenset({W, C}),
    "participant.edit": frozenset({W, C}),
    "route.record": frozenset({W, C}),
    "partner.view": frozenset({W, C, A}),
    "partner.manage": frozenset({C, A}),
    # people (issue 18): workers add partners and log contact moments on their networks; merging two
    # records of one person is the coordinator's, who sees every network of the organisation.
    "partner.add": frozenset({W, C, A}),
    "partner.contact": frozenset({W, C}),
    "participant.merge": frozenset({C}),
    "location.view": frozenset({W, C, A}),
    "location.manage": frozenset({C, A}),
    "user.manage": frozenset({A}),
    "organisation.manage": frozenset({A}),
    # practice (weekly practice, issue 3)
    "practice.view": frozenset({W, C}),
    "practice.record": frozenset({W, C}),
    "practice.manage": frozenset({W, C}),
    "logbook.view": frozenset({W, C}),
    "logbook.write": frozenset({W, C}),
    "followup.record": frozenset({W, C}),
    "dashboard.view": frozenset({W, C}),
    # support (support network, issue 4)
    "support.view": frozenset({W, C}),
    "support.record": frozenset({W, C}),
    "support.person": frozenset({W, C}),
    "support.export": frozenset({W, C}),
    # evaluation (issue 5). Evaluators hold them only on rounds they are assigned to, workers only on
    # rounds of their networks; researchers see only aggregated, pseudonymised results
    # (evaluation.access.rounds_for, registered as a scope).
    "evaluation.view": frozenset({W, C, E, R}),
    "evaluation.template.view": frozenset({C, E}),
    "evaluation.template.manage": frozenset({C}),
    "evaluation.round.view": frozenset({W, C, E}),
    "evaluation.round.manage": frozenset({C, E}),
    "evaluation.interview": frozenset({W, C, E}),
    "evaluation.report.view": frozenset({C, E}),
    "evaluation.results": frozenset({W, C, E, R}),
    "evaluation.codebook": frozenset({C, E}),
    "evaluation.export": frozenset({C, E, R}),
    # quality (network reflection and process evaluation). Evaluators read a network's quality page
    # (no participant names there) and the organisation view, and record network evaluations with the
    # coordinator; checklist reflections and preconditions stay with workers and coordinators.
    "quality.view": frozenset({W, C, E}),
    "quality.record": frozenset({W, C}),
    "quality.evaluate": frozenset({W, C, E}),
    "quality.process": frozenset({C, E}),
    # privacy (issue 6)
    "audit.view": frozenset({A}),
    "consent.view": frozenset({W, C}),
    "consent.edit": frozenset({W, C}),
    # Points of attention: only the workers of the participant's network, not coordinators.
    "attention.view": frozenset({W}),
    "attention.edit": frozenset({W}),
    # The access request as the asker may read it: only the rows their role and networks allow
    # (each privacy.registry entry names its permission and network rule).
    "privacy.access_request": frozenset({W, C}),
    # The complete access request for the data subject (AVG art. 15): every registered row about the
    # person in the organisation. Only the privacy officer (two-step verification, every request audited).
    "privacy.subject_access": frozenset({P}),
    "privacy.erase": frozenset({C}),
    "research.export": frozenset({R}),
    # planning (hours, budget, growth forecast): workers on their own networks, coordinators on all
    "planning.view": frozenset({W, C}),
    "planning.record": frozenset({W, C}),
    "planning.budget": frozenset({W, C}),
    "planning.overview": frozenset({C}),
    # import from a spreadsheet (issue 21): the network's workers and coordinators
    "import.run": frozenset({W, C}),
    # downloads made in the background (jobs app): each user sees only their own
    "jobs.view": frozenset({W, C, E, R, A}),
}

# Permissions that hold only on networks where the user is assigned, unless the user is a
# coordinator (who holds them on every network of the organisation).
NETWORK_SCOPED_ROLES = frozenset({W})
ORGANISATION_WIDE_ROLES = frozenset({C})
# permission -> further roles that hold it on every network of the organisation (networks only: it
# gives no participants). Evaluators read every network's quality pages and the process evaluation,
# which show the group's figures and words, never participants' names.
ORGANISATION_WIDE_PERMISSIONS: dict[str, frozenset[str]] = {
    "quality.view": frozenset({E}),
    "quality.process": frozenset({E}),
    "quality.evaluate": frozenset({E}),
    "evaluation.round.manage": frozenset({E}),
}


# permission -> further roles that reach every participant of the organisation with it (and nothing
# else: the permission itself says what they may do with the participant).
ORGANISATION_WIDE_PARTICIPANT_PERMISSIONS: dict[str, frozenset[str]] = {
    "privacy.subject_access": frozenset({P}),
}


def organisation_wide_roles(permission: str) -> frozenset[str]:
    """The roles that hold `permission` on every network of the organisation."""
    return ORGANISATION_WIDE_ROLES | ORGANISATION_WIDE_PERMISSIONS.get(permission, frozenset())


def can(user: User, permission: str) -> bool:
    """Does any of the user's roles hold this permission (before object scoping)?"""
    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        return False
    allowed = PERMISSIONS.get(permission)
    if allowed is None:
        raise KeyError(f"Unknown permission {permission!r}: add it to accounts.access.PERMISSIONS")
    return bool(user.roles & allowed)


def require(user: User, permission: str) -> None:
    """Page-level check for pages that show no single object (lists, create forms)."""
    if not can(user, permission):
        raise PermissionDenied


MAX_ID = 2**63 - 1  # the largest id a table holds (BigAutoField)


def object_id(value: object) -> int | None:
    """An id typed into a form or query string, or None when it cannot be one (not digits, or beyond
    what any table holds: such a number in a query was a 500 on SQLite)."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def deny(user: User, what: str, pk: object) -> Http404:
    """The answer for an object the user may not reach: indistinguishable from a missing one."""
    from core.hooks import on_access_denied

    on_access_denied(user=user, what=what, pk=pk)
    return Http404()


ViewFunc = TypeVar("ViewFunc", bound=Callable)


def permission_required(permission: str) -> Callable[[ViewFunc], ViewFunc]:
    """Decorator for views: login required, then the page-level permission."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            require(request.user, permission)
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


# ----- networks and participants: the scopes every page reads -------------------------------
# Their rules live in the owning apps (networks/access.py, people/access.py), registered in ready()
# like any other app's scope (see "scopes registered by the apps" below).

NETWORK = "networks.Network"
PARTICIPANT = "people.Participant"


def networks_for(user: User, permission: str = "network.view") -> QuerySet:
    """The networks on which the user holds `permission`: every network of the organisation for a role
    in `organisation_wide_roles(permission)`, the assigned ones for a social worker, else none (the rule
    is the networks app's scope, networks/access.py)."""
    return scope_rows(user, NETWORK, permission)


def network_ids_for(user: User, permission: str = "network.view") -> list[int]:
    return list(networks_for(user, permission).values_list("id", flat=True))


def get_network(user: User, pk: int, permission: str = "network.view") -> Model:
    network = networks_for(user, permission).select_related("location").filter(pk=pk).first()
    if network is None:
        raise deny(user, "network", pk)
    return network


# ----- participants -----------------------------------------------------------------------


def participants_for(user: User, permission: str = "participant.view") -> QuerySet:
    """Participants who take part (in any stage) in a network the user may reach (the people app's
    scope, people/access.py)."""
    return scope_rows(user, PARTICIPANT, permission)


def get_participant(user: User, pk: int, permission: str = "participant.view") -> Model:
    participant = participants_for(user, permission).filter(pk=pk).first()
    if participant is None:
        raise deny(user, "participant", pk)
    return participant


# ----- organisation-level objects (locations, partners, users) ------------------------------


M = TypeVar("M", bound=Model)


def org_objects(user: User, model: type[M], permission: str) -> QuerySet[M]:
    if not can(user, permission):
        return model._default_manager.none()
    return model._default_manager.filter(organisation_id=user.organisation_id)


def get_org_object(user: User, model: type[M], pk: int, permission: str) -> M:
    obj = org_objects(user, model, permission).filter(pk=pk).first()
    if obj is None:
        raise deny(user, model._meta.model_name, pk)
    return obj


def own_objects(user: User, model: type[M], permission: str) -> QuerySet[M]:
    """Objects that belong to the user personally (`user` field) in their organisation, e.g. their
    downloads: nobody else reaches them, not even a coordinator."""
    return org_objects(user, model, permission).filter(user_id=user.pk)


def get_own_object(user: User, model: type[M], pk: int, permission: str) -> M:
    obj = own_objects(user, model, permission).filter(pk=pk).first()
    if obj is None:
        raise deny(user, model._meta.model_name, pk)
    return obj


# ----- scopes registered by the apps ---------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """An app's rule for which of its objects a user reaches with a permission, e.g. the evaluation
    app's rounds (`evaluation/access.py`). `model` is the label the rows' path leads to."""

    model: str
    rows_for: Callable[[User, str], QuerySet]


SCOPES: dict[str, Scope] = {}


def register_scope(scope: Scope) -> None:
    """Called in the owning app's ready(). A second, different rule for the same model is an error."""
    earlier = SCOPES.get(scope.model)
    if earlier == scope:
        return
    if earlier is not None:
        raise ImproperlyConfigured(
            f"a scope for {scope.model} is registered twice: {earlier!r} and {scope!r}"
        )
    SCOPES[scope.model] = scope


def scope_rows(user: User, model: str, permission: str) -> QuerySet:
    """The objects of `model` (a registered scope) on which the user holds `permission`."""
    try:
        scope = SCOPES[model]
    except KeyError:
        raise ImproperlyConfigured(f"no access scope is registered for {model}") from None
    return scope.rows_for(user, permission)


def scoped_rows(
    user: User,
    queryset: QuerySet,
    *,
    permission: str,
    participant_path: str,
    network_path: str | None = None,
    scope: tuple[str, str] | None = None,
) -> QuerySet:
    """The rows of `queryset` (about participants) that `user` may read with `permission`.

    The same walls as the pages: on the networks the user reaches with the permission
    (`network_path`: the row's path to its network id), on the objects of a scope an app registered
    (`scope=(model label, the row's path to its id)`, e.g. the evaluation rounds), or else only rows
    about participants the user reaches with it. No query of its own: the scope is a subquery of the
    caller's query.
    """
    if not can(user, permission):
        return queryset.none()
    if network_path:
        return queryset.filter(**{f"{network_path}__in": networks_for(user, permission).values("pk")})
    if scope:
        model, path = scope
        return queryset.filter(**{f"{path}__in": scope_rows(user, model, permission).values("pk")})
    return queryset.filter(**{f"{participant_path}__in": participants_for(user, permission).values("pk")})


def requires_second_factor(user: User) -> bool:
    """Roles that see much or sensitive data must use TOTP (issue 6)."""
    return user.has_role(C, A, E, R, P)


def render_access_table() -> str:
    """docs/access.md: the role x page x action table, generated from PERMISSIONS (in English)."""
    from django.utils import translation

    with translation.override("en"):
        return _render_access_table()


def _render_access_table() -> str:
    roles = list(Role)
    lines = [
        "# Who may do what",
        "",
        "Generated from `accounts/access.py` by `manage.py access_table --write`; a test keeps them equal.",
        "Object scope on top of this table: coordinators reach every network of their organisation,",
        "social workers only the networks they are assigned to (lead or backup). Another organisation's",
        "object is always a 404. A user without a role reaches no personal data.",
        "",
        "Permissions with which more roles reach every network of the organisation (networks, not",
        "participants; `ORGANISATION_WIDE_PERMISSIONS`):",
        "",
        *(
            f"- `{permission}`: " + ", ".join(str(Role(r).label) for r in sorted(roles))
            for permission, roles in ORGANISATION_WIDE_PERMISSIONS.items()
        ),
        "",
        "Permissions with which more roles reach every participant of the organisation (for that",
        "permission only; `ORGANISATION_WIDE_PARTICIPANT_PERMISSIONS`):",
        "",
        *(
            f"- `{permission}`: " + ", ".join(str(Role(r).label) for r in sorted(roles))
            for permission, roles in ORGANISATION_WIDE_PARTICIPANT_PERMISSIONS.items()
        ),
        "",
        "The access request (`privacy.access_request`) shows the asker only the rows their role and",
        "networks allow: each entry of `privacy.registry` names the permission that reads it and its",
        "network rule or the scope its app registered (the evaluation rounds), read through",
        "`access.scoped_rows`. The complete request for the data subject is `privacy.subject_access`.",
        "",
        "| page.action | " + " | ".join(str(r.label) for r in roles) + " |",
        "| --- | " + " | ".join("---" for _ in roles) + " |",
    ]
    for permission, allowed in PERMISSIONS.items():
        marks = " | ".join("yes" if r in allowed else "" for r in roles)
        lines.append(f"| `{permission}` | {marks} |")
    return "\n".join(lines) + "\n"
