"""The small workbook interface the master pipeline talks to.

One pipeline (:mod:`xlperf.master.pipeline`) serves two callers: the command
line on closed files (:class:`xlperf.io.openpyxl_book.OpenpyxlBook`) and the
Excel ribbon on the open workbook (:class:`xlperf.io.xlwings_book.XlwingsBook`).
Like pycel's ExcelWrapper, the interface is only what the pipeline needs.
Decorations (tables, formats, charts) are optional: a book lists what it can
do in ``capabilities`` and silently skips the rest.

Example:
    >>> from xlperf.io.openpyxl_book import OpenpyxlBook
    >>> book = OpenpyxlBook.new()
    >>> book.replace_sheet("Results")
    >>> book.write_block("Results", "A1", [["employee_id", "final_score"], ["E1", 101.5]])
    >>> book.read_rows("Results")
    [['employee_id', 'final_score'], ['E1', 101.5]]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from xlperf.io.page import PageSetup

#: optional features a book may support
CAPABILITIES = (
    "table",
    "number_format",
    "conditional_format",
    "chart",
    "hyperlink",
    "column_width",
    "page_setup",
    "freeze",
    "autofilter",
    "font",
    "hide",
)


@runtime_checkable
class Workbook(Protocol):
    """What the master pipeline needs from a workbook (file or live Excel)."""

    path: Path | None
    capabilities: frozenset[str]

    def sheet_names(self) -> list[str]: ...

    def read_rows(self, sheet: str) -> list[list[Any]]:
        """Every row of the used range as values (formulas' cached results where known)."""
        ...

    def write_block(self, sheet: str, top_left: str, rows: list[list[Any]]) -> None: ...

    def replace_sheet(self, sheet: str, index: int | None = None) -> None:
        """Create ``sheet``, or clear it (values and decorations) when it exists."""
        ...

    def delete_sheet(self, sheet: str) -> None:
        """Remove an xlperf-owned sheet (only ever called on owned sheets)."""
        ...

    def clear_columns(self, sheet: str, first_col: int, n_cols: int) -> None:
        """Empty columns ``first_col``..``first_col+n_cols-1`` (1-based) of ``sheet``."""
        ...

    def add_table(self, sheet: str, ref: str, name: str) -> None: ...

    def number_format(self, sheet: str, ref: str, fmt: str) -> None: ...

    def conditional_fill(self, sheet: str, ref: str, formula: str, color: str) -> None: ...

    def add_chart(self, sheet: str, spec: dict[str, Any]) -> None: ...

    def hyperlink(self, sheet: str, cell: str, target_sheet: str, target_cell: str) -> None: ...

    def column_widths(self, sheet: str, widths: dict[str, float]) -> None: ...

    def page_setup(self, sheet: str, setup: PageSetup) -> None:
        """How ``sheet`` prints (paper, orientation, fit, repeated rows, header/footer, breaks)."""
        ...

    def freeze(self, sheet: str, cell: str) -> None:
        """Freeze the rows above and the columns left of ``cell``."""
        ...

    def autofilter(self, sheet: str, ref: str) -> None:
        """A filter on the header row of ``ref`` (for a block that is not a table)."""
        ...

    def hide_sheet(self, sheet: str) -> None:
        """Hide a technical sheet (it stays readable)."""
        ...

    def set_font(self, name: str, size: float) -> None:
        """The font of every cell xlperf writes from now on (named, with CJK coverage)."""
        ...

    def status(self, text: str | None) -> None:
        """Show progress to the user (Excel's status bar); None clears it."""
        ...

    def save(self, path: str | Path | None = None) -> None: ...


def read_frame(book: Workbook, sheet: str) -> pd.DataFrame:
    """A sheet as a DataFrame in the reader's format (``_row``, ``attrs`` letters/source).

    Same rules as :mod:`xlperf.io.readers`: the first non-empty row is the
    header, blank rows are dropped, whitespace-only text is empty; row
    numbers are kept. Vectorised, for masters with a million cells.

    Example:
        >>> from xlperf.io.openpyxl_book import OpenpyxlBook
        >>> b = OpenpyxlBook.new(); b.replace_sheet("Data")
        >>> b.write_block("Data", "A1", [["工号"], ["E1"]])
        >>> read_frame(b, "Data")["_row"].tolist()
        [2]
    """
    bulk = getattr(book, "frame", None)  # a book that reads a sheet in bulk (FileMaster)
    df = bulk(sheet) if bulk is not None else None
    if df is None:
        df = frame_from_rows(getattr(book, "raw_rows", book.read_rows)(sheet))
    df.attrs["source"] = {"file": str(book.path.name if book.path else "workbook"), "sheet": sheet}
    return df


def _blank(s: pd.Series) -> np.ndarray:
    blank = s.isna().to_numpy().copy()
    if s.dtype == object:
        is_str = np.fromiter((isinstance(v, str) for v in s.to_numpy()), bool, len(s))
        if is_str.any():
            blank[is_str] = s[is_str].str.strip().to_numpy() == ""
    return blank


def frame_from_rows(rows: list[list[Any]]) -> pd.DataFrame:
    """Header row + body rows (cells "" or None when empty) → reader-format DataFrame."""
    start = next(
        (
            i
            for i, r in enumerate(rows)
            if any(v is not None and not (isinstance(v, str) and v.strip() == "") for v in r)
        ),
        None,
    )
    if start is None:
        df = pd.DataFrame({"_row": pd.Series([], dtype=int)})
        df.attrs["letters"] = {}
        return df
    header = [str(h).strip() if h is not None and str(h).strip() != "" else "" for h in rows[start]]
    while header and header[-1] == "":
        header.pop()
    width = len(header)
    names = [h if h else f"column {get_column_letter(j + 1)}" for j, h in enumerate(header)]
    body_rows = rows[start + 1 :]
    if body_rows:
        body = pd.DataFrame(body_rows, dtype=object)
        body = body.reindex(columns=range(width)) if body.shape[1] < width else body.iloc[:, :width]
    else:
        body = pd.DataFrame(columns=range(width), dtype=object)
    body.columns = names
    blanks = (
        np.column_stack([_blank(body[c]) for c in names])
        if len(body)
        else np.zeros((0, width), bool)
    )
    keep = ~blanks.all(axis=1) if width else np.zeros(len(body), bool)
    body = (
        body.mask(pd.DataFrame(blanks, index=body.index, columns=names), None)
        if len(body)
        else body
    )
    numbers = np.arange(start + 2, start + 2 + len(body))[keep]
    df = body[keep].reset_index(drop=True).infer_objects()
    df["_row"] = numbers
    df.attrs["letters"] = {n: get_column_letter(j + 1) for j, n in enumerate(names)}
    return df


def cell_ref(row: int, col: int) -> str:
    """``cell_ref(2, 3) == 'C2'`` (1-based)."""
    return f"{get_column_letter(col)}{row}"


def block_ref(top_row: int, left_col: int, n_rows: int, n_cols: int) -> str:
    """A1 range of a block: ``block_ref(1, 1, 2, 2) == 'A1:B2'``."""
    return f"{cell_ref(top_row, left_col)}:{cell_ref(top_row + max(n_rows, 1) - 1, left_col + max(n_cols, 1) - 1)}"
