"""Every practice page for every persona, and objects of another network through a network's URL."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.testing import sign_in
from conftest import TODAY
from practice import services
from practice.models import FollowUp, Session
from practice.tests.conftest import session_post, session_url

ALLOWED = {"worker_a", "backup_a", "coordinator"}


@pytest.fixture
def ours(world, activity):
    from people.models import Stage
    from people.services import route_record

    participation = world.anne.participations.get()
    route_record(
        actor=world.worker_a,
        participation=participation,
        stage=Stage.STRUCTURAL,
        date=TODAY - dt.timedelta(days=30),
    )
    return {
        "network_id": world.network_a.pk,
        "activity_id": activity.pk,
        "day": (TODAY - dt.timedelta(days=1)).isoformat(),
        "entry_id": services.logentry_create(
            actor=world.worker_a, network=world.network_a, date=TODAY, category="other", text="x"
        ).pk,
        "rule_id": services.houserule_create(
            actor=world.worker_a, network=world.network_a, text="We groeten elkaar", agreed_on=TODAY
        ).pk,
        "followup_id": FollowUp.objects.create(
            participation=participation, network=world.network_a, opened_on=TODAY, missed=3
        ).pk,
    }


GET_PAGES = {
    "practice:network": ("network_id",),
    "practice:activity_create": ("network_id",),
    "practice:activity_edit": ("network_id", "activity_id"),
    "practice:session_other_date": ("network_id", "activity_id"),
    "practice:session": ("network_id", "activity_id", "day"),
    "practice:tasks": ("network_id",),
    "practice:stages": ("network_id",),
    "practice:logbook": ("network_id",),
    "practice:logentry_create": ("network_id",),
    "practice:logentry_edit": ("network_id", "entry_id"),
    "practice:rules": ("network_id",),
    "practice:rule_create": ("network_id",),
    "practice:rule_edit": ("network_id", "rule_id"),
    "practice:followups": ("network_id",),
    "practice:followup": ("network_id", "followup_id"),
    "practice:dashboard": ("network_id",),
}


def test_role_page_matrix(world, client, ours):
    for url_name, args in GET_PAGES.items():
        url = reverse(url_name, kwargs={a: ours[a] for a in args})
        for name, user in world.personas().items():
            sign_in(client, user)
            status = client.get(url).status_code
            if name in ALLOWED:
                assert status == 200, (name, url, status)
            else:
                assert status in (403, 404), (name, url, status)
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/account/" in response["Location"], url


def test_a_worker_of_another_network_cannot_record_a_session(world, login, activity):
    client = login(world.worker_b)
    response = client.post(
        session_url(activity, TODAY - dt.timedelta(days=1)), session_post({world.anne: "present"})
    )
    assert response.status_code == 404
    assert not Session.objects.exists()


def test_an_activity_of_another_network_through_our_network_is_404(world, login):
    theirs = services.activity_create(
        actor=world.worker_b,
        network=world.network_b,
        name="Crea",
        audience="group",
        recurrence="weekly",
        weekday=1,
        start_time=dt.time(13, 0),
        duration_minutes=120,
        active_from=TODAY - dt.timedelta(weeks=4),
        active_until=None,
    )
    client = login(world.worker_a)
    url = f"/praktijk/netwerk/{world.network_a.pk}/activiteiten/{theirs.pk}/bijeenkomst/{TODAY - dt.timedelta(days=1)}/"
    assert client.get(url).status_code == 404
    assert client.get(f"/praktijk/netwerk/{world.network_a.pk}/activiteiten/{theirs.pk}/").status_code == 404


def test_a_bad_date_in_the_url_is_404(world, login, activity):
    url = f"/praktijk/netwerk/{world.network_a.pk}/activiteiten/{activity.pk}/bijeenkomst/2026-13-40/"
    assert login(world.worker_a).get(url).status_code == 404


def test_no_state_change_on_get(world, login, activity):
    client = login(world.worker_a)
    for weeks in range(-3, 4):
        client.get(session_url(activity, TODAY - dt.timedelta(days=1) + dt.timedelta(weeks=weeks)))
    client.get(f"/praktijk/netwerk/{world.network_a.pk}/dashboard/")
    client.get(f"/praktijk/netwerk/{world.network_a.pk}/routes/")
    assert not Session.objects.exists() and not FollowUp.objects.exists()


def test_network_tabs_link_the_practice_pages(world, login):
    page = login(world.worker_a).get(f"/praktijk/netwerk/{world.network_a.pk}/dashboard/").content.decode()
    for path in ("logboek/", "huisregels/", "opvolging/", "dashboard/"):
        assert f"/praktijk/netwerk/{world.network_a.pk}/{path}" in page


def test_garbage_ids_in_posts_are_404_not_errors(world, login, activity):
    client = login(world.worker_a)
    assert client.post(f"/praktijk/netwerk/{world.network_a.pk}/taken/", {"toggle": "abc"}).status_code == 404
    assert (
        client.post(f"/praktijk/netwerk/{world.network_a.pk}/routes/", {"participation": "x"}).status_code
        == 404
    )
