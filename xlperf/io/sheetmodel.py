"""What a writer has put on one sheet: blocks of cells by column, later writes winning.

A sheet is a list of non-overlapping :class:`~xlperf.io.cellxml.Cells`
blocks. A block written over part of another is merged with it into one
dense block (values only; rare: xlperf writes each table once), so the
blocks can be rendered row band by row band without a cell dictionary.
Big tables stay columns (numpy arrays, pandas columns) until they are
rendered; :meth:`SheetCells.rows` gives them back as Python values, the way
the Workbook interface reads a sheet.

Example:
    >>> s = SheetCells()
    >>> s.write(2, 2, [[1, 2]])
    >>> s.write(1, 1, [["a"]])
    >>> s.rows()
    [['a', None, None], [None, 1, 2]]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from xlperf.io.cellxml import Cells, Column


def cell_value(v: object) -> object:
    """A value as the sheet holds it: numpy scalars unwrapped, NaN/NA/NaT and ±inf as None."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def column_values(column: Column) -> list[object]:
    """A column as a list of cell values."""
    if isinstance(column, pd.Series | pd.Index | pd.Categorical):
        column = np.asarray(column, dtype=object)
    return [cell_value(v) for v in column]


def columns_of(rows: Sequence[Sequence[Any]]) -> list[np.ndarray]:
    """Rows (possibly ragged) as object columns, short rows padded with None."""
    width = max((len(r) for r in rows), default=0)
    out = [np.full(len(rows), None, dtype=object) for _ in range(width)]
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            out[j][i] = v
    return out


def _span(b: Cells) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) of a block, exclusive ends."""
    return b.row, b.col, b.row + b.height, b.col + b.width


def _bounds(blocks: Sequence[Cells]) -> tuple[int, int, int, int]:
    spans = [_span(b) for b in blocks]
    return (
        min(s[0] for s in spans),
        min(s[1] for s in spans),
        max(s[2] for s in spans),
        max(s[3] for s in spans),
    )


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _paint(blocks: Sequence[Cells]) -> Cells:
    """One dense block covering ``blocks``, each painted over the ones before it."""
    top, left, bottom, right = _bounds(blocks)
    grid = [np.full(bottom - top, None, dtype=object) for _ in range(right - left)]
    for block in blocks:
        for j, column in enumerate(block.columns):
            grid[block.col - left + j][block.row - top : block.row - top + block.height] = (
                column_values(column)
            )
    return Cells(top, left, grid)


class SheetCells:
    """The cells of one sheet as blocks (see the module docstring)."""

    def __init__(self) -> None:
        self.blocks: list[Cells] = []

    def write(self, row: int, col: int, rows: Sequence[Sequence[Any]]) -> None:
        """Rows of values with their top-left cell at ``row``, ``col`` (1-based)."""
        if rows:
            self.write_columns(row, col, columns_of(rows))

    def write_columns(self, row: int, col: int, columns: Sequence[Column]) -> None:
        """Columns of equal length with their top-left cell at ``row``, ``col``."""
        new = Cells(row, col, list(columns))
        if not new.height or not new.width:
            return
        hit: list[int] = []
        box = _span(new)
        while more := [
            i for i, b in enumerate(self.blocks) if i not in hit and _overlaps(_span(b), box)
        ]:
            hit += more
            box = _bounds([*(self.blocks[i] for i in hit), new])
        if hit:  # the blocks it touches, and their bounding box, become one block
            new = _paint([*(self.blocks[i] for i in sorted(hit)), new])
            self.blocks = [b for i, b in enumerate(self.blocks) if i not in hit]
        self.blocks.append(new)

    def clear_columns(self, first_col: int, n_cols: int) -> None:
        """Empty columns ``first_col``..``first_col + n_cols - 1``."""
        for block in list(self.blocks):
            cols = [
                j for j in range(block.width) if first_col <= block.col + j < first_col + n_cols
            ]
            if cols:
                columns = list(block.columns)
                for j in cols:
                    columns[j] = np.full(block.height, None, dtype=object)
                self.blocks[self.blocks.index(block)] = Cells(block.row, block.col, columns)

    @property
    def max_row(self) -> int:
        return max((b.row + b.height - 1 for b in self.blocks), default=0)

    @property
    def max_col(self) -> int:
        return max((b.col + b.width - 1 for b in self.blocks), default=0)

    def value(self, row: int, col: int) -> object:
        """The value at one cell (None when empty)."""
        for b in self.blocks:
            if b.row <= row < b.row + b.height and b.col <= col < b.col + b.width:
                return cell_value(np.asarray(b.columns[col - b.col], dtype=object)[row - b.row])
        return None

    def rows(self) -> list[list[object]]:
        """Every row from row 1 to the last, column A to the last used one (None where empty)."""
        height, width = self.max_row, self.max_col
        grid = [[None] * width for _ in range(height)]
        for b in self.blocks:
            for j, column in enumerate(b.columns):
                for i, v in enumerate(column_values(column)):
                    grid[b.row - 1 + i][b.col - 1 + j] = v
        return grid


__all__ = ["SheetCells", "cell_value", "column_values", "columns_of"]
