"""A master's inputs: its scheme (stored in the workbook, or given) and its Data, Ratings, Adjustments.

HR pastes the pay inputs into the master: PayBase / 薪酬基数 (employee_id,
bonus_base, commission_base) and Teams / 团队 (department, coefficient, pool).
They are read by name in either language, never from the Pay / 薪酬 output.

Example:
    >>> from xlperf.io.openpyxl_book import OpenpyxlBook
    >>> book = OpenpyxlBook.new(); book.replace_sheet("数据")
    >>> find_sheet(book, "data")
    '数据'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from xlperf.core.scheme import Scheme, load_scheme
from xlperf.errors import InputError, Location
from xlperf.io.readers import SHEET_NAMES
from xlperf.io.scheme_store import find_stored_scheme, load_stored, no_stored_scheme
from xlperf.io.tablehash import update_csv_hash
from xlperf.io.workbook import Workbook, read_frame
from xlperf.messages import say
from xlperf.messages.glossary import term

#: the master's input sheets that only HR fills (never in a manager's form), by reader kind
HR_SHEETS = {"pay": "sheet_paybase", "teams": "sheet_teams"}


def book_name(book: Workbook) -> str:
    return book.path.name if book.path else "workbook"


def find_sheet(book: Workbook, kind: str) -> str | None:
    """The sheet holding an input table (``Data``/``数据``/``KPI``...), case-insensitive."""
    lowered = {n.strip().lower(): n for n in book.sheet_names()}
    wanted = (
        (term(HR_SHEETS[kind], "en"), term(HR_SHEETS[kind], "zh"))
        if kind in HR_SHEETS
        else SHEET_NAMES[kind]
    )
    for want in wanted:
        if want.lower() in lowered:
            return lowered[want.lower()]
    return None


def resolve_scheme(book: Workbook, scheme: Scheme | str | Path | None = None) -> Scheme:
    """The scheme given, else the one stored in the workbook (any layout xlperf has written)."""
    if isinstance(scheme, Scheme):
        return scheme
    if scheme is not None:
        return load_scheme(scheme)
    stored = find_stored_scheme(book.read_rows, book.sheet_names())
    if stored is None:
        raise no_stored_scheme(book_name(book))
    return load_stored(stored, book.path.parent if book.path else None, book_name(book))


INPUT_KINDS = ("ratings", "data", "adjustments", "overrides")  # the biggest first


@dataclass(frozen=True)
class MasterInputs:
    """A master's input tables: Data (required) and the optional ones (None when absent or empty).

    ``spot_checks``: the SpotChecks / 日常抽查 sheet (employee_id, date, score, note);
    ``pay`` and ``teams``: the PayBase / 薪酬基数 and Teams / 团队 sheets.
    """

    data: pd.DataFrame
    ratings: pd.DataFrame | None = None
    adjustments: pd.DataFrame | None = None
    overrides: pd.DataFrame | None = None
    spot_checks: pd.DataFrame | None = None
    pay: pd.DataFrame | None = None
    teams: pd.DataFrame | None = None

    @property
    def tables(self) -> tuple[pd.DataFrame | None, ...]:
        """The tables the input fingerprint covers (spot checks and pay only when given, so a
        master without them keeps its fingerprint)."""
        extra = (self.spot_checks,) if self.spot_checks is not None else ()
        if self.pay is not None or self.teams is not None:
            extra += (self.pay, self.teams)
        return (self.data, self.ratings, self.adjustments, self.overrides, *extra)


def _optional(book: Workbook, kind: str) -> pd.DataFrame | None:
    name = find_sheet(book, kind)
    df = read_frame(book, name) if name is not None else None
    return df if df is not None and len(df) else None


def read_inputs(book: Workbook) -> MasterInputs:
    """The master's input sheets (Data, Ratings, Adjustments, Overrides, SpotChecks, PayBase,
    Teams) as reader-format frames."""
    data_sheet = find_sheet(book, "data")
    if data_sheet is None:
        where = Location(file=book_name(book))
        problem = say("MASTER_NO_DATA", where, sheets=", ".join(book.sheet_names()))
        raise InputError("No Data sheet", [problem], "工作簿中没有数据工作表")
    prefetch = getattr(book, "prefetch", None)  # a file book reads the sheets side by side
    if prefetch is not None:
        prefetch([n for kind in INPUT_KINDS if (n := find_sheet(book, kind)) is not None])
    return MasterInputs(
        read_frame(book, data_sheet),
        _optional(book, "ratings"),
        _optional(book, "adjustments"),
        _optional(book, "overrides"),
        _optional(book, "spot_checks"),
        _optional(book, "pay"),
        _optional(book, "teams"),
    )


def input_fingerprint(*frames: pd.DataFrame | None) -> str:
    """A short hash of the input tables' contents (not of formatting)."""
    h = hashlib.sha256()
    for df in frames:
        if df is not None:
            update_csv_hash(h, df[[c for c in df.columns if c != "_row"]])  # = to_csv(index=False)
        h.update(b"\x1e")
    return h.hexdigest()[:16]
