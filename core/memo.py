"""Content-addressed caching of derived figures: correct without any invalidation.

A value is stored under a digest of *everything it is computed from*, so new input gives a new key
and an entry can never be stale; old entries simply age out. Use it only where computing the value
costs clearly more than loading its inputs (the inputs are always loaded: they make the key).

The cache is Django's default cache: per process (LocMemCache) unless CACHES says otherwise.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
_MISSING = object()
TIMEOUT_SECONDS = 24 * 3600


def digest(inputs: object) -> str:
    """A stable digest of plain inputs (tuples, lists, dates, numbers, strings): their repr."""
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def computed(namespace: str, inputs: object, compute: Callable[[], T]) -> T:
    """compute(), or the value computed before from exactly the same inputs."""
    key = f"memo:{namespace}:{digest(inputs)}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value
