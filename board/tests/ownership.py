"""Organisation B's board objects for the ownership walk in core/tests/test_ownership.py.

The board's own pages (/groep/<token>/...) take a board link, not an id: the link is the key, and
board/tests/test_links.py and test_board.py check that a wrong, stopped or expired link or another
network's people get nothing. They are listed with None (nothing to walk with a staff login)."""

import datetime as dt

from conftest import TODAY


def _theirs(w) -> dict:
    from board import services
    from board.models import Idea, TaskSignup
    from practice import services as practice_services
    from privacy.models import ConsentScope
    from privacy.services import consent_set

    if getattr(w, "_board_b", None):
        return w._board_b
    network, actor = w.other_network, w.outsider
    activity = practice_services.activity_create(
        actor=actor,
        network=network,
        name="Westsoep",
        audience="group",
        recurrence="weekly",
        weekday=3,
        start_time=dt.time(13, 0),
        duration_minutes=120,
        active_from=TODAY - dt.timedelta(weeks=10),
        active_until=None,
    )
    consent_set(actor=actor, participant=w.olga, scope=ConsentScope.GROUP_BOARD, given=True)
    link, _raw = services.link_renew_personal(actor=actor, network=network, participant=w.olga)
    task = network.tasks.filter(needs_text=False).first()
    signup = TaskSignup.objects.create(
        network=network, activity=activity, date=TODAY + dt.timedelta(days=1), task=task, participant=w.olga
    )
    idea = Idea.objects.create(network=network, text="Naar de markt", proposed_by=w.olga)
    w._board_b = {
        "network_id": network.pk,
        "participant_id": w.olga.pk,
        "link_id": link.pk,
        "signup_id": signup.pk,
        "idea_id": idea.pk,
    }
    return w._board_b


def _pick(*names):
    return lambda w: {name: _theirs(w)[name] for name in names}


CASES = {
    "board:board": None,
    "board:person": None,
    "board:act": None,
    "board:idea": None,
    "board:poster": None,
    "board:manage": _pick("network_id"),
    "board:shared_link": _pick("network_id"),
    "board:cards": _pick("network_id"),
    "board:personal_link": _pick("network_id", "participant_id"),
    "board:link_stop": _pick("network_id", "link_id"),
    "board:signup_remove": _pick("network_id", "signup_id"),
    "board:idea_remove": _pick("network_id", "idea_id"),
    "board:idea_activity": _pick("network_id", "idea_id"),
}
