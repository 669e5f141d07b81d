"""Build a master workbook from input tables (used by collect, the demo cycle and the bench).

Example:
    >>> write_master(Path("master.xlsx"), yaml_text, data, ratings, adjustments)  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from xlperf.core.tables import COLUMNS
from xlperf.io.atomic import atomic_path
from xlperf.master import sheets as S
from xlperf.master.pipeline import _rows, scheme_sheet_rows

DATA_COLUMNS = COLUMNS["data"]
RATING_COLUMNS = COLUMNS["ratings"]
ADJ_COLUMNS = COLUMNS["adjustments"]


def _frame(df: pd.DataFrame | None, cols: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(columns=cols) if df is None else df
    return df.reindex(columns=cols)


def master_workbook(
    yaml_text: str,
    data: pd.DataFrame,
    ratings: pd.DataFrame | None = None,
    adjustments: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    lang: str = "zh",
) -> Workbook:
    """An openpyxl workbook with Data, Ratings, Adjustments, Scheme (and Sources) sheets."""
    wb = Workbook(write_only=True)
    for name, df, cols in (
        (S.INPUT_SHEETS["data"], data, DATA_COLUMNS),
        (S.INPUT_SHEETS["ratings"], ratings, RATING_COLUMNS),
        (S.INPUT_SHEETS["adjustments"], adjustments, ADJ_COLUMNS),
    ):
        ws = wb.create_sheet(name)
        ws.append(cols)
        for r in _rows(_frame(df, cols)):
            ws.append(r)
    if sources is not None:
        ws = wb.create_sheet(S.sheet("sources", lang))
        ws.append(list(sources.columns))
        for r in _rows(sources):
            ws.append(r)
    ws = wb.create_sheet(S.SCHEME_SHEET)
    for r in scheme_sheet_rows(yaml_text):
        ws.append(r)
    return wb


def write_master(
    path: Path,
    yaml_text: str,
    data: pd.DataFrame,
    ratings: pd.DataFrame | None = None,
    adjustments: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    lang: str = "zh",
) -> Path:
    """Write a master workbook atomically; returns its path."""
    wb = master_workbook(yaml_text, data, ratings, adjustments, sources, lang)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return Path(path)


__all__ = ["write_master", "master_workbook", "Font"]
