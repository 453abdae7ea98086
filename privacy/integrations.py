"""Personal data and research tables of apps that landed before registering themselves.

Each app may move its lines into its own AppConfig.ready() (see docs/privacy.md); registering
twice is harmless. Only apps whose models exist are registered.
"""

from collections import defaultdict

from django.apps import apps
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from privacy.registry import PersonalData, register


def _has(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


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


def register_known_apps() -> None:
    if _has("practice.Attendance"):
        register(PersonalData("practice.Attendance", participant_path="participant_id"))
        register(PersonalData("practice.Contribution", participant_path="attendance__participant_id"))
        register(PersonalData("practice.FollowUp", participant_path="participation__participant_id"))
        register(
            PersonalData(
                "practice.FollowUpAction", participant_path="followup__participation__participant_id"
            )
        )
        from django.utils.translation import gettext_lazy as _

        from privacy.research import register_table

        register_table("attendance_monthly", _("Monthly attendance"), _attendance_monthly)
        register_table("contributions_monthly", _("Monthly contributions"), _contributions_monthly)
