"""Reads for the downloads pages, each with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from accounts import access
from jobs.models import Job, WorkerBeat

# A worker beats every 5 seconds; after this long without a beat the page says none is running.
WORKER_SILENT_AFTER = dt.timedelta(seconds=30)


def worker_running(now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return WorkerBeat.objects.filter(seen_at__gte=now - WORKER_SILENT_AFTER).exists()


@dataclass
class JobView:
    job: Job
    percent: int
    seconds_left: int | None  # estimate, None when it cannot be said yet
    ahead: int  # jobs waiting before this one
    result: tuple[str, str] | None = None  # (url, label) of what a job without a file did
    makes_file: bool = True


def _kind(job: Job):
    from jobs import registry

    return registry.KINDS.get(job.kind)


def estimate(job: Job, now: dt.datetime) -> int | None:
    if job.status != Job.Status.RUNNING or not job.started_at or job.progress < 0.05:
        return None
    elapsed = (now - job.started_at).total_seconds()
    return max(1, round(elapsed * (1 - job.progress) / job.progress))


def job_view(job: Job, now: dt.datetime | None = None) -> JobView:
    """Two queries: the queue ahead (when waiting) is counted here; the job is already read."""
    now = now or timezone.now()
    ahead = 0
    if job.status == Job.Status.QUEUED:
        ahead = Job.objects.filter(
            status__in=[Job.Status.QUEUED, Job.Status.RUNNING], created_at__lt=job.created_at
        ).count()
    kind = _kind(job)
    makes_file = kind is None or kind.result is None
    result = kind.result(job) if not makes_file and job.status == Job.Status.DONE else None
    return JobView(
        job=job,
        percent=round(job.progress * 100),
        seconds_left=estimate(job, now),
        ahead=ahead,
        result=result,
        makes_file=makes_file,
    )


def my_jobs(user, limit: int = 50) -> list[Job]:
    """The user's jobs, newest first; a job without a file carries `result` (url, label) when done."""
    jobs = list(access.own_objects(user, Job, "jobs.view")[:limit])
    for job in jobs:
        kind = _kind(job)
        job.result = kind.result(job) if kind and kind.result and job.status == Job.Status.DONE else None
    return jobs


def retention_days() -> int:
    return settings.DOWNLOAD_RETENTION_DAYS
