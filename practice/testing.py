"""Test helper for other apps' tests: some weekly-practice history for one participant."""

import datetime as dt

from django.utils import timezone

from practice import services
from practice.models import FollowUp, Presence, Recurrence, Task


def give_practice_history(*, actor, participant) -> None:
    """An attendance with a contribution and a follow-up with an action, in the participant's first network."""
    participation = participant.participations.select_related("network").first()
    network = participation.network
    today = timezone.localdate()
    activity = services.activity_create(
        actor=actor,
        network=network,
        name="Soepmiddag",
        audience="group",
        recurrence=Recurrence.WEEKLY,
        weekday=today.weekday(),
        start_time=dt.time(13, 0),
        duration_minutes=120,
        active_from=today - dt.timedelta(weeks=8),
        active_until=None,
    )
    task = Task.objects.filter(network=network, needs_text=True).first()
    services.session_record(
        actor=actor,
        activity=activity,
        date=today - dt.timedelta(weeks=4),
        expected_version=0,
        token="history",  # noqa: S106  # nosec B106
        marks={participant.pk: services.Mark(status=Presence.PRESENT, tasks={task.pk: "Taart gebakken"})},
        refresh=False,
    )
    followup = FollowUp.objects.create(
        participation=participation, network=network, opened_on=today, missed=3, outcome_note=""
    )
    services.followup_add_action(
        actor=actor, followup=followup, kind="phoned", date=today, note="Even gebeld"
    )
