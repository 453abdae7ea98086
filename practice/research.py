"""The practice app's tables in the research export (privacy/research.py), registered in its ready()."""

from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from practice.models import Attendance, Contribution


def _attendance_monthly(ctx):
    """Present and excused per person, network and month. Filtered by organisation in SQL and by
    consent here: a list of every consenting id in SQL made the database probe its index once per id
    and row (docs/performance.md, change 22)."""
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


def register() -> None:
    from privacy.research import register_table

    register_table("attendance_monthly", _("Monthly attendance"), _attendance_monthly)
    register_table("contributions_monthly", _("Monthly contributions"), _contributions_monthly)
