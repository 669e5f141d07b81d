"""Rows of the history file: Results → table rows, and table rows → a HistoryView or a listing.

Everything here is built before a write transaction starts (so a bad value
never leaves half a period behind) or read inside one.

Example:
    >>> import numpy as np, pandas as pd
    >>> list(records(pd.DataFrame({"a": [1.5, np.nan], "b": ["x", None]}), ["a", "b"]))
    [(1.5, 'x'), (None, None)]
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from decimal import Decimal

import numpy as np
import pandas as pd

from xlperf.core.engine import Results
from xlperf.core.history.view import OPEN, PLAN_COLUMNS, HistoryView
from xlperf.core.periods import period_or_none

EMPLOYEE_COLUMNS = (
    "employee_id",
    "name",
    "department",
    "role",
    "final_score",
    "grade_absolute",
    "grade",
    "rank",
    "department_rank",
    "bonus_factor",
    "flags",
)
#: money columns the pay rules add to Results.employees (stored as exact decimal text)
PAY_COLUMNS = ("bonus_base", "bonus_amount", "commission", "pool_share", "total_pay")
INDICATOR_COLUMNS = (
    "employee_id",
    "indicator",
    "month",
    "section",
    "method",
    "actual",
    "target",
    "baseline",
    "weight",
    "score",
)
_TEXT = ("name", "department", "role", "flags")


def _cell(v: object) -> object:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, np.generic):
        return _cell(v.item())
    return v


def column_values(col: pd.Series) -> list:
    """A column as plain Python values, NaN and missing as None (vectorised for numbers)."""
    kind = col.dtype.kind
    if kind == "f":
        arr = col.to_numpy(dtype=float)
        out = arr.tolist()
        for i in np.flatnonzero(np.isnan(arr)).tolist():
            out[i] = None
        return out
    if kind in "iub":
        return col.tolist()
    values = col.to_numpy(dtype=object).tolist()
    for i in np.flatnonzero(col.isna().to_numpy()).tolist():
        values[i] = None
    if col.dtype != object:  # a string column holds str (and the missing cells set above)
        return values
    return [v.item() if isinstance(v, np.generic) else v for v in values]


def records(frame: pd.DataFrame, columns: Iterable[str]) -> Iterator[tuple]:
    """The frame's ``columns`` as plain Python tuples (NaN and None as NULL)."""
    return zip(*(column_values(frame[c]) for c in columns), strict=True)


def employee_frame(results: Results) -> pd.DataFrame:
    """The employee rows to store; columns a result lacks are stored empty."""
    emp = results.employees.copy()
    for c in EMPLOYEE_COLUMNS:
        if c not in emp.columns:
            emp[c] = "" if c in _TEXT else None
    for c in _TEXT:
        emp[c] = emp[c].fillna("").astype(str)
    emp["employee_id"] = emp["employee_id"].astype(str)
    emp["grade"] = emp["grade"].astype(str)
    return emp


def section_rows(results: Results, period: str) -> Iterator[tuple]:
    emp = results.employees
    for s in results.scheme.sections:
        col = f"score_{s.id}"
        if col in emp.columns:
            for e, v in zip(emp["employee_id"].astype(str), emp[col], strict=True):
                yield period, e, s.id, _cell(v)


def pay_rows(results: Results, period: str) -> Iterator[tuple]:
    emp = results.employees
    for col in PAY_COLUMNS:
        if col in emp.columns:
            for e, v in zip(emp["employee_id"].astype(str), emp[col], strict=True):
                v = _cell(v)
                if v is not None:
                    yield period, e, col, str(v) if isinstance(v, Decimal) else repr(v)


def indicator_frame(results: Results) -> pd.DataFrame:
    """Indicator scores of the period, then the monthly rows of monthly indicators (``month`` set)."""
    ind = results.indicators.assign(month="")
    frames = [ind]
    monthly = getattr(results, "monthly", None)
    if monthly is not None and len(monthly):
        scheme = results.scheme
        codes = monthly["indicator"].astype(str)
        frames.append(
            monthly.assign(
                section=codes.map(lambda c: scheme.section_of(c)),
                method=codes.map(lambda c: scheme.indicator_by_code[c].method),
            )
        )
    out = pd.concat([f.reindex(columns=list(INDICATOR_COLUMNS)) for f in frames], ignore_index=True)
    out["employee_id"] = out["employee_id"].astype(str)
    return out


def plan_split(results: Results, period: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(new plans of ``period``, outcomes of earlier plans) from ``results.plans``."""
    plans = getattr(results, "plans", None)
    if plans is None or not len(plans):
        empty = pd.DataFrame(columns=list(PLAN_COLUMNS))
        return empty, empty
    plans = plans.copy()
    plans["employee_id"] = plans["employee_id"].astype(str)
    new = plans[(plans["status"] == OPEN) & (plans["period"] == period)]
    outcomes = plans[plans["status"] != OPEN]
    return new, outcomes


def read_frame(con: sqlite3.Connection, sql: str, params: tuple = ()) -> pd.DataFrame:
    """A query's rows as a DataFrame with the query's column names."""
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return pd.DataFrame(cur.fetchall(), columns=names)


def snapshot(con: sqlite3.Connection, period: str) -> dict:
    """Everything stored for ``period`` (the audit log keeps it when the period is reopened)."""
    out = {}
    for table, where in (
        ("periods", "period = ?"),
        ("employee_results", "period = ?"),
        ("section_scores", "period = ?"),
        ("pay_amounts", "period = ?"),
        ("indicator_scores", "period = ?"),
        ("improvement_plans", "period = ?"),
    ):
        out[table] = read_frame(con, f"SELECT * FROM {table} WHERE {where}", (period,)).to_dict(
            "records"
        )
    out["plan_outcomes"] = read_frame(
        con, "SELECT * FROM improvement_plans WHERE outcome_period = ?", (period,)
    ).to_dict("records")
    json.dumps(out, default=str)  # fails here, not in the audit insert, if a value cannot be stored
    return out


def _sections_wide(con: sqlite3.Connection, excluded: str | None) -> pd.DataFrame:
    sec = read_frame(
        con,
        "SELECT period, employee_id, section, score FROM section_scores WHERE period IS NOT ?",
        (excluded,),
    )
    if sec.empty:
        return pd.DataFrame(columns=["period", "employee_id"])
    wide = sec.pivot(index=["period", "employee_id"], columns="section", values="score")
    wide.columns = [f"score_{c}" for c in wide.columns]
    return wide.reset_index()


def build_view(con: sqlite3.Connection, period: str | None, reopen: bool) -> HistoryView:
    """The closed periods as a :class:`HistoryView`; with ``reopen``, as if ``period`` were not closed."""
    excluded = period if reopen else None
    recs = read_frame(
        con,
        "SELECT period, employee_id, name, department, role, final_score, grade, flags "
        "FROM employee_results WHERE period IS NOT ?",
        (excluded,),
    )
    wide = _sections_wide(con, excluded)
    if len(wide.columns) > 2:
        recs = recs.merge(wide, on=["period", "employee_id"], how="left")
    cols = ", ".join(PLAN_COLUMNS)
    if excluded is None:
        plans = read_frame(con, f"SELECT {cols} FROM improvement_plans WHERE status = 'open'")
    else:
        plans = read_frame(
            con,
            f"SELECT {cols} FROM improvement_plans WHERE period <> ? "
            "AND (status = 'open' OR outcome_period = ?)",
            (excluded, excluded),
        )
        marked = plans["outcome_period"] == excluded
        plans.loc[marked, "status"] = OPEN
        plans.loc[marked, ["outcome_period", "outcome_grade"]] = None
    closed = dict(
        con.execute("SELECT period, closed_at FROM periods WHERE period IS NOT ?", (excluded,))
    )
    return HistoryView.of(recs, plans, closed)


def listing(con: sqlite3.Connection, employee: str | None, department: str | None) -> pd.DataFrame:
    """Every stored result (optionally of one employee or department), in time order per employee."""
    sql = (
        "SELECT r.employee_id, r.name, r.department, r.role, r.period, r.final_score, r.grade, r.flags, "
        "r.bonus_factor, p.scheme_id, p.source, p.closed_at FROM employee_results r "
        "JOIN periods p ON p.period = r.period WHERE (? IS NULL OR r.employee_id = ?) "
        "AND (? IS NULL OR r.department = ?)"
    )
    out = read_frame(con, sql, (employee, employee, department, department))
    starts = {
        p: (q.start, q.end) if q else (None, None)
        for p in out["period"].unique()
        for q in [period_or_none(p)]
    }
    out["_start"] = out["period"].map(lambda p: starts[p][0])
    out["_end"] = out["period"].map(lambda p: starts[p][1])
    out = out.sort_values(["employee_id", "_start", "_end"], kind="stable")
    return out.drop(columns=["_start", "_end"]).reset_index(drop=True)
