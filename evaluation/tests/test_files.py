"""The evaluation's files opened as their real readers open them: the REFI-QDA schemas, LibreOffice,
openpyxl; with a control character pasted into every text that ends up in them."""

import io
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse

from core.readers import (
    PROJECT_SCHEMA,
    QDC_SCHEMA,
    docx_problems,
    docx_text,
    is_a4,
    libreoffice_pdf,
    pdf_pages,
    validate_xml,
)
from evaluation.exports import QDE_NAMESPACE
from evaluation.models import Highlight, Report, Theme
from people.services import participant_register

NS = {"q": QDE_NAMESPACE}
# Stored directly, as old data or a restore would hold it; without NUL, which PostgreSQL cannot store
# (the forms strip it with the rest, core/tests/test_text_guard.py).
EVERY_C0 = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r")


@pytest.fixture
def pasted(world, ev):
    """Text stored before the edge cleaned it (old data, a restore): every C0 character in a theme name,
    its description, the report and a passage; and the name of another participant inside the quote."""
    participant_register(
        actor=world.worker_a, network=world.network_a, name="Marianne", date=ev.round.starts_on
    )
    Theme.objects.filter(pk=ev.theme.pk).update(name="Ergens bij\x0b horen", description="Thuis" + EVERY_C0)
    text = "Anne kookt elke week mee. Ze voelt zich welkom in de groep.\x0b Gisteren kwam Marianne langs."
    Report.objects.filter(interview=ev.interview).update(text=text)
    highlight = Highlight.objects.create(
        organisation=world.org, interview=ev.interview, passage="Gisteren kwam Marianne langs."
    )
    highlight.themes.set([ev.theme])
    return highlight


def test_qdc_is_valid_against_the_refi_qda_codebook_schema_with_pasted_control_characters(
    world, ev, login, pasted
):
    response = login(world.evaluator).get(reverse("evaluation:codebook_qdc"))
    assert response.status_code == 200
    assert validate_xml(response.content, QDC_SCHEMA) == []
    assert "Ergens bij horen" in response.content.decode()


def test_an_empty_codebook_has_no_qdc_link_and_no_invalid_file(world, ev, login):
    Highlight.objects.all().delete()
    Theme.objects.filter(organisation=world.org).delete()
    client = login(world.evaluator)
    page = client.get(reverse("evaluation:codebook")).content.decode()
    assert reverse("evaluation:codebook_qdc") not in page
    response = client.get(reverse("evaluation:codebook_qdc"))
    assert response.status_code == 302 and response.url == reverse("evaluation:codebook")


def test_the_schema_check_can_fail():
    assert validate_xml(b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', QDC_SCHEMA)
    assert validate_xml(b"<a>\x0b</a>", QDC_SCHEMA)[0].startswith("not XML")


def test_qdpx_is_a_refi_qda_project_with_the_agreed_reports_codebook_and_codings(world, ev, login, pasted):
    client = login(world.coordinator)
    assert reverse("evaluation:project_qdpx") in client.get(reverse("evaluation:codebook")).content.decode()
    response = client.get(reverse("evaluation:project_qdpx"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    project = archive.read("project.qde")
    assert validate_xml(project, PROJECT_SCHEMA) == []
    root = ET.fromstring(project)  # noqa: S314 - our own output
    codes = {c.get("guid"): c.get("name") for c in root.iterfind(".//q:CodeBook//q:Code", NS)}
    assert codes[str(ev.theme.guid)] == "Ergens bij horen"
    (source,) = root.iterfind("q:Sources/q:TextSource", NS)
    assert source.get("name") == "D1 (Soepgroep)"
    text = archive.read(f"Sources/{source.get('plainTextPath').removeprefix('internal://')}").decode()
    assert "Anne" not in text and "Marianne" not in text and "\x0b" not in text
    assert "D1 kookt elke week mee." in text and "Gisteren kwam D2 langs." in text
    assert "Ik kook graag soep." in text  # the open answers follow the report
    selected = {
        text[int(s.get("startPosition")) : int(s.get("endPosition"))]: [
            c.find("q:CodeRef", NS).get("targetGUID") for c in s.iterfind("q:Coding", NS)
        ]
        for s in source.iterfind("q:PlainTextSelection", NS)
    }
    assert selected["Gisteren kwam D2 langs."] == [str(ev.theme.guid)]
    assert len(selected) == 2
    (case,) = root.iterfind("q:Cases/q:Case", NS)
    assert case.get("name") == "Soepgroep" and case.find("q:SourceRef", NS).get("targetGUID") == source.get(
        "guid"
    )


def test_qdpx_of_an_organisation_without_themes_or_reports_is_still_valid(world, login):
    response = login(world.coordinator).get(reverse("evaluation:project_qdpx"))
    project = zipfile.ZipFile(io.BytesIO(response.content)).read("project.qde")
    assert validate_xml(project, PROJECT_SCHEMA) == []


def _rendered(data: bytes, suffix: str) -> list[tuple[float, float]]:
    pages = pdf_pages(libreoffice_pdf(data, suffix))
    assert pages and all(is_a4(page) for page in pages), pages
    return pages


def test_thematic_report_is_a_dutch_a4_document_libreoffice_renders(world, ev, login, pasted):
    response = login(world.coordinator).get(reverse("evaluation:thematic_report"))
    assert response.status_code == 200
    assert docx_problems(response.content) == []
    text = docx_text(response.content)
    assert "Marianne" not in text and "Anne" not in text.replace("Anne kookt", "")
    assert "Gisteren kwam D2 langs." in text
    assert world.org.name in text  # the header
    assert "Methode" in text
    assert "Ik heb regelmatig contact met andere mensen." in text  # the full question, not a cut label
    _rendered(response.content, ".docx")


def test_the_member_check_print_is_large_type_and_renders(world, ev, login, pasted):
    from docx import Document

    response = login(world.evaluator).get(reverse("evaluation:report_print", args=[ev.interview.pk]))
    assert response.status_code == 200
    assert docx_problems(response.content) == []
    document = Document(io.BytesIO(response.content))
    assert document.styles["Normal"].font.size.pt == 16
    assert "Gisteren kwam Marianne langs." in docx_text(
        response.content
    )  # for the participant: their own words
    _rendered(response.content, ".docx")


def test_the_member_check_print_is_not_for_a_researcher(world, ev, login):
    response = login(world.researcher).get(reverse("evaluation:report_print", args=[ev.interview.pk]))
    assert response.status_code in (403, 404)


def test_codebook_xlsx_opens_in_libreoffice_with_pasted_control_characters(world, ev, login, pasted):
    response = login(world.coordinator).get(reverse("evaluation:codebook_xlsx"))
    assert response.status_code == 200
    assert b"Marianne" not in response.content
    _rendered(response.content, ".xlsx")


def test_a_theme_pasted_from_word_arrives_clean_through_the_form_and_every_export_opens(world, ev, login):
    client = login(world.evaluator)
    response = client.post(
        reverse("evaluation:codebook"), {"name": "Eenzaam\x0bheid", "description": "Uit" + EVERY_C0}
    )
    assert response.status_code == 302
    theme = Theme.objects.get(organisation=world.org, name="Eenzaamheid")
    assert theme.description == "Uit"
    assert validate_xml(client.get(reverse("evaluation:codebook_qdc")).content, QDC_SCHEMA) == []
    coordinator = login(world.coordinator)
    project = zipfile.ZipFile(io.BytesIO(coordinator.get(reverse("evaluation:project_qdpx")).content))
    assert validate_xml(project.read("project.qde"), PROJECT_SCHEMA) == []
    assert docx_problems(coordinator.get(reverse("evaluation:thematic_report")).content) == []
    assert coordinator.get(reverse("evaluation:codebook_xlsx")).status_code == 200
