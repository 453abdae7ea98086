import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import TODAY
from support.models import SupportKind, SupportObservation

NO_ACCESS = {
    "evaluator": 403,
    "researcher": 403,
    "admin": 403,
    "norole": 403,
    "worker_b": 404,
    "outsider": 404,
}


def _url(name, world, *args):
    return reverse(name, args=[world.network_a.pk, *args])


# ----- the support page -------------------------------------------------------------------------


def test_the_page_shows_the_sociogram_figures_and_table(world, group, record, login):
    record(group["anne"], [group["janneke"]])
    record(group["janneke"], [group["anne"]], kind=SupportKind.EMOTIONAL, outside_hours=True)
    record(group["kees"], [], to_group=True)
    response = login(world.worker_a).get(_url("support:network", world))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert "marker-start=" in html  # the mutual pair is drawn with arrowheads at both ends
    assert "Freeman" in html
    ties = response.context["period"].tie_rows
    assert [(t.giver, t.receiver, t.mutual) for t in ties] == [("A.", "J.", True), ("J.", "A.", True)]
    figures = {f.key: f for f in response.context["period"].figures}
    assert figures["outside_hours"].value == pytest.approx(1 / 3)
    assert figures["group_support"].value == 1


def test_names_appear_in_the_sociogram_only_with_consent(world, group, record, login, monkeypatch):
    from core import hooks

    record(group["anne"], [group["janneke"]])
    monkeypatch.setattr(hooks, "first_name_consent_ids", lambda ids: {group["anne"].pk} & set(ids))
    html = login(world.worker_a).get(_url("support:network", world)).context["sociogram"]
    assert ">Anne</text>" in html
    assert ">J.</text>" in html and "Janneke" not in html


def test_the_period_and_kind_can_be_chosen(world, group, record, login):
    record(group["anne"], [group["janneke"]], days_ago=200 - 20)  # outside the default three months
    record(group["kees"], [group["henk"]], kind=SupportKind.EMOTIONAL)
    client = login(world.worker_a)
    default = client.get(_url("support:network", world)).context["period"]
    assert default.graph.number_of_edges() == 1
    wide = client.get(_url("support:network", world), {"van": "2026-01-01", "tot": "2026-11-25"}).context[
        "period"
    ]
    assert wide.graph.number_of_edges() == 2
    practical = client.get(
        _url("support:network", world), {"van": "2026-01-01", "tot": "2026-11-25", "soort": "practical"}
    ).context["period"]
    assert list(practical.graph.edges) == [(group["anne"].pk, group["janneke"].pk)]


def test_a_reversed_period_gets_a_message_and_the_default(world, group, login):
    response = login(world.worker_a).get(
        _url("support:network", world), {"van": "2026-11-01", "tot": "2026-10-01"}
    )
    assert response.status_code == 200
    assert "Het begin van de periode moet vóór het einde liggen." in response.content.decode()
    assert response.context["period"].end == TODAY


@pytest.mark.parametrize("persona", ["worker_a", "backup_a", "coordinator"])
def test_the_networks_workers_and_coordinators_see_it(world, login, persona):
    assert login(getattr(world, persona)).get(_url("support:network", world)).status_code == 200


@pytest.mark.parametrize("persona,status", NO_ACCESS.items())
def test_others_do_not_see_it(world, login, persona, status):
    assert login(getattr(world, persona)).get(_url("support:network", world)).status_code == status


def test_anonymous_is_sent_to_log_in(world, client):
    assert client.get(_url("support:network", world)).status_code == 302


def test_the_network_tab_links_to_the_page(world, login):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = world.worker_a
    html = Template("{% load network_tabs %}{% network_tabs network %}").render(
        Context({"request": request, "network": world.network_a})
    )
    assert _url("support:network", world) in html


def _add_history(world, group, record, rounds: int) -> None:
    people = list(group.values())
    for i in range(rounds):
        giver = people[i % len(people)]
        others = [p for p in people if p != giver][: 1 + i % 3]
        record(giver, others, days_ago=1 + (i * 7) % 180, to_group=i % 4 == 0, outside_hours=i % 2 == 0)


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, {"van": "2026-05-01", "tot": "2026-11-25"}).status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_history(world, group, record, login, django_assert_num_queries):
    client = login(world.worker_a)
    url = _url("support:network", world)
    _add_history(world, group, record, 2)
    small = _count_queries(client, url)
    _add_history(world, group, record, 60)
    assert SupportObservation.objects.count() == 62
    with django_assert_num_queries(small):
        client.get(url, {"van": "2026-05-01", "tot": "2026-11-25"})
    # session and user, network, 2 x (participations, route events, observations, ties), the consent
    # lookup and the audit entry of the privacy app: a small fixed number.
    assert small <= 16


# ----- recording ----------------------------------------------------------------------------------


def _post(client, world, data, query=""):
    return client.post(_url("support:record", world) + query, data)


def test_recording_takes_one_form(world, group, login):
    data = {
        "date": "2026-11-24",
        "giver": group["anne"].pk,
        "receivers": [group["kees"].pk, group["henk"].pk],
        "kind": "practical",
        "outside_hours": "1",
        "note": "Boodschappen gedaan",
    }
    response = _post(login(world.worker_a), world, data)
    assert response.status_code == 302 and response["Location"] == _url("support:network", world)
    obs = SupportObservation.objects.get()
    assert obs.outside_hours and obs.ties.count() == 2 and obs.recorded_by == world.worker_a


def test_bad_input_gets_a_message_at_the_field_and_keeps_what_was_typed(world, group, login):
    data = {
        "date": "2026-11-24",
        "giver": group["anne"].pk,
        "receivers": [group["anne"].pk],
        "kind": "practical",
        "outside_hours": "0",
        "note": "Samen gewandeld",
    }
    response = _post(login(world.worker_a), world, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "kan zichzelf niet steunen" in form.errors["receivers"][0]
    assert 'value="Samen gewandeld"' in response.content.decode()
    assert SupportObservation.objects.count() == 0


def test_a_future_date_gets_a_message(world, group, login):
    data = {
        "date": "2026-11-26",
        "giver": group["anne"].pk,
        "receivers": [group["kees"].pk],
        "kind": "emotional",
        "outside_hours": "0",
    }
    response = _post(login(world.worker_a), world, data)
    assert response.context["form"].errors["date"] == [
        "Deze datum ligt in de toekomst; kies vandaag (25 november 2026) of een eerdere dag."
    ]
    assert SupportObservation.objects.count() == 0


def test_someone_of_another_network_cannot_be_chosen(world, group, login):
    data = {
        "date": "2026-11-24",
        "giver": group["anne"].pk,
        "receivers": [world.bert.pk],
        "kind": "emotional",
        "outside_hours": "0",
    }
    response = _post(login(world.worker_a), world, data)
    assert "receivers" in response.context["form"].errors
    assert SupportObservation.objects.count() == 0


def test_a_service_refusal_lands_at_the_field(world, group, login):
    from people.services import participant_register

    nel = participant_register(actor=world.worker_a, network=world.network_a, name="Nel", date=TODAY)
    data = {
        "date": "2026-11-01",
        "giver": group["anne"].pk,
        "receivers": [nel.pk],
        "kind": "emotional",
        "outside_hours": "0",
    }
    response = _post(login(world.worker_a), world, data)
    assert "Nel hoorde op 1 nov 2026 niet bij de groep." in response.context["form"].errors["receivers"]


def test_the_date_is_prefilled_from_the_query(world, group, login):
    client = login(world.worker_a)
    assert client.get(_url("support:record", world)).context["form"].initial["date"] == TODAY
    response = client.get(_url("support:record", world), {"datum": "2026-11-17"})
    assert response.context["form"].initial["date"] == dt.date(2026, 11, 17)
    response = client.get(_url("support:record", world), {"datum": "2027-01-01"})
    assert response.context["form"].initial["date"] == TODAY  # never a future date
    response = client.get(_url("support:record", world), {"sessie": "999999"})
    assert response.context["form"].initial["date"] == TODAY  # unknown session: today


def test_after_saving_it_returns_to_a_local_next_page_only(world, group, login):
    data = {
        "date": "2026-11-24",
        "giver": group["anne"].pk,
        "receivers": [group["kees"].pk],
        "kind": "emotional",
        "outside_hours": "0",
    }
    client = login(world.worker_a)
    assert _post(client, world, {**data, "next": "/praktijk/sessie/3/"})["Location"] == "/praktijk/sessie/3/"
    assert _post(client, world, {**data, "next": "https://evil.example/"})["Location"] == _url(
        "support:network", world
    )


@pytest.mark.parametrize("persona,status", NO_ACCESS.items())
def test_others_cannot_record(world, group, login, persona, status):
    data = {
        "date": "2026-11-24",
        "giver": group["anne"].pk,
        "receivers": [group["kees"].pk],
        "kind": "emotional",
        "outside_hours": "0",
    }
    client = login(getattr(world, persona))
    assert client.get(_url("support:record", world)).status_code == status
    assert _post(client, world, data).status_code == status
    assert SupportObservation.objects.count() == 0


def test_the_backup_worker_can_record(world, group, login):
    assert login(world.backup_a).get(_url("support:record", world)).status_code == 200


# ----- removing ----------------------------------------------------------------------------------


def test_removing_an_observation(world, group, record, login):
    obs = record(group["anne"], [group["kees"]])
    client = login(world.backup_a)
    assert client.get(reverse("support:delete", args=[obs.pk])).status_code == 405
    assert client.post(reverse("support:delete", args=[obs.pk])).status_code == 302
    assert not SupportObservation.objects.exists()


@pytest.mark.parametrize("persona,status", NO_ACCESS.items())
def test_others_cannot_remove(world, group, record, login, persona, status):
    obs = record(group["anne"], [group["kees"]])
    assert login(getattr(world, persona)).post(reverse("support:delete", args=[obs.pk])).status_code == status
    assert SupportObservation.objects.filter(pk=obs.pk).exists()


# ----- one participant -----------------------------------------------------------------------------


def test_a_participants_support_by_kind(world, group, record, login):
    record(group["anne"], [group["kees"], group["henk"]], kind=SupportKind.PRACTICAL)
    record(group["kees"], [group["anne"]], kind=SupportKind.EMOTIONAL)
    record(group["anne"], [], to_group=True, kind=SupportKind.COMPANIONSHIP)
    response = login(world.worker_a).get(_url("support:participant", world, group["anne"].pk))
    row = response.context["row"]
    assert row.gave == {"emotional": 0, "companionship": 1, "practical": 1}
    assert row.received == {"emotional": 1, "companionship": 0, "practical": 0}
    assert row.to_group == 1
    assert len(response.context["observations"]) == 3


def test_the_per_participant_table_is_alphabetical(world, group, record, login):
    for giver in [group["kees"], group["anne"], group["henk"]]:
        record(giver, [group["janneke"]])
    rows = login(world.worker_a).get(_url("support:network", world)).context["people"]
    assert [r.participant.name for r in rows] == ["Anne", "Henk", "Janneke", "Kees"]


def test_a_participant_of_another_network_is_a_404(world, group, login):
    client = login(world.worker_a)
    assert client.get(_url("support:participant", world, world.bert.pk)).status_code == 404
    assert client.get(_url("support:participant", world, world.olga.pk)).status_code == 404
    coordinator = login(world.coordinator)
    assert coordinator.get(_url("support:participant", world, world.bert.pk)).status_code == 404


@pytest.mark.parametrize("persona,status", NO_ACCESS.items())
def test_others_do_not_see_a_participant(world, group, login, persona, status):
    url = _url("support:participant", world, group["anne"].pk)
    assert login(getattr(world, persona)).get(url).status_code == status


def test_the_participant_page_query_count_does_not_grow(
    world, group, record, login, django_assert_num_queries
):
    client = login(world.worker_a)
    url = _url("support:participant", world, group["anne"].pk)
    _add_history(world, group, record, 2)
    small = _count_queries(client, url)
    _add_history(world, group, record, 40)
    with django_assert_num_queries(small):
        client.get(url, {"van": "2026-05-01", "tot": "2026-11-25"})


def test_a_participants_page_follows_the_chosen_kind(world, group, record, login):
    record(group["anne"], [group["kees"]], kind=SupportKind.PRACTICAL)
    record(group["kees"], [group["anne"]], kind=SupportKind.EMOTIONAL)
    url = _url("support:participant", world, group["anne"].pk)
    response = login(world.worker_a).get(url, {"soort": "emotional"})
    assert [o.kind for o in response.context["observations"]] == ["emotional"]
