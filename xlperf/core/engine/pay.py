"""Pay on the final grades: bonus amounts, commission, pool shares and totals, exact.

Runs last in :func:`~xlperf.core.engine.compute.compute`, on the final grade
(after forced distribution). The formulas are :mod:`xlperf.core.pay.kernels`;
here they are applied to the employees and the results laid out:

- five columns for ``Results.employees`` (``bonus_base, bonus_amount, commission,
  pool_share, total_pay``), Decimals quantized to the rounding step;
- ``Results.pay``: per employee, every factor used;
- ``Results.pay_departments``: per department the totals and the pool
  reconciliation (Σ shares = pool), and a company line with Σ bonus vs budget.

The parts are :mod:`.pay_parts` (bonus, commission, pools) and the layouts
:mod:`.pay_frames`.

Example:
    >>> import pandas as pd
    >>> from xlperf import score
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> data = pd.DataFrame({"employee_id": ["E1"], "department": ["D"], "role": ["key_account"],
    ...     "indicator": ["SALES_REV"], "actual": [1200000], "target": [1000000]})
    >>> data = pd.concat([data] + [data.assign(indicator=c, actual=a, target=t) for c, a, t in
    ...     (("CSAT", 90, None), ("NPS", 45, None), ("CONVERSION", 0.2, 0.2), ("COMPLAINTS", 0, None))])
    >>> ratings = pd.DataFrame({"employee_id": "E1", "rater": "supervisor",
    ...     "dimension": ["PRO", "EXEC", "TEAM", "INNOV", "RESP"], "rating": 4})
    >>> pay = pd.DataFrame({"工号": ["E1"], "绩效奖金基数": [10000], "提成基数": [2000]})
    >>> r = score(s, data, ratings, pay=pay)
    >>> r.employees.loc[0, ["grade", "bonus_amount", "commission", "total_pay"]].tolist()
    ['C', Decimal('10000.00'), Decimal('6000.00'), Decimal('16000.00')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from xlperf.core.engine.adjustments import PreparedAdjustments
from xlperf.core.engine.data import PreparedData
from xlperf.core.engine.pay_frames import departments_frame, detail_frame
from xlperf.core.engine.pay_inputs import PreparedPay
from xlperf.core.engine.pay_parts import (
    PayBasis,
    bonus_part,
    commission_part,
    pool_part,
    team_values,
)
from xlperf.core.engine.results import PAY_COLUMNS
from xlperf.core.pay import kernels as k
from xlperf.core.pay.checks import step_of
from xlperf.core.pay.exact import exact_to_decimals, to_decimals
from xlperf.core.scheme import Scheme
from xlperf.errors import Problem

#: columns holding money in Results.employees, Results.pay and Results.pay_departments
MONEY_COLUMNS = frozenset(
    {
        *PAY_COLUMNS,
        "commission_base",
        "pool",
        "bonus_total",
        "commission_total",
        "pool_shared",
        "pool_unallocated",
        "budget",
        "budget_difference",
    }
)


@dataclass(frozen=True)
class PayOutcome:
    """The pay columns (engine order), the detail to lay out in report order, the departments."""

    columns: dict[str, np.ndarray]
    detail: Callable[[np.ndarray | None], pd.DataFrame] | None
    departments: pd.DataFrame | None
    warnings: tuple[Problem, ...] = ()


def pay_basis(
    scheme: Scheme,
    d: PreparedData,
    grade: np.ndarray,
    final: np.ndarray,
    department_rank: np.ndarray,
) -> PayBasis:
    """The basis of pay: final grades, scores, ranks and the commission indicator's inputs."""
    n = len(d.employees)
    actual, target = np.full(n, np.nan), np.full(n, np.nan)
    com = scheme.pay.commission if scheme.pay is not None else None
    if com is not None and com.indicator in d.ind_codes:
        rows = (d.ind == d.ind_codes.index(com.indicator)) & d.has_id
        actual[d.emp[rows]] = d.actual[rows]
        target[d.emp[rows]] = d.target[rows]
    return PayBasis(
        d.employees,
        np.asarray(grade),
        np.asarray(final),
        np.asarray(department_rank),
        actual,
        target,
    )


def compute_pay(
    scheme: Scheme, p: PreparedPay | None, a: PreparedAdjustments | None, b: PayBasis
) -> PayOutcome | None:
    """Every employee's pay on the final grades (None when the scheme has no pay section)."""
    if scheme.pay is None:
        return None
    if p is None:  # the scheme has pay but no Pay table was given: nothing to compute
        return PayOutcome({}, None, None)
    n = len(b.grade)
    step = step_of(scheme.pay)
    pf = k.pay_factor_product(a.pay_positions, a.pay_values, n) if a is not None else k.ones(n)
    warnings: list[Problem] = []
    teams = team_values(p, b)
    bonus = bonus_part(scheme, p, b, teams, pf, step, warnings)
    com = commission_part(scheme, p, b, pf, step)
    pools = pool_part(scheme, b, teams, bonus.weight, step)
    total = bonus.steps + com.steps + pools.steps
    places = max(0, -step.as_tuple().exponent)
    columns = {
        "bonus_base": exact_to_decimals(bonus.base, places),
        "bonus_amount": to_decimals(bonus.steps, step),
        "commission": to_decimals(com.steps, step),
        "pool_share": to_decimals(pools.steps, step),
        "total_pay": to_decimals(total, step),
    }
    detail = partial(detail_frame, scheme, p, b, pf, bonus, com, pools, columns, places)
    departments = departments_frame(scheme, p, pools, bonus, com, total, step, warnings)
    return PayOutcome(columns, detail, departments, tuple(warnings))


def pay_fields(paid: PayOutcome | None, order: np.ndarray | None) -> dict:
    """The pay fields of :class:`~xlperf.core.engine.results.Results`.

    ``order``: the engine positions of the employees in report order (the
    detail follows ``Results.employees`` row for row).

    Example:
        >>> pay_fields(None, None)
        {}
    """
    if paid is None:
        return {}
    if paid.detail is None:
        return {"warnings": paid.warnings}
    return {
        "pay": paid.detail(order),
        "pay_departments": paid.departments,
        "warnings": paid.warnings,
    }


__all__ = [
    "MONEY_COLUMNS",
    "PAY_COLUMNS",
    "PayBasis",
    "PayOutcome",
    "compute_pay",
    "pay_basis",
    "pay_fields",
]
