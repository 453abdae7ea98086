"""Access request, erasure and retention."""

import datetime as dt
import json
import re
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse

from people.models import Participant, Participation, RouteEvent
from people.services import participant_register, participant_update, route_record
from privacy import erasure, services, subject_access
from privacy.actor import acting_as
from privacy.models import AuditEntry, PointOfAttention
from privacy.registry import PERSONAL_DATA, models_referring_to_participants

# ----- coverage --------------------------------------------------------------------------------


def test_every_model_that_refers_to_participants_is_registered():
    """A new model with a foreign key to Participant or Participation must be registered in
    privacy.registry (in its app's ready()) so access requests and erasure cover it."""
    missing = models_referring_to_participants() - set(PERSONAL_DATA)
    assert not missing, f"Register these in privacy.registry: {sorted(missing)}"
    assert {"people.Participation", "people.RouteEvent", "privacy.Consent"} <= set(PERSONAL_DATA)


def test_introspection_finds_indirect_references():
    found = models_referring_to_participants()
    assert "people.RouteEvent" in found  # via Participation
    assert "people.Partner" not in found


# ----- access request ----------------------------------------------------------------------------


@pytest.fixture
def rich_anne(world):
    anne = world.anne
    participant_update(
        actor=world.worker_a,
        participant=anne,
        expected_version=1,
        full_name="Anne Zwaantje Wervelwind",
        phone="0612345678",
        email="anne@example.org",
        address="Kroonstraat 99",
        talents="Taarten bakken",
        invited_by_participant=world.bert,
    )
    anne.refresh_from_db()
    participation = anne.participations.get()
    route_record(
        actor=world.worker_a,
        participation=participation,
        stage="settling_in",
        date=participation.stage_since,
        note="Wervelwind voelt zich thuis",
    )
    services.consent_set(actor=world.worker_a, participant=anne, scope="points_of_attention", given=True)
    services.attention_add(actor=world.worker_a, participant=anne, text="Wervelwind rijdt geen auto")
    # An evaluation interview with an amended report and a marked quote (evaluation app).
    from evaluation.services import highlight_create, theme_create
    from evaluation.tests.conftest import held_interview, make_round

    interview = held_interview(
        evaluation_round=make_round(network=world.network_a, evaluator=world.evaluator),
        participant=anne,
        evaluator=world.evaluator,
        state="amended",
    )
    theme = theme_create(organisation=world.org, name="Samen")
    highlight_create(actor=world.evaluator, interview=interview, passage="Anne kookt", themes=[theme])
    from practice.testing import give_practice_history  # rows the practice app registered

    give_practice_history(actor=world.worker_a, participant=anne)
    return anne


def _privacy_officer(world):
    from accounts.models import Role
    from accounts.services import user_invite

    return user_invite(
        actor=world.admin,
        organisation=world.org,
        username="fg",
        email="fg@example.org",
        first_name="Femke",
        roles=[Role.PRIVACY_OFFICER],
        password="correct-horse-battery",
    )


@pytest.fixture
def anne_in_two_networks(world, rich_anne):
    """Anne also takes part in network_b (worker_b's), with attendance and a logbook entry there."""
    from people.services import participation_add
    from practice.models import Presence, Recurrence
    from practice.services import Mark, activity_create, logentry_create, session_record

    today = dt.date(2026, 11, 25)
    participation_add(actor=world.worker_b, participant=rich_anne, network=world.network_b, date=today)
    activity = activity_create(
        actor=world.worker_b,
        network=world.network_b,
        name="Creamiddag",
        audience="group",
        recurrence=Recurrence.WEEKLY,
        weekday=today.weekday(),
        start_time=dt.time(10, 0),
        duration_minutes=60,
        active_from=today - dt.timedelta(weeks=2),
        active_until=None,
    )
    session_record(
        actor=world.worker_b,
        activity=activity,
        date=today,
        expected_version=0,
        token="b",  # noqa: S106  # nosec B106
        marks={rich_anne.pk: Mark(status=Presence.PRESENT, tasks={})},
        refresh=False,
    )
    logentry_create(
        actor=world.worker_b,
        network=world.network_b,
        date=today,
        category="other",
        text="Creaclub-notitie over de kleurpotloden",
        participants=[rich_anne],
    )
    _on_the_group_board(world, rich_anne, activity=activity, today=today)
    return rich_anne


def _on_the_group_board(world, anne, *, activity, today):
    """What the group board keeps about Anne (board app): a card, a sign-up, an intention, an idea."""
    from board.models import Board, BoardLink, Idea, IdeaSupport, Intention, LinkKind, TaskSignup

    board = Board.objects.create(network=world.network_b)
    BoardLink.objects.create(
        board=board, kind=LinkKind.PERSONAL, participant=anne, token_hash="0" * 64, created_by=world.worker_b
    )
    task = world.network_b.tasks.first()
    TaskSignup.objects.create(
        network=world.network_b, activity=activity, date=today, task=task, participant=anne
    )
    Intention.objects.create(
        network=world.network_b, activity=activity, date=today, participant=anne, coming=True
    )
    idea = Idea.objects.create(network=world.network_b, text="Samen naar de markt", proposed_by=anne)
    IdeaSupport.objects.create(idea=idea, participant=anne)


def _json(client, name, pk):
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200, response.status_code
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content), response.content.decode()


def test_a_workers_access_request_shows_only_what_her_role_and_networks_allow(
    world, login, anne_in_two_networks
):
    """A worker gets 404 on an interview report page: the access request gives her no report either,
    and nothing of the other network she is not assigned to."""
    data, text = _json(login(world.worker_a), "privacy:access_request_json", anne_in_two_networks.pk)
    by_model = {s["model"]: s for s in data["sections"]}
    for label in (
        "evaluation.Answer",
        "evaluation.Report",
        "evaluation.ReportVersion",
        "evaluation.Highlight",
    ):
        assert label not in by_model
    assert "Anne kookt" not in text
    assert "Taarten bakken" in text and "Wervelwind rijdt geen auto" in text and "0612345678" in text
    assert "Creaclub" not in text and "Creamiddag" not in text and "kleurpotloden" not in text
    assert len(by_model["people.Participation"]["rows"]) == 1
    assert len(by_model["practice.Attendance"]["rows"]) == 1  # network_a's, not network_b's
    assert "Bert" not in text and "Olga" not in text  # invited by Bert: shown as another participant
    assert "andere deelnemer" in text
    assert "access_log" not in data  # who looked at the file is for the complete request
    assert AuditEntry.objects.filter(
        action="export.access_request_json", participant_id=anne_in_two_networks.pk
    ).exists()


def test_a_coordinators_access_request_has_no_points_of_attention(world, login, rich_anne):
    data, text = _json(login(world.coordinator), "privacy:access_request_json", rich_anne.pk)
    assert "privacy.PointOfAttention" not in {s["model"] for s in data["sections"]}
    assert "Wervelwind rijdt geen auto" not in text
    assert "Taarten bakken" in text  # the file itself
    assert "Anne kookt" in text  # coordinators read interview reports


def test_the_complete_request_is_the_privacy_officers_and_holds_everything(
    world, login, anne_in_two_networks
):
    officer = _privacy_officer(world)
    client = login(officer)
    data, text = _json(client, "privacy:subject_access_json", anne_in_two_networks.pk)
    by_model = {s["model"]: s for s in data["sections"]}
    assert set(by_model) == set(PERSONAL_DATA)
    for label in PERSONAL_DATA:
        if label != "support.SupportObservation" and label != "support.SupportTie":
            assert by_model[label]["rows"], f"{label} has data for Anne but the complete request shows none"
    for words in (
        "Taarten bakken",
        "Wervelwind rijdt geen auto",
        "Anne kookt",
        "kleurpotloden",
    ):
        assert words in text
    assert len(by_model["people.Participation"]["rows"]) == 2
    assert len(by_model["practice.Attendance"]["rows"]) == 2
    assert data["access_log"]["rows"]
    assert "Bert" not in text
    assert AuditEntry.objects.filter(
        action="export.subject_access_json", participant_id=anne_in_two_networks.pk, actor_id=officer.pk
    ).exists()
    assert client.get(reverse("privacy:subject_access", args=[anne_in_two_networks.pk])).status_code == 200
    # The privacy officer reaches nothing else of the file.
    assert client.get(reverse("people:detail", args=[anne_in_two_networks.pk])).status_code in (403, 404)
    assert client.get(reverse("privacy:access_request", args=[anne_in_two_networks.pk])).status_code == 403


def test_the_complete_request_needs_the_second_factor(world, login):
    from django.test import Client

    from accounts.testing import sign_in

    officer = _privacy_officer(world)
    client = sign_in(Client(), officer, second_factor=False)
    response = client.get(reverse("privacy:subject_access", args=[world.anne.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:2fa_enrol"))


@pytest.mark.parametrize(
    "persona", ["worker_a", "coordinator", "evaluator", "researcher", "admin", "outsider"]
)
def test_only_the_privacy_officer_makes_a_complete_request(world, login, persona):
    client = login(getattr(world, persona))
    for name in ("privacy:subject_access", "privacy:subject_access_json"):
        assert client.get(reverse(name, args=[world.anne.pk])).status_code == 403
    assert client.get(reverse("privacy:subject_access_index")).status_code == 403


def test_the_complete_request_of_another_organisation_is_404(world, login):
    client = login(_privacy_officer(world))
    assert client.get(reverse("privacy:subject_access", args=[world.olga.pk])).status_code == 404


def test_a_registration_without_a_title_in_the_persons_words_stops_the_start_up():
    """The access request heads each model's section with its registered title: a registration without
    one, or with one not marked for translation, is refused (no table name in the letter)."""
    from dataclasses import replace

    from django.core.exceptions import ImproperlyConfigured

    from privacy.registry import PersonalData, register

    with pytest.raises(TypeError, match="title"):
        PersonalData("evaluation.Theme", participant_path="id", permission="evaluation.report.view")
    entry = replace(PERSONAL_DATA["evaluation.Highlight"], label="evaluation.Theme")
    for title in ("Themes", None):
        with pytest.raises(ImproperlyConfigured, match="title"):
            register(replace(entry, title=title))
    assert "evaluation.Theme" not in PERSONAL_DATA


def test_every_section_of_the_complete_request_carries_its_registered_title(world, rich_anne):
    from django.utils import translation

    with translation.override("nl"):
        data = subject_access.collect(participant=rich_anne, user=world.coordinator, complete=True)
    titles = {s["model"]: s["title"] for s in data["sections"]}
    assert set(titles) == set(PERSONAL_DATA)
    assert titles["people.Participant"] == "Jouw gegevens"
    for label, title in titles.items():
        assert title and title != str(PERSONAL_DATA[label].model._meta.verbose_name_plural), label


def test_the_access_request_reads_as_a_letter(world, login, rich_anne):
    """Dutch titles, readable values, field labels in the change history and Dutch dates."""
    page = login(world.coordinator).get(reverse("privacy:access_request", args=[rich_anne.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<table>" in html and "Taarten bakken" in html
    assert "Jouw gegevens" in html and "Evaluatiegesprekken" in html
    assert " object (" not in html  # no "Interview object (1)"
    assert "birth_year" not in html and "created_by_id" not in html and "full_name" not in html
    assert "november 2026" in html  # dates in Dutch
    assert "T10:00" not in html and "2026-11-25" not in html
    assert "answers" not in html and "support ties" not in html and "evaluatiegespreks" not in html


def test_access_request_query_count_is_fixed(world, rich_anne, django_assert_num_queries):
    officer = _privacy_officer(world)
    with django_assert_num_queries(len(PERSONAL_DATA) + 2):
        subject_access.collect(participant=rich_anne, user=officer, complete=True)
    for i in range(5):
        services.attention_add(actor=world.worker_a, participant=rich_anne, text=f"Punt {i}")
    with django_assert_num_queries(len(PERSONAL_DATA) + 2):
        subject_access.collect(participant=rich_anne, user=officer, complete=True)
    readable = [
        e
        for e in PERSONAL_DATA.values()
        if e.permission
        in {
            p
            for p, roles in __import__("accounts.access", fromlist=["x"]).PERMISSIONS.items()
            if "worker" in roles
        }
    ]
    with django_assert_num_queries(len(readable) + 1):
        subject_access.collect(participant=rich_anne, user=world.worker_a)


@pytest.mark.parametrize(
    "persona,status",
    [
        ("worker_a", 200),
        ("coordinator", 200),
        ("worker_b", 404),
        ("outsider", 404),
        ("evaluator", 403),
        ("researcher", 403),
        ("admin", 403),
        ("norole", 403),
    ],
)
def test_access_request_per_persona(world, login, persona, status):
    client = login(getattr(world, persona))
    for name in ("privacy:access_request", "privacy:access_request_json"):
        assert client.get(reverse(name, args=[world.anne.pk])).status_code == status


# ----- erasure -------------------------------------------------------------------------------------


def _all_text_values() -> str:
    """Every text column of every table, as the database holds it."""
    chunks = []
    for model in apps.get_models():
        fields = [
            f.column
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        with connection.cursor() as cursor:
            cols = ", ".join(connection.ops.quote_name(c) for c in fields)
            cursor.execute(f"SELECT {cols} FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
            chunks.extend(str(v) for row in cursor.fetchall() for v in row if v is not None)
    return "\n".join(chunks)


def test_erasure_removes_identity_and_free_text_everywhere_but_keeps_counts(world, login, rich_anne):
    from networks.services import network_change_phase

    network_change_phase(
        actor=world.worker_a,
        network=world.network_a,
        phase="buildup",
        date=dt.date(2026, 11, 1),
        note="Wervelwind kwam met taart; Bert ook",
    )
    identifiers = [
        "Wervelwind",
        "Zwaantje",
        "0612345678",
        "anne@example.org",
        "Kroonstraat 99",
        "Taarten bakken",
    ]
    before = _all_text_values()
    assert all(i in before for i in identifiers)
    counts = (Participation.objects.count(), RouteEvent.objects.count(), Participant.objects.count())
    client = login(world.coordinator)
    url = reverse("privacy:erase", args=[rich_anne.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"confirm_name": "Bert"})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert client.post(url, {"confirm_name": "anne"}).status_code == 302
    after = _all_text_values()
    for identifier in identifiers:
        assert not re.search(re.escape(identifier), after, re.IGNORECASE), identifier
    assert "Bert" in after  # other people's data untouched
    assert (Participation.objects.count(), RouteEvent.objects.count(), Participant.objects.count()) == counts
    rich_anne.refresh_from_db()
    assert rich_anne.anonymised_at is not None and rich_anne.birth_year is None
    assert not PointOfAttention.objects.exists()
    assert AuditEntry.objects.filter(action="erasure.request", participant_id=rich_anne.pk).exists()
    # Anonymised people are out of every list and page.
    assert login(world.worker_a).get(reverse("privacy:participant", args=[rich_anne.pk])).status_code == 404


def test_erasure_after_a_changed_phone_number_removes_the_old_number_too(world, login):
    """A logbook entry written while Anne had her old number still names it: erasure finds it in the
    change history and removes it, like the current one."""
    from practice.services import logentry_create

    anne = world.anne
    participant_update(
        actor=world.worker_a,
        participant=anne,
        expected_version=anne.version,
        phone="0611112222",
        full_name="Anne Oudenaam",
    )
    logentry_create(
        actor=world.worker_a,
        network=world.network_a,
        date=dt.date(2026, 11, 20),
        category="other",
        text="Anne belt voortaan via 0611112222; mevrouw Oudenaam vraagt om een lift",
    )
    anne.refresh_from_db()
    participant_update(
        actor=world.worker_a,
        participant=anne,
        expected_version=anne.version,
        phone="0633334444",
        full_name="Anne Nieuwenaam",
    )
    anne.refresh_from_db()
    erasure.participant_erase(actor=world.coordinator, participant=anne)
    after = _all_text_values()
    for old_or_new in ("0611112222", "Oudenaam", "0633334444", "Nieuwenaam"):
        assert old_or_new not in after, old_or_new


def test_erasure_deletes_highlights_and_report_versions(world, rich_anne):
    """Registered by the evaluation app for deletion; a second registration may not overwrite that."""
    from evaluation.models import Highlight, Report, ReportVersion

    assert Highlight.objects.filter(interview__participant=rich_anne).count() == 1
    assert ReportVersion.objects.filter(report__interview__participant=rich_anne).count() == 3
    erasure.participant_erase(actor=world.coordinator, participant=rich_anne)
    assert not Highlight.objects.filter(interview__participant=rich_anne).exists()
    assert not ReportVersion.objects.filter(report__interview__participant=rich_anne).exists()
    assert Report.objects.filter(interview__participant=rich_anne, text="").exists()


def test_a_conflicting_second_registration_is_an_error_at_start_up():
    from dataclasses import replace

    from django.core.exceptions import ImproperlyConfigured

    from privacy.registry import register

    entry = PERSONAL_DATA["evaluation.Highlight"]
    register(entry)  # the same entry again changes nothing
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        register(replace(entry, delete_on_erasure=False))
    assert PERSONAL_DATA["evaluation.Highlight"].delete_on_erasure
    with pytest.raises(ImproperlyConfigured, match="unknown permission"):
        register(replace(entry, label="evaluation.Theme", permission="nonsense"))
    with pytest.raises(ImproperlyConfigured, match="does not lead to"):
        register(
            replace(
                entry,
                label="evaluation.Theme",
                permission="evaluation.report.view",
                round_path="organisation_id",
            )
        )


@pytest.mark.parametrize("persona", ["worker_a", "admin", "evaluator", "researcher", "norole"])
def test_only_coordinators_erase(world, login, persona):
    client = login(getattr(world, persona))
    assert (
        client.post(reverse("privacy:erase", args=[world.anne.pk]), {"confirm_name": "Anne"}).status_code
        == 403
    )
    assert Participant.objects.get(pk=world.anne.pk).name == "Anne"


def test_erasure_of_another_organisations_participant_is_404(world, login):
    client = login(world.coordinator)
    assert (
        client.post(reverse("privacy:erase", args=[world.olga.pk]), {"confirm_name": "Olga"}).status_code
        == 404
    )
    assert Participant.objects.get(pk=world.olga.pk).name == "Olga"


# ----- retention -----------------------------------------------------------------------------------


def _leave(world, participant, date, network=None):
    participation = participant.participations.get(
        network=network or participant.participations.first().network
    )
    route_record(actor=world.worker_a, participation=participation, stage="moved_on", date=date)


def test_retention_anonymises_only_what_has_expired(world):
    world.org.retention_months = 12
    world.org.save()
    _leave(world, world.anne, dt.date(2026, 6, 1))
    _leave(world, world.bert, dt.date(2026, 7, 1))
    with time_machine.travel(dt.datetime(2027, 6, 15, 3, 0), tick=False):
        out = StringIO()
        call_command("retention", "--dry-run", stdout=out)
        assert f"would anonymise=1 ids={world.anne.pk}" in out.getvalue()
        assert Participant.objects.get(pk=world.anne.pk).anonymised_at is None
        out = StringIO()
        call_command("retention", stdout=out)
    report = out.getvalue()
    assert f"organisation={world.org.pk} retention_months=12 anonymised=1 ids={world.anne.pk}" in report
    assert "Anne" not in report
    assert Participant.objects.get(pk=world.anne.pk).anonymised_at is not None
    assert Participant.objects.get(pk=world.bert.pk).name == "Bert"  # left 11.5 months ago
    assert Participant.objects.get(pk=world.olga.pk).name == "Olga"  # still taking part
    assert AuditEntry.objects.filter(action="erasure.retention", participant_id=world.anne.pk).exists()


def test_someone_who_returned_is_not_expired(world):
    world.org.retention_months = 1
    world.org.save()
    anne = world.anne
    _leave(world, anne, dt.date(2026, 9, 1))
    route_record(
        actor=world.worker_a,
        participation=anne.participations.get(),
        stage="returned",
        date=dt.date(2026, 9, 10),
    )
    assert not erasure.expired_participants(organisation=world.org).filter(pk=anne.pk).exists()


def test_someone_active_in_another_network_is_not_expired(world):
    from people.services import participation_add

    world.org.retention_months = 1
    world.org.save()
    participation_add(
        actor=world.worker_b, participant=world.anne, network=world.network_b, date=dt.date(2026, 8, 1)
    )
    _leave(world, world.anne, dt.date(2026, 8, 2), network=world.network_a)
    assert not erasure.expired_participants(organisation=world.org).filter(pk=world.anne.pk).exists()


def test_history_of_a_new_participant_is_kept_until_erasure(world):
    with acting_as(world.worker_a):
        zoe = participant_register(
            actor=world.worker_a, network=world.network_a, name="Zoë", phone="0699999999"
        )
    from privacy.models import FieldChange

    assert "0699999999" in str(
        list(FieldChange.objects.filter(participant_id=zoe.pk).values_list("changes", flat=True))
    )
    erasure.participant_erase(actor=world.coordinator, participant=zoe)
    assert "0699999999" not in str(list(FieldChange.objects.values_list("changes", flat=True)))


def test_the_privacy_officer_finds_the_request_by_number_from_the_menu(world, login):
    client = login(_privacy_officer(world))
    home = client.get("/")
    assert home.status_code == 200
    assert reverse("privacy:subject_access_index") in home.content.decode()
    response = client.get(reverse("privacy:subject_access_index"), {"nummer": str(world.anne.pk)})
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:subject_access", args=[world.anne.pk])
    assert client.get(reverse("privacy:subject_access_index"), {"nummer": "Anne"}).status_code == 200
    assert client.get(reverse("people:list")).status_code == 403


@pytest.mark.parametrize(
    ("url", "who", "title"),
    [
        ("privacy:subject_access_index", "officer", "Inzageverzoeken"),
        ("privacy:file_log_index", "admin", "Wie heeft"),
    ],
)
def test_both_number_pages_say_what_is_wrong_and_keep_what_was_typed(world, login, url, who, title):
    client = login(_privacy_officer(world) if who == "officer" else world.admin)
    page = client.get(reverse(url), {"nummer": "Anne 12"}).content.decode()
    assert f"<h1>{title}" in page
    assert "data-error-summary" in page and "Een deelnemernummer is een heel getal." in page
    assert 'value="Anne 12"' in page
    empty = client.get(reverse(url)).content.decode()
    assert f"<h1>{title}" in empty and "data-error-summary" not in empty
