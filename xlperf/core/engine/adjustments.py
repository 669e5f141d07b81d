"""The Adjustments table: score factors and bonus points per employee, and pay factors.

``factor`` and ``points`` act on the score; ``pay_factor`` (薪酬系数, 处分系数)
multiplies the employee's pay only, so its rows are kept as they are
(employee position and value) for the exact product in :mod:`xlperf.core.pay`.

Example:
    >>> import pandas as pd
    >>> from xlperf.errors import ProblemList
    >>> a = prepare_adjustments(pd.DataFrame({"employee_id": ["E1", "E1", "E1"],
    ...     "kind": ["系数", "加分", "处分系数"], "value": [0.9, 3, 0.8]}), pd.Index(["E1"]), ProblemList())
    >>> a.factor.tolist(), a.points.tolist(), a.pay_values.tolist()
    ([0.9], [3.0], [0.8])
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xlperf.core.engine.resolve import employee_positions
from xlperf.core.tables import Table
from xlperf.errors import ProblemList

#: the adjustment kinds and the words users type for them
ADJUSTMENT_KINDS = {
    "factor": "factor",
    "系数": "factor",
    "调整系数": "factor",
    "multiplier": "factor",
    "points": "points",
    "point": "points",
    "加减分": "points",
    "分数": "points",
    "加分": "points",
    "扣分": "points",
    "pay_factor": "pay_factor",
    "pay factor": "pay_factor",
    "薪酬系数": "pay_factor",
    "处分系数": "pay_factor",
}


@dataclass(frozen=True)
class PreparedAdjustments:
    """Per employee: the product of factors and the sum of points; the pay-factor rows."""

    factor: np.ndarray
    points: np.ndarray
    pay_positions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    pay_values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pay_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    table: Table | None = None


def prepare_adjustments(
    adjustments: pd.DataFrame, emp_index: pd.Index, problems: ProblemList
) -> PreparedAdjustments | None:
    from xlperf.core.engine.data import bad_numbers

    t = Table.wrap(adjustments, "adjustments")
    if not t.ok:
        problems.extend(t.problems.items)
        return None
    emp = t.text("employee_id")
    pos = employee_positions(t, emp_index)
    t.report((pos < 0) & (emp != ""), "employee_id", "ADJ_UNKNOWN_EMPLOYEE", employee=emp)
    t.report(emp == "", "employee_id", "DATA_EMPTY_ID")
    kind_raw = t.text("kind")
    kind = np.array([ADJUSTMENT_KINDS.get(k.strip().lower(), "") for k in kind_raw], dtype=object)
    choices = "factor (系数), points (加减分), pay_factor (薪酬系数)"
    t.report(kind == "", "kind", "ADJ_UNKNOWN_KIND", value=kind_raw, choices=choices)
    value, missing, invalid = t.numbers("value")
    bad_numbers(t, "value", invalid)
    t.report(missing, "value", "ADJ_EMPTY_VALUE")
    negative = (kind == "factor") & ~missing & ~invalid & (value < 0)
    shown = np.array([f"{v:g}" for v in value], dtype=object)
    t.report(negative, "value", "ADJ_NEGATIVE_FACTOR", value=shown)
    not_positive = (kind == "pay_factor") & ~missing & ~invalid & (value <= 0)
    t.report(not_positive, "value", "PAY_FACTOR_NOT_POSITIVE", value=shown, employee=emp)
    problems.extend(t.problems.items)
    good = (pos >= 0) & (kind != "") & ~np.isnan(value)
    n = len(emp_index)
    factor = np.ones(n)
    fm = good & (kind == "factor")
    np.multiply.at(factor, pos[fm], value[fm])
    pm = good & (kind == "points")
    pay = good & (kind == "pay_factor") & (value > 0)
    rows = t.df["_row"].to_numpy()
    return PreparedAdjustments(
        factor,
        np.bincount(pos[pm], weights=value[pm], minlength=n),
        pos[pay],
        value[pay],
        rows[pay],
        t,
    )
