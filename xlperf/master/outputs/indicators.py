"""The Indicators sheet: every Data row with its indicator score, and the Data row it came from.

Recalc never writes into the user's Data sheet; the per-indicator scores are
here, one row per Data row, in the same order, with the Data row number.

Example:
    >>> indicator_rows.__name__
    'indicator_rows'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlperf.core.engine import Results
from xlperf.io.workbook import Workbook, block_ref
from xlperf.master import sheets as S
from xlperf.master.outputs.common import frame_rows

COLUMNS = ["employee_id", "name", "department", "indicator", "section", "method", "actual", "target", "baseline", "weight", "score"]


def indicator_rows(data: pd.DataFrame, results: Results) -> list[list]:
    ind = results.indicators
    frame = ind[COLUMNS].copy()
    frame.insert(0, "_row", data["_row"].to_numpy() if "_row" in data else np.arange(2, len(ind) + 2))
    return frame_rows(frame)


def write_indicators_sheet(book: Workbook, data: pd.DataFrame, results: Results, lang: str) -> str:
    name = S.sheet("indicators", lang)
    book.replace_sheet(name)
    rows = indicator_rows(data, results)
    book.write_block(name, "A1", [list(S.text("indicators_cols", lang)), *rows])
    caps = book.capabilities
    if "number_format" in caps and rows:
        book.number_format(name, block_ref(2, 12, len(rows), 1), "0.00")
    if "column_width" in caps:
        book.column_widths(name, {"A": 8, "B": 12, "C": 12, "D": 14, "E": 22, "F": 12, "G": 12, "L": 12})
    return name
