"""Who is acting right now, for the change history (set per request by privacy.middleware)."""

from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar = ContextVar("vangnet_actor", default=None)


def current_actor():
    return _current.get()


@contextmanager
def acting_as(user):
    """For management commands and background jobs: attribute changes to `user` (None: the system)."""
    token = _current.set(user)
    try:
        yield
    finally:
        _current.reset(token)
