"""Research tables of the practice, support and evaluation apps (privacy/research.py).

Personal data is registered by each app itself, once, in its AppConfig.ready(): a second
registration with other settings is an error at start-up (privacy.registry.register).
"""

from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _


def _attendance_monthly(ctx):
    from practice.models import Attendance

    rows = (
        Attendance.objects.filter(participant_id__in=ctx.participant_ids)
        .annotate(month=TruncMonth("session__date"))
        .values("participant_id", "session__network_id", "month")
        .annotate(
            present=Count("id", filter=Q(status="present")), excused=Count("id", filter=Q(status="excused"))
        )
    )
    out = [
        [
            ctx.pseudonym(r["participant_id"]),
            ctx.network(r["session__network_id"]),
            ctx.month(r["month"]),
            r["present"],
            r["excused"],
        ]
        for r in rows
    ]
    out.sort()
    return ["participant", "network", "month", "present", "excused"], out


def _contributions_monthly(ctx):
    from practice.models import Contribution

    counts: dict = defaultdict(int)
    for r in (
        Contribution.objects.filter(attendance__participant_id__in=ctx.participant_ids)
        .annotate(month=TruncMonth("attendance__session__date"))
        .values("attendance__participant_id", "attendance__session__network_id", "month")
        .annotate(n=Count("id"))
    ):
        key = (
            ctx.pseudonym(r["attendance__participant_id"]),
            ctx.network(r["attendance__session__network_id"]),
            ctx.month(r["month"]),
        )
        counts[key] += r["n"]
    return ["participant", "network", "month", "contributions"], sorted([*k, n] for k, n in counts.items())


def _consenting_ties(ctx, *fields: str) -> list[dict]:
    """The ties between two consenting participants, as values with `fields`.

    The giver is filtered in SQL, the receiver here: with both lists in SQL, SQLite's planner scanned
    every observation and probed the tie index once per consenting receiver for each of them (5,000 x
    30,000 probes: the table took 4.5 s of a whole organisation's export, 0.25 s like this;
    docs/performance.md, change 20).
    """
    from support.models import SupportTie

    ids = ctx.participant_ids
    rows = SupportTie.objects.filter(observation__giver_id__in=ids).values("receiver_id", *fields)
    return [t for t in rows if t["receiver_id"] in ids]


def _support_ties(ctx):
    from support.models import SupportObservation

    rows = [
        [
            ctx.pseudonym(t["observation__giver_id"]),
            ctx.pseudonym(t["receiver_id"]),
            t["observation__kind"],
            ctx.month(t["observation__date"]),
            t["observation__outside_hours"],
            ctx.network(t["observation__network_id"]),
        ]
        for t in _consenting_ties(
            ctx,
            "observation__giver_id",
            "observation__kind",
            "observation__date",
            "observation__outside_hours",
            "observation__network_id",
        )  # fmt: skip
    ]
    rows += [
        [
            ctx.pseudonym(o["giver_id"]),
            "group",
            o["kind"],
            ctx.month(o["date"]),
            o["outside_hours"],
            ctx.network(o["network_id"]),
        ]
        for o in SupportObservation.objects.filter(giver_id__in=ctx.participant_ids, to_group=True).values(
            "giver_id", "kind", "date", "outside_hours", "network_id"
        )
    ]
    rows.sort(key=lambda r: (r[0], r[1], r[3]))
    return ["giver", "receiver", "kind", "month", "outside_hours", "network"], rows


def _support_edges(ctx):
    return [
        (
            t["observation__giver_id"],
            t["receiver_id"],
            {"kind": t["observation__kind"], "month": ctx.month(t["observation__date"])},
        )
        for t in _consenting_ties(ctx, "observation__giver_id", "observation__kind", "observation__date")
    ]


def _questionnaire_scores(ctx):
    from evaluation.models import Answer

    rows = [
        [
            ctx.pseudonym(a["interview__participant_id"]),
            ctx.network(a["interview__round__network_id"]),
            f"{a['question__template_id']}:{a['question__code']}",
            ctx.month(a["interview__held_on"]),
            a["now"],
            a["before"],
        ]
        for a in Answer.objects.filter(
            interview__participant_id__in=ctx.participant_ids, question__kind="scale"
        ).values(
            "interview__participant_id",
            "interview__round__network_id",
            "question__template_id",
            "question__code",
            "interview__held_on",
            "now",
            "before",
        )
    ]
    rows.sort(key=lambda r: (r[0], r[3], r[2]))
    return ["participant", "network", "question", "month", "now", "a_year_ago"], rows


def register_known_apps() -> None:
    from privacy.research import register_edges, register_table

    register_table("attendance_monthly", _("Monthly attendance"), _attendance_monthly)
    register_table("contributions_monthly", _("Monthly contributions"), _contributions_monthly)
    register_table("support_ties", _("Support ties"), _support_ties)
    register_edges(_support_edges)
    register_table("questionnaire_scores", _("Questionnaire scores"), _questionnaire_scores)
