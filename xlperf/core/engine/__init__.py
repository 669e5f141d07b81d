"""The scoring engine: validate inputs against a scheme, then score, grade and rank.

:func:`score` is the public entry point (also exported as ``xlperf.score``).
Validation collects every problem in the inputs with its location and raises
one :class:`~xlperf.errors.InputError`; scoring itself is vectorised (numpy
arrays indexed by employee, indicator and section codes, no per-row Python).

- :mod:`.data`, :mod:`.ratings`, :mod:`.adjustments`: each input table;
- :mod:`.coverage`: checks across an employee's rows;
- :mod:`.compute`: the computation; :mod:`.results`: what comes back.

Example:
    >>> import pandas as pd
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> scheme = load_scheme(shipped_schemes()["sales"])
    >>> data = pd.DataFrame({
    ...     "employee_id": ["E1"] * 5, "department": ["Sales"] * 5, "role": ["sales_rep"] * 5,
    ...     "indicator": ["SALES_REV", "SALES_GROWTH", "CSAT", "MARKET_SHARE", "NEW_CUST"],
    ...     "actual": [110, 1.12, 92, 0.2, 12], "target": [100, None, None, 0.2, 10],
    ...     "baseline": [None, 1.0, None, None, None]})
    >>> ratings = pd.DataFrame({"employee_id": ["E1"] * 5, "rater": ["supervisor"] * 5,
    ...     "dimension": ["PRO", "EXEC", "TEAM", "INNOV", "RESP"], "rating": [4] * 5})
    >>> r = score(scheme, data, ratings)
    >>> round(float(r.employees.loc[0, "score_kpi"]), 6)
    112.2
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from xlperf.core.engine.adjustments import ADJUSTMENT_KINDS, prepare_adjustments
from xlperf.core.engine.compute import compute
from xlperf.core.engine.coverage import check_ratings_given, check_role_indicators, check_sections
from xlperf.core.engine.data import prepare_data
from xlperf.core.engine.not_applicable import check_na_sections
from xlperf.core.engine.pay_inputs import prepare_pay, unused_pay_factors
from xlperf.core.engine.periods import PeriodInputs, collapse_monthly, select_period
from xlperf.core.engine.ratings import prepare_ratings
from xlperf.core.engine.results import (
    PAY_COLUMNS,
    Results,
    pay_columns,
    period_columns,
    result_columns,
)
from xlperf.core.engine.spot_checks import prepare_spot_checks
from xlperf.core.history.view import HistoryView
from xlperf.core.policy.overrides import prepare_overrides
from xlperf.core.scheme import Scheme
from xlperf.errors import InputError, ProblemList


def _check_coverage(scheme: Scheme, d, r, ratings_given: bool, problems: ProblemList) -> None:
    """What every employee must have: the role's indicators, each section, ratings."""
    check_role_indicators(scheme, d, problems)
    check_sections(scheme, d, problems)
    check_na_sections(scheme, d, problems)
    check_ratings_given(scheme, d, r, ratings_given, problems)


def score(
    scheme: Scheme,
    data: pd.DataFrame,
    ratings: pd.DataFrame | None = None,
    adjustments: pd.DataFrame | None = None,
    *,
    alternatives: Sequence[Scheme] = (),
    history: HistoryView | None = None,
    period: str | None = None,
    spot_checks: pd.DataFrame | None = None,
    overrides: pd.DataFrame | None = None,
    pay: pd.DataFrame | None = None,
    teams: pd.DataFrame | None = None,
) -> Results:
    """Validate the inputs against ``scheme`` and compute every employee's result.

    ``data``, ``ratings`` and ``adjustments`` use the interchange columns
    (English or Chinese headers). ``alternatives``: other schemes to name when
    the data plainly belongs to one of them. ``period`` (``2026Q1``): the
    period to calculate, when the data carries a period (期间) column or a
    ``history`` (closed periods, for streaks and plan outcomes) is given;
    ``spot_checks``: the SpotChecks table the scheme's ``spot_checks`` mixes
    in. ``overrides``: a calibration meeting's decisions (employee_id 工号,
    grade 校准等级, reason 调整原因, approved_by 审批人; see
    :mod:`xlperf.core.policy.overrides`). ``pay`` (employee_id 工号,
    bonus_base 绩效奖金基数, commission_base 提成基数) and ``teams`` (department
    部门, coefficient 团队系数, pool 团队奖金池) feed the scheme's ``pay`` section:
    amounts come back in ``Results.employees`` (:func:`pay_columns`),
    ``Results.pay`` and ``Results.pay_departments``. Raises
    :class:`~xlperf.errors.InputError` listing every problem, with its
    location, when the inputs are invalid; warnings that do not stop the run
    come back in ``Results.warnings``.
    """
    problems = ProblemList()
    sel = select_period(scheme, data, period, history, problems)
    d = prepare_data(scheme, sel.frame, problems, alternatives) if sel.frame is not None else None
    monthly = None
    if d:
        d, monthly = collapse_monthly(scheme, d, sel, problems)
    emp_index = pd.Index(d.employees["employee_id"]) if d else pd.Index([])
    r = prepare_ratings(scheme, ratings, emp_index, problems) if ratings is not None and d else None
    extra = emp_index, problems
    a = prepare_adjustments(adjustments, *extra) if adjustments is not None and d else None
    s = prepare_spot_checks(scheme, spot_checks, emp_index, sel.period, problems) if d else None
    ov = prepare_overrides(scheme, overrides, *extra) if overrides is not None and d else None
    p = prepare_pay(scheme, pay, teams, d.employees, problems, emp_index) if d else None
    if d and p is None:
        unused_pay_factors(scheme, a, pay is not None, problems)
    if d:
        _check_coverage(scheme, d, r, ratings is not None, problems)
    n = len(problems.errors)
    problems.raise_if_any(
        InputError,
        f"The inputs do not pass validation ({n} problem(s)); nothing was written.",
        f"输入数据未通过校验（{n} 个问题），未写入任何文件。",
    )
    results = compute(scheme, d, r, a, PeriodInputs(sel.period, history, s, monthly), ov, p)
    return replace(results, warnings=(*problems.items, *results.warnings))


__all__ = [
    "ADJUSTMENT_KINDS",
    "PAY_COLUMNS",
    "HistoryView",
    "Results",
    "pay_columns",
    "period_columns",
    "result_columns",
    "score",
]
