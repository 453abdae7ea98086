"""Which worker this process is (set by `manage.py jobs_worker`)."""

import os
import socket

_worker_id: str | None = None


def set_worker_id(value: str) -> None:
    global _worker_id
    _worker_id = value


def worker_id() -> str:
    return _worker_id or f"{socket.gethostname()}-{os.getpid()}"[:64]
