"""The one builder of the .docx reports an organisation hands over (to its municipality, a funder,
a participant).

Every report made with `Report` is Dutch (nl-NL, so Word's and LibreOffice's spell checkers check Dutch),
A4 with 2 cm margins, carries the organisation's name and the period in the header and "Pagina x van y"
in the footer, and has its title, author, subject and dates in the document properties (never
"python-docx"). Text goes through `core.files.clean_text`, so a pasted control character cannot break
the file.

Tables are laid out here rather than left to the word processor: every column is at least as wide as
its longest word (measured in the font the document uses, see `text_width_pt`), so no word is ever
broken letter by letter. A table too wide for a portrait page gets a landscape section of its own; one
too wide for landscape is split into parts that repeat the first column. Charts are the PNG rendering
of a `core.charts` description, with their alternative text, and are always followed by the numbers
as a table.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext as _

from core import charts as core_charts
from core.files import clean_text

LANGUAGE = "nl-NL"
FONT = "Arial"  # metric-compatible with Liberation Sans, which LibreOffice uses in its place
BODY_PT = 11
TABLE_PT = 9
LARGE_PT = 16  # the large-type print for reading back with a participant
PAGE_MM = (210, 297)  # A4
MARGIN_MM = 20
CELL_MARGIN_TWIPS = 108  # Word's default left and right cell margin (0.19 cm)
TWIPS_PER_PT = 20
TWIPS_PER_MM = 56.7
SLACK = 1.08  # room for rounding and for a renderer whose font is a little wider


@lru_cache(maxsize=4)
def _font(bold: bool):
    """The font used to measure text: Liberation Sans where it is installed (it has Arial's metrics, so
    it measures what Word and LibreOffice show), otherwise DejaVu Sans (shipped with matplotlib), which
    is wider, so a column wide enough for it is wide enough everywhere."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    weight = "bold" if bold else "normal"
    for family in ("Liberation Sans", "DejaVu Sans"):
        prop = font_manager.FontProperties(family=family, weight=weight)
        try:
            return FT2Font(font_manager.findfont(prop, fallback_to_default=False))
        except ValueError:
            continue
    return FT2Font(font_manager.findfont(font_manager.FontProperties(weight=weight)))


_ADVANCES: dict[bool, dict[str, float]] = {False: {}, True: {}}
_UNIT_PT = 100.0  # advances are read once per character at 100 pt and scaled


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of `text` in points at `size_pt`: the sum of the characters' advance widths (without
    hinting, so it scales exactly; each character's advance is read from the font once)."""
    if not text:
        return 0.0
    advances = _ADVANCES[bold]
    missing = [ch for ch in set(text) if ch not in advances]
    if missing:
        from matplotlib.ft2font import LoadFlags

        font = _font(bold)
        font.set_size(_UNIT_PT, 72)
        for ch in missing:
            glyph = font.load_char(ord(ch), flags=LoadFlags.NO_HINTING)
            advances[ch] = glyph.linearHoriAdvance / 65536.0
    return sum(advances[ch] for ch in text) * size_pt / _UNIT_PT


def longest_word_twips(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width a table cell needs so that its longest word fits, margins included."""
    words = str(text).split()
    if not words:
        return 2 * CELL_MARGIN_TWIPS
    widest = max(text_width_pt(word, size_pt, bold=bold) for word in words)
    return widest * TWIPS_PER_PT * SLACK + 2 * CELL_MARGIN_TWIPS


def _text_twips(text: str, size_pt: float, *, bold: bool = False) -> float:
    longest_line = max(str(text).splitlines() or [""], key=len)
    return text_width_pt(longest_line, size_pt, bold=bold) * TWIPS_PER_PT * SLACK + 2 * CELL_MARGIN_TWIPS


def column_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], available: float, size_pt: float
) -> list[float] | None:
    """Column widths in twips filling `available`, each at least its longest word; None if the
    longest words alone do not fit."""
    minimum = [longest_word_twips(h, size_pt, bold=True) for h in headers]
    preferred = [_text_twips(h, size_pt, bold=True) for h in headers]
    for row in rows:
        for i, value in enumerate(row):
            minimum[i] = max(minimum[i], longest_word_twips(value, size_pt))
            preferred[i] = max(preferred[i], _text_twips(value, size_pt))
    if sum(minimum) > available:
        return None
    widths = list(minimum)
    spare = available - sum(widths)
    wants = [max(0.0, p - m) for p, m in zip(preferred, minimum, strict=True)]
    if sum(wants) > 0:
        share = min(1.0, spare / sum(wants))
        widths = [w + want * share for w, want in zip(widths, wants, strict=True)]
        spare = available - sum(widths)
    if spare > 0:  # everything fits on one line: the rest goes to the column with the most text
        widest = max(range(len(widths)), key=lambda i: preferred[i])
        widths[widest] += spare
    return [int(w) for w in widths]


def dutch_date(day: dt.date) -> str:
    """`5 december 2026` (Dutch month names whatever the active language)."""
    months = (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    )
    return f"{day.day} {months[day.month - 1]} {day.year}"


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    if start and end and start != end:
        return f"{dutch_date(start)} – {dutch_date(end)}"
    return dutch_date(start or end) if (start or end) else ""


class Report:
    """A Dutch A4 report. Add headings, paragraphs, tables and charts in reading order; `bytes()` gives
    the .docx."""

    def __init__(
        self,
        *,
        title: str,
        organisation: str,
        period: str = "",
        author: str = "",
        subject: str = "",
        body_pt: int = BODY_PT,
    ):
        from docx import Document

        self.title = clean_text(title)
        self.body_pt = body_pt
        self.table_pt = max(TABLE_PT, body_pt - 2) if body_pt > BODY_PT else TABLE_PT
        self.document = Document()
        self._landscape = False
        self._set_language_and_fonts()
        self._set_properties(
            title=self.title, author=clean_text(author or organisation), subject=clean_text(subject)
        )
        section = self.document.sections[0]
        self._page(section, landscape=False)
        self._header_footer(section, organisation=clean_text(organisation), period=clean_text(period))
        self.document.add_heading(self.title, level=0)

    # ----- document-wide settings --------------------------------------------------------------

    def _set_language_and_fonts(self) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Pt

        styles = self.document.styles
        defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = defaults.find(qn("w:lang"))
        for attribute in ("w:val", "w:eastAsia"):
            lang.set(qn(attribute), LANGUAGE)
        fonts = defaults.find(qn("w:rFonts"))
        for attribute in list(fonts.attrib):
            del fonts.attrib[attribute]
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
        settings = self.document.settings.element
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:val"), LANGUAGE)
        for style in styles:
            element = getattr(style.element, "rPr", None)
            if element is not None and element.find(qn("w:rFonts")) is not None:
                style_fonts = element.find(qn("w:rFonts"))
                for attribute in list(style_fonts.attrib):
                    del style_fonts.attrib[attribute]
                for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                    style_fonts.set(qn(attribute), FONT)
        styles["Normal"].font.size = Pt(self.body_pt)
        if self.body_pt > BODY_PT:
            for level, size in ((1, self.body_pt + 6), (2, self.body_pt + 3), (3, self.body_pt + 1)):
                styles[f"Heading {level}"].font.size = Pt(size)
            styles["Title"].font.size = Pt(self.body_pt + 12)

    def _set_properties(self, *, title: str, author: str, subject: str) -> None:
        now = timezone.now().replace(microsecond=0)
        properties = self.document.core_properties
        properties.title = title
        properties.author = author
        properties.last_modified_by = author
        properties.subject = subject
        properties.comments = ""
        properties.keywords = ""
        properties.category = ""
        properties.language = LANGUAGE
        properties.created = now
        properties.modified = now
        properties.revision = 1

    def _page(self, section, *, landscape: bool) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm

        short, long = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (long, short) if landscape else (short, long)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(MARGIN_MM))
        section.header_distance = section.footer_distance = Mm(10)

    def _header_footer(self, section, *, organisation: str, period: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        header = section.header.paragraphs[0]
        run = header.add_run(organisation)
        run.bold = True
        run.font.size = Pt(9)
        if period:
            header.add_run(f"  ·  {period}").font.size = Pt(9)
        header.add_run(f"  ·  {self.title}").font.size = Pt(9)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for part in (_("Page") + " ", "PAGE", " " + _("of") + " ", "NUMPAGES"):
            if part in ("PAGE", "NUMPAGES"):
                _field(footer, part)
            else:
                footer.add_run(part).font.size = Pt(9)

    def _orient(self, landscape: bool) -> None:
        """Start a new section when the orientation changes (the header and footer carry over)."""
        if landscape == self._landscape:
            return
        from docx.enum.section import WD_SECTION

        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        self._page(section, landscape=landscape)
        self._landscape = landscape

    def _available(self, landscape: bool) -> float:
        width = PAGE_MM[1] if landscape else PAGE_MM[0]
        return (width - 2 * MARGIN_MM) * TWIPS_PER_MM

    # ----- content -----------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1) -> None:
        self._orient(False)
        self.document.add_heading(clean_text(str(text)), level=level)

    def paragraph(
        self, text: str = "", *, italic: bool = False, bold: bool = False, style: str | None = None
    ):
        self._orient(False)
        paragraph = self.document.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(clean_text(str(text)))
            run.italic = italic
            run.bold = bold
        return paragraph

    def labelled(self, label: str, text: str) -> None:
        """A paragraph that starts with a bold label: "Label: text"."""
        paragraph = self.paragraph()
        paragraph.add_run(clean_text(str(label)) + ": ").bold = True
        paragraph.add_run(clean_text(str(text)))

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self.paragraph(item, style="List Bullet")

    def quote(self, text: str, source: str) -> None:
        paragraph = self.paragraph(style="Quote")
        paragraph.add_run(f"“{clean_text(str(text))}”")
        paragraph.add_run(f" ({clean_text(str(source))})").italic = True

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[object]], *, caption: str = "") -> None:
        """A table whose columns fit their longest word; landscape or split when it must be."""
        headers = [clean_text(str(h)) for h in headers]
        rows = [[clean_text("" if v is None else str(v)) for v in row] for row in rows]
        size = self.table_pt
        widths = column_widths(headers, rows, self._available(False), size)
        if widths is not None:
            self._orient(False)
            self._table(headers, rows, widths, caption)
            return
        self._orient(True)
        for landscape_size in (size, size - 1):  # landscape, in a point smaller type if that makes it fit
            widths = column_widths(headers, rows, self._available(True), landscape_size)
            if widths is not None:
                self._table(headers, rows, widths, caption, size=landscape_size)
                return
        for part, columns in enumerate(self._split(headers, rows), start=1):
            part_headers = [headers[i] for i in columns]
            part_rows = [[row[i] for i in columns] for row in rows]
            widths = column_widths(part_headers, part_rows, self._available(True), size)
            label = f"{caption} ({_('part')} {part})" if caption else ""
            self._table(part_headers, part_rows, widths, label)

    def _split(self, headers, rows) -> list[list[int]]:
        available = self._available(True)
        need = [longest_word_twips(h, self.table_pt, bold=True) for h in headers]
        for row in rows:
            for i, value in enumerate(row):
                need[i] = max(need[i], longest_word_twips(value, self.table_pt))
        parts, current = [], [0]
        for i in range(1, len(headers)):
            if sum(need[c] for c in current) + need[i] > available and len(current) > 1:
                parts.append(current)
                current = [0]
            current.append(i)
        parts.append(current)
        return parts

    def _table(self, headers, rows, widths, caption: str, size: float | None = None) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt, Twips

        if caption:
            self.document.add_paragraph().add_run(caption).bold = True
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.autofit = False
        properties = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        properties.append(layout)
        grid = table._tbl.tblGrid
        for column, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
            column.set(qn("w:w"), str(width))
        header_row = table.rows[0]
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header_row._tr.get_or_add_trPr().append(repeat)
        for values, row in [(headers, header_row)] + [(r, None) for r in rows]:
            cells = (row or table.add_row()).cells
            for cell, value, width in zip(cells, values, widths, strict=True):
                cell.width = Twips(width)
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(0)
                run = paragraph.add_run(value)
                run.font.size = Pt(size or self.table_pt)
                if row is not None:
                    run.bold = True
        self.document.add_paragraph()

    def chart(self, chart: core_charts.Chart, headers: Sequence[str] | None = None, rows=None) -> None:
        """The chart as a picture with its alternative text, then its numbers as a table."""
        from docx.shared import Mm

        self.heading(chart.title, level=2)
        picture = self.document.add_picture(io.BytesIO(core_charts.render_png(chart)), width=Mm(160))
        picture._inline.docPr.set("descr", clean_text(chart.description))
        picture._inline.docPr.set("title", clean_text(chart.title))
        if chart.description:
            self.paragraph(chart.description, italic=True)
        if headers is None:
            table = core_charts.chart_table(chart)
            headers, rows = table.headers, table.rows
        self.table(headers, rows)

    def page_break(self) -> None:
        self.document.add_page_break()

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run()
    run.font.size = Pt(9)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {code} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, placeholder, end):
        run._r.append(element)


DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
