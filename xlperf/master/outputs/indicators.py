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
from xlperf.core.scheme import Scheme
from xlperf.io.workbook import Workbook
from xlperf.master import sheets as S
from xlperf.master.outputs.common import write_table
from xlperf.master.outputs.naming import indicator_names, mapped, method_names, section_names
from xlperf.master.outputs.present import (
    INTEGER,
    SCORE,
    PrintContext,
    SheetSpec,
    fit_widths,
    frame_columns,
    present_sheet,
)

COLUMNS = [
    "employee_id",
    "name",
    "department",
    "indicator",
    "section",
    "method",
    "actual",
    "target",
    "baseline",
    "weight",
    "score",
]


def indicator_frame(data: pd.DataFrame, results: Results) -> pd.DataFrame:
    """The sheet's rows as a frame: the Data row, then the indicator's columns."""
    ind = results.indicators
    frame = ind[COLUMNS].copy()
    frame.insert(
        0, "_row", data["_row"].to_numpy() if "_row" in data else np.arange(2, len(ind) + 2)
    )
    return frame


def write_indicators_sheet(
    book: Workbook,
    data: pd.DataFrame,
    results: Results,
    lang: str,
    scheme: Scheme | None = None,
    context: PrintContext | None = None,
) -> str:
    """The Indicators sheet; in Chinese (with ``scheme``) indicators, sections and methods by name."""
    name = S.sheet("indicators", lang)
    book.replace_sheet(name)
    frame = indicator_frame(data, results)
    if lang == "zh" and scheme is not None:
        frame["indicator"] = mapped(frame["indicator"], indicator_names(scheme, lang))
        frame["section"] = mapped(frame["section"], section_names(scheme, lang))
        frame["method"] = mapped(frame["method"], method_names(lang))
    header = list(S.text("indicators_cols", lang))
    write_table(book, name, header, frame)
    spec = SheetSpec(
        n_rows=len(frame),
        n_cols=len(header),
        id_cols=3,
        formats={11: INTEGER, 12: SCORE},
        table=f"xlperf_indicators_{lang}",
        widths=fit_widths(header, frame_columns(frame)),
    )
    present_sheet(book, name, spec, context or PrintContext(lang, period=results.period))
    return name
