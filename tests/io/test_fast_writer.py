"""XlsxwriterBook and the bulk cell renderer write what openpyxl would: same values, same kinds."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openxml_audit import OpenXmlValidator

from xlperf.io.cellxml import Cells, escape_text, render_rows, value_fragment, value_fragments
from xlperf.io.openpyxl_book import OpenpyxlBook
from xlperf.io.sheetmodel import SheetCells
from xlperf.io.xlsxwriter_book import XlsxwriterBook

FORMULA_LIKE = ['=HYPERLINK("x")', "+1", "@SUM(A1)", "-1", "=1+1", "\t=A1"]


def saved(book, tmp_path: Path, name: str = "out.xlsx") -> openpyxl.Workbook:
    path = tmp_path / name
    book.save(path)
    return openpyxl.load_workbook(path)


def one_sheet(rows: list[list], *, book_type=XlsxwriterBook) -> object:
    book = book_type.new()
    book.replace_sheet("S")
    book.write_block("S", "A1", rows)
    return book


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, text: str):
    ws = saved(one_sheet([["h"], [text]]), tmp_path)["S"]
    assert ws["A2"].data_type == "s" and ws["A2"].value == text
    with zipfile.ZipFile(tmp_path / "out.xlsx") as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize(
    ("value", "expected", "data_type"),
    [
        (101.5, 101.5, "n"),
        (3, 3, "n"),
        (np.float64(0.1), 0.1, "n"),
        (np.int64(7), 7, "n"),
        (True, True, "b"),
        (np.bool_(False), False, "b"),
        (Decimal("12345.67"), 12345.67, "n"),
        ("张三", "张三", "s"),
        ("  padded ", "  padded ", "s"),
        ("a&b<c>", "a&b<c>", "s"),
        (dt.date(2026, 3, 31), dt.datetime(2026, 3, 31), "d"),
        (dt.datetime(2026, 3, 31, 8, 30), dt.datetime(2026, 3, 31, 8, 30), "d"),
        ("", None, "n"),
        (None, None, "n"),
        (float("nan"), None, "n"),
        (float("inf"), None, "n"),
        (pd.NA, None, "n"),
    ],
)
def test_each_kind_of_value_reads_back_as_openpyxl_wrote_it(
    tmp_path: Path, value, expected, data_type
):
    fast = saved(one_sheet([["h", "x"], [value, "end"]]), tmp_path, "fast.xlsx")["S"]["A2"]
    assert fast.value == expected and fast.data_type == data_type
    if value is not None and not (isinstance(value, float) and not np.isfinite(value)):
        if value is pd.NA:
            return
        slow = saved(
            one_sheet([["h", "x"], [value, "end"]], book_type=OpenpyxlBook), tmp_path, "slow.xlsx"
        )["S"]["A2"]
        assert (fast.value, fast.number_format) == (slow.value, slow.number_format)


def test_blank_cells_read_back_as_none_not_empty_text():
    book = one_sheet([["id", "note"], ["E1", ""], ["E2", None]])
    assert book.read_rows("S") == [["id", "note"], ["E1", None], ["E2", None]]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=False, allow_infinity=False),
            st.integers(-(2**53), 2**53),
            st.text(
                alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12
            ),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_values_round_trip_exactly_through_the_saved_file(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("rt") / "rt.xlsx"
    book = one_sheet([["v"], *([v] for v in values)])
    book.save(path)
    got = [r[0] for r in openpyxl.load_workbook(path)["S"].iter_rows(min_row=2, values_only=True)]
    assert got == [v for v in values]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=30))
def test_a_float_column_renders_like_its_cells_one_by_one(values):
    column = np.array(values, dtype=np.float64)
    bulk = [_number(f) for f in value_fragments(column).to_pylist()]
    assert bulk == [_number(value_fragment(v)) for v in values]


def _number(fragment: str | None) -> float | None:
    """The number a cell fragment holds (the text may differ: 0 and 0.0)."""
    if fragment is None:
        return None
    assert fragment.startswith("><v>") and fragment.endswith("</v></c>")
    return float(fragment[4:-8])


def test_a_frame_written_as_columns_reads_back_like_rows(tmp_path: Path):
    frame = pd.DataFrame(
        {
            "id": pd.Categorical(["E2", "E1", "E2"]),
            "score": [101.25, np.nan, 88.0],
            "rank": np.array([1, 2, 3], dtype=np.int64),
            "note": pd.array(["a", None, "=x"], dtype="string"),
        }
    )
    book = XlsxwriterBook.new()
    book.replace_sheet("R")
    book.write_frame("R", "A1", ["id", "score", "rank", "note"], frame)
    expected = [
        ["id", "score", "rank", "note"],
        ["E2", 101.25, 1, "a"],
        ["E1", None, 2, None],
        ["E2", 88.0, 3, "=x"],
    ]
    assert book.read_rows("R") == expected
    ws = saved(book, tmp_path)["R"]
    assert [list(r) for r in ws.iter_rows(values_only=True)] == expected
    assert ws["A1"].font.b and not ws["A2"].font.b


def test_later_writes_win_where_blocks_overlap():
    s = SheetCells()
    s.write(1, 1, [["a", "b"], ["c", "d"]])
    s.write_columns(2, 2, [np.array(["X", "Y"], dtype=object)])
    s.write(4, 1, [[1]])
    assert s.rows() == [["a", "b"], ["c", "X"], [None, "Y"], [1, None]]
    assert len(s.blocks) == 2


def test_decorations_survive_and_the_file_is_valid_ooxml(tmp_path: Path):
    book = XlsxwriterBook.new()
    book.replace_sheet("Results")
    book.replace_sheet("Dash")
    rows = [["id", "score"], *([f"E{i}", 60.0 + i] for i in range(1, 6))]
    book.write_block("Results", "A1", rows)
    book.add_table("Results", "A1:B6", "T_results")
    book.number_format("Results", "B2:B6", "0.00")
    book.conditional_fill("Results", "A2:B6", "$B2>62", "FFC7CE")
    book.column_widths("Results", {"A": 14})
    book.freeze("Results", "A2")
    book.write_block("Dash", "A1", [["grade", "n"], ["A", 2], ["B", 3]])
    book.add_chart("Dash", {"title": "Mix", "data": "B1:B3", "cats": "A2:A3", "anchor": "D2"})
    book.hyperlink("Dash", "A2", "Results", "A1")
    wb = saved(book, tmp_path)
    res, dash = wb["Results"], wb["Dash"]
    assert wb.sheetnames == ["Results", "Dash"]
    assert res.tables["T_results"].ref == "A1:B6"
    assert res["B3"].number_format == "0.00" and res["B3"].value == 62.0
    assert res.freeze_panes == "A2" and res.column_dimensions["A"].width == pytest.approx(14, 0.1)
    assert len(res.conditional_formatting) == 1
    assert dash["A2"].hyperlink.location == "'Results'!A1" and dash["A2"].value == "A"
    assert len(dash._charts) == 1 and book.charts("Dash")[0]["title"] == "Mix"
    errors = list(OpenXmlValidator().validate(str(tmp_path / "out.xlsx")).errors)
    assert errors == []


def test_replace_sheet_clears_it_and_keeps_its_place():
    book = XlsxwriterBook.new()
    for name in ("A", "B", "C"):
        book.replace_sheet(name)
        book.write_block(name, "A1", [[name]])
    book.replace_sheet("B")
    book.replace_sheet("D", 0)
    book.delete_sheet("C")
    assert book.sheet_names() == ["D", "A", "B"] and book.read_rows("B") == []


@pytest.mark.parametrize(
    ("text", "escaped"),
    [("a&b", "a&amp;b"), ("<x>", "&lt;x&gt;"), ("bell\x07", "bell_x0007_"), ("ok", "ok")],
)
def test_escape_text(text: str, escaped: str):
    assert escape_text(text) == escaped


def test_rows_come_out_in_row_order_across_side_by_side_blocks():
    left = Cells(1, 1, [np.array(["a", "b", "c"], dtype=object)])
    right = Cells(2, 2, [np.array([1.0, 2.0])])
    xml = b"".join(render_rows([right, left], [[0], [0]]))
    assert xml.count(b"<row ") == 3
    assert xml.index(b'r="A2"') < xml.index(b'r="B2"') < xml.index(b'r="A3"')
