"""Reads for the practice pages. Each function runs a fixed number of queries, whatever the history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User, display_name
from core import charts
from core.formatting import quarter_label
from networks.models import Network, NetworkAssignment
from networks.selectors import current_phase_signal
from people.models import ACTIVE_STAGES, Participant, Participation, RouteEvent, Stage
from practice.models import (
    Activity,
    Attendance,
    Contribution,
    FollowUp,
    FollowUpAction,
    HouseRule,
    HouseRuleRevision,
    LogEntry,
    Presence,
    Session,
    SessionStatus,
    Task,
)
from practice.rules import STRUCTURAL_AFTER_DAYS
from practice.services import activity_dates

# The source: with 15 structural participants expect about 10 present each week.
EXPECTED_SHARE_PRESENT = 2 / 3
# The source: about half of the people who get acquainted become structural participants.
SOURCE_CONVERSION = 0.5
DASHBOARD_WEEKS = 52


@dataclass
class Slot:
    activity: Activity
    date: dt.date
    session: Session | None
    present: int = 0

    @property
    def state(self) -> str:
        if self.session is not None:
            return self.session.status
        return "to_record" if self.date <= timezone.localdate() else "planned"


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# ----- network practice page ----------------------------------------------------------------


def network_practice(
    *, network: Network, today: dt.date | None = None, weeks_back: int = 6, weeks_ahead: int = 4
) -> dict:
    """Activities with their recent and coming sessions (stored ones merged with planned ones)."""
    today = today or timezone.localdate()
    start = week_start(today) - dt.timedelta(weeks=weeks_back)
    end = week_start(today) + dt.timedelta(weeks=weeks_ahead, days=6)
    activities = list(network.activities.all())
    stored = {
        (s.activity_id, s.date): s
        for s in Session.objects.filter(network=network, date__range=(start, end)).annotate(
            present=Count("attendances", filter=Q(attendances__status=Presence.PRESENT))
        )
    }
    slots: list[Slot] = []
    for activity in activities:
        dates = set(activity_dates(activity, start, end))
        dates |= {date for (aid, date) in stored if aid == activity.pk}
        for date in dates:
            session = stored.get((activity.pk, date))
            slots.append(Slot(activity, date, session, getattr(session, "present", 0)))
    slots.sort(key=lambda s: (s.date, s.activity.start_time, s.activity.name))
    past = [s for s in slots if s.date <= today]
    coming = [s for s in slots if s.date > today]
    return {
        "activities": activities,
        "past": list(reversed(past)),
        "coming": coming,
        "tasks": list(network.tasks.all()),
        "today": today,
    }


# ----- session page -----------------------------------------------------------------------


@dataclass
class PersonRow:
    participation: Participation
    attendance: Attendance | None
    group: str  # "active", "invited", "left"
    elsewhere: bool = False  # present at a parallel activity the same day

    @property
    def participant(self):
        return self.participation.participant


def session_form_data(*, network: Network, activity: Activity, date: dt.date) -> dict:
    """What the session form is built from: the session, a row per person, the tasks (five queries).

    A save needs only this; the page around the form adds `session_page_details`.
    """
    session = Session.objects.filter(activity=activity, date=date).first()
    participations = list(
        Participation.objects.filter(network=network, participant__anonymised_at__isnull=True)
        .select_related("participant")
        .order_by("participant__name", "participant_id")
    )
    attendances: dict[int, Attendance] = {}
    if session is not None:
        attendances = {
            a.participant_id: a
            for a in session.attendances.prefetch_related(
                Prefetch("contributions", queryset=Contribution.objects.order_by("task_id"))
            )
        }
    rows: list[PersonRow] = []
    for participation in participations:
        attendance = attendances.get(participation.participant_id)
        if participation.stage in ACTIVE_STAGES or attendance is not None:
            group = "active"
        elif participation.stage == Stage.INVITED:
            group = "invited"
        else:
            group = "left"
        rows.append(PersonRow(participation, attendance, group))
    return {"session": session, "rows": rows, "tasks": list(Task.objects.filter(network=network))}


def session_page_details(data: dict, *, network: Network, activity: Activity, date: dt.date) -> dict:
    """The rest of the session page around `session_form_data` (two queries more)."""
    session, rows = data["session"], data["rows"]
    elsewhere = set(
        Attendance.objects.filter(session__network=network, session__date=date, status=Presence.PRESENT)
        .exclude(session__activity=activity)
        .values_list("participant_id", flat=True)
    )
    for row in rows:
        row.elsewhere = row.participant.pk in elsewhere
    changes = []
    if session is not None:  # plain values: the latest 30 of what can be hundreds of saves
        changes = [
            ChangeRow(at, items, display_name(first, last, username) if username else None)
            for at, items, first, last, username in session.changes.values_list(
                "changed_at",
                "changes",
                "changed_by__first_name",
                "changed_by__last_name",
                "changed_by__username",
            )[:30]
        ]
    names = {row.participant.pk: row.participant.name for row in rows}
    task_names = {t.pk: t.name for t in data["tasks"]}
    return {
        **data,
        # The folded groups, each in one place (rows are in name order, so grouping in the
        # template would split a group wherever an active person's name comes between).
        "invited_rows": [row for row in rows if row.group == "invited"],
        "left_rows": [row for row in rows if row.group == "left"],
        "changes": [describe_change(c, names, task_names) for c in changes],
    }


def session_page(*, network: Network, activity: Activity, date: dt.date) -> dict:
    return session_page_details(
        session_form_data(network=network, activity=activity, date=date),
        network=network,
        activity=activity,
        date=date,
    )


def _day_time(moment: dt.datetime) -> str:
    return f"{charts.day_month(moment.date())} {moment.year} {moment:%H:%M}"


@dataclass(frozen=True)
class ChangeRow:
    """A saved change of a session as the page shows it (a SessionChange read as values)."""

    changed_at: dt.datetime
    changes: list[dict]
    by: str | None  # None: the app itself, or a user who was deleted since


def describe_change(change: ChangeRow, names: dict[int, str], task_names: dict[int, str]) -> dict:
    """A change as short lines people can read: 'Anne: absent → present'."""
    labels = dict(Presence.choices) | dict(SessionStatus.choices)
    lines = []
    for item in change.changes:
        who = names.get(item.get("participant"), "") if item.get("participant") else ""
        what = item.get("what")
        if what == "presence":
            lines.append(
                f"{who}: {labels.get(item['before'], item['before'])} → {labels.get(item['after'], item['after'])}"
            )
        elif what == "walk_in":
            lines.append(_("%(name)s: first visit (walked in)") % {"name": who})
        elif what == "tasks":
            before = ", ".join(str(task_names.get(t, "?")) for t in item["before"]) or "–"
            after = ", ".join(str(task_names.get(t, "?")) for t in item["after"]) or "–"
            lines.append(f"{who}: {before} → {after}")
        elif what == "guests":
            lines.append(_("guests: %(before)s → %(after)s") % item)
        elif what == "note":
            lines.append(_("note changed"))
        elif what == "status":
            lines.append(_("session: %(status)s") % {"status": labels.get(item["after"], item["after"])})
    return {
        "by": change.by or _("the app"),
        # 'j M Y H:i' in local time, written directly: thirty changes through the date filter
        # were a tenth of the page's rendering.
        "at_text": _day_time(timezone.localtime(change.changed_at)),
        "lines": lines,
    }


# ----- logbook and house rules ------------------------------------------------------------


def logbook(
    *, network: Network, category: str = "", start: dt.date | None = None, end: dt.date | None = None
):
    entries = (
        LogEntry.objects.filter(network=network).select_related("author").prefetch_related("participants")
    )
    if category:
        entries = entries.filter(category=category)
    if start:
        entries = entries.filter(date__gte=start)
    if end:
        entries = entries.filter(date__lte=end)
    return entries


def house_rules(*, network: Network) -> dict:
    rules = list(
        HouseRule.objects.filter(network=network).prefetch_related(
            Prefetch("revisions", queryset=HouseRuleRevision.objects.select_related("changed_by"))
        )
    )
    return {
        "current": [r for r in rules if r.withdrawn_on is None],
        "withdrawn": [r for r in rules if r.withdrawn_on is not None],
    }


# ----- follow-up --------------------------------------------------------------------------


def open_followups(*, networks) -> list[FollowUp]:
    return list(
        FollowUp.objects.filter(network__in=networks, closed_on__isnull=True)
        .select_related("participation__participant", "network")
        .prefetch_related(Prefetch("actions", queryset=FollowUpAction.objects.order_by("date", "id")))
        .order_by("opened_on", "id")
    )


def followup_list(*, network: Network) -> dict:
    followups = list(
        FollowUp.objects.filter(network=network)
        .select_related("participation__participant", "closed_by")
        .prefetch_related(Prefetch("actions", queryset=FollowUpAction.objects.select_related("recorded_by")))
        .order_by("-opened_on", "-id")[:100]
    )
    return {
        "open": [f for f in followups if f.closed_on is None],
        "closed": [f for f in followups if f.closed_on is not None],
    }


# ----- stages (structural rule) -------------------------------------------------------------


def stage_overview(*, network: Network) -> list[Participation]:
    return list(
        Participation.objects.filter(network=network, stage__in=ACTIVE_STAGES)
        .select_related("participant")
        .order_by("participant__name", "participant_id")
    )


# ----- dashboard --------------------------------------------------------------------------


def structural_by_week(events_by_participation: dict[int, list], week_ends: list[dt.date]) -> list[int]:
    """Structural participants at each week end: each route's (date, id, stage) events and the week
    ends are both in date order, so one walk through both per person (not the route per week)."""
    counts = [0] * len(week_ends)
    for events in events_by_participation.values():
        stage, k, n = None, 0, len(events)
        for i, end in enumerate(week_ends):
            while k < n and events[k][0] <= end:
                stage = events[k][2]
                k += 1
            if stage == Stage.STRUCTURAL:
                counts[i] += 1
    return counts


def route_funnel(events_by_participation: dict[int, list], today: dt.date) -> dict:
    """Cohorts whose first step on the route is at least three months ago.

    entered: everyone on the route (invited, or walked in for a first visit) by the cut-off;
    first visit: of them, those who came by the cut-off; structural: of those, who ever became
    a structural participant (stays counted after leaving: the route is what we measure).
    """
    cutoff = today - dt.timedelta(days=STRUCTURAL_AFTER_DAYS)
    entered = first = structural = 0
    cohorts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for events in events_by_participation.values():
        if not events or events[0][0] > cutoff:
            continue
        entered += 1
        first_visit = next((d for d, _pk, s in events if s == Stage.FIRST_VISIT), None)
        if first_visit is None or first_visit > cutoff:
            continue
        first += 1
        label = quarter_label(first_visit)
        cohorts[label][0] += 1
        if any(s == Stage.STRUCTURAL for _d, _pk, s in events):
            structural += 1
            cohorts[label][1] += 1
    return {
        "entered": entered,
        "first_visit": first,
        "structural": structural,
        "conversion": structural / first if first else None,
        "cohorts": [
            {"label": label, "first_visit": n, "structural": s, "conversion": s / n if n else None}
            for label, (n, s) in sorted(cohorts.items())
        ],
    }


def dashboard_data(*, network: Network, user: User, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    first_week = max(
        week_start(today) - dt.timedelta(weeks=DASHBOARD_WEEKS - 1), week_start(network.start_date)
    )
    week_ends = []
    day = first_week + dt.timedelta(days=6)
    while day < today + dt.timedelta(days=7):
        week_ends.append(min(day, today))
        day += dt.timedelta(days=7)

    events_by_participation: dict[int, list] = defaultdict(list)
    for pid, date, pk, stage in (
        RouteEvent.objects.filter(participation__network=network)
        .values_list("participation_id", "date", "id", "stage")
        .order_by("date", "id")
    ):
        events_by_participation[pid].append((date, pk, stage))
    structural = structural_by_week(events_by_participation, week_ends)

    # Present per session day: parallel activities on one day count as one slot.
    present_by_day: dict[dt.date, set[int]] = defaultdict(set)
    contributed_by_day: dict[dt.date, set[int]] = defaultdict(set)
    rows = (
        Attendance.objects.filter(
            session__network=network,
            session__status=SessionStatus.HELD,
            status=Presence.PRESENT,
            session__date__gte=first_week,
            session__date__lte=today,
        )
        .values_list("session__date", "participant_id")
        .annotate(n=Count("contributions"))
    )
    for date, pid, n in rows:
        present_by_day[date].add(pid)
        if n:
            contributed_by_day[date].add(pid)
    held_days = sorted(
        set(
            Session.objects.filter(
                network=network, status=SessionStatus.HELD, date__gte=first_week, date__lte=today
            ).values_list("date", flat=True)
        )
    )

    def structural_on(day: dt.date) -> int:
        index = min(max((day - first_week).days // 7, 0), len(structural) - 1)
        return structural[index] if structural else 0

    fmt_day = charts.day_month
    week_labels = [fmt_day(week_start(e)) for e in week_ends]
    session_labels = [fmt_day(d) for d in held_days]
    structural_chart = charts.LineChart(
        title=_("Structural participants per week"),
        description=_(
            "Number of structural participants at the end of each week, against the target of %(target)s."
        )
        % {"target": network.target_size},
        x_labels=week_labels,
        series=[charts.Series(_("Structural participants"), structural)],
        references=[
            charts.ReferenceLine(network.target_size, _("Target (%(n)s)") % {"n": network.target_size})
        ],
        x_label=_("Week of"),
        y_label=_("People"),
        chart_id="chart-structural",
    )
    present_chart = charts.LineChart(
        title=_("Present per session"),
        description=_(
            "People present at each session, against about two thirds of the structural participants."
        ),
        x_labels=session_labels,
        series=[
            charts.Series(_("Present"), [len(present_by_day[d]) for d in held_days]),
            charts.Series(
                _("Expected (two thirds of structural)"),
                [round(structural_on(d) * EXPECTED_SHARE_PRESENT, 1) for d in held_days],
            ),
        ],
        x_label=_("Session"),
        y_label=_("People"),
        chart_id="chart-present",
    )
    share_chart = charts.LineChart(
        title=_("Share of present people who contributed"),
        description=_("Per session: the percentage of people present who did at least one task."),
        x_labels=session_labels,
        series=[
            charts.Series(
                _("Contributed (%)"),
                [
                    round(100 * len(contributed_by_day[d]) / len(present_by_day[d]))
                    if present_by_day[d]
                    else None
                    for d in held_days
                ],
            )
        ],
        x_label=_("Session"),
        y_label="%",
        y_max=100,
        chart_id="chart-share",
    )
    funnel = route_funnel(events_by_participation, today)
    funnel_chart = charts.BarChart(
        title=_("Route of people who started at least three months ago"),
        description=_(
            "How many people came on the route, came for a first visit, and became structural participants."
        ),
        labels=[_("Invited or walked in"), _("First visit"), _("Structural")],
        values=[funnel["entered"], funnel["first_visit"], funnel["structural"]],
        references=[
            charts.ReferenceLine(
                round(funnel["first_visit"] * SOURCE_CONVERSION, 1),
                _("About half of the first visits (source)"),
            )
        ],
        x_label=_("Step"),
        y_label=_("People"),
        chart_id="chart-funnel",
    )
    is_network_worker = NetworkAssignment.objects.filter(network=network, user=user).exists()
    contributions_chart = None
    if is_network_worker:
        since = today - dt.timedelta(days=91)
        counts = dict(
            Contribution.objects.filter(
                attendance__session__network=network,
                attendance__session__date__gte=since,
                attendance__session__date__lte=today,
            )
            .values_list("attendance__participant_id")
            .annotate(n=Count("id"))
        )
        people = list(
            Participation.objects.filter(network=network)
            .filter(Q(stage__in=ACTIVE_STAGES) | Q(participant_id__in=list(counts)))
            .values_list("participant_id", "participant__name")
            .order_by("participant__name", "participant_id")
        )
        contributions_chart = charts.BarChart(
            title=_("Contributions per participant, last three months"),
            description=_("Number of tasks each person did, in alphabetical order. Not a ranking."),
            labels=[name for _pid, name in people],
            values=[counts.get(pid, 0) for pid, _name in people],
            horizontal=True,
            x_label=_("Participant"),
            y_label=_("Tasks"),
            chart_id="chart-contributions",
        )
    followups = open_followups(networks=[network])
    figures = [structural_chart, present_chart, funnel_chart, share_chart]
    if contributions_chart:
        figures.append(contributions_chart)
    return {
        "figures": [
            {"chart": c, "svg": charts.render_svg(c), "table": charts.chart_table(c)} for c in figures
        ],
        "funnel": funnel,
        "source_conversion": SOURCE_CONVERSION,
        "structural_now": structural[-1] if structural else 0,
        "followups": followups,
        "phase": network.get_phase_display(),
        "days_over": current_phase_signal(network, today),
        "is_network_worker": is_network_worker,
        "held_sessions": len(held_days),
    }


# ----- home page --------------------------------------------------------------------------


def home_section(user: User) -> dict:
    """My networks, today's and this week's sessions, open follow-ups (fixed number of queries)."""
    data: dict = {"template": "practice/_home.html", "visible": False}
    if not access.can(user, "practice.view"):
        return data
    today = timezone.localdate()
    networks = list(
        access.networks_for(user, "practice.view")
        .filter(assignments__user=user, archived_at__isnull=True)
        .distinct()
    )
    if not networks:
        return data
    start, end = week_start(today), week_start(today) + dt.timedelta(days=6)
    activities = list(Activity.objects.filter(network__in=networks).select_related("network"))
    stored = {
        (s.activity_id, s.date): s
        for s in Session.objects.filter(network__in=networks, date__range=(start, end))
    }
    slots = []
    for activity in activities:
        for date in activity_dates(activity, start, end):
            slots.append(Slot(activity, date, stored.get((activity.pk, date))))
    slots.sort(key=lambda s: (s.date, s.activity.start_time))
    data.update(
        visible=True,
        networks=networks,
        today_slots=[s for s in slots if s.date == today],
        week_slots=[s for s in slots if s.date != today],
        followups=open_followups(networks=networks),
        today=today,
    )
    return data


# ----- a person's record: the participant page and merging two records (people.hooks, apps.py) ---


# The participant page lists what someone did at this many sessions, the latest first.
CONTRIBUTION_SESSIONS = 12


def participant_history(*, user: User, participant: Participant, network_ids: list[int]) -> dict:
    """Attendance by month, contributions and follow-ups in the networks the user may see, for the
    participant page (people.hooks.participant_history). 3 queries."""
    attendance = list(
        Attendance.objects.filter(participant=participant, session__network_id__in=network_ids)
        .values_list("session__date", "session__network_id", "session__network__name", "status")
        .order_by("session__date")
    )
    months: dict[tuple[int, int], dict] = {}
    for day, _network_id, _network_name, status in attendance:
        month = months.setdefault(
            (day.year, day.month), {"month": day.replace(day=1), "present": 0, "excused": 0}
        )
        month["present" if status == Presence.PRESENT else "excused"] += 1
    by_month = sorted(months.values(), key=lambda m: m["month"], reverse=True)
    contributions = list(
        Contribution.objects.filter(
            attendance__participant=participant, attendance__session__network_id__in=network_ids
        )
        .values_list("attendance__session__date", "attendance__session__network__name", "task__name", "text")
        .order_by("-attendance__session__date", "task__name")
    )
    task_counts: dict[str, int] = {}
    by_session: dict[tuple, list[str]] = {}
    for day, net, task, text in contributions:
        task_counts[task] = task_counts.get(task, 0) + 1
        by_session.setdefault((day, net), []).append(f"{task}: {text}" if text else task)
    followups = list(
        FollowUp.objects.filter(participation__participant=participant, network_id__in=network_ids)
        .select_related("network")
        .prefetch_related(Prefetch("actions", queryset=FollowUpAction.objects.order_by("date", "id")))
        .order_by("-opened_on", "-id")
    )
    sessions = [{"date": day, "network": net, "tasks": tasks} for (day, net), tasks in by_session.items()]
    return {
        # The latest twelve months with a presence first; the rest folded away.
        "attendance_by_month": by_month[:12],
        "attendance_earlier": by_month[12:],
        "times_present": sum(m["present"] for m in by_month),
        "contribution_sessions": sessions[:CONTRIBUTION_SESSIONS],
        "contribution_session_count": len(sessions),
        "contribution_count": len(contributions),
        "task_counts": sorted(task_counts.items(), key=lambda item: (-item[1], item[0])),
        "several_networks": len(set(network_ids)) > 1,
        "followups": followups,
    }


def activity_counts(person: Participant) -> list[tuple[str, int]]:
    """The merge confirmation page: sessions, contributions and follow-ups of one record. 3 queries."""
    return [
        (_("Sessions present or excused"), Attendance.objects.filter(participant=person).count()),
        (_("Contributions"), Contribution.objects.filter(attendance__participant=person).count()),
        (_("Follow-ups"), FollowUp.objects.filter(participation__participant=person).count()),
    ]


def logbook_counts(person: Participant) -> list[tuple[str, int]]:
    """The merge confirmation page: logbook entries that mention one record. 1 query."""
    return [(_("Logbook entries"), LogEntry.objects.filter(participants=person).count())]


def shared_sessions(keep: Participant, remove: Participant) -> int:
    """Sessions both records attended (the merge confirmation page). 1 query."""
    return (
        Attendance.objects.filter(participant=keep)
        .filter(session_id__in=Attendance.objects.filter(participant=remove).values("session_id"))
        .count()
    )
