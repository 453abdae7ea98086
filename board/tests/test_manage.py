"""The worker's side: links shown once, renewed and stopped; cards only for people on the board;
moderation; an idea becomes an activity; intentions on the session page; another network is a 404."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from board.models import BoardLink, Idea, LinkKind, TaskSignup
from board.tests.conftest import THURSDAY, task_post
from board.tokens import hash_token
from practice.models import Activity, Attendance
from privacy.models import AuditEntry


def manage_url(bw, name="board:manage", **kwargs):
    return reverse(name, kwargs={"network_id": bw.world.network_a.pk, **kwargs})


def _token_in(page: str) -> str:
    start = page.index("/groep/") + len("/groep/")
    return page[start : page.index("/", start)]


def test_a_new_shared_link_is_shown_once_and_stops_the_old_one(bw, login, client):
    worker = login(bw.world.worker_a)
    response = worker.post(manage_url(bw, "board:shared_link"))
    assert response.status_code == 200
    page = response.content.decode()
    token = _token_in(page)
    assert "<svg" in page and "niet bewaard" in page
    assert response["Cache-Control"].startswith("no-store")
    live = BoardLink.objects.get(kind=LinkKind.SHARED, revoked_at__isnull=True)
    assert live.token_hash == hash_token(token) and live.created_by == bw.world.worker_a
    assert token not in worker.get(manage_url(bw)).content.decode()  # never shown again
    anonymous = client.__class__()
    assert anonymous.get(f"/groep/{token}/").status_code == 200
    assert anonymous.get(bw.board_url()).status_code == 404
    assert AuditEntry.objects.filter(action="board.link.shared", actor_id=bw.world.worker_a.pk).exists()


def test_cards_only_for_people_on_the_board(bw, login):
    worker = login(bw.world.worker_a)
    response = worker.post(manage_url(bw, "board:personal_link", participant_id=bw.piet.pk), follow=True)
    assert "heeft geen toestemming gegeven voor het groepsbord" in response.content.decode()
    assert not BoardLink.objects.filter(participant=bw.piet).exists()
    response = worker.post(manage_url(bw, "board:cards"))
    page = response.content.decode()
    assert response.status_code == 200 and "Kees" in page and "Piet" not in page
    assert BoardLink.objects.filter(participant=bw.kees, revoked_at__isnull=True).count() == 1
    assert BoardLink.objects.filter(participant=bw.anne, revoked_at__isnull=True).get() == bw.personal  # kept


def test_stop_a_card(bw, login, client):
    login(bw.world.worker_a).post(manage_url(bw, "board:link_stop", link_id=bw.personal.pk))
    assert client.get(bw.board_url(bw.personal_token)).status_code == 404


def test_turn_the_board_off_and_on(bw, login, client):
    worker = login(bw.world.worker_a)
    version = bw.shared.board.version
    response = worker.post(manage_url(bw), {"version": version, "idle_days": 30})
    assert response.status_code == 302
    assert client.get(bw.board_url()).status_code == 404
    response = worker.post(manage_url(bw), {"version": version + 1, "idle_days": 400, "enabled": "on"})
    assert response.status_code == 400 and "Kies tussen 1 en 365 dagen." in response.content.decode()
    assert client.get(bw.board_url()).status_code == 404  # nothing changed
    worker.post(manage_url(bw), {"version": version + 1, "idle_days": 30, "enabled": "on"})
    assert client.get(bw.board_url()).status_code == 200


def test_moderate_a_sign_up_and_an_idea(bw, login, client):
    client.post(bw.act_url(), task_post(bw, bw.anne))
    client.post(bw.board_url() + "idee/", {"who": bw.kees.pk, "text": "Iets naars"})
    worker = login(bw.world.worker_a, client.__class__())
    page = worker.get(manage_url(bw)).content.decode()
    assert "Iets naars" in page and "Anne" in page
    worker.post(manage_url(bw, "board:signup_remove", signup_id=TaskSignup.objects.get().pk))
    worker.post(manage_url(bw, "board:idea_remove", idea_id=Idea.objects.get().pk))
    assert not TaskSignup.objects.exists()
    board = client.get(bw.board_url()).content.decode()
    assert "Iets naars" not in board
    assert AuditEntry.objects.filter(action="board.idea.remove", actor_id=bw.world.worker_a.pk).exists()
    assert AuditEntry.objects.filter(action="board.task.remove", participant_id=bw.anne.pk).exists()


def test_turn_an_idea_into_an_activity(bw, login, client):
    client.post(bw.board_url() + "idee/", {"who": bw.kees.pk, "text": "Samen naar de markt"})
    idea = Idea.objects.get()
    worker = login(bw.world.worker_a, client.__class__())
    url = manage_url(bw, "board:idea_activity", idea_id=idea.pk)
    assert 'value="Samen naar de markt"' in worker.get(url).content.decode()
    day = THURSDAY + dt.timedelta(days=7)
    bad = worker.post(
        url,
        {
            "name": "Samen naar de markt",
            "audience": "group",
            "recurrence": "weekly",
            "start_time": "10:00",
            "duration_minutes": 120,
            "active_from": day.isoformat(),
        },
    )
    assert bad.status_code == 400 and not Activity.objects.filter(name="Samen naar de markt").exists()
    response = worker.post(
        url,
        {
            "name": "Samen naar de markt",
            "audience": "neighbourhood",
            "recurrence": "once",
            "start_time": "10:00",
            "duration_minutes": 120,
            "active_from": day.isoformat(),
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(name="Samen naar de markt")
    assert Idea.objects.get().activity == activity
    board = client.get(bw.board_url()).content.decode()
    assert board.count("Samen naar de markt") >= 2  # in next week and in the neighbourhood, no longer an idea
    assert f'id="i{idea.pk}"' not in board


def test_the_session_page_shows_intentions_and_starts_cannot_as_excused(bw, login, client, frozen_time):
    client.post(bw.act_url(), task_post(bw, bw.anne))
    client.post(
        bw.act_url(),
        {"who": bw.kees.pk, "action": "not_coming", "activity": bw.activity.pk, "date": THURSDAY.isoformat()},
    )
    client.post(
        bw.act_url(),
        {"who": bw.anne.pk, "action": "coming", "activity": bw.activity.pk, "date": THURSDAY.isoformat()},
    )
    worker = login(bw.world.worker_a, client.__class__())
    url = reverse("practice:session", args=[bw.world.network_a.pk, bw.activity.pk, THURSDAY.isoformat()])
    page = worker.get(url).content.decode()
    assert "Gezegd op het groepsbord" in page
    assert "Komen:</strong> Anne" in page and "Kunnen deze keer niet:</strong> Kees" in page
    # On a past or today's session the form shows Kees as excused; the worker still records.
    from board.selectors import session_section

    section = session_section(bw.world.network_a, bw.activity, THURSDAY, None)
    assert section["excused_ids"] == {bw.kees.pk} and section["coming"] == ["Anne"]
    assert section["tasks"] == [(bw.tasks[0].name, ["Anne"])]
    assert not Attendance.objects.exists()
    # On the day itself the form shows Kees as excused, Anne (coming) still as absent: the worker records.
    frozen_time.shift(dt.timedelta(days=1))
    page = login(bw.world.worker_a, worker).get(url).content.decode()
    checked = dict(re.findall(r'name="p(\d+)_status" value="(\w+)" id="[^"]+" checked', page))
    assert checked == {str(bw.anne.pk): "absent", str(bw.kees.pk): "excused", str(bw.piet.pk): "absent"}


@pytest.mark.parametrize("user", ["worker_b", "evaluator", "researcher"])
def test_other_workers_and_roles_get_nothing(bw, login, user):
    client = login(getattr(bw.world, user))
    assert client.get(manage_url(bw)).status_code in (403, 404)
    assert client.post(manage_url(bw, "board:shared_link")).status_code in (403, 404)
    assert client.post(manage_url(bw, "board:link_stop", link_id=bw.shared.pk)).status_code in (403, 404)
    assert BoardLink.objects.get(pk=bw.shared.pk).revoked_at is None


def test_the_manage_page_reads_a_fixed_number_of_queries(bw, login, client, django_assert_num_queries):
    client.post(bw.act_url(), task_post(bw, bw.anne))
    client.post(bw.board_url() + "idee/", {"who": bw.kees.pk, "text": "Samen naar de markt"})
    worker = login(bw.world.worker_a, client.__class__())
    worker.get(manage_url(bw))
    # session, user, board, links, people, ideas, their supporters and names, sign-ups, tabs
    with django_assert_num_queries(10):
        assert worker.get(manage_url(bw)).status_code == 200
    for i in range(4):
        client.post(bw.board_url() + "idee/", {"who": bw.anne.pk, "text": f"Idee {i}"})
        client.post(bw.act_url(), task_post(bw, bw.kees, task=bw.tasks[i + 1]))
    with django_assert_num_queries(10):
        assert worker.get(manage_url(bw)).status_code == 200


def test_board_settings_saved_by_someone_else_meanwhile_overwrite_nothing(bw, login):
    worker = login(bw.world.worker_a)
    opened_with = bw.shared.board.version
    assert (
        worker.post(manage_url(bw), {"version": opened_with, "idle_days": 30, "enabled": "on"}).status_code
        == 302
    )
    response = worker.post(manage_url(bw), {"version": opened_with, "idle_days": 77, "enabled": "on"})
    assert response.status_code == 409
    page = response.content.decode()
    assert (
        "Iemand anders was je net voor" in page and "Jouw versie (niet opgeslagen)" in page and "77" in page
    )
    bw.shared.board.refresh_from_db()
    assert bw.shared.board.idle_days == 30
