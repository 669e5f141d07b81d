"""``binary``: 100 when the target is met (actual ≥ target, or ≤ with ``lower``), else 0 (NPS ≥ 40).

The target is a threshold here and may be any number.

Example:
    >>> import numpy as np
    >>> METHOD.kernel(IndicatorRule("binary"), np.array([40.0, 39.9]), np.array([40.0, 40.0]), None).tolist()
    [100.0, 0.0]
"""

import numpy as np

from xlperf.core.contract.method import Method, Params
from xlperf.core.contract.rule import IndicatorRule


class BinaryParams(Params):
    lower: bool = False

    def rule_fields(self) -> dict:
        return {"lower": self.lower}


def _kernel(rule, a, t, b):
    hit = a <= t if rule.lower else a >= t
    return np.where(np.isnan(a) | np.isnan(t), np.nan, np.where(hit, 100.0, 0.0))


def _formula(rule, c):
    op = "<=" if rule.lower else ">="
    return f"IF({c.actual}{op}{c.target},100,0)"


METHOD = Method(
    name="binary",
    label_en="target met or not",
    label_zh="达标/未达标",
    params=BinaryParams,
    inputs=lambda r: ("actual", "target"),
    kernel=_kernel,
    formula=_formula,
    describe_en=lambda r: (
        "100 if actual ≤ target else 0" if r.lower else "100 if actual ≥ target else 0"
    ),
    describe_zh=lambda r: "实际≤目标得100, 否则0" if r.lower else "实际≥目标得100, 否则0",
    example=IndicatorRule("binary"),
)
