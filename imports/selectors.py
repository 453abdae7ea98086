"""Reads for the import pages."""

from django.db.models import QuerySet

from imports.models import BatchStatus, ImportBatch
from networks.models import Network


def batches(network: Network) -> QuerySet[ImportBatch]:
    """The network's imports (done and undone; drafts are private to who uploaded them), newest first."""
    return (
        ImportBatch.objects.filter(network=network)
        .exclude(status=BatchStatus.DRAFT)
        .select_related("created_by", "undone_by")
        .defer("sheets", "restore")
        .order_by("-imported_at", "-id")
    )


def running_job(user, batch: ImportBatch):
    """The user's background job that is importing this draft, if one is waiting or running."""
    from jobs.models import Job

    return (
        Job.objects.filter(user=user, kind="import", status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
        .filter(params__batch=batch.pk)
        .only("pk")
        .first()
    )
