"""Documents and files made from the evaluation: the codebook (.xlsx, REFI-QDA .qdc), the REFI-QDA
project (.qdpx), the thematic report (.docx) and the large-type report for the member check (.docx).

Nothing here holds names: conversations carry pseudonyms (D1, D2, ...) made per document, and every
name the organisation knows is replaced inside quotes and sources too (`selectors.Pseudonymiser`).
All text goes through core.files / core.reports, which strip what XML cannot carry.
"""

from __future__ import annotations

import dataclasses
import io
import uuid
import zipfile
from xml.etree import ElementTree as ET  # nosec B405 - only writes XML

from django.utils import timezone
from django.utils.translation import gettext as _

from core import charts as core_charts
from core.charts import fmt
from core.files import clean_text, xlsx_bytes
from core.reports import Report, dutch_date
from evaluation.models import Highlight, Theme

QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
QDE_NAMESPACE = "urn:QDA-XML:project:1.0"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
QDPX_CONTENT_TYPE = "application/zip"


def _same(text: str) -> str:
    return text


def codebook_xlsx(
    flat: list[tuple[Theme, int]], highlights: list[Highlight], names: dict[int, str], replace=_same
) -> bytes:
    """Two sheets: the codebook, and the marked passages with their pseudonym and themes."""
    themes = []
    for theme, depth in flat:
        main = theme.parent.name if depth and theme.parent else theme.name
        themes.append([main, theme.name if depth else "", theme.description])
    marks = []
    for highlight in highlights:
        source = highlight.answer.question.text if highlight.answer_id else _("Report")
        marks.append(
            [
                names[highlight.interview_id],
                highlight.interview.round.network.name,
                source,
                replace(clean_text(highlight.passage)),
                ", ".join(t.name for t in highlight.themes.all()),
            ]
        )

    def fill(book):
        book.sheet(_("Codebook"), [_("Main theme"), _("Theme"), _("Description")], themes)
        book.sheet(
            _("Highlights"), [_("Pseudonym"), _("Network"), _("Source"), _("Passage"), _("Themes")], marks
        )

    return xlsx_bytes(fill)


def _code(parent, tag, theme: Theme) -> ET.Element:
    element = ET.SubElement(
        parent, tag("Code"), {"guid": str(theme.guid), "name": clean_text(theme.name), "isCodable": "true"}
    )
    if theme.description:
        ET.SubElement(element, tag("Description")).text = clean_text(theme.description)
    return element


def _codes(parent, tag, main_themes: list[Theme]) -> None:
    codes = ET.SubElement(parent, tag("Codes"))
    for theme in main_themes:
        element = _code(codes, tag, theme)
        for child in theme.children.all():
            _code(element, tag, child)


def _tagger(namespace: str):
    ET.register_namespace("", namespace)
    return lambda name: f"{{{namespace}}}{name}"


def codebook_qdc(main_themes: list[Theme], origin: str = "Vangnet") -> bytes | None:
    """REFI-QDA Codebook Exchange (.qdc): CodeBook > Codes > Code (nested one level). None for an empty
    codebook: the schema needs at least one code, so there is no file to make."""
    if not main_themes:
        return None
    tag = _tagger(QDC_NAMESPACE)
    root = ET.Element(tag("CodeBook"), {"origin": origin})
    _codes(root, tag, main_themes)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _stamp(moment) -> str:
    return moment.replace(microsecond=0).isoformat()


def qdpx(
    *, name: str, main_themes: list[Theme], sources, highlights: list[Highlight], replace
) -> tuple[bytes, int]:
    """A REFI-QDA project (.qdpx: a zip with project.qde and the sources as plain text in Sources/).

    Each agreed conversation is one text source named by its pseudonym; the marked passages are
    selections in it with a coding per theme; a case per support network groups the sources.
    Returns the file and the number of passages that could not be found back in their source
    (a passage whose words were changed after marking)."""
    tag = _tagger(QDE_NAMESPACE)
    now = _stamp(timezone.now())
    root = ET.Element(
        tag("Project"), {"name": clean_text(name), "origin": "Vangnet", "creationDateTime": now}
    )
    if main_themes:
        _codes(ET.SubElement(root, tag("CodeBook")), tag, main_themes)
    guids = {source.interview.pk: str(uuid.uuid4()) for source in sources}
    networks: dict[str, list[str]] = {}
    for source in sources:
        networks.setdefault(source.network, []).append(guids[source.interview.pk])
    if networks:
        cases = ET.SubElement(root, tag("Cases"))
        for network, members in networks.items():
            case = ET.SubElement(cases, tag("Case"), {"guid": str(uuid.uuid4()), "name": clean_text(network)})
            for member in members:
                ET.SubElement(case, tag("SourceRef"), {"targetGUID": member})
    by_interview: dict[int, list[Highlight]] = {}
    for highlight in highlights:
        by_interview.setdefault(highlight.interview_id, []).append(highlight)
    lost = 0
    files = {}
    if sources:
        sources_element = ET.SubElement(root, tag("Sources"))
    for source in sources:
        guid = guids[source.interview.pk]
        files[f"Sources/{guid}.txt"] = source.text.encode("utf-8")
        element = ET.SubElement(
            sources_element,
            tag("TextSource"),
            {
                "guid": guid,
                "name": f"{source.code} ({clean_text(source.network)})",
                "plainTextPath": f"internal://{guid}.txt",
                "creationDateTime": now,
            },
        )
        ET.SubElement(element, tag("Description")).text = _("Agreed conversation report, %(date)s") % {
            "date": dutch_date(source.interview.held_on)
        }
        for highlight in by_interview.get(source.interview.pk, []):
            passage = replace(clean_text(highlight.passage)).strip()
            key = ("answer", highlight.answer_id) if highlight.answer_id else ("report", None)
            lo, hi = source.parts.get(key, (0, len(source.text)))
            start = source.text.find(passage, lo, hi) if passage else -1
            if start < 0:
                start = source.text.find(passage) if passage else -1
            themes = list(highlight.themes.all())
            if start < 0 or not themes:
                lost += start < 0
                continue
            selection = ET.SubElement(
                element,
                tag("PlainTextSelection"),
                {
                    "guid": str(uuid.uuid4()),
                    "name": passage[:60],
                    "startPosition": str(start),
                    "endPosition": str(start + len(passage)),
                    "creationDateTime": _stamp(highlight.created_at),
                },
            )
            for theme in themes:
                coding = ET.SubElement(selection, tag("Coding"), {"guid": str(uuid.uuid4())})
                ET.SubElement(coding, tag("CodeRef"), {"targetGUID": str(theme.guid)})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", ET.tostring(root, encoding="utf-8", xml_declaration=True))
        for path, content in files.items():
            archive.writestr(path, content)
    return out.getvalue(), lost


def thematic_docx(
    *,
    title: str,
    organisation: str,
    author: str,
    period: str,
    networks: list[str],
    rows,
    n_reports: int,
    analysis=None,
    charts: list[core_charts.Chart] = (),
    replace=_same,
) -> bytes:
    """Method, the themes with their counts per network, quotes per theme (every name pseudonymised),
    and the paired analysis of the questionnaire with the full question texts and its numbers."""
    report = Report(
        title=title,
        organisation=organisation,
        period=period,
        author=author,
        subject=_("Thematic analysis of the evaluation conversations"),
    )
    report.heading(_("Method"), 1)
    report.paragraph(
        _(
            "In the evaluation conversations the social worker or evaluator writes a report, reads it back "
            "with the participant and changes it until the participant agrees (member check). Only reports "
            "the participant agreed with, of participants who consented to the use in the evaluation, are "
            "analysed. Passages of these reports and of the open answers were marked with themes from the "
            "organisation's codebook; a theme counts once per conversation."
        )
    )
    report.paragraph(
        _(
            "This report is based on %(n)s conversation reports, made on %(date)s. Participants are shown "
            "under a pseudonym per document (D1, D2, ...); names of other people in a quote are replaced "
            "too (D for participants, M for staff)."
        )
        % {"n": n_reports, "date": dutch_date(timezone.localdate())}
    )
    report.heading(_("Themes per support network"), 1)
    if rows:
        report.table(
            [_("Theme"), *networks, _("Total")],
            [[("– " if row.depth else "") + row.theme.name, *row.counts, row.total] for row in rows],
        )
        report.paragraph(
            _("The numbers are the number of participants in whose conversation the theme came up."),
            italic=True,
        )
    else:
        report.paragraph(_("The codebook has no themes yet."))
    report.heading(_("Themes with quotes"), 1)
    quoted = [row for row in rows if row.total]
    for row in quoted:
        report.heading(row.theme.name, 3 if row.depth else 2)
        if row.theme.description:
            report.paragraph(row.theme.description, italic=True)
        report.paragraph(_("Came up in %(n)s conversations.") % {"n": row.total})
        for pseudonym, network, passage in row.quotes:
            report.quote(replace(clean_text(passage)), f"{pseudonym}, {network}")
    if not quoted:
        report.paragraph(_("No passages have been marked yet."))
    if analysis is not None and analysis.items:
        _paired_analysis(report, analysis, charts)
    report.heading(_("Caveats"), 1)
    report.bullets(
        [
            _("The counts say in how many conversations a theme came up, not how important it is to people."),
            _(
                "Participants who did not agree with their report or did not consent are not included; the "
                "numbers per network are small, so differences between networks are no evidence on their own."
            ),
            _(
                "The questionnaire asks now and, in the same conversation, how it was a year ago; memory colours "
                "the second answer."
            ),
        ]
    )
    return report.bytes()


def _paired_analysis(report: Report, analysis, charts) -> None:
    report.heading(_("Scores a year ago and now"), 1)
    report.paragraph(
        _(
            "The paired analysis of the questionnaire, as on the analysis page: only conversations whose "
            "report the participant agreed with and who consented to the use in the evaluation."
        )
    )
    report.table(
        [_("Number"), _("Question"), _("Mean a year ago"), _("Mean now"), _("Pairs")],
        [
            [str(n), item.label, fmt(item.result.mean_before), fmt(item.result.mean_now), item.result.n]
            for n, item in enumerate(analysis.items, start=1)
        ],
    )
    for chart in charts:
        if isinstance(chart, core_charts.PairedDotChart) and chart.chart_id == "items":
            # the page shortens the questions to fit; a document has room for all of their words
            full = [f"{n}. {item.label}" for n, item in enumerate(analysis.items, start=1)]
            if len(full) == len(chart.items):
                chart = dataclasses.replace(
                    chart,
                    items=[
                        dataclasses.replace(point, label=label)
                        for point, label in zip(chart.items, full, strict=True)
                    ],
                )
        report.chart(chart)


def member_check_docx(*, organisation: str, author: str, interview, text: str, questions: list) -> bytes:
    """The conversation report in large type, to read back with the participant (member check):
    the report text, the open answers and room to write down what should change."""
    report = Report(
        title=_("Report of our conversation"),
        organisation=organisation,
        period=dutch_date(interview.held_on),
        author=author,
        subject=_("Member check of the evaluation conversation"),
        body_pt=16,
    )
    report.paragraph(
        _(
            "This is what I wrote down after our conversation of %(date)s. We read it together. "
            "Is it right? Is something missing, or would you like something changed? Then we change it together."
        )
        % {"date": dutch_date(interview.held_on)}
    )
    report.heading(_("The report"), 1)
    for paragraph in (text or "").split("\n"):
        if paragraph.strip():
            report.paragraph(paragraph)
    if not (text or "").strip():
        report.paragraph(_("The report has not been written yet."))
    for question, answer in questions:
        report.heading(question, 2)
        report.paragraph(answer)
    report.heading(_("What should change"), 1)
    for _line in range(6):
        report.paragraph("_" * 40)
    return report.bytes()
