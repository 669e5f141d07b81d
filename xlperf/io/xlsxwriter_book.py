"""The write side of the Workbook interface for new workbooks, fast: xlsxwriter plus bulk cells.

xlsxwriter writes the workbook's structure and decorations (sheets, styles,
tables, conditional formats, charts, hyperlinks, widths, panes); the cells
themselves never become objects: each sheet keeps what was written as
blocks of columns (:class:`~xlperf.io.sheetmodel.SheetCells`) and
:mod:`xlperf.io.cellxml` renders its ``<sheetData>`` in bulk. xlsxwriter
registers each cell format through a placeholder cell, whose row is
replaced with the rendered ones. Text is always an inline string, never a
formula.

The book is saved whole (:meth:`XlsxwriterBook.save`), or as a *donor*
for :func:`xlperf.io.package.splice` (:meth:`XlsxwriterBook.save_donor`,
which returns the rendered bodies so the splice writes the cells once, with
the user's style indexes). It reads back what it was given
(:meth:`read_rows`).

Example:
    >>> book = XlsxwriterBook.new()
    >>> book.replace_sheet("Results")
    >>> book.write_block("Results", "A1", [["employee_id", "final_score"], ["E1", 101.5]])
    >>> book.read_rows("Results")
    [['employee_id', 'final_score'], ['E1', 101.5]]
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from openpyxl.utils.cell import column_index_from_string as col_index
from openpyxl.utils.cell import coordinate_from_string, range_boundaries

from xlperf.io.atomic import atomic_path
from xlperf.io.cellxml import Cells, SheetBody, implied_formats
from xlperf.io.package.assemble import write_with_bodies
from xlperf.io.page import PageSetup
from xlperf.io.sheetmodel import SheetCells
from xlperf.io.xlsxwriter_parts import chart, font_props, page_setup

OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
    "in_memory": True,
}
#: a cell's look: (number format or None, bold, hyperlink font)
Look = tuple[str | None, bool, bool]
PLAIN: Look = (None, False, False)
LINK_COLOR = "#0563C1"


@dataclass
class _Sheet:
    """Everything written to one sheet, kept until the book is saved."""

    cells: SheetCells = field(default_factory=SheetCells)
    formats: list[tuple[tuple[int, int, int, int], str]] = field(default_factory=list)
    bold_a1: bool = False
    links: list[tuple[int, int, str, str]] = field(default_factory=list)
    tables: list[tuple[str, str]] = field(default_factory=list)
    fills: list[tuple[str, str, str]] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    widths: dict[str, float] = field(default_factory=dict)
    frozen: str | None = None
    page: PageSetup | None = None
    hidden: bool = False
    autofilter: str | None = None


def _origin(top_left: str) -> tuple[int, int]:
    letters, row = coordinate_from_string(top_left)
    return row, col_index(letters)


class XlsxwriterBook:
    """A new workbook written with xlsxwriter (see the module docstring)."""

    capabilities = frozenset(
        {
            "table",
            "number_format",
            "conditional_format",
            "chart",
            "hyperlink",
            "column_width",
            "frame",
            "page_setup",
            "freeze",
            "autofilter",
            "font",
            "hide",
        }
    )

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._sheets: dict[str, _Sheet] = {}
        self._font: tuple[str, float] | None = None

    @classmethod
    def new(cls) -> XlsxwriterBook:
        return cls(None)

    # -- reading what was written -------------------------------------------
    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def raw_rows(self, sheet: str) -> list[list[Any]]:
        return self._sheets[sheet].cells.rows()

    def charts(self, sheet: str) -> list[dict[str, Any]]:
        """The chart specs added to ``sheet`` (see :meth:`add_chart`)."""
        return [dict(spec) for spec in self._sheets[sheet].charts]

    def read_rows(self, sheet: str) -> list[list[Any]]:
        out = [[None if v == "" else v for v in r] for r in self.raw_rows(sheet)]
        while out and all(v is None for v in out[-1]):
            out.pop()
        return out

    # -- writing ----------------------------------------------------------------
    def replace_sheet(self, sheet: str, index: int | None = None) -> None:
        names = list(self._sheets)
        if sheet in self._sheets:
            index = names.index(sheet) if index is None else index
            names.remove(sheet)
        elif index is None:
            index = len(names)
        names.insert(max(0, min(index, len(names))), sheet)
        fresh = {n: self._sheets.get(n, _Sheet()) for n in names}
        fresh[sheet] = _Sheet()
        self._sheets = fresh

    def delete_sheet(self, sheet: str) -> None:
        self._sheets.pop(sheet, None)

    def write_block(self, sheet: str, top_left: str, rows: list[list[Any]]) -> None:
        s = self._sheets[sheet]
        row, col = _origin(top_left)
        s.cells.write(row, col, rows)
        if rows and rows[0] and (row, col) == (1, 1) and s.cells.max_row == len(rows):
            s.bold_a1 = True

    def write_frame(
        self, sheet: str, top_left: str, header: Sequence[Any], frame: pd.DataFrame
    ) -> None:
        """A header row, then the frame's columns below it (kept as columns until saved)."""
        s = self._sheets[sheet]
        row, col = _origin(top_left)
        s.cells.write(row, col, [list(header)])
        if len(frame):
            s.cells.write_columns(row + 1, col, [frame.iloc[:, j] for j in range(frame.shape[1])])
        if header and (row, col) == (1, 1) and s.cells.max_row == len(frame) + 1:
            s.bold_a1 = True

    def clear_columns(self, sheet: str, first_col: int, n_cols: int) -> None:
        self._sheets[sheet].cells.clear_columns(first_col, n_cols)

    def add_table(self, sheet: str, ref: str, name: str) -> None:
        self._sheets[sheet].tables.append((ref, name))

    def number_format(self, sheet: str, ref: str, fmt: str) -> None:
        self._sheets[sheet].formats.append((range_boundaries(ref), fmt))

    def conditional_fill(self, sheet: str, ref: str, formula: str, color: str) -> None:
        self._sheets[sheet].fills.append((ref, formula, color))

    def add_chart(self, sheet: str, spec: dict[str, Any]) -> None:
        """``spec``: title, data (A1 range incl. header row), cats (A1 range), anchor, x_title, y_title, gap."""
        self._sheets[sheet].charts.append(dict(spec))

    def hyperlink(self, sheet: str, cell: str, target_sheet: str, target_cell: str) -> None:
        row, col = _origin(cell)
        self._sheets[sheet].links.append((row, col, target_sheet, target_cell))

    def column_widths(self, sheet: str, widths: dict[str, float]) -> None:
        self._sheets[sheet].widths.update(widths)

    def freeze(self, sheet: str, cell: str) -> None:
        self._sheets[sheet].frozen = cell

    def page_setup(self, sheet: str, setup: PageSetup) -> None:
        self._sheets[sheet].page = setup

    def autofilter(self, sheet: str, ref: str) -> None:
        self._sheets[sheet].autofilter = ref

    def hide_sheet(self, sheet: str) -> None:
        """A technical sheet (the stored scheme): hidden, still read by xlperf."""
        self._sheets[sheet].hidden = True

    def set_font(self, name: str, size: float) -> None:
        """Every cell of the book gets this font (xlsxwriter's default is an unnamed-for-CJK Calibri)."""
        self._font = (name, size)

    def status(self, text: str | None) -> None:  # no status bar for files
        return None

    # -- saving -----------------------------------------------------------------
    def save(self, path: str | Path | None = None) -> None:
        """Write the whole workbook to ``path`` (atomically)."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no path to save to")
        buffer = io.BytesIO()
        bodies, tables = self._build(buffer)
        with atomic_path(target) as tmp:
            write_with_bodies(buffer, bodies, tmp, tables=tables)

    def save_donor(self, path: str | Path) -> dict[str, SheetBody]:
        """Write the structure to ``path`` and return each sheet's cells, for the splice."""
        buffer = io.BytesIO()
        bodies, tables = self._build(buffer)
        write_with_bodies(buffer, {}, Path(path), tables=tables)
        return bodies

    def _build(self, target: Any) -> tuple[dict[str, SheetBody], dict[str, str]]:
        """xlsxwriter's package into ``target``; the sheets' bodies and the tables' full ranges."""
        font = font_props(self._font)
        # the Normal style keeps xlsxwriter's Calibri: column widths are measured in its digits,
        # the same in Excel and LibreOffice (Carlito); every cell gets the named CJK font
        wb = xlsxwriter.Workbook(target, OPTIONS)
        looks: dict[Look, Any] = {}
        plans, tables = {}, {}
        for name, s in self._sheets.items():
            ws = wb.add_worksheet(name)
            plans[name] = _look_plan(s)
            below = s.cells.max_row  # a row under the cells: nothing else writes there
            used = {lk for lk in plans[name][1] if lk != PLAIN or font}
            for k, look in enumerate(sorted(used, key=str)):
                props = font | _format_props(look)
                fmt = looks.get(look) or looks.setdefault(look, wb.add_format(props))
                ws.write_blank(below, k, None, fmt)  # registers the format; the rows are replaced
            tables.update(_decorate(wb, ws, name, s))
            if s.page is not None:
                page_setup(ws, s.page)
        wb.close()
        xf = {PLAIN: 0} | {look: (fmt.xf_index or 0) for look, fmt in looks.items()}
        bodies = {name: _body(self._sheets[name], *plans[name], xf) for name in self._sheets}
        return bodies, tables


def _format_props(look: Look) -> dict[str, Any]:
    num, bold, link = look
    props: dict[str, Any] = {}
    if num:
        props["num_format"] = num
    if bold:
        props["bold"] = True
    if link:
        props.update(font_color=LINK_COLOR, underline=1)
    return props


def _look_plan(s: _Sheet) -> tuple[list[list[int | np.ndarray]], list[Look]]:
    """Per block and column: look indexes (one, or one per row); and the looks by index."""
    table: list[Look] = [PLAIN]
    index = {PLAIN: 0}
    out = []
    for block in s.cells.blocks:
        cols = []
        for j, column in enumerate(block.columns):
            looks = _column_looks(s, block, j, column)
            if isinstance(looks, tuple):
                cols.append(
                    index.setdefault(looks, len(table)) if looks not in index else index[looks]
                )
                if len(table) < len(index):
                    table.append(looks)
                continue
            codes, uniques = pd.factorize(pd.Series(looks, dtype=object))
            ids = []
            for lk in uniques:
                if lk not in index:
                    index[lk] = len(table)
                    table.append(lk)
                ids.append(index[lk])
            cols.append(np.asarray(ids, dtype=np.int64)[codes])
        out.append(cols)
    return out, table


def _column_looks(s: _Sheet, block: Cells, j: int, column: Any) -> Look | np.ndarray:
    """The look of each cell of one block column: one look when they share it."""
    col, top, h = block.col + j, block.row, block.height
    implied = implied_formats(column)
    ranges = [
        (max(r1, top), min(r2, top + h - 1), fmt)
        for (c1, r1, c2, r2), fmt in s.formats
        if c1 <= col <= c2 and r1 <= top + h - 1 and r2 >= top
    ]
    links = {r for r, c, _, _ in s.links if c == col and top <= r < top + h}
    bold = s.bold_a1 and col == 1 and top == 1
    if (
        implied is None
        and not links
        and not bold
        and all(a == top and b == top + h - 1 for a, b, _ in ranges)
    ):
        fmt = ranges[-1][2] if ranges else None
        return (None if fmt in (None, "General") else fmt, False, False)
    nums = implied.copy() if implied is not None else np.full(h, None, dtype=object)
    for a, b, fmt in ranges:
        nums[a - top : b - top + 1] = None if fmt == "General" else fmt
    looks = np.empty(h, dtype=object)
    looks[:] = [(n, False, False) for n in nums]
    if bold:
        looks[0] = (looks[0][0], True, looks[0][2])
    for r in links:
        looks[r - top] = (looks[r - top][0], looks[r - top][1], True)
    return looks


def _body(
    s: _Sheet, plan: list[list[int | np.ndarray]], table: list[Look], xf: dict[Look, int]
) -> SheetBody:
    xfs = np.array([xf[lk] for lk in table], dtype=np.int64)
    styles = [[xfs[c] if isinstance(c, np.ndarray) else int(xfs[c]) for c in cols] for cols in plan]
    return SheetBody(tuple(s.cells.blocks), tuple(styles))


def _decorate(wb: Any, ws: Any, name: str, s: _Sheet) -> dict[str, str]:
    """Tables, conditional fills, links, charts, widths and panes; returns the tables' ranges."""
    tables = {}
    for ref, table in s.tables:
        c1, r1, c2, r2 = range_boundaries(ref)
        headers = [s.cells.value(r1, c) for c in range(c1, c2 + 1)]
        columns = [
            {"header": str(h) if h not in (None, "") else f"Column{i}"}
            for i, h in enumerate(headers, 1)
        ]
        # xlsxwriter visits every cell of a table's range: give it two rows, the range comes after
        ws.add_table(
            r1 - 1,
            c1 - 1,
            min(r2, r1 + 1) - 1,
            c2 - 1,
            {"name": table, "style": "Table Style Medium 2", "columns": columns},
        )
        tables[table] = ref
    for ref, formula, color in s.fills:
        c1, r1, c2, r2 = range_boundaries(ref)
        fmt = wb.add_format({"bg_color": "#" + color[-6:], "pattern": 1})
        ws.conditional_format(
            r1 - 1,
            c1 - 1,
            r2 - 1,
            c2 - 1,
            {"type": "formula", "criteria": "=" + formula, "format": fmt},
        )
    for row, col, target_sheet, target_cell in s.links:
        quoted = "'" + target_sheet.replace("'", "''") + "'"
        shown = s.cells.value(row, col)
        ws.write_url(
            row - 1,
            col - 1,
            f"internal:{quoted}!{target_cell}",
            None,
            str(shown if shown is not None else target_cell),
        )
    if s.charts:  # fixed row heights: a chart sits on the rows it was anchored to in every reader
        ws.set_default_row(15)
    for spec in s.charts:
        ws.insert_chart(spec["anchor"], chart(wb, name, spec))
    for letters, width in s.widths.items():
        c = col_index(letters) - 1
        ws.set_column(c, c, width)
    if s.frozen:
        ws.freeze_panes(s.frozen)
    if s.hidden:
        ws.hide()
    if s.autofilter:
        c1, r1, c2, r2 = range_boundaries(s.autofilter)
        ws.autofilter(r1 - 1, c1 - 1, r2 - 1, c2 - 1)
    return tables


__all__ = ["XlsxwriterBook"]
