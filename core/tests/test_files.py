"""The shared file conventions (core/files.py): what every export relies on."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.files import (
    XLSX_CELL_LIMIT,
    XlsxBook,
    clean_text,
    column_letter,
    csv_bytes,
    flag,
    read_csv,
    xlsx_bytes,
)

EVERY_C0 = "".join(chr(c) for c in range(32))


def test_clean_text_removes_what_xml_cannot_carry_and_keeps_tab_and_newlines():
    assert clean_text("a" + EVERY_C0 + "b\ufffe\uffff") == "a\t\n\rb"


def test_csv_is_the_dutch_excel_dialect_with_bom_and_reads_back():
    data = csv_bytes(["naam", "tekst"], [["Anne; Bert", "regel 1\nregel 2"], ["75+", None]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"naam;tekst\r\n" in data
    assert read_csv(data) == [["naam", "tekst"], ["Anne; Bert", "regel 1\nregel 2"], ["75+", ""]]


def test_csv_guards_formulas_but_keeps_numbers_and_booleans_as_one_convention():
    rows = read_csv(
        csv_bytes(["a", "b"], [["=HYPERLINK(1)", "-1"], ["-1 is slechter", True], ["x\x0b", False]])
    )
    assert rows[1] == ["'=HYPERLINK(1)", "-1"]
    assert rows[2] == ["'-1 is slechter", "1"]
    assert rows[3] == ["x", "0"]
    assert flag(None) == ""


def test_xlsx_text_is_typed_text_without_prefix_with_frozen_bold_header_and_widths():
    data = xlsx_bytes(
        lambda book: book.sheet(
            "Thema\x0b", ["tekst", "ja"], [["=1+1", True], ["-1 is slechter\x0b", False], ["#N/A", None]]
        )
    )
    for read_only in (False, True):  # the import reads .xlsx files read-only
        sheet = load_workbook(io.BytesIO(data), read_only=read_only).worksheets[0]
        assert sheet.title == "Thema"
        assert [[c.value for c in row] for row in sheet.iter_rows()] == [
            ["tekst", "ja"],
            ["=1+1", 1],
            ["-1 is slechter", 0],
            ["#N/A", None],
        ]
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A2"].data_type == "s" and sheet["A4"].data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold and not sheet["A2"].font.bold
    assert sheet.column_dimensions["A"].width >= len("-1 is slechter")
    assert sheet.dimensions == "A1:B4"


def test_xlsx_keeps_every_kind_of_value_as_a_spreadsheet_reads_it():
    moment = dt.datetime(2026, 3, 14, 15, 9, 26)
    row = [
        7,
        -2.5,
        Decimal("1.25"),
        dt.date(2026, 3, 14),
        moment,
        float("nan"),
        "",
        None,
        '  a & <b> "c"  ',
        "regel 1\r\nregel 2",
    ]
    data = xlsx_bytes(lambda book: book.sheet("Waarden", [f"k{i}" for i in range(len(row))], [row]))
    (values,) = load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(min_row=2, values_only=True)
    assert values == (
        7,
        -2.5,
        1.25,
        dt.datetime(2026, 3, 14),
        moment,
        "nan",
        None,
        None,
        '  a & <b> "c"  ',
        "regel 1\r\nregel 2",
    )
    cells = load_workbook(io.BytesIO(data)).worksheets[0][2]
    assert cells[3].number_format == "yyyy-mm-dd" and cells[4].number_format == "yyyy-mm-dd hh:mm:ss"


def test_xlsx_sheet_names_are_made_valid_and_unique_and_long_text_is_cut_at_the_cell_limit():
    def fill(book):
        book.sheet("Vragen: ja/nee?\n", ["a"], [["x" * (XLSX_CELL_LIMIT + 10)]])
        book.sheet("vragen- ja-nee-", ["a"], [])
        book.sheet("Een naam die veel langer is dan eenendertig tekens", ["a"], [[1]])

    book = load_workbook(io.BytesIO(xlsx_bytes(fill)))
    assert book.sheetnames == ["Vragen- ja-nee-", "vragen- ja-nee- (2)", "Een naam die veel langer is dan"]
    assert len(book.worksheets[0]["A2"].value) == XLSX_CELL_LIMIT
    assert [[c.value for c in r] for r in book.worksheets[1].iter_rows()] == [["a"]]


def test_xlsx_streams_rows_of_any_length_into_a_package_with_the_parts_readers_need():
    rows = ([i, f"P{i}", *(["x"] * (i % 30))] for i in range(3000))  # a generator, rows up to column AF
    out = io.BytesIO()
    with XlsxBook(out) as book:
        assert book.sheet("Lang", ["n", "p"], rows) == 3000
    names = set(zipfile.ZipFile(io.BytesIO(out.getvalue())).namelist())
    assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/styles.xml"} <= names
    sheet = load_workbook(io.BytesIO(out.getvalue()), read_only=True).worksheets[0]
    assert sheet.max_row == 3001 and sheet.max_column == 31
    last = list(sheet.iter_rows(min_row=3001, values_only=True))[0]
    assert last[:2] == (2999, "P2999") and last[30] == "x"
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_an_xlsx_without_sheets_is_refused():
    with pytest.raises(ValueError):
        xlsx_bytes(lambda book: None)


def test_graphml_is_valid_graphml_1_0_read_back_by_networkx_with_typed_values():
    import networkx as nx

    from core.files import graphml_bytes
    from core.readers import GRAPHML_SCHEMA, validate_xml

    graph = nx.DiGraph(start="2026-01-01", kind="all\x0b")
    graph.add_node("P01", structural=True, share=0.5)
    graph.add_node("P02", structural=False, share=None)
    graph.add_edge("P01", "P02", weight=3)
    graph.add_edge("P02", "P01", weight=1)
    data = graphml_bytes(graph)
    assert validate_xml(data, GRAPHML_SCHEMA) == []
    text = data.decode()
    assert 'id="e0"' in text and 'id="e1"' in text and ">true<" in text and ">false<" in text
    back = nx.read_graphml(io.BytesIO(data))
    assert back.nodes["P01"]["structural"] is True and back.nodes["P02"]["structural"] is False
    assert back["P01"]["P02"]["weight"] == 3 and back.graph["kind"] == "all"
