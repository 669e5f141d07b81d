"""The annual roll-up: the year's final score from its closed periods, then graded as usual.

``rollup: {to: annual, weights: {Q1: 25, Q2: 25, Q3: 25, Q4: 25}, allow_missing: false}``.
The annual final score is Σ wₚ·sₚ / Σ wₚ over the year's closed periods
(quarters in a quarterly scheme; a period not named in ``weights`` weighs 0).
An employee without a closed result for a weighed period is an error listing
the employees, unless ``allow_missing: true``: then the weights are
renormalised over the periods present. Grades, ranks, forced distribution,
the bonus factor and flags follow through the engine's own
:func:`~xlperf.core.engine.compute.grade_and_rank`. Section scores are the
same weighted means of the periods' section scores, for information.
Name, department and role come from the employee's latest period of the year.

Example:
    >>> from xlperf.core.history.view import HistoryView
    >>> rollup_scores(HistoryView.of([("2026Q1", "E1", 100.0, "B", ""), ("2026Q2", "E1", 80.0, "C", "")]
    ...     ).records, {"2026Q1": 25.0, "2026Q2": 75.0}, "final_score").round(6).tolist()
    [85.0]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from xlperf.core.engine.compute import grade_and_rank, sort_employees
from xlperf.core.engine.results import Results
from xlperf.core.history.view import HistoryView
from xlperf.core.periods import KIND_NAMES_ZH, period_or_none, year_periods
from xlperf.errors import InputError, Location, ProblemList, SchemeError
from xlperf.messages import say

if TYPE_CHECKING:
    from xlperf.core.scheme import Scheme

INDICATOR_COLUMNS = (
    "employee_id",
    "name",
    "department",
    "role",
    "indicator",
    "section",
    "method",
    "actual",
    "target",
    "baseline",
    "weight",
    "score",
)


def rollup_scores(records: pd.DataFrame, weights: dict[str, float], column: str) -> pd.Series:
    """Per employee (sorted): Σ wₚ·sₚ / Σ wₚ over the periods where ``column`` is known."""
    wide = records.pivot(index="employee_id", columns="period", values=column)
    wide = wide.reindex(columns=list(weights)).astype(float)
    w = np.array(list(weights.values()), dtype=float)
    present = ~np.isnan(wide.to_numpy())
    num = np.where(present, np.nan_to_num(wide.to_numpy()) * w, 0.0).sum(axis=1)
    den = np.where(present, w, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.Series(
            np.where(den > 0, num / np.where(den > 0, den, 1), np.nan), index=wide.index
        )


def parse_year(year: int | str) -> int:
    """The roll-up's year; raises a located :class:`~xlperf.errors.InputError` when it is not one.

    Example:
        >>> parse_year(" 2026 ")
        2026
    """
    text = str(year).strip()
    if text.isdigit() and len(text) == 4 and int(text) >= 1900:
        return int(text)
    raise InputError(
        "The year is not valid; nothing was written.",
        [say("HIST_BAD_YEAR", Location(path="year"), value=text)],
        "年份有误，未写入任何文件。",
    )


def _year_records(
    scheme: Scheme, view: HistoryView, year: int
) -> tuple[pd.DataFrame, dict[str, float]]:
    rule = scheme.rollup
    kind = scheme.scheme.period
    weighed: dict[str, float] = {}
    for p in year_periods(year, kind):
        w = float(rule.weights.get(p.key, 0.0))
        if w > 0:
            weighed[p.id] = w
    recs = view.records[view.records["period"].isin(list(weighed))]
    if recs.empty:
        raise InputError(
            f"No closed periods of {year}; nothing was written.",
            [
                say(
                    "HIST_ROLLUP_NO_PERIODS",
                    Location(path="year"),
                    year=year,
                    kind=kind,
                    kind_zh=KIND_NAMES_ZH[kind],
                )
            ],
            f"{year} 年没有已关闭的考核期，未写入任何文件。",
        )
    return recs, weighed


def _check_missing(recs: pd.DataFrame, weighed: dict[str, float], allow: bool) -> None:
    if allow:
        return
    wide = recs.pivot(index="employee_id", columns="period", values="final_score").reindex(
        columns=list(weighed)
    )
    problems = ProblemList()
    for emp, row in wide.iterrows():
        gaps = [p for p, v in row.items() if pd.isna(v)]
        if gaps:
            problems.append(
                say(
                    "HIST_ROLLUP_MISSING",
                    Location(path="rollup.allow_missing"),
                    employee=emp,
                    missing=", ".join(gaps),
                )
            )
    n = len(problems)
    problems.raise_if_any(
        InputError,
        f"{n} employee(s) miss closed periods; nothing was written.",
        f"{n} 名员工缺少已关闭的考核期，未写入任何文件。",
    )


def _latest(recs: pd.DataFrame) -> pd.DataFrame:
    """Name, department and role of each employee's latest period (ids of one kind sort in time)."""
    latest = recs.sort_values(["employee_id", "period"], kind="stable")
    return latest.groupby("employee_id")[["name", "department", "role"]].last()


def _period_columns(
    recs: pd.DataFrame, weighed: dict[str, float], index: pd.Index
) -> dict[str, np.ndarray]:
    """``final_score_Q1`` … per weighed period, and ``periods_used`` (the periods present, ';'-joined)."""
    wide = recs.pivot(index="employee_id", columns="period", values="final_score")
    wide = wide.reindex(index=index, columns=list(weighed)).astype(float)
    keys = {p.id: p.key for p in (period_or_none(pid) for pid in weighed) if p is not None}
    out = {f"final_score_{keys[pid]}": wide[pid].to_numpy() for pid in weighed}
    present = ~np.isnan(wide.to_numpy())
    ids = np.array(list(weighed), dtype=object)
    out["periods_used"] = np.array([";".join(ids[row]) for row in present], dtype=object)
    return out


def _section_columns(
    scheme: Scheme, recs: pd.DataFrame, weighed: dict[str, float], index: pd.Index
):
    out = {}
    for sx in scheme.sections:
        col = f"score_{sx.id}"
        known = col in recs.columns and recs[col].notna().any()
        out[col] = (
            rollup_scores(recs, weighed, col).reindex(index).to_numpy()
            if known
            else np.full(len(index), np.nan)
        )
    return out


def rollup(scheme: Scheme, view: HistoryView, year: int | str) -> Results:
    """The year's results from the closed periods in ``view`` (see the module text).

    Raises :class:`~xlperf.errors.SchemeError` without a ``rollup`` key and
    :class:`~xlperf.errors.InputError` for a bad year, a year without closed
    periods, or missing periods when they are not allowed.
    """
    if scheme.rollup is None:
        raise SchemeError(
            "The scheme has no roll-up; nothing was written.",
            [say("HIST_ROLLUP_NOT_CONFIGURED", Location(path="rollup"))],
            "方案没有年度汇总设置，未写入任何文件。",
        )
    y = parse_year(year)
    recs, weighed = _year_records(scheme, view, y)
    _check_missing(recs, weighed, scheme.rollup.allow_missing)
    final = rollup_scores(recs, weighed, "final_score")
    emps = _latest(recs).reindex(final.index).reset_index()
    cols, calibration, events = grade_and_rank(scheme, final.to_numpy(), emps)
    out = {c: emps[c].to_numpy(dtype=object) for c in ("employee_id", "name", "department", "role")}
    out.update(_section_columns(scheme, recs, weighed, final.index))
    out.update(cols)
    out.update(_period_columns(recs, weighed, final.index))
    indicators = pd.DataFrame({c: pd.Series(dtype=object) for c in INDICATOR_COLUMNS})
    dimensions = pd.DataFrame(
        {c: pd.Series(dtype=object) for c in ("employee_id", "dimension", "score")}
    )
    return Results(
        scheme,
        sort_employees(scheme, out),
        indicators,
        dimensions,
        calibration,
        events,
        period=str(y),
    )
