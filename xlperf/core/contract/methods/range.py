"""``range``: progress from a start to a goal — "from 1.2万 to 2万 monthly visits".

Score = 100·(a − b)/(t − b), with b the baseline (the start) and t the
target (the goal): 0 at the start, 100 at the goal, in either direction (a
goal below the start, "churn from 3% down to 2%", works the same). A goal
equal to the start is an invalid input, located at the target.

Example:
    >>> import numpy as np
    >>> a, t, b = np.array([16000.0, 20000.0, 0.025]), np.array([20000.0, 20000.0, 0.02]), np.array([12000.0, 12000.0, 0.03])
    >>> METHOD.kernel(IndicatorRule("range"), a, t, b).round(9).tolist()
    [50.0, 100.0, 50.0]
"""

from xlperf.core.contract.method import Method, Params, clamp_en, clamp_zh
from xlperf.core.contract.rule import IndicatorRule
from xlperf.core.contract.validity import Condition

#: the goal must differ from the start (the data side; the message names the target cell)
GOAL_NOT_START = Condition("target", "<>", "baseline", "DATA_RANGE_GOAL_IS_START")


class RangeParams(Params):
    """No keys of its own."""


METHOD = Method(
    name="range",
    label_en="progress from start to goal",
    label_zh="起点到目标的进度",
    params=RangeParams,
    inputs=lambda r: ("actual", "target", "baseline"),
    conditions=lambda r: (GOAL_NOT_START,),
    kernel=lambda r, a, t, b: 100.0 * (a - b) / (t - b),
    formula=lambda r, c: f"100*({c.actual}-{c.baseline})/({c.target}-{c.baseline})",
    describe_en=lambda r: (
        "(actual−start)/(goal−start) ×100, start = baseline, goal = target" + clamp_en(r)
    ),
    describe_zh=lambda r: "(实际−起点)/(目标−起点) ×100, 起点为基准值" + clamp_zh(r),
    example=IndicatorRule("range", cap=120),
)
