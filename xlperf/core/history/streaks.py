"""Streak rules (连续N期): the period being calculated plus the closed periods right before it.

A streak counts the current period and the immediately preceding closed
periods of the same kind in which the employee matched the rule (final
grade in ``grades``, or one of ``flags`` carried), with no gap: a period in
which the employee is absent, or did not match, ends it. When the length
reaches ``periods`` the rule's flag is added. Rules run in scheme order, so
a later rule may count a flag an earlier one has just set.

Example:
    >>> import pandas as pd
    >>> from xlperf.core.history.rules import StreakRule
    >>> from xlperf.core.history.view import HistoryView
    >>> from xlperf.core.periods import parse_period
    >>> view = HistoryView.of([("2025Q3", "E1", 125.0, "A", ""), ("2025Q4", "E1", 122.0, "A", ""),
    ...                        ("2026Q1", "E1", 121.0, "A", "")])
    >>> emps = pd.DataFrame({"employee_id": ["E1"], "grade": ["A"], "flags": [""]})
    >>> out = apply_streaks(emps, [StreakRule(flag="talent_pool", grades=["A"], periods=4)],
    ...                     parse_period("2026Q2"), view)
    >>> int(out.loc[0, "streak_talent_pool"]), out.loc[0, "flags"]
    (4, 'talent_pool')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from xlperf.core.history.rules import StreakRule
from xlperf.core.history.view import HistoryView
from xlperf.core.periods import Period, period_or_none


def streak_column(flag: str) -> str:
    """The Results column holding a rule's current streak length.

    Example:
        >>> streak_column("talent_pool")
        'streak_talent_pool'
    """
    return f"streak_{flag}"


def _matches(grades: pd.Series, flags: pd.Series, rule: StreakRule) -> np.ndarray:
    if rule.grades is not None:
        return grades.astype(str).isin(rule.grades).to_numpy()
    pattern = "(?:^|;)(?:" + "|".join(re.escape(f) for f in rule.flags or ()) + ")(?:;|$)"
    return flags.fillna("").astype(str).str.contains(pattern, regex=True).to_numpy()


def past_records(view: HistoryView | None, period: Period | None) -> pd.DataFrame:
    """The view's records of ``period``'s kind before it, with each period's ``ordinal``."""
    if view is None or period is None or view.records.empty:
        return pd.DataFrame({"employee_id": [], "grade": [], "flags": [], "ordinal": []})
    recs = view.records
    parsed = {p: period_or_none(p) for p in recs["period"].unique()}
    ordinal = {
        p: (q.ordinal if q is not None and q.kind == period.kind else None)
        for p, q in parsed.items()
    }
    ords = recs["period"].map(ordinal)
    keep = ords.notna() & (ords < period.ordinal)
    out = recs.loc[keep, ["employee_id", "grade", "flags"]].copy()
    out["ordinal"] = ords[keep].astype(np.int64)
    return out.reset_index(drop=True)


def run_before(past: pd.DataFrame, match: np.ndarray, current: int) -> pd.Series:
    """Per employee: how many periods right before ``current`` (ordinal) matched in a row."""
    hit = past.loc[match, ["employee_id", "ordinal"]].sort_values(
        ["employee_id", "ordinal"], ascending=[True, False], kind="stable"
    )
    step = hit.groupby("employee_id").cumcount().to_numpy()
    # ordinals are distinct per employee and descending, so once a period is missed none later counts
    hit = hit.assign(good=hit["ordinal"].to_numpy() == current - 1 - step)
    return hit.groupby("employee_id")["good"].sum().astype(np.int64)


def apply_streaks(
    employees: pd.DataFrame,
    rules: Sequence[StreakRule],
    period: Period | None,
    view: HistoryView | None,
) -> pd.DataFrame:
    """``employees`` with a ``streak_<flag>`` column per rule and the flags reached added to ``flags``."""
    out = employees.copy()
    if not rules:
        return out
    past = past_records(view, period)
    flags = out["flags"].fillna("").astype(str)
    ids = out["employee_id"].astype(str)
    for rule in rules:
        now = _matches(out["grade"], flags, rule)
        if period is not None and len(past):
            before = run_before(past, _matches(past["grade"], past["flags"], rule), period.ordinal)
            prior = ids.map(before).fillna(0).astype(np.int64).to_numpy()
        else:
            prior = np.zeros(len(out), dtype=np.int64)
        length = np.where(now, 1 + prior, 0)
        out[streak_column(rule.flag)] = length
        reached = length >= rule.periods
        flags = pd.Series(
            np.where(reached, np.where(flags == "", rule.flag, flags + ";" + rule.flag), flags),
            index=out.index,
        )
    out["flags"] = flags.to_numpy(dtype=object)
    return out
