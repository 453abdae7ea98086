"""The progress of an import that runs as a background job.

The import is one transaction (all or nothing), so what it writes to the job row on its own database
connection would only be seen when it is over. On PostgreSQL the progress goes through a connection
of its own (a thread that lives as long as the import), so the job's page shows "Bijeenkomst 12 van
51" while the import runs. SQLite allows one writer at a time: there, and when the import runs inside
a transaction that is already open (the tests), the progress is written on the import's own
connection and shows when it is done. A report that finds the job no longer this worker's raises
JobLost, which stops the import and leaves nothing written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.db import connection


def separate_connection_possible() -> bool:
    return connection.vendor != "sqlite" and not connection.in_atomic_block


@contextmanager
def reporter(run) -> Iterator[Callable[[float, str], None]]:
    """`progress(fraction, text)` for `imports.services.import_run`, reporting to the job `run`."""
    if not separate_connection_possible():
        yield run.progress
        return
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-progress")

    def report(fraction: float, text: str) -> None:
        pool.submit(run.progress, fraction, text).result()  # its exception (JobLost) is raised here

    try:
        yield report
    finally:
        pool.submit(
            lambda: connection.close()
        ).result()  # the thread's own connection (connections are per thread)
        pool.shutdown()
