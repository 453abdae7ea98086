"""Reads for the privacy pages, each with a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from people.models import Participant
from privacy.models import AuditEntry, Consent


def file_log(*, organisation_id: int, participant_id: int, limit: int = 500) -> QuerySet[AuditEntry]:
    """Every audit entry about one participant in this organisation, newest first (one query)."""
    return AuditEntry.objects.filter(organisation_id=organisation_id, participant_id=participant_id)[:limit]


def privacy_page(*, participant) -> dict:
    """Consents and points of attention of one participant (two queries)."""
    from privacy.models import Consent, ConsentScope, PointOfAttention

    consents = {c.scope: c for c in Consent.objects.filter(participant=participant)}
    rows = [
        {"scope": scope, "label": label, "consent": consents.get(scope)}
        for scope, label in ConsentScope.choices
    ]
    attention = consents.get(ConsentScope.POINTS_OF_ATTENTION)
    return {
        "participant": participant,
        "consents": consents,
        "consent_rows": rows,
        "attention_consent": bool(attention and attention.given),
        "points": list(PointOfAttention.objects.filter(participant=participant))
        if attention and attention.given
        else [],
    }


def consents(person: Participant) -> list[Consent]:
    """One record's consent answers, by question (the merge confirmation page). 1 query."""
    return list(Consent.objects.filter(participant=person).order_by("scope"))
