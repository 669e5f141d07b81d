"""``inverse``: target ÷ actual × 100 — lower is better (营销费用达成率, 欠费率).

An actual of 0 ("no cost at all") is the best possible result: the cap.

Example:
    >>> import numpy as np
    >>> rule = IndicatorRule("inverse", cap=120)
    >>> METHOD.kernel(rule, np.array([125.0, 0.0]), np.array([100.0, 100.0]), None).tolist()
    [80.0, 120.0]
"""

import numpy as np

from xlperf.core.contract.excel import num
from xlperf.core.contract.method import (
    ACTUAL_NOT_NEGATIVE,
    TARGET_POSITIVE,
    Method,
    Params,
    clamp_en,
    clamp_zh,
)
from xlperf.core.contract.rule import IndicatorRule


class InverseParams(Params):
    """No keys of its own."""


def _kernel(rule, a, t, b):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(a == 0, rule.cap, 100.0 * t / np.where(a == 0, 1.0, a))


METHOD = Method(
    name="inverse",
    label_en="inverse ratio (lower is better)",
    label_zh="目标/实际（越低越好）",
    params=InverseParams,
    inputs=lambda r: ("actual", "target"),
    conditions=lambda r: (TARGET_POSITIVE, ACTUAL_NOT_NEGATIVE),
    kernel=_kernel,
    formula=lambda r, c: f"IF({c.actual}=0,{num(r.cap)},100*{c.target}/{c.actual})",
    describe_en=lambda r: "target/actual ×100, lower is better, 0 scores the cap" + clamp_en(r),
    describe_zh=lambda r: "目标/实际 ×100, 越低越好, 实际为0得上限分" + clamp_zh(r),
    example=IndicatorRule("inverse", cap=120),
)
