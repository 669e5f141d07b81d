"""A master's input sheets read in bulk: fastexcel into Arrow, text handed over as categoricals.

The careful reader (:func:`xlperf.io.readers.sheet_rows` then
:func:`xlperf.io.workbook.frame_from_rows`) makes a Python object of every
cell; at 50,000 employees that is six million objects, and the engine then
hashes the text again. :func:`sheet_frame` reads the sheet with fastexcel
(calamine underneath) straight into Arrow columns and gives the same frame:
the header row, ``_row`` numbers, ``attrs["letters"]``, blank rows left
out, whitespace-only text as empty; numbers as float64, text as
``pandas.Categorical`` (its distinct values once).

It answers None, and the caller reads the sheet row by row, whenever the
bulk read could differ from the careful one:

- the header is not in row 1 starting at A1 (row numbers would shift);
- a header that is not plain text as typed (a number, padded with spaces,
  possibly renamed by fastexcel as a duplicate);
- a column holding several kinds of cells (text and numbers: each keeps
  its kind only cell by cell), or dates and times;
- an Excel error cell (``#DIV/0!``), which the careful reader reports.

Example:
    >>> sheet_frame(Path("master.xlsx"), "数据")["_row"].tolist()[:3]  # doctest: +SKIP
    [2, 3, 4]
"""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from openpyxl.utils import get_column_letter

from xlperf.io.readers import sheet_parts

# fastexcel logs a warning for every all-empty column it types as text
logging.getLogger("fastexcel").setLevel(logging.ERROR)

_FIRST_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>(.*?)</(?:\w+:)?row>", re.S)
_FIRST_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/?)>")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_CELL_REF = re.compile(rb'\sr="([A-Z]+)(\d+)"')
_PLAIN_NAME = re.compile(
    r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|true|false|\d{4}-\d\d-\d\d.*", re.I
)
_DEDUPED = re.compile(r"(.+)_(\d+)")
_HEAD_BYTES = 1 << 16


def sheet_frame(path: Path, sheet: str) -> pd.DataFrame | None:
    """The sheet in the reader's format, read in bulk; None when only the careful reader will do."""
    import fastexcel

    if not _header_at_a1(path, sheet):
        return None
    try:
        loaded = fastexcel.read_excel(str(path)).load_sheet(
            sheet, dtype_coercion="strict", schema_sample_rows=None
        )
        table, errors = loaded.to_arrow_with_errors()
    except fastexcel.FastExcelError:
        return None
    if errors is not None and errors.errors:
        return None
    names = _header(loaded.available_columns())
    if names is None:
        return None
    return _frame(table, names)


def _header_at_a1(path: Path, sheet: str) -> bool:
    """Whether the sheet's first row is row 1 and its first cell A1 holds a value."""
    with zipfile.ZipFile(path) as z:
        part = sheet_parts(z).get(sheet)
        if part is None or part not in z.namelist():
            return False
        with z.open(part) as fh:
            head = fh.read(_HEAD_BYTES)
    row = _FIRST_ROW.search(head)
    if row is None:
        return False
    number = _ROW_NUMBER.search(b" " + row.group(1))
    cell = _FIRST_CELL.search(row.group(2))
    if (number is not None and number.group(1) != b"1") or cell is None or cell.group(2):
        return False
    ref = _CELL_REF.search(b" " + cell.group(1))
    rest = row.group(2)[cell.end() :]
    has_value = re.match(rb"\s*<(?:\w+:)?(?:v|is|f)\b", rest) is not None
    return (ref is None or ref.group(1, 2) == (b"A", b"1")) and has_value


def _header(columns: list) -> list[str] | None:
    """Header names as the careful reader makes them, or None when they may differ."""
    names = ["" if c.column_name_from == "generated" else c.name for c in columns]
    if [c.absolute_index for c in columns] != list(range(len(columns))):
        return None
    while names and names[-1] == "":
        names.pop()
    typed = set(names)
    for name in names:
        if name != name.strip() or _PLAIN_NAME.fullmatch(name):
            return None
        m = _DEDUPED.fullmatch(name)
        if m and m.group(1) in typed:
            return None
    return [n or f"column {get_column_letter(j + 1)}" for j, n in enumerate(names)]


def _column(array: pa.ChunkedArray) -> tuple[object, np.ndarray] | None:
    """A column as the frame keeps it, and where its cells are blank; None for dates and times."""
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    kind = array.type
    if pa.types.is_floating(kind) or pa.types.is_integer(kind):
        values = array.cast(pa.float64()).to_numpy(zero_copy_only=False)
        return values, np.isnan(values)
    if pa.types.is_boolean(kind):
        blank = array.is_null().to_numpy(zero_copy_only=False)
        values = (
            np.asarray(array.to_pylist(), dtype=object)
            if blank.any()
            else array.to_numpy(zero_copy_only=False)
        )
        return values, blank
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind):
        return _text(array.cast(pa.string()))
    return None


def _text(array: pa.Array) -> tuple[pd.Categorical, np.ndarray]:
    """Text as a categorical; whitespace-only text is empty (on distinct values, as str.strip sees it)."""
    encoded = array.dictionary_encode()
    labels = encoded.dictionary.to_pylist()
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    blank_label = np.array([label.strip() == "" for label in labels] + [True], dtype=bool)
    blank = blank_label[codes]
    if blank_label[:-1].any():
        keep = np.flatnonzero(~blank_label[:-1])
        remap = np.full(len(labels) + 1, -1, dtype=np.int64)
        remap[keep] = np.arange(len(keep))
        codes, labels = remap[codes], [labels[i] for i in keep]
    return pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype=object)), blank


def _frame(table: pa.Table, names: list[str]) -> pd.DataFrame | None:
    columns, blanks = {}, []
    for j, name in enumerate(names):
        got = _column(table.column(j))
        if got is None:
            return None
        columns[name], blank = got
        blanks.append(blank)
    if len(set(names)) != len(names):
        return None
    height = table.num_rows
    keep = ~np.logical_and.reduce(blanks) if blanks else np.zeros(height, bool)
    df = pd.DataFrame({n: _take(v, keep) for n, v in columns.items()})
    df["_row"] = np.arange(2, 2 + height)[keep]
    df.attrs["letters"] = {n: get_column_letter(j + 1) for j, n in enumerate(names)}
    return df


def _take(values: object, keep: np.ndarray) -> object:
    if isinstance(values, pd.Categorical):
        return values[keep]
    return np.asarray(values)[keep]


__all__ = ["sheet_frame"]
