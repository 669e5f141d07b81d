"""The SpotChecks table (日常抽查): employee, date, score 0–150, note; one mean per employee.

Every row must name an employee of the data, carry a date inside the period
being calculated and a score from 0 to 150. With ``spot_checks.missing:
error`` (the default) every employee needs at least one spot check in the
period; with ``appraisal_only`` an employee without one keeps the appraisal
score alone.

Example:
    >>> import pandas as pd
    >>> from xlperf.core.periods import parse_period
    >>> from xlperf.core.scheme import parse_scheme
    >>> from xlperf.errors import ProblemList
    >>> raw = {"scheme": {"id": "x", "name": "x"}, "sections": [{"id": "k", "name": "k", "weight": 100}],
    ...        "indicators": [{"code": "R", "name": "R", "method": "ratio"}],
    ...        "roles": [{"id": "r", "name": "r", "indicators": [{"code": "R", "weight": 100}]}],
    ...        "grades": [{"grade": "A", "min": 100}, {"grade": "B", "min": 0}],
    ...        "spot_checks": {"weight": 40}}
    >>> spot = pd.DataFrame({"工号": ["E1", "E1"], "日期": ["2026-01-10", "2026-03-31"], "得分": [90, 110]})
    >>> s = prepare_spot_checks(parse_scheme(raw), spot, pd.Index(["E1"]), parse_period("2026Q1"),
    ...                         ProblemList())
    >>> s.mean.tolist(), s.count.tolist(), s.weight
    ([100.0], [2], 40.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from xlperf.core.engine.resolve import employee_positions
from xlperf.core.history.rules import SPOT_SCORE_MAX, SPOT_SCORE_MIN
from xlperf.core.numeric import round6
from xlperf.core.periods import Period, cell_date
from xlperf.core.tables import Table
from xlperf.errors import Location, ProblemList
from xlperf.messages import say

if TYPE_CHECKING:
    from xlperf.core.scheme import Scheme


@dataclass(frozen=True)
class SpotScores:
    """Per employee (data order): the mean spot-check score (NaN: none) and how many; the weight."""

    mean: np.ndarray
    count: np.ndarray
    weight: float


def prepare_spot_checks(
    scheme: Scheme,
    spot: pd.DataFrame | None,
    emp_index: pd.Index,
    period: Period | None,
    problems: ProblemList,
) -> SpotScores | None:
    """Validate the SpotChecks table; None when the scheme mixes none in (or nothing is usable)."""
    rule = scheme.spot_checks
    if rule is None:
        if spot is not None:
            problems.append(say("SPOT_NOT_IN_SCHEME", _table_at(spot)))
        return None
    n = len(emp_index)
    if spot is None:
        if rule.missing == "error":
            problems.append(
                say("SPOT_NOT_GIVEN", Location(path="spot_checks"), weight=f"{rule.weight:g}")
            )
        return SpotScores(np.full(n, np.nan), np.zeros(n, dtype=np.int64), float(rule.weight))
    t = Table.wrap(spot, "spot_checks")
    if not t.ok:
        problems.extend(t.problems.items)
        return None
    pos = employee_positions(t, emp_index)
    empty_id = t.blank("employee_id")
    t.report(
        (pos < 0) & ~empty_id,
        "employee_id",
        "SPOT_UNKNOWN_EMPLOYEE",
        employee=t.text("employee_id"),
    )
    t.report(empty_id, "employee_id", "DATA_EMPTY_ID")
    score, bad_score = _scores(t)
    bad_date = _dates(t, period, problems)
    good = (pos >= 0) & ~bad_score & ~bad_date
    total = np.bincount(pos[good], weights=score[good], minlength=n)
    count = np.bincount(pos[good], minlength=n).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    problems.extend(t.problems.items)
    if rule.missing == "error" and period is not None:
        covered = np.bincount(pos[(pos >= 0) & ~bad_date], minlength=n) > 0
        for e in np.flatnonzero(~covered):
            problems.append(
                say(
                    "SPOT_MISSING_EMPLOYEE",
                    Location(file=t.file, sheet=t.sheet),
                    employee=emp_index[e],
                    period=period.id,
                )
            )
    return SpotScores(mean, count, float(rule.weight))


def _table_at(df: pd.DataFrame) -> Location:
    source = dict(df.attrs.get("source") or {})
    return Location(file=source.get("file"), sheet=source.get("sheet"))


def _scores(t: Table) -> tuple[np.ndarray, np.ndarray]:
    """The scores (points: 85% is 85) and the rows whose score is unusable (reported)."""
    from xlperf.core.engine.data import bad_numbers

    p = t.parse("score", percent="points")
    bad_numbers(t, "score", p.invalid)
    t.report(p.missing, "score", "SPOT_EMPTY_SCORE")
    key = round6(np.where(p.missing | p.invalid, 0.0, p.values))
    out = ~p.missing & ~p.invalid & ((key < SPOT_SCORE_MIN) | (key > SPOT_SCORE_MAX))
    t.report(
        out,
        "score",
        "SPOT_SCORE_OUT_OF_RANGE",
        value=np.array([f"{v:g}" for v in np.nan_to_num(p.values)], dtype=object),
    )
    return p.values, p.missing | p.invalid | out


def _dates(t: Table, period: Period | None, problems: ProblemList) -> np.ndarray:
    """The rows whose date is empty, not a date, or outside the period (reported)."""
    codes, uniques = pd.factorize(t.df["date"].astype(object), use_na_sentinel=True)
    parsed = np.array([cell_date(u) for u in uniques] + [None], dtype=object)
    days = parsed[codes]
    empty = np.array([d is None for d in parsed])[codes]
    bad = np.array([d is False for d in parsed])[codes]
    t.report(empty, "date", "SPOT_EMPTY_DATE")
    shown = np.array([str(v).strip() for v in t.df["date"].to_numpy(dtype=object)], dtype=object)
    t.report(bad, "date", "SPOT_BAD_DATE", value=shown)
    if period is None:
        problems.append(
            say(
                "PERIOD_REQUIRED",
                Location(path="period"),
                what_en="spot checks",
                what_zh="日常抽查",
            )
        )
        return np.ones(len(codes), dtype=bool)
    inside = np.array([d is not None and d is not False and period.contains(d) for d in parsed])[
        codes
    ]
    outside = ~empty & ~bad & ~inside
    iso = np.array([d.isoformat() if hasattr(d, "isoformat") else "" for d in days], dtype=object)
    t.report(
        outside,
        "date",
        "SPOT_DATE_OUTSIDE_PERIOD",
        value=iso,
        period=period.id,
        start=period.start.isoformat(),
        end=period.end.isoformat(),
    )
    return empty | bad | outside
