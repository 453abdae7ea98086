import datetime as dt

import pytest

from conftest import TODAY
from practice import services
from practice.models import Presence, Recurrence


@pytest.fixture
def activity(world):
    """A weekly Tuesday activity of network_a that started 20 weeks ago (today is Wednesday 25-11-2026)."""
    return services.activity_create(
        actor=world.worker_a,
        network=world.network_a,
        name="Soepmiddag",
        audience="group",
        recurrence=Recurrence.WEEKLY,
        weekday=1,
        start_time=dt.time(13, 30),
        duration_minutes=150,
        active_from=TODAY - dt.timedelta(weeks=20),
        active_until=None,
    )


def tuesdays(activity, weeks: int) -> list[dt.date]:
    """The last `weeks` session dates up to today, oldest first."""
    return services.activity_dates(activity, TODAY - dt.timedelta(weeks=weeks), TODAY)[-weeks:]


def record(
    actor, activity, date, present=(), excused=(), tasks=None, guests=0, note="", walk_ins=None, token=None
):
    """Record a session through the service as the session page would."""
    from practice.models import Session

    session = Session.objects.filter(activity=activity, date=date).first()
    marks = {}
    for person in present:
        marks[person.pk] = services.Mark(status=Presence.PRESENT, tasks=(tasks or {}).get(person.pk, {}))
    for person in excused:
        marks[person.pk] = services.Mark(status=Presence.EXCUSED, reason="ziekenhuis")
    return services.session_record(
        actor=actor,
        activity=activity,
        date=date,
        expected_version=session.version if session else 0,
        token=token or f"t-{date}-{session.version if session else 0}",
        marks=marks,
        guests=guests,
        note=note,
        walk_ins=walk_ins or [],
    )


def session_url(activity, date) -> str:
    return (
        f"/praktijk/netwerk/{activity.network_id}/activiteiten/{activity.pk}/bijeenkomst/{date.isoformat()}/"
    )


def session_post(statuses: dict, tasks: dict | None = None, version=0, token="tap-1", **extra) -> dict:  # noqa: S107
    """Form data as the session page sends it: statuses {participant: 'present'|...}, tasks {participant: [task]}."""
    data = {
        "version": version,
        "token": token,
        "guests": extra.pop("guests", 0),
        "note": extra.pop("note", ""),
    }
    for person, status in statuses.items():
        data[f"p{person.pk}_status"] = status
    for person, chosen in (tasks or {}).items():
        data[f"p{person.pk}_tasks"] = [t.pk for t in chosen]
    data.update(extra)
    return data
