"""The shared file conventions (core/files.py): what every export relies on."""

import io

from openpyxl import Workbook, load_workbook

from core.files import clean_text, csv_bytes, flag, read_csv, xlsx_bytes, xlsx_sheet

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
    for write_only in (True, False):
        book = Workbook(write_only=write_only)
        if not write_only:
            book.remove(book.active)
        xlsx_sheet(book, "Thema\x0b", ["tekst", "ja"], [["=1+1", True], ["-1 is slechter\x0b", False]])
        sheet = load_workbook(io.BytesIO(xlsx_bytes(book))).worksheets[0]
        assert sheet.title == "Thema"
        assert [[c.value for c in row] for row in sheet.iter_rows()] == [
            ["tekst", "ja"],
            ["=1+1", 1],
            ["-1 is slechter", 0],
        ]
        assert sheet["A2"].data_type == "s"
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold
        assert sheet.column_dimensions["A"].width >= len("-1 is slechter")


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
