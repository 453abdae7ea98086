"""What an import will do, worked out from the sheets and the mapping without writing anything.

`build_plan` is used twice: for the preview, and again inside the import's transaction (so the import
does exactly what the preview showed, against the database as it is at that moment). Every problem
names its sheet and row number (as the spreadsheet program shows them) in Dutch.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import column_letter
from core.formatting import written_date
from imports import mapping as m
from imports.matching import Existing, match_existing
from networks.models import Network
from people.models import LEFT_STAGES, InvitedVia, Partner, Stage
from practice.models import Activity, Presence, Session, Task
from practice.services import DEFAULT_TASKS

NAME_MAX, FULL_NAME_MAX, PHONE_MAX, ADDRESS_MAX, TASK_MAX, REASON_MAX = 100, 200, 40, 300, 80, 200


def fmt(day: dt.date) -> str:
    """A date in a message, as the app writes dates everywhere ("1 sep 2026", core.formatting)."""
    return written_date(day)


@dataclass
class Problem:
    sheet: int
    sheet_title: str
    row: int  # as the spreadsheet shows it (the header is row 1)
    message: str
    date: dt.date | None = None  # a problem with a session date: skipping it skips that date

    @property
    def ref(self) -> tuple[int, int]:
        return (self.sheet, self.row)


@dataclass
class Mark:
    status: str
    reason: str = ""
    tasks: list[str] = field(default_factory=list)
    ref: tuple[int, int] = (0, 0)


@dataclass
class Person:
    ref: str  # "s<sheet>r<row>" for a participants row, "a:<name key>" for someone only in the attendance
    sheet_title: str
    row: int | None
    name: str
    full_name: str = ""
    profile: dict = field(default_factory=dict)
    first_visit: dt.date | None = None
    stage: str = ""
    stage_date: dt.date | None = None
    partner_id: int | None = None
    marks: dict[dt.date, Mark] = field(default_factory=dict)
    matches: list[Existing] = field(default_factory=list)
    existing_id: int | None = None  # the decision: same person as this participant (None: a new person)
    row_ref: tuple[int, int] | None = None

    @property
    def label(self) -> str:
        return self.full_name or self.name

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label) if self.stage else ""

    @property
    def presences(self) -> list[dt.date]:
        return sorted(d for d, mark in self.marks.items() if mark.status == Presence.PRESENT)

    @property
    def start_date(self) -> dt.date:
        """The day their route starts: the first visit in the sheet, else their first presence."""
        presences = self.presences
        if self.stage == Stage.INVITED:
            return self.stage_date or (presences[0] if presences else timezone.localdate())
        return self.first_visit or (presences[0] if presences else None) or timezone.localdate()

    @property
    def step_date(self) -> dt.date:
        """When a stage from the sheet is recorded: its date in the sheet, else the day of the import."""
        return self.stage_date or timezone.localdate()


@dataclass
class Plan:
    people: list[Person] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_rows: int = 0
    dates: list[dt.date] = field(default_factory=list)
    activity: Activity | None = None
    activity_name: str = ""
    new_tasks: list[str] = field(default_factory=list)
    tasks: dict[str, Task] = field(default_factory=dict)  # normalised name -> task
    empty_dates: list[dt.date] = field(default_factory=list)

    @property
    def new_people(self) -> list[Person]:
        return [p for p in self.people if p.existing_id is None]

    @property
    def matched_people(self) -> list[Person]:
        return [p for p in self.people if p.matches]

    @property
    def problem_rows(self) -> int:
        return len({p.ref for p in self.problems})

    def count(self, status: str) -> int:
        return sum(1 for p in self.people for mark in p.marks.values() if mark.status == status)

    @property
    def count_present(self) -> int:
        return self.count(Presence.PRESENT)

    @property
    def count_excused(self) -> int:
        return self.count(Presence.EXCUSED)


class _Builder:
    def __init__(self, *, network: Network, sheets: list[dict], mapping: dict, today: dt.date):
        self.network, self.sheets, self.mapping, self.today = network, sheets, mapping, today
        self.problems: list[Problem] = []
        self.people: dict[str, Person] = {}  # ref -> person
        self.by_key: dict[str, str] = {}  # full name key -> ref (participants rows)
        self.by_first: dict[str, list[str]] = {}  # first name key -> refs
        self.partners = {
            m.normalise(name): pk
            for pk, name in Partner.objects.filter(organisation_id=network.organisation_id).values_list(
                "pk", "name"
            )
        }
        self.attendance_rows: list[tuple[tuple[int, int], str, str, dict[dt.date, Mark]]] = []

    def problem(self, sheet: int, row: int, message: str, date: dt.date | None = None) -> None:
        self.problems.append(Problem(sheet, self.sheets[sheet]["title"], row, message, date))

    def date_cell(self, sheet: int, row: int, text: str, what: str) -> dt.date | None:
        if not text:
            return None
        try:
            day = m.parse_date_strict(text)
        except m.BadDate:
            self.problem(
                sheet, row, _("%(what)s: '%(text)s' is not a valid date.") % {"what": what, "text": text}
            )
            return None
        if day > self.today:
            self.problem(
                sheet, row, _("%(what)s: %(date)s is in the future.") % {"what": what, "date": fmt(day)}
            )
            return None
        if day.year < 1950:
            self.problem(
                sheet, row, _("%(what)s: %(date)s is too long ago.") % {"what": what, "date": fmt(day)}
            )
            return None
        return day

    # ----- participants ---------------------------------------------------------------------------

    def participants(self, index: int, columns: dict[int, str]) -> None:
        rows = self.sheets[index]["rows"]
        title = self.sheets[index]["title"]
        for i, cells in enumerate(rows[1:], start=2):
            values = {key: (cells[col] if col < len(cells) else "").strip() for col, key in columns.items()}
            if not any(values.values()):
                continue
            name, full_name = self.names(index, i, values)
            if not name:
                continue
            person = Person(
                ref=f"s{index}r{i}",
                sheet_title=title,
                row=i,
                name=name,
                full_name=full_name,
                row_ref=(index, i),
            )
            self.profile(index, i, values, person)
            key = m.normalise(full_name or name)
            if key in self.by_key:
                earlier = self.people[self.by_key[key]]
                self.problem(index, i, _("This name is also in row %(row)s.") % {"row": earlier.row})
                continue
            self.by_key[key] = person.ref
            self.by_first.setdefault(m.normalise(name), []).append(person.ref)
            self.people[person.ref] = person

    def names(self, index: int, row: int, values: dict) -> tuple[str, str]:
        name, last, full = values.get("name", ""), values.get("last_name", ""), values.get("full_name", "")
        if not name and full:
            name = full.split()[0]
        if not full and last:
            full = f"{name} {last}".strip()
        elif (
            not full and len(name.split()) > 1
        ):  # one name column with "Ans de Vries": first name and full name
            full, name = name, name.split()[0]
        if not name:
            self.problem(index, row, _("The name is missing."))
            return "", ""
        if len(name) > NAME_MAX or len(full) > FULL_NAME_MAX:
            self.problem(index, row, _("The name is too long."))
            return "", ""
        return name, full if m.normalise(full) != m.normalise(name) else ""

    def profile(self, index: int, row: int, values: dict, person: Person) -> None:
        profile: dict = {}
        for key, limit in (("phone", PHONE_MAX), ("address", ADDRESS_MAX)):
            if values.get(key):
                if len(values[key]) > limit:
                    self.problem(index, row, _("%(field)s is too long.") % {"field": m.FIELDS[key][0]})
                else:
                    profile[key] = values[key]
        for key in ("talents", "wishes", "likes_to_do"):
            if values.get(key):
                profile[key] = values[key]
        if email := values.get("email"):
            try:
                validate_email(email)
                profile["email"] = email
            except ValidationError:
                self.problem(index, row, _("'%(text)s' is not an email address.") % {"text": email})
        if year := values.get("birth_year"):
            if not year.isdigit() or not 1900 <= int(year) <= self.today.year:
                self.problem(index, row, _("'%(text)s' is not a year of birth.") % {"text": year})
            else:
                profile["birth_year"] = int(year)
        if via := values.get("invited_via"):
            word = m.normalise(via)
            partner_id = self.partners.get(word)
            if partner_id is None and len(word) >= 3:
                containing = [pk for name, pk in self.partners.items() if f" {word} " in f" {name} "]
                partner_id = containing[0] if len(containing) == 1 else None
            if partner_id is not None:
                profile["invited_via"] = InvitedVia.PARTNER
                person.partner_id = partner_id
            elif m.INVITED_BY_WORD.get(word) == InvitedVia.PARTNER:  # a referral needs its partner
                self.problem(
                    index,
                    row,
                    _(
                        "How they came in: '%(text)s' is a partner, but the organisation has no partner by that "
                        "name. Add the partner first, or write the partner's name."
                    )
                    % {"text": via},
                )
            elif word in m.INVITED_BY_WORD:
                profile["invited_via"] = m.INVITED_BY_WORD[word]
            else:
                self.problem(
                    index,
                    row,
                    _(
                        "How they came in: '%(text)s' is not known. Use: social worker, group member, walked in, "
                        "or the name of a partner."
                    )
                    % {"text": via},
                )
        person.profile = profile
        person.first_visit = self.date_cell(index, row, values.get("first_visit", ""), _("First visit"))
        stage = m.parse_stage(values.get("stage", ""))
        if stage is None:
            self.problem(
                index,
                row,
                _("Unknown stage '%(text)s'. Known stages: %(stages)s.")
                % {
                    "text": values["stage"],
                    "stages": ", ".join(str(Stage(s).label) for s in m.IMPORTABLE_STAGES),
                },
            )
            stage = ""
        person.stage = stage
        person.stage_date = self.date_cell(index, row, values.get("stage_date", ""), _("Stage since"))
        if stage == Stage.INVITED and person.first_visit:
            self.problem(index, row, _("Stage 'invited', but there is a date of the first visit."))
        if person.stage_date and person.first_visit and person.stage_date < person.first_visit:
            self.problem(index, row, _("The stage date is before the first visit."))

    # ----- attendance -----------------------------------------------------------------------------

    def attendance_matrix(self, index: int, columns: dict[int, str]) -> None:
        rows = self.sheets[index]["rows"]
        header = rows[0]
        dates: dict[int, dt.date] = {}
        for col, text in enumerate(header):
            if col in columns:
                continue
            try:
                day = m.parse_date(text)
            except m.BadDate:
                self.problem(
                    index,
                    1,
                    _("Column %(col)s: '%(text)s' is not a valid date.")
                    % {"col": column_letter(col), "text": text},
                )
                continue
            if day is None:
                continue
            if day > self.today:
                self.problem(
                    index,
                    1,
                    _("Column %(col)s: %(date)s is in the future.")
                    % {"col": column_letter(col), "date": fmt(day)},
                    day,
                )
            elif day in dates.values():
                self.problem(
                    index,
                    1,
                    _("Column %(col)s: the date %(date)s appears twice.")
                    % {"col": column_letter(col), "date": fmt(day)},
                    day,
                )
            else:
                dates[col] = day
        if not dates:
            self.problem(index, 1, _("No dates found in the header row (such as 14-01-2026)."))
        for i, cells in enumerate(rows[1:], start=2):
            values = {key: (cells[c] if c < len(cells) else "").strip() for c, key in columns.items()}
            marks_text = {day: (cells[c] if c < len(cells) else "").strip() for c, day in dates.items()}
            if not any(values.values()) and not any(marks_text.values()):
                continue
            name, full_name = self.names(index, i, values)
            if not name:
                continue
            marks: dict[dt.date, Mark] = {}
            for col, day in dates.items():
                text = marks_text[day]
                status = m.parse_mark(text)
                if status is None:
                    self.problem(
                        index,
                        i,
                        _("Unknown mark '%(text)s' on %(date)s (column %(col)s).")
                        % {"text": text, "date": fmt(day), "col": column_letter(col)},
                    )
                elif status != Presence.ABSENT:
                    marks[day] = Mark(status=status, ref=(index, i))
            self.attendance_rows.append(((index, i), name, full_name, marks))

    def attendance_rows_sheet(self, index: int, columns: dict[int, str]) -> None:
        rows = self.sheets[index]["rows"]
        has_presence = "presence" in columns.values()
        for i, cells in enumerate(rows[1:], start=2):
            values = {key: (cells[c] if c < len(cells) else "").strip() for c, key in columns.items()}
            if not any(values.values()):
                continue
            name, full_name = self.names(index, i, values)
            day = self.date_cell(index, i, values.get("date", ""), _("Date"))
            if not values.get("date"):
                self.problem(index, i, _("The date is missing."))
            status = m.parse_mark(values.get("presence", "")) if has_presence else Presence.PRESENT
            if status is None:
                self.problem(
                    index,
                    i,
                    _("Unknown presence '%(text)s'. Use present, excused or absent.")
                    % {"text": values["presence"]},
                )
            tasks = m.split_tasks(values.get("tasks", ""))
            if tasks and status != Presence.PRESENT:
                self.problem(index, i, _("Tasks are filled in, but the person was not present."))
            if any(len(t) > TASK_MAX for t in tasks):
                self.problem(index, i, _("A task name is too long."))
            reason = values.get("reason", "")[:REASON_MAX] if status == Presence.EXCUSED else ""
            if not name or day is None or status is None:
                continue
            marks = (
                {}
                if status == Presence.ABSENT
                else {day: Mark(status=status, reason=reason, tasks=tasks, ref=(index, i))}
            )
            self.attendance_rows.append(((index, i), name, full_name, marks))

    def link_attendance(self) -> None:
        """Give each attendance row's marks to its person: a participants row, else someone new."""
        seen_marks: dict[tuple[str, dt.date], tuple[int, int]] = {}
        for ref, name, full_name, marks in self.attendance_rows:
            key = m.normalise(full_name or name)
            person_ref = self.by_key.get(key)
            if person_ref is None and not full_name:
                candidates = self.by_first.get(m.normalise(name), [])
                person_ref = candidates[0] if len(candidates) == 1 else None
            if person_ref is None:
                person_ref = f"a:{key}"
                if person_ref not in self.people:
                    self.people[person_ref] = Person(
                        ref=person_ref,
                        sheet_title=self.sheets[ref[0]]["title"],
                        row=ref[1],
                        name=name,
                        full_name=full_name,
                        row_ref=None,
                    )
                    self.by_key[key] = person_ref
            person = self.people[person_ref]
            for day, mark in marks.items():
                if (person_ref, day) in seen_marks:
                    earlier = seen_marks[(person_ref, day)]
                    if person.marks[day].status != mark.status:
                        self.problem(
                            ref[0],
                            ref[1],
                            _("%(name)s has another presence on %(date)s in row %(row)s.")
                            % {"name": person.label, "date": fmt(day), "row": earlier[1]},
                        )
                    continue
                seen_marks[(person_ref, day)] = ref
                person.marks[day] = mark

    def consistency(self) -> None:
        for person in self.people.values():
            if person.row_ref is None:
                continue
            index, row = person.row_ref
            presences = person.presences
            if person.first_visit and presences and presences[0] < person.first_visit:
                self.problem(
                    index,
                    row,
                    _("Present on %(date)s, before the first visit (%(first)s).")
                    % {"date": fmt(presences[0]), "first": fmt(person.first_visit)},
                )
            if (
                person.stage in LEFT_STAGES
                and person.stage_date
                and presences
                and presences[-1] > person.stage_date
            ):
                self.problem(
                    index,
                    row,
                    _("Present on %(date)s, after leaving the group (%(left)s).")
                    % {"date": fmt(presences[-1]), "left": fmt(person.stage_date)},
                )
            if person.stage == Stage.INVITED and presences:
                self.problem(index, row, _("Stage 'invited', but the attendance shows this person came."))


def sheet_columns(mapping: dict, index: int) -> tuple[str, dict[int, str]]:
    entry = (mapping.get("sheets") or [])[index] if index < len(mapping.get("sheets") or []) else {}
    return entry.get("kind", m.SKIP), {int(c): f for c, f in (entry.get("columns") or {}).items() if f}


def build_plan(
    *,
    network: Network,
    sheets: list[dict],
    mapping: dict,
    decisions: dict | None = None,
    skip_problems: bool = False,
    today: dt.date | None = None,
) -> Plan:
    """Everything the import would do. `decisions` maps a person's ref to "new" or a participant id
    (for a row that matches someone already in the network; default: the first match).
    With `skip_problems`, rows with problems (and the attendance of people whose row is skipped,
    and dates with a problem) are left out and counted in `skipped_rows`."""
    today = today or timezone.localdate()
    builder = _Builder(network=network, sheets=sheets, mapping=mapping, today=today)
    for index in range(len(sheets)):
        kind, columns = sheet_columns(mapping, index)
        if kind == m.PARTICIPANTS:
            builder.participants(index, columns)
    for index in range(len(sheets)):
        kind, columns = sheet_columns(mapping, index)
        if kind == m.ATTENDANCE_MATRIX:
            builder.attendance_matrix(index, columns)
        elif kind == m.ATTENDANCE_ROWS:
            builder.attendance_rows_sheet(index, columns)
    builder.link_attendance()
    builder.consistency()
    plan = Plan()
    people = list(builder.people.values())
    dates = sorted({day for p in people for day in p.marks})
    _activity_problems(plan, builder, network, mapping, dates)
    _tasks(plan, builder, network, people)
    problems = builder.problems
    if skip_problems and problems:
        bad_rows = {p.ref for p in problems if p.date is None}
        bad_dates = {p.date for p in problems if p.date is not None}
        kept = []
        for person in people:
            if person.row_ref in bad_rows:
                continue
            person.marks = {
                d: mark for d, mark in person.marks.items() if mark.ref not in bad_rows and d not in bad_dates
            }
            if person.row_ref is None and not person.marks:
                continue
            kept.append(person)
        people = kept
        plan.skipped_rows = len({p.ref for p in problems})
        problems = []
    plan.problems = sorted(problems, key=lambda p: (p.sheet, p.row))
    plan.dates = sorted({day for p in people for day in p.marks})
    matches = match_existing(network=network, people=[(p.name, p.full_name) for p in people])
    decisions = decisions or {}
    # Without a decision a row is the same person as its first match, unless another row of the
    # sheet matches that participant too: then it is a new person until the user chooses.
    claimed = Counter(found[0].participant_id for found in matches if found and found[0].exact)
    for person, found in zip(people, matches, strict=True):
        person.matches = found
        choice = decisions.get(person.ref)
        ids = {e.participant_id for e in found}
        if choice == "new" or not found:
            person.existing_id = None
        elif choice and str(choice).isdigit() and int(choice) in ids:
            person.existing_id = int(choice)
        elif found[0].exact and claimed[found[0].participant_id] == 1:
            person.existing_id = found[0].participant_id
        else:
            person.existing_id = None
    taken: dict[int, Person] = {}
    for person in people:  # two rows cannot both be the same existing person
        if person.existing_id is not None and person.existing_id in taken:
            plan.problems.append(
                Problem(
                    0,
                    person.sheet_title,
                    person.row or 1,
                    _(
                        "%(name)s and %(other)s would both be the same participant; choose 'new person' for one of them."
                    )
                    % {"name": person.label, "other": taken[person.existing_id].label},
                )
            )
        elif person.existing_id is not None:
            taken[person.existing_id] = person
    plan.people = people
    return plan


def _activity_problems(plan: Plan, builder: _Builder, network: Network, mapping: dict, dates: list) -> None:
    if not dates:
        return
    activity_id = mapping.get("activity")
    if activity_id:
        activity = Activity.objects.filter(network=network, pk=activity_id).first()
        plan.activity = activity
        if activity is None:
            return
        recorded = set(
            Session.objects.filter(activity=activity, date__in=dates).values_list("date", flat=True)
        )
        sheet = next(
            i
            for i in range(len(builder.sheets))
            if sheet_columns(mapping, i)[0] in (m.ATTENDANCE_MATRIX, m.ATTENDANCE_ROWS)
        )
        for day in dates:
            if day in recorded:
                builder.problem(
                    sheet,
                    1,
                    _("A session of %(activity)s on %(date)s was already recorded.")
                    % {"activity": activity.name, "date": fmt(day)},
                    day,
                )
            elif day < activity.active_from or (activity.active_until and day > activity.active_until):
                builder.problem(
                    sheet,
                    1,
                    _("%(date)s falls outside the period of %(activity)s.")
                    % {"activity": activity.name, "date": fmt(day)},
                    day,
                )
    else:
        plan.activity_name = (mapping.get("activity_name") or "").strip()


def _tasks(plan: Plan, builder: _Builder, network: Network, people: list[Person]) -> None:
    tasks = {m.normalise(t.name): t for t in Task.objects.filter(network=network)}
    # A network without tasks gets the usual list with its first activity (practice.services).
    defaults = set() if tasks else {m.normalise(str(name)) for name, _text in DEFAULT_TASKS}
    new: dict[str, str] = {}
    for person in people:
        for mark in person.marks.values():
            for name in mark.tasks:
                key = m.normalise(name)
                task = tasks.get(key)
                if task is not None and task.archived:
                    builder.problem(
                        mark.ref[0],
                        mark.ref[1],
                        _("The task '%(task)s' is no longer on the list.") % {"task": task.name},
                    )
                elif task is None and key not in new and key not in defaults:
                    new[key] = name
    plan.tasks = tasks
    plan.new_tasks = sorted(new.values(), key=str.lower)


def weekday_of(dates: list[dt.date]) -> int:
    return Counter(d.weekday() for d in dates).most_common(1)[0][0]
