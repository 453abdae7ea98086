"""Login throttling over real HTTP: nobody can lock somebody else out, directly or behind a proxy.

The live server listens on 127.0.0.1; a connection can come from any loopback address (127.0.0.x),
so "another computer" is another source address. Behind a proxy every request comes from the
proxy's address and the client is named in X-Forwarded-For.
"""

import http.client
import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse

from accounts.services import user_invite

PASSWORD = "correct-horse-battery"  # noqa: S105 # nosec B105 - a test account's password


@pytest.fixture
def sanne(transactional_db):
    from accounts.models import Organisation, Role

    organisation = Organisation.objects.create(name="Welzijn", slug="welzijn")
    return user_invite(
        actor=None,
        organisation=organisation,
        username="sanne",
        email="s@example.org",
        roles=[Role.WORKER],
        password=PASSWORD,
    )


def _login(server: str, *, source: str, password: str, forwarded_for: str | None = None) -> int:
    """One browser's attempt: fetch the form (CSRF cookie and token), post it. Returns the status."""
    host = urlsplit(server)
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    connection = http.client.HTTPConnection(host.hostname, host.port, source_address=(source, 0), timeout=20)
    path = reverse("accounts:login")
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    page = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "username": "sanne", "password": password})
    connection.request(
        "POST",
        path,
        body=body,
        headers={
            **headers,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def _attack(server: str, **where) -> None:
    """Five wrong passwords: the form again four times, then the lockout page."""
    statuses = [_login(server, password="wrong-password-123", **where) for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


def test_direct_connection_wrong_passwords_from_elsewhere_do_not_lock_the_user_out(
    live_server, sanne, settings
):
    settings.TRUSTED_PROXIES = []
    # The attacker also claims to be someone else in a header: ignored, nobody is trusted.
    _attack(live_server.url, source="127.0.0.2", forwarded_for="127.0.0.3")
    assert _login(live_server.url, source="127.0.0.2", password=PASSWORD) == 429  # the attacker is locked
    assert _login(live_server.url, source="127.0.0.3", password=PASSWORD) == 302  # Sanne signs in


def test_behind_a_trusted_proxy_the_client_address_comes_from_the_proxy(live_server, sanne, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    # Every request comes from the proxy (127.0.0.1); it appends the address it saw. The attacker
    # writes Sanne's address into the header himself: the proxy's last entry is still his.
    _attack(live_server.url, source="127.0.0.1", forwarded_for="198.51.100.7, 203.0.113.5")
    assert _login(live_server.url, source="127.0.0.1", forwarded_for="203.0.113.5", password=PASSWORD) == 429
    assert _login(live_server.url, source="127.0.0.1", forwarded_for="198.51.100.7", password=PASSWORD) == 302


def test_an_untrusted_proxy_header_is_ignored(live_server, sanne, settings):
    """A client that is not the trusted proxy cannot escape its lock by changing the header."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    _attack(live_server.url, source="127.0.0.2", forwarded_for="192.0.2.1")
    assert _login(live_server.url, source="127.0.0.2", forwarded_for="192.0.2.99", password=PASSWORD) == 429


def test_behind_a_proxy_without_trust_the_deploy_check_refuses(settings):
    from accounts.apps import proxy_trust_check

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = []
    assert [w.id for w in proxy_trust_check()] == ["vangnet.W001"]
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert proxy_trust_check() == []
