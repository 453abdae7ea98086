"""What the board shows and what a tap does: only consenting first names, nothing of another network,
a personal link acts only for its owner, every tap audited as the participant through the board."""

import datetime as dt

from django.test import Client

from board.models import Idea, IdeaSupport, Intention, TaskSignup
from board.selectors import board_page, find_link
from board.services import link_renew_shared
from board.tests.conftest import NEXT_THURSDAY, THURSDAY, make_activity, task_post
from conftest import TODAY
from practice.models import Contribution, Session, SessionStatus
from privacy.models import AuditEntry, ConsentScope
from privacy.services import consent_set


def test_only_first_names_of_people_who_consented(bw, client):
    bw.piet.full_name = "Piet Geheim-Jansen"
    bw.piet.save()
    TaskSignup.objects.create(
        network=bw.world.network_a, activity=bw.activity, date=THURSDAY, task=bw.tasks[0], participant=bw.piet
    )
    for url in (bw.board_url(), bw.person_url(bw.anne), bw.board_url(bw.personal_token)):
        page = client.get(url).content.decode()
        assert "Anne" in page
        assert "Piet" not in page and "Geheim" not in page
        assert "1 persoon" in page  # Piet's sign-up counts, without his name
    assert "Kees" in client.get(bw.board_url()).content.decode()  # the names to tap on the shared board


def test_withdrawn_consent_takes_the_name_off_the_board(bw, client):
    consent_set(actor=bw.world.worker_a, participant=bw.kees, scope=ConsentScope.GROUP_BOARD, given=False)
    assert "Kees" not in client.get(bw.board_url()).content.decode()
    assert client.get(bw.person_url(bw.kees)).status_code == 404
    assert client.post(bw.act_url(), task_post(bw, bw.kees)).status_code == 404


def test_nothing_about_route_attendance_or_follow_up(bw, client):
    page = client.get(bw.person_url(bw.anne)).content.decode().lower()
    for word in (
        "eerste bezoek",
        "kennismaking",
        "vaste deelnemer",
        "aanwezig",
        "opvolging",
        "afgehaakt",
        "evaluatie",
        "first visit",
    ):
        assert word not in page


def test_sign_up_for_a_task_on_the_shared_board(bw, client):
    response = client.post(bw.act_url(), task_post(bw, bw.anne))
    assert response.status_code == 303
    place = f"a{bw.activity.pk}-{THURSDAY.isoformat()}"
    assert response["Location"] == bw.person_url(bw.anne) + f"?gedaan=task&waar={place}#{place}"
    signup = TaskSignup.objects.get()
    assert (signup.participant, signup.task, signup.date) == (bw.anne, bw.tasks[0], THURSDAY)
    page = client.get(response["Location"]).content.decode()
    assert "Gelukt! Jij doet deze taak." in page and "Ik doe het toch niet" in page
    # The message is shown in the session tapped on, where the page opens.
    slot = page[page.index(f'id="{place}"') :]
    assert slot.index("Gelukt! Jij doet deze taak.") < slot.index("</article>")
    odd = client.get(bw.person_url(bw.anne) + '?gedaan=task&waar="><script>').content.decode()
    assert "Gelukt! Jij doet deze taak." in odd and "<script>" not in odd
    entry = AuditEntry.objects.get(action="board.task.signup")
    assert entry.actor_id is None and entry.actor_username == "groepsbord"
    assert entry.participant_id == bw.anne.pk and entry.organisation_id == bw.world.org.pk
    assert f"via shared link {bw.shared.pk}" in entry.detail
    # Signing up is not a contribution: only the worker's record of the session counts.
    assert not Contribution.objects.exists() and not Session.objects.exists()
    # A second tap on the same button changes nothing; undo takes it away.
    client.post(bw.act_url(), task_post(bw, bw.anne))
    assert TaskSignup.objects.count() == 1
    client.post(bw.act_url(), task_post(bw, bw.anne, action="task_undo"))
    assert not TaskSignup.objects.exists()
    assert AuditEntry.objects.filter(action__startswith="board.task").count() == 2


def test_a_personal_link_acts_only_for_its_owner(bw, client):
    url = bw.act_url(bw.personal_token)
    assert client.post(url, task_post(bw, bw.kees)).status_code == 404
    assert client.post(url, {**task_post(bw, bw.kees), "action": "not_coming"}).status_code == 404
    assert not TaskSignup.objects.exists() and not Intention.objects.exists()
    assert client.get(bw.person_url(bw.kees, bw.personal_token)).status_code == 404
    assert client.get(bw.person_url(bw.anne, bw.personal_token)).status_code == 404  # only its own page
    response = client.post(url, task_post(bw, None))  # no name needed: the link is Anne's
    assert response.status_code == 303 and response["Location"].startswith(bw.board_url(bw.personal_token))
    assert TaskSignup.objects.get().participant == bw.anne
    assert "via personal link" in AuditEntry.objects.get(action="board.task.signup").detail


def test_the_shared_board_needs_a_name_of_the_board(bw, client):
    assert client.post(bw.act_url(), task_post(bw, None)).status_code == 404
    assert client.post(bw.act_url(), task_post(bw, bw.piet)).status_code == 404  # no consent
    assert client.get(bw.person_url(bw.piet)).status_code == 404
    assert not TaskSignup.objects.exists()


def test_nothing_reaches_another_network(bw, client):
    world = bw.world
    other_activity = make_activity(world, world.network_b, "Creaclub")
    consent_set(actor=world.worker_b, participant=world.bert, scope=ConsentScope.GROUP_BOARD, given=True)
    _link, other_token = link_renew_shared(actor=world.worker_b, network=world.network_b)
    # Bert (network B) cannot act on network A's board, nor A's people on B's board.
    assert client.get(bw.person_url(world.bert)).status_code == 404
    assert client.post(bw.act_url(), task_post(bw, world.bert)).status_code == 404
    assert client.post(bw.act_url(other_token), task_post(bw, bw.anne)).status_code == 404
    # Network B's activity and task through network A's link: refused.
    other_task = other_activity.network.tasks.filter(needs_text=False).first()
    post = {**task_post(bw, bw.anne), "activity": other_activity.pk}
    assert client.post(bw.act_url(), post).status_code == 400
    assert client.post(bw.act_url(), {**task_post(bw, bw.anne), "task": other_task.pk}).status_code == 400
    assert not TaskSignup.objects.exists()
    page = client.get(bw.board_url()).content.decode()
    assert "Creaclub" not in page and "Bert" not in page


def test_past_or_cancelled_sessions_take_no_taps(bw, client):
    last_thursday = THURSDAY - dt.timedelta(days=7)
    assert client.post(bw.act_url(), task_post(bw, bw.anne, date=last_thursday)).status_code == 400
    assert (
        client.post(bw.act_url(), task_post(bw, bw.anne, date=THURSDAY + dt.timedelta(days=1))).status_code
        == 400
    )
    assert (
        client.post(
            bw.act_url(), task_post(bw, bw.anne, date=NEXT_THURSDAY + dt.timedelta(days=7))
        ).status_code
        == 400
    )
    Session.objects.create(
        activity=bw.activity,
        network=bw.world.network_a,
        date=THURSDAY,
        status=SessionStatus.CANCELLED,
        cancel_reason="x",
    )
    assert client.post(bw.act_url(), task_post(bw, bw.anne)).status_code == 400
    assert not TaskSignup.objects.exists()
    assert client.post(bw.act_url(), task_post(bw, bw.anne, date=NEXT_THURSDAY)).status_code == 303


def test_i_cannot_come_this_time(bw, client):
    post = {
        "who": bw.kees.pk,
        "action": "not_coming",
        "activity": bw.activity.pk,
        "date": THURSDAY.isoformat(),
    }
    response = client.post(bw.act_url(), post)
    assert response.status_code == 303
    assert Intention.objects.get().coming is False
    page = client.get(response["Location"]).content.decode()
    assert "Jij zei: ik kan deze keer niet." in page
    client.post(bw.act_url(), {**post, "action": "coming"})
    assert Intention.objects.get().coming is True
    assert list(
        AuditEntry.objects.filter(action__startswith="board.intention")
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["board.intention.not_coming", "board.intention.coming"]


def test_propose_and_join_an_idea(bw, client):
    response = client.post(bw.board_url(bw.personal_token) + "idee/", {"text": "  Samen naar   de markt "})
    assert response.status_code == 303 and "private" in response["Cache-Control"]
    assert response["Location"].endswith("?gedaan=idea&waar=ideas#ideas")
    idea = Idea.objects.get()
    assert idea.text == "Samen naar de markt" and idea.proposed_by == bw.anne
    client.post(bw.act_url(), {"who": bw.kees.pk, "action": "join", "idea": idea.pk})
    assert set(IdeaSupport.objects.values_list("participant_id", flat=True)) == {bw.anne.pk, bw.kees.pk}
    page = client.get(bw.board_url()).content.decode()
    assert "Samen naar de markt" in page and "Idee van Anne" in page


def test_an_empty_idea_is_explained_and_kept(bw, client):
    response = client.post(bw.board_url() + "idee/", {"who": bw.kees.pk, "text": "ab"})
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Schrijf je idee in een paar woorden." in page
        and 'value="ab"' in page
        and 'aria-invalid="true"' in page
    )
    assert not Idea.objects.exists()


def test_taps_need_the_csrf_token(bw):
    client = Client(enforce_csrf_checks=True)
    assert client.post(bw.act_url(), task_post(bw, bw.anne)).status_code == 403
    page = client.get(bw.person_url(bw.anne))
    token = page.cookies["csrftoken"].value
    response = client.post(bw.act_url(), {**task_post(bw, bw.anne), "csrfmiddlewaretoken": token})
    assert response.status_code == 303


def test_taps_are_rate_limited_per_link(bw, client):
    from board.tokens import ACTIONS_PER_WINDOW

    for i in range(ACTIONS_PER_WINDOW):
        action = "task" if i % 2 == 0 else "task_undo"
        assert client.post(bw.act_url(), task_post(bw, bw.anne, action=action)).status_code == 303
    assert client.post(bw.act_url(), task_post(bw, bw.anne)).status_code == 429
    # Another link is not held up.
    assert client.post(bw.act_url(bw.personal_token), task_post(bw, None)).status_code == 303


def test_the_board_page_reads_a_fixed_number_of_queries(bw, client, django_assert_num_queries):
    client.get(bw.board_url())  # the link's last use is written (at most once an hour)
    for i, person in enumerate([bw.anne, bw.kees]):
        client.post(bw.act_url(), task_post(bw, person, task=bw.tasks[i]))
        client.post(
            bw.act_url(),
            {"who": person.pk, "action": "coming", "activity": bw.activity.pk, "date": THURSDAY.isoformat()},
        )
        client.post(bw.board_url() + "idee/", {"who": person.pk, "text": f"Idee nummer {i}"})
    # link, people, activities, cancelled sessions, tasks, sign-ups, intentions, ideas, supports, rules
    with django_assert_num_queries(10):
        assert client.get(bw.board_url()).status_code == 200
    with django_assert_num_queries(10):
        assert client.get(bw.person_url(bw.anne)).status_code == 200
    # The same with more people, sign-ups and ideas.
    for i in range(3):
        client.post(bw.act_url(), task_post(bw, bw.anne, task=bw.tasks[2 + i], date=NEXT_THURSDAY))
        client.post(bw.board_url() + "idee/", {"who": bw.kees.pk, "text": f"Nog een idee {i}"})
    with django_assert_num_queries(10):
        assert client.get(bw.person_url(bw.kees)).status_code == 200


def test_board_page_weeks(bw):
    data = board_page(link=find_link(bw.shared_token), person_id=None)
    assert [s.date for s in data["weeks"][0]["slots"]] == [THURSDAY]
    assert [s.date for s in data["weeks"][1]["slots"]] == [NEXT_THURSDAY]
    assert data["weeks"][0]["start"] == TODAY - dt.timedelta(days=2)  # Monday
    assert list(data["people"].values()) == ["Anne", "Kees"]
