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
