from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models import Network


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("not imported yet")
    DONE = "done", _("imported")
    UNDONE = "undone", _("undone")


class ImportBatch(models.Model):
    """One uploaded file for one network: its tables while it is previewed, then what the import made.

    The file itself is never stored: its cells are read in memory into `sheets` (text), which is
    emptied when the import is done; a draft nobody imports is deleted after IMPORT_DRAFT_HOURS.
    """

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="import_batches")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(_("file"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.DRAFT
    )
    # [{"title": ..., "rows": [[text, ...], ...]}]: the cells, only while a draft.
    sheets = models.JSONField(default=list)
    # {"sheets": [{"kind": ..., "columns": {"<index>": field}}], "activity": id|None, "activity_name": ...}
    mapping = models.JSONField(default=dict)
    # Counts of what was created, shown on the batch page: {"participants": 40, "sessions": 52, ...}
    summary = models.JSONField(default=dict)
    # What the import changed on rows it did not create, to put back on undo.
    restore = models.JSONField(default=dict)
    imported_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["network", "status"], name="importbatch_net_status")]


class CreatedKind(models.TextChoices):
    PARTICIPANT = "participant", _("participant")
    ACTIVITY = "activity", _("activity")
    TASK = "task", _("task")
    SESSION = "session", _("session")
    ROUTE_EVENT = "route_event", _("route step")
    FOLLOWUP = "followup", _("follow-up")


class ImportedObject(models.Model):
    """A row the import created (by id, so nothing personal is kept here); undo removes them all."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="created")
    kind = models.CharField(max_length=20, choices=CreatedKind.choices)
    object_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["batch", "kind"], name="importedobject_batch_kind")]
