"""The import as a whole: what it creates through the people and practice services, the preview's
problems, all-or-nothing, and the undo. Today is 25-11-2026 (root conftest)."""

import datetime as dt
import time

import pytest
from django.core.exceptions import ValidationError

from conftest import TODAY
from imports import services
from imports.models import BatchStatus, ImportedObject
from imports.plan import build_plan
from imports.tests.conftest import with_new_activity
from people.models import Participant, Participation, RouteEvent, Stage
from people.services import participant_register
from practice.models import Activity, Attendance, Contribution, FollowUp, Session, SessionChange, Task

TABLES = [
    Participant,
    Participation,
    RouteEvent,
    Activity,
    Task,
    Session,
    Attendance,
    Contribution,
    FollowUp,
    SessionChange,
]


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in TABLES}


def plan_of(batch, **kwargs):
    return build_plan(network=batch.network, sheets=batch.sheets, mapping=batch.mapping, **kwargs)


def test_the_group_sheet_is_imported_through_the_services(world, draft):
    batch = with_new_activity(draft("groep.xlsx"))
    plan = plan_of(batch)
    assert plan.problems == []
    assert [p.label for p in plan.new_people] == [
        "Ans de Vries",
        "René Bakker",
        "Fatma Yılmaz",
        "Henk",
        "Zoë Janssen",
        "Gerrit Smit",
        "Mo",
    ]
    assert len(plan.dates) == 8

    services.import_run(actor=world.worker_a, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert batch.sheets == []  # the cells are not kept once imported
    network = world.network_a
    people = {
        p.participant.full_name or p.participant.name: p
        for p in network.participations.select_related("participant")
    }
    ans = people["Ans de Vries"]
    assert ans.participant.name == "Ans" and ans.participant.phone == "0612345678"
    assert ans.participant.created_by == world.worker_a
    assert ans.first_visit == dt.date(2026, 6, 2)
    # Structural as derived on the day of a session: first visit 91 days before, present in the window.
    structural = ans.events.get(stage=Stage.STRUCTURAL)
    assert structural.date == dt.date(2026, 9, 1) and structural.recorded_by is None
    assert ans.stage == Stage.STRUCTURAL and not ans.stage_confirmed
    assert people["René Bakker"].participant.invited_via == "partner"
    assert (
        people["René Bakker"].participant.invited_by_partner == world.partner
    )  # "Wijkteam" -> Wijkteam Oost
    assert people["Henk"].stage == Stage.SETTLING_IN and people["Henk"].stage_confirmed  # from the sheet
    assert people["Zoë Janssen"].stage == Stage.DROPPED_OUT
    assert people["Gerrit Smit"].stage == Stage.INVITED
    assert people["Mo"].first_visit == dt.date(2026, 9, 22)  # only on the list: first presence
    activity = Activity.objects.get(network=network, name="Soepmiddag")
    assert activity.weekday == 1 and activity.active_from == dt.date(2026, 9, 1)
    assert Session.objects.filter(activity=activity).count() == 8
    assert (
        Attendance.objects.filter(session__activity=activity, status="present").count()
        == 8 + 5 + 6 + 4 + 2 + 3
    )
    assert Attendance.objects.filter(session__activity=activity, status="excused").count() == 1
    # Zoë stopped coming after 8-9: a follow-up opened during the replay, closed when she left.
    zoe = people["Zoë Janssen"]
    followup = FollowUp.objects.get(participation=zoe)
    assert followup.opened_on < TODAY and followup.outcome == "dropped_out"
    assert batch.summary["participants"] == 7 and batch.summary["sessions"] == 8


def test_attendance_rows_with_tasks_and_comma_csv(world, draft):
    batch = with_new_activity(draft("aanwezigheid-komma-cp1252.csv"))
    plan = plan_of(batch)
    assert plan.problems == []
    assert "fietsen repareren" in plan.new_tasks
    services.import_run(actor=world.worker_a, batch=batch)
    ans = Participant.objects.get(full_name="Ans de Vries")
    assert Contribution.objects.filter(attendance__participant=ans).count() == 8  # koken + afwassen, 4 times
    rene = Participant.objects.get(full_name="René Bakker")
    assert Attendance.objects.get(participant=rene, status="excused").reason == "ziek"
    assert Task.objects.filter(network=world.network_a, name="fietsen repareren").exists()


def test_rows_that_match_people_in_the_network(world, draft):
    existing = participant_register(
        actor=world.worker_a, network=world.network_a, name="Ans", date=dt.date(2026, 5, 1)
    )
    batch = with_new_activity(draft("groep.xlsx"))
    plan = plan_of(batch)
    (match,) = plan.matched_people
    assert match.label == "Ans de Vries" and match.existing_id == existing.pk
    before = Participant.objects.count()
    services.import_run(actor=world.worker_a, batch=batch)
    assert Participant.objects.count() == before + 6  # Ans is not created again
    assert Attendance.objects.filter(participant=existing).count() == 8
    existing.refresh_from_db()
    assert existing.phone == ""  # the existing person's details are left as they were


def test_choosing_a_new_person_for_a_match(world, draft):
    participant_register(actor=world.worker_a, network=world.network_a, name="Ans", date=dt.date(2026, 5, 1))
    batch = with_new_activity(draft("groep.xlsx"))
    ref = plan_of(batch).matched_people[0].ref
    before = Participant.objects.count()
    services.import_run(actor=world.worker_a, batch=batch, decisions={ref: "new"})
    assert Participant.objects.count() == before + 7


def test_every_kind_of_bad_row_is_reported_with_its_row_number(world, draft):
    batch = draft("problemen.xlsx")
    plan = plan_of(batch)
    found = {(p.sheet_title, p.row, p.message) for p in plan.problems}
    expected = {
        ("Deelnemers", 3, "De naam ontbreekt."),
        ("Deelnemers", 4, "Kennismaking: '31-02-2026' is geen geldige datum."),
        ("Deelnemers", 5, "Kennismaking: 1 jan 2027 ligt in de toekomst."),
        ("Deelnemers", 7, "Deze naam staat ook in rij 2."),
        ("Deelnemers", 8, "'els@' is geen e-mailadres."),
        ("Deelnemers", 9, "Aanwezig op 1 sep 2026, vóór de kennismaking (15 sep 2026)."),
        ("Lijst", 4, "Onbekend teken 'q' op 8 sep 2026 (kolom C)."),
    }
    assert expected <= found, sorted(found - expected)
    assert any(
        row == 6 and message.startswith("Onbekende stap op de route 'superster'")
        for _s, row, message in found
    )
    assert plan.problem_rows == 8


def test_problems_block_the_import_and_nothing_is_written(world, draft):
    batch = with_new_activity(draft("problemen.xlsx"))
    before = counts()
    with pytest.raises(ValidationError, match="problemen"):
        services.import_run(actor=world.worker_a, batch=batch)
    assert counts() == before
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT


def test_skipping_the_rows_with_problems_explicitly(world, draft):
    batch = with_new_activity(draft("problemen.xlsx"))
    plan = services.import_run(actor=world.worker_a, batch=batch, skip_problems=True)
    assert plan.skipped_rows == 8
    names = set(
        Participation.objects.filter(network=world.network_a).values_list("participant__name", flat=True)
    )
    assert names == {"Anne", "Ans", "Gea"}  # Gea's list row had a problem; her participants row did not
    ans = Participant.objects.get(name="Ans", full_name="")
    assert Attendance.objects.filter(participant=ans).count() == 4


def test_a_failed_import_leaves_the_database_unchanged(world, draft, monkeypatch):
    from practice import services as practice

    batch = with_new_activity(draft("groep.xlsx"))
    before = counts()
    calls = []
    real = practice.followups_refresh

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("the machine stopped halfway")
        return real(**kwargs)

    monkeypatch.setattr(practice, "followups_refresh", failing)
    with pytest.raises(RuntimeError):
        services.import_run(actor=world.worker_a, batch=batch)
    assert counts() == before
    assert not ImportedObject.objects.exists()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT and batch.sheets


def test_a_year_of_a_40_person_group(world, draft, record_property):
    batch = with_new_activity(draft("jaar-40-deelnemers.xlsx"))
    started = time.perf_counter()
    plan = plan_of(batch)
    # 52 Tuesdays on the list; on the first one nobody was there yet, so it is no session.
    assert plan.problems == [] and len(plan.new_people) == 40 and len(plan.dates) == 51
    services.import_run(actor=world.worker_a, batch=batch)
    seconds = time.perf_counter() - started
    record_property("import_seconds", round(seconds, 2))
    print(f"a year of a 40-person group imported in {seconds:.2f} s")
    assert Participation.objects.filter(network=world.network_a).count() == 41
    assert Session.objects.filter(network=world.network_a).count() == 51
    assert Participation.objects.filter(network=world.network_a, stage=Stage.STRUCTURAL).count() > 10
    assert FollowUp.objects.filter(network=world.network_a).exists()


def test_undo_removes_everything_and_puts_back_what_changed(world, draft):
    from people.services import route_record

    anne = world.anne.participations.get()
    route_record(
        actor=world.worker_a, participation=anne, stage=Stage.SETTLING_IN, date=TODAY - dt.timedelta(days=150)
    )
    anne.refresh_from_db()
    before = counts()
    anne_before = (anne.stage, anne.stage_since, anne.first_visit, anne.stage_confirmed)
    batch = with_new_activity(draft("groep.xlsx"))
    services.import_run(actor=world.worker_a, batch=batch)
    assert counts() != before
    anne.refresh_from_db()
    # Anne is in the network but not on the list: the replayed sessions count her absent.
    assert FollowUp.objects.filter(participation=anne).exists()
    services.import_undo(actor=world.worker_a, batch=batch)
    assert counts() == before
    anne.refresh_from_db()
    assert (anne.stage, anne.stage_since, anne.first_visit, anne.stage_confirmed) == anne_before
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE and batch.undone_by == world.worker_a
    from privacy.models import AuditEntry

    assert list(
        AuditEntry.objects.filter(object_type="import").values_list("action", flat=True).order_by("id")
    ) == [
        "import",
        "import_undone",
    ]


def test_undo_only_by_the_importer_within_the_time(world, draft, frozen_time, settings):
    batch = with_new_activity(draft("groep.xlsx"))
    services.import_run(actor=world.worker_a, batch=batch)
    with pytest.raises(ValidationError, match="Alleen wie"):
        services.import_undo(actor=world.coordinator, batch=batch)
    frozen_time.shift(dt.timedelta(hours=settings.IMPORT_UNDO_HOURS, minutes=1))
    with pytest.raises(ValidationError, match="voorbij"):
        services.import_undo(actor=world.worker_a, batch=batch)


def test_undo_refuses_when_work_was_recorded_on_top(world, draft):
    from practice.tests.conftest import record

    batch = with_new_activity(draft("groep.xlsx"))
    services.import_run(actor=world.worker_a, batch=batch)
    activity = Activity.objects.get(network=world.network_a, name="Soepmiddag")
    mo = Participant.objects.get(name="Mo")
    record(world.worker_a, activity, dt.date(2026, 11, 24), present=[mo])
    before = counts()
    with pytest.raises(ValidationError, match="na de import"):
        services.import_undo(actor=world.worker_a, batch=batch)
    assert counts() == before


def test_a_session_already_recorded_on_a_date_is_a_problem(world, draft):
    from practice.tests.conftest import record

    batch = draft("groep.xlsx")
    activity = services.practice.activity_create(
        actor=world.worker_a,
        network=world.network_a,
        name="Soepmiddag",
        audience="group",
        recurrence="weekly",
        weekday=1,
        start_time=dt.time(13, 0),
        duration_minutes=120,
        active_from=dt.date(2026, 1, 6),
        active_until=None,
    )
    record(world.worker_a, activity, dt.date(2026, 9, 8), present=[world.anne])
    services.batch_set_mapping(
        actor=world.worker_a, batch=batch, mapping=dict(batch.mapping, activity=activity.pk)
    )
    batch.refresh_from_db()
    plan = plan_of(batch)
    assert [(p.row, p.message) for p in plan.problems] == [
        (1, "Een bijeenkomst van Soepmiddag op 8 sep 2026 is al vastgelegd.")
    ]
    services.import_run(actor=world.worker_a, batch=batch, skip_problems=True)
    assert Session.objects.filter(activity=activity).count() == 8  # 7 imported and the one recorded before
    assert Attendance.objects.filter(session__date=dt.date(2026, 9, 8)).count() == 1


def test_drafts_nobody_imports_are_deleted_with_their_cells(world, draft, frozen_time, settings):
    from django.core.management import call_command

    from imports.models import ImportBatch

    batch = draft("groep.xlsx")
    call_command("imports_expire")
    assert ImportBatch.objects.filter(pk=batch.pk).exists()
    frozen_time.shift(dt.timedelta(hours=settings.IMPORT_DRAFT_HOURS, minutes=1))
    call_command("imports_expire")
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()


def test_the_other_kinds_of_bad_rows(world, draft):
    from imports import reading
    from imports.services import batch_create

    people = (
        "Naam;Eerste bezoek;Fase;Fase sinds;Geboortejaar;Via\n"
        "Ans;02-06-2026;afgehaakt;01-09-2026;1950;sociaal werker\n"  # 2: present after leaving
        "Bob;;uitgenodigd;;;\n"  # 3: invited, but came
        "Cas;02-06-2026;wennen;01-05-2026;;\n"  # 4: stage date before the first visit
        "Dina;02-06-2026;;;19xx;\n"  # 5: not a year of birth
        "Eef;02-06-2026;;;;via de kerk\n"  # 6: unknown way in
        "Fien;02-06-2026;;;;POH-GGZ\n"  # 7: a kind of partner the organisation does not have
    )
    rows = (
        "Naam;Datum;Aanwezig;Taken\n"
        "Ans;08-09-2026;ja;\n"
        "Bob;08-09-2026;ja;\n"
        "Cas;;ja;\n"  # 4: date missing
        "Dina;08-09-2026;misschien;\n"  # 5: unknown presence
        "Eef;08-09-2026;afgemeld;koken\n"  # 6: tasks while not present
        "Eef;08-09-2026;ja;\n"  # 7: another presence on the same date
    )
    sheets = reading.read_upload("p.csv", people.encode()) + reading.read_upload("a.csv", rows.encode())
    batch = batch_create(actor=world.worker_a, network=world.network_a, file_name="x", sheets=sheets)
    batch = with_new_activity(batch)
    messages = {(p.sheet_title, p.row, p.message) for p in plan_of(batch).problems}
    assert messages == {
        ("p.csv", 2, "Aanwezig op 8 sep 2026, na het vertrek uit de groep (1 sep 2026)."),
        ("p.csv", 3, "Stap 'uitgenodigd', maar volgens de aanwezigheid is deze persoon gekomen."),
        ("p.csv", 4, "De datum van de stap ligt vóór de kennismaking."),
        ("p.csv", 5, "'19xx' is geen geboortejaar."),
        (
            "p.csv",
            6,
            "Hoe binnengekomen: 'via de kerk' is onbekend. Gebruik: sociaal werker, deelnemer, "
            "binnengelopen, of de naam van een partner.",
        ),
        (
            "p.csv",
            7,
            "Hoe binnengekomen: 'POH-GGZ' is een partner, maar de organisatie heeft geen partner met "
            "die naam. Voeg de partner eerst toe, of schrijf de naam van de partner.",
        ),
        ("a.csv", 4, "De datum ontbreekt."),
        ("a.csv", 5, "Onbekende aanwezigheid 'misschien'. Gebruik aanwezig, afgemeld of afwezig."),
        ("a.csv", 6, "Er zijn taken ingevuld, maar de persoon was niet aanwezig."),
        ("a.csv", 7, "Eef heeft op 8 sep 2026 een andere aanwezigheid in rij 6."),
    }


def test_bad_dates_in_the_header_of_a_list(world, draft):
    from imports import reading
    from imports.services import batch_create

    sheet = "Naam;01-09-2026;31-09-2026;08-09-2026;08-09-2026;02-12-2026\nAns;x;x;x;x;x\n"
    batch = batch_create(
        actor=world.worker_a,
        network=world.network_a,
        file_name="x",
        sheets=reading.read_upload("l.csv", sheet.encode()),
    )
    messages = sorted((p.row, p.message) for p in plan_of(with_new_activity(batch)).problems)
    assert messages == [
        (1, "Kolom C: '31-09-2026' is geen geldige datum."),
        (1, "Kolom E: de datum 8 sep 2026 staat er twee keer in."),
        (1, "Kolom F: 2 dec 2026 ligt in de toekomst."),
    ]


def test_a_similar_name_is_offered_as_perhaps_the_same_person_but_stays_new_unless_chosen(world):
    """The import follows the app's duplicate rule (people.duplicates): 'Anna' in the sheet may be the
    network's Anne, but only the same name is taken as the same person without asking."""
    from imports.matching import match_existing

    exact, similar, nobody = match_existing(
        network=world.network_a,
        people=[(world.anne.name, ""), (world.anne.name[:-1] + "a", ""), ("Zbigniew", "")],
    )
    assert [(e.participant_id, e.exact) for e in exact] == [(world.anne.pk, True)]
    assert [(e.participant_id, e.exact) for e in similar] == [(world.anne.pk, False)]
    assert nobody == []


def test_undo_data_goes_when_the_undo_time_is_over_by_the_workers_housekeeping(
    world, draft, frozen_time, settings
):
    from django.core.management import call_command

    from imports.models import ImportBatch
    from jobs.registry import HOUSEKEEPING

    assert services.imports_expire in HOUSEKEEPING  # the jobs worker runs it every minute
    # "Ans" is in the network already; the sheet's presences make her structural: her stage as it was
    # is kept for the undo.
    participant_register(actor=world.worker_a, network=world.network_a, name="Ans", date=dt.date(2026, 5, 1))
    batch = with_new_activity(draft("groep.xlsx"))
    services.import_run(actor=world.worker_a, batch=batch)
    batch.refresh_from_db()
    assert batch.restore["participations"]
    created = ImportedObject.objects.filter(batch=batch).count()
    old_draft = draft("aanwezigheid-tab-utf8.csv", actor=world.worker_b, network=world.network_b)
    call_command("jobs_cleanup")
    batch.refresh_from_db()
    assert batch.restore["participations"] and ImportBatch.objects.filter(pk=old_draft.pk).exists()

    frozen_time.shift(dt.timedelta(hours=settings.IMPORT_UNDO_HOURS, minutes=1))
    call_command("jobs_cleanup")  # what the worker's housekeeping runs
    batch.refresh_from_db()
    assert batch.restore == {} and not ImportBatch.objects.filter(pk=old_draft.pk).exists()
    assert ImportedObject.objects.filter(batch=batch).count() == created and batch.summary["sessions"] == 8


def test_a_semicolon_csv_with_a_byte_order_mark_from_libreoffice_imports_cleanly(world, draft):
    batch = draft("deelnemers-puntkomma-bom.csv")
    assert plan_of(batch).problems == []
    services.import_run(actor=world.worker_a, batch=batch)
    stages = {
        (p.participant.full_name or p.participant.name): p
        for p in Participation.objects.filter(network=world.network_a).select_related("participant")
    }
    assert set(stages) == {
        "Anne",
        "Ans de Vries",
        "René Bakker",
        "Fatma Yılmaz",
        "Henk",
        "Zoë Janssen",
        "Gerrit Smit",
    }
    assert stages["René Bakker"].participant.invited_by_partner == world.partner  # "Wijkteam"
    assert stages["René Bakker"].first_visit == dt.date(2026, 6, 9)
    assert stages["Henk"].stage == Stage.SETTLING_IN and stages["Zoë Janssen"].stage == Stage.DROPPED_OUT
    assert stages["Gerrit Smit"].stage == Stage.INVITED
