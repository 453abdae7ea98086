import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.models import Location, Organisation, Role, User
from accounts.services import user_invite
from people.models import Partner


def test_admin_creates_a_user_with_roles_and_gets_a_password_link(world, login):
    client = login(world.admin)
    response = client.post(
        reverse("accounts:user_invite"),
        {
            "username": "fleur",
            "first_name": "Fleur",
            "email": "fleur@oost.example",
            "roles": ["worker", "coordinator"],
        },
    )
    assert response.status_code == 200
    fleur = User.objects.get(username="fleur")
    assert fleur.organisation == world.org and fleur.roles == {"worker", "coordinator"}
    assert not fleur.has_usable_password()
    link = response.context["link"]
    # The invited user chooses a password through the link (Django's single-use token).
    from django.test import Client

    anonymous = Client()
    form_page = anonymous.get(link, follow=True)
    assert form_page.context["validlink"]
    done = anonymous.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "soep-op-dinsdag-42", "new_password2": "soep-op-dinsdag-42"},
    )
    assert done.status_code == 302
    fleur.refresh_from_db()
    assert fleur.check_password("soep-op-dinsdag-42")


def test_a_taken_username_is_refused_and_input_kept(world, login):
    response = login(world.admin).post(
        reverse("accounts:user_invite"), {"username": "worker_a", "first_name": "Wim", "email": "wim@x.nl"}
    )
    assert "username" in response.context["form"].errors and 'value="Wim"' in response.content.decode()


def test_admin_changes_roles(world, login):
    client = login(world.admin)
    url = reverse("accounts:user_edit", args=[world.worker_b.pk])
    response = client.post(
        url, {"first_name": "B", "email": "b@x.nl", "is_active": "on", "roles": ["worker", "evaluator"]}
    )
    assert response.status_code == 302
    world.worker_b.refresh_from_db()
    assert world.worker_b.roles == {Role.WORKER, Role.EVALUATOR}


def test_admin_cannot_lock_themselves_out(world, login):
    client = login(world.admin)
    url = reverse("accounts:user_edit", args=[world.admin.pk])
    response = client.post(
        url, {"first_name": "A", "email": "a@x.nl", "is_active": "on", "roles": ["worker"]}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    world.admin.refresh_from_db()
    assert world.admin.roles == {Role.ADMIN}


@pytest.mark.parametrize("extra", [0, 10])
def test_user_list_query_count_is_fixed(world, login, django_assert_num_queries, extra):
    for i in range(extra):
        user_invite(
            actor=None, organisation=world.org, username=f"u{i}", email=f"u{i}@x.nl", roles=["worker"]
        )
    client = login(world.admin)
    with django_assert_num_queries(4):
        response = client.get(reverse("accounts:users"))
    page = response.content.decode()
    assert "worker_a" in page and "outsider" not in page


@pytest.mark.parametrize("extra", [0, 10])
def test_location_and_partner_lists_query_count_is_fixed(world, login, django_assert_num_queries, extra):
    for i in range(extra):
        Location.objects.create(organisation=world.org, name=f"Buurthuis {i}")
        Partner.objects.create(organisation=world.org, name=f"Partner {i}", kind="other")
    client = login(world.coordinator)
    with django_assert_num_queries(3):
        client.get(reverse("accounts:locations"))
    with django_assert_num_queries(4):  # the partners' networks in one more query
        client.get(reverse("people:partners"))


def test_location_edit_conflict_keeps_both_versions(world, login):
    from django.test import Client

    from accounts.testing import sign_in

    first, second = login(world.coordinator), sign_in(Client(), world.admin)
    url = reverse("accounts:location_edit", args=[world.location.pk])
    assert first.post(url, {"name": "De Kroon", "address": "Kroonstraat 1", "version": 1}).status_code == 302
    response = second.post(url, {"name": "Buurthuis De Kroon", "address": "Kroonstraat 12", "version": 1})
    assert response.status_code == 409
    assert "Kroonstraat 1" in response.content.decode() and "Kroonstraat 12" in response.content.decode()


def test_bad_input_on_the_location_form_keeps_what_was_typed_and_changes_nothing(world, login):
    """The form starts from the stored values, not bound to the location: the page's title stays the
    stored name while the typed one is refused."""
    Location.objects.create(organisation=world.org, name="Wijkcentrum")
    client = login(world.coordinator)
    url = reverse("accounts:location_edit", args=[world.location.pk])
    response = client.post(url, {"name": "wijkcentrum", "address": "Kroonstraat 12", "version": 1})
    assert response.status_code == 200 and "name" in response.context["form"].errors
    page = response.content.decode()
    assert "<h1>Buurthuis De Kroon</h1>" in page and 'value="Kroonstraat 12"' in page
    world.location.refresh_from_db()
    assert (world.location.name, world.location.address, world.location.version) == (
        "Buurthuis De Kroon",
        "",
        1,
    )


def test_bad_input_on_the_organisation_settings_keeps_what_was_typed_and_changes_nothing(world, login):
    client = login(world.admin)
    url = reverse("accounts:organisation")
    assert client.get(url).context["form"]["name"].value() == world.org.name
    response = client.post(url, {"name": "Welzijn Anders", "retention_months": 0})
    assert response.status_code == 200 and "retention_months" in response.context["form"].errors
    assert response.context["user"].organisation.name == world.org.name  # the signed-in user's, as stored
    assert 'value="Welzijn Anders"' in response.content.decode()
    world.org.refresh_from_db()
    assert world.org.name != "Welzijn Anders" and world.org.retention_months == 24
    assert client.post(url, {"name": "Welzijn Anders", "retention_months": 12}).status_code == 302
    world.org.refresh_from_db()
    assert (world.org.name, world.org.retention_months) == ("Welzijn Anders", 12)


def test_create_organisation_command(db, capsys):
    call_command(
        "create_organisation",
        "Welzijn Noord",
        slug="noord",
        admin_username="noordbeheer",
        admin_email="b@noord.nl",
    )
    admin = User.objects.get(username="noordbeheer")
    assert admin.organisation == Organisation.objects.get(slug="noord") and admin.roles == {Role.ADMIN}
    assert "/account/wachtwoord/" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command(
            "create_organisation", "Welzijn Noord 2", slug="noord", admin_username="x", admin_email="x@x.nl"
        )
