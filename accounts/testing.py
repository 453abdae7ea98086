"""Test helpers shared by every app's tests."""

import time

from django.test import Client


def sign_in(client: Client, user, *, second_factor: bool = True) -> Client:
    """Sign a test client in as `user`, with the second step done (second_factor=False: still to do).

    The session flags are what accounts.views_auth sets after a correct code, so pages behave as
    for a fully signed-in user, without extra queries.
    """
    from accounts import twofactor

    client.force_login(user)
    session = client.session
    session[twofactor.DEVICE] = False
    session[twofactor.VERIFIED] = second_factor
    session["started_at"] = session["seen_at"] = int(time.time())
    session.save()
    return client
