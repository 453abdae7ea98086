"""Reads for the privacy pages, each with a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from privacy.models import AuditEntry


def file_log(*, organisation_id: int, participant_id: int, limit: int = 500) -> QuerySet[AuditEntry]:
    """Every audit entry about one participant in this organisation, newest first (one query)."""
    return AuditEntry.objects.filter(organisation_id=organisation_id, participant_id=participant_id)[:limit]
