""":class:`HistoryView`: what the core needs of the closed periods, as plain frames.

The store (:mod:`xlperf.io.history`) builds it; tests build it by hand with
:meth:`HistoryView.of`. ``records`` has one row per employee and closed
period (final score, final grade after overrides, flags ';'-joined, section
scores as ``score_<section>``); ``plans`` holds the improvement plans still
open; ``closed`` names every closed period, so scoring a closed period's
data is refused.

Example:
    >>> v = HistoryView.of([("2026Q1", "E1", 121.0, "A", "")])
    >>> v.closed, v.records.loc[0, "grade"], len(v.plans)
    (frozenset({'2026Q1'}), 'A', 0)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

#: the columns of :attr:`HistoryView.records` (section scores may follow as ``score_<section>``)
RECORD_COLUMNS = (
    "period",
    "employee_id",
    "name",
    "department",
    "role",
    "final_score",
    "grade",
    "flags",
)
#: the columns of an improvement plan (open, or with its outcome)
PLAN_COLUMNS = (
    "employee_id",
    "name",
    "department",
    "period",
    "due_date",
    "indicators",
    "status",
    "outcome_period",
    "outcome_grade",
)
OPEN, MET, NOT_MET = "open", "met", "not met"


_SHORT_RECORD = ("period", "employee_id", "final_score", "grade", "flags")


def _frame(
    rows: pd.DataFrame | Iterable[tuple] | None,
    columns: tuple[str, ...],
    short: tuple[str, ...] = (),
) -> pd.DataFrame:
    if rows is None:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    elif isinstance(rows, pd.DataFrame):
        frame = rows.copy()
    else:
        rows = list(rows)
        names = short if short and rows and len(rows[0]) == len(short) else columns
        frame = pd.DataFrame(rows, columns=list(names))
    for c in columns:
        if c not in frame.columns:
            frame[c] = None
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class HistoryView:
    """Closed periods as frames: ``records`` (per employee and period), open ``plans``, ``closed`` ids."""

    records: pd.DataFrame
    plans: pd.DataFrame
    closed: frozenset[str] = field(default_factory=frozenset)
    closed_at: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        records: pd.DataFrame | Iterable[tuple] | None = None,
        plans: pd.DataFrame | Iterable[tuple] | None = None,
        closed: Iterable[str] | dict[str, str] | None = None,
    ) -> HistoryView:
        """A view from frames or tuples; tuples of records may be short:
        ``(period, employee_id, final_score, grade, flags)``.

        ``closed`` (ids, or ids → close time) defaults to the periods the records name.

        Example:
            >>> HistoryView.of(None, [("E1", "", "", "2026Q1", "2026-06-30", "X 80.0", "open", None, None)]
            ...                ).plans.loc[0, "status"]
            'open'
        """
        recs = _frame(records, RECORD_COLUMNS, _SHORT_RECORD)
        for c in ("name", "department", "role", "flags"):
            recs[c] = recs[c].fillna("").astype(str)
        recs["period"] = recs["period"].astype(str)
        recs["employee_id"] = recs["employee_id"].astype(str)
        recs["final_score"] = pd.to_numeric(recs["final_score"], errors="coerce").astype(float)
        plan_frame = _frame(plans, PLAN_COLUMNS)
        plan_frame["employee_id"] = plan_frame["employee_id"].astype(str)
        ids = frozenset(closed) if closed is not None else frozenset(recs["period"].astype(str))
        when = {str(k): str(v) for k, v in closed.items()} if isinstance(closed, dict) else {}
        return cls(recs, plan_frame, ids, when)

    @classmethod
    def empty(cls) -> HistoryView:
        """No closed periods at all."""
        return cls.of()

    def section_columns(self) -> list[str]:
        """The ``score_<section>`` columns the records carry."""
        return [c for c in self.records.columns if c.startswith("score_")]
