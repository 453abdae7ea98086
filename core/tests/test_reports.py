"""The shared .docx report builder (core/reports.py): what every report handed over relies on."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT

from core.readers import docx_problems, docx_text, is_a4, libreoffice_pdf, pdf_pages
from core.reports import Report, column_widths, longest_word_twips, period_text


def _report(**kwargs) -> Report:
    return Report(
        title="Procesevaluatie\x0b",
        organisation="Welzijn Oost",
        period="1 januari 2026 – 31 december 2026",
        author="Evi de Vries",
        **kwargs,
    )


def test_a_report_is_dutch_a4_with_header_page_numbers_and_properties():
    report = _report()
    report.paragraph("Tekst met\x0c een geplakt teken")
    data = report.bytes()
    assert docx_problems(data) == []
    document = Document(io.BytesIO(data))
    properties = document.core_properties
    assert properties.title == "Procesevaluatie" and properties.author == "Evi de Vries"
    assert properties.language == "nl-NL" and properties.created.year == 2026
    header = document.sections[0].header.paragraphs[0].text
    assert "Welzijn Oost" in header and "1 januari 2026 – 31 december 2026" in header
    footer = document.sections[0].footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "Tekst met een geplakt teken" in docx_text(data)


def test_a_table_never_gets_a_column_narrower_than_its_longest_word():
    widths = column_widths(["Vangnetwerk", "n"], [["Creaclub Het Anker", "12"]], 9000, 9)
    assert widths[0] >= longest_word_twips("Vangnetwerk", 9, bold=True) and sum(widths) <= 9000
    assert column_widths(["Uitvoeringsgetrouwheidsmeting"] * 20, [], 9000, 9) is None


def test_a_wide_table_gets_a_landscape_section_and_a_very_wide_one_comes_in_parts():
    report = _report()
    report.paragraph("Voor de tabel")
    report.table(
        ["Netwerk"] + [f"Kolomkop {i} randvoorwaarden" for i in range(9)],
        [["Creaclub Het Anker"] + ["1"] * 9],
    )
    report.paragraph("Na de tabel")
    report.table(
        ["Netwerk"] + [f"Uitvoeringsgetrouwheid {i}" for i in range(30)], [["Creaclub"] + ["1"] * 30]
    )
    data = report.bytes()
    assert docx_problems(data) == []
    document = Document(io.BytesIO(data))
    orientations = [section.orientation for section in document.sections]
    assert orientations[:3] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    assert len(document.tables) > 2  # the 31 columns in parts, each starting with the network
    assert all(table.rows[0].cells[0].text == "Netwerk" for table in document.tables)
    pages = pdf_pages(libreoffice_pdf(data, ".docx"))
    assert all(is_a4(page) for page in pages) and (297.0, 210.0) in pages and (210.0, 297.0) in pages


def test_the_check_finds_a_word_broken_in_a_narrow_column():
    from docx.shared import Twips

    document = Document()
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].width = Twips(400)
    table.rows[0].cells[0].paragraphs[0].add_run("Creaclub")
    out = io.BytesIO()
    document.save(out)
    problems = docx_problems(out.getvalue())
    assert any("narrower than its word 'Creaclub'" in p for p in problems)
    assert "the document's language is not nl-NL" in problems
    assert any("not A4" in p for p in problems)


def test_period_text_is_dutch():
    import datetime as dt

    assert period_text(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == "1 januari 2026 – 31 december 2026"
    assert period_text(dt.date(2026, 3, 5), dt.date(2026, 3, 5)) == "5 maart 2026"
