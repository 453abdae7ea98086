"""The role x page x action table, and every foundation page for every persona."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import translation

from accounts import access
from accounts.models import Role
from accounts.testing import sign_in


def test_docs_access_table_is_current():
    with translation.override("en"):
        generated = access.render_access_table()
    assert Path(settings.BASE_DIR, "docs", "access.md").read_text(encoding="utf-8") == generated


def test_every_permission_names_known_roles():
    for permission, roles in access.PERMISSIONS.items():
        assert roles <= set(Role.values), permission


def test_unknown_permission_is_a_programming_error(world):
    with pytest.raises(KeyError):
        access.can(world.worker_a, "network.teleport")


# page -> personas who get 200; everybody else gets 403 or 404.
PAGES = {
    "networks:list": ({}, {"worker_a", "backup_a", "worker_b", "coordinator", "outsider"}),
    "networks:create": ({}, {"coordinator"}),
    "networks:detail": ("network_a", {"worker_a", "backup_a", "coordinator"}),
    "networks:edit": ("network_a", {"coordinator"}),
    "networks:workers": ("network_a", {"coordinator"}),
    "networks:phase": ("network_a", {"worker_a", "backup_a", "coordinator"}),
    "people:network_participants": ("network_a", {"worker_a", "backup_a", "coordinator"}),
    "people:list": ({}, {"worker_a", "backup_a", "worker_b", "coordinator", "outsider"}),
    "people:register": ("network_a", {"worker_a", "backup_a", "coordinator"}),
    "people:detail": ("anne", {"worker_a", "backup_a", "coordinator"}),
    "people:edit": ("anne", {"worker_a", "backup_a", "coordinator"}),
    "people:add_network": ("anne", {"worker_a", "backup_a", "coordinator"}),
    "people:partners": ({}, {"worker_a", "backup_a", "worker_b", "coordinator", "admin", "outsider"}),
    "people:partner_create": ({}, {"worker_a", "backup_a", "worker_b", "coordinator", "admin", "outsider"}),
    "people:partner_detail": ("partner", {"worker_a", "backup_a", "worker_b", "coordinator", "admin"}),
    "people:partner_edit": ("partner", {"coordinator", "admin"}),
    "accounts:locations": ({}, {"worker_a", "backup_a", "worker_b", "coordinator", "admin", "outsider"}),
    "accounts:location_create": ({}, {"coordinator", "admin"}),
    "accounts:location_edit": ("location", {"coordinator", "admin"}),
    "accounts:users": ({}, {"admin"}),
    "accounts:user_invite": ({}, {"admin"}),
    "accounts:user_edit": ("worker_a", {"admin"}),
    "accounts:organisation": ({}, {"admin"}),
}


@pytest.mark.parametrize("url_name", sorted(PAGES))
def test_role_page_matrix(world, client, url_name):
    target, allowed = PAGES[url_name]
    kwargs = {} if target == {} else {"pk": getattr(world, target).pk}
    if url_name in ("people:register", "people:network_participants"):
        kwargs = {"network_pk": world.network_a.pk}
    url = reverse(url_name, kwargs=kwargs)
    for name, user in world.personas().items():
        sign_in(client, user)
        status = client.get(url).status_code
        if name in allowed:
            assert status == 200, (name, url, status)
        else:
            assert status in (403, 404), (name, url, status)


def test_lists_of_another_organisation_show_none_of_ours(world, login):
    client = login(world.outsider)
    pages = [
        reverse(name) + "?fase="
        for name in ("networks:list", "people:list", "people:partners", "accounts:locations")
    ]
    for url in pages:
        page = client.get(url).content.decode()
        for ours in ("Soepgroep", "Creaclub", "Anne", "Bert", "Wijkteam Oost", "Buurthuis De Kroon"):
            assert ours not in page, (url, ours)
        assert any(theirs in page for theirs in ("Westgroep", "Olga", "Wijkteam West", "Buurthuis West")), url


def test_route_page_matrix(world, client):
    participation = world.anne.participations.get()
    url = reverse("people:route", kwargs={"pk": world.anne.pk, "participation_pk": participation.pk})
    for name, user in world.personas().items():
        sign_in(client, user)
        status = client.get(url).status_code
        assert (status == 200) == (name in {"worker_a", "backup_a", "coordinator"}), (name, status)


def test_anonymous_users_go_to_the_login_page(world, client):
    for url_name, (target, _allowed) in PAGES.items():
        kwargs = {} if target == {} else {"pk": getattr(world, target).pk}
        if url_name in ("people:register", "people:network_participants"):
            kwargs = {"network_pk": world.network_a.pk}
        response = client.get(reverse(url_name, kwargs=kwargs))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"], url_name


@override_settings(LANGUAGE_CODE="nl")
def test_a_user_without_role_sees_no_personal_data(world, client):
    sign_in(client, world.norole)
    page = client.get(reverse("home")).content.decode()
    assert "Anne" not in page and "Soepgroep" not in page
    assert "geen rol" in page


# ----- one network scope rule: networks_for / get_network, driven by the permission --------------------


def test_evaluators_reach_every_network_of_their_organisation_with_the_quality_permissions(world):
    from django.http import Http404

    ours = {world.network_a.pk, world.network_b.pk}
    for permission in ("quality.view", "quality.process"):
        assert set(access.networks_for(world.evaluator, permission).values_list("pk", flat=True)) == ours
        assert access.get_network(world.evaluator, world.network_b.pk, permission) == world.network_b
        with pytest.raises(Http404):  # another organisation's network stays out of reach
            access.get_network(world.evaluator, world.other_network.pk, permission)
    # ... and no network with any other permission, evaluation permissions included
    for permission in ("network.view", "quality.record", "evaluation.round.view", "evaluation.results"):
        assert not access.networks_for(world.evaluator, permission).exists(), permission
    # networks, not participants
    assert not access.participants_for(world.evaluator, "participant.view").exists()


def test_workers_keep_their_assigned_networks_with_the_quality_permissions(world):
    from django.http import Http404

    assert list(access.networks_for(world.worker_a, "quality.view")) == [world.network_a]
    assert list(access.networks_for(world.worker_b, "quality.view")) == [world.network_b]
    with pytest.raises(Http404):
        access.get_network(world.worker_a, world.network_b.pk, "quality.view")
    assert not access.networks_for(world.worker_a, "quality.process").exists()  # not theirs to hold
    assert not access.networks_for(world.researcher, "quality.view").exists()


def test_organisation_wide_permissions_name_roles_that_hold_them():
    for permission, roles in access.ORGANISATION_WIDE_PERMISSIONS.items():
        assert roles <= access.PERMISSIONS[permission], permission


def test_there_is_one_way_to_the_networks():
    assert not hasattr(access, "quality_networks_for") and not hasattr(access, "get_quality_network")
