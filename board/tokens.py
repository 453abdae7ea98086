"""Board links: long random tokens of which only the SHA-256 is stored, and a small rate limit.

A token is 32 random bytes (43 URL-safe characters). The database keeps its SHA-256, so a copy of
the database (a backup) opens no board. The link is shown once, when it is made; renewing it makes a
new one and the old one stops at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.cache import cache
from django.utils import timezone

# The participants' pages (board/urls.py): outside the staff login (board.middleware).
PUBLIC_PREFIX = "/groep/"
TOKEN_BYTES = 32
# A link's last use is written at most once an hour, so opening the board is not a write each time.
TOUCH_EVERY = dt.timedelta(hours=1)
# Unknown, stopped or expired links from one address: at most this many per window, then 429.
FAILURES_PER_WINDOW = 20
# Taps (POST) through one link: at most this many per window, then 429 (a shared tablet is busy
# around the activity, a person taps a few times; a script tapping all day is not a person).
ACTIONS_PER_WINDOW = 60
WINDOW_SECONDS = 600


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def looks_like_token(raw: str) -> bool:
    return 40 <= len(raw) <= 64 and all(c.isalnum() or c in "-_" for c in raw)


def _count(key: str) -> int:
    """Add one to a counter that lives WINDOW_SECONDS from its first hit; returns the new value.

    The counter is in Django's cache: with several server processes and the default local-memory
    cache each process counts on its own (see docs/group-board.md)."""
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return 1


def too_many_failures(address: str) -> bool:
    return (cache.get(f"board:fail:{address}") or 0) >= FAILURES_PER_WINDOW


def record_failure(address: str) -> None:
    _count(f"board:fail:{address}")


def action_allowed(link_id: int) -> bool:
    return _count(f"board:act:{link_id}") <= ACTIONS_PER_WINDOW


def is_expired(*, created_at: dt.datetime, last_used_at: dt.datetime | None, idle_days: int) -> bool:
    last = last_used_at or created_at
    return timezone.now() - last > dt.timedelta(days=idle_days)
