"""Board links: the link is the only key, stored hashed; a renewed, stopped or expired link, or a
board that is off, gets nothing; a staff session changes nothing on the board; the link opens
nothing else."""

import datetime as dt

from django.test import Client

from accounts.testing import sign_in
from board.models import BoardLink
from board.services import board_settings_update, link_renew_personal, link_renew_shared, link_revoke
from board.tokens import FAILURES_PER_WINDOW, hash_token
from conftest import TODAY


def _nothing(response, bw):
    assert response.status_code == 404
    page = response.content.decode()
    assert bw.world.network_a.name not in page and "Anne" not in page and "Soepmiddag" not in page


def test_the_shared_link_shows_the_board(bw, client):
    response = client.get(bw.board_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert bw.world.network_a.name in page and "Soepmiddag" in page
    assert "Anne" in page and "Kees" in page
    assert response["Cache-Control"].startswith("no-store") and response["Referrer-Policy"] == "same-origin"


def test_only_the_hash_is_stored(bw):
    assert BoardLink.objects.get(pk=bw.shared.pk).token_hash == hash_token(bw.shared_token)
    assert not BoardLink.objects.filter(token_hash=bw.shared_token).exists()
    assert len(bw.shared_token) >= 43


def test_a_renewed_link_stops_at_once(bw, client):
    _link, new = link_renew_shared(actor=bw.world.worker_a, network=bw.world.network_a)
    _nothing(client.get(bw.board_url()), bw)
    _nothing(client.post(bw.act_url(), {"action": "coming"}), bw)
    assert client.get(bw.board_url(new)).status_code == 200


def test_a_renewed_personal_link_stops_at_once(bw, client):
    link_renew_personal(actor=bw.world.worker_a, network=bw.world.network_a, participant=bw.anne)
    _nothing(client.get(bw.board_url(bw.personal_token)), bw)


def test_a_stopped_link_gets_nothing(bw, client):
    link_revoke(actor=bw.world.worker_a, link=bw.personal)
    _nothing(client.get(bw.board_url(bw.personal_token)), bw)
    assert client.get(bw.board_url()).status_code == 200  # the shared one still works


def test_a_link_expires_after_the_days_without_use(bw, client, frozen_time):
    assert client.get(bw.board_url()).status_code == 200  # used today
    frozen_time.shift(dt.timedelta(days=59))
    assert client.get(bw.board_url()).status_code == 200  # used again: 60 more days
    frozen_time.shift(dt.timedelta(days=61))
    _nothing(client.get(bw.board_url()), bw)
    _nothing(client.get(bw.board_url(bw.personal_token)), bw)  # not used for 120 days


def test_a_board_that_is_off_gets_nothing(bw, client):
    board_settings_update(
        actor=bw.world.worker_a,
        network=bw.world.network_a,
        enabled=False,
        idle_days=60,
        expected_version=bw.shared.board.version,
    )
    for url in (
        bw.board_url(),
        bw.board_url(bw.personal_token),
        bw.person_url(bw.anne),
        bw.board_url() + "poster/",
    ):
        _nothing(client.get(url), bw)


def test_unknown_tokens_are_rate_limited(bw, client):
    for i in range(FAILURES_PER_WINDOW):
        assert client.get(f"/groep/{'x' * 40}{i:03d}/").status_code == 404
    response = client.get(f"/groep/{'y' * 43}/")
    assert response.status_code == 429
    # From that address even a good link waits: guessing is not worth it.
    assert client.get(bw.board_url()).status_code == 429


def test_a_signed_in_worker_changes_nothing_on_the_board(bw):
    """A coordinator who has not given the second step would be sent to it on every staff page; on
    the board the staff session does not count at all."""
    client = sign_in(Client(), bw.world.coordinator, second_factor=False)
    assert client.get("/netwerken/").status_code == 302
    response = client.get(bw.board_url())
    assert response.status_code == 200
    assert "Uitloggen" not in response.content.decode()  # no staff menu on the board


def test_a_board_link_opens_nothing_else(bw, client):
    client.get(bw.board_url())
    for url in (
        "/netwerken/",
        f"/netwerken/{bw.world.network_a.pk}/",
        "/deelnemers/",
        f"/groepsbord/netwerk/{bw.world.network_a.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/account/inloggen/" in response["Location"], url
    assert "sessionid" not in client.cookies  # the board keeps no session


def test_the_poster_needs_the_shared_link(bw, client):
    response = client.get(bw.board_url() + "poster/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "Soepmiddag" in page and "Anne" not in page
    _nothing(client.get(bw.board_url(bw.personal_token) + "poster/"), bw)


def test_expiry_is_measured_from_the_last_use_not_written_each_time(bw, client, django_assert_num_queries):
    client.get(bw.board_url())
    first = BoardLink.objects.get(pk=bw.shared.pk).last_used_at
    client.get(bw.board_url())
    assert BoardLink.objects.get(pk=bw.shared.pk).last_used_at == first
    assert first.date() == TODAY
