"""What leaves the app as a file: text made safe once, and the conventions every writer shares.

- `clean_text` removes the characters that XML 1.0 cannot carry (C0 controls other than tab, newline
  and carriage return, U+FFFE/U+FFFF, lone surrogates). Forms and imports call it at input; every writer
  (XML, .docx, .xlsx, CSV) calls it again on what it writes, so a file never breaks on one pasted
  character.
- CSV is written in the dialect Dutch Excel opens: `;` between fields, UTF-8 with a byte order mark,
  CRLF line ends. Text that a spreadsheet program would run as a formula gets a leading `'` in CSV only
  (a CSV cell has no type); numbers such as `-1` stay numbers.
- .xlsx text goes into typed string cells, which never run as formulas, so it is written as typed;
  the header row is bold and frozen and columns get a width from their contents.
- Booleans are `1` (yes) and `0` (no) in every CSV and spreadsheet; GraphML uses its own `true`/`false`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence

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


def clean(value: object) -> object:
    """`clean_text` for strings; other values as they are."""
    return clean_text(value) if isinstance(value, str) else value


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


def xlsx_cell(sheet, value: object):
    """A cell for `sheet.append`: strings as typed text (never a formula), booleans as 1/0."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, bool):
        value = flag(value)
    cell = WriteOnlyCell(sheet, value=clean(value))
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def xlsx_sheet(
    book,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    widths: Sequence[float] | None = None,
    sample: int = 200,
):
    """Add a sheet with a bold, frozen header row and column widths; works for normal and write-only
    workbooks. Widths come from `widths` or from the header and the first `sample` rows."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

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
    sheet = book.create_sheet(clean_text(title)[:31])
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    header_cells = []
    for h in headers:
        cell = xlsx_cell(sheet, str(h))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in head:
        sheet.append(_xlsx_row(sheet, row))
    for row in rows:
        sheet.append(_xlsx_row(sheet, row))
    return sheet


def _xlsx_row(sheet, row: Sequence[object]) -> list:
    """A row for `sheet.append`, as `xlsx_cell` would make it, but without a cell object for values that
    openpyxl stores the same way by itself (numbers, dates and text that cannot be read as a formula or
    an error code): a cell object per value is most of the time of a large export (docs/performance.md)."""
    out = []
    for value in row:
        if isinstance(value, str):
            value = clean_text(value)
            out.append(xlsx_cell(sheet, value) if value[:1] in ("=", "#") else value)
        elif isinstance(value, bool):
            out.append(flag(value))
        else:
            out.append(value)
    return out


def xlsx_bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
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
