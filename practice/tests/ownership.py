"""Organisation B's practice objects for the ownership walk in core/tests/test_ownership.py."""

import datetime as dt

from conftest import TODAY


def _theirs(w) -> dict:
    """An activity, a session day, a logbook entry, a house rule and a follow-up in organisation B."""
    from people.models import Stage
    from people.services import route_record
    from practice import services
    from practice.models import FollowUp

    if getattr(w, "_practice_b", None):
        return w._practice_b
    network, actor = w.other_network, w.outsider
    activity = services.activity_create(
        actor=actor,
        network=network,
        name="Westsoep",
        audience="group",
        recurrence="weekly",
        weekday=1,
        start_time=dt.time(13, 0),
        duration_minutes=120,
        active_from=TODAY - dt.timedelta(weeks=10),
        active_until=None,
    )
    participation = w.olga.participations.get()
    route_record(
        actor=actor, participation=participation, stage=Stage.STRUCTURAL, date=TODAY - dt.timedelta(days=30)
    )
    followup = FollowUp.objects.create(
        participation=participation, network=network, opened_on=TODAY, missed=3
    )
    w._practice_b = {
        "network_id": network.pk,
        "activity_id": activity.pk,
        "day": (TODAY - dt.timedelta(days=1)).isoformat(),
        "entry_id": services.logentry_create(
            actor=actor, network=network, date=TODAY, category="other", text="x"
        ).pk,
        "rule_id": services.houserule_create(
            actor=actor, network=network, text="We groeten elkaar", agreed_on=TODAY
        ).pk,
        "followup_id": followup.pk,
    }
    return w._practice_b


def _pick(*names):
    return lambda w: {name: _theirs(w)[name] for name in names}


CASES = {
    "practice:network": _pick("network_id"),
    "practice:activity_create": _pick("network_id"),
    "practice:activity_edit": _pick("network_id", "activity_id"),
    "practice:session_other_date": _pick("network_id", "activity_id"),
    "practice:session": _pick("network_id", "activity_id", "day"),
    "practice:session_cancel": _pick("network_id", "activity_id", "day"),
    "practice:tasks": _pick("network_id"),
    "practice:stages": _pick("network_id"),
    "practice:logbook": _pick("network_id"),
    "practice:logentry_create": _pick("network_id"),
    "practice:logentry_edit": _pick("network_id", "entry_id"),
    "practice:rules": _pick("network_id"),
    "practice:rule_create": _pick("network_id"),
    "practice:rule_edit": _pick("network_id", "rule_id"),
    "practice:followups": _pick("network_id"),
    "practice:followup": _pick("network_id", "followup_id"),
    "practice:dashboard": _pick("network_id"),
}
