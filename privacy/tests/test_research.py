"""Pseudonymised research export."""

import datetime as dt
import io
import re

import networkx as nx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.files import read_csv
from people.services import participant_register, participant_update
from privacy import research, services
from privacy.models import AuditEntry, Study, SubmissionToken


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def consenting(world):
    participant_update(
        actor=world.worker_a,
        participant=world.anne,
        expected_version=1,
        birth_year=1958,
        full_name="Anne de Wit",
        phone="0611111111",
        talents='=HYPERLINK("http://evil")',
    )
    world.bert.invited_by_participant = world.anne
    world.bert.save()
    for person in (world.anne, world.bert):
        services.consent_set(actor=world.coordinator, participant=person, scope="research", given=True)
    participant_register(actor=world.worker_a, network=world.network_a, name="Carla")  # no consent
    return world


def _study(world, name="Eenzaamheid 2026"):
    return services.study_create(actor=world.researcher, name=name)


def test_pseudonyms_are_stable_within_and_different_between_studies(consenting):
    w = consenting
    one, two = _study(w), _study(w, "Tweede studie")
    a1, a1_again = research.context_for(one), research.context_for(Study.objects.get(pk=one.pk))
    a2 = research.context_for(two)
    assert a1.pseudonym(w.anne.pk) == a1_again.pseudonym(w.anne.pk)
    assert a1.pseudonym(w.anne.pk) != a2.pseudonym(w.anne.pk)
    assert a1.pseudonym(w.anne.pk) != a1.pseudonym(w.bert.pk)
    assert re.fullmatch(r"P-[0-9a-f]{16}", a1.pseudonym(w.anne.pk))


def test_only_consenting_participants_are_exported_without_identity(consenting):
    w = consenting
    ctx = research.context_for(_study(w))
    assert ctx.participant_ids == {w.anne.pk, w.bert.pk}
    data = research.tables(ctx)
    headers, rows = data["participants"][1], data["participants"][2]
    assert headers == ["participant", "age_band", "invited_via", "invited_by"]
    anne = next(r for r in rows if r[0] == ctx.pseudonym(w.anne.pk))
    assert anne[1] == "65-74"
    bert = next(r for r in rows if r[0] == ctx.pseudonym(w.bert.pk))
    assert bert[3] == ctx.pseudonym(w.anne.pk)
    everything = str(data)
    for secret in ("Anne", "Bert", "Carla", "de Wit", "0611111111", "HYPERLINK", "1958", "Soepgroep"):
        assert secret not in everything
    route = data["route_events"][2]
    assert all(re.fullmatch(r"\d{4}-\d{2}", row[3]) for row in route)
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", str(v)) for row in route for v in row)


def test_files_follow_the_shared_conventions(consenting):
    """xlsx: typed text cells without a visible prefix; CSV: Dutch Excel dialect with BOM, read back by
    the csv module; age bands stay text; booleans 1/0."""
    w = consenting
    ctx = research.context_for(_study(w))
    book = load_workbook(io.BytesIO(research.to_xlsx_bytes(ctx)))
    sheet = book["participants"]
    assert [c.value for c in sheet[1]] == ["participant", "age_band", "invited_via", "invited_by"]
    assert sheet.freeze_panes == "A2"
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in cells) and not any(str(c.value).startswith("'") for c in cells)
    data = research.csv_bytes_for(ctx, "participants")
    assert data.startswith(b"\xef\xbb\xbf") and b";" in data.splitlines()[0]
    rows = read_csv(data)
    assert rows[0] == ["participant", "age_band", "invited_via", "invited_by"]
    anne = next(r for r in rows if r[0] == ctx.pseudonym(w.anne.pk))
    assert anne[1] == "65-74"


def test_the_oldest_age_band_is_text_no_spreadsheet_reads_as_a_number():
    from privacy.research import AGE_BANDS

    labels = [label for _low, _high, label in AGE_BANDS]
    assert "75-plus" in labels and "75+" not in labels
    for label in labels:
        with pytest.raises(ValueError):
            float(label.replace(",", "."))


def test_graphml_is_valid_graphml_with_unique_edge_ids(consenting):
    from pathlib import Path

    from lxml import etree

    w = consenting
    ctx = research.context_for(_study(w))
    # Two ties between the same pair and an invitation: three edges between one pair.
    from support.models import SupportObservation, SupportTie

    for day in (2, 3):
        observation = SupportObservation.objects.create(
            network=w.network_a, date=dt.date(2026, 11, day), giver=w.anne, kind="practical"
        )
        SupportTie.objects.create(observation=observation, receiver=w.bert)
    data = research.to_graphml(ctx)
    schema = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "graphml" / "graphml.xsd")))
    document = etree.fromstring(data)
    assert schema.validate(document), schema.error_log
    ids = document.xpath("//g:edge/@id", namespaces={"g": "http://graphml.graphdrawing.org/xmlns"})
    assert len(ids) == 3 and len(set(ids)) == 3
    graph = nx.read_graphml(io.BytesIO(data))
    assert graph.number_of_edges() == 3


def test_researcher_starts_each_export_and_downloads_it_audited(consenting, login):
    from jobs.models import Job
    from jobs.services import job_execute

    w = consenting
    study = _study(w)
    client = login(w.researcher)
    ctx = research.context_for(study)
    files = {}
    for fmt in ("xlsx", "route_events", "graphml"):
        response = client.post(reverse("privacy:study_export", args=[study.pk, fmt]))
        assert response.status_code == 302
        job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
        assert job_execute(job_id=job.pk, worker_id="test") == "done"
        download = client.get(reverse("jobs:download", args=[job.pk]))
        assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
        files[fmt] = b"".join(download.streaming_content)
    book = load_workbook(io.BytesIO(files["xlsx"]))
    assert {"participants", "participations", "route_events", "networks"} <= set(book.sheetnames)
    reader = read_csv(files["route_events"])
    assert reader[0][:2] == ["participant", "network"] and len(reader) > 1
    graph = nx.read_graphml(io.BytesIO(files["graphml"]))
    assert set(graph.nodes) == {ctx.pseudonym(w.anne.pk), ctx.pseudonym(w.bert.pk)}
    assert graph.has_edge(ctx.pseudonym(w.anne.pk), ctx.pseudonym(w.bert.pk))
    assert b"Anne" not in files["graphml"]
    assert client.post(reverse("privacy:study_export", args=[study.pk, "nonsense"])).status_code == 404
    exports = AuditEntry.objects.filter(actor_id=w.researcher.pk, action="export.download.research_export")
    assert exports.count() == 6  # three downloads, two people in each
    assert set(exports.values_list("participant_id", flat=True)) == {w.anne.pk, w.bert.pk}


@pytest.mark.parametrize("persona", ["worker_a", "coordinator", "evaluator", "admin", "norole"])
def test_only_researchers_export(world, login, persona):
    study = _study(world)
    client = login(getattr(world, persona))
    assert client.get(reverse("privacy:studies")).status_code == 403
    assert client.post(reverse("privacy:study_export", args=[study.pk, "xlsx"])).status_code == 403


def test_another_organisations_study_is_404(world, login):
    from privacy.models import Study

    theirs = Study.objects.create(organisation=world.other_org, name="West")
    client = login(world.researcher)
    assert client.get(reverse("privacy:study", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("privacy:study_export", args=[theirs.pk, "xlsx"])).status_code == 404


def test_double_submit_creates_one_study(world, login):
    client = login(world.researcher)
    page = client.get(reverse("privacy:studies"))
    token = page.context["form"]["once"].value()
    first = client.post(reverse("privacy:studies"), {"name": "Dubbel", "once": token})
    second = client.post(reverse("privacy:studies"), {"name": "Dubbel", "once": token})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Study.objects.filter(name="Dubbel").count() == 1
    assert SubmissionToken.objects.count() == 1
    # A fresh form is a fresh intention: a second study with another name is created.
    other = client.get(reverse("privacy:studies")).context["form"]["once"].value()
    assert other != token
    client.post(reverse("privacy:studies"), {"name": "Nog een", "once": other})
    assert Study.objects.count() == 2


def test_study_with_an_existing_name_is_refused_and_the_token_stays_usable(world, login):
    client = login(world.researcher)
    _study(world, "Bestaat")
    response = client.post(reverse("privacy:studies"), {"name": "bestaat", "once": "x" * 20})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    assert not SubmissionToken.objects.exists()
    assert client.post(reverse("privacy:studies"), {"name": "Andere", "once": "x" * 20}).status_code == 302


def test_study_page_query_count_is_fixed(consenting, login, django_assert_max_num_queries):
    study = _study(consenting)
    client = login(consenting.researcher)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("privacy:study", args=[study.pk])).status_code == 200


def test_monthly_attendance_and_contributions_when_practice_is_installed(consenting):
    import datetime as dt

    from practice.models import Activity, Attendance, Contribution, Session, Task

    w = consenting
    activity = Activity.objects.create(
        network=w.network_a, name="Soep", start_time=dt.time(12), active_from=dt.date(2026, 10, 1)
    )
    task = Task.objects.create(network=w.network_a, name="Koken")
    for day in (dt.date(2026, 10, 6), dt.date(2026, 10, 13), dt.date(2026, 11, 3)):
        session = Session.objects.create(activity=activity, network=w.network_a, date=day, status="held")
        attendance = Attendance.objects.create(session=session, participant=w.anne, status="present")
        Contribution.objects.create(attendance=attendance, task=task, text="Pompoensoep voor iedereen")
    ctx = research.context_for(_study(w))
    data = research.tables(ctx)
    anne = ctx.pseudonym(w.anne.pk)
    assert [anne, ctx.network(w.network_a.pk), "2026-10", 2, 0] in data["attendance_monthly"][2]
    assert [anne, ctx.network(w.network_a.pk), "2026-11", 1] in data["contributions_monthly"][2]
    assert "Pompoensoep" not in str(data) and "Koken" not in str(data)


def test_support_ties_between_consenting_participants_when_support_is_installed(consenting):
    import datetime as dt

    from people.services import participation_add
    from support.models import SupportObservation, SupportTie

    w = consenting
    participation_add(actor=w.worker_a, participant=w.bert, network=w.network_a, date=dt.date(2026, 10, 1))
    carla = w.network_a.participations.get(participant__name="Carla").participant  # no research consent
    observation = SupportObservation.objects.create(
        network=w.network_a,
        date=dt.date(2026, 11, 2),
        giver=w.anne,
        kind="practical",
        note="Bracht Bert soep",
    )
    SupportTie.objects.create(observation=observation, receiver=w.bert)
    SupportTie.objects.create(observation=observation, receiver=carla)
    from_carla = SupportObservation.objects.create(
        network=w.network_a, date=dt.date(2026, 11, 3), giver=carla, kind="emotional"
    )
    SupportTie.objects.create(observation=from_carla, receiver=w.anne)  # a giver without consent
    ctx = research.context_for(_study(w))
    ties = research.tables(ctx)["support_ties"][2]
    anne, bert = ctx.pseudonym(w.anne.pk), ctx.pseudonym(w.bert.pk)
    assert ties == [[anne, bert, "practical", "2026-11", 0, ctx.network(w.network_a.pk)]]
    graph = nx.read_graphml(io.BytesIO(research.to_graphml(ctx)))
    edges = sorted((s, t, d["kind"]) for s, t, d in graph.edges(data=True))
    assert edges == [(anne, bert, "invited"), (anne, bert, "practical")]  # nothing to or from Carla
    assert "soep" not in str(ties)


def test_questionnaire_scores_when_evaluation_is_installed(consenting):
    import datetime as dt

    from evaluation.models import Answer, EvaluationRound, Interview, Question, QuestionnaireTemplate

    w = consenting
    template = QuestionnaireTemplate.objects.create(organisation=w.org, name="Vragenlijst")
    scale = Question.objects.create(
        template=template, position=1, code="eenzaam", kind="scale", text="Hoe eenzaam?"
    )
    open_question = Question.objects.create(
        template=template, position=2, code="vertel", kind="open", text="Vertel"
    )
    evaluation_round = EvaluationRound.objects.create(
        organisation=w.org,
        network=w.network_a,
        name="Ronde 1",
        template=template,
        starts_on=dt.date(2026, 11, 1),
    )
    interview = Interview.objects.create(
        round=evaluation_round, participant=w.anne, evaluator=w.evaluator, held_on=dt.date(2026, 11, 10)
    )
    Answer.objects.create(interview=interview, question=scale, now=7, before=3)
    Answer.objects.create(interview=interview, question=open_question, text="Ik voel me gezien")
    ctx = research.context_for(_study(w))
    rows = research.tables(ctx)["questionnaire_scores"][2]
    assert rows == [
        [ctx.pseudonym(w.anne.pk), ctx.network(w.network_a.pk), "Vragenlijst", "eenzaam", "2026-11", 7, 3]
    ]
    assert "gezien" not in str(research.tables(ctx))


def test_libreoffice_opens_every_table_of_the_export_in_both_formats(consenting):
    """The export as a researcher opens it in LibreOffice Calc (core.readers): the .xlsx has a sheet per
    table and each table's CSV one sheet, each with its headers and every row; pseudonyms and age bands
    read back as the text they are (no number, no date)."""
    from core.readers import libreoffice_sheets

    w = consenting
    ctx = research.context_for(_study(w))
    expected = research.tables(ctx)
    assert len(expected["participants"][2]) == 2 and expected["route_events"][2]
    (book,) = libreoffice_sheets({"export.xlsx": research.to_xlsx_bytes(ctx)}).values()
    csvs = libreoffice_sheets({f"{key}.csv": research.csv_bytes_for(ctx, key) for key in expected})
    assert set(book) == set(expected)
    for key, (_title, headers, rows) in expected.items():
        assert list(csvs[f"{key}.csv"]) == [key]
        for read in (book[key], csvs[f"{key}.csv"][key]):
            assert read[0] == headers, key
            assert len(read) - 1 == len(rows), key
    for read in (book["participants"], csvs["participants.csv"]["participants"]):
        by_pseudonym = {row[0]: row for row in read[1:]}
        assert set(by_pseudonym) == {ctx.pseudonym(w.anne.pk), ctx.pseudonym(w.bert.pk)}
        assert by_pseudonym[ctx.pseudonym(w.anne.pk)][1] == "65-74"
        assert by_pseudonym[ctx.pseudonym(w.bert.pk)][3] == ctx.pseudonym(w.anne.pk)
