"""``ratio``: actual ÷ target × 100 — higher is better (收入计划完成率, 转化率).

Example:
    >>> import numpy as np
    >>> METHOD.kernel(IndicatorRule("ratio"), np.array([90.0]), np.array([100.0]), None).tolist()
    [90.0]
"""

from xlperf.core.contract.method import TARGET_POSITIVE, Method, Params, clamp_en, clamp_zh
from xlperf.core.contract.rule import IndicatorRule


class RatioParams(Params):
    """No keys of its own."""


METHOD = Method(
    name="ratio",
    label_en="ratio to target",
    label_zh="实际/目标",
    params=RatioParams,
    inputs=lambda r: ("actual", "target"),
    conditions=lambda r: (TARGET_POSITIVE,),
    kernel=lambda r, a, t, b: 100.0 * a / t,
    formula=lambda r, c: f"100*{c.actual}/{c.target}",
    describe_en=lambda r: "actual/target ×100" + clamp_en(r),
    describe_zh=lambda r: "实际/目标 ×100" + clamp_zh(r),
    example=IndicatorRule("ratio", cap=120),
)
