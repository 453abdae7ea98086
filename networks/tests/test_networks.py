import datetime as dt

import pytest
from django.urls import reverse

from conftest import TODAY
from core.dates import add_months
from networks.models import AssignmentRole, Network, Phase, PhaseChange
from networks.selectors import phase_timeline
from networks.services import network_change_phase, network_create


def test_coordinator_opens_a_network_with_lead_and_backup(world, login):
    client = login(world.coordinator)
    response = client.post(
        reverse("networks:create"),
        {
            "name": "Wandelclub",
            "location": world.location.pk,
            "start_date": "2026-11-01",
            "target_size": 15,
            "weekly_hours": "4",
            "lead": world.worker_a.pk,
            "backup": world.worker_b.pk,
        },
    )
    network = Network.objects.get(name="Wandelclub")
    assert response.status_code == 302 and response["Location"] == reverse(
        "networks:detail", args=[network.pk]
    )
    assert network.phase == Phase.EXPLORATION and network.phase_since == dt.date(2026, 11, 1)
    roles = dict(network.assignments.values_list("user__username", "role"))
    assert roles == {"worker_a": AssignmentRole.LEAD, "worker_b": AssignmentRole.BACKUP}


def test_defaults_follow_the_intervention(world):
    network = world.network_a
    assert (network.target_size, network.weekly_hours) == (15, 4)
    assert [network.exploration_months, network.buildup_months, network.deepening_months] == [3, 9, 6]


def test_bad_input_keeps_what_was_typed_and_saves_nothing(world, login):
    client = login(world.coordinator)
    before = Network.objects.count()
    response = client.post(
        reverse("networks:create"),
        {
            "name": "Soepgroep",
            "start_date": "gisteren",
            "target_size": 2,
            "weekly_hours": "0",
            "lead": world.worker_a.pk,
            "backup": world.worker_a.pk,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"name", "start_date", "target_size", "weekly_hours", "backup"}
    assert 'value="gisteren"' in response.content.decode()
    assert Network.objects.count() == before


def test_the_same_worker_cannot_be_lead_and_backup_of_another_org(world, login):
    client = login(world.coordinator)
    response = client.post(
        reverse("networks:workers", args=[world.network_a.pk]), {"user": world.outsider.pk, "role": "backup"}
    )
    assert response.status_code == 200 and "user" in response.context["form"].errors


def test_assigning_a_new_lead_makes_the_old_lead_backup(world, login):
    client = login(world.coordinator)
    client.post(
        reverse("networks:workers", args=[world.network_a.pk]), {"user": world.worker_b.pk, "role": "lead"}
    )
    roles = dict(world.network_a.assignments.values_list("user__username", "role"))
    assert roles == {"worker_a": "backup", "backup_a": "backup", "worker_b": "lead"}


def test_worker_records_a_phase_change(world, login):
    client = login(world.worker_a)
    response = client.post(
        reverse("networks:phase", args=[world.network_a.pk]),
        {
            "phase": Phase.BUILDUP,
            "date": "2026-11-20",
            "note": "Eerste soepmiddag",
            "reason": "De groep groeit snel",
        },
    )
    assert response.status_code == 302
    world.network_a.refresh_from_db()
    assert (world.network_a.phase, world.network_a.phase_since) == (Phase.BUILDUP, dt.date(2026, 11, 20))
    assert PhaseChange.objects.filter(
        network=world.network_a, phase=Phase.BUILDUP, note="Eerste soepmiddag"
    ).exists()


def test_a_phase_change_in_the_future_is_refused(world, login):
    client = login(world.worker_a)
    response = client.post(
        reverse("networks:phase", args=[world.network_a.pk]),
        {"phase": Phase.BUILDUP, "date": "2026-12-01", "reason": "De groep is er klaar voor"},
    )
    assert response.status_code == 200 and "date" in response.context["form"].errors
    world.network_a.refresh_from_db()
    assert world.network_a.phase == Phase.EXPLORATION


def test_timeline_signals_a_phase_that_runs_late(world):
    network = world.network_a  # started 200 days ago, still exploring: planned 3 months
    rows = phase_timeline(network, list(network.phase_changes.all()), today=TODAY)
    current = rows[0]
    assert current.state == "current"
    assert current.days_over == (TODAY - add_months(network.start_date, 3)).days > 100
    assert current.planned_end == add_months(network.start_date, 3)
    assert [r.state for r in rows[1:]] == ["future"] * 4


def test_timeline_planned_against_actual(world):
    network = network_create(
        actor=None, organisation=world.org, name="Tuinclub", start_date=dt.date(2025, 1, 1)
    )
    network_change_phase(actor=None, network=network, phase=Phase.BUILDUP, date=dt.date(2025, 4, 1))
    network_change_phase(actor=None, network=network, phase=Phase.DEEPENING, date=dt.date(2026, 2, 1))
    rows = {r.phase: r for r in phase_timeline(network, list(network.phase_changes.all()), today=TODAY)}
    assert rows[Phase.EXPLORATION].days_over == 0 and rows[Phase.EXPLORATION].state == "done"
    assert rows[Phase.BUILDUP].planned_end == dt.date(2026, 1, 1)
    assert rows[Phase.BUILDUP].actual_end == dt.date(2026, 2, 1)
    assert rows[Phase.BUILDUP].days_over == 31  # planned 9 months from 1 April, took until 1 February
    # Deepening: six months from 1 February 2026 ended 1 August; today is 25 November.
    assert rows[Phase.DEEPENING].days_over == (TODAY - dt.date(2026, 8, 1)).days


def test_detail_page_shows_the_signal(world, login):
    page = login(world.worker_a).get(reverse("networks:detail", args=[world.network_a.pk])).content.decode()
    assert "langer dan gepland" in page


@pytest.mark.parametrize("extra_networks", [0, 8])
def test_list_query_count_does_not_grow(world, login, django_assert_num_queries, extra_networks):
    for i in range(extra_networks):
        network_create(
            actor=None, organisation=world.org, name=f"Extra {i}", start_date=TODAY, lead=world.worker_b
        )
    client = login(world.coordinator)
    # session, user, the networks, their counts, their workers; the needs-attention signals: the
    # networks' fields with their stamps, their kept signals, and for the networks whose signals were not
    # kept yet seven reads of their facts (quality.attention.network_facts) and storing them
    with django_assert_num_queries(15):
        response = client.get(reverse("networks:list"))
    assert response.status_code == 200
    assert len(response.context["networks"]) == 2 + extra_networks
    with django_assert_num_queries(7):  # again: nothing changed, so the signals as they were kept
        assert client.get(reverse("networks:list")).status_code == 200


def test_archived_networks_leave_the_daily_list(world, login):
    client = login(world.coordinator)
    client.post(reverse("networks:archive", args=[world.network_b.pk]))
    names = [n.name for n in login(world.coordinator).get(reverse("networks:list")).context["networks"]]
    assert names == ["Soepgroep"]
    assert Network.objects.filter(pk=world.network_b.pk).exists()


def test_archiving_is_not_possible_with_get(world, login):
    response = login(world.coordinator).get(reverse("networks:archive", args=[world.network_b.pk]))
    assert response.status_code == 405


def test_two_coordinators_editing_the_same_network_lose_nothing(world, client, django_user_model):
    from django.test import Client

    from accounts.services import user_invite
    from accounts.testing import sign_in

    other = user_invite(
        actor=None,
        organisation=world.org,
        username="coord2",
        email="c2@x.nl",
        roles=["coordinator"],
        password="x" * 12,
    )
    first, second = sign_in(client, world.coordinator), sign_in(Client(), other)
    url = reverse("networks:edit", args=[world.network_a.pk])
    form_a = first.get(url).context["form"].initial
    second.get(url)
    base = {k: v for k, v in form_a.items() if v is not None and k != "location"}
    base.update(location=world.location.pk, start_date=world.network_a.start_date.isoformat(), version=1)
    assert first.post(url, {**base, "name": "Soepgroep Oost"}).status_code == 302
    response = second.post(url, {**base, "name": "Soepgroep De Kroon"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Soepgroep Oost" in page and "Soepgroep De Kroon" in page
    world.network_a.refresh_from_db()
    assert world.network_a.name == "Soepgroep Oost"


def test_bad_input_on_the_network_form_keeps_what_was_typed_and_changes_nothing(world, login):
    """The form starts from the stored values (not bound to the network): a refused save leaves the
    network as it is stored, also the one the page shows around the form."""
    client = login(world.coordinator)
    url = reverse("networks:edit", args=[world.network_a.pk])
    stored = client.get(url).context["form"].initial
    data = {k: v for k, v in stored.items() if v is not None}
    data.update(start_date=world.network_a.start_date.isoformat(), name="Soepgroep Oost", target_size=3)
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "target_size" in form.errors and form["name"].value() == "Soepgroep Oost"
    assert response.context["network"].name == "Soepgroep"  # the page around the form: as stored
    assert "<h1>Soepgroep</h1>" in response.content.decode()
    world.network_a.refresh_from_db()
    stored = world.network_a
    assert (stored.name, stored.target_size, stored.version) == ("Soepgroep", 15, 1)


def test_the_overview_cards_change_as_soon_as_what_they_show_changes(world, login):
    """The cards' HTML is cached by a digest of what they show: every change gives fresh cards."""
    from people.services import participant_register

    def cards(response) -> str:
        page = response.content.decode()
        return page[page.index('<ul class="cards">') :].split("</ul>")[0]

    client = login(world.coordinator)
    url = reverse("networks:list")
    first = cards(client.get(url))
    assert cards(client.get(url)) == first  # served from the cache, the same
    participant_register(actor=world.worker_a, network=world.network_a, name="Nieuw", date=TODAY)
    world.worker_b.first_name = "Hernoemd"
    world.worker_b.save(update_fields=["first_name"])
    network_change_phase(actor=world.coordinator, network=world.network_b, phase=Phase.BUILDUP, date=TODAY)
    page = cards(client.get(url))
    assert "Hernoemd" in page and "Hernoemd" not in first

    def card(html: str, name: str) -> str:
        return next(c for c in html.split('<li class="card">') if f">{name}</a>" in c)

    assert card(page, world.network_a.name) != card(first, world.network_a.name)  # one more taking part
    assert "Opbouw" in card(page, world.network_b.name) and "Opbouw" not in card(first, world.network_b.name)
    english = login(world.coordinator)
    english.post(reverse("set_language"), {"language": "en", "next": url})
    assert "structural participants" in english.get(url).content.decode()


# ----- phase changes follow the intervention (docs/phases.md) ---------------------------------------


def test_the_phase_form_shows_what_the_intervention_expects_and_what_is_missing(world, login):
    client = login(world.worker_a)
    page = client.get(reverse("networks:phase", args=[world.network_a.pk]))
    assert page.status_code == 200
    (step,) = page.context["steps"]  # the next step: Opbouw
    assert step.phase == Phase.BUILDUP
    checks = {check.key: check for check in step.checks}
    assert checks["location"].done and "Buurthuis De Kroon" in checks["location"].detail
    assert not checks["first_group"].done and checks["first_group"].detail == "1 deelnemer doet mee"
    assert not checks["first_activity"].done and not checks["logbook"].done
    html = page.content.decode()
    assert "Voor Opbouw" in html and "Er is een plek gekozen waar de groep kan samenkomen." in html
    # Moving on while things are missing needs a reason; nothing changes without one, the input is kept.
    response = client.post(
        reverse("networks:phase", args=[world.network_a.pk]),
        {"phase": Phase.BUILDUP, "date": "2026-11-20", "note": "Bewaard"},
    )
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert (
        "ontbreken nog" in response.context["form"].errors["reason"][0]
        and "Bewaard" in response.content.decode()
    )
    world.network_a.refresh_from_db()
    assert world.network_a.phase == Phase.EXPLORATION


def test_another_step_is_shown_on_request(world, login, django_assert_num_queries):
    client = login(world.worker_a)
    client.get(reverse("home"))
    # session, user, network, the four steps' reads once (quality.phase_checks.progress): 24 without sharing
    with django_assert_num_queries(17):
        page = client.get(reverse("networks:phase", args=[world.network_a.pk]) + "?fase=provision")
    steps = page.context["steps"]
    assert [s.phase for s in steps] == [Phase.BUILDUP, Phase.DEEPENING, Phase.EVALUATION, Phase.PROVISION]
    assert {c.key for c in steps[-1].checks} == {"final", "interviews", "continuation"}
    assert [str(label) for label in page.context["skipped"]] == [
        "Opbouw",
        "Verdieping",
        "Evaluatie en overgang",
    ]


def test_skipping_a_phase_needs_a_reason_which_the_timeline_keeps(world, login):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        network_change_phase(
            actor=world.coordinator, network=world.network_b, phase=Phase.DEEPENING, date=TODAY
        )
    assert "reason" in error.value.message_dict
    client = login(world.coordinator)
    url = reverse("networks:phase", args=[world.network_b.pk])
    response = client.post(url, {"phase": Phase.DEEPENING, "date": TODAY.isoformat()})
    assert (
        "reason" in response.context["form"].errors
        and "Opbouw" in response.context["form"].errors["reason"][0]
    )
    response = client.post(
        url, {"phase": Phase.DEEPENING, "date": TODAY.isoformat(), "reason": "Samengegaan met de Soepgroep"}
    )
    assert response.status_code == 302
    page = client.get(reverse("networks:detail", args=[world.network_b.pk]))
    rows = {row.phase: row for row in page.context["timeline"]}
    assert rows[Phase.BUILDUP].state == "skipped"
    assert rows[Phase.BUILDUP].skip_reason == "Samengegaan met de Soepgroep"
    assert "overgeslagen: Samengegaan met de Soepgroep" in page.content.decode()


def test_a_step_back_or_a_stop_needs_no_reason(world):
    network_change_phase(actor=world.coordinator, network=world.network_b, phase=Phase.STOPPED, date=TODAY)
    world.network_b.refresh_from_db()
    assert world.network_b.phase == Phase.STOPPED


def test_the_network_page_ticks_the_phase_tasks_the_app_knows(world, login):
    from practice.models import LogCategory
    from practice.services import logentry_create

    client = login(world.worker_a)
    url = reverse("networks:detail", args=[world.network_a.pk])
    tasks = {task.key: task for task in client.get(url).context["tasks"]}
    assert list(tasks) == ["location", "first_activity", "first_group", "partners", "logbook"]
    assert tasks["location"].done and not tasks["partners"].done and not tasks["logbook"].done
    logentry_create(
        actor=world.worker_a,
        network=world.network_a,
        date=TODAY,
        category=LogCategory.PARTNERS,
        text="Kennisgemaakt met het wijkteam",
    )
    page = client.get(url)
    tasks = {task.key: task for task in page.context["tasks"]}
    assert tasks["partners"].done and tasks["logbook"].done
    assert "Taken van de fase Verkenning" in page.content.decode()


def test_a_contact_moment_with_a_partner_ticks_the_partners_task(world, login):
    from people.models import ContactKind
    from people.services import partner_contact_record

    client = login(world.worker_a)
    url = reverse("networks:detail", args=[world.network_a.pk])
    assert not {t.key: t for t in client.get(url).context["tasks"]}["partners"].done
    partner_contact_record(
        actor=world.worker_a,
        partner=world.partner,
        network=world.network_a,
        date=TODAY,
        kind=ContactKind.FIRST,
        summary="Kennismaking met de buurtvereniging",
    )
    task = {t.key: t for t in client.get(url).context["tasks"]}["partners"]
    assert task.done and "1 contactmoment met een partner" in str(task.detail)


def test_the_participants_page_s_old_address_still_leads_there(world, login):
    old = f"/netwerken/{world.network_a.pk}/deelnemers/"
    assert reverse("networks:participants_moved", args=[world.network_a.pk]) == old
    response = login(world.worker_a).get(old)
    assert response.status_code == 301
    assert response["Location"] == reverse("people:network_participants", args=[world.network_a.pk])
    # Someone who does not reach the network learns nothing from the old address either.
    assert login(world.worker_b).get(old).status_code == 404
