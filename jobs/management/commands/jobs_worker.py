"""The background worker: runs the queued downloads (django-tasks' database worker) and, next to it,
says every few seconds that it is alive, puts jobs of crashed workers back in the queue, removes
downloads past their date and runs the other apps' clean-ups (`jobs.registry.HOUSEKEEPING`).

    manage.py jobs_worker            # bin/start and bin/serve start it next to the web server

Stop it with SIGTERM/Ctrl+C: a running job is finished first (a second signal stops at once; the job
is then picked up again by a worker after JOBS_STALE_SECONDS).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from jobs import registry, services, worker_state

logger = logging.getLogger("vangnet.jobs")


class Command(BaseCommand):
    help = "Run the background worker for downloads (and its housekeeping)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at the queue.")
        parser.add_argument("--beat", type=float, default=5.0, help="Seconds between heartbeats.")
        parser.add_argument("--housekeeping", type=float, default=60.0, help="Seconds between clean-ups.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")

    def handle(
        self, *, interval: float, beat: float, housekeeping: float, batch: bool, verbosity: int, **options
    ):
        logging.getLogger("vangnet.jobs").setLevel(logging.INFO if verbosity else logging.WARNING)
        host = socket.gethostname()
        worker_id = f"{host[:40]}-{os.getpid()}-{get_random_string(6)}"
        worker_state.set_worker_id(worker_id)
        started = timezone.now()
        stop = threading.Event()

        def heartbeat() -> None:
            last_housekeeping = 0.0
            while not stop.is_set():
                try:
                    close_old_connections()
                    services.worker_beat(worker_id=worker_id, host=host, pid=os.getpid(), started_at=started)
                    if time.monotonic() - last_housekeeping >= housekeeping:
                        last_housekeeping = time.monotonic()
                        services.jobs_recover()
                        services.jobs_cleanup()
                        registry.run_housekeeping()  # other apps' clean-ups (import drafts, undo data)
                except Exception:  # a database hiccup must not stop the beat
                    logger.exception("worker %s: heartbeat failed", worker_id)
                stop.wait(beat)
            connection.close()

        services.worker_beat(worker_id=worker_id, host=host, pid=os.getpid(), started_at=started)
        services.jobs_recover()
        thread = threading.Thread(target=heartbeat, name="jobs-heartbeat", daemon=True)
        thread.start()
        self.stdout.write(f"Vangnet worker {worker_id} started.")
        worker = Worker(
            queue_names=["default"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()
            thread.join(timeout=10)
            services.worker_gone(worker_id=worker_id)
