"""Reads of the quality app, each with a fixed number of queries whatever the history."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import add_months
from core.formatting import localised, written_date
from core.queries import per_network
from networks import stamps
from networks.models import AssignmentRole, Network, NetworkAssignment, Phase, PhaseChange
from networks.selectors import phase_timeline
from planning.selectors import norm_for
from quality import catalogue
from quality.models import (
    ChecklistAnswer,
    ChecklistItemAnswer,
    ChecklistReflection,
    EvaluationKind,
    EvaluationStatus,
    GoalResult,
    KeptProcessRow,
    NetworkEvaluation,
    Precondition,
    PreconditionStatus,
)

if TYPE_CHECKING:
    from evaluation.stats import PairedResult

DUE_SOON_DAYS = 60

# ----- due dates of network evaluations -----------------------------------------------------------


class DueRow(NamedTuple):
    kind: str
    due: dt.date
    state: str  # "done", "in_progress" (a draft exists), "overdue", "due_soon", "planned"
    evaluation_id: int | None = None

    @property
    def label(self) -> str:
        return str(EvaluationKind(self.kind).label)

    @property
    def signal(self) -> bool:
        return self.state in ("overdue", "due_soon")


def final_due_date(network: Network, evaluation_entered: dt.date | None) -> dt.date:
    """The end of the deepening phase: when the network entered phase 4, else the planned end."""
    if evaluation_entered is not None:
        return evaluation_entered
    months = network.exploration_months + network.buildup_months + network.deepening_months
    return add_months(network.start_date, months)


# Plain strings: the rule runs for every network of an organisation, and a str-enum member hashes and
# compares in Python.
_ONE_YEAR, _FINAL, _YEARLY = (
    EvaluationKind.ONE_YEAR.value,
    EvaluationKind.FINAL.value,
    EvaluationKind.YEARLY.value,
)
_FINAL_STATUS = EvaluationStatus.FINAL.value
_STOPPED, _PROVISION = Phase.STOPPED.value, Phase.PROVISION.value


def _state(due: dt.date, done: list, today: dt.date) -> tuple[str, int | None]:
    """`done`: the evaluations of the kind, newest first."""
    for e in done:
        if e.status == _FINAL_STATUS:
            return "done", e.pk
    if done:
        return "in_progress", done[0].pk
    if due < today:
        return "overdue", None
    if (due - today).days <= DUE_SOON_DAYS:
        return "due_soon", None
    return "planned", None


def due_evaluations(
    network: Network,
    *,
    evaluation_entered: dt.date | None,
    evaluations: list[NetworkEvaluation],
    today: dt.date | None = None,
) -> list[DueRow]:
    """Which network evaluations are due, from data already loaded (no queries).

    - one-year: 12 months after the start date;
    - final: at the end of the deepening phase (entering phase 4, else its planned end);
    - yearly: while the network is a provision, 12 months after the latest final or yearly
      evaluation (or after entering the provision when there is none yet).
    A stopped or archived network has nothing due.
    """
    today = today or timezone.localdate()
    if network.phase == _STOPPED or network.archived_at is not None:
        return []
    by_kind: dict[str, list] = {_ONE_YEAR: [], _FINAL: [], _YEARLY: []}
    if evaluations:
        for evaluation in sorted(evaluations, key=lambda e: (e.date, e.pk), reverse=True):
            by_kind.setdefault(evaluation.kind, []).append(evaluation)
    one_year = add_months(network.start_date, 12)
    final = final_due_date(network, evaluation_entered)
    rows = [
        DueRow(_ONE_YEAR, one_year, *_state(one_year, by_kind[_ONE_YEAR], today)),
        DueRow(_FINAL, final, *_state(final, by_kind[_FINAL], today)),
    ]
    if network.phase == _PROVISION:
        finished = [e for e in evaluations if e.kind in (_FINAL, _YEARLY) and e.status == _FINAL_STATUS]
        base = max((e.date for e in finished), default=network.phase_since)
        yearly = add_months(base, 12)
        later = [e for e in by_kind[_YEARLY] if e.date > base]
        rows.append(DueRow(_YEARLY, yearly, *_state(yearly, later, today)))
    return rows


def evaluation_entered():
    """When a network (last) entered phase 4, as an annotation of a Network queryset (NULL: never)."""
    return per_network(PhaseChange.objects.filter(phase=Phase.EVALUATION), Max("date"))


def _evaluation_entered(network_ids) -> dict[int, dt.date]:
    """When each network (last) entered phase 4 (one query)."""
    return {
        pk: date
        for pk, date in Network.objects.filter(pk__in=network_ids)
        .annotate(entered=evaluation_entered())
        .values_list("pk", "entered")
        if date is not None
    }


def _evaluations_by_network(network_ids) -> dict[int, list[NetworkEvaluation]]:
    rows: dict[int, list[NetworkEvaluation]] = defaultdict(list)
    for evaluation in NetworkEvaluation.objects.filter(network_id__in=network_ids).only(
        "id", "network_id", "kind", "date", "status"
    ):
        rows[evaluation.network_id].append(evaluation)
    return rows


# ----- preconditions --------------------------------------------------------------------------------


@dataclass
class PreconditionRow:
    key: str
    text: str
    status: str
    status_label: str
    note: str
    checked_on: dt.date | None
    version: int
    fact: str = ""
    fact_ok: bool | None = None  # what the app knows says met (True) / not met (False) / nothing (None)

    @property
    def unmet(self) -> bool:
        return precondition_unmet(self.status, self.fact_ok)


def precondition_unmet(status: str, fact_ok: bool | None) -> bool:
    """A precondition needs attention when recorded as (partly) not met, or when what the app knows
    says it is not met (the network page and the needs-attention signals use this one rule)."""
    return status in (PreconditionStatus.NOT_MET, PreconditionStatus.PARTLY) or fact_ok is False


PRECONDITION_FACT_KEYS = frozenset(
    {"hours_budget", "backup", "location"}
)  # the keys precondition_fact_ok knows


def precondition_fact_ok(
    key: str, *, weekly_hours, norm_hours, has_backup: bool, has_location: bool
) -> bool | None:
    """What the app knows of a precondition: met (True), not met (False) or nothing (None).
    The hours are checked against the staffing norm of planning/norm.py."""
    if key == "hours_budget":
        return weekly_hours >= norm_hours
    if key == "backup":
        return has_backup
    if key == "location":
        return None if has_location else False  # whether it suits the group is the worker's judgement
    return None


def precondition_rows(network: Network) -> list[PreconditionRow]:
    """All preconditions with their recorded status and the facts the app knows (four queries)."""
    stored = {p.key: p for p in Precondition.objects.filter(network=network)}
    norm = norm_for(network, timezone.localdate())["norm"]
    active = norm.participants
    backups = [
        a.user.display_name
        for a in NetworkAssignment.objects.filter(network=network, role=AssignmentRole.BACKUP).select_related(
            "user"
        )
    ]
    rows = []
    for key, text in catalogue.PRECONDITIONS:
        p = stored.get(key)
        status = p.status if p else PreconditionStatus.UNKNOWN
        row = PreconditionRow(
            key=key,
            text=str(text),
            status=status,
            status_label=str(PreconditionStatus(status).label),
            note=p.note if p else "",
            checked_on=p.checked_on if p else None,
            version=p.version if p else 0,
        )
        row.fact_ok = precondition_fact_ok(
            key,
            weekly_hours=network.weekly_hours,
            norm_hours=norm.hours,
            has_backup=bool(backups),
            has_location=network.location_id is not None,
        )
        if key == "hours_budget":
            row.fact = _(
                "%(hours)s hours a week recorded; with %(n)s taking part about %(needed)s are needed"
            ) % {
                "hours": localised(network.weekly_hours, 1),
                "n": active,
                "needed": localised(norm.hours, 1),
            }
            if norm.workers_required > 1:
                row.fact += " " + _("(above 30 participants a second social worker is needed)")
        elif key == "backup":
            if backups:
                row.fact = _("Backup (achterwacht): %(names)s") % {"names": ", ".join(backups)}
            else:
                row.fact = _("No backup (achterwacht) assigned")
        elif key == "location":
            if network.location_id:
                row.fact = _("Location: %(name)s") % {"name": network.location.name}
            else:
                row.fact = _("No location recorded")
        rows.append(row)
    return rows


# ----- checklist reflections ----------------------------------------------------------------------


@dataclass
class ChecklistItemRow:
    key: str
    text: str
    answer: str | None
    answer_label: str
    note: str
    previous: str | None
    previous_label: str

    @property
    def changed(self) -> bool:
        return self.previous is not None and self.previous != self.answer


@dataclass
class ReflectionView:
    reflection: ChecklistReflection | None
    previous: ChecklistReflection | None
    groups: list[tuple[str, list[ChecklistItemRow]]] = field(default_factory=list)
    changed: int = 0
    counts: dict = field(default_factory=dict)


def reflection_view(network: Network, reflection: ChecklistReflection | None = None) -> ReflectionView:
    """A reflection (default the latest) next to the one before it, grouped as the checklist (3 queries)."""
    reflections = list(network.checklist_reflections.order_by("-date", "-id").select_related("recorded_by"))
    if reflection is None:
        reflection = reflections[0] if reflections else None
    previous = None
    if reflection is not None:
        older = [r for r in reflections if (r.date, r.pk) < (reflection.date, reflection.pk)]
        previous = older[0] if older else None
    ids = [r.pk for r in (reflection, previous) if r is not None]
    answers: dict[int, dict[str, ChecklistItemAnswer]] = defaultdict(dict)
    for answer in ChecklistItemAnswer.objects.filter(
        reflection_id__in=ids or [0]
    ):  # [0]: the same query when none
        answers[answer.reflection_id][answer.item] = answer
    view = ReflectionView(reflection, previous)
    labels = dict(ChecklistAnswer.choices)
    mine = answers.get(reflection.pk, {}) if reflection else {}
    theirs = answers.get(previous.pk, {}) if previous else {}
    counts: Counter = Counter()
    for group, group_label in catalogue.CHECKLIST_GROUPS:
        items = []
        for g, key, text in catalogue.CHECKLIST:
            if g != group:
                continue
            a, b = mine.get(key), theirs.get(key)
            row = ChecklistItemRow(
                key=key,
                text=str(text),
                answer=a.answer if a else None,
                answer_label=str(labels.get(a.answer, "–")) if a else "–",
                note=a.note if a else "",
                previous=b.answer if b else None,
                previous_label=str(labels.get(b.answer, "–")) if b else "–",
            )
            counts[row.answer] += 1
            view.changed += row.changed
            items.append(row)
        view.groups.append((str(group_label), items))
    view.counts = {str(label): counts.get(value, 0) for value, label in ChecklistAnswer.choices}
    view.reflections = reflections  # type: ignore[attr-defined]
    return view


# ----- the network's quality page and its signals --------------------------------------------------


def network_quality(*, network: Network) -> dict:
    """Everything on a network's quality page (eight queries)."""
    evaluations = list(network.quality_evaluations.order_by("-date", "-id").select_related("recorded_by"))
    entered = _evaluation_entered([network.pk]).get(network.pk)
    preconditions = precondition_rows(network)
    return {
        "due": due_evaluations(network, evaluation_entered=entered, evaluations=evaluations),
        "evaluations": evaluations,
        "preconditions": preconditions,
        "unmet": [p for p in preconditions if p.unmet],
        "unchecked": sum(p.status == PreconditionStatus.UNKNOWN for p in preconditions),
        "checklist": reflection_view(network),
    }


def network_section(network: Network, user) -> dict:
    """The signals on the network overview page: unmet preconditions, evaluations due (four queries)."""
    from accounts import access

    if not access.can(user, "quality.view"):
        return {}
    preconditions = precondition_rows(network)
    evaluations = list(network.quality_evaluations.only("id", "network_id", "kind", "date", "status"))
    entered = _evaluation_entered([network.pk]).get(network.pk)
    due = due_evaluations(network, evaluation_entered=entered, evaluations=evaluations)
    return {
        "template": "quality/_network_section.html",
        "network": network,
        "unmet": [p for p in preconditions if p.unmet],
        "unchecked": sum(p.status == PreconditionStatus.UNKNOWN for p in preconditions),
        "due": [row for row in due if row.signal],
    }


def home_section(user) -> dict:
    """Evaluations overdue or due within 60 days on the networks the user evaluates (three queries).

    Whoever sees the needs-attention view (network.view) finds them there (quality.attention); this
    block is for the evaluator."""
    from accounts import access

    if access.can(user, "network.view") or not access.can(user, "quality.evaluate"):
        return {}
    networks = list(
        access.networks_for(user, "quality.evaluate").filter(archived_at__isnull=True).order_by("name")
    )
    ids = [n.pk for n in networks]
    entered = _evaluation_entered(ids)
    evaluations = _evaluations_by_network(ids)
    rows = []
    for network in networks:
        for row in due_evaluations(
            network, evaluation_entered=entered.get(network.pk), evaluations=evaluations[network.pk]
        ):
            if row.signal:
                rows.append((network, row))
    rows.sort(key=lambda pair: pair[1].due)
    if not rows:
        return {}
    return {"template": "quality/_home.html", "rows": rows}


# ----- facts next to the evaluation form ------------------------------------------------------------


def evaluation_period(network: Network, date: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The year before the evaluation (or before today), not before the network's start."""
    end = date or timezone.localdate()
    return max(network.start_date, add_months(end, -12)), end


def evaluation_facts(*, network: Network, start: dt.date, end: dt.date) -> dict:
    """What the app knows about the period, to inform the group conversation (ten queries).

    Counts only: no participant names, so evaluators see the same facts.
    """
    from evaluation.models import EvaluationRound
    from evaluation.selectors import paired_analysis
    from people.models import Stage
    from practice.models import Presence, Session, SessionStatus
    from support.selectors import load_observations, network_members, period_network

    stages = dict(
        network.participations.values_list("stage").annotate(n=Count("id")).values_list("stage", "n")
    )
    sessions = Session.objects.filter(
        network=network, date__range=(start, end), status=SessionStatus.HELD
    ).aggregate(
        held=Count("id", distinct=True),
        present=Count("attendances", filter=Q(attendances__status=Presence.PRESENT)),
    )
    period = period_network(
        members=network_members(network),
        observations=load_observations(network, start, end),
        start=start,
        end=end,
        kind=None,
        with_rows=False,
    )
    rounds = EvaluationRound.objects.filter(
        network=network, ends_on__isnull=False, ends_on__lte=timezone.localdate()
    )
    analysis = paired_analysis(rounds)
    domain = analysis.domain if analysis.n_included else None
    return {
        "start": start,
        "end": end,
        "stages": [(label, stages.get(value, 0)) for value, label in Stage.choices],
        "sessions_held": sessions["held"],
        "attendance_average": round(sessions["present"] / sessions["held"], 1) if sessions["held"] else None,
        "reciprocity": period.figure("reciprocity"),
        "give_and_receive": period.figure("give_and_receive"),
        "observations": len(period.observations),
        "interviews": analysis.n_included,
        "domain": domain,
        "domain_change": round(domain.mean_diff, 1) if domain and domain.mean_diff is not None else None,
    }


# ----- process evaluation across networks -----------------------------------------------------------


REACH = ["invited", "first_visit", "structural", "dropped_out", "returned", "referred"]  # route stages


def reach_labels() -> dict[str, str]:
    return {
        "invited": _("invited"),
        "first_visit": _("got acquainted"),
        "structural": _("became structural"),
        "dropped_out": _("dropped out"),
        "returned": _("returned"),
        "referred": _("referred elsewhere"),
    }


@dataclass
class ProcessRow:
    network: Network
    phases_done: int = 0
    phases_on_time: int = 0
    preconditions_met: int = 0
    checklist_yes: int = 0
    checklist_answered: int = 0
    reach: dict = field(default_factory=dict)
    interview: PairedResult | None = None  # the paired analysis of the domain score (evaluation app)
    latest_evaluation: dict | None = None
    goals_achieved: int = 0
    goals_rated: int = 0

    @property
    def checklist_share(self) -> float | None:
        return self.checklist_yes / self.checklist_answered if self.checklist_answered else None

    @property
    def interview_n(self) -> int:
        return interview_n(self.interview)

    @property
    def interview_change(self) -> float | None:
        return interview_change(self.interview)


def interview_n(result: PairedResult | None) -> int:
    """People with a domain score (one interview each)."""
    return result.n if result is not None else 0


def interview_change(result: PairedResult | None) -> float | None:
    """The mean change of the domain score, rounded to one decimal as on the page."""
    if result is None or result.mean_diff is None:
        return None
    return round(result.mean_diff, 1)


def default_process_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    return add_months(today, -36) + dt.timedelta(days=1), today


def process_figures(*, networks: list, scope, start: dt.date, end: dt.date) -> dict[int, dict]:
    """Per network of `networks` (from the queryset `scope`) its figures in the period except the
    interviews, as plain values that keep as JSON (five queries whatever the number of networks):
    phases done and on time, the latest checklist reflection, people per step of the route and its
    final evaluations in date order (the goals only of the latest)."""
    from people.models import RouteEvent

    ids = scope.values("pk")  # a subquery: a list of hundreds of ids costs more to send than it costs to run
    figures = {
        n.pk: {"phases": [0, 0], "checklist": [0, 0], "reach": dict.fromkeys(REACH, 0), "evaluations": []}
        for n in networks
    }
    # 1. Carried out as planned: phase durations planned against actual.
    changes: dict[int, list] = defaultdict(list)
    for change in PhaseChange.objects.filter(network_id__in=ids).values_list(
        "pk", "network_id", "phase", "date", "reason", named=True
    ):  # plain rows with the attributes phase_timeline reads: thousands of them cost less than instances
        changes[change.network_id].append(change)
    for network in networks:
        phases = figures[network.pk]["phases"]
        for phase_row in phase_timeline(network, changes[network.pk], today=end):
            if phase_row.state == "done" and network.planned_months(phase_row.phase) is not None:
                phases[0] += 1
                phases[1] += not phase_row.late
    reflections = ChecklistReflection.objects.filter(network_id__in=ids, date__range=(start, end))
    latest_reflection: dict[int, int] = {}
    for network_id, reflection_id in reflections.order_by("date", "id").values_list("network_id", "id"):
        latest_reflection[network_id] = reflection_id
    # Counted for every reflection of the period (a subquery, not a list of hundreds of ids); the
    # latest one per network is kept.
    counts = {
        reflection_id: [yes, answered]
        for reflection_id, yes, answered in ChecklistItemAnswer.objects.filter(
            reflection__in=reflections.values("pk")
        )
        .values("reflection_id")
        .annotate(
            yes=Count("id", filter=Q(answer=ChecklistAnswer.YES)),
            answered=Count("id", filter=~Q(answer=ChecklistAnswer.NOT_APPLICABLE)),
        )
        .order_by()
        .values_list("reflection_id", "yes", "answered")
    }
    for network_id, reflection_id in latest_reflection.items():
        if network_id in figures:
            figures[network_id]["checklist"] = counts.get(reflection_id, [0, 0])

    # 2. Reach: people per step of the route in the period.
    for network_id, stage, n in (
        RouteEvent.objects.filter(
            participation__network_id__in=ids, date__range=(start, end), stage__in=REACH
        )
        .values("participation__network_id", "stage")
        .annotate(n=Count("participation_id", distinct=True))
        .values_list("participation__network_id", "stage", "n")
    ):
        if network_id in figures:
            figures[network_id]["reach"][stage] = n

    # 3. The final network evaluations of the period: dates, factors and the latest one's results per
    # sub-goal. No free text is kept (a note or recommendation may name someone): the recommendations
    # are read when shown.
    for evaluation in (
        NetworkEvaluation.objects.filter(
            network_id__in=ids, date__range=(start, end), status=EvaluationStatus.FINAL
        )
        .order_by("date", "id")
        .values("id", "network_id", "date", "goals", "success_factors", "failure_factors")
    ):
        if evaluation["network_id"] in figures:
            found = figures[evaluation["network_id"]]["evaluations"]
            if found:
                found[-1]["results"] = None  # only the latest one's are read
            goals = evaluation["goals"] or {}
            found.append(
                {
                    "id": evaluation["id"],
                    "date": evaluation["date"].isoformat(),
                    "results": {
                        letter: (goals.get(letter) or {}).get("result", GoalResult.UNKNOWN)
                        for letter in catalogue.SUB_GOAL_LETTERS
                    },
                    "success_factors": evaluation["success_factors"] or [],
                    "failure_factors": evaluation["failure_factors"] or [],
                }
            )
    return figures


def kept_process_figures(*, networks: list, scope, start: dt.date, end: dt.date) -> dict[int, dict]:
    """process_figures of `networks` (read with their stamp), kept in KeptProcessRow per period under the
    network's stamp (networks.stamps.kept): read where current, computed and stored for the others."""
    today = timezone.localdate()
    return stamps.kept(
        KeptProcessRow,
        networks=networks,
        scope=scope,
        key={"start": start, "end": end},
        unique=("network", "start", "end"),
        compute=lambda stale, subset: process_figures(networks=stale, scope=subset, start=start, end=end),
        dump=lambda figures: {"kept_on": today, "figures": json.dumps(figures)},
        load=lambda network, kept_on, figures: json.loads(figures),
    )


KEPT_PROCESS_DAYS = 7  # a kept process row nobody stored again for this long is removed


def watch_process_sources() -> None:
    """What process_figures reads renews the network's stamp (networks/stamps.py)."""
    from people.models import Participation, RouteEvent

    stamps.watch(Network, network="id")
    for model in (PhaseChange, ChecklistReflection, Participation, NetworkEvaluation):
        stamps.watch(model)
    stamps.watch(ChecklistItemAnswer, via="reflection")
    stamps.watch(RouteEvent, via="participation")


def keep_process_current(today: dt.date | None = None) -> int:
    """Keep the process figures of every organisation's networks current for the default period (the
    worker's housekeeping, every minute), and remove rows not stored for KEPT_PROCESS_DAYS. Returns the
    number of networks computed."""
    today = today or timezone.localdate()
    start, end = default_process_period(today)
    KeptProcessRow.objects.filter(kept_on__lt=today - dt.timedelta(days=KEPT_PROCESS_DAYS)).delete()
    running = Network.objects.filter(start_date__lte=end)
    stale = stamps.stale_by_organisation(
        KeptProcessRow,
        key={"start": start, "end": end},
        networks=running.annotate(stamp=stamps.stamp()).values_list("pk", "organisation_id", "stamp"),
    )
    for organisation_id, ids in stale.items():
        scope = running.filter(organisation_id=organisation_id)
        networks = list(scope.filter(pk__in=ids).annotate(stamp=stamps.stamp()))
        kept_process_figures(networks=networks, scope=scope, start=start, end=end)
    return sum(len(ids) for ids in stale.values())


def process_evaluation(*, networks, start: dt.date, end: dt.date) -> dict:
    """The organisation view over `networks` (a queryset) in a period.

    The figures of each network but the interviews are kept per network and period under the network's
    stamp (kept_process_figures, networks/stamps.py): only networks that changed are read again (five
    queries). The interview scores are the evaluation app's paired domain result per network and pooled
    (`evaluation.selectors.domain_by_network`: which interviews count, read each time, and their scores,
    kept per network under the same stamp).
    """
    from evaluation.selectors import domain_by_network

    scope = networks.filter(start_date__lte=end)
    networks = list(
        scope.select_related("location")
        .annotate(
            met=Count("preconditions", filter=Q(preconditions__status=PreconditionStatus.MET)),
            stamp=stamps.stamp(),
        )
        .order_by("name")
    )
    figures = kept_process_figures(networks=networks, scope=scope, start=start, end=end)
    rows = {}
    for n in networks:
        kept = figures[n.pk]
        row = rows[n.pk] = ProcessRow(network=n, reach=kept["reach"], preconditions_met=n.met)
        row.phases_done, row.phases_on_time = kept["phases"]
        row.checklist_yes, row.checklist_answered = kept["checklist"]

    # Appreciation and yield: the evaluation app's paired analysis per network (the domain score,
    # now minus a year ago), one pair per person: their latest counting interview in the period.
    pooled, analyses = domain_by_network(scope, held_between=(start, end))
    for network_id, analysis in analyses.items():
        rows[network_id].interview = analysis.domain
    texts = dict(
        NetworkEvaluation.objects.filter(
            network_id__in=scope.values("pk"), date__range=(start, end), status=EvaluationStatus.FINAL
        )
        .exclude(recommendations="")
        .values_list("id", "recommendations")
    )
    success: Counter = Counter()
    failure: Counter = Counter()
    goal_counts = {letter: Counter() for letter in catalogue.SUB_GOAL_LETTERS}
    recommendations = []
    for network_id, row in rows.items():
        evaluations = figures[network_id]["evaluations"]
        named_success: set = set()
        named_failure: set = set()
        for evaluation in evaluations:
            evaluation["date"] = dt.date.fromisoformat(evaluation["date"])
            named_success.update(evaluation["success_factors"])
            named_failure.update(evaluation["failure_factors"])
            text = texts.get(evaluation["id"], "")
            if text.strip():
                recommendations.append((row.network, {**evaluation, "recommendations": text}))
        success.update(named_success)
        failure.update(named_failure)
        if not evaluations:
            continue
        latest = row.latest_evaluation = evaluations[-1]
        for letter in catalogue.SUB_GOAL_LETTERS:
            result = latest["results"][letter]
            goal_counts[letter][result] += 1
            row.goals_achieved += result == GoalResult.ACHIEVED
            row.goals_rated += result != GoalResult.UNKNOWN
    recommendations.sort(key=lambda pair: (pair[1]["date"], pair[0].name), reverse=True)
    table = [rows[n.pk] for n in networks]
    totals = {
        "networks": len(table),
        "phases_done": sum(r.phases_done for r in table),
        "phases_on_time": sum(r.phases_on_time for r in table),
        "preconditions_met": sum(r.preconditions_met for r in table),
        "preconditions_total": len(table) * len(catalogue.PRECONDITIONS),
        "checklist_yes": sum(r.checklist_yes for r in table),
        "checklist_answered": sum(r.checklist_answered for r in table),
        "reach": {key: sum(r.reach[key] for r in table) for key in REACH},
        # All networks pooled as on the evaluation app's "all rounds" page: one pair per person.
        "interview": pooled.domain,
        "interview_n": interview_n(pooled.domain),
        "interview_change": interview_change(pooled.domain),
        "evaluated": sum(r.latest_evaluation is not None for r in table),
        "goals_achieved": sum(r.goals_achieved for r in table),
        "goals_rated": sum(r.goals_rated for r in table),
    }
    totals["checklist_share"] = (
        totals["checklist_yes"] / totals["checklist_answered"] if totals["checklist_answered"] else None
    )
    return {
        "start": start,
        "end": end,
        "rows": table,
        "totals": totals,
        "success": [(key, str(text), success.get(key, 0)) for key, text in catalogue.SUCCESS_FACTORS],
        "failure": [(key, str(text), failure.get(key, 0)) for key, text in catalogue.FAILURE_FACTORS],
        "goals": [
            (
                letter,
                str(text),
                goal_counts[letter].get(GoalResult.ACHIEVED, 0),
                goal_counts[letter].get(GoalResult.PARTLY, 0),
                goal_counts[letter].get(GoalResult.NOT, 0),
            )
            for letter, text in catalogue.SUB_GOALS
        ],
        "recommendations": recommendations,
    }


def process_charts(data: dict) -> list:
    """The charts of the process evaluation (same for the page and the .docx), each as
    (chart description, table headers, table rows): the table gives the full labels, the chart short ones."""
    from core.charts import BarChart

    def count_axis(values) -> int:
        return max(5, *values) if values else 5  # whole-number ticks for small counts

    labels = reach_labels()
    reach = data["totals"]["reach"]
    period = {"start": written_date(data["start"]), "end": written_date(data["end"])}
    reach_values = [reach[k] for k in REACH]
    goal_values = [achieved for _l, _t, achieved, _p, _n in data["goals"]]
    success_values = [n for _k, _t, n in data["success"]]
    failure_values = [n for _k, _t, n in data["failure"]]
    networks = _("networks")
    return [
        (
            BarChart(
                title=_("Reach over all networks, %(start)s to %(end)s") % period,
                description=_("Number of people per step of the route in the period, all networks together."),
                labels=[str(labels[k]) for k in REACH],
                values=reach_values,
                horizontal=True,
                y_label=_("people"),
                y_max=count_axis(reach_values),
                chart_id="reach",
            ),
            [_("step of the route"), _("people")],
            [[str(labels[k]), str(reach[k])] for k in REACH],
        ),
        (
            BarChart(
                title=_("Sub-goals achieved in the latest evaluation"),
                description=_(
                    "Number of networks whose latest final evaluation calls the sub-goal achieved; "
                    "the letters are the sub-goals in the table."
                ),
                labels=[_("sub-goal %(letter)s") % {"letter": letter} for letter, *_rest in data["goals"]],
                values=goal_values,
                horizontal=True,
                y_label=networks,
                y_max=count_axis(goal_values),
                chart_id="goals",
            ),
            [_("sub-goal"), _("achieved"), _("partly achieved"), _("not achieved")],
            [[f"{letter}. {text}", str(a), str(p), str(n)] for letter, text, a, p, n in data["goals"]],
        ),
        (
            BarChart(
                title=_("Success factors named"),
                description=_(
                    "Number of networks that named the factor in a final evaluation in the period."
                ),
                labels=[str(catalogue.FACTOR_SHORT[k]) for k, _t, _n in data["success"]],
                values=success_values,
                horizontal=True,
                y_label=networks,
                y_max=count_axis(success_values),
                chart_id="success",
            ),
            [_("success factor"), networks],
            [[text, str(n)] for _k, text, n in data["success"]],
        ),
        (
            BarChart(
                title=_("Failure factors named"),
                description=_(
                    "Number of networks that named the factor in a final evaluation in the period."
                ),
                labels=[str(catalogue.FACTOR_SHORT[k]) for k, _t, _n in data["failure"]],
                values=failure_values,
                horizontal=True,
                y_label=networks,
                y_max=count_axis(failure_values),
                chart_id="failure",
            ),
            [_("failure factor"), networks],
            [[text, str(n)] for _k, text, n in data["failure"]],
        ),
    ]
