"""Every write of the jobs app: start, run, retry, remove, recover and clean up background downloads.

A job is claimed by one worker with a conditional UPDATE (status queued -> running); while it runs the
worker refreshes `heartbeat_at`. A job whose heartbeat is older than JOBS_STALE_SECONDS belonged to a
worker that died: `jobs_recover` puts it back in the queue (a new task), and the old worker, should it
still be alive, finds on its next progress report that the job is no longer its own and stops. So a
job never runs twice at the same time.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from accounts import access
from jobs import registry
from jobs.models import Job, JobParticipant, WorkerBeat

logger = logging.getLogger("vangnet.jobs")

# Steps and errors are stored as English message ids and shown translated (jobs/steps.py lists them).
STEP_WAITING = gettext_noop("Waiting for its turn")
STEP_RESUMED = gettext_noop("Started again after an interruption")
ERROR_FAILED = gettext_noop(
    "Making the file went wrong. Try again; if it fails again, tell your administrator."
)
ERROR_INTERRUPTED = gettext_noop(
    "Making the file was interrupted three times. Try again; if it fails again, tell your administrator."
)
MAX_ATTEMPTS = 3


class JobLost(Exception):
    """The job is no longer this worker's (it was taken over or removed): stop quietly."""


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "JOBS_STALE_SECONDS", 60))


def downloads_dir() -> Path:
    """The private folder for stored downloads: 0700, never under STATIC_ROOT or served directly."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    folder = root / "downloads"
    for path in (root, folder):
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path, 0o700)
    return folder


def _enqueue(job: Job) -> None:
    from jobs.tasks import run_job

    # The database backend writes the task in the same transaction as the job: both or neither.
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


@transaction.atomic
def job_start(*, user, kind: str, data) -> Job:
    """Start a background download of `kind` for `user`; `data` are the start form's fields."""
    entry = registry.KINDS.get(kind)
    if entry is None:
        raise Http404
    access.require(user, entry.permission)
    params = entry.params(data)
    title = entry.title(user, params)  # checks access to what the file is about
    params["language"] = translation.get_language() or settings.LANGUAGE_CODE
    waiting = Job.objects.filter(user=user, kind=kind, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    for job in waiting:
        if job.params == params:  # a second click while the first is still being made
            return job
    job = Job.objects.create(
        organisation_id=user.organisation_id,
        user=user,
        kind=kind,
        params=params,
        title=title[:300],
        step=STEP_WAITING,
    )
    _enqueue(job)
    return job


@transaction.atomic
def job_retry(*, user, job: Job) -> Job:
    if job.status != Job.Status.FAILED or job.user_id != user.pk:
        return job
    Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
        status=Job.Status.QUEUED,
        progress=0.0,
        step=STEP_WAITING,
        error="",
        attempts=0,
        worker_id="",
        finished_at=None,
    )
    _enqueue(job)
    job.refresh_from_db()
    return job


def _remove_file(relative: str) -> None:
    if relative:
        (Path(settings.PRIVATE_MEDIA_ROOT) / relative).unlink(missing_ok=True)


def _delete_jobs(jobs) -> int:
    """Delete jobs and, once that is committed, their files."""
    paths = [p for p in jobs.values_list("file_path", flat=True) if p]
    _total, per_model = Job.objects.filter(pk__in=list(jobs.values_list("pk", flat=True))).delete()
    transaction.on_commit(lambda: [_remove_file(p) for p in paths])
    return per_model.get("jobs.Job", 0)


@transaction.atomic
def job_delete(*, user, job: Job) -> None:
    _delete_jobs(Job.objects.filter(pk=job.pk, user_id=user.pk))


def job_downloaded(*, user, job: Job) -> None:
    """Audit the download (one line per person in the file) and note when it was fetched."""
    from core import hooks

    ids = JobParticipant.objects.filter(job=job).values_list("participant_id", flat=True)
    hooks.on_export(user=user, what=f"download.{job.kind}", participant_ids=list(ids))
    Job.objects.filter(pk=job.pk).update(downloaded_at=timezone.now())


def files_erase_participant(*, participant) -> int:
    """Erasure: remove every stored download that contains the person (or may: makers that cannot say)."""
    jobs = Job.objects.filter(
        Q(participants__participant_id=participant.pk)
        | Q(organisation_id=participant.organisation_id, participants_known=False)
    ).distinct()
    return _delete_jobs(jobs)


# ----- running ---------------------------------------------------------------------------------------


class JobRun:
    """What a kind's `make` gets: the job, its user and parameters, the open file and progress."""

    def __init__(self, job: Job, file, worker_id: str):
        self.job = job
        self.user = job.user
        self.params = job.params
        self.file = file
        self.worker_id = worker_id
        self.participant_ids: set[int] | None = None
        self._last = 0.0

    def progress(self, fraction: float, step: str | None = None) -> None:
        """Report progress (0..1) and what it is doing (an English message id from jobs/steps.py).
        Raises JobLost when the job is no longer this worker's."""
        now = timezone.now()
        fields = {"progress": max(0.0, min(0.99, fraction)), "heartbeat_at": now}
        if step is not None:
            fields["step"] = step
        updated = Job.objects.filter(
            pk=self.job.pk, worker_id=self.worker_id, status=Job.Status.RUNNING
        ).update(**fields)
        if not updated:
            raise JobLost(self.job.pk)
        delay = float(os.environ.get("VANGNET_JOBS_TEST_STEP_DELAY", "0")) if settings.TESTING else 0
        if delay:  # the worker tests slow a job down to stop the worker while it runs
            import time

            time.sleep(delay)


def job_execute(*, job_id: int, worker_id: str) -> str:
    """Run one job in this process (called by the task). Returns what happened."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        worker_id=worker_id,
        heartbeat_at=now,
        started_at=now,
        progress=0.0,
        attempts=F("attempts") + 1,
        error="",
    )
    if not claimed:
        logger.info("job %s not claimed by %s: not waiting", job_id, worker_id)
        return "skipped"
    job = Job.objects.select_related("user").get(pk=job_id)
    entry = registry.KINDS.get(job.kind)
    folder = downloads_dir()
    token = secrets.token_hex(8)
    part = folder / f".{job.pk}-{token}.part"
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            run = JobRun(job, file, worker_id)
            if entry is None:
                raise RuntimeError(f"unknown job kind {job.kind}")
            with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
                made = entry.make(run)
        if made is None:  # work done, no file (the import): nothing to store
            part.unlink(missing_ok=True)
            return _done_without_file(job, worker_id, run)
        file_name, content_type = made
        suffix = Path(file_name).suffix[:10]
        final = folder / f"{job.pk}-{token}{suffix}"
        os.replace(part, final)
        relative = str(final.relative_to(Path(settings.PRIVATE_MEDIA_ROOT)))
        finished = timezone.now()
        with transaction.atomic():
            done = Job.objects.filter(pk=job.pk, worker_id=worker_id, status=Job.Status.RUNNING).update(
                status=Job.Status.DONE,
                progress=1.0,
                step="",
                file_path=relative,
                file_name=file_name[:200],
                content_type=content_type[:120],
                file_size=final.stat().st_size,
                finished_at=finished,
                expires_at=finished + dt.timedelta(days=settings.DOWNLOAD_RETENTION_DAYS),
                participants_known=run.participant_ids is not None,
            )
            if not done:
                raise JobLost(job.pk)
            if run.participant_ids:
                JobParticipant.objects.bulk_create(
                    [
                        JobParticipant(job_id=job.pk, participant_id=pid)
                        for pid in sorted(run.participant_ids)
                    ],
                    batch_size=2000,
                )
        logger.info("job %s done by %s (%s bytes)", job.pk, worker_id, final.stat().st_size)
        return "done"
    except JobLost:
        logger.warning("job %s was taken over; worker %s stops it", job_id, worker_id)
        part.unlink(missing_ok=True)
        if "final" in locals():
            final.unlink(missing_ok=True)
        return "lost"
    except ValidationError as refused:  # the kind says why, in words for the user (e.g. no access any more)
        logger.info("job %s refused", job_id)
        part.unlink(missing_ok=True)
        Job.objects.filter(pk=job_id, worker_id=worker_id, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED, error=" ".join(refused.messages)[:200], finished_at=timezone.now()
        )
        return "refused"
    except Exception:
        logger.exception("job %s failed", job_id)
        part.unlink(missing_ok=True)
        Job.objects.filter(pk=job_id, worker_id=worker_id, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED, error=ERROR_FAILED, finished_at=timezone.now()
        )
        raise


def _done_without_file(job: Job, worker_id: str, run: JobRun) -> str:
    finished = timezone.now()
    done = Job.objects.filter(pk=job.pk, worker_id=worker_id, status=Job.Status.RUNNING).update(
        status=Job.Status.DONE,
        progress=1.0,
        step="",
        finished_at=finished,
        participants_known=True,
        expires_at=finished + dt.timedelta(days=settings.DOWNLOAD_RETENTION_DAYS),
    )
    if not done:
        raise JobLost(job.pk)
    logger.info("job %s done by %s (no file)", job.pk, worker_id)
    return "done"


# ----- the worker's housekeeping ---------------------------------------------------------------------


def worker_beat(*, worker_id: str, host: str, pid: int, started_at: dt.datetime) -> None:
    """The worker is alive, and so are the jobs it runs."""
    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": host[:200], "pid": pid, "started_at": started_at, "seen_at": now},
    )
    Job.objects.filter(worker_id=worker_id, status=Job.Status.RUNNING).update(heartbeat_at=now)


def worker_gone(*, worker_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def jobs_recover(*, now: dt.datetime | None = None) -> int:
    """Jobs whose worker stopped beating: back in the queue (or failed after MAX_ATTEMPTS)."""
    now = now or timezone.now()
    cutoff = now - stale_after()
    count = 0
    for pk, attempts in Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff).values_list(
        "pk", "attempts"
    ):
        with transaction.atomic():
            stale = Job.objects.filter(pk=pk, status=Job.Status.RUNNING, heartbeat_at__lt=cutoff)
            if attempts >= MAX_ATTEMPTS:
                stale.update(status=Job.Status.FAILED, error=ERROR_INTERRUPTED, finished_at=now, worker_id="")
                continue
            if stale.update(status=Job.Status.QUEUED, worker_id="", step=STEP_RESUMED, progress=0.0):
                _enqueue(Job.objects.get(pk=pk))
                count += 1
                logger.warning("job %s: its worker stopped; queued again", pk)
    return count


def jobs_cleanup(*, now: dt.datetime | None = None) -> int:
    """Remove stored downloads past their date, failed jobs as old, and old worker beats."""
    now = now or timezone.now()
    keep = dt.timedelta(days=settings.DOWNLOAD_RETENTION_DAYS)
    with transaction.atomic():
        expired = Job.objects.filter(
            Q(status=Job.Status.DONE, expires_at__lt=now)
            | Q(status=Job.Status.FAILED, created_at__lt=now - keep)
        )
        count = _delete_jobs(expired)
        WorkerBeat.objects.filter(seen_at__lt=now - dt.timedelta(days=1)).delete()
    return count
