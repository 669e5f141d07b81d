"""What reading a returned form gives: its contents for collect, and a snapshot of its locked part.

Example:
    >>> snap = FormSnapshot("f.xlsx", {"form_id": "F1"}, {}, "", {}, {}, ())
    >>> snap.has_meta, snap.meta["form_id"]
    (True, 'F1')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from xlperf.core.tables import COLUMNS
from xlperf.errors import Problem
from xlperf.templates.seal import ListedCell

__all__ = ["DATA_COLUMNS", "RATING_COLUMNS", "FormContents", "FormSnapshot", "ListedCell"]

DATA_COLUMNS = COLUMNS["data"]
RATING_COLUMNS = COLUMNS["ratings"]


@dataclass(frozen=True)
class FormSnapshot:
    """The parts of a form that authentication looks at, read once.

    ``meta``: the ``key | value`` pairs of ``_xlperf!A:B`` (empty when the
    sheet is missing); ``meta_rows``: the row of each key; ``values``: sheet
    key → cell → value of every non-empty cell of the visible sheets found;
    ``listed``: the locked cells listed in ``_xlperf!D:G``.
    """

    file: str
    meta: Mapping[str, str]
    meta_rows: Mapping[str, int]
    yaml_text: str
    names: Mapping[str, str]
    values: Mapping[str, Mapping[str, object]]
    listed: tuple[ListedCell, ...]
    has_sheet: bool = True

    @property
    def has_meta(self) -> bool:
        return self.has_sheet and bool(self.meta)


@dataclass
class FormContents:
    """What :func:`xlperf.templates.reader.read_form` found in one form."""

    path: Path
    meta: dict[str, str]
    data: pd.DataFrame
    ratings: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    snapshot: FormSnapshot | None = None

    @property
    def ok(self) -> bool:
        return not self.problems
