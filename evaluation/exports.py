"""Documents and files made from the evaluation: codebook (.xlsx, .qdc) and the thematic report (.docx).

Nothing here holds names: quotes carry pseudonyms (D1, D2, ...) made per document.
"""

from __future__ import annotations

import io
from xml.etree import ElementTree as ET  # nosec B405

from django.utils import timezone
from django.utils.translation import gettext as _

from core import charts as core_charts
from evaluation.models import Highlight, Theme

QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet would read as a formula is prefixed with ' so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def codebook_xlsx(flat: list[tuple[Theme, int]], highlights: list[Highlight], names: dict[int, str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Codebook")[:31]
    sheet.append([_("Main theme"), _("Theme"), _("Description"), "guid"])
    for theme, depth in flat:
        main = theme.parent.name if depth and theme.parent else theme.name
        sheet.append([safe_cell(main), safe_cell(theme.name if depth else ""), safe_cell(theme.description),
                      str(theme.guid)])  # fmt: skip
    marks = book.create_sheet(_("Highlights")[:31])
    marks.append([_("Pseudonym"), _("Network"), _("Source"), _("Passage"), _("Themes")])
    for highlight in highlights:
        source = highlight.answer.question.text if highlight.answer_id else _("Report")
        marks.append([
            names[highlight.interview_id], safe_cell(highlight.interview.round.network.name), safe_cell(source),
            safe_cell(highlight.passage), safe_cell(", ".join(t.name for t in highlight.themes.all())),
        ])  # fmt: skip
    for ws in (sheet, marks):
        for cell in ws[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def codebook_qdc(main_themes: list[Theme], origin: str = "Vangnet") -> bytes:
    """REFI-QDA Codebook Exchange (.qdc): CodeBook > Codes > Code (nested one level)."""
    ET.register_namespace("", QDC_NAMESPACE)

    def tag(name: str) -> str:
        return f"{{{QDC_NAMESPACE}}}{name}"

    root = ET.Element(tag("CodeBook"), {"origin": origin})
    codes = ET.SubElement(root, tag("Codes"))

    def add(parent, theme: Theme):
        element = ET.SubElement(
            parent, tag("Code"), {"guid": str(theme.guid), "name": theme.name, "isCodable": "true"}
        )
        if theme.description:
            ET.SubElement(element, tag("Description")).text = theme.description
        return element

    for theme in main_themes:
        element = add(codes, theme)
        for child in theme.children.all():
            add(element, child)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def thematic_docx(
    *, title: str, networks: list[str], rows, n_reports: int, charts: list[core_charts.Chart] = ()
) -> bytes:
    """The theme table, quotes per theme and, when given, the paired-analysis charts as images
    (PNG from the same descriptions the analysis page draws as SVG; see evaluation.charts)."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=0)
    document.add_paragraph(
        _("Made on %(date)s from %(n)s conversation reports the participants agreed with. "
          "Quotes are shown under a pseudonym (D1, D2, ...).") % {"date": timezone.localdate().strftime("%d-%m-%Y"),
                                                                  "n": n_reports}
    )  # fmt: skip
    document.add_heading(_("Themes per support network"), level=1)
    table = document.add_table(rows=1, cols=len(networks) + 2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text = _("Theme")
    for index, network in enumerate(networks, start=1):
        header[index].text = network
    header[-1].text = _("Total")
    for row in rows:
        cells = table.add_row().cells
        cells[0].text = ("   " if row.depth else "") + row.theme.name
        for index, count in enumerate(row.counts, start=1):
            cells[index].text = str(count)
        cells[-1].text = str(row.total)
    document.add_paragraph(
        _("The numbers are the number of participants in whose conversation the theme came up.")
    )
    for row in rows:
        if not row.total:
            continue
        document.add_heading(row.theme.name, level=2 if row.depth else 1)
        if row.theme.description:
            document.add_paragraph().add_run(row.theme.description).italic = True
        for pseudonym, network, passage in row.quotes:
            paragraph = document.add_paragraph(style="Quote")
            paragraph.add_run(f"“{passage}”")
            paragraph.add_run(f" ({pseudonym}, {network})").italic = True
    if charts:
        _add_charts(document, charts)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_charts(document, charts: list[core_charts.Chart]) -> None:
    from docx.shared import Inches

    document.add_heading(_("Scores a year ago and now"), level=1)
    document.add_paragraph(
        _("The paired analysis of the questionnaire, as on the analysis page: only conversations "
          "whose report the participant agreed with and who consented to the use in the evaluation.")
    )  # fmt: skip
    for chart in charts:
        document.add_heading(chart.title, level=2)
        picture = document.add_picture(io.BytesIO(core_charts.render_png(chart)), width=Inches(6))
        picture._inline.docPr.set("descr", chart.description)  # alternative text for screen readers
        document.add_paragraph().add_run(chart.description).italic = True
