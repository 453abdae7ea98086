"""Eighteen months of weekly practice for the demo networks, consistent with their route events.

People attend only while their route says they take part; structural participants come about two
weeks out of three. Everything goes through the practice services, replaying history in order so
follow-ups open (and close when people come back) as they would have.
"""

import datetime as dt

from core.dates import add_months
from people.models import ACTIVE_STAGES, DropoutReason, ReferralTarget, Stage
from practice import services
from practice.models import (
    Audience,
    FollowUp,
    FollowUpActionKind,
    FollowUpOutcome,
    LogCategory,
    Presence,
    Recurrence,
)

HISTORY_MONTHS = 18

# network key -> (name, audience, weekday, start, minutes, months after network start)
ACTIVITIES = {
    "soup": [
        ("Soepmiddag", Audience.GROUP, 1, dt.time(13, 30), 150, 1),
        ("Soep voor de buurt", Audience.NEIGHBOURHOOD, 3, dt.time(17, 0), 120, 14),
    ],
    "crafts": [
        ("Creaclub", Audience.GROUP, 2, dt.time(13, 30), 150, 4),
        # A parallel activity in the same slot, because the group grew too big for one table.
        ("Computerhoek", Audience.GROUP, 2, dt.time(13, 30), 120, 8),
    ],
    "toys": [("Speelgoedpunt", Audience.NEIGHBOURHOOD, 5, dt.time(10, 0), 120, 0)],
}
PRESENCE = {Stage.FIRST_VISIT: 0.0, Stage.SETTLING_IN: 0.6, Stage.STRUCTURAL: 0.67, Stage.RETURNED: 0.6}
CANCEL_REASONS = [
    "Buurthuis gesloten",
    "Kerstvakantie",
    "Sneeuw en gladheid",
    "Sociaal werker ziek, geen vervanging",
]
NOTES = [
    "Gezellige middag, veel gelachen.",
    "Nieuwe pannen gebruikt.",
    "Iemand had taart meegenomen.",
    "Rustig vanwege het weer.",
    "Samen het menu voor volgende maand gemaakt.",
    "",
]
OTHER_TEXTS = ["Stoelen klaargezet", "Bloemen meegenomen", "Fietsband geplakt", "Muziek verzorgd"]
LOG_TEXTS = {
    LogCategory.RECRUITMENT: "Gesprek met de POH-GGZ over wie baat kan hebben bij de groep; twee namen gekregen.",
    LogCategory.PARTNERS: "Overleg met het wijkteam: zij verwijzen voortaan via een warme overdracht.",
    LogCategory.GROUP: "Twee deelnemers botsten over de taakverdeling; samen afspraken gemaakt.",
    LogCategory.INTERPRETING: "Uitgelegd waarom iemand soms plotseling weggaat; de groep reageerde begripvol.",
    LogCategory.REFLECTION: "Intervisie met de achterwacht over loslaten en ingrijpen.",
    LogCategory.MILESTONE: "De groep heeft zelf de jaarplanning gemaakt.",
    LogCategory.INCIDENT: "Iemand werd onwel; een deelnemer heeft de huisarts gebeld.",
    LogCategory.OTHER: "Nieuwe sleutelafspraken met de beheerder van de locatie.",
}
HOUSE_RULES = {
    "soup": [
        "We laten elkaar uitpraten.",
        "Iedereen doet mee naar vermogen, ook als dat vandaag weinig is.",
        "We ruimen samen op voordat we naar huis gaan.",
        "Wat in de groep gedeeld wordt, blijft in de groep.",
        "We melden ons af als we niet kunnen komen.",
    ],
    "crafts": ["We helpen elkaar als iemand vastloopt.", "We gaan zuinig om met het materiaal."],
    "toys": ["We verwelkomen iedere ouder met een glimlach."],
}


def build(ctx) -> None:
    today = ctx.today
    for key, network in ctx.networks.items():
        actor = network.assignments.get(role="lead").user
        activities = [
            services.activity_create(
                actor=actor,
                network=network,
                name=name,
                audience=audience,
                recurrence=Recurrence.WEEKLY,
                weekday=weekday,
                start_time=start,
                duration_minutes=minutes,
                active_from=add_months(network.start_date, months),
                active_until=None,
            )
            for name, audience, weekday, start, minutes, months in ACTIVITIES[key]
        ]
        _sessions(ctx, key, network, actor, activities)
        _logbook(ctx, key, network, actor)
        _house_rules(ctx, key, network, actor)
        services.stages_derive(network=network, today=today)
    _followups(ctx)


def _routes(network) -> dict:
    """participant id -> route events as (date, stage), oldest first (one query)."""
    from people.models import RouteEvent

    routes: dict[int, list] = {}
    for pid, date, stage in (
        RouteEvent.objects.filter(participation__network=network)
        .order_by("date", "id")
        .values_list("participation__participant_id", "date", "stage")
    ):
        routes.setdefault(pid, []).append((date, stage))
    return routes


def _stage_on(events: list, day: dt.date) -> str | None:
    stage = None
    for date, step in events:
        if date > day:
            break
        stage = step
    return stage


def _sessions(ctx, key, network, actor, activities) -> None:
    today, rng = ctx.today, ctx.rng
    start = max(add_months(today, -HISTORY_MONTHS), network.start_date)
    routes = _routes(network)
    first_visits = {
        pid: next((d for d, s in ev if s == Stage.FIRST_VISIT), None) for pid, ev in routes.items()
    }
    first_session: dict[int, dt.date] = {}
    # A few settled people fade away in the last weeks: the follow-ups the worker sees today.
    settled = [
        p.participant_id
        for p in network.participations.filter(stage__in=(Stage.SETTLING_IN, Stage.STRUCTURAL)).order_by("id")
        if p.stage_since < today - dt.timedelta(days=60)
    ]
    fading = set(rng.sample(settled, min(len(settled), {"soup": 4, "crafts": 2}.get(key, 0))))
    fade_from = today - dt.timedelta(weeks=5)
    tasks = list(network.tasks.all())
    other = next(t for t in tasks if t.needs_text)
    plain = [t for t in tasks if not t.needs_text]
    slots = sorted(
        (
            (date, activity)
            for activity in activities
            for date in services.activity_dates(activity, start, today - dt.timedelta(days=1))
        ),
        key=lambda slot: (slot[0], slot[1].pk),
    )
    days = sorted({date for date, _a in slots})
    for day in days:
        todays = [a for d, a in slots if d == day]
        christmas = (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day <= 1)
        if christmas or rng.random() < 0.03:
            reason = CANCEL_REASONS[1] if christmas else rng.choice(CANCEL_REASONS)
            for activity in todays:
                services.session_cancel(
                    actor=actor, activity=activity, date=day, reason=reason, expected_version=0
                )
            continue
        marks: dict = {activity.pk: {} for activity in todays}
        for pid, events in routes.items():
            stage = _stage_on(events, day)
            if stage not in ACTIVE_STAGES:
                continue
            visit = first_visits.get(pid)
            if stage == Stage.FIRST_VISIT or pid not in first_session:
                # Their first visit is the first session on or after the recorded date.
                if visit is None or day < visit:
                    continue
                come = pid not in first_session
            else:
                come = rng.random() < PRESENCE.get(stage, 0.6)
            if pid in fading and day >= fade_from:
                come = False
            # Parallel activities share the slot: each person joins one of them.
            activity = todays[pid % len(todays)] if key == "crafts" else rng.choice(todays)
            if come:
                first_session.setdefault(pid, day)
                chosen = {}
                if rng.random() < (0.8 if stage == Stage.STRUCTURAL else 0.55):
                    for task in rng.sample(plain, rng.choice([1, 1, 2])):
                        chosen[task.pk] = ""
                    if rng.random() < 0.05:
                        chosen[other.pk] = rng.choice(OTHER_TEXTS)
                marks[activity.pk][pid] = services.Mark(status=Presence.PRESENT, tasks=chosen)
            elif rng.random() < 0.08 and pid in first_session:
                marks[activity.pk][pid] = services.Mark(
                    status=Presence.EXCUSED, reason=rng.choice(["", "Ziekenhuisafspraak", "Op vakantie"])
                )
        for activity in todays:
            neighbourhood = activity.audience == Audience.NEIGHBOURHOOD
            services.session_record(
                actor=actor,
                activity=activity,
                date=day,
                expected_version=0,
                token=f"demo-{activity.pk}-{day}",
                marks=marks[activity.pk],
                guests=rng.randint(3, 12) if neighbourhood else rng.choice([0, 0, 1, 2, 3]),
                note=rng.choice(NOTES),
                refresh=False,
            )
        services.followups_refresh(network=network, today=day)


def _logbook(ctx, key, network, actor) -> None:
    today, rng = ctx.today, ctx.rng
    people = list(ctx.participants.get(key, []))
    categories = list(LogCategory)
    day = network.start_date + dt.timedelta(days=3)
    first = [LogCategory.RECRUITMENT, LogCategory.PARTNERS, LogCategory.RECRUITMENT]
    i = 0
    while day <= today:
        category = first[i] if i < len(first) else rng.choice(categories)
        linked = (
            rng.sample(people, rng.randint(1, 2))
            if people and category in (LogCategory.GROUP, LogCategory.INTERPRETING)
            else []
        )
        services.logentry_create(
            actor=actor,
            network=network,
            date=day,
            category=category,
            text=LOG_TEXTS[category],
            participants=[p for p in linked if p.participations.filter(network=network).exists()],
        )
        day += dt.timedelta(days=rng.randint(10, 20))
        i += 1


def _house_rules(ctx, key, network, actor) -> None:
    agreed = (
        add_months(network.start_date, 2) if key != "toys" else network.start_date + dt.timedelta(weeks=4)
    )
    rules = [
        services.houserule_create(actor=actor, network=network, text=text, agreed_on=agreed)
        for text in HOUSE_RULES[key]
    ]
    if key == "soup":
        later = add_months(network.start_date, 15)
        services.houserule_update(
            actor=actor,
            rule=rules[4],
            expected_version=1,
            agreed_on=later,
            text="We laten het elkaar weten als we niet kunnen komen, zodat niemand zich zorgen maakt.",
        )
        services.houserule_update(
            actor=actor,
            rule=rules[3],
            expected_version=1,
            agreed_on=agreed,
            withdrawn_on=later,
            text=rules[3].text,
        )


def _followups(ctx) -> None:
    """Give today's open follow-ups every state: untouched, contacted, paused, dropped out, referred."""
    today = ctx.today
    open_ones = list(
        FollowUp.objects.filter(network__in=ctx.networks.values(), closed_on__isnull=True)
        .select_related("participation", "network")
        .order_by("network__name", "id")
    )
    for index, followup in enumerate(open_ones):
        actor = followup.network.assignments.get(role="lead").user
        when = max(followup.opened_on, today - dt.timedelta(days=3))
        state = index % 5
        if state == 0:
            continue  # nobody has been in touch yet
        services.followup_add_action(
            actor=actor,
            followup=followup,
            kind=FollowUpActionKind.PHONED,
            date=when,
            note="Voicemail ingesproken.",
        )
        if state == 1:
            continue
        services.followup_add_action(
            actor=actor,
            followup=followup,
            kind=FollowUpActionKind.MEMBER,
            date=when,
            note="Een deelnemer is langs geweest.",
        )
        outcome = {2: FollowUpOutcome.PAUSE, 3: FollowUpOutcome.DROPPED_OUT, 4: FollowUpOutcome.REFERRED}[
            state
        ]
        services.followup_close(
            actor=actor,
            followup=followup,
            expected_version=followup.version,
            outcome=outcome,
            date=max(when, followup.participation.stage_since),
            dropout_reason=DropoutReason.PERSONAL if outcome == FollowUpOutcome.DROPPED_OUT else "",
            referral_target=ReferralTarget.VOLUNTEER if outcome == FollowUpOutcome.REFERRED else "",
            note="Wil even rust, komt na de feestdagen terug." if outcome == FollowUpOutcome.PAUSE else "",
        )
