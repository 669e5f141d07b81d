"""The workbook interface: the vectorised frame reader agrees with xlperf.io.readers; foreign-content detection."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from xlperf.io.openpyxl_book import OpenpyxlBook, foreign_content
from xlperf.io.readers import _frame
from xlperf.io.workbook import frame_from_rows, read_frame

CASES = [
    [["工号", "实际值"], ["E1", 5], ["E2", None]],
    [
        [None, None],
        ["工号", " 实际值 ", None, ""],
        ["E1", 5, None],
        ["  ", "", None],
        [None, None, None],
        ["E2", "x", 3.5],
        ["E3", None, "  "],
    ],
    [["a", "", "c"], [1, 2, 3, 4]],
    [["only header"]],
]


@pytest.mark.parametrize("rows", CASES)
def test_frame_from_rows_matches_the_reader(rows) -> None:
    want = _frame([list(r) for r in rows], Path("x"))
    got = frame_from_rows([list(r) for r in rows])
    pd.testing.assert_frame_equal(got, want, check_dtype=False, check_index_type=False)
    assert got.attrs["letters"] == want.attrs["letters"]


def test_read_frame_from_an_unsaved_book() -> None:
    b = OpenpyxlBook.new()
    b.replace_sheet("Data")
    b.write_block("Data", "B3", [["工号", "实际值"], ["E1", 3]])
    df = read_frame(b, "Data")
    assert df["_row"].tolist() == [4] and df.attrs["source"]["sheet"] == "Data"


def test_fresh_master_has_no_foreign_content(master: Path) -> None:
    assert foreign_content(master) == []
