"""The Indicators sheet: every Data row with its indicator score, and the Data row it came from.

Recalc never writes into the user's Data sheet; the per-indicator scores are
here, one row per Data row, in the same order, with the Data row number.

Example:
    >>> COLUMNS[:3]
    ['employee_id', 'name', 'department']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlperf.core.engine import Results
from xlperf.io.workbook import Workbook, block_ref
from xlperf.master import sheets as S
from xlperf.master.outputs.common import write_table

COLUMNS = ["employee_id", "name", "department", "indicator", "section", "method", "actual", "target", "baseline", "weight", "score"]


def indicator_frame(data: pd.DataFrame, results: Results) -> pd.DataFrame:
    """The sheet's rows as a frame: the Data row, then the indicator's columns."""
    ind = results.indicators
    frame = ind[COLUMNS].copy()
    frame.insert(0, "_row", data["_row"].to_numpy() if "_row" in data else np.arange(2, len(ind) + 2))
    return frame


def write_indicators_sheet(book: Workbook, data: pd.DataFrame, results: Results, lang: str) -> str:
    name = S.sheet("indicators", lang)
    book.replace_sheet(name)
    frame = indicator_frame(data, results)
    write_table(book, name, list(S.text("indicators_cols", lang)), frame)
    caps = book.capabilities
    if "number_format" in caps and len(frame):
        book.number_format(name, block_ref(2, 12, len(frame), 1), "0.00")
    if "column_width" in caps:
        book.column_widths(name, {"A": 8, "B": 12, "C": 12, "D": 14, "E": 22, "F": 12, "G": 12, "L": 12})
    return name
