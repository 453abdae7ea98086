import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import TODAY
from people.models import InvitedVia, Participant, RouteEvent, Stage
from people.services import participant_register
from practice import services
from practice.models import Attendance, Contribution, Presence, Recurrence, Session, SessionChange, Task
from practice.tests.conftest import record, session_post, session_url, tuesdays

LAST_TUESDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def people(world):
    """Twelve active participants in network_a besides Anne."""
    names = ["Kees", "Fatima", "Henk", "Marja", "Youssef", "Ria", "Piet", "Ans", "Dirk", "Gerda", "Ahmed"]
    start = TODAY - dt.timedelta(days=150)
    return [world.anne] + [
        participant_register(actor=world.worker_a, network=world.network_a, name=n, date=start) for n in names
    ]


DEFAULT_ORDER = [
    "boodschappen",
    "koken",
    "tafel dekken",
    "afwassen",
    "pakketten",
    "welkom",
    "idee",
    "organiseren",
    "anders",
]


def tasks_of(network):
    """The default tasks by a short Dutch key (by position, whatever language created them)."""
    return dict(zip(DEFAULT_ORDER, Task.objects.filter(network=network).order_by("position"), strict=True))


def test_a_whole_session_is_saved_in_one_post(world, login, activity, people):
    client = login(world.worker_a)
    tasks = tasks_of(world.network_a)
    kees, fatima, henk = people[1], people[2], people[3]
    data = session_post(
        {world.anne: "present", kees: "present", fatima: "excused", henk: "absent"},
        tasks={world.anne: [tasks["koken"], tasks["afwassen"]], kees: [tasks["anders"]]},
        guests=3,
        note="Gezellig",
        walk_in_1="Sevda",
        **{f"p{fatima.pk}_reason": "ziekenhuisafspraak", f"p{kees.pk}_other": "Bloemen meegenomen"},
    )
    response = client.post(session_url(activity, LAST_TUESDAY), data)
    assert response.status_code == 302
    session = Session.objects.get(activity=activity, date=LAST_TUESDAY)
    assert (session.guests, session.note, session.status) == (3, "Gezellig", "held")
    statuses = dict(session.attendances.values_list("participant__name", "status"))
    assert statuses == {"Anne": "present", "Kees": "present", "Fatima": "excused", "Sevda": "present"}
    assert session.attendances.get(participant=fatima).reason == "ziekenhuisafspraak"
    anne_tasks = set(
        Contribution.objects.filter(attendance__participant=world.anne).values_list("task__name", flat=True)
    )
    assert anne_tasks == {tasks["koken"].name, tasks["afwassen"].name}
    assert Contribution.objects.get(attendance__participant=kees).text == "Bloemen meegenomen"
    # The walk-in is a new participant whose first visit is this session.
    sevda = Participant.objects.get(name="Sevda")
    assert sevda.invited_via == InvitedVia.WALK_IN
    participation = sevda.participations.get()
    assert (participation.network, participation.stage, participation.first_visit) == (
        world.network_a,
        Stage.FIRST_VISIT,
        LAST_TUESDAY,
    )


def test_the_page_lists_every_active_participant_by_name(world, login, activity, people):
    page = login(world.worker_a).get(session_url(activity, LAST_TUESDAY)).content.decode()
    for person in people:
        assert f'name="p{person.pk}_status"' in page and person.name in page


def test_absent_is_the_default(world, login, activity, people):
    client = login(world.worker_a)
    page = client.get(session_url(activity, LAST_TUESDAY)).content.decode()
    import re

    radios = re.findall(rf'<input[^>]*name="p{world.anne.pk}_status"[^>]*>', page)
    checked = [r for r in radios if "checked" in r]
    assert len(radios) == 3 and len(checked) == 1 and 'value="absent"' in checked[0]


def test_a_double_tap_is_stored_once(world, login, activity, people):
    client = login(world.worker_a)
    data = session_post({world.anne: "present"}, tasks={world.anne: [tasks_of(world.network_a)["koken"]]})
    first = client.post(session_url(activity, LAST_TUESDAY), data)
    second = client.post(session_url(activity, LAST_TUESDAY), data, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "al opgeslagen" in second.content.decode()
    assert Session.objects.filter(activity=activity).count() == 1
    assert Attendance.objects.count() == 1 and Contribution.objects.count() == 1
    assert SessionChange.objects.count() == 1
    assert Session.objects.get().version == 1


def test_a_walk_in_is_registered_once_on_a_double_tap(world, login, activity):
    client = login(world.worker_a)
    data = session_post({}, walk_in_1="Sevda")
    client.post(session_url(activity, LAST_TUESDAY), data)
    client.post(session_url(activity, LAST_TUESDAY), data)
    assert Participant.objects.filter(name="Sevda").count() == 1


def test_a_contribution_for_someone_absent_is_refused_and_nothing_is_saved(world, login, activity, people):
    client = login(world.worker_a)
    tasks = tasks_of(world.network_a)
    kees = people[1]
    data = session_post(
        {world.anne: "present", kees: "absent"},
        tasks={kees: [tasks["koken"]]},
        note="Mijn notitie",
        walk_in_1="Nieuw",
    )
    response = client.post(session_url(activity, LAST_TUESDAY), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kees" in page and "niet op aanwezig" in page
    assert "Mijn notitie" in page  # what was typed is kept
    assert not Session.objects.exists() and not Attendance.objects.exists()
    assert not Participant.objects.filter(name="Nieuw").exists()


def test_other_needs_a_few_words(world, login, activity):
    client = login(world.worker_a)
    data = session_post({world.anne: "present"}, tasks={world.anne: [tasks_of(world.network_a)["anders"]]})
    response = client.post(session_url(activity, LAST_TUESDAY), data)
    assert response.status_code == 400
    assert not Session.objects.exists()


def test_a_task_of_another_network_is_refused(world, activity):
    services.tasks_ensure_defaults(network=world.network_b)
    foreign = Task.objects.filter(network=world.network_b).first()
    with pytest.raises(ValidationError):
        services.session_record(
            actor=world.worker_a,
            activity=activity,
            date=LAST_TUESDAY,
            expected_version=0,
            token="x",
            marks={world.anne.pk: services.Mark(status=Presence.PRESENT, tasks={foreign.pk: ""})},
        )
    assert not Session.objects.exists()


def test_someone_of_another_network_cannot_be_marked(world, activity):
    with pytest.raises(ValidationError):
        services.session_record(
            actor=world.worker_a,
            activity=activity,
            date=LAST_TUESDAY,
            expected_version=0,
            token="x",
            marks={world.olga.pk: services.Mark(status=Presence.PRESENT)},
        )
    assert not Attendance.objects.exists()


def test_a_date_outside_the_activity_period_is_refused(world, login, activity):
    client = login(world.worker_a)
    before = activity.active_from - dt.timedelta(days=7)
    assert client.get(session_url(activity, before)).status_code == 404
    assert (
        client.post(session_url(activity, before), session_post({world.anne: "present"})).status_code == 404
    )
    with pytest.raises(ValidationError) as error:
        services.session_record(
            actor=world.worker_a, activity=activity, date=before, expected_version=0, token="x", marks={}
        )
    assert "date" in error.value.message_dict
    # Choosing another date gives a clear message at the field.
    url = f"/praktijk/netwerk/{world.network_a.pk}/activiteiten/{activity.pk}/andere-datum/?date={before}"
    page = client.get(url).content.decode()
    assert "buiten de periode" in page
    assert not Session.objects.exists()


def test_an_extra_session_on_another_day_inside_the_period_is_possible(world, login, activity):
    client = login(world.worker_a)
    friday = TODAY - dt.timedelta(days=5)
    url = f"/praktijk/netwerk/{world.network_a.pk}/activiteiten/{activity.pk}/andere-datum/?date={friday}"
    assert client.get(url)["Location"] == session_url(activity, friday)
    client.post(session_url(activity, friday), session_post({world.anne: "present"}))
    assert Session.objects.get().date == friday


def test_a_coming_session_cannot_get_presence_but_can_be_cancelled(world, login, activity):
    client = login(world.worker_a)
    next_tuesday = LAST_TUESDAY + dt.timedelta(weeks=1)
    response = client.post(session_url(activity, next_tuesday), session_post({world.anne: "present"}))
    assert response.status_code == 400 and not Attendance.objects.exists()
    cancel = session_url(activity, next_tuesday) + "afgelasten/"
    client.post(cancel, {"reason": "", "version": 0})
    assert not Session.objects.exists()
    client.post(cancel, {"reason": "Buurthuis gesloten", "version": 0})
    session = Session.objects.get()
    assert (session.status, session.cancel_reason) == ("cancelled", "Buurthuis gesloten")


def test_a_session_with_presence_cannot_be_cancelled(world, activity):
    record(world.worker_a, activity, LAST_TUESDAY, present=[world.anne])
    with pytest.raises(ValidationError):
        services.session_cancel(
            actor=world.worker_a, activity=activity, date=LAST_TUESDAY, reason="x", expected_version=1
        )


def test_editing_a_past_session_shows_who_changed_what(world, login, activity, people):
    record(world.worker_a, activity, LAST_TUESDAY, present=[world.anne])
    client = login(world.backup_a)
    response = client.post(
        session_url(activity, LAST_TUESDAY),
        session_post({world.anne: "excused"}, version=1, token="later"),
        follow=True,
    )
    page = response.content.decode()
    assert Attendance.objects.get().status == "excused"
    changes = page.split('class="changes"')[1]
    assert "Backup_a" in changes and "Worker_a" in changes
    assert "Anne: aanwezig → afgemeld" in changes


def test_two_people_saving_at_once_overwrite_nothing(world, login, activity):
    import re

    record(world.worker_a, activity, LAST_TUESDAY, present=[world.anne])  # saved by someone else (version 1)
    client = login(world.backup_a)
    # backup_a opened the page before that save, so the form still carries version 0.
    response = client.post(
        session_url(activity, LAST_TUESDAY),
        session_post({world.anne: "absent"}, version=0, note="Mijn notitie"),
    )
    assert response.status_code == 409
    assert Attendance.objects.get().status == "present" and Session.objects.get().version == 1
    page = response.content.decode()
    # What backup_a chose is kept on the page, now based on the saved version, ready to be saved on purpose.
    assert "Mijn notitie" in page
    checked = re.findall(rf'<input[^>]*name="p{world.anne.pk}_status"[^>]*checked[^>]*>', page)
    assert len(checked) == 1 and 'value="absent"' in checked[0]
    assert re.search(r'name="version" value="1"', page)
    again = client.post(
        session_url(activity, LAST_TUESDAY), session_post({world.anne: "absent"}, version=1, token="second")
    )
    assert again.status_code == 302 and not Attendance.objects.exists()


def test_marking_an_invited_person_present_records_their_first_visit(world, activity):
    invited = participant_register(
        actor=world.worker_a,
        network=world.network_a,
        name="Truus",
        date=TODAY - dt.timedelta(days=20),
        stage=Stage.INVITED,
    )
    record(world.worker_a, activity, LAST_TUESDAY, present=[invited])
    participation = invited.participations.get()
    assert (participation.stage, participation.first_visit) == (Stage.FIRST_VISIT, LAST_TUESDAY)


def test_marking_someone_who_left_present_records_their_return(world, activity):
    from people.services import route_record

    participation = world.anne.participations.get()
    route_record(
        actor=world.worker_a,
        participation=participation,
        stage=Stage.DROPPED_OUT,
        date=TODAY - dt.timedelta(days=30),
        dropout_reason="personal",
    )
    record(world.worker_a, activity, LAST_TUESDAY, present=[world.anne])
    assert RouteEvent.objects.filter(
        participation=participation, stage=Stage.RETURNED, date=LAST_TUESDAY
    ).exists()


def test_a_session_before_someone_left_changes_nothing_on_their_route(world, activity):
    from people.services import route_record

    participation = world.anne.participations.get()
    route_record(
        actor=world.worker_a,
        participation=participation,
        stage=Stage.DROPPED_OUT,
        date=LAST_TUESDAY,
        dropout_reason="personal",
    )
    record(world.worker_a, activity, LAST_TUESDAY - dt.timedelta(weeks=1), present=[world.anne])
    participation.refresh_from_db()
    assert participation.stage == Stage.DROPPED_OUT


def test_two_parallel_activities_share_a_slot(world, login, activity):
    parallel = services.activity_create(
        actor=world.worker_a,
        network=world.network_a,
        name="Computerhoek",
        audience="group",
        recurrence=Recurrence.WEEKLY,
        weekday=1,
        start_time=dt.time(13, 30),
        duration_minutes=120,
        active_from=activity.active_from,
        active_until=None,
    )
    record(world.worker_a, activity, LAST_TUESDAY, present=[world.anne])
    client = login(world.worker_a)
    page = client.get(session_url(parallel, LAST_TUESDAY)).content.decode()
    assert "andere activiteit" in page
    overview = client.get(f"/praktijk/netwerk/{world.network_a.pk}/").content.decode()
    assert "Computerhoek" in overview and "Soepmiddag" in overview


def test_sessions_of_recurring_activities_appear_by_themselves(world, login, activity):
    page = login(world.worker_a).get(f"/praktijk/netwerk/{world.network_a.pk}/").content.decode()
    for weeks in range(1, 4):
        coming = LAST_TUESDAY + dt.timedelta(weeks=weeks)
        assert session_url(activity, coming) in page
    assert session_url(activity, LAST_TUESDAY) in page
    assert not Session.objects.exists()  # looking changes nothing


def test_a_one_off_activity_has_one_session(world):
    once = services.activity_create(
        actor=world.worker_a,
        network=world.network_a,
        name="Uitje",
        audience="group",
        recurrence=Recurrence.ONCE,
        weekday=None,
        start_time=dt.time(10, 0),
        duration_minutes=240,
        active_from=TODAY + dt.timedelta(days=10),
        active_until=None,
    )
    dates = services.activity_dates(once, TODAY, TODAY + dt.timedelta(days=60))
    assert dates == [TODAY + dt.timedelta(days=10)]


def test_a_long_activity_gets_a_gentle_warning(world, login):
    client = login(world.worker_a)
    response = client.post(
        f"/praktijk/netwerk/{world.network_a.pk}/activiteiten/nieuw/",
        {
            "name": "Lange middag",
            "audience": "group",
            "recurrence": "weekly",
            "weekday": 3,
            "start_time": "13:00",
            "duration_minutes": 210,
            "active_from": TODAY.isoformat(),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "2,5 uur" in page
    assert world.network_a.activities.get().duration_minutes == 210
    assert Task.objects.filter(network=world.network_a).count() == 9  # the default task list


def _session_page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_session_page_queries_do_not_grow_with_history(world, login, activity, people):
    client = login(world.worker_a)
    tasks = list(Task.objects.filter(network=world.network_a))
    dates = tuesdays(activity, 12)
    for date in dates[:3]:
        record(
            world.worker_a,
            activity,
            date,
            present=people[:6],
            tasks={p.pk: {tasks[0].pk: ""} for p in people[:6]},
        )
    few = _session_page_queries(client, session_url(activity, dates[2]))
    for date in dates[3:]:
        record(
            world.worker_a, activity, date, present=people, tasks={p.pk: {tasks[1].pk: ""} for p in people}
        )
    for i in range(4):  # edits add change history to the page's own session, too
        record(world.worker_a, activity, dates[2], present=people[: 6 + i], token=f"edit-{i}")
    many = _session_page_queries(client, session_url(activity, dates[2]))
    assert few == many
    # An unsaved session needs no more queries than a saved one.
    assert _session_page_queries(client, session_url(activity, LAST_TUESDAY + dt.timedelta(weeks=1))) <= many


def test_session_page_query_count(world, login, activity, people, django_assert_num_queries):
    client = login(world.worker_a)
    record(world.worker_a, activity, LAST_TUESDAY, present=people)
    # auth session, user, network, activity, session, participations, attendances, contributions, changes,
    # presence at parallel activities, tasks, the network tabs' lookups and the group board's section (one)
    with django_assert_num_queries(12):
        client.get(session_url(activity, LAST_TUESDAY))
    with django_assert_num_queries(9):  # a coming session: nothing stored yet
        client.get(session_url(activity, LAST_TUESDAY + dt.timedelta(weeks=1)))


def test_recording_twelve_people_takes_one_request(world, login, activity, people):
    client = login(world.worker_a)
    tasks = tasks_of(world.network_a)
    data = session_post(dict.fromkeys(people, "present"), tasks={p: [tasks["koken"]] for p in people})
    assert client.post(session_url(activity, LAST_TUESDAY), data).status_code == 302
    assert Attendance.objects.filter(status="present").count() == 12


def test_the_session_page_links_to_recording_support_for_this_session(world, login, activity):
    from django.urls import reverse

    record(world.worker_a, activity, LAST_TUESDAY, present=[world.anne])
    session = Session.objects.get()
    page = login(world.worker_a).get(session_url(activity, LAST_TUESDAY)).content.decode()
    url = reverse("support:record", args=[world.network_a.pk])
    assert f'href="{url}?sessie={session.pk}&amp;next=' in page


def test_people_who_left_are_folded_into_one_group_whatever_their_names(world, login, activity, people):
    """Names sort people who left between active people; the page still shows one folded group."""
    from people.services import route_record

    for person in (people[1], people[5], people[9]):  # Fatima, Piet, Gerda: spread over the alphabet
        route_record(
            actor=world.worker_a,
            participation=person.participations.get(),
            stage=Stage.DROPPED_OUT,
            date=TODAY - dt.timedelta(days=30),
            dropout_reason="personal",
        )
    page = login(world.worker_a).get(session_url(activity, LAST_TUESDAY)).content.decode()
    assert page.count("Eerdere deelnemers (3)") == 1
    folded = page[page.index("Eerdere deelnemers (3)") :]
    assert all(f"<legend>{p.name}" in folded for p in (people[1], people[5], people[9]))
    assert page.count("<legend>Fatima") == 1


def test_a_typed_reason_and_its_error_stay_on_the_page(world, login, activity, people):
    reason = 'ziek <b>"thuis"</b>' + "x" * 200
    data = session_post({world.anne: "excused"}, **{f"p{world.anne.pk}_reason": reason})
    response = login(world.worker_a).post(session_url(activity, LAST_TUESDAY), data)
    assert response.status_code == 400
    page = response.content.decode()
    row = page[page.index(f"<legend>{world.anne.name}") :].split("</fieldset>")[0]
    assert 'value="ziek &lt;b&gt;&quot;thuis&quot;&lt;/b&gt;' in row and 'aria-invalid="true"' in row
    assert "200" in row.split('class="field-errors"')[1]  # the reason's length error is shown at the field
    assert not Session.objects.filter(activity=activity, date=LAST_TUESDAY).exists()


def test_a_changed_other_namely_text_is_kept_in_the_field_history(world, activity):
    """The text a person's task carries is personal data: changing it leaves a history line."""
    from privacy.models import FieldChange

    other = tasks_of(world.network_a)["anders"]
    record(
        world.worker_a,
        activity,
        LAST_TUESDAY,
        present=[world.anne],
        tasks={world.anne.pk: {other.pk: "soep"}},
    )
    record(
        world.worker_a,
        activity,
        LAST_TUESDAY,
        present=[world.anne],
        tasks={world.anne.pk: {other.pk: "brood"}},
        token="edit",
    )
    assert Contribution.objects.get(attendance__participant=world.anne).text == "brood"
    change = FieldChange.objects.filter(model="practice.Contribution", action="update").get()
    assert change.changes == {"text": ["soep", "brood"]} and change.participant_id == world.anne.pk


def test_a_save_reads_presence_again_when_the_forms_read_is_older_than_the_session(world, activity, people):
    """The service takes the form's read only while the locked session still has that read's
    version; an older read (here: from before Kees was marked present) is read again."""
    from practice import selectors

    kees = people[1]
    where = {"network": world.network_a, "activity": activity, "date": LAST_TUESDAY}

    def save_anne_only(token, read):
        session = Session.objects.get(activity=activity, date=LAST_TUESDAY)
        with CaptureQueriesContext(connection) as queries:
            services.session_record(
                actor=world.worker_a,
                activity=activity,
                date=LAST_TUESDAY,
                expected_version=session.version,
                token=token,
                read=read,
                marks={
                    world.anne.pk: services.Mark(status=Presence.PRESENT),
                    kees.pk: services.Mark(status=Presence.ABSENT),
                },
            )
        assert set(session.attendances.values_list("participant__name", flat=True)) == {"Anne"}
        return [q["sql"] for q in queries.captured_queries]

    record(world.worker_a, activity, LAST_TUESDAY, present=[world.anne])
    stale = selectors.session_form_data(**where)
    record(world.worker_a, activity, LAST_TUESDAY, present=[world.anne, kees])
    assert any(sql.startswith('SELECT "practice_task"') for sql in save_anne_only("after-stale-read", stale))
    # With the current read, the same save needs no read of its own: the locked session is enough.
    record(world.worker_a, activity, LAST_TUESDAY, present=[world.anne, kees])
    fresh = selectors.session_form_data(**where)
    assert not any(
        sql.startswith('SELECT "practice_task"') for sql in save_anne_only("after-fresh-read", fresh)
    )
