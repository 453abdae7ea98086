"""Reading real files written by LibreOffice (imports/tests/fixtures/make_fixtures.py), and refusing
what must not be read."""

import io
import zipfile

import pytest

from imports import reading
from imports.tests.conftest import fixture_bytes


def test_xlsx_from_libreoffice_two_sheets_dates_and_formula_values():
    sheets = reading.read_upload("groep.xlsx", fixture_bytes("groep.xlsx"))
    assert [s.title for s in sheets] == ["Deelnemers", "Aanwezigheid"]
    people, attendance = sheets
    assert people.rows[0][:4] == ["Voornaam", "Achternaam", "Telefoon", "Eerste bezoek"]
    assert people.rows[1][:4] == ["Ans", "de Vries", "0612345678", "2026-06-02"]  # a date cell as ISO text
    assert attendance.rows[0][1] == "2026-09-01"
    # The "Totaal" column is a COUNTIF formula: read as the value LibreOffice calculated, never as a formula.
    assert attendance.rows[0][-1] == "Totaal"
    assert attendance.rows[1][-1] == "8"
    assert not any(cell.startswith("=") for sheet in sheets for row in sheet.rows for cell in row)


def test_csv_semicolon_with_bom():
    data = fixture_bytes("deelnemers-puntkomma-bom.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    (sheet,) = reading.read_upload("deelnemers-puntkomma-bom.csv", data)
    assert sheet.rows[0][0] == "Voornaam"  # no byte order mark glued to the first header
    assert sheet.rows[2][:2] == ["René", "Bakker"]
    assert sheet.rows[3][1] == "Yılmaz"


def test_csv_comma_windows_1252():
    (sheet,) = reading.read_upload("lijst.csv", fixture_bytes("aanwezigheid-komma-cp1252.csv"))
    assert sheet.rows[0] == ["Naam", "Datum", "Aanwezig", "Taken", "Reden"]
    assert sheet.rows[1][3] == "koken, afwassen"  # the quoted comma stays inside its cell
    assert sheet.rows[-1][0] == "Jürgen Groß"


def test_csv_tab_utf8_and_utf16():
    (sheet,) = reading.read_upload("lijst.txt", fixture_bytes("aanwezigheid-tab-utf8.csv"))
    assert sheet.rows[2][0] == "René Bakker"
    text = fixture_bytes("aanwezigheid-tab-utf8.csv").decode("utf-8")
    (sheet16,) = reading.read_upload("lijst.txt", text.encode("utf-16"))
    assert sheet16.rows == sheet.rows


def test_control_characters_are_removed():
    (sheet,) = reading.read_upload("x.csv", b"Naam;Talenten\nAn\x07s;koken\x00 en\x0b bakken\n")
    assert sheet.rows[1] == ["Ans", "koken en bakken"]


def _with_member(data: bytes, name: str, content: bytes = b"x") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_macros_are_refused():
    with pytest.raises(reading.ReadError, match="macro"):
        reading.read_upload("groep.xlsm", fixture_bytes("groep.xlsx"))
    with pytest.raises(reading.ReadError, match="macro"):
        reading.read_upload("groep.xlsx", _with_member(fixture_bytes("groep.xlsx"), "xl/vbaProject.bin"))


def test_zip_bomb_old_formats_and_damaged_files_are_refused():
    bomb = _with_member(fixture_bytes("groep.xlsx"), "xl/media/big.bin", b"\0" * 50_000_000)
    assert len(bomb) < 200_000
    with pytest.raises(reading.ReadError, match="xlsx"):
        reading.read_upload("groep.xlsx", bomb)
    with pytest.raises(reading.ReadError, match="xlsx"):
        reading.read_upload("oud.xls", b"\xd0\xcf\x11\xe0")
    with pytest.raises(reading.ReadError, match="xlsx"):
        reading.read_upload("kapot.xlsx", b"PK\x03\x04kapot")
    with pytest.raises(reading.ReadError):
        reading.read_upload("leeg.csv", b"")


def test_limits_come_from_the_settings(settings):
    settings.IMPORT_MAX_ROWS = 5
    with pytest.raises(reading.ReadError, match="5"):
        reading.read_upload("jaar.xlsx", fixture_bytes("jaar-40-deelnemers.xlsx"))
    with pytest.raises(reading.ReadError, match="5"):
        reading.read_upload("x.csv", b"Naam\n" + b"A\n" * 6)
    settings.IMPORT_MAX_ROWS = 5000
    settings.IMPORT_MAX_COLUMNS = 20
    with pytest.raises(reading.ReadError, match="20"):
        reading.read_upload("jaar.xlsx", fixture_bytes("jaar-40-deelnemers.xlsx"))
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(reading.ReadError, match="MB"):
        reading.read_upload("groep.xlsx", fixture_bytes("groep.xlsx"))


def test_a_formula_without_a_calculated_value_is_empty_not_the_formula():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Naam", "Som"])
    book.active.append(["Ans", '=HYPERLINK("http://example.org";1+1)'])
    out = io.BytesIO()
    book.save(out)
    (sheet,) = reading.read_upload("x.xlsx", out.getvalue())
    assert sheet.rows == [["Naam", "Som"], ["Ans", ""]]
