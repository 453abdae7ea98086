"""Nothing is lost when two people edit the same thing (practice's edit pages, core.editing.save_form).

Each edit page is posted with the version it was opened with after someone else saved: nothing is
overwritten, and the page that comes back holds what this person typed with a Dutch message.
"""

import datetime as dt

from django.db.models import F

from conftest import TODAY
from practice import services
from practice.models import Activity, FollowUp, HouseRule, LogEntry, Session
from practice.tests.conftest import record, session_url, tuesdays
from practice.tests.test_followup import settled  # noqa: F401 - the fixture

COMPARISON = "Iemand anders was je net voor"  # core/conflict.html: both versions side by side
MINE = "Jouw versie (niet opgeslagen)"


def _comparison(response, typed: str) -> str:
    assert response.status_code == 409
    page = response.content.decode()
    assert COMPARISON in page and MINE in page and typed in page
    return page


def test_activity_edit(world, login, activity):
    url = f"/praktijk/netwerk/{world.network_a.pk}/activiteiten/{activity.pk}/"
    services.activity_update(
        actor=world.backup_a, activity=activity, expected_version=activity.version, name="Soepmiddag (nieuw)"
    )
    opened = login(world.worker_a)
    data = {
        "name": "Mijn soepmiddag",
        "audience": activity.audience,
        "recurrence": activity.recurrence,
        "weekday": activity.weekday,
        "start_time": "13:30",
        "duration_minutes": 150,
        "active_from": activity.active_from.isoformat(),
        "active_until": "",
        "version": 1,
    }
    page = _comparison(opened.post(url, data), "Mijn soepmiddag")
    assert "Soepmiddag (nieuw)" in page
    assert Activity.objects.get().name == "Soepmiddag (nieuw)"


def test_activity_edit_starts_from_the_stored_values_and_saves(world, login, activity):
    url = f"/praktijk/netwerk/{world.network_a.pk}/activiteiten/{activity.pk}/"
    client = login(world.worker_a)
    form = client.get(url).context["form"]
    assert (form["name"].value(), form["version"].value()) == ("Soepmiddag", 1)
    data = {name: form[name].value() for name in form.fields} | {"name": "Soep", "duration_minutes": 180}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = client.post(url, data, follow=True)
    assert Activity.objects.get().name == "Soep"
    messages = [str(m) for m in response.context["messages"]]
    assert (
        messages[0].startswith("De activiteit Soep") and "2,5 uur" in messages[1]
    )  # saved, then the warning


def test_logbook_entry(world, login):
    entry = services.logentry_create(
        actor=world.worker_a, network=world.network_a, date=TODAY, category="other", text="eerst"
    )
    services.logentry_update(
        actor=world.backup_a, entry=entry, expected_version=1, date=TODAY, category="other", text="tweede"
    )
    response = login(world.worker_a).post(
        f"/praktijk/netwerk/{world.network_a.pk}/logboek/{entry.pk}/",
        {"date": TODAY.isoformat(), "category": "other", "text": "mijn versie", "version": 1},
    )
    assert "tweede" in _comparison(response, "mijn versie")
    assert LogEntry.objects.get().text == "tweede"


def test_house_rule(world, login):
    rule = services.houserule_create(actor=world.worker_a, network=world.network_a, text="A", agreed_on=TODAY)
    services.houserule_update(actor=world.backup_a, rule=rule, expected_version=1, text="B", agreed_on=TODAY)
    response = login(world.worker_a).post(
        f"/praktijk/netwerk/{world.network_a.pk}/huisregels/{rule.pk}/",
        {"text": "Wij ruimen samen op", "agreed_on": TODAY.isoformat(), "version": 1},
    )
    _comparison(response, "Wij ruimen samen op")
    assert HouseRule.objects.get().text == "B"


def test_follow_up_close(world, login, activity, settled):  # noqa: F811
    for day in tuesdays(activity, 3):
        record(world.worker_a, activity, day)
    followup = FollowUp.objects.get()
    opened_with = followup.version
    FollowUp.objects.filter(pk=followup.pk).update(version=F("version") + 1)  # someone else saved it
    response = login(world.worker_a).post(
        f"/praktijk/netwerk/{world.network_a.pk}/opvolging/{followup.pk}/",
        {
            "form": "close",
            "version": opened_with,
            "outcome": "pause",
            "date": TODAY.isoformat(),
            "note": "Even rust nodig",
        },
    )
    _comparison(response, "Even rust nodig")
    assert FollowUp.objects.get().closed_on is None


def test_session_cancel(world, login, activity):
    day = tuesdays(activity, 1)[0]
    record(world.worker_a, activity, day)  # someone else saved the session (no one present)
    client = login(world.backup_a)
    response = client.post(
        session_url(activity, day) + "afgelasten/", {"reason": "Buurthuis dicht", "version": 0}, follow=True
    )
    assert response.redirect_chain[-1][0] == session_url(activity, day)
    page = response.content.decode()
    assert "Iemand anders heeft deze bijeenkomst intussen opgeslagen; er is niets veranderd." in page
    assert Session.objects.get().status == "held"


def test_session_cancel_without_a_reason_says_so(world, login, activity):
    day = TODAY + dt.timedelta(days=(1 - TODAY.weekday()) % 7)
    response = login(world.worker_a).post(
        session_url(activity, day) + "afgelasten/", {"reason": "", "version": 0}, follow=True
    )
    assert "Geef een korte reden" in response.content.decode()
    assert not Session.objects.exists()
