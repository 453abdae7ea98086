"""Content-addressed caching of derived figures: correct without any invalidation.

A value is stored under a digest of *everything it is computed from*, so new input gives a new key
and an entry can never be stale; old entries simply fall out. Use it only where computing the value
costs clearly more than loading its inputs (the inputs are always loaded: they make the key).

The store is a bounded, per-process LRU dictionary, not Django's cache: LocMemCache pickles every
value, and unpickling the lazy translated labels inside figures cost more than computing them.
Values are shared between requests, so treat them as read-only.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
MAX_ENTRIES = 5000
_store: OrderedDict[str, object] = OrderedDict()
_lock = threading.Lock()


def digest(inputs: object) -> str:
    """A stable digest of plain inputs (tuples, lists, dates, numbers, strings): their repr."""
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def computed(namespace: str, inputs: object, compute: Callable[[], T]) -> T:
    """compute(), or the value computed before from exactly the same inputs."""
    key = f"{namespace}:{digest(inputs)}"
    with _lock:
        if key in _store:
            _store.move_to_end(key)
            return _store[key]  # type: ignore[return-value]
    value = compute()
    with _lock:
        _store[key] = value
        while len(_store) > MAX_ENTRIES:
            _store.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _store.clear()
