"""Research tables of the practice, support and evaluation apps (privacy/research.py).

Personal data is registered by each app itself, once, in its AppConfig.ready(): a second
registration with other settings is an error at start-up (privacy.registry.register).
"""

from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from core.files import flag


def _attendance_monthly(ctx):
    """Present and excused per person, network and month. Filtered by organisation in SQL and by
    consent here: a list of every consenting id in SQL makes the database probe its index once per id
    and row (docs/performance.md)."""
    from practice.models import Attendance

    ids = ctx.participant_ids
    rows = (
        Attendance.objects.filter(session__network__organisation_id=ctx.study.organisation_id)
        .annotate(month=TruncMonth("session__date"))
        .values_list("participant_id", "session__network_id", "month")
        .annotate(
            present=Count("id", filter=Q(status="present")), excused=Count("id", filter=Q(status="excused"))
        )
        .order_by()
    )
    out = [
        (ctx.pseudonym(pid), ctx.network(nid), ctx.month(month), present, excused)
        for pid, nid, month, present, excused in rows.iterator(chunk_size=5000)
        if pid in ids
    ]
    out.sort()
    return ["participant", "network", "month", "present", "excused"], out


def _contributions_monthly(ctx):
    from practice.models import Contribution

    ids = ctx.participant_ids
    counts: dict = defaultdict(int)
    for pid, nid, month, n in (
        Contribution.objects.filter(attendance__session__network__organisation_id=ctx.study.organisation_id)
        .annotate(month=TruncMonth("attendance__session__date"))
        .values_list("attendance__participant_id", "attendance__session__network_id", "month")
        .annotate(n=Count("id"))
        .order_by()
        .iterator(chunk_size=5000)
    ):
        if pid in ids:
            counts[(ctx.pseudonym(pid), ctx.network(nid), ctx.month(month))] += n
    return ["participant", "network", "month", "contributions"], sorted((*k, n) for k, n in counts.items())


def _consenting_ties(ctx, *fields: str) -> list[tuple]:
    """The ties between two consenting participants, as tuples of `fields` (receiver first).

    The organisation is filtered in SQL, consent here: with the consenting ids as lists in SQL,
    SQLite's planner scans every observation and probes the tie index once per consenting
    receiver for each of them (docs/performance.md).
    """
    from support.models import SupportTie

    ids = ctx.participant_ids
    rows = SupportTie.objects.filter(
        observation__network__organisation_id=ctx.study.organisation_id
    ).values_list("receiver_id", "observation__giver_id", *fields)
    return [t for t in rows.iterator(chunk_size=5000) if t[0] in ids and t[1] in ids]


def _support_ties(ctx):
    from support.models import SupportObservation

    ids = ctx.participant_ids
    rows = [
        (
            ctx.pseudonym(giver),
            ctx.pseudonym(receiver),
            kind,
            ctx.month(date),
            flag(outside),
            ctx.network(nid),
        )
        for receiver, giver, kind, date, outside, nid in _consenting_ties(
            ctx,
            "observation__kind",
            "observation__date",
            "observation__outside_hours",
            "observation__network_id",
        )
    ]
    rows += [
        (ctx.pseudonym(giver), "group", kind, ctx.month(date), flag(outside), ctx.network(nid))
        for giver, kind, date, outside, nid in SupportObservation.objects.filter(
            network__organisation_id=ctx.study.organisation_id, to_group=True
        ).values_list("giver_id", "kind", "date", "outside_hours", "network_id")
        if giver in ids
    ]
    rows.sort(key=lambda r: (r[0], r[1], r[3]))
    return ["giver", "receiver", "kind", "month", "outside_hours", "network"], rows


def _support_edges(ctx):
    for receiver, giver, kind, date in _consenting_ties(ctx, "observation__kind", "observation__date"):
        yield giver, receiver, {"kind": kind, "month": ctx.month(date)}


def _questionnaire_scores(ctx):
    """Scale answers. The question is named by its questionnaire and code (no internal ids)."""
    from evaluation.models import Answer

    ids = ctx.participant_ids
    rows = [
        (ctx.pseudonym(pid), ctx.network(nid), template, code, ctx.month(held_on), now, before)
        for pid, nid, template, code, held_on, now, before in Answer.objects.filter(
            interview__round__organisation_id=ctx.study.organisation_id, question__kind="scale"
        ).values_list(
            "interview__participant_id",
            "interview__round__network_id",
            "question__template__name",
            "question__code",
            "interview__held_on",
            "now",
            "before",
        )
        if pid in ids
    ]
    rows.sort(key=lambda r: (r[0], r[4], r[2], r[3]))
    return ["participant", "network", "questionnaire", "question", "month", "now", "a_year_ago"], rows


def register_known_apps() -> None:
    from privacy.research import register_edges, register_table

    register_table("attendance_monthly", _("Monthly attendance"), _attendance_monthly)
    register_table("contributions_monthly", _("Monthly contributions"), _contributions_monthly)
    register_table("support_ties", _("Support ties"), _support_ties)
    register_edges(_support_edges)
    register_table("questionnaire_scores", _("Questionnaire scores"), _questionnaire_scores)
