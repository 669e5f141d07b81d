"""``deduction``: 100 minus a fixed number of points per incident (客户投诉).

Example:
    >>> import numpy as np
    >>> METHOD.kernel(IndicatorRule("deduction", per=20), np.array([2.0]), None, None).tolist()
    [60.0]
"""

from pydantic import Field

from xlperf.core.contract.excel import num
from xlperf.core.contract.method import (
    ACTUAL_NOT_NEGATIVE,
    Method,
    Params,
    clamp_en,
    clamp_zh,
    fmt,
)
from xlperf.core.contract.rule import IndicatorRule


class DeductionParams(Params):
    per: float = Field(gt=0)

    def rule_fields(self) -> dict:
        return {"per": float(self.per)}


METHOD = Method(
    name="deduction",
    label_en="deduction per incident",
    label_zh="按次扣分",
    params=DeductionParams,
    inputs=lambda r: ("actual",),
    conditions=lambda r: (ACTUAL_NOT_NEGATIVE,),
    kernel=lambda r, a, t, b: 100.0 - r.per * a,
    formula=lambda r, c: f"100-{num(r.per)}*{c.actual}",
    describe_en=lambda r: f"100 − {fmt(r.per)} per incident" + clamp_en(r),
    describe_zh=lambda r: f"100 − 每次扣{fmt(r.per)}分" + clamp_zh(r),
    example=IndicatorRule("deduction", per=20),
)
