"""How xlperf's tables look: number formats by column and widths that fit the content (CJK-aware).

Shared by the master's sheets (:mod:`xlperf.master.outputs.present`) and the
results file (:mod:`xlperf.io.results_writer`).

Example:
    >>> formats_of(["employee_id", "final_score", "rank"])
    {2: '0.0', 3: '0'}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from xlperf.core.engine.pay import MONEY_COLUMNS
from xlperf.io.page import display_width

SCORE = "0.0"
FACTOR = "0.00"
INTEGER = "0"
#: a rate held as a fraction (1.202 → 120.2%)
PERCENT = "0.0%"
#: money: exact amounts, two places, the yuan sign
MONEY = '"¥"#,##0.00'
#: widths (in Latin characters) a column is kept within
MIN_WIDTH, MAX_WIDTH = 6.0, 48.0
#: how many cells of a column are measured (the widest of a sample is wide enough)
SAMPLE = 400


def column_format(column: str) -> str | None:
    """The number format of a Results-like column, by its contract name.

    Example:
        >>> [column_format(c) for c in ("final_score", "rank", "bonus_amount", "name")]
        ['0.0', '0', '"¥"#,##0.00', None]
    """
    if column in MONEY_COLUMNS:
        return MONEY
    if column.startswith("score_") or column.endswith("_score") or column == "score":
        return SCORE
    if column in ("bonus_factor", "factor", "pay_factor", "team_coefficient"):
        return FACTOR
    if column in ("rank", "department_rank", "weight") or column.startswith("streak_"):
        return INTEGER
    if column.endswith("_rate") or column in ("completion", "attainment"):
        return PERCENT
    return None


def formats_of(columns: Sequence[str]) -> dict[int, str]:
    """1-based column → format, for the columns :func:`column_format` knows."""
    return {j: f for j, c in enumerate(columns, start=1) if (f := column_format(c)) is not None}


def fit_widths(
    header: Sequence[Any], columns: Iterable[Sequence[Any]], first_col: int = 1
) -> dict[str, float]:
    """Column widths (by letter) that fit the header and a sample of each column, CJK-aware.

    Example:
        >>> fit_widths(["工号", "部门"], [["E1001", "E2"], ["销售一部", "大客户部门"]])
        {'A': 8.0, 'B': 12.0}
    """
    out = {}
    for j, (head, values) in enumerate(zip(header, columns, strict=False)):
        sample = list(values[:SAMPLE]) if len(values) > SAMPLE else list(values)
        widest = max([display_width(v) for v in sample] + [display_width(head) + 2])
        letter = get_column_letter(first_col + j)
        out[letter] = float(min(MAX_WIDTH, max(MIN_WIDTH, widest + 2)))
    return out


def frame_columns(frame: pd.DataFrame) -> list[list[Any]]:
    """A sample of each column of ``frame`` as plain values (for :func:`fit_widths`)."""
    head = frame.head(SAMPLE)
    return [head.iloc[:, j].tolist() for j in range(head.shape[1])]


def rows_columns(rows: Sequence[Sequence[Any]], n_cols: int) -> list[list[Any]]:
    """Body rows turned into columns (a sample), padded to ``n_cols``."""
    sample = rows[:SAMPLE]
    return [[r[j] if j < len(r) else None for r in sample] for j in range(n_cols)]


__all__ = [
    "FACTOR",
    "INTEGER",
    "MONEY",
    "PERCENT",
    "SCORE",
    "column_format",
    "fit_widths",
    "formats_of",
    "frame_columns",
    "rows_columns",
]
