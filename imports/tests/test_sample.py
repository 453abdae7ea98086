"""The sample sheet (imports/sample.py): LibreOffice opens it, and what LibreOffice saves of it imports
cleanly into a fresh network with what the sheet says. Today is 25-11-2026 (root conftest)."""

import datetime as dt

from conftest import TODAY
from core.readers import libreoffice_convert, libreoffice_pdf, pdf_pages
from imports import reading, sample, services
from imports.plan import build_plan
from imports.tests.conftest import with_new_activity
from networks.services import network_create
from people.models import Participation, Stage
from practice.models import Attendance, Session

PRESENT = sum(marks.count("x") for marks in sample.MARKS)
EXCUSED = sum(marks.count("m") for marks in sample.MARKS)


def test_libreoffice_opens_the_sample_and_what_it_saves_imports_cleanly(world):
    data = sample.sample_workbook(TODAY)
    assert pdf_pages(libreoffice_pdf(data, ".xlsx"))  # it opens and prints
    resaved = libreoffice_convert(data, ".xlsx", "xlsx")
    sheets = reading.read_upload("voorbeeld.xlsx", resaved)
    assert [s.title for s in sheets] == ["Deelnemers", "Aanwezigheid"]
    assert sheets[1].rows[0][:3] == ["Naam", "08-09-2026", "15-09-2026"]  # Tuesdays before today

    fresh = network_create(
        actor=world.coordinator,
        organisation=world.org,
        name="Inloop Zuid",
        start_date=dt.date(2026, 1, 5),
        location=world.location,
        lead=world.worker_a,
    )
    batch = services.batch_create(
        actor=world.worker_a, network=fresh, file_name="voorbeeld.xlsx", sheets=sheets
    )
    batch = with_new_activity(batch, name="Inloop")
    plan = build_plan(network=fresh, sheets=batch.sheets, mapping=batch.mapping)
    assert plan.problems == []
    services.import_run(actor=world.worker_a, batch=batch)
    batch.refresh_from_db()
    summary = batch.summary
    assert (summary["participants"], summary["sessions"], summary["present"], summary["excused"]) == (
        10,
        12,
        PRESENT,
        EXCUSED,
    )
    assert Session.objects.filter(network=fresh).count() == 12
    assert Attendance.objects.filter(session__network=fresh, status="present").count() == PRESENT
    stages = dict(Participation.objects.filter(network=fresh).values_list("participant__name", "stage"))
    assert stages["Joop"] == Stage.DROPPED_OUT and stages["Ans"] == Stage.STRUCTURAL
    assert stages["Piet"] in (Stage.FIRST_VISIT, Stage.SETTLING_IN)  # four times, from 3 nov


def test_the_demo_imports_the_sample_into_the_speelgoedpunt(db):
    from core.demo import build_demo
    from imports.models import BatchStatus, ImportBatch

    ctx = build_demo()
    batch = ImportBatch.objects.get(network=ctx.networks["toys"])
    assert batch.status == BatchStatus.DONE and batch.file_name == "voorbeeld-vangnetwerk.xlsx"
    assert (batch.summary["participants"], batch.summary["sessions"]) == (10, 12)
    assert services.can_undo(batch, batch.created_by)  # the import's page offers the undo
