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
    return JobView(job=job, percent=round(job.progress * 100), seconds_left=estimate(job, now), ahead=ahead)


def my_jobs(user, limit: int = 50) -> list[Job]:
    return list(access.own_objects(user, Job, "jobs.view").defer("params")[:limit])


def retention_days() -> int:
    return settings.DOWNLOAD_RETENTION_DAYS
