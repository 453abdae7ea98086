"""Reads for the board and for the worker's pages, each with a fixed number of queries.

The board's pages show first names of participants who consented to be on the group board
(privacy.ConsentScope.GROUP_BOARD) and nothing else about anyone: no route, no attendance, no
follow-up, no evaluation. The worker's pages (session page, board management) show the names the
worker sees everywhere else.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, CharField, Exists, OuterRef, Value
from django.utils import timezone

from board.models import Board, BoardLink, Idea, IdeaSupport, Intention, LinkKind, TaskSignup
from board.tokens import hash_token, is_expired, looks_like_token
from networks.models import Network
from people.models import ACTIVE_STAGES, Participation
from practice.models import Activity, Audience, HouseRule, Session, SessionStatus, Task
from practice.services import activity_dates
from privacy.models import Consent, ConsentScope

NEIGHBOURHOOD_WEEKS = 6
IDEAS_SHOWN = 30


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def board_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """This week's Monday to next week's Sunday."""
    start = week_start(today)
    return start, start + dt.timedelta(days=13)


# ----- the link ---------------------------------------------------------------------------------


def find_link(raw: str) -> BoardLink | None:
    """The live link for a token, with its board and network (one query), or None: unknown,
    renewed or stopped, expired after the board's days without use, or the board is off."""
    if not looks_like_token(raw):
        return None
    link = (
        BoardLink.objects.select_related("board__network__location", "participant")
        .filter(token_hash=hash_token(raw))
        .first()
    )
    if link is None or link.revoked_at is not None or not link.board.enabled:
        return None
    if link.board.network.archived_at is not None:
        return None
    if is_expired(created_at=link.created_at, last_used_at=link.last_used_at, idle_days=link.board.idle_days):
        return None
    if link.participant is not None and link.participant.anonymised_at is not None:
        return None
    return link


# ----- who may be on the board ------------------------------------------------------------------


def board_people(network: Network) -> dict[int, str]:
    """participant id -> first name, for everyone taking part now who consented to the board
    (one query). Two people with the same first name get a number, so each can find their own."""
    rows = list(
        Participation.objects.filter(
            network=network, stage__in=ACTIVE_STAGES, participant__anonymised_at__isnull=True
        )
        .filter(
            Exists(
                Consent.objects.filter(
                    participant_id=OuterRef("participant_id"), scope=ConsentScope.GROUP_BOARD, given=True
                )
            )
        )
        .order_by("participant__name", "participant_id")
        .values_list("participant_id", "participant__name")
    )
    first = {pid: (name.split() or ["?"])[0] for pid, name in rows}
    seen: dict[str, int] = defaultdict(int)
    names = {}
    for pid, name in first.items():
        seen[name.casefold()] += 1
        names[pid] = name if seen[name.casefold()] == 1 else f"{name} ({seen[name.casefold()]})"
    return names


# ----- the board page ---------------------------------------------------------------------------


@dataclass
class TaskLine:
    task_id: int
    name: str
    names: list[str] = field(default_factory=list)
    others: int = 0  # signed up, but no longer on the board (consent withdrawn, left the group)
    mine: bool = False


@dataclass
class Slot:
    activity: Activity
    date: dt.date
    past: bool
    cancelled: bool
    tasks: list[TaskLine] = field(default_factory=list)
    coming: list[str] = field(default_factory=list)
    coming_others: int = 0
    mine: bool | None = None  # this person's intention: True "Ik kom", False "Ik kan niet", None not said

    @property
    def key(self) -> str:
        return f"a{self.activity.pk}-{self.date.isoformat()}"

    @property
    def end_time(self) -> dt.time:
        start = dt.datetime.combine(self.date, self.activity.start_time)
        return (start + dt.timedelta(minutes=self.activity.duration_minutes)).time()

    @property
    def open(self) -> bool:
        return not self.past and not self.cancelled


@dataclass
class IdeaLine:
    pk: int
    text: str
    by: str
    names: list[str]
    others: int
    mine: bool
    own: bool

    @property
    def anchor(self) -> str:
        return f"i{self.pk}"


def _slots(network: Network, activities: list[Activity], start: dt.date, end: dt.date, today: dt.date):
    cancelled = set(
        Session.objects.filter(
            network=network, date__range=(start, end), status=SessionStatus.CANCELLED
        ).values_list("activity_id", "date")
    )
    slots = [
        Slot(activity, date, date < today, (activity.pk, date) in cancelled)
        for activity in activities
        for date in activity_dates(activity, start, end)
    ]
    slots.sort(key=lambda s: (s.date, s.activity.start_time, s.activity.name))
    return slots


def board_page(*, link: BoardLink, person_id: int | None, today: dt.date | None = None) -> dict:
    """Everything the board shows: two weeks of activities with their tasks and who signed up,
    who is coming, ideas, house rules and the neighbourhood activities ahead (nine queries)."""
    network = link.board.network
    today = today or timezone.localdate()
    start, end = board_window(today)
    people = board_people(network)
    activities = list(
        Activity.objects.filter(
            network=network, active_from__lte=today + dt.timedelta(weeks=NEIGHBOURHOOD_WEEKS)
        )
        .exclude(active_until__lt=start)
        .order_by("pk")
    )
    slots = _slots(network, activities, start, end, today)
    tasks = list(
        Task.objects.filter(network=network, archived=False, needs_text=False).values_list("pk", "name")
    )
    signed: dict[tuple, list[int]] = defaultdict(list)
    for activity_id, date, task_id, pid in TaskSignup.objects.filter(
        network=network, date__range=(start, end)
    ).values_list("activity_id", "date", "task_id", "participant_id"):
        signed[(activity_id, date, task_id)].append(pid)
    intentions: dict[tuple, dict[int, bool]] = defaultdict(dict)
    for activity_id, date, pid, coming in Intention.objects.filter(
        network=network, date__range=(start, end)
    ).values_list("activity_id", "date", "participant_id", "coming"):
        intentions[(activity_id, date)][pid] = coming
    for slot in slots:
        slot_key = (slot.activity.pk, slot.date)
        for task_id, name in tasks:
            pids = signed.get((*slot_key, task_id), [])
            slot.tasks.append(
                TaskLine(
                    task_id,
                    name,
                    [people[p] for p in pids if p in people],
                    sum(1 for p in pids if p not in people),
                    person_id in pids,
                )
            )
        said = intentions.get(slot_key, {})
        slot.coming = [people[p] for p, coming in said.items() if coming and p in people]
        slot.coming_others = sum(1 for p, coming in said.items() if coming and p not in people)
        slot.mine = said.get(person_id) if person_id else None
    weeks = [
        {"start": start, "slots": [s for s in slots if s.date < start + dt.timedelta(days=7)], "this": True},
        {
            "start": start + dt.timedelta(days=7),
            "slots": [s for s in slots if s.date >= start + dt.timedelta(days=7)],
            "this": False,
        },
    ]
    neighbourhood = [
        Slot(activity, date, False, False)
        for activity in activities
        if activity.audience == Audience.NEIGHBOURHOOD
        for date in activity_dates(activity, today, today + dt.timedelta(weeks=NEIGHBOURHOOD_WEEKS))
    ]
    neighbourhood.sort(key=lambda s: (s.date, s.activity.start_time))
    return {
        "network": network,
        "location": network.location,
        "people": people,
        "person_name": people.get(person_id) if person_id else None,
        "weeks": weeks,
        "ideas": idea_lines(network=network, people=people, person_id=person_id),
        "rules": list(
            HouseRule.objects.filter(network=network, withdrawn_on__isnull=True).values_list(
                "text", flat=True
            )
        ),
        "neighbourhood": neighbourhood[:8],
        "today": today,
    }


def idea_lines(*, network: Network, people: dict[int, str], person_id: int | None) -> list[IdeaLine]:
    """Open ideas (not removed, not yet an activity) with who joins (two queries)."""
    ideas = list(
        Idea.objects.filter(network=network, removed_at__isnull=True, activity__isnull=True).values_list(
            "pk", "text", "proposed_by_id"
        )[:IDEAS_SHOWN]
    )
    supports: dict[int, list[int]] = defaultdict(list)
    for idea_id, pid in IdeaSupport.objects.filter(idea_id__in=[i[0] for i in ideas]).values_list(
        "idea_id", "participant_id"
    ):
        supports[idea_id].append(pid)
    return [
        IdeaLine(
            pk,
            text,
            people.get(by, ""),
            [people[p] for p in supports[pk] if p in people],
            sum(1 for p in supports[pk] if p not in people),
            person_id in supports[pk],
            by == person_id,
        )
        for pk, text, by in ideas
    ]


def poster_page(*, link: BoardLink, today: dt.date | None = None) -> dict:
    """The weekly poster: this week's activities and their tasks, no names (three queries)."""
    network = link.board.network
    today = today or timezone.localdate()
    start = week_start(today)
    end = start + dt.timedelta(days=6)
    activities = list(
        Activity.objects.filter(network=network, active_from__lte=end).exclude(active_until__lt=start)
    )
    slots = [s for s in _slots(network, activities, start, end, start) if not s.cancelled]
    tasks = list(
        Task.objects.filter(network=network, archived=False, needs_text=False).values_list("name", flat=True)
    )
    return {
        "network": network,
        "location": network.location,
        "slots": slots,
        "tasks": tasks,
        "start": start,
        "end": end,
    }


# ----- the worker's pages -----------------------------------------------------------------------


def session_section(network: Network, activity: Activity, date: dt.date, session) -> dict:
    """For the session page: who said on the board they come or cannot, and who signed up for which
    task (one query). Those who cannot come start as excused while the session is not recorded."""
    none = Value(None, output_field=CharField())
    said = (
        Intention.objects.filter(activity=activity, date=date)
        .order_by()
        .values_list(
            Value("i", output_field=CharField()), "participant_id", "participant__name", "coming", none
        )
    )
    signed = (
        TaskSignup.objects.filter(activity=activity, date=date)
        .order_by()
        .values_list(
            Value("s", output_field=CharField()),
            "participant_id",
            "participant__name",
            Value(True, output_field=BooleanField()),
            "task__name",
        )
    )
    coming, cannot, tasks = [], [], defaultdict(list)
    for kind, pid, name, flag, task in sorted(said.union(signed, all=True), key=lambda r: (r[2], r[1])):
        if kind == "i":
            (coming if flag else cannot).append((pid, name))
        else:
            tasks[task].append(name)
    return {
        "template": "board/_session_section.html",
        "coming": [name for _pid, name in coming],
        "cannot": [name for _pid, name in cannot],
        "tasks": sorted(tasks.items()),
        "excused_ids": {pid for pid, _name in cannot},
        "show": bool(coming or cannot or tasks),
        "recorded": session is not None,
    }


def manage_page(*, network: Network, today: dt.date | None = None) -> dict:
    """The worker's board page: on or off, links, who may be on the board, ideas and sign-ups to
    moderate (seven queries)."""
    today = today or timezone.localdate()
    board = Board.objects.filter(network=network).first()
    links = list(BoardLink.objects.filter(board=board, revoked_at__isnull=True)) if board else []
    for link in links:
        link.expired = is_expired(
            created_at=link.created_at, last_used_at=link.last_used_at, idle_days=board.idle_days
        )
    shared = next((link for link in links if link.kind == LinkKind.SHARED), None)
    personal = {link.participant_id: link for link in links if link.kind == LinkKind.PERSONAL}
    participations = list(
        Participation.objects.filter(
            network=network, stage__in=ACTIVE_STAGES, participant__anonymised_at__isnull=True
        )
        .annotate(
            on_board=Exists(
                Consent.objects.filter(
                    participant_id=OuterRef("participant_id"), scope=ConsentScope.GROUP_BOARD, given=True
                )
            )
        )
        .select_related("participant")
        .order_by("participant__name", "participant_id")
    )
    people = [
        {"participant": p.participant, "on_board": p.on_board, "link": personal.get(p.participant_id)}
        for p in participations
    ]
    ideas = list(
        Idea.objects.filter(network=network, removed_at__isnull=True)
        .select_related("proposed_by", "activity")
        .prefetch_related("supports__participant")[:50]
    )
    start, end = board_window(today)
    signups = list(
        TaskSignup.objects.filter(network=network, date__range=(today, end))
        .select_related("participant", "task", "activity")
        .order_by("date", "activity__start_time", "task__position", "participant__name")
    )
    return {
        "board": board,
        "shared": shared,
        "people": people,
        "consenting": sum(1 for p in people if p["on_board"]),
        "ideas": ideas,
        "signups": signups,
    }
