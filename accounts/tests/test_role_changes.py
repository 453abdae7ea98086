"""A change of roles: it ends the user's sessions, the second factor is asked from the roles as they are
now (never an answer kept in the session), nobody changes their own roles, and every change is audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from accounts.services import user_set_roles
from accounts.testing import sign_in
from privacy.models import AuditEntry


def test_a_promotion_ends_the_users_live_session(world):
    worker = sign_in(Client(), world.worker_a)
    assert worker.get(reverse("networks:list")).status_code == 200
    user_set_roles(actor=world.admin, user=world.worker_a, roles=[Role.WORKER, Role.COORDINATOR])
    response = worker.get(reverse("networks:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_second_factor_is_asked_from_the_roles_as_they_are_now(world):
    """Even a session that survived the change (here: one that still carries an old cached "no code
    needed" answer) asks for the code at the next request."""
    client = sign_in(Client(), world.worker_a, second_factor=False)
    session = client.session
    session["_2fa_needed"] = False  # what the old middleware kept for the whole session
    session.save()
    assert client.get(reverse("networks:list")).status_code == 200
    world.worker_a.role_assignments.create(role=Role.COORDINATOR)  # behind the service's back
    world.worker_a.role_cache = "coordinator worker"
    world.worker_a.save(update_fields=["role_cache"])
    client.force_login(world.worker_a)  # a session with the new hash, code not given
    response = client.get(reverse("networks:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:2fa_enrol"))


def test_nobody_changes_their_own_roles(world, login):
    client = login(world.admin)
    url = reverse("accounts:user_edit", args=[world.admin.pk])
    form = {"first_name": "A", "email": "a@x.nl", "is_active": "on", "roles": ["admin", "coordinator"]}
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Een andere beheerder moet dat doen" in response.content.decode()
    world.admin.refresh_from_db()
    assert world.admin.roles == {Role.ADMIN}
    with pytest.raises(ValidationError):
        user_set_roles(actor=world.admin, user=world.admin, roles=[Role.ADMIN, Role.COORDINATOR])
    world.admin.refresh_from_db()
    assert world.admin.roles == {Role.ADMIN}


@pytest.mark.parametrize("persona", ["coordinator", "worker_a", "outsider"])
def test_only_an_admin_of_the_organisation_grants_roles(world, persona):
    with pytest.raises(PermissionDenied):
        user_set_roles(actor=getattr(world, persona), user=world.worker_b, roles=[Role.COORDINATOR])
    world.worker_b.refresh_from_db()
    assert world.worker_b.roles == {Role.WORKER}


def test_another_admin_grants_a_role_and_it_is_audited(world, login):
    client = login(world.admin)
    url = reverse("accounts:user_edit", args=[world.worker_b.pk])
    form = {"first_name": "B", "email": "b@x.nl", "is_active": "on", "roles": ["worker", "coordinator"]}
    assert client.post(url, form).status_code == 302
    entry = AuditEntry.objects.filter(action="roles.changed", object_id=str(world.worker_b.pk)).first()
    assert entry.actor_id == world.admin.pk  # the newest
    assert entry.detail == "worker -> coordinator,worker"
