"""Test helpers shared by every app's tests."""

import time

import pytest
from django.test import Client


def sign_in(client: Client, user, *, second_factor: bool = True) -> Client:
    """Sign a test client in as `user`, with the second step done (second_factor=False: still to do).

    The session flags are what accounts.views_auth sets after a correct code, so pages behave as
    for a fully signed-in user, without extra queries.
    """
    from accounts import twofactor
    from accounts.access import requires_second_factor

    client.force_login(user)
    session = client.session
    session[twofactor.NEEDED] = requires_second_factor(user)
    session[twofactor.VERIFIED] = second_factor
    session["started_at"] = session["seen_at"] = int(time.time())
    session.save()
    return client


@pytest.fixture(autouse=True)
def only_resolvable_menu_entries():
    """While some apps' pages are still being built, menu entries whose URL name does not resolve
    are left out (in test files that import this fixture). Once all pages exist this changes nothing."""
    from django.urls import NoReverseMatch, reverse

    from core.registry import NAVIGATION

    saved = list(NAVIGATION)

    def resolves(name: str) -> bool:
        try:
            reverse(name)
        except NoReverseMatch:
            return False
        return True

    NAVIGATION[:] = [entry for entry in saved if resolves(entry[1])]
    yield
    NAVIGATION[:] = saved
