"""Reading an uploaded spreadsheet into plain tables of text, without writing it anywhere.

- .xlsx through openpyxl: read-only, `data_only` (a formula cell gives the value the spreadsheet
  program last calculated, never the formula), external links not kept (`keep_links=False`) and never
  followed. Workbooks with macros (.xlsm, or a `vbaProject.bin` inside) are refused, and so is a
  zip whose unpacked size is out of proportion (a "zip bomb").
- .csv (and .txt/.tsv) through the csv module: the encoding is UTF-8 (with or without a byte order
  mark), UTF-16 with a byte order mark (Excel's "Unicode text"), else Windows-1252 (a superset of the
  Latin-1 that older Dutch Excel writes); the delimiter (`;`, `,` or tab) is sniffed from the text.

Every cell becomes text cleaned with `core.files.clean_text`; dates become ISO text (2026-03-10),
whole numbers lose their `.0`. Size, row and column limits come from the settings (IMPORT_MAX_*).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from core.files import clean_text

XLSX_EXTENSIONS = (".xlsx",)
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
# The unpacked content of an .xlsx may be this many times its packed size, at most.
MAX_UNPACK_RATIO = 200
MAX_SHEETS = 10


class ReadError(Exception):
    """The file cannot be read; the message is Dutch-ready text for the user."""


@dataclass
class Sheet:
    title: str
    rows: list[list[str]] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"title": self.title, "rows": self.rows}


def limits() -> tuple[int, int, int]:
    return settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS


def cell_text(value: object) -> str:
    """One cell as text: dates ISO, whole numbers without a decimal part, booleans 1/0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value)).strip()


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop empty rows at the end and empty columns on the right (keep inner empty rows: row numbers)."""
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if v), default=0) for r in rows), default=0)
    return [(r + [""] * width)[:width] for r in rows]


def read_upload(name: str, data: bytes) -> list[Sheet]:
    """The tables in an uploaded file. Raises ReadError with a message for the user."""
    max_bytes, _rows, _cols = limits()
    lower = (name or "").lower()
    if len(data) > max_bytes:
        raise ReadError(
            _("The file is larger than %(mb)s MB. Split it into smaller files.")
            % {"mb": max_bytes // 1_000_000}
        )
    if not data:
        raise ReadError(_("The file is empty."))
    if lower.endswith((".xlsm", ".xltm", ".xlsb")):
        raise ReadError(_("Files with macros are not accepted. Save the sheet as .xlsx or .csv."))
    if lower.endswith((".xls", ".ods")):
        raise ReadError(_("This kind of file cannot be read. Save the sheet as .xlsx or .csv."))
    if lower.endswith(XLSX_EXTENSIONS) or data[:4] == b"PK\x03\x04":
        return read_xlsx(data)
    if lower.endswith(CSV_EXTENSIONS) or not lower.rpartition(".")[1]:
        return [read_csv(data, title=name or "CSV")]
    raise ReadError(_("Choose an .xlsx or .csv file."))


def read_xlsx(data: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    _bytes, max_rows, max_cols = limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ReadError(_("This is not a readable .xlsx file.")) from None
    names = {info.filename for info in infos}
    content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in content_types:
        raise ReadError(_("Files with macros are not accepted. Save the sheet as .xlsx or .csv."))
    if sum(info.file_size for info in infos) > max(len(data), 1) * MAX_UNPACK_RATIO:
        raise ReadError(_("This is not a readable .xlsx file."))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ReadError(_("This is not a readable .xlsx file.")) from None
    sheets: list[Sheet] = []
    try:
        for worksheet in book.worksheets[:MAX_SHEETS]:
            rows: list[list[str]] = []
            for values in worksheet.iter_rows(values_only=True):
                if len(rows) >= max_rows + 1:
                    raise ReadError(_too_many_rows(max_rows))
                row = [cell_text(v) for v in values]
                while row and not row[-1]:
                    row.pop()
                if len(row) > max_cols:
                    raise ReadError(_too_many_columns(max_cols))
                rows.append(row)
            rows = _trim(rows)
            if rows:
                sheets.append(Sheet(title=cell_text(worksheet.title)[:100], rows=rows))
    finally:
        book.close()
    if not sheets:
        raise ReadError(_("The file has no filled sheets."))
    return sheets


def decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252/Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError(_("The text of the file could not be read.")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in (";", "\t", ",")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ";"


def read_csv(data: bytes, *, title: str = "CSV") -> Sheet:
    _bytes, max_rows, max_cols = limits()
    text = decode(data)
    delimiter = sniff_delimiter(text)
    rows: list[list[str]] = []
    try:
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(rows) >= max_rows + 1:
                raise ReadError(_too_many_rows(max_rows))
            row = [clean_text(v).strip() for v in values]
            while row and not row[-1]:
                row.pop()
            if len(row) > max_cols:
                raise ReadError(_too_many_columns(max_cols))
            rows.append(row)
    except csv.Error:
        raise ReadError(_("The text of the file could not be read.")) from None
    rows = _trim(rows)
    if not rows:
        raise ReadError(_("The file is empty."))
    return Sheet(title=clean_text(title)[:100], rows=rows)


def _too_many_rows(limit: int) -> str:
    return _("The sheet has more than %(rows)s rows. Split it into smaller files.") % {"rows": limit}


def _too_many_columns(limit: int) -> str:
    return _("The sheet has more than %(cols)s columns.") % {"cols": limit}
