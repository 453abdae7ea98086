"""Erasure (AVG art. 17) and retention: a participant is anonymised, not deleted.

Counts stay right (a participation, its route events and attendance remain, without identity)
while everything that identifies the person or is free text about them is gone, including the
values in the change history and mentions of their name in network-level free text.
"""

from __future__ import annotations

import re

from django.apps import apps
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from core.dates import add_months
from core.history import without_history
from people.models import LEFT_STAGES, Participant, Participation
from privacy.audit import audit
from privacy.models import AuditEntry, FieldChange
from privacy.registry import ERASURE_HOOKS, PERSONAL_DATA
from privacy.services import redact_history

ANONYMOUS = "—"
_SWEEP_APPS = {"people", "networks", "practice", "support", "evaluation", "privacy"}
_NOT_SWEPT = {AuditEntry, FieldChange}


_IDENTIFYING = ("name", "full_name", "email", "phone", "address")


def _identifiers(participant: Participant) -> list[str]:
    """Every name, phone number, e-mail and address the person has, and ever had: the current values
    and the old ones in the change history (a phone number changed last year may still stand in a
    logbook entry)."""
    values = [getattr(participant, name) for name in _IDENTIFYING]
    full_names = [participant.full_name]
    for changes in FieldChange.objects.filter(
        participant_id=participant.pk, model="people.Participant"
    ).values_list("changes", flat=True):
        for name in _IDENTIFYING:
            for value in (changes or {}).get(name) or ():
                if isinstance(value, str):
                    values.append(value)
                    if name == "full_name":
                        full_names.append(value)
    values += [part for full_name in full_names if full_name for part in full_name.split()]
    # Very short strings (initials) would wipe unrelated words.
    return sorted({v.strip() for v in values if v and len(v.strip()) >= 3}, key=len, reverse=True)


def _organisation_filter(model: type[models.Model], organisation_id: int) -> Q | None:
    names = {f.name for f in model._meta.concrete_fields}
    if "organisation" in names:
        return Q(organisation_id=organisation_id)
    if "network" in names:
        return Q(network__organisation_id=organisation_id)
    if "participation" in names:
        return Q(participation__network__organisation_id=organisation_id)
    if "participant" in names:
        return Q(participant__organisation_id=organisation_id)
    return None


def _sweep_mentions(participant: Participant, identifiers: list[str]) -> int:
    """Replace the person's name etc. in free text anywhere in the organisation (e.g. a logbook)."""
    if not identifiers:
        return 0
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(i)}(?!\w)" for i in identifiers), re.IGNORECASE)
    changed = 0
    for model in apps.get_models():
        if model._meta.app_label not in _SWEEP_APPS or model in _NOT_SWEPT:
            continue
        scope = _organisation_filter(model, participant.organisation_id)
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices and not f.primary_key
        ]
        if scope is None or not fields:
            continue
        mention = Q()
        for name in fields:
            for ident in identifiers:
                mention |= Q(**{f"{name}__icontains": ident})
        for obj in model._default_manager.filter(scope).filter(mention):
            updates = {}
            for name in fields:
                value = getattr(obj, name) or ""
                new = pattern.sub("[…]", value)
                if new != value:
                    updates[name] = new
            if updates:
                with without_history():  # the history must not keep the words being removed
                    model._default_manager.filter(pk=obj.pk).update(**updates)
                changed += 1
    return changed


@transaction.atomic
def participant_erase(*, actor, participant: Participant, reason: str = "request") -> dict:
    """Anonymise one participant everywhere. Returns counts of what was done (for reports)."""
    identifiers = _identifiers(participant)
    report = {"participant_id": participant.pk, "rows_blanked": 0, "rows_deleted": 0, "links_removed": 0}
    for label, entry in PERSONAL_DATA.items():
        model = entry.model
        if entry.many_to_many is not None:
            # A row about several people (a logbook entry) stays; the link to this person goes.
            # Their name in its text is removed by the mention sweep below.
            report["links_removed"] += entry.unlink(participant.pk)
            continue
        rows = model._default_manager.filter(**{entry.participant_path: participant.pk})
        if entry.delete_on_erasure:
            report["rows_deleted"] += rows.count()
            for obj in rows:
                obj.delete()
            continue
        fields = entry.text_fields()
        if label == "people.Participant":
            values = {name: entry.replacements.get(name, "") for name in fields}
            values.update(birth_year=None, anonymised_at=timezone.now())
        else:
            values = {name: entry.replacements.get(name, "") for name in fields}
        if values:
            # No new history with the old values (core.history.without_history).
            with without_history():
                report["rows_blanked"] += rows.update(**values)
    report["history_redacted"] = redact_history(participant_id=participant.pk)
    report["mentions_removed"] = _sweep_mentions(participant, identifiers)
    report["files_removed"] = sum(hook(participant=participant) for hook in ERASURE_HOOKS)
    audit(
        user=actor,
        action=f"erasure.{reason}",
        participant_id=participant.pk,
        organisation_id=participant.organisation_id,
    )
    return report


def expired_participants(*, organisation, today=None):
    """People who left every network longer ago than the organisation's retention period."""
    today = today or timezone.localdate()
    cutoff = add_months(today, -organisation.retention_months)
    still_active = Participation.objects.exclude(stage__in=LEFT_STAGES).values("participant_id")
    return (
        Participant.objects.filter(organisation=organisation, anonymised_at__isnull=True)
        .exclude(pk__in=still_active)
        .annotate(left_on=Max("participations__stage_since"))
        .filter(left_on__lt=cutoff)
        .order_by("pk")
    )
