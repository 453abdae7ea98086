"""The home page ("/"): the user's networks and the sections the apps add (core.registry.HOME_SECTIONS).

It lives in the project package, the top of the layers, because it gathers what every app shows
on it and reads the networks with their participants (networks and people), none of which the
foundation (core) may import. Its template stays `core/home.html`.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from accounts.models import Role, User
from core.registry import HOME_SECTIONS
from people.selectors import networks_with_counts


def home_data(*, user: User) -> dict:
    data: dict = {
        "has_role": bool(user.roles),
        "is_worker": user.has_role(Role.WORKER),
        "is_coordinator": user.has_role(Role.COORDINATOR),
        "is_admin": user.has_role(Role.ADMIN),
        "is_evaluator": user.has_role(Role.EVALUATOR),
        "is_researcher": user.has_role(Role.RESEARCHER),
        "networks": [],
        "home_sections": [],
    }
    if access.can(user, "network.view"):
        networks = networks_with_counts(user=user)
        if not user.has_role(Role.COORDINATOR):
            data["networks"] = list(networks)
        else:
            data["networks"] = list(networks.filter(assignments__user=user))
            # Counted without the list's annotations: grouping every network costs more than counting.
            data["organisation_network_count"] = (
                access.networks_for(user).filter(archived_at__isnull=True).count()
            )
    for section in HOME_SECTIONS:
        data["home_sections"].append(section(user))
    return data


@login_required
@require_GET
def home(request):
    return render(request, "core/home.html", home_data(user=request.user))
