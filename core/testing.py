"""Test helpers shared by every app's tests."""

from django.test import Client


def sign_in(client: Client, user) -> Client:
    """Sign a test client in as `user`. Issue 6 extends this to mark the second factor as verified."""
    client.force_login(user)
    return client
