"""A large organisation for benchmarks and load tests, generated deterministically with bulk inserts.

This is the one place in Vangnet that bypasses the services on purpose: replaying three years of
150 networks through `session_record` and friends would take hours. Instead, the rows are built in
memory and written with `bulk_create` in batches. To keep the result a state the app itself could
have produced, the route of every person is derived from their generated attendance with the
app's own rules (`people.services.derive_stage`, `practice.services.structural_since`), and at the
end the app's own `stages_derive` and `followups_refresh` run once per network, so the first real
save of a session finds nothing left to correct. The bulk writes run in
`core.history.without_history()`, so the privacy change history stays empty for generated rows, as
intended (nobody wrote them); the app's own services at the end record theirs as usual.
"""

import datetime as dt
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from core.history import without_history

BATCH = 2000

# Base sizes at --scale 1.0. Per-network sizes stay the same at every scale, so pages of one
# network look alike whatever the scale; the number of networks (and so everything else) scales.
NETWORKS = 150
PEOPLE_PER_NETWORK = 40
SUPPORT_PER_NETWORK = 200
LOG_PER_NETWORK = 60
INTERVIEWS_PER_NETWORK = 10

FIRST_NAMES = [
    "Anne",
    "Bert",
    "Carla",
    "Dirk",
    "Els",
    "Fatima",
    "Gerrit",
    "Hanneke",
    "Ilse",
    "Jan",
    "Karin",
    "Lotte",
    "Mohamed",
    "Nel",
    "Ozan",
    "Petra",
    "Ria",
    "Sem",
    "Truus",
    "Umut",
    "Vera",
    "Wim",
    "Yara",
    "Zeynep",
    "Annie",
    "Bas",
    "Coby",
    "Daan",
    "Emine",
    "Frits",
    "Greet",
    "Hasan",
    "Ingrid",
    "Joop",
    "Kees",
    "Lies",
    "Marian",
    "Nora",
    "Piet",
    "Rachid",
    "Sanne",
    "Tineke",
    "Ugur",
    "Wilma",
    "Youssef",
    "Ans",
    "Corrie",
    "Henk",
    "Mieke",
]
LOG_TEXTS = [
    "Nieuwe deelnemer via de huisarts, voelde zich snel thuis.",
    "Overleg met het wijkteam over twee nieuwe aanmeldingen.",
    "De groep heeft zelf de boodschappen geregeld.",
    "Even een botsing over de afwas; samen afspraken gemaakt.",
    "Reflectie met de achterwacht over de rol van de vaste kern.",
    "Mijlpaal: de groep kookte voor de buurt.",
]
OPEN_TEXTS = [
    "Ik kom hier graag, het is gezellig en ik ken nu mensen in de buurt.",
    "Sinds ik kook voor de groep voel ik me nuttig.",
    "Als ik ziek ben, belt er altijd wel iemand.",
    "Ik durf nu zelf iemand mee te nemen.",
]
THEMES = [
    "Erbij horen",
    "Nuttig zijn",
    "Steun van anderen",
    "Structuur in de week",
    "Zelfvertrouwen",
    "Buurt",
    "Vriendschap",
    "Gezondheid",
]


@dataclass
class Result:
    organisation: object
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0


def _bulk(model, rows: list, counts: dict) -> list:
    """bulk_create in batches (primary keys are set on the objects, on SQLite and PostgreSQL)."""
    with without_history():
        created = model.objects.bulk_create(rows, batch_size=BATCH)
    counts[model.__name__] = counts.get(model.__name__, 0) + len(created)
    return created


def build_large_org(
    *,
    scale: float = 1.0,
    seed: int = 1,
    slug: str = "groot",
    years: int = 3,
    today: dt.date | None = None,
    password: str | None = None,
    log=None,
) -> Result:
    started = time.monotonic()
    with transaction.atomic():
        result = _build(
            scale=scale,
            seed=seed,
            slug=slug,
            years=years,
            today=today or timezone.localdate(),
            password=password,
            log=log or (lambda message: None),
        )
    # A bulk load leaves the planner without statistics until autovacuum gets round to it; a real
    # database has them. Without this, PostgreSQL seq-scans 170,000 contributions for one session.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    result.seconds = time.monotonic() - started
    return result


def _build(*, scale, seed, slug, years, today, password, log) -> Result:  # noqa: C901, PLR0912, PLR0915
    from accounts.models import Location, Role
    from accounts.services import organisation_create, user_invite
    from evaluation.models import (
        Answer,
        EvaluationRound,
        Highlight,
        Interview,
        QuestionKind,
        Report,
        ReportState,
        Theme,
    )
    from evaluation.services import template_ensure_default
    from networks.models import AssignmentRole, Network, NetworkAssignment, Phase, PhaseChange
    from people.models import (
        ACTIVE_STAGES,
        DropoutReason,
        InvitedVia,
        Participant,
        Participation,
        ReferralTarget,
        RouteEvent,
        Stage,
    )
    from people.services import derive_stage
    from planning.models import (
        Expense,
        ExpenseCategory,
        HoursEntry,
        HoursPurpose,
        HoursRole,
        Income,
        IncomeSource,
    )
    from practice.models import (
        Activity,
        Attendance,
        Contribution,
        LogCategory,
        LogEntry,
        Presence,
        Session,
        SessionChange,
        SessionStatus,
        Task,
    )
    from practice.services import (
        DEFAULT_TASKS,
        followups_refresh,
        stages_derive,
        structural_since,
    )
    from privacy.models import Consent, ConsentScope, Study
    from quality import catalogue as quality_catalogue
    from quality.models import ChecklistItemAnswer, ChecklistReflection, NetworkEvaluation, Precondition
    from support.models import SupportKind, SupportObservation, SupportTie

    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets  # nosec B311
    counts: dict[str, int] = {}
    n_networks = max(2, round(NETWORKS * scale))
    organisation, admin = organisation_create(
        name=f"Welzijn Groot ({slug})",
        slug=slug,
        admin_username=f"{slug}-admin",
        admin_email=f"admin@{slug}.example",
        admin_password=None,
    )
    pw_hash = make_password(password) if password else None

    def user(name: str, roles: list[str], first: str):
        return user_invite(
            actor=None,
            organisation=organisation,
            username=f"{slug}-{name}",
            email=f"{name}@{slug}.example",
            first_name=first,
            roles=roles,
            password_hash=pw_hash,
        )

    coordinator = user("coordinator", [Role.COORDINATOR], "Coby")
    evaluator = user("evaluator", [Role.EVALUATOR], "Els")
    researcher = user("researcher", [Role.RESEARCHER], "Rachid")
    n_workers = max(2, (n_networks + 1) // 2)
    workers = [
        user(f"worker-{i:03d}", [Role.WORKER], FIRST_NAMES[i % len(FIRST_NAMES)]) for i in range(n_workers)
    ]
    locations = _bulk(
        Location,
        [
            Location(organisation=organisation, name=f"Buurthuis {i + 1}")
            for i in range(max(1, n_networks // 5))
        ],
        counts,
    )

    # ----- networks: started about `years` years ago, now in the provision phase
    networks = []
    for i in range(n_networks):
        start = today - dt.timedelta(days=364 * years + rng.randint(14, 60))
        networks.append(
            Network(
                organisation=organisation,
                name=f"Vangnet {i + 1:03d}",
                location=locations[i % len(locations)],
                start_date=start,
                target_size=rng.choice([15, 20, 25]),
                phase=Phase.PROVISION,
                phase_since=start + dt.timedelta(days=600),
            )
        )
    networks = _bulk(Network, networks, counts)
    phase_rows, assignment_rows, task_rows, activity_rows = [], [], [], []
    for i, network in enumerate(networks):
        day = network.start_date
        for phase, months in (
            (Phase.EXPLORATION, 3),
            (Phase.BUILDUP, 9),
            (Phase.DEEPENING, 6),
            (Phase.EVALUATION, 2),
        ):
            phase_rows.append(PhaseChange(network=network, phase=phase, date=day))
            day += dt.timedelta(days=30 * months)
        phase_rows.append(PhaseChange(network=network, phase=Phase.PROVISION, date=network.phase_since))
        assignment_rows.append(
            NetworkAssignment(network=network, user=workers[i // 2], role=AssignmentRole.LEAD)
        )
        assignment_rows.append(
            NetworkAssignment(
                network=network, user=workers[(i // 2 + 1) % n_workers], role=AssignmentRole.BACKUP
            )
        )
        task_rows += [
            Task(network=network, name=str(name), needs_text=needs, position=p)
            for p, (name, needs) in enumerate(DEFAULT_TASKS)
        ]
        weekday = i % 5
        first = network.start_date + dt.timedelta(days=(weekday - network.start_date.weekday()) % 7)
        activity_rows.append(
            Activity(
                network=network,
                name="Soep en samen",
                weekday=weekday,
                start_time=dt.time(14, 0),
                active_from=first,
            )
        )
    _bulk(PhaseChange, phase_rows, counts)
    _bulk(NetworkAssignment, assignment_rows, counts)
    tasks_by_network = defaultdict(list)
    for task in _bulk(Task, task_rows, counts):
        tasks_by_network[task.network_id].append(task)
    activities = _bulk(Activity, activity_rows, counts)
    log(f"{n_networks} networks")

    template = template_ensure_default(organisation=organisation)
    questions = list(template.questions.all())
    themes = _bulk(
        Theme,
        [
            Theme(
                organisation=organisation,
                name=n,
                guid=uuid.uuid5(uuid.NAMESPACE_URL, f"vangnet-perf:{slug}:{n}"),
            )
            for n in THEMES
        ],
        counts,
    )
    Study.objects.create(organisation=organisation, name="Landelijke studie", created_by=researcher)

    for index, (network, activity) in enumerate(zip(networks, activities, strict=True)):
        lead = workers[index // 2]
        tasks = tasks_by_network[network.pk]
        plain_tasks = [t for t in tasks if not t.needs_text]
        other_task = next(t for t in tasks if t.needs_text)
        # Session dates: weekly, up to and including the last one before today.
        dates = []
        day = activity.active_from
        while day < today:
            dates.append(day)
            day += dt.timedelta(days=7)
        cancelled = {d for d in dates if rng.random() < 0.03}
        # People: a founding group, then newcomers spread over the years; a part leaves again.
        people = []
        for p in range(PEOPLE_PER_NETWORK):
            if p < 12:
                join = dates[min(len(dates) - 1, rng.randint(0, 4))]
            else:
                join = dates[rng.randint(0, len(dates) - 1)]
            leave = None
            if rng.random() < 0.4:
                candidate = join + dt.timedelta(weeks=rng.randint(10, 90))
                leave = candidate if candidate < today - dt.timedelta(days=14) else None
            people.append(
                {
                    "name": FIRST_NAMES[rng.randrange(len(FIRST_NAMES))],
                    "join": join,
                    "leave": leave,
                    "p": rng.uniform(0.4, 0.75),
                    "invited_only": p >= PEOPLE_PER_NETWORK - 2,
                    "birth": rng.randint(1940, 1995),
                }
            )
        participants = _bulk(
            Participant,
            [
                Participant(
                    organisation=organisation,
                    name=person["name"],
                    birth_year=person["birth"],
                    invited_via=rng.choice(InvitedVia.values),
                    created_by=lead,
                )
                for person in people
            ],
            counts,
        )
        sessions = _bulk(
            Session,
            [
                Session(
                    activity=activity,
                    network=network,
                    date=d,
                    status=SessionStatus.CANCELLED if d in cancelled else SessionStatus.HELD,
                    cancel_reason="Buurthuis gesloten" if d in cancelled else "",
                    guests=rng.randint(0, 3),
                    recorded_by=lead,
                )
                for d in dates
            ],
            counts,
        )
        _bulk(
            SessionChange,
            [
                SessionChange(
                    session=s,
                    changed_by=lead,
                    changes=[{"what": "status", "participant": None, "before": "", "after": s.status}],
                )
                for s in sessions
            ],
            counts,
        )
        attendances, presences = [], defaultdict(list)
        present_at: dict[dt.date, list[int]] = defaultdict(list)
        for session in sessions:
            if session.status == SessionStatus.CANCELLED:
                continue
            for person, participant in zip(people, participants, strict=True):
                if person["invited_only"] or session.date < person["join"]:
                    continue
                if person["leave"] and session.date >= person["leave"]:
                    continue
                first = session.date == person["join"]
                roll = rng.random()
                if first or roll < person["p"]:
                    attendances.append(
                        Attendance(session=session, participant=participant, status=Presence.PRESENT)
                    )
                    presences[participant.pk].append(session.date)
                    present_at[session.date].append(participant.pk)
                elif roll < person["p"] + 0.05:
                    attendances.append(
                        Attendance(
                            session=session, participant=participant, status=Presence.EXCUSED, reason="ziek"
                        )
                    )
        attendances = _bulk(Attendance, attendances, counts)
        contributions = []
        for attendance in attendances:
            if attendance.status != Presence.PRESENT:
                continue
            roll = rng.random()
            k = 0 if roll < 0.5 else (1 if roll < 0.85 else 2)
            for task in rng.sample(plain_tasks, k):
                contributions.append(Contribution(attendance=attendance, task=task))
            if rng.random() < 0.02:
                contributions.append(
                    Contribution(attendance=attendance, task=other_task, text="bloemen geregeld")
                )
        _bulk(Contribution, contributions, counts)

        # Routes, derived from the attendance with the app's own rules.
        participations = _bulk(
            Participation,
            [
                Participation(
                    participant=participant, network=network, stage=Stage.INVITED, stage_since=person["join"]
                )
                for person, participant in zip(people, participants, strict=True)
            ],
            counts,
        )
        events = []
        for person, participant, participation in zip(people, participants, participations, strict=True):
            mine = presences.get(participant.pk, [])
            steps = [(Stage.INVITED, person["join"] - dt.timedelta(days=7), {})]
            if person["invited_only"] or not mine:
                steps[0] = (Stage.INVITED, today - dt.timedelta(days=rng.randint(3, 20)), {})
            else:
                steps.append((Stage.FIRST_VISIT, mine[0], {}))
                until = (person["leave"] - dt.timedelta(days=1)) if person["leave"] else today
                since = structural_since(first_visit=mine[0], presences=mine, window_weeks=6, today=until)
                if len(mine) > 1 and (since is None or mine[1] < since):
                    steps.append((Stage.SETTLING_IN, mine[1], {}))
                if since is not None:
                    steps.append((Stage.STRUCTURAL, since, {}))
                if person["leave"]:
                    stage = rng.choice([Stage.DROPPED_OUT, Stage.MOVED_ON, Stage.REFERRED])
                    extra = {}
                    if stage == Stage.DROPPED_OUT:
                        extra["dropout_reason"] = rng.choice(
                            [DropoutReason.ILLNESS, DropoutReason.PERSONAL, DropoutReason.MOVED]
                        )
                    elif stage == Stage.REFERRED:
                        extra["referral_target"] = rng.choice(ReferralTarget.values)
                    steps.append((stage, max(person["leave"], steps[-1][1]), extra))
            mine_events = [
                RouteEvent(participation=participation, stage=s, date=d, recorded_by=lead, **extra)
                for s, d, extra in steps
            ]
            participation.stage, participation.stage_since, participation.first_visit = derive_stage(
                mine_events
            )
            events += mine_events
        _bulk(RouteEvent, events, counts)
        with without_history():
            Participation.objects.bulk_update(
                participations, ["stage", "stage_since", "first_visit"], batch_size=BATCH
            )
        _bulk(
            Consent,
            [
                Consent(
                    participant=participant,
                    scope=ConsentScope.RESEARCH,
                    given=rng.random() < 0.85,
                    date=person["join"],
                    recorded_by=lead,
                )
                for person, participant in zip(people, participants, strict=True)
            ],
            counts,
        )

        # Support: what workers saw at sessions, between people present that day.
        held = [d for d in dates if len(present_at.get(d, [])) >= 2]
        observations, receivers = [], []
        for _ in range(SUPPORT_PER_NETWORK if held else 0):
            d = rng.choice(held)
            there = present_at[d]
            giver = rng.choice(there)
            to_group = rng.random() < 0.2
            others = [p for p in there if p != giver]
            observations.append(
                SupportObservation(
                    network=network,
                    date=d,
                    giver_id=giver,
                    to_group=to_group,
                    kind=rng.choice(SupportKind.values),
                    outside_hours=rng.random() < 0.15,
                    recorded_by=lead,
                )
            )
            receivers.append(
                [] if to_group else rng.sample(others, min(len(others), rng.choice([1, 1, 1, 2, 3])))
            )
        observations = _bulk(SupportObservation, observations, counts)
        _bulk(
            SupportTie,
            [
                SupportTie(observation=o, receiver_id=r)
                for o, rs in zip(observations, receivers, strict=True)
                for r in rs
            ],
            counts,
        )

        entries = _bulk(
            LogEntry,
            [
                LogEntry(
                    network=network,
                    date=rng.choice(dates),
                    category=rng.choice(LogCategory.values),
                    text=rng.choice(LOG_TEXTS),
                    author=lead,
                )
                for _ in range(LOG_PER_NETWORK)
            ],
            counts,
        )
        through = LogEntry.participants.through
        _bulk(
            through,
            [
                through(logentry_id=e.pk, participant_id=p.pk)
                for e in entries[::3]
                for p in rng.sample(participants, 2)
            ],
            counts,
        )

        # Planning: the lead's weekly hours (the activity plus recruitment or individual support) and
        # monthly expenses and quarterly own contributions.
        hours_rows, monday = [], network.start_date - dt.timedelta(days=network.start_date.weekday())
        while monday <= today - dt.timedelta(days=7):
            hours_rows.append(
                HoursEntry(
                    network=network,
                    worker=lead,
                    role=HoursRole.LEAD,
                    week=monday,
                    hours=Decimal("2.5"),
                    purpose=HoursPurpose.ACTIVITY,
                )
            )
            hours_rows.append(
                HoursEntry(
                    network=network,
                    worker=lead,
                    role=HoursRole.LEAD,
                    week=monday,
                    hours=Decimal(rng.choice(["1", "1.5", "2", "2.5"])),
                    purpose=rng.choice(HoursPurpose.values[1:]),
                )
            )
            monday += dt.timedelta(days=7)
        _bulk(HoursEntry, hours_rows, counts)
        months = [d for d in dates if d.day <= 7]
        _bulk(
            Expense,
            [
                Expense(
                    network=network,
                    date=d,
                    amount=Decimal(rng.randint(2000, 6000)) / 100,
                    category=ExpenseCategory.ACTIVITIES,
                    description="Boodschappen",
                    recorded_by=lead,
                )
                for d in months
            ],
            counts,
        )
        _bulk(
            Income,
            [
                Income(
                    network=network,
                    date=d,
                    amount=Decimal(rng.randint(40, 90)),
                    source=IncomeSource.OWN_CONTRIBUTION,
                    description="Eigen bijdrage",
                    recorded_by=lead,
                )
                for d in months[::3]
            ],
            counts,
        )

        # Evaluation: one round in the last year with interviews of people active at that time.
        starts = today - dt.timedelta(days=rng.randint(60, 300))
        evaluation_round = EvaluationRound.objects.create(
            organisation=organisation,
            network=network,
            name=f"Jaarevaluatie {starts.year}",
            template=template,
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=42),
            created_by=coordinator,
        )
        evaluation_round.evaluators.add(evaluator)
        counts["EvaluationRound"] = counts.get("EvaluationRound", 0) + 1
        talked = [
            p
            for p, part in zip(participants, participations, strict=True)
            if part.first_visit and part.first_visit < starts
        ][:INTERVIEWS_PER_NETWORK]
        interviews = _bulk(
            Interview,
            [
                Interview(
                    round=evaluation_round,
                    participant=p,
                    evaluator=evaluator,
                    held_on=starts + dt.timedelta(days=i * 3),
                )
                for i, p in enumerate(talked)
            ],
            counts,
        )
        # Consent to use the interview lives in the privacy consent register, like every consent;
        # research consent was given (or not) above.
        _bulk(
            Consent,
            [
                Consent(
                    participant=p,
                    scope=ConsentScope.EVALUATION,
                    given=True,
                    date=starts,
                    recorded_by=evaluator,
                )
                for p in talked
            ],
            counts,
        )
        answers = []
        for interview in interviews:
            for q in questions:
                if q.kind == QuestionKind.SCALE:
                    before = rng.randint(2, 7)
                    answers.append(
                        Answer(
                            interview=interview,
                            question=q,
                            before=before,
                            now=min(10, before + rng.choice([-1, 0, 1, 2, 2, 3])),
                        )
                    )
                else:
                    answers.append(Answer(interview=interview, question=q, text=rng.choice(OPEN_TEXTS)))
        _bulk(Answer, answers, counts)
        _bulk(
            Report,
            [
                Report(
                    interview=i,
                    text=rng.choice(OPEN_TEXTS),
                    state=ReportState.AGREED,
                    read_back_on=i.held_on + dt.timedelta(days=7),
                    checked_on=i.held_on + dt.timedelta(days=7),
                )
                for i in interviews
            ],
            counts,
        )
        highlights = _bulk(
            Highlight,
            [
                Highlight(
                    organisation=organisation,
                    interview=i,
                    passage=rng.choice(OPEN_TEXTS),
                    created_by=evaluator,
                )
                for i in interviews
            ],
            counts,
        )
        through = Highlight.themes.through
        _bulk(
            through,
            [through(highlight_id=h.pk, theme_id=t.pk) for h in highlights for t in rng.sample(themes, 2)],
            counts,
        )

        # The app's own rules get the last word on stages and follow-ups (a handful of rows).
        stages_derive(network=network, today=today)
        followups_refresh(network=network, today=today)
        if (index + 1) % 10 == 0:
            log(f"{index + 1}/{n_networks} networks filled")

    # Quality: preconditions, two checklist reflections and the one-year and final evaluations.
    precondition_rows, reflection_rows, evaluation_rows = [], [], []
    for network in networks:
        for key in quality_catalogue.PRECONDITION_KEYS:
            precondition_rows.append(
                Precondition(
                    network=network,
                    key=key,
                    status=rng.choice(["met", "met", "met", "partly", "not_met"]),
                    checked_on=network.start_date + dt.timedelta(days=30),
                    checked_by=coordinator,
                )
            )
        for months in (11, 19):
            reflection_rows.append(
                ChecklistReflection(
                    network=network,
                    date=network.start_date + dt.timedelta(days=30 * months),
                    checklist_version=quality_catalogue.CHECKLIST_VERSION,
                    recorded_by=coordinator,
                )
            )
        for kind, months in (("one_year", 12), ("final", 20)):
            goals = {
                letter: {
                    "result": rng.choice(["achieved", "achieved", "partly", "not", "unknown"]),
                    "note": "",
                }
                for letter in quality_catalogue.SUB_GOAL_LETTERS
            }
            evaluation_rows.append(
                NetworkEvaluation(
                    network=network,
                    kind=kind,
                    date=network.start_date + dt.timedelta(days=30 * months),
                    took_part=rng.choice(["whole_group", "part"]),
                    participants_count=rng.randint(6, 18),
                    goals=goals,
                    main_goal=rng.choice(["achieved", "partly"]),
                    success_factors=rng.sample([k for k, _t in quality_catalogue.SUCCESS_FACTORS], 3),
                    failure_factors=rng.sample([k for k, _t in quality_catalogue.FAILURE_FACTORS], 2),
                    recommendations="Blijf werven via de huisarts en het wijkteam.",
                    status="final",
                    recorded_by=coordinator,
                )
            )
    _bulk(Precondition, precondition_rows, counts)
    reflections = _bulk(ChecklistReflection, reflection_rows, counts)
    _bulk(
        ChecklistItemAnswer,
        [
            ChecklistItemAnswer(
                reflection=r, item=key, answer=rng.choice(["yes", "yes", "partly", "not_yet", "n_a"])
            )
            for r in reflections
            for key in quality_catalogue.CHECKLIST_KEYS
        ],
        counts,
    )
    _bulk(NetworkEvaluation, evaluation_rows, counts)

    counts["active participations"] = Participation.objects.filter(
        network__organisation=organisation, stage__in=ACTIVE_STAGES
    ).count()
    return Result(organisation=organisation, counts=counts)
