"""Build a master workbook from input tables (for tests, benchmarks and scripts).

Example:
    >>> write_master(Path("master.xlsx"), yaml_text, data, ratings, adjustments)  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from xlperf.core.tables import COLUMNS
from xlperf.io.scheme_store import store_rows
from xlperf.master import sheets as S
from xlperf.master.collect.merge import header_word
from xlperf.master.filebook import FileMaster
from xlperf.master.outputs.common import frame_rows
from xlperf.master.writer import commit_master

DATA_COLUMNS = COLUMNS["data"]
RATING_COLUMNS = COLUMNS["ratings"]
ADJ_COLUMNS = COLUMNS["adjustments"]


def write_master(
    path: Path,
    yaml_text: str,
    data: pd.DataFrame,
    ratings: pd.DataFrame | None = None,
    adjustments: pd.DataFrame | None = None,
    lang: str = "zh",
) -> Path:
    """A new master with Data, Ratings, Adjustments and the stored scheme; returns its path."""
    book = FileMaster(None)
    for key, frame, cols in (
        ("data", data, DATA_COLUMNS),
        ("ratings", ratings, RATING_COLUMNS),
        ("adjustments", adjustments, ADJ_COLUMNS),
    ):
        name = S.sheet(key, lang)
        body = frame_rows(frame.reindex(columns=cols)) if frame is not None else []
        book.replace_sheet(name)
        book.write_block(name, "A1", [[header_word(key, c, lang) for c in cols], *body])
    book.replace_sheet(S.STORE_SHEET)
    book.write_block(S.STORE_SHEET, "A1", store_rows(yaml_text, lang=lang))
    if "hide" in book.capabilities:
        book.hide_sheet(S.STORE_SHEET)
    commit_master(book, Path(path), keep_backups=0)
    return Path(path)


__all__ = ["ADJ_COLUMNS", "DATA_COLUMNS", "RATING_COLUMNS", "write_master"]
