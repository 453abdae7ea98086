"""Writes for the weekly practice: activities, sessions, attendance, logbook, house rules, follow-up.

Also the two derivations that keep people's routes in step with what happens in the group:
- the structural rule (first visit at least 91 days ago, not left, present at least once in the
  network's window) writes derived route events, unless the worker confirmed the stage by hand;
- the follow-up trigger opens a follow-up when a settling-in or structural participant missed
  `network.followup_after_missed` held sessions in a row (excused sessions are skipped).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.concurrency import ConflictError, save_with_version
from core.formatting import written_date
from networks.models import Network
from people.models import (
    ACTIVE_STAGES,
    LEFT_STAGES,
    InvitedVia,
    Participant,
    Participation,
    RouteEvent,
    Stage,
)
from people.services import (
    derive_stage,
    join_text,
    participant_register,
    participation_add,
    repoint,
    route_record,
)
from practice.models import (
    Activity,
    Attendance,
    Contribution,
    FollowUp,
    FollowUpAction,
    FollowUpOutcome,
    HouseRule,
    HouseRuleRevision,
    LogEntry,
    Presence,
    Recurrence,
    Session,
    SessionChange,
    SessionStatus,
    Task,
)
from practice.rules import STRUCTURAL_AFTER_DAYS

FOLLOWUP_STAGES = (Stage.SETTLING_IN, Stage.STRUCTURAL)
# How far back the follow-up trigger looks; a streak longer than this already has a follow-up.
FOLLOWUP_LOOKBACK_DAYS = 26 * 7

DEFAULT_TASKS = [
    (gettext_lazy("groceries"), False),
    (gettext_lazy("cooking"), False),
    (gettext_lazy("setting the table"), False),
    (gettext_lazy("washing up"), False),
    (gettext_lazy("packing parcels"), False),
    (gettext_lazy("welcoming people"), False),
    (gettext_lazy("bringing in an idea"), False),
    (gettext_lazy("organising"), False),
    (gettext_lazy("other"), True),
]


# ----- tasks ------------------------------------------------------------------------------


@transaction.atomic
def tasks_ensure_defaults(*, network: Network) -> None:
    """Give a network the default task list the first time it gets an activity."""
    if Task.objects.filter(network=network).exists():
        return
    Task.objects.bulk_create(
        Task(network=network, name=str(name), needs_text=needs_text, position=i)
        for i, (name, needs_text) in enumerate(DEFAULT_TASKS)
    )


@transaction.atomic
def task_add(*, network: Network, name: str, needs_text: bool = False) -> Task:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the task a name.")})
    if Task.objects.filter(network=network, name__iexact=name).exists():
        raise ValidationError({"name": _("This task is already on the list.")})
    last = (
        Task.objects.filter(network=network).order_by("-position").values_list("position", flat=True).first()
    )
    return Task.objects.create(network=network, name=name, needs_text=needs_text, position=(last or 0) + 1)


@transaction.atomic
def task_set_archived(*, task: Task, archived: bool) -> None:
    """Tasks are never deleted: past contributions keep their meaning."""
    task.archived = archived
    task.save(update_fields=["archived"])


# ----- activities -------------------------------------------------------------------------


def _check_activity(fields: dict) -> None:
    errors: dict[str, str] = {}
    if fields["recurrence"] == Recurrence.WEEKLY and fields.get("weekday") is None:
        errors["weekday"] = _("Choose the day of the week.")
    until = fields.get("active_until")
    if until and until < fields["active_from"]:
        errors["active_until"] = _("The end date cannot be before the start date.")
    if not fields.get("duration_minutes"):
        errors["duration_minutes"] = _("How long does it take?")
    if errors:
        raise ValidationError(errors)
    if fields["recurrence"] == Recurrence.ONCE:
        fields["weekday"] = fields["active_from"].weekday()
        fields["active_until"] = fields["active_from"]


ACTIVITY_FIELDS = (
    "name",
    "audience",
    "recurrence",
    "weekday",
    "start_time",
    "duration_minutes",
    "active_from",
    "active_until",
)


@transaction.atomic
def activity_create(*, actor: User, network: Network, **fields) -> Activity:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"Unknown activity fields: {sorted(unknown)}")
    _check_activity(fields)
    activity = Activity.objects.create(network=network, **fields)
    tasks_ensure_defaults(network=network)
    return activity


@transaction.atomic
def activity_update(*, actor: User, activity: Activity, expected_version: int, **fields) -> None:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"Unknown activity fields: {sorted(unknown)}")
    merged = {name: getattr(activity, name) for name in ACTIVITY_FIELDS} | fields
    _check_activity(merged)
    until = merged["active_until"]
    outside = activity.sessions.filter(date__lt=merged["active_from"])
    if until:
        outside = outside | activity.sessions.filter(date__gt=until)
    if outside.exists():
        raise ValidationError({"active_from": _("Sessions were already recorded outside this period.")})
    for name in ACTIVITY_FIELDS:
        setattr(activity, name, merged[name])
    save_with_version(activity, expected_version=expected_version, fields=list(ACTIVITY_FIELDS))


def activity_dates(activity: Activity, start: dt.date, end: dt.date) -> list[dt.date]:
    """The dates on which the activity takes place between start and end (inclusive)."""
    first = max(start, activity.active_from)
    last = min(end, activity.active_until) if activity.active_until else end
    if first > last or activity.weekday is None:
        return []
    day = first + dt.timedelta(days=(activity.weekday - first.weekday()) % 7)
    dates = []
    while day <= last:
        dates.append(day)
        day += dt.timedelta(days=7)
    return dates


def validate_session_date(activity: Activity, date: dt.date) -> None:
    if date < activity.active_from or (activity.active_until and date > activity.active_until):
        raise ValidationError(
            {"date": _("This date falls outside the period of %(activity)s.") % {"activity": activity.name}}
        )


# ----- sessions ---------------------------------------------------------------------------


@dataclass
class Mark:
    """What the session form says about one person."""

    status: str = Presence.ABSENT
    reason: str = ""
    tasks: dict[int, str] = field(default_factory=dict)  # task id -> text (for tasks like "other")


@dataclass
class SessionResult:
    session: Session
    duplicate: bool = False
    new_participants: list[Participant] = field(default_factory=list)


def _lock_session(activity: Activity, date: dt.date) -> Session | None:
    return Session.objects.select_for_update().filter(activity=activity, date=date).first()


@dataclass
class _SessionState:
    """What a save of a session starts from: the network's people and tasks, the recorded presence."""

    # participant id -> participation (None: a walk-in added by this save)
    participations: dict[int, Participation | None]
    tasks: dict[int, Task]  # task id -> task
    existing: dict[int, Attendance]  # participant id -> recorded attendance, with its contributions


def _session_state(network: Network, session: Session | None, read: dict | None) -> _SessionState:
    """The state the save works on, from `read` when it still holds, else read now.

    Every change to a session's presence goes through `session_record` and raises its version, so
    a read of the same version (taken before the lock) still holds. Participations and tasks are
    not locked either way (a step on someone's route locks and checks again)."""

    def seen(s: Session | None):
        return (s.pk, s.version) if s is not None else None

    if read is not None and seen(read["session"]) == seen(session):
        rows = read["rows"]
        return _SessionState(
            participations={row.participant.pk: row.participation for row in rows},
            tasks={t.pk: t for t in read["tasks"]},
            existing={row.participant.pk: row.attendance for row in rows if row.attendance is not None},
        )
    participations = {
        p.participant_id: p
        for p in Participation.objects.filter(network=network).select_related("participant")
    }
    tasks = {t.pk: t for t in Task.objects.filter(network=network)}
    existing = {}
    if session is not None:
        existing = {a.participant_id: a for a in session.attendances.prefetch_related("contributions")}
    return _SessionState(participations=participations, tasks=tasks, existing=existing)


def _known_walk_ins(network: Network, ids: list[int], error) -> list[Participant]:
    """The registered people picked for walk-ins: of this organisation, not erased, each once."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    people = {
        p.pk: p
        for p in Participant.objects.filter(
            pk__in=wanted, organisation_id=network.organisation_id, anonymised_at__isnull=True
        )
    }
    if len(people) != len(wanted):
        error("__all__", _("Someone chosen as a walk-in is not known in this organisation."))
    return [people[pk] for pk in wanted if pk in people]


def _new_session(*, actor: User, activity: Activity, date: dt.date, **fields) -> Session:
    try:
        with transaction.atomic():
            return Session.objects.create(
                activity=activity, network_id=activity.network_id, date=date, recorded_by=actor, **fields
            )
    except IntegrityError:
        # Someone else created it a moment ago: treat like any other concurrent edit.
        raise ConflictError(Session.objects.get(activity=activity, date=date)) from None


@transaction.atomic
def session_record(
    *,
    actor: User,
    activity: Activity,
    date: dt.date,
    expected_version: int,
    token: str,
    marks: dict[int, Mark],
    guests: int = 0,
    note: str = "",
    walk_ins: list[str] | None = None,
    walk_ins_known: list[int] | None = None,
    refresh: bool = True,
    read: dict | None = None,
) -> SessionResult:
    """Save a whole session at once: presence, contributions, guests, note and walk-ins.

    `expected_version` is 0 for a session that was not saved before. A second submit of the same
    form (same token) is recognised as a double tap and changes nothing. Everything is checked
    before anything is written, so a mistake leaves no half-saved session.

    `read` is what the form was built from (`practice.selectors.session_form_data`, read in the
    same request just before): its people, tasks and recorded presence are used instead of reading
    them again when the session, now locked, still has the version that read saw.

    Three steps: validate (`_session_check`, writes nothing), apply (the session's own fields, the
    walk-ins, then each person's presence and tasks; each step adds what it changed to `changes`),
    derive (the change record, then stages and follow-ups unless nothing they read changed).
    """
    validate_session_date(activity, date)
    if date > timezone.localdate():
        raise ValidationError({"date": _("Presence can be recorded on the day itself or later.")})
    network = activity.network
    session = _lock_session(activity, date)
    if session is not None and token and session.last_submission == token:
        return SessionResult(session=session, duplicate=True)
    if expected_version != (session.version if session else 0):
        raise ConflictError(session)
    state = _session_state(network, session, read)

    # 1. Validate: every problem at once, nothing written.
    names, known = _session_check(
        network,
        state,
        marks=marks,
        walk_ins=walk_ins or [],
        walk_ins_known=walk_ins_known or [],
        guests=guests,
    )

    # 2. Apply.
    changes: list[dict] = []
    existed = session is not None
    session = _session_apply_fields(
        actor=actor,
        activity=activity,
        date=date,
        session=session,
        expected_version=expected_version,
        fields={
            "status": SessionStatus.HELD,
            "cancel_reason": "",
            "guests": guests,
            "note": note.strip(),
            "last_submission": token,
        },
        changes=changes,
    )
    new_people = _session_apply_walk_ins(
        actor=actor,
        network=network,
        date=date,
        names=names,
        known=known,
        marks=marks,
        state=state,
        changes=changes,
    )
    for pid, mark in marks.items():
        _attendance_apply(
            actor=actor, session=session, date=date, pid=pid, mark=mark, state=state, changes=changes
        )

    # 3. Derive.
    today = timezone.localdate()
    # Asked before this save's change record exists. The demo replays history and refreshes as of
    # each session's own date (refresh=False).
    derive = refresh and _derivation_needed(session, existed=existed, changes=changes, today=today)
    if changes:
        SessionChange.objects.create(session=session, changed_by=actor, changes=changes)
    if derive:
        stages_derive(network=network, today=today)
        followups_refresh(network=network, today=today)
    return SessionResult(session=session, new_participants=new_people)


def _session_check(
    network: Network,
    state: _SessionState,
    *,
    marks: dict[int, Mark],
    walk_ins: list[str],
    walk_ins_known: list[int],
    guests: int | None,
) -> tuple[list[str], list[Participant]]:
    """Step 1 of a save: raise one ValidationError with every problem (keyed by form field), or
    return the new walk-ins' names and the registered people picked for walk-ins."""
    errors: dict[str, list[str]] = {}

    def error(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    for pid, mark in marks.items():
        participation = state.participations.get(pid)
        if participation is None:
            error("__all__", _("Someone on the form is not part of this network."))
            continue
        if mark.status not in Presence.values:
            error(f"p{pid}_status", _("Choose present, excused or absent."))
            continue
        if mark.tasks and mark.status != Presence.PRESENT:
            error(
                f"p{pid}_tasks",
                _("%(name)s is not marked present: mark them present or remove the tasks.")
                % {"name": participation.participant.name},
            )
        attendance = state.existing.get(pid)
        kept = {c.task_id for c in attendance.contributions.all()} if attendance else set()
        for task_id, text in mark.tasks.items():
            task = state.tasks.get(task_id)
            if task is None or (task.archived and task_id not in kept):
                error(f"p{pid}_tasks", _("This task is not on the list of this network."))
            elif task.needs_text and not text.strip():
                error(
                    f"p{pid}_other",
                    _("Say in a few words what %(name)s did.") % {"name": participation.participant.name},
                )
    names = [n.strip() for n in walk_ins if n and n.strip()]
    # Walk-ins the worker recognised as someone already registered (the duplicate warning).
    known = _known_walk_ins(network, walk_ins_known, error)
    if guests is None or guests < 0:
        error("guests", _("The number of guests cannot be negative."))
    if errors:
        raise ValidationError(errors)
    return names, known


def _session_apply_fields(
    *,
    actor: User,
    activity: Activity,
    date: dt.date,
    session: Session | None,
    expected_version: int,
    fields: dict,
    changes: list[dict],
) -> Session:
    """Step 2a: the session itself (held, guests, note, the form's token), created or saved by version."""
    if session is None:
        changes.append({"what": "status", "participant": None, "before": "", "after": SessionStatus.HELD})
        return _new_session(actor=actor, activity=activity, date=date, **fields)
    for name in ("status", "guests", "note"):
        if getattr(session, name) != fields[name]:
            changes.append(
                {"what": name, "participant": None, "before": getattr(session, name), "after": fields[name]}
            )
    for name, value in fields.items():
        setattr(session, name, value)
    save_with_version(session, expected_version=expected_version, fields=list(fields))
    return session


def _session_apply_walk_ins(
    *,
    actor: User,
    network: Network,
    date: dt.date,
    names: list[str],
    known: list[Participant],
    marks: dict[int, Mark],
    state: _SessionState,
    changes: list[dict],
) -> list[Participant]:
    """Step 2b: walk-ins become people of the network, marked present in `marks`. Returns the newly
    registered people. A walk-in is on the route with a first visit already (participation None)."""
    new_people = [
        participant_register(
            actor=actor,
            network=network,
            name=name,
            date=date,
            stage=Stage.FIRST_VISIT,
            invited_via=InvitedVia.WALK_IN,
        )
        for name in names
    ]
    for person in new_people:
        marks[person.pk] = Mark(status=Presence.PRESENT)
        changes.append({"what": "walk_in", "participant": person.pk, "before": "", "after": Presence.PRESENT})
        state.participations[person.pk] = None
    for person in known:
        if person.pk in state.participations:  # on this network's list: present, as if ticked there
            mark = marks.get(person.pk)
            marks[person.pk] = Mark(status=Presence.PRESENT, tasks=mark.tasks if mark else {})
            continue
        # Known from another network of the organisation: a first visit here, not a second person.
        participation_add(
            actor=actor, participant=person, network=network, stage=Stage.FIRST_VISIT, date=date
        )
        marks[person.pk] = Mark(status=Presence.PRESENT)
        changes.append({"what": "walk_in", "participant": person.pk, "before": "", "after": Presence.PRESENT})
        state.participations[person.pk] = None
    return new_people


def _attendance_apply(
    *,
    actor: User,
    session: Session,
    date: dt.date,
    pid: int,
    mark: Mark,
    state: _SessionState,
    changes: list[dict],
) -> None:
    """Step 2c, per person: presence, contributions, and a step on the route when someone came."""
    attendance = state.existing.get(pid)
    before_status = attendance.status if attendance else Presence.ABSENT
    before_tasks = {c.task_id: c.text for c in attendance.contributions.all()} if attendance else {}
    if mark.status == Presence.ABSENT:
        if attendance:
            attendance.delete()
    elif attendance is None:
        attendance = Attendance.objects.create(
            session=session, participant_id=pid, status=mark.status, reason=mark.reason
        )
    elif (attendance.status, attendance.reason) != (mark.status, mark.reason):
        attendance.status, attendance.reason = mark.status, mark.reason
        attendance.save(update_fields=["status", "reason"])
    if before_status != mark.status and not any(c.get("participant") == pid for c in changes):
        changes.append(
            {"what": "presence", "participant": pid, "before": before_status, "after": mark.status}
        )
    after_tasks = (
        {tid: text.strip() for tid, text in mark.tasks.items()} if mark.status == Presence.PRESENT else {}
    )
    if mark.status != Presence.ABSENT and attendance is not None:
        _contributions_apply(attendance, before_tasks, after_tasks)
    if before_tasks != after_tasks:
        changes.append(
            {
                "what": "tasks",
                "participant": pid,
                "before": sorted(before_tasks),
                "after": sorted(after_tasks),
            }
        )
    participation = state.participations.get(pid)
    # Someone invited, or who had left, came: that is a step on their route. A past session
    # from before their current step changes nothing on the route.
    if mark.status == Presence.PRESENT and participation is not None and date >= participation.stage_since:
        if participation.stage == Stage.INVITED:
            route_record(actor=actor, participation=participation, stage=Stage.FIRST_VISIT, date=date)
        elif participation.stage in LEFT_STAGES:
            route_record(actor=actor, participation=participation, stage=Stage.RETURNED, date=date)


def _contributions_apply(attendance: Attendance, before: dict[int, str], after: dict[int, str]) -> None:
    """The person's tasks at this session from `before` to `after` (task id -> text)."""
    for contribution in attendance.contributions.all():
        if contribution.task_id not in after:
            # One by one, as the form's read has them (with their attendance): the field
            # history records each, without reading them or their attendance again.
            contribution.delete()
    for tid, text in after.items():
        if tid not in before:
            Contribution.objects.create(attendance=attendance, task_id=tid, text=text)
        elif before[tid] != text:
            # save(), not update(): the "other, namely" text is personal data with field history.
            contribution = next(c for c in attendance.contributions.all() if c.task_id == tid)
            contribution.text = text
            contribution.save(update_fields=["text"])


@transaction.atomic
def sessions_record_past(
    *, actor: User, activity: Activity, marks: dict[dt.date, dict[int, Mark]], token: str
) -> dict[dt.date, Session]:
    """Many sessions of one activity that were not recorded before, at once (the import of a group's
    history): per date exactly what `session_record(..., refresh=False)` writes for a new session
    (a held session, its attendance and contributions, one change line, the field history), in a
    few queries whatever the number of people and dates.

    It does not derive stages or follow-ups and records no route steps: the caller replays those day
    by day (the derivations read only sessions up to the day they are asked about, so sessions of
    later dates written beforehand change nothing). Every date is checked before anything is written.
    """
    network = activity.network
    today = timezone.localdate()
    days = sorted(marks)
    for day in days:
        validate_session_date(activity, day)
        if day > today:
            raise ValidationError({"date": _("Presence can be recorded on the day itself or later.")})
    if Session.objects.filter(activity=activity, date__in=days).exists():
        raise ValidationError({"date": _("Presence was already recorded for this session; it took place.")})
    members = set(Participation.objects.filter(network=network).values_list("participant_id", flat=True))
    tasks = {t.pk: t for t in Task.objects.filter(network=network)}
    for day_marks in marks.values():  # what the import's plan has checked already, row by row
        for pid, mark in day_marks.items():
            if pid not in members or mark.status not in Presence.values:
                raise ValueError(f"participant {pid}: not in network {network.pk} or unknown presence")
            for task_id, text in mark.tasks.items():
                task = tasks.get(task_id)
                if (
                    mark.status != Presence.PRESENT
                    or task is None
                    or task.archived
                    or (task.needs_text and not text.strip())
                ):
                    raise ValueError(f"participant {pid}: task {task_id} cannot be recorded")
    sessions = Session.objects.bulk_create(
        [
            Session(
                activity=activity,
                network_id=network.pk,
                date=day,
                status=SessionStatus.HELD,
                cancel_reason="",
                guests=0,
                note="",
                last_submission=f"{token}-{day}"[:40],
                recorded_by=actor,
            )
            for day in days
        ]
    )
    by_day = {s.date: s for s in sessions}
    attendances: list[Attendance] = []
    changes: list[SessionChange] = []
    wanted_tasks: list[tuple[Attendance, dict[int, str]]] = []
    for day in days:
        session = by_day[day]
        lines: list[dict] = [
            {"what": "status", "participant": None, "before": "", "after": SessionStatus.HELD}
        ]
        for pid, mark in marks[day].items():
            if mark.status == Presence.ABSENT:
                continue
            attendance = Attendance(
                session=session, participant_id=pid, status=mark.status, reason=mark.reason
            )
            attendances.append(attendance)
            lines.append(
                {"what": "presence", "participant": pid, "before": Presence.ABSENT, "after": mark.status}
            )
            after = (
                {tid: text.strip() for tid, text in mark.tasks.items()}
                if mark.status == Presence.PRESENT
                else {}
            )
            if after:
                wanted_tasks.append((attendance, after))
                lines.append({"what": "tasks", "participant": pid, "before": [], "after": sorted(after)})
        changes.append(SessionChange(session=session, changed_by=actor, changes=lines))
    Attendance.objects.bulk_create(attendances, batch_size=500)
    contributions = [
        Contribution(attendance=attendance, task_id=tid, text=text)
        for attendance, after in wanted_tasks
        for tid, text in after.items()
    ]
    Contribution.objects.bulk_create(contributions, batch_size=500)
    SessionChange.objects.bulk_create(changes, batch_size=500)
    return by_day


# What the stage derivation and the follow-ups are computed from: who was present or excused at
# which held session (and the day). Tasks, guests and the note are not among it.
_PRESENCE_CHANGES = frozenset({"status", "presence", "walk_in"})


def _derivation_needed(session: Session, *, existed: bool, changes: list[dict], today: dt.date) -> bool:
    """Step 3: whether stages and follow-ups must be derived again after this save. Not when the
    session existed, this save changes no presence, and an earlier save today already derived them."""
    if not existed or _changes_presence(changes):
        return True
    return not _derived_today(session, today)


def _changes_presence(changes: list[dict]) -> bool:
    return any(change["what"] in _PRESENCE_CHANGES for change in changes)


def _derived_today(session: Session, today: dt.date) -> bool:
    """Whether this session was last changed today: that save derived the stages and follow-ups as
    of today, at the end of its transaction, and every later presence change derives again."""
    last = session.changes.values_list("changed_at", flat=True).first()  # latest first, by the index
    return last is not None and timezone.localdate(last) == today


@transaction.atomic
def session_cancel(
    *, actor: User, activity: Activity, date: dt.date, reason: str, expected_version: int
) -> Session:
    validate_session_date(activity, date)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a short reason, so the group knows why.")})
    session = _lock_session(activity, date)
    if (session.version if session else 0) != expected_version:
        raise ConflictError(session)
    if session is not None and session.attendances.exists():
        raise ValidationError({"reason": _("Presence was already recorded for this session; it took place.")})
    if session is None:
        session = _new_session(
            actor=actor, activity=activity, date=date, status=SessionStatus.CANCELLED, cancel_reason=reason
        )
    else:
        session.status, session.cancel_reason = SessionStatus.CANCELLED, reason
        save_with_version(session, expected_version=expected_version, fields=["status", "cancel_reason"])
    SessionChange.objects.create(
        session=session,
        changed_by=actor,
        changes=[{"what": "status", "participant": None, "before": "", "after": SessionStatus.CANCELLED}],
    )
    followups_refresh(network=activity.network, today=timezone.localdate())
    return session


# ----- the structural rule ----------------------------------------------------------------


def structural_holds(
    *, first_visit: dt.date | None, last_present: dt.date | None, window_weeks: int, today: dt.date
) -> bool:
    """The structural rule as of `today`: first visit at least 91 days ago and present at least once
    in the last window. Whether it holds depends on the latest presence (on or before today) alone."""
    return (
        first_visit is not None
        and first_visit + dt.timedelta(days=STRUCTURAL_AFTER_DAYS) <= today
        and last_present is not None
        and today - dt.timedelta(weeks=window_weeks) < last_present
    )


def structural_since(
    *, first_visit: dt.date | None, presences: list[dt.date], window_weeks: int, today: dt.date
) -> dt.date | None:
    """The day the structural rule holds as of `today`, or None if it does not hold today.

    Structural: first visit at least 91 days ago and present at least once in the last window.
    """
    ordered = sorted(p for p in presences if p <= today)
    if not structural_holds(
        first_visit=first_visit,
        last_present=ordered[-1] if ordered else None,
        window_weeks=window_weeks,
        today=today,
    ):
        return None
    window = dt.timedelta(weeks=window_weeks)
    eligible = first_visit + dt.timedelta(days=STRUCTURAL_AFTER_DAYS)
    # The rule has held without a break since the start of the current run of presences whose
    # windows overlap, but never before the 91 days were over.
    start = ordered[-1]
    for earlier in reversed(ordered[:-1]):
        if start - earlier > window:
            break
        start = earlier
    return max(start, eligible)


def _record_derived(steps: list[tuple[Participation, str, dt.date]]) -> None:
    """Derived steps (at most one per participation): recorded as route events without marking the
    stage as confirmed, in a few queries for all of them.

    people.services.route_record marks settling-in/structural as confirmed by the worker, which
    would stop the derivation, so derived steps are written here.
    """
    RouteEvent.objects.bulk_create(
        [
            RouteEvent(
                participation=participation,
                stage=stage,
                date=max(date, participation.stage_since),
                recorded_by=None,
                note=_("Derived from attendance."),
            )
            for participation, stage, date in steps
        ]
    )
    routes: dict[int, list[RouteEvent]] = defaultdict(list)
    for event in RouteEvent.objects.filter(participation_id__in=[p.pk for p, _s, _d in steps]):
        routes[event.participation_id].append(event)
    fields = ["stage", "stage_since", "first_visit"]
    changed = []
    for participation, _stage, _date in steps:
        stage, since, first_visit = derive_stage(routes[participation.pk])
        participation.stage, participation.stage_since, participation.first_visit = stage, since, first_visit
        changed.append(participation)
    Participation.objects.bulk_update(changed, fields)  # the QuerySet records the field history


@transaction.atomic
def stages_derive(*, network: Network, today: dt.date) -> int:
    """Bring unconfirmed stages in line with the structural rule. Returns the number of changes.

    Whether anyone's stage changes follows from their latest presence alone (present within the
    window or not, present after the first visit or not), so that is read first, one row per
    person. The whole attendance history is read only for the people whose stage changes, to
    date the change. This runs after every session save (docs/performance.md).
    """
    participations = list(
        Participation.objects.select_for_update().filter(
            network=network, stage__in=ACTIVE_STAGES, stage_confirmed=False
        )
    )
    if not participations:
        return 0
    window = dt.timedelta(weeks=network.structural_window_weeks)
    present = Attendance.objects.filter(
        session__network=network, status=Presence.PRESENT, session__date__lte=today
    )
    last_present = dict(
        present.filter(participant_id__in=[p.participant_id for p in participations])
        .order_by()
        .values("participant_id")
        .annotate(last=Max("session__date"))
        .values_list("participant_id", "last")
    )
    changing: list[tuple[Participation, str]] = []
    for participation in participations:
        last = last_present.get(participation.participant_id)
        first_visit = participation.first_visit
        structural = structural_holds(
            first_visit=first_visit,
            last_present=last,
            window_weeks=network.structural_window_weeks,
            today=today,
        )
        if structural and participation.stage != Stage.STRUCTURAL:
            changing.append((participation, Stage.STRUCTURAL))
        elif not structural and participation.stage == Stage.STRUCTURAL:
            changing.append((participation, Stage.SETTLING_IN))
        elif (
            not structural
            and participation.stage == Stage.FIRST_VISIT
            and last is not None
            and last > (first_visit or participation.stage_since)
        ):  # coming back after the first visit: finding a place in the group
            changing.append((participation, Stage.SETTLING_IN))
    if not changing:
        return 0
    presences: dict[int, list[dt.date]] = defaultdict(list)
    for pid, date in present.filter(
        participant_id__in=[p.participant_id for p, _stage in changing]
    ).values_list("participant_id", "session__date"):
        presences[pid].append(date)
    steps: list[tuple[Participation, str, dt.date]] = []
    for participation, stage in changing:
        dates = presences[participation.participant_id]
        if stage == Stage.STRUCTURAL:
            since = structural_since(
                first_visit=participation.first_visit,
                presences=dates,
                window_weeks=network.structural_window_weeks,
                today=today,
            )
            steps.append((participation, Stage.STRUCTURAL, since))
        elif participation.stage == Stage.STRUCTURAL:
            last = max(dates, default=participation.stage_since)
            steps.append((participation, Stage.SETTLING_IN, min(last + window, today)))
        else:
            later = [d for d in dates if d > (participation.first_visit or participation.stage_since)]
            steps.append((participation, Stage.SETTLING_IN, min(later)))
    _record_derived(steps)
    return len(changing)


@transaction.atomic
def stage_confirm(
    *, actor: User, participation: Participation, stage: str, date: dt.date | None = None
) -> None:
    """The worker confirms or corrects the stage; the derivation leaves it alone from then on."""
    if stage not in (Stage.SETTLING_IN, Stage.STRUCTURAL):
        raise ValidationError({"stage": _("Choose settling in or structural participant.")})
    date = date or timezone.localdate()
    route_record(
        actor=actor, participation=participation, stage=stage, date=max(date, participation.stage_since)
    )


@transaction.atomic
def stage_release(*, actor: User, participation: Participation) -> None:
    """Let the app derive the stage again after a confirmation by hand."""
    participation.stage_confirmed = False
    participation.save(update_fields=["stage_confirmed"])  # a save, not update(): field history
    stages_derive(network=participation.network, today=timezone.localdate())


# ----- follow-up --------------------------------------------------------------------------


def missed_streak(
    *, slots: list[dt.date], present: set[dt.date], excused: set[dt.date], since: dt.date | None
) -> tuple[int, dt.date | None]:
    """Held sessions missed in a row, counting back from the latest (excused ones are skipped).

    Returns (missed, last present date within the slots looked at).
    """
    missed = 0
    for day in sorted(slots, reverse=True):
        if since is not None and day <= since:
            break
        if day in present:
            return missed, day
        if day in excused:
            continue
        missed += 1
    return missed, None


@transaction.atomic
def followups_refresh(*, network: Network, today: dt.date) -> list[FollowUp]:
    """Open follow-ups for people who were missed N sessions in a row; close those who came back.

    A network's parallel activities on one day count as one slot: present at either is present.
    After a follow-up is closed only sessions after the closing day count, and after a "pause"
    nothing is opened again until the person has been present.
    """
    threshold = network.followup_after_missed
    start = today - dt.timedelta(days=FOLLOWUP_LOOKBACK_DAYS)
    slots = sorted(
        set(
            Session.objects.filter(
                network=network, status=SessionStatus.HELD, date__gte=start, date__lte=today
            ).values_list("date", flat=True)
        )
    )
    present: dict[int, set[dt.date]] = {}
    excused: dict[int, set[dt.date]] = {}
    for pid, status, date in Attendance.objects.filter(
        session__network=network,
        session__status=SessionStatus.HELD,
        session__date__gte=start,
        session__date__lte=today,
    ).values_list("participant_id", "status", "session__date"):
        (present if status == Presence.PRESENT else excused).setdefault(pid, set()).add(date)
    followups = list(FollowUp.objects.filter(network=network).order_by("opened_on", "id"))
    open_by: dict[int, FollowUp] = {f.participation_id: f for f in followups if f.closed_on is None}
    closed_by: dict[int, FollowUp] = {}
    for f in followups:
        if f.closed_on is not None:
            closed_by[f.participation_id] = f  # the latest closed one wins (ordered)
    opened: list[FollowUp] = []
    active = Participation.objects.filter(network=network, stage__in=ACTIVE_STAGES).values_list(
        "pk", "participant_id", "stage", "first_visit"
    )  # plain values: this runs after every session save
    for participation_id, pid, stage, first_visit in active:
        mine = present.get(pid, set())
        existing = open_by.get(participation_id)
        if existing is not None:
            # Back when the latest session they did not excuse themselves for saw them present.
            missed, seen = missed_streak(
                slots=slots, present=mine, excused=excused.get(pid, set()), since=None
            )
            if (
                missed == 0
                and seen is not None
                and (existing.last_present is None or seen > existing.last_present)
            ):
                existing.outcome = FollowUpOutcome.BACK
                existing.closed_on = seen
                existing.outcome_note = _("Present again on %(date)s.") % {"date": written_date(seen)}
                existing.save(update_fields=["outcome", "closed_on", "outcome_note"])
            continue
        if stage not in FOLLOWUP_STAGES:
            continue
        last_closed = closed_by.get(participation_id)
        since = first_visit
        if last_closed is not None:
            if last_closed.outcome == FollowUpOutcome.PAUSE and not any(
                d > last_closed.closed_on for d in mine
            ):
                continue
            since = max(since or last_closed.closed_on, last_closed.closed_on)
        missed, last_present = missed_streak(
            slots=slots, present=mine, excused=excused.get(pid, set()), since=since
        )
        if missed >= threshold:
            opened.append(
                FollowUp.objects.create(
                    participation_id=participation_id,
                    network=network,
                    opened_on=today,
                    missed=missed,
                    last_present=last_present or max(mine, default=None),
                )
            )
    return opened


@transaction.atomic
def followup_add_action(
    *, actor: User, followup: FollowUp, kind: str, date: dt.date, note: str = ""
) -> FollowUpAction:
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    return FollowUpAction.objects.create(
        followup=followup, kind=kind, date=date, note=note.strip(), recorded_by=actor
    )


@transaction.atomic
def followup_close(
    *,
    actor: User,
    followup: FollowUp,
    expected_version: int,
    outcome: str,
    date: dt.date,
    dropout_reason: str = "",
    referral_target: str = "",
    note: str = "",
) -> None:
    """Close a follow-up; leaving or being referred is written on the person's route."""
    if followup.closed_on is not None:
        raise ValidationError(_("This follow-up was already closed."))
    if outcome not in FollowUpOutcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    participation = followup.participation
    if outcome == FollowUpOutcome.DROPPED_OUT:
        route_record(
            actor=actor,
            participation=participation,
            stage=Stage.DROPPED_OUT,
            date=date,
            dropout_reason=dropout_reason,
            note=note,
        )
    elif outcome == FollowUpOutcome.REFERRED:
        route_record(
            actor=actor,
            participation=participation,
            stage=Stage.REFERRED,
            date=date,
            referral_target=referral_target,
            note=note,
        )
    elif outcome == FollowUpOutcome.BACK and participation.stage in LEFT_STAGES:
        route_record(actor=actor, participation=participation, stage=Stage.RETURNED, date=date, note=note)
    followup.outcome, followup.closed_on, followup.closed_by = outcome, date, actor
    followup.dropout_reason = dropout_reason if outcome == FollowUpOutcome.DROPPED_OUT else ""
    followup.referral_target = referral_target if outcome == FollowUpOutcome.REFERRED else ""
    followup.outcome_note = note.strip()
    save_with_version(
        followup,
        expected_version=expected_version,
        fields=["outcome", "closed_on", "closed_by", "dropout_reason", "referral_target", "outcome_note"],
    )


# ----- logbook and house rules --------------------------------------------------------------


def _check_participants(network: Network, participants) -> None:
    allowed = set(Participation.objects.filter(network=network).values_list("participant_id", flat=True))
    if any(p.pk not in allowed for p in participants):
        raise ValidationError({"participants": _("Only participants of this network can be linked.")})


@transaction.atomic
def logentry_create(
    *, actor: User, network: Network, date: dt.date, category: str, text: str, participants=()
) -> LogEntry:
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    _check_participants(network, participants)
    entry = LogEntry.objects.create(
        network=network, date=date, category=category, text=text.strip(), author=actor
    )
    entry.participants.set(participants)
    return entry


@transaction.atomic
def logentry_update(
    *,
    actor: User,
    entry: LogEntry,
    expected_version: int,
    date: dt.date,
    category: str,
    text: str,
    participants=(),
) -> None:
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    _check_participants(entry.network, participants)
    entry.date, entry.category, entry.text = date, category, text.strip()
    save_with_version(entry, expected_version=expected_version, fields=["date", "category", "text"])
    entry.participants.set(participants)


@transaction.atomic
def houserule_create(*, actor: User, network: Network, text: str, agreed_on: dt.date) -> HouseRule:
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("The date cannot be in the future.")})
    last = (
        HouseRule.objects.filter(network=network)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    rule = HouseRule.objects.create(
        network=network, text=text.strip(), agreed_on=agreed_on, position=(last or 0) + 1
    )
    HouseRuleRevision.objects.create(rule=rule, text=rule.text, agreed_on=agreed_on, changed_by=actor)
    return rule


@transaction.atomic
def houserule_update(
    *,
    actor: User,
    rule: HouseRule,
    expected_version: int,
    text: str,
    agreed_on: dt.date,
    withdrawn_on: dt.date | None = None,
) -> None:
    """Change a rule; the earlier wording stays in its revisions."""
    today = timezone.localdate()
    if agreed_on > today:
        raise ValidationError({"agreed_on": _("The date cannot be in the future.")})
    if withdrawn_on and withdrawn_on < agreed_on:
        raise ValidationError({"withdrawn_on": _("A rule cannot end before it was agreed.")})
    rule.text, rule.agreed_on, rule.withdrawn_on = text.strip(), agreed_on, withdrawn_on
    save_with_version(rule, expected_version=expected_version, fields=["text", "agreed_on", "withdrawn_on"])
    HouseRuleRevision.objects.create(
        rule=rule, text=rule.text, agreed_on=agreed_on, withdrawn_on=withdrawn_on, changed_by=actor
    )


# ----- merging two records of one person: practice's steps (people.hooks, registered in apps.py) -----


def merge_followups(keep_part: Participation, remove_part: Participation, summary: dict) -> tuple:
    """Two routes in one network become one: the removed route's follow-ups move to the kept one; when
    both have an open follow-up, the other's calls and visits join the kept one."""
    kept_open = keep_part.followups.filter(closed_on__isnull=True).first()
    for followup in list(remove_part.followups.all()):
        if followup.closed_on is None and kept_open is not None:
            # One open follow-up per person and network: the other's calls and visits join it.
            repoint(followup.actions.all(), "followup", kept_open.pk)
            kept_open.opened_on = min(kept_open.opened_on, followup.opened_on)
            kept_open.missed = max(kept_open.missed, followup.missed)
            if followup.last_present and (
                kept_open.last_present is None or followup.last_present > kept_open.last_present
            ):
                kept_open.last_present = followup.last_present
            kept_open.save(update_fields=["opened_on", "missed", "last_present"])
            followup.delete()
            summary["followups_joined"] += 1
        else:
            repoint(FollowUp.objects.filter(pk=followup.pk), "participation", keep_part.pk)
            summary["followups"] += 1
    return (FollowUp,)


def merge_attendance(keep: Participant, remove: Participant, summary: dict) -> tuple:
    """Attendance and contributions move; both records on one session become one presence: present if
    either says present, reasons combined, each task once with the texts combined."""
    kept = {a.session_id: a for a in Attendance.objects.filter(participant=keep)}
    for attendance in Attendance.objects.filter(participant=remove).prefetch_related("contributions"):
        other = kept.get(attendance.session_id)
        if other is None:
            summary["attendance"] += repoint(
                Attendance.objects.filter(pk=attendance.pk), "participant", keep.pk
            )
            summary["contributions"] += len(attendance.contributions.all())
            continue
        # Both on the same session: one row, present if either record says present.
        if Presence.PRESENT in (other.status, attendance.status):
            other.status = Presence.PRESENT
        other.reason = join_text(other.reason, attendance.reason, limit=200, sep="; ")
        other.save(update_fields=["status", "reason"])
        tasks = {c.task_id: c for c in other.contributions.all()}
        for contribution in attendance.contributions.all():
            same = tasks.get(contribution.task_id)
            if same is None:
                summary["contributions"] += repoint(
                    Contribution.objects.filter(pk=contribution.pk), "attendance", other.pk
                )
            else:
                same.text = join_text(same.text, contribution.text, limit=200, sep="; ")
                same.save(update_fields=["text"])
                contribution.delete()
        attendance.delete()
        summary["attendance_joined"] += 1
    return (Attendance,)
