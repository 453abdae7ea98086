"""Reads for working without a connection: which session pages a device may keep this week."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from accounts import access
from accounts.models import User
from practice.models import Activity
from practice.selectors import week_start
from practice.services import activity_dates


def week_label(day: dt.date) -> str:
    """The ISO week a device's copies belong to, e.g. 2026-W49; copies of another week are removed."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def offline_session_pages(*, user: User, today: dt.date) -> list[str]:
    """The session pages of this week (Monday up to today) in the networks the user works in herself.

    Only networks the user is assigned to as lead or achterwacht (a coordinator's organisation-wide
    right to record is no reason to keep 150 networks' pages on a phone), through the access layer.
    Two queries, whatever the number of networks.
    """
    networks = access.networks_for(user, "practice.record").filter(assignments__user=user)
    start = week_start(today)
    activities = Activity.objects.filter(network__in=networks).only(
        "id", "network_id", "weekday", "active_from", "active_until"
    )
    urls = []
    for activity in activities:
        for day in activity_dates(activity, start, today):
            urls.append(reverse("practice:session", args=[activity.network_id, activity.pk, day.isoformat()]))
    return sorted(urls)
