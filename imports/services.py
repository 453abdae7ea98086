"""Writes of the import: a draft from an upload, its mapping, the import itself and its undo.

`import_run` does the whole import in one transaction (all or nothing) and is the one function a
background job would call for a large file (docs/import.md); it records everything through the
people and practice services, replaying the sessions in date order so stages and follow-ups are
derived as if the sessions had been recorded on their days.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import hooks
from core.formatting import written_date
from imports import mapping as m
from imports.models import BatchStatus, CreatedKind, ImportBatch, ImportedObject
from imports.plan import Person, Plan, build_plan, weekday_of
from imports.reading import Sheet
from networks.models import Network
from people.models import (
    ACTIVE_STAGES,
    LEFT_STAGES,
    DropoutReason,
    Participant,
    Participation,
    Partner,
    RouteEvent,
    Stage,
)
from people.services import derive_stage, participants_register, route_record
from practice import services as practice
from practice.models import (
    Activity,
    Attendance,
    FollowUp,
    FollowUpAction,
    FollowUpOutcome,
    Presence,
    Recurrence,
    ReferralTarget,
    Session,
    SessionChange,
    Task,
)

FOLLOWUP_FIELDS = (
    "outcome",
    "closed_on",
    "closed_by_id",
    "dropout_reason",
    "referral_target",
    "outcome_note",
    "version",
)


def imports_expire() -> dict[str, int]:
    """What the import keeps only for a while (`manage.py imports_expire`, and the jobs worker's
    housekeeping every minute): drafts older than IMPORT_DRAFT_HOURS with their cells, and the undo
    data of imports whose undo time (IMPORT_UNDO_HOURS) has passed: the stages and follow-ups as they
    were before (`ImportBatch.restore`, which may hold a follow-up's note). The list of what an import
    created (ids only) and its counts stay, so its page still says what it did."""
    limit = timezone.now() - dt.timedelta(hours=settings.IMPORT_UNDO_HOURS)
    cleared = (
        ImportBatch.objects.filter(status=BatchStatus.DONE, imported_at__lt=limit)
        .exclude(restore={})
        .update(restore={})
    )
    return {"drafts": drafts_expire(), "undo_data": cleared}


def drafts_expire(*, network: Network | None = None) -> int:
    """Delete drafts (with the cells they hold) older than IMPORT_DRAFT_HOURS. Returns how many."""
    limit = timezone.now() - dt.timedelta(hours=settings.IMPORT_DRAFT_HOURS)
    old = ImportBatch.objects.filter(status=BatchStatus.DRAFT, created_at__lt=limit)
    if network is not None:
        old = old.filter(network=network)
    deleted, _rows = old.delete()
    return deleted


@transaction.atomic
def batch_create(*, actor: User, network: Network, file_name: str, sheets: list[Sheet]) -> ImportBatch:
    """A draft from a file read in memory (imports.reading). The person's earlier drafts for this
    network are replaced; a mapping of a sheet with the same header as in the previous draft is kept."""
    previous = (
        ImportBatch.objects.filter(network=network, created_by=actor, status=BatchStatus.DRAFT)
        .order_by("-created_at")
        .first()
    )
    earlier: dict[tuple, dict] = {}
    if previous is not None:
        for sheet, entry in zip(previous.sheets, previous.mapping.get("sheets") or [], strict=False):
            if sheet["rows"]:
                earlier[tuple(sheet["rows"][0])] = entry
    entries = []
    for sheet in sheets:
        header = sheet.rows[0]
        kind = m.guess_kind(header)
        entries.append(
            earlier.get(tuple(header))
            or {
                "kind": kind,
                "columns": {str(i): f for i, f in m.guess_mapping(header, kind).items()},
            }
        )
    mapping = {"sheets": entries, "activity": None, "activity_name": ""}
    if previous is not None:
        mapping["activity"] = previous.mapping.get("activity")
        mapping["activity_name"] = previous.mapping.get("activity_name", "")
    ImportBatch.objects.filter(network=network, created_by=actor, status=BatchStatus.DRAFT).delete()
    return ImportBatch.objects.create(
        network=network,
        created_by=actor,
        file_name=file_name[:200],
        sheets=[s.as_json() for s in sheets],
        mapping=mapping,
    )


@transaction.atomic
def batch_set_mapping(*, actor: User, batch: ImportBatch, mapping: dict) -> None:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.DRAFT:
        raise ValidationError(_("This import has already been done."))
    batch.mapping = mapping
    batch.version += 1
    batch.save(update_fields=["mapping", "version"])


def import_check(plan: Plan) -> None:
    """What refuses an import before anything is written (also checked before a background job starts)."""
    if plan.problems:
        raise ValidationError(
            _("%(count)s rows have problems: fix them in the sheet and upload it again, or skip them.")
            % {"count": plan.problem_rows}
        )
    if not plan.people:
        raise ValidationError(_("There is nothing to import."))
    if plan.dates and plan.activity is None and not plan.activity_name:
        raise ValidationError(_("Choose the activity the attendance belongs to."))


def import_size(plan: Plan) -> int:
    """How much an import writes: its people and their presences and excuses. Above
    IMPORT_BACKGROUND_ABOVE it runs as a background job (docs/import.md)."""
    return len(plan.people) + plan.count("present") + plan.count("excused")


def in_background(plan: Plan) -> bool:
    return import_size(plan) > settings.IMPORT_BACKGROUND_ABOVE


def _created(batch: ImportBatch, kind: str, ids) -> None:
    ImportedObject.objects.bulk_create(ImportedObject(batch=batch, kind=kind, object_id=pk) for pk in ids)


@transaction.atomic
def import_run(
    *,
    actor: User,
    batch: ImportBatch,
    decisions: dict | None = None,
    skip_problems: bool = False,
    progress: Callable[[float, str], None] | None = None,
) -> Plan:
    """Import a draft as a whole. Raises ValidationError (nothing written) when rows have problems
    that were not skipped explicitly, or when anything on the way is refused by the services.

    `progress(fraction, text)` is told what it is doing (a background job shows it); an exception it
    raises stops the import and nothing is written."""
    batch = ImportBatch.objects.select_for_update().select_related("network").get(pk=batch.pk)
    network = Network.objects.select_for_update().get(pk=batch.network_id)
    if batch.status != BatchStatus.DRAFT:
        raise ValidationError(_("This import has already been done."))
    today = timezone.localdate()
    plan = build_plan(
        network=network,
        sheets=batch.sheets,
        mapping=batch.mapping,
        decisions=decisions,
        skip_problems=skip_problems,
        today=today,
    )
    import_check(plan)

    route_before = RouteEvent.objects.filter(participation__network=network).aggregate(m=Max("id"))["m"] or 0
    followup_before = FollowUp.objects.filter(network=network).aggregate(m=Max("id"))["m"] or 0
    participations_before = {
        pk: [stage, since.isoformat(), first.isoformat() if first else None, confirmed]
        for pk, stage, since, first, confirmed in Participation.objects.filter(network=network).values_list(
            "pk", "stage", "stage_since", "first_visit", "stage_confirmed"
        )
    }
    followups_before = {
        row["id"]: row for row in FollowUp.objects.filter(network=network).values("id", *FOLLOWUP_FIELDS)
    }
    tasks_before = set(Task.objects.filter(network=network).values_list("pk", flat=True))

    # People already in the network keep their stage while history is replayed day by day (the
    # derivation as of a past day would misjudge someone whose route lies after it); they are
    # derived once, as of today, at the end.
    held = list(
        Participation.objects.filter(
            network=network, stage__in=ACTIVE_STAGES, stage_confirmed=False
        ).values_list("pk", flat=True)
    )
    Participation.objects.filter(pk__in=held).update(stage_confirmed=True)

    activity = plan.activity
    if plan.dates and activity is None:
        activity = practice.activity_create(
            actor=actor,
            network=network,
            name=plan.activity_name[:120],
            audience="group",
            recurrence=Recurrence.WEEKLY,
            weekday=weekday_of(plan.dates),
            start_time=dt.time(14, 0),
            duration_minutes=120,
            active_from=plan.dates[0],
            active_until=None,
        )
        _created(batch, CreatedKind.ACTIVITY, [activity.pk])
    tasks = {
        m.normalise(t.name): t for t in Task.objects.filter(network=network)
    }  # with a new activity's list
    for name in plan.new_tasks:
        if m.normalise(name) not in tasks:
            tasks[m.normalise(name)] = practice.task_add(network=network, name=name[:80])

    ids: dict[str, int] = {p.ref: p.existing_id for p in plan.people if p.existing_id is not None}
    newcomers = [p for p in plan.people if p.existing_id is None]
    partners = {
        p.pk: p for p in Partner.objects.filter(pk__in={p.partner_id for p in newcomers if p.partner_id})
    }
    if progress is not None:
        progress(0.05, _("Registering %(count)s participants") % {"count": len(newcomers)})
    registered = participants_register(
        actor=actor,
        network=network,
        people=[
            {
                "name": person.name,
                "date": person.start_date,
                "full_name": person.full_name,
                "stage": Stage.INVITED if person.stage == Stage.INVITED else Stage.FIRST_VISIT,
                "partner": partners.get(person.partner_id),
                **person.profile,
                **({"invited_by_partner": partners[person.partner_id]} if person.partner_id else {}),
            }
            for person in newcomers
        ],
    )
    ids.update(
        {person.ref: participant.pk for person, participant in zip(newcomers, registered, strict=True)}
    )
    new_ids = [ids[p.ref] for p in plan.people if p.existing_id is None]
    _created(batch, CreatedKind.PARTICIPANT, new_ids)

    # Stages from the sheet (new people only): steps on their own day, between the sessions.
    steps: dict[dt.date, list[Person]] = defaultdict(list)
    for person in plan.people:
        if person.existing_id is None and person.stage in (Stage.SETTLING_IN, Stage.STRUCTURAL, *LEFT_STAGES):
            steps[person.step_date].append(person)
    marks_by_day: dict[dt.date, dict[int, practice.Mark]] = defaultdict(dict)
    for person in plan.people:
        for day, mark in person.marks.items():
            task_ids = {}
            for name in mark.tasks:
                task = tasks[m.normalise(name)]
                task_ids[task.pk] = name if task.needs_text else ""
            marks_by_day[day][ids[person.ref]] = practice.Mark(
                status=mark.status, reason=mark.reason, tasks=task_ids
            )
    # All sessions at once (a few queries whatever their size), then the history replayed day by day:
    # the derivations read only the sessions up to the day they are asked about.
    sessions = {}
    if marks_by_day:
        sessions = practice.sessions_record_past(
            actor=actor, activity=activity, marks=marks_by_day, token=f"import-{batch.pk}"
        )
    session_ids = [sessions[day].pk for day in sorted(sessions)]
    # What session_record does for someone invited or who had left and comes: a step on their route.
    # Only people in those stages now, or who leave by the sheet, can meet it (read when they come).
    watch = set(
        Participation.objects.filter(network=network, stage__in=[Stage.INVITED, *LEFT_STAGES]).values_list(
            "participant_id", flat=True
        )
    ) | {ids[p.ref] for p in plan.people if p.existing_id is None and p.stage in LEFT_STAGES}
    days = sorted(set(marks_by_day) | set(steps))
    done_sessions = 0
    for number, day in enumerate(days, start=1):
        if day in marks_by_day:
            _route_steps_of_the_present(
                actor=actor,
                network=network,
                day=day,
                present=[
                    pid
                    for pid, mark in marks_by_day[day].items()
                    if pid in watch and mark.status == Presence.PRESENT
                ],
            )
            practice.stages_derive(network=network, today=day)
            practice.followups_refresh(network=network, today=day)
            done_sessions += 1
        for person in steps.get(day, []):
            _record_step(actor=actor, network=network, participant_id=ids[person.ref], person=person)
        if progress is not None and (day in marks_by_day):
            progress(
                0.3 + 0.65 * number / len(days),
                _("Session %(number)s of %(total)s (%(date)s)")
                % {"number": done_sessions, "total": len(sessions), "date": written_date(day)},
            )
    _created(batch, CreatedKind.SESSION, session_ids)

    Participation.objects.filter(pk__in=held).update(stage_confirmed=False)
    practice.stages_derive(network=network, today=today)
    practice.followups_refresh(network=network, today=today)

    _created(
        batch,
        CreatedKind.TASK,
        set(Task.objects.filter(network=network).values_list("pk", flat=True)) - tasks_before,
    )
    new_participations = set(
        Participation.objects.filter(participant_id__in=new_ids).values_list("pk", flat=True)
    )
    _created(
        batch,
        CreatedKind.ROUTE_EVENT,
        RouteEvent.objects.filter(participation__network=network, pk__gt=route_before)
        .exclude(participation_id__in=new_participations)
        .values_list("pk", flat=True),
    )
    _created(
        batch,
        CreatedKind.FOLLOWUP,
        FollowUp.objects.filter(network=network, pk__gt=followup_before).values_list("pk", flat=True),
    )
    changed_participations = {
        str(pk): before
        for pk, stage, since, first, confirmed in Participation.objects.filter(
            pk__in=participations_before
        ).values_list("pk", "stage", "stage_since", "first_visit", "stage_confirmed")
        if (before := participations_before[pk])
        != [stage, since.isoformat(), first.isoformat() if first else None, confirmed]
    }
    changed_followups = {
        str(row["id"]): _json(followups_before[row["id"]])
        for row in FollowUp.objects.filter(pk__in=followups_before).values("id", *FOLLOWUP_FIELDS)
        if row != followups_before[row["id"]]
    }
    batch.restore = {"participations": changed_participations, "followups": changed_followups}
    batch.summary = {
        "participants": len(new_ids),
        "matched": sum(1 for p in plan.people if p.existing_id is not None),
        "sessions": len(session_ids),
        "present": plan.count("present"),
        "excused": plan.count("excused"),
        "tasks": len(plan.new_tasks),
        "activity": activity.name if activity else "",
        "skipped_rows": plan.skipped_rows,
        "followups": ImportedObject.objects.filter(batch=batch, kind=CreatedKind.FOLLOWUP).count(),
    }
    batch.status, batch.sheets, batch.imported_at = BatchStatus.DONE, [], timezone.now()
    batch.version += 1
    batch.save(update_fields=["restore", "summary", "status", "sheets", "imported_at", "version"])
    hooks.on_record_changed(
        user=actor,
        action="import",
        object_type="import",
        object_id=batch.pk,
        organisation_id=network.organisation_id,
        detail=f"participants={len(new_ids)} sessions={len(session_ids)} network={network.pk}",
    )
    return plan


def _json(row: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items() if k != "id"}


def _route_steps_of_the_present(*, actor: User, network: Network, day: dt.date, present: list[int]) -> None:
    """Someone invited, or who had left, was present: a first visit or a return on that day (as
    `practice.services.session_record` records it; not for a session before their current step)."""
    if not present:
        return
    found = {
        p.participant_id: p
        for p in Participation.objects.filter(
            network=network, participant_id__in=present, stage__in=[Stage.INVITED, *LEFT_STAGES]
        )
    }
    for participation in (found[pid] for pid in present if pid in found):  # in the order of the form
        if day < participation.stage_since:
            continue
        stage = Stage.FIRST_VISIT if participation.stage == Stage.INVITED else Stage.RETURNED
        route_record(actor=actor, participation=participation, stage=stage, date=day)


def _record_step(*, actor: User, network: Network, participant_id: int, person: Person) -> None:
    """A stage from the sheet, through the route services. Leaving closes an open follow-up the
    replay opened (as the worker would, with that outcome); settling in and structural count as
    confirmed by the worker, as when chosen on the participant's page."""
    participation = Participation.objects.get(participant_id=participant_id, network=network)
    date = max(person.step_date, participation.stage_since)
    open_followup = FollowUp.objects.filter(participation=participation, closed_on__isnull=True).first()
    if person.stage == Stage.DROPPED_OUT and open_followup is not None:
        practice.followup_close(
            actor=actor,
            followup=open_followup,
            expected_version=open_followup.version,
            outcome=FollowUpOutcome.DROPPED_OUT,
            date=date,
            dropout_reason=DropoutReason.UNKNOWN,
        )
    elif person.stage == Stage.REFERRED and open_followup is not None:
        practice.followup_close(
            actor=actor,
            followup=open_followup,
            expected_version=open_followup.version,
            outcome=FollowUpOutcome.REFERRED,
            date=date,
            referral_target=ReferralTarget.OTHER,
        )
    else:
        route_record(
            actor=actor,
            participation=participation,
            stage=person.stage,
            date=date,
            dropout_reason=DropoutReason.UNKNOWN if person.stage == Stage.DROPPED_OUT else "",
            referral_target=ReferralTarget.OTHER if person.stage == Stage.REFERRED else "",
        )


# ----- undo ---------------------------------------------------------------------------------------


def undo_deadline(batch: ImportBatch) -> dt.datetime | None:
    if batch.imported_at is None:
        return None
    return batch.imported_at + dt.timedelta(hours=settings.IMPORT_UNDO_HOURS)


def can_undo(batch: ImportBatch, user: User) -> bool:
    deadline = undo_deadline(batch)
    return (
        batch.status == BatchStatus.DONE
        and batch.created_by_id == user.pk
        and deadline is not None
        and timezone.now() <= deadline
    )


def _ids(batch: ImportBatch, kind: str) -> list[int]:
    return list(batch.created.filter(kind=kind).values_list("object_id", flat=True))


def later_work(batch: ImportBatch) -> list[str]:
    """What was recorded after the import on what it created; undo would remove it, so it refuses."""
    people, sessions = _ids(batch, CreatedKind.PARTICIPANT), _ids(batch, CreatedKind.SESSION)
    followups = _ids(batch, CreatedKind.FOLLOWUP)
    found = []
    if Attendance.objects.filter(participant_id__in=people).exclude(session_id__in=sessions).exists():
        found.append(_("presence of imported participants at other sessions"))
    if Session.objects.filter(pk__in=sessions, version__gt=1).exists() or (
        SessionChange.objects.filter(session_id__in=sessions)
        .exclude(changed_at__lte=batch.imported_at)
        .exists()
    ):
        found.append(_("changes to imported sessions"))
    if RouteEvent.objects.filter(
        participation__participant_id__in=people, recorded_at__gt=batch.imported_at, recorded_by__isnull=False
    ).exists():
        found.append(_("route steps of imported participants"))
    if FollowUpAction.objects.filter(followup_id__in=followups).exists():
        found.append(_("follow-up actions"))
    if Participant.objects.filter(pk__in=people, log_entries__isnull=False).exists():
        found.append(_("logbook entries about imported participants"))
    if Participant.objects.filter(pk__in=people, version__gt=1).exists():
        found.append(_("changes to imported participants"))
    return found


@transaction.atomic
def import_undo(*, actor: User, batch: ImportBatch) -> None:
    """Remove everything the import created and put back what it changed. Only the person who
    imported, within IMPORT_UNDO_HOURS, and only while nothing was recorded on top of it."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.DONE:
        raise ValidationError(_("This import cannot be undone."))
    if batch.created_by_id != actor.pk:
        raise ValidationError(_("Only the person who did the import can undo it."))
    if timezone.now() > undo_deadline(batch):
        raise ValidationError(_("The time to undo this import has passed."))
    Network.objects.select_for_update().get(pk=batch.network_id)
    later = later_work(batch)
    if later:
        raise ValidationError(
            _("Something was recorded after the import (%(what)s); undoing it would remove that too.")
            % {"what": ", ".join(later)}
        )
    people = _ids(batch, CreatedKind.PARTICIPANT)
    Session.objects.filter(pk__in=_ids(batch, CreatedKind.SESSION)).delete()
    FollowUp.objects.filter(pk__in=_ids(batch, CreatedKind.FOLLOWUP)).delete()
    RouteEvent.objects.filter(pk__in=_ids(batch, CreatedKind.ROUTE_EVENT)).delete()
    for participant in Participant.objects.filter(pk__in=people):
        participant.delete()
    Task.objects.filter(pk__in=_ids(batch, CreatedKind.TASK)).delete()
    Activity.objects.filter(pk__in=_ids(batch, CreatedKind.ACTIVITY)).delete()
    for pk, (stage, since, first, confirmed) in (batch.restore.get("participations") or {}).items():
        Participation.objects.filter(pk=int(pk)).update(
            stage=stage, stage_since=since, first_visit=first, stage_confirmed=confirmed
        )
    for pk, values in (batch.restore.get("followups") or {}).items():
        FollowUp.objects.filter(pk=int(pk)).update(**values)
    for participation in Participation.objects.filter(
        pk__in=[int(pk) for pk in batch.restore.get("participations") or {}]
    ):
        events = list(participation.events.all())
        if events:  # the route as it is now decides, as everywhere (people.services.derive_stage)
            stage, since, first = derive_stage(events)
            Participation.objects.filter(pk=participation.pk).update(
                stage=stage, stage_since=since, first_visit=first
            )
    batch.status, batch.undone_at, batch.undone_by = BatchStatus.UNDONE, timezone.now(), actor
    batch.version += 1
    batch.save(update_fields=["status", "undone_at", "undone_by", "version"])
    hooks.on_record_changed(
        user=actor,
        action="import_undone",
        object_type="import",
        object_id=batch.pk,
        organisation_id=batch.network.organisation_id,
        detail=f"participants={len(people)} network={batch.network_id}",
    )
