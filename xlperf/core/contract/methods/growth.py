"""``growth``: growth over the baseline against a target growth (策划案带动销售增长率).

Score = 100 · ((actual − baseline) / |baseline|) / target.

Example:
    >>> import numpy as np
    >>> METHOD.kernel(IndicatorRule("growth"), np.array([115.0]), np.array([0.1]),
    ...               np.array([100.0])).round(9).tolist()
    [150.0]
"""

import numpy as np

from xlperf.core.contract.method import (
    BASELINE_NOT_ZERO,
    TARGET_POSITIVE,
    Method,
    Params,
    clamp_en,
    clamp_zh,
)
from xlperf.core.contract.rule import IndicatorRule


class GrowthParams(Params):
    """No keys of its own."""


METHOD = Method(
    name="growth",
    label_en="growth against target growth",
    label_zh="增长率/目标增长率",
    params=GrowthParams,
    inputs=lambda r: ("actual", "target", "baseline"),
    conditions=lambda r: (TARGET_POSITIVE, BASELINE_NOT_ZERO),
    kernel=lambda r, a, t, b: 100.0 * ((a - b) / np.abs(b)) / t,
    formula=lambda r, c: f"100*(({c.actual}-{c.baseline})/ABS({c.baseline}))/{c.target}",
    describe_en=lambda r: "(actual−baseline)/|baseline| ÷ target growth ×100" + clamp_en(r),
    describe_zh=lambda r: "(实际−基准)/|基准| ÷ 目标增长率 ×100" + clamp_zh(r),
    example=IndicatorRule("growth"),
)
