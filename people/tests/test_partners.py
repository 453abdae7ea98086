"""The exploration phase: workers add partners, link them to their networks and log contact moments."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import TODAY
from people.models import ContactKind, Partner, PartnerContact, Stage
from people.selectors import contacts_for_network, partners_for_network
from people.services import participant_register, partner_contact_record, partner_create, route_record


def test_a_worker_adds_a_partner_linked_to_their_network(world, login):
    client = login(world.worker_a)
    response = client.post(
        reverse("people:partner_create"),
        {
            "name": "Huisartsenpraktijk Oost",
            "kind": "poh_ggz",
            "contact": "Fatima, 020-1234567",
            "neighbourhood": "Oosterpark",
            "networks": [world.network_a.pk],
        },
    )
    partner = Partner.objects.get(name="Huisartsenpraktijk Oost")
    assert response.status_code == 302 and response["Location"] == reverse(
        "people:partner_detail", args=[partner.pk]
    )
    assert list(partner.networks.all()) == [world.network_a]
    assert (partner.neighbourhood, partner.created_by) == ("Oosterpark", world.worker_a)


def test_a_worker_cannot_link_a_partner_to_a_network_they_do_not_work_in(world, login):
    client = login(world.worker_a)
    response = client.post(
        reverse("people:partner_create"),
        {"name": "Buurtsportcoach", "kind": "other", "networks": [world.network_b.pk]},
    )
    assert response.status_code == 200 and "networks" in response.context["form"].errors
    assert not Partner.objects.filter(name="Buurtsportcoach").exists()


def test_a_duplicate_partner_name_is_refused_with_the_input_kept(world, login):
    client = login(world.worker_a)
    response = client.post(
        reverse("people:partner_create"), {"name": "wijkteam oost", "kind": "other", "contact": "Jan"}
    )
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert "Jan" in response.content.decode()


def test_workers_cannot_edit_the_organisations_partners(world, login):
    client = login(world.worker_a)
    assert client.get(reverse("people:partner_edit", args=[world.partner.pk])).status_code == 403


def test_editing_keeps_links_to_networks_the_editor_cannot_change(world, login):
    world.partner.networks.add(world.network_b)
    client = login(world.admin)  # may edit partners, reaches no network
    response = client.post(
        reverse("people:partner_edit", args=[world.partner.pk]),
        {
            "name": "Wijkteam Oost",
            "kind": "neighbourhood_team",
            "contact": "Els",
            "version": world.partner.version,
        },
    )
    assert response.status_code == 302
    world.partner.refresh_from_db()
    assert world.partner.contact == "Els" and list(world.partner.networks.all()) == [world.network_b]


def test_partner_form_starts_from_the_stored_partner_and_bad_input_changes_nothing(world, login):
    world.partner.networks.add(world.network_a, world.network_b)
    client = login(world.coordinator)  # reaches both networks
    url = reverse("people:partner_edit", args=[world.partner.pk])
    initial = client.get(url).context["form"].initial
    assert sorted(initial["networks"]) == sorted([world.network_a.pk, world.network_b.pk])
    assert initial["version"] == world.partner.version
    partner_create(organisation=world.org, name="Buurthuis Noord", kind="other")
    response = client.post(
        url,
        {
            "name": "buurthuis noord",
            "kind": "neighbourhood_team",
            "contact": "Els",
            "version": world.partner.version,
        },
    )
    assert response.status_code == 200 and "name" in response.context["form"].errors
    page = response.content.decode()
    assert "<h1>Wijkteam Oost</h1>" in page and 'value="Els"' in page
    stored = Partner.objects.get(pk=world.partner.pk)
    assert (stored.name, stored.contact, stored.version) == ("Wijkteam Oost", "", world.partner.version)
    assert set(stored.networks.all()) == {world.network_a, world.network_b}


def test_two_coordinators_editing_a_partner_lose_nothing(world, login):
    first, second = login(world.coordinator), login(world.admin)
    url = reverse("people:partner_edit", args=[world.partner.pk])
    data = {"name": "Wijkteam Oost", "kind": "neighbourhood_team", "version": world.partner.version}
    assert first.post(url, data | {"contact": "Els"}).status_code == 302
    response = second.post(url, data | {"contact": "Fatma"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Els" in page and "Fatma" in page
    assert Partner.objects.get(pk=world.partner.pk).contact == "Els"


def test_logging_a_contact_moment_links_the_partner(world, login):
    client = login(world.worker_a)
    url = reverse("people:network_partner_contact", args=[world.network_a.pk])
    response = client.post(
        url,
        {
            "partner": world.partner.pk,
            "date": (TODAY - dt.timedelta(days=2)).isoformat(),
            "kind": ContactKind.FIRST,
            "with_whom": "Ria (wijkcoach)",
            "summary": "Vangnetwerk uitgelegd; zij kent twee bewoners.",
            "follow_up": "Flyer sturen",
            "follow_up_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    contact = PartnerContact.objects.get()
    assert (contact.network, contact.recorded_by, contact.with_whom) == (
        world.network_a,
        world.worker_a,
        "Ria (wijkcoach)",
    )
    assert world.network_a in world.partner.networks.all()
    page = client.get(reverse("people:network_partners", args=[world.network_a.pk])).content.decode()
    assert "Flyer sturen" in page and "Ria (wijkcoach)" in page


def test_a_contact_in_the_future_or_without_content_is_refused(world, login):
    client = login(world.worker_a)
    url = reverse("people:network_partner_contact", args=[world.network_a.pk])
    response = client.post(
        url,
        {
            "partner": world.partner.pk,
            "date": (TODAY + dt.timedelta(days=1)).isoformat(),
            "kind": ContactKind.FIRST,
            "summary": "",
            "with_whom": "Ria",
        },
    )
    assert response.status_code == 400
    errors = response.context["contact_form"].errors
    assert "date" in errors and "summary" in errors
    assert not PartnerContact.objects.exists()


def test_a_follow_up_can_be_marked_done(world, login):
    contact = partner_contact_record(
        actor=world.worker_a,
        partner=world.partner,
        network=world.network_a,
        date=TODAY,
        kind=ContactKind.FIRST,
        summary="Eerste gesprek",
        follow_up="Terugbellen",
    )
    client = login(world.backup_a)
    response = client.post(reverse("people:network_partner_done", args=[world.network_a.pk, contact.pk]))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.follow_up_done == TODAY


def test_contacts_are_scoped_to_the_workers_networks(world, login):
    contact = partner_contact_record(
        actor=world.worker_a,
        partner=world.partner,
        network=world.network_a,
        date=TODAY,
        kind=ContactKind.FIRST,
        summary="Eerste gesprek",
        follow_up="Terugbellen",
    )
    client = login(world.worker_b)
    assert client.get(reverse("people:network_partners", args=[world.network_a.pk])).status_code == 404
    assert (
        client.post(reverse("people:network_partner_done", args=[world.network_a.pk, contact.pk])).status_code
        == 404
    )
    # A contact of network_a through network_b's address is not found either.
    assert (
        client.post(reverse("people:network_partner_done", args=[world.network_b.pk, contact.pk])).status_code
        == 404
    )
    page = client.get(reverse("people:partner_detail", args=[world.partner.pk])).content.decode()
    assert "Eerste gesprek" not in page
    for user in (world.evaluator, world.admin):
        assert (
            login(user).get(reverse("people:network_partners", args=[world.network_a.pk])).status_code == 403
        )


def test_linking_and_unlinking_a_partner(world, login):
    client = login(world.worker_a)
    url = reverse("people:network_partner_link", args=[world.network_a.pk])
    assert client.post(url, {"partner": world.partner.pk}).status_code == 302
    assert world.network_a in world.partner.networks.all()
    assert client.post(url, {"ontkoppel": world.partner.pk}).status_code == 302
    assert world.network_a not in world.partner.networks.all()
    assert client.post(url, {"partner": world.other_partner.pk}).status_code == 400
    assert client.post(url, {"ontkoppel": world.other_partner.pk}).status_code == 404


def test_referrals_in_and_out_name_the_partner(world, login):
    person = participant_register(
        actor=world.worker_a,
        network=world.network_a,
        name="Gerrit",
        date=TODAY - dt.timedelta(days=60),
        invited_via="partner",
        invited_by_partner=world.partner,
    )
    dagbesteding = Partner.objects.create(organisation=world.org, name="De Werkplaats", kind="care")
    route_record(
        actor=world.worker_a,
        participation=person.participations.get(),
        stage=Stage.REFERRED,
        date=TODAY,
        referral_target="day_care",
        partner=dagbesteding,
    )
    client = login(world.worker_a)
    page_in = client.get(reverse("people:partner_detail", args=[world.partner.pk])).content.decode()
    page_out = client.get(reverse("people:partner_detail", args=[dagbesteding.pk])).content.decode()
    assert "Gerrit" in page_in and "Gerrit" in page_out
    # Someone referred by the partner must name it.
    response = client.post(
        reverse("people:register", args=[world.network_a.pk]), {"name": "Zeynep", "invited_via": "partner"}
    )
    assert "invited_by_partner" in response.context["form"].errors


def test_selectors_for_the_network_page(world):
    other = Partner.objects.create(organisation=world.org, name="GGZ", kind="care")
    partner_contact_record(
        actor=world.worker_a,
        partner=other,
        network=world.network_a,
        date=TODAY,
        kind=ContactKind.MEETING,
        summary="Overleg",
    )
    world.partner.networks.add(world.network_a)
    rows = partners_for_network(world.network_a)
    assert [(p.name, p.contact_count) for p in rows] == [("GGZ", 1), ("Wijkteam Oost", 0)]
    assert [c.summary for c in contacts_for_network(world.network_a)] == ["Overleg"]
    assert partners_for_network(world.network_b) == [] and contacts_for_network(world.network_b) == []


def test_the_network_partner_page_has_a_fixed_number_of_queries(world, login):
    client = login(world.worker_a)
    url = reverse("people:network_partners", args=[world.network_a.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(4):
        partner = Partner.objects.create(organisation=world.org, name=f"Partner {i}", kind="other")
        partner_contact_record(
            actor=world.worker_a,
            partner=partner,
            network=world.network_a,
            date=TODAY,
            kind=ContactKind.FIRST,
            summary="Kennismaking",
            follow_up="Bellen",
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(few) == len(many)


def test_the_two_forms_of_the_network_partner_page_keep_their_fields_apart(world, login):
    """Both forms have a "partner" field; each label and each error-summary link finds its own."""
    import re

    client = login(world.worker_a)
    url = reverse("people:network_partners", args=[world.network_a.pk])
    for page in (
        client.get(url),
        client.post(reverse("people:network_partner_link", args=[world.network_a.pk]), {"partner": ""}),
        client.post(reverse("people:network_partner_contact", args=[world.network_a.pk]), {"partner": ""}),
    ):
        ids = re.findall(r'\bid="([^"]+)"', page.content.decode())
        assert "id_partner" in ids and "id_link_partner" in ids
        assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
