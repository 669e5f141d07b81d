"""The bulk reader gives the careful reader's frame, or steps aside; the table hash equals to_csv's."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlperf.io.fastread import sheet_frame
from xlperf.io.readers import sheet_rows
from xlperf.io.tablehash import update_csv_hash
from xlperf.io.workbook import frame_from_rows
from xlperf.master.filebook import FileMaster
from xlperf.master.inputs import input_fingerprint

HEADER = ["工号", "姓名", "指标", "实际"]


def sheet_file(tmp_path: Path, rows: list[list], *, start: str = "A1") -> Path:
    """A workbook with one sheet "Data" holding ``rows`` from ``start`` (written by openpyxl)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    col0 = openpyxl.utils.column_index_from_string(start.rstrip("0123456789"))
    row0 = int(start.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if v is not None:
                ws.cell(row=row0 + i, column=col0 + j, value=v)
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def cells(df: pd.DataFrame) -> dict[str, list]:
    """A frame's columns as Python values, blanks as None (for comparing readers)."""
    return {
        c: [None if pd.isna(v) else v for v in df[c].astype(object).tolist()] for c in df.columns
    }


def careful(path: Path) -> pd.DataFrame:
    return frame_from_rows(sheet_rows(path, "Data"))


@pytest.mark.parametrize(
    "rows",
    [
        [HEADER, ["E1", "张三", "SALES", 1.5], ["E2", "李四", "SALES", 2]],
        [HEADER, ["E1", "  ", "SALES", 1.5], [None] * 4, ["E3", None, "CSAT", None]],
        [HEADER, [" E4 ", "x", "SALES", 0.1], ["   ", None, None, None], ["E5", "y", "A", 3]],
        [HEADER, ["E1", "张三", "SALES", "85%"], ["E2", "李四", "SALES", "1,234.5"]],
        [HEADER, ["E1", None, None, True], ["E2", None, None, False]],
        [[*HEADER, None, "备注"], ["E1", "a", "S", 1, None, "n"], ["E2", "b", "S", 2, None, None]],
        [HEADER],
    ],
)
def test_the_bulk_frame_equals_the_careful_one(tmp_path: Path, rows):
    path = sheet_file(tmp_path, rows)
    fast, slow = sheet_frame(path, "Data"), careful(path)
    assert fast is not None
    assert list(fast.columns) == list(slow.columns)
    assert cells(fast) == cells(slow)
    assert fast.attrs["letters"] == slow.attrs["letters"]


@pytest.mark.parametrize(
    ("rows", "start"),
    [
        ([HEADER, ["E1", "a", "S", "=1/0"]], "A1"),  # an error cell: the careful reader reports it
        ([HEADER, ["E1", "a", "S", 1.5]], "A2"),  # row numbers would shift
        ([HEADER, ["E1", "a", "S", 1.5]], "B1"),  # letters would shift
        ([HEADER, ["E1", "a", "S", 1.5], ["E2", "b", "S", "n/a"]], "A1"),  # text and numbers
        ([HEADER, ["E1", "a", "S", dt.date(2026, 3, 31)]], "A1"),  # dates
        ([["工号", 2026, "指标", "实际"], ["E1", "a", "S", 1]], "A1"),  # a number as a header
        ([["工号", " 姓名", "指标", "实际"], ["E1", "a", "S", 1]], "A1"),  # a padded header
        ([["工号", "工号", "指标", "实际"], ["E1", "a", "S", 1]], "A1"),  # a repeated header
    ],
)
def test_the_bulk_reader_steps_aside_when_it_could_differ(tmp_path: Path, rows, start):
    path = sheet_file(tmp_path, rows, start=start)
    if rows[1][3] == "=1/0":  # openpyxl writes a formula without a cached value: put the error in
        wb = openpyxl.load_workbook(path)
        wb["Data"]["D2"] = "#DIV/0!"
        wb["Data"]["D2"].data_type = "e"
        wb.save(path)
    assert sheet_frame(path, "Data") is None


def test_a_file_master_reads_its_inputs_in_bulk_and_scores_the_same(tmp_path: Path):
    path = sheet_file(tmp_path, [HEADER, ["E1", "a", "S", 1.5], ["E2", "b", "S", 2.0]])
    book = FileMaster(path)
    book.prefetch(["Data"])
    frame = book.frame("Data")
    assert isinstance(frame["工号"].dtype, pd.CategoricalDtype)
    assert input_fingerprint(frame) == input_fingerprint(careful(path))


TEXT = st.text(alphabet=st.sampled_from(list('ab ,"\n\r张;\t')), max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), TEXT),
            st.one_of(st.none(), st.floats(allow_infinity=False), st.integers(-5, 5).map(float)),
        ),
        max_size=12,
    ),
    st.booleans(),
)
def test_the_table_hash_is_the_hash_of_to_csv(rows, as_category):
    df = pd.DataFrame(rows, columns=["t", "x"]).astype({"t": object, "x": np.float64})
    if as_category:
        df["t"] = df["t"].astype("category")
    mine, theirs = hashlib.sha256(), hashlib.sha256()
    update_csv_hash(mine, df)
    theirs.update(df.to_csv(index=False).encode("utf-8"))
    assert mine.hexdigest() == theirs.hexdigest()


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"only": ["", "a", None]}, dtype=object),
        pd.DataFrame({"a": [], "b": []}),
        pd.DataFrame({"n": [1e16, 0.1, -0.0, 123456789.0]}),
    ],
)
def test_the_table_hash_in_corner_cases(frame: pd.DataFrame):
    mine, theirs = hashlib.sha256(), hashlib.sha256()
    update_csv_hash(mine, frame)
    theirs.update(frame.to_csv(index=False).encode("utf-8"))
    assert mine.hexdigest() == theirs.hexdigest()
