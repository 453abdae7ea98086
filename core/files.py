"""What leaves the app as a file: text made safe once, and the conventions every writer shares.

- `clean_text` removes the characters that XML 1.0 cannot carry (C0 controls other than tab, newline
  and carriage return, U+FFFE/U+FFFF, lone surrogates). Forms and imports call it at input; every writer
  (XML, .docx, .xlsx, CSV) calls it again on what it writes, so a file never breaks on one pasted
  character.
- CSV is written in the dialect Dutch Excel opens: `;` between fields, UTF-8 with a byte order mark,
  CRLF line ends. Text that a spreadsheet program would run as a formula gets a leading `'` in CSV only
  (a CSV cell has no type); numbers such as `-1` stay numbers.
- .xlsx is written by `XlsxBook`, straight into the file as rows arrive: text goes into typed text
  cells, which never run as formulas, so it is written as typed; the header row is bold and frozen and
  columns get a width from their contents.
- Booleans are `1` (yes) and `0` (no) in every CSV and spreadsheet; GraphML uses its own `true`/`false`.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import itertools
import math
import numbers
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence

# Everything XML 1.0 forbids: C0 controls except \t \n \r, surrogates, U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")

CSV_DELIMITER = ";"
CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte order mark, so Excel reads it as UTF-8
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


class ExcelNL(csv.excel):
    """The CSV dialect of Dutch Excel (and LibreOffice with a Dutch locale)."""

    delimiter = CSV_DELIMITER


def clean_text(value: str) -> str:
    """The text without the characters XML cannot carry (they arrive when text is pasted from Word)."""
    return _XML_ILLEGAL.sub("", value)


def install_form_text_guard() -> None:
    """Make every form's text field strip what XML cannot carry, before anything else sees it.

    Called once from `CoreConfig.ready()`. It wraps `django.forms.CharField.to_python`, so it covers
    every CharField of every form and every ModelForm field made from a model's CharField or TextField
    (and their subclasses: e-mail, slug, URL, regex fields), without each form having to remember it.
    The characters are stripped, not refused: they come along unseen when text is pasted from Word.
    Password fields are left as typed."""
    from django import forms

    if getattr(forms.CharField.to_python, "vangnet_text_guard", False):
        return
    original = forms.CharField.to_python

    def to_python(self, value):
        if isinstance(value, str) and not isinstance(self.widget, forms.PasswordInput):
            value = clean_text(value)
        return original(self, value)

    to_python.vangnet_text_guard = True
    forms.CharField.to_python = to_python


def flag(value: object) -> int | str:
    """The one boolean convention of CSV and spreadsheet files: 1 for yes, 0 for no, empty for unknown."""
    if value is None or value == "":
        return ""
    return 1 if value else 0


def csv_cell(value: object) -> str:
    """One CSV field: cleaned text, booleans as 1/0, dates ISO, and a `'` before text a spreadsheet
    would run as a formula (a CSV cell has no type, so the program decides; plain numbers stay numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(flag(value))
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    text = clean_text(str(value))
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A whole CSV file in the Dutch Excel dialect, as bytes with the byte order mark."""
    out = io.StringIO()
    write_csv(out, headers, rows)
    return out.getvalue().encode(CSV_ENCODING)


def write_csv(out, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write the CSV text (without the byte order mark; `csv_bytes` or the caller's encoding adds it)."""
    writer = csv.writer(out, dialect=ExcelNL)
    writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])


def read_csv(data: bytes) -> list[list[str]]:
    """Read back a CSV written here (used by the tests and by anything that round-trips a file)."""
    return list(csv.reader(io.StringIO(data.decode(CSV_ENCODING)), dialect=ExcelNL))


# SpreadsheetML: the few parts of an .xlsx package (ECMA-376 / ISO 29500) that a workbook of plain
# tables needs. Every reader we test with (openpyxl, LibreOffice Calc) and Excel open it.
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Cell styles (cellXfs in styles.xml): 0 plain, 1 bold (the header row), 2 a date, 3 a date and time.
_STYLES = (
    f'{_XML_HEAD}<styleSheet xmlns="{_MAIN_NS}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
XLSX_CELL_LIMIT = 32767  # the most characters a spreadsheet cell holds (Excel refuses a file with more)
_SHEET_NAME_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")


def column_letter(index: int) -> str:
    """The spreadsheet column of a 0-based index: 0 is A, 25 is Z, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml_text(value: str) -> str:
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:  # as a character reference, or a reader would make every line end a newline
        value = value.replace("\r", "&#13;")
    return value


def _xml_attr(value: str) -> str:
    return _xml_text(value).replace('"', "&quot;")


def _text_cell(ref: str, value: str, style: str = "") -> str:
    value = clean_text(value)[:XLSX_CELL_LIMIT]
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_xml_text(value)}</t></is></c>'


def _xlsx_cell(ref: str, value: object) -> str:
    """One cell's XML, or "" for an empty value. Text is always a typed text cell (never a formula, also
    when it starts with `=`), numbers are numbers, booleans 1/0, dates a date the spreadsheet shows."""
    kind = type(value)
    if kind is str:
        return _text_cell(ref, value) if value else ""
    if kind is int:
        return f'<c r="{ref}"><v>{value}</v></c>'
    if value is None:
        return ""
    if kind is bool:
        return f'<c r="{ref}"><v>{flag(value)}</v></c>'
    if kind is float:
        return f'<c r="{ref}"><v>{value!r}</v></c>' if math.isfinite(value) else _text_cell(ref, str(value))
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value).replace(tzinfo=None)
        serial = (value - _EXCEL_EPOCH) / dt.timedelta(days=1)
        return f'<c r="{ref}" s="3"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="2"><v>{(value - _EXCEL_EPOCH.date()).days}</v></c>'
    if isinstance(value, numbers.Real | decimal.Decimal) and math.isfinite(value):
        return f'<c r="{ref}"><v>{value}</v></c>'  # Decimal, numpy numbers, int subclasses
    return _text_cell(ref, str(value))


class XlsxBook:
    """An .xlsx workbook of plain tables, written as it goes into the binary file `out`.

        with XlsxBook(out) as book:
            book.sheet("Deelnemers", headers, rows)

    Each sheet has a bold, frozen header row and column widths from the header and the first `sample`
    rows (or `widths`). Rows may be any iterable: they pass through a temporary file on their way into
    the zip, so memory does not grow with the table. Text is always a typed text cell, so nothing in a
    cell runs as a formula. Measured against openpyxl's write-only mode, which did the same work
    cell object by cell object: docs/performance.md."""

    def __init__(self, out):
        self._zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED)
        self._titles: list[str] = []

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self.close()
        else:
            self._zip.close()

    def _title(self, title: str) -> str:
        name = " ".join(clean_text(str(title)).split())  # no line ends or tabs in a sheet's name
        name = _SHEET_NAME_FORBIDDEN.sub("-", name).strip("'")[:31] or "Blad"
        taken = {t.casefold() for t in self._titles}
        candidate, n = name, 1
        while candidate.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            candidate = name[: 31 - len(suffix)] + suffix
        return candidate

    def sheet(
        self,
        title: str,
        headers: Sequence[str],
        rows: Iterable[Sequence[object]],
        *,
        widths: Sequence[float] | None = None,
        sample: int = 200,
    ) -> int:
        """Add a sheet; returns the number of rows written below the header."""
        rows = iter(rows)
        head: list[Sequence[object]] = []
        if widths is None:
            for row in rows:
                head.append(row)
                if len(head) >= sample:
                    break
            widths = []
            for i, header in enumerate(headers):
                longest = max(
                    [len(str(header))] + [len(str(r[i])) for r in head if i < len(r) and r[i] is not None]
                )
                widths.append(min(60, max(8, longest + 2)))
        letters = [column_letter(i) for i in range(max(len(headers), len(widths), 1))]
        columns = len(headers)
        count = 0
        with tempfile.TemporaryFile() as body:
            header = "".join(_text_cell(f"{letters[i]}1", str(h), ' s="1"') for i, h in enumerate(headers))
            chunk = [f'<row r="1">{header}</row>']
            for count, row in enumerate(itertools.chain(head, rows), start=1):
                n = count + 1
                if len(row) > len(letters):
                    letters.extend(column_letter(i) for i in range(len(letters), len(row)))
                columns = max(columns, len(row))
                cells = "".join([_xlsx_cell(f"{letters[i]}{n}", v) for i, v in enumerate(row)])
                chunk.append(f'<row r="{n}">{cells}</row>')
                if len(chunk) >= 1000:
                    body.write("".join(chunk).encode())
                    chunk = []
            body.write("".join(chunk).encode())
            self._write_sheet(body, widths, f"A1:{letters[max(columns, 1) - 1]}{count + 1}", title)
        return count

    def _write_sheet(self, body, widths: Sequence[float], dimension: str, title: str) -> None:
        index = len(self._titles) + 1
        self._titles.append(self._title(title))
        selected = ' tabSelected="1"' if index == 1 else ""
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1)
        )
        start = (
            f'{_XML_HEAD}<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><dimension ref="{dimension}"/>'
            f'<sheetViews><sheetView{selected} workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}<sheetData>'
        )
        size = body.tell()
        body.seek(0)
        with self._zip.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=size > 2**31 - 2**20) as out:
            out.write(start.encode())
            shutil.copyfileobj(body, out, 1 << 20)
            out.write(b"</sheetData></worksheet>")

    def close(self) -> None:
        if not self._titles:
            raise ValueError("an .xlsx workbook needs at least one sheet")
        sheets = range(1, len(self._titles) + 1)
        parts = {
            "[Content_Types].xml": (
                f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                + "".join(
                    f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for i in sheets
                )
                + "</Types>"
            ),
            "_rels/.rels": (
                f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL_NS}"><Relationship Id="rId1" '
                f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
            "xl/workbook.xml": (
                f'{_XML_HEAD}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
                "<bookViews><workbookView/></bookViews><sheets>"
                + "".join(
                    f'<sheet name="{_xml_attr(title)}" sheetId="{i}" r:id="rId{i}"/>'
                    for i, title in zip(sheets, self._titles, strict=True)
                )
                + "</sheets></workbook>"
            ),
            "xl/_rels/workbook.xml.rels": (
                f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL_NS}">'
                + "".join(
                    f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                    for i in sheets
                )
                + f'<Relationship Id="rId{len(self._titles) + 1}" Type="{_REL_NS}/styles" Target="styles.xml"/>'
                "</Relationships>"
            ),
            "xl/styles.xml": _STYLES,
        }
        for name, text in parts.items():
            self._zip.writestr(name, text.encode())
        self._zip.close()


def xlsx_bytes(fill: Callable[[XlsxBook], object]) -> bytes:
    """A whole .xlsx file as bytes: `fill(book)` adds the sheets."""
    out = io.BytesIO()
    with XlsxBook(out) as book:
        fill(book)
    return out.getvalue()


GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_CONTENT_TYPE = "application/graphml+xml; charset=utf-8"


def _graphml_type(values: list[object]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _graphml_value(value: object, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    return clean_text(str(value))


def graphml_bytes(graph) -> bytes:
    """A networkx graph as GraphML 1.0 that the schema accepts and networkx, igraph, rustworkx, Gephi and
    yEd read: typed keys (`boolean` written `true`/`false`, `long`, `double`, `string`), one unique id per
    edge (`e0`, `e1`, ...), text cleaned. Attributes whose value is None are left out for that element."""
    from xml.etree import ElementTree as ET  # nosec B405 - only writes XML

    ET.register_namespace("", GRAPHML_NAMESPACE)

    def tag(name: str) -> str:
        return f"{{{GRAPHML_NAMESPACE}}}{name}"

    edges = list(graph.edges(data=True))
    domains = {
        "graph": [graph.graph],
        "node": [data for _node, data in graph.nodes(data=True)],
        "edge": [data for *_ends, data in edges],
    }
    keys: dict[tuple[str, str], tuple[str, str]] = {}  # (domain, name) -> (id, type)
    root = ET.Element(tag("graphml"))
    for domain, dicts in domains.items():
        names: dict[str, list[object]] = {}
        for data in dicts:
            for name, value in data.items():
                if value is not None:
                    names.setdefault(str(name), []).append(value)
        for name, values in names.items():
            key_id, kind = f"d{len(keys)}", _graphml_type(values)
            keys[(domain, name)] = (key_id, kind)
            ET.SubElement(
                root,
                tag("key"),
                {"id": key_id, "for": domain, "attr.name": clean_text(name), "attr.type": kind},
            )
    directed = graph.is_directed()
    body = ET.SubElement(
        root, tag("graph"), {"id": "G", "edgedefault": "directed" if directed else "undirected"}
    )

    def add_data(element, domain: str, data: dict) -> None:
        for name, value in data.items():
            if value is not None:
                key_id, kind = keys[(domain, str(name))]
                ET.SubElement(element, tag("data"), {"key": key_id}).text = _graphml_value(value, kind)

    add_data(body, "graph", graph.graph)
    for node, data in graph.nodes(data=True):
        add_data(ET.SubElement(body, tag("node"), {"id": clean_text(str(node))}), "node", data)
    for index, (source, target, data) in enumerate(edges):
        element = ET.SubElement(
            body,
            tag("edge"),
            {"id": f"e{index}", "source": clean_text(str(source)), "target": clean_text(str(target))},
        )
        add_data(element, "edge", data)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
