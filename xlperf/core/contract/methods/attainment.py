"""``attainment``: bands on the completion rate (完成率) — "A ≥ 120% of target, B ≥ 100% ...".

Completion c = 100·a/t (with ``lower: true``, 100·t/a: lower is better), and
the score is that of the highest band c reaches, compared at 6 decimals like
every banded list (``ROUND(c, 6) >= 120``). Below every band the score is the
floor. With ``lower``, an actual of 0 ("no cost at all") reaches every band.

Example:
    >>> import numpy as np
    >>> rule = IndicatorRule("attainment", bands=((120, 120), (100, 100), (80, 80), (0, 50)))
    >>> a = np.array([120.0, 119.9999996, 119.999994, 79.0])
    >>> METHOD.kernel(rule, a, np.full(4, 100.0), None).tolist()
    [120.0, 120.0, 100.0, 50.0]
"""

import numpy as np
from pydantic import Field

from xlperf.core.contract.banded import (
    Band,
    band_pairs,
    rounded,
    step_values,
    steps_formula,
    steps_of,
)
from xlperf.core.contract.excel import num
from xlperf.core.contract.method import (
    ACTUAL_NOT_NEGATIVE,
    TARGET_POSITIVE,
    Method,
    Params,
    clamp_en,
    clamp_zh,
)
from xlperf.core.contract.methods.bands import band_checks, band_text
from xlperf.core.contract.rule import IndicatorRule


class AttainmentParams(Params):
    bands: tuple[Band, ...] = Field(min_length=1)
    lower: bool = False

    def rule_fields(self) -> dict:
        return {**band_pairs(self.bands), "lower": self.lower}


def completion(rule: IndicatorRule, a: np.ndarray, t: np.ndarray) -> np.ndarray:
    """c = 100·a/t, or 100·t/a with ``lower`` (+inf for a = 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if rule.lower:
            return np.where(a == 0, np.inf, 100.0 * t / np.where(a == 0, 1.0, a))
        return 100.0 * a / t


def _kernel(rule, a, t, b):
    return step_values(completion(rule, a, t), rule.bands, rule.above, rule.floor)


def _formula(rule, c):
    steps = [(x.bound, x.strict, num(x.result)) for x in steps_of(rule.bands, rule.above)]
    ratio = f"100*{c.target}/{c.actual}" if rule.lower else f"100*{c.actual}/{c.target}"
    expr = steps_formula(rounded(ratio), steps, num(rule.floor))
    if rule.lower:
        top = num(max(rule.bands)[1])
        return f"IF({c.actual}=0,{top},{expr})"
    return expr


def _conditions(rule):
    return (TARGET_POSITIVE, ACTUAL_NOT_NEGATIVE) if rule.lower else (TARGET_POSITIVE,)


def _what(rule, en: bool) -> str:
    if en:
        return (
            "completion target/actual ×100 (lower is better): "
            if rule.lower
            else "completion actual/target ×100: "
        )
    return "完成率 目标/实际×100（越低越好）: " if rule.lower else "完成率 实际/目标×100: "


METHOD = Method(
    name="attainment",
    label_en="bands on the completion rate",
    label_zh="完成率分档",
    params=AttainmentParams,
    inputs=lambda r: ("actual", "target"),
    conditions=_conditions,
    kernel=_kernel,
    formula=_formula,
    describe_en=lambda r: _what(r, True) + band_text(r, "%") + clamp_en(r),
    describe_zh=lambda r: _what(r, False) + band_text(r, "%") + clamp_zh(r),
    checks=band_checks,
    example=IndicatorRule("attainment", bands=((120, 120), (100, 100), (80, 80), (0, 50))),
)
