"""Long downloads made in the background: a job per request, its progress and its stored file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.FloatField(default=0.0)
    # What it is doing now: an English message id, shown translated (jobs.steps).
    step = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    worker_id = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    file_path = models.CharField(max_length=200, blank=True)  # relative to PRIVATE_MEDIA_ROOT
    file_name = models.CharField(max_length=200, blank=True)  # the name the browser saves it as
    content_type = models.CharField(max_length=120, blank=True)
    file_size = models.BigIntegerField(default=0)
    # False when the file's maker cannot say who is in it: then any erasure in the organisation removes it.
    participants_known = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="jobs_user_recent")]

    def __str__(self) -> str:
        return f"job {self.pk} ({self.kind}, {self.status})"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class JobParticipant(models.Model):
    """Who is in a stored file (participant ids), so erasure of one of them removes the file."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="participants")
    participant_id = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "participant_id"], name="jobs_participant_once")
        ]


class WorkerBeat(models.Model):
    """A running worker process says every few seconds that it is alive."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=200, blank=True)
    pid = models.IntegerField(default=0)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id}"
