"""Improvement plans (绩效改进计划): who gets one, what it lists, and whether it was met.

With ``improvement: {months: 3}`` every employee flagged ``observation``
gets a plan: the period, a due date (the period's last day moved by
``months`` whole months: 2026Q1 → 2026-06-30), the indicators below target
(indicator score under 100, the score at target) with their scores, status
``open``. In a later period, each open plan of an employee present is
marked ``met`` when the new final grade is the ``met_grade`` (default C) or
better, else ``not met``.

Example:
    >>> import pandas as pd
    >>> from xlperf.core.history.rules import ImprovementRule
    >>> from xlperf.core.periods import parse_period
    >>> emps = pd.DataFrame({"employee_id": ["E1", "E2"], "name": ["甲", "乙"], "department": ["D", "D"],
    ...                      "grade": ["D", "B"], "flags": ["observation", ""]})
    >>> ind = pd.DataFrame({"employee_id": ["E1", "E1"], "indicator": ["REV", "COST"], "score": [72.5, 101.0]})
    >>> new_plans(emps, ind, ImprovementRule(months=3), parse_period("2026Q1"))[
    ...     ["employee_id", "period", "due_date", "indicators", "status"]].values.tolist()
    [['E1', '2026Q1', '2026-06-30', 'REV 72.50', 'open']]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from xlperf.core.distribution import OBSERVATION
from xlperf.core.history.checks import DEFAULT_MET_GRADE
from xlperf.core.history.rules import ImprovementRule
from xlperf.core.history.view import MET, NOT_MET, OPEN, PLAN_COLUMNS, HistoryView
from xlperf.core.numeric import round6
from xlperf.core.periods import Period, add_months, period_or_none

#: an indicator score below this (at 6 decimals) is below target
AT_TARGET = 100.0


def due_date(period: Period, months: int) -> str:
    """The plan's due date: the period's last day moved by ``months`` (ISO text).

    Example:
        >>> due_date(Period(2025, "quarterly", 4), 3)
        '2026-03-31'
    """
    return add_months(period.end, months).isoformat()


def below_target(indicators: pd.DataFrame) -> pd.Series:
    """Per employee: ``CODE score`` of each indicator scoring under 100, '; '-joined.

    Example:
        >>> below_target(pd.DataFrame({"employee_id": ["E1", "E1", "E1"], "indicator": ["A", "B", "C"],
        ...                            "score": [99.5, 100.0, 60.0]})).to_dict()
        {'E1': 'A 99.50; C 60.00'}
    """
    score = indicators["score"].to_numpy(dtype=float)
    low = indicators[~np.isnan(score) & (round6(np.nan_to_num(score)) < AT_TARGET)]
    shown = [f"{code} {v:.2f}" for code, v in zip(low["indicator"], low["score"], strict=True)]
    text = pd.Series(shown, index=low.index, dtype=object)
    return text.groupby(low["employee_id"].astype(str)).agg("; ".join)


def _on_observation(employees: pd.DataFrame) -> np.ndarray:
    pattern = f"(?:^|;){OBSERVATION}(?:;|$)"
    return employees["flags"].fillna("").astype(str).str.contains(pattern, regex=True).to_numpy()


def new_plans(
    employees: pd.DataFrame, indicators: pd.DataFrame, rule: ImprovementRule, period: Period | None
) -> pd.DataFrame:
    """A plan for each employee on observation (due date empty when the period is not known)."""
    who = employees[_on_observation(employees)]
    ids = who["employee_id"].astype(str)
    return pd.DataFrame(
        {
            "employee_id": ids.to_numpy(dtype=object),
            "name": who["name"].to_numpy(dtype=object),
            "department": who["department"].to_numpy(dtype=object),
            "period": period.id if period is not None else None,
            "due_date": due_date(period, rule.months) if period is not None else None,
            "indicators": ids.map(below_target(indicators)).fillna("").to_numpy(dtype=object),
            "status": OPEN,
            "outcome_period": None,
            "outcome_grade": None,
        },
        columns=list(PLAN_COLUMNS),
    )


def plan_outcomes(
    employees: pd.DataFrame,
    open_plans: pd.DataFrame,
    period: Period,
    grade_names: Sequence[str],
    met_grade: str,
) -> pd.DataFrame:
    """Each open plan of an earlier period whose employee is present, marked met or not met."""
    kinds = {p: period_or_none(p) for p in open_plans["period"].dropna().unique()}
    earlier = open_plans["period"].map(
        lambda p: (
            kinds.get(p) is not None
            and kinds[p].kind == period.kind
            and kinds[p].ordinal < period.ordinal
        )
    )
    grade = employees.set_index(employees["employee_id"].astype(str))["grade"]
    plans = open_plans[earlier.astype(bool) & open_plans["employee_id"].isin(grade.index)].copy()
    rank = {g: i for i, g in enumerate(grade_names)}
    new_grade = plans["employee_id"].map(grade)
    met = new_grade.map(rank).fillna(len(rank)).to_numpy() <= rank[met_grade]
    plans["status"] = np.where(met, MET, NOT_MET)
    plans["outcome_period"] = period.id
    plans["outcome_grade"] = new_grade.to_numpy(dtype=object)
    return plans[list(PLAN_COLUMNS)].reset_index(drop=True)


def improvement_plans(
    rule: ImprovementRule | None,
    employees: pd.DataFrame,
    indicators: pd.DataFrame,
    period: Period | None,
    view: HistoryView | None,
    grade_names: Sequence[str],
) -> pd.DataFrame | None:
    """Outcomes of the open plans, then the new plans (None when the scheme has no ``improvement``)."""
    if rule is None:
        return None
    frames = [new_plans(employees, indicators, rule, period)]
    if period is not None and view is not None and len(view.plans):
        met_grade = rule.met_grade or DEFAULT_MET_GRADE
        frames.insert(0, plan_outcomes(employees, view.plans, period, grade_names, met_grade))
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in PLAN_COLUMNS})
    return pd.concat(frames, ignore_index=True)
