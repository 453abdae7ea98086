"""The "No access" page names the role that can help, from the permission table (accounts.access)."""

import pytest
from django.test.utils import override_settings
from django.urls import reverse

from accounts import access
from accounts.models import Role


@override_settings(LANGUAGE_CODE="nl")
def test_the_page_names_the_role_that_holds_the_permission_and_who_has_it(world, login):
    response = login(world.evaluator).get(reverse("networks:create"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Deze pagina hoort bij het werk van een coördinator." in html
    assert world.coordinator.display_name in html
    assert "beheerder" not in html  # the admin cannot create networks: not named as the help


@override_settings(LANGUAGE_CODE="nl")
def test_several_roles_are_named_together(world, login):
    html = login(world.evaluator).get(reverse("people:list")).content.decode()
    assert "het werk van een sociaal werker of coördinator" in html
    assert world.worker_a.display_name in html


@pytest.mark.parametrize("permission", sorted(access.PERMISSIONS))
def test_the_help_follows_the_table_for_every_permission(world, permission):
    from accounts.selectors import who_can_help

    helpers = who_can_help(user=world.norole, permission=permission)
    named = {h["role"] for h in helpers["helpers"]}
    assert named == {str(Role(r).label) for r in access.PERMISSIONS[permission]}


def test_a_user_without_a_role_is_told_to_ask_for_one(world, login):
    html = login(world.norole).get(reverse("networks:create")).content.decode()
    assert "coördinator" in html  # the table names who can do it


def test_the_denied_permission_is_read_from_the_page_decorator(world, rf):
    from django.core.exceptions import PermissionDenied

    from accounts.selectors import denied_permission

    request = rf.get(reverse("evaluation:template_upload"))
    request.user = world.evaluator
    assert denied_permission(request, PermissionDenied()) == "evaluation.template.manage"
    request.user = world.coordinator  # holds it: an object-level refusal is not explained by the table
    assert denied_permission(request, PermissionDenied()) is None
    request.user = world.evaluator
    assert denied_permission(request, PermissionDenied("network.create")) == "network.create"
