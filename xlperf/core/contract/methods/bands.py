"""``bands``: the score of the highest band the actual reaches (客户满意度 A ≥ 90 ...).

Each band is ``{min: x, score: s}`` (actual ≥ x) or ``{above: x, score: s}``
(actual > x), compared at 6 decimals (see :mod:`..banded`). Below every band
the score is the floor.

Example:
    >>> import numpy as np
    >>> rule = IndicatorRule("bands", bands=((90, 120), (80, 100), (0, 50)))
    >>> METHOD.kernel(rule, np.array([95.0, 89.99, -1.0]), None, None).tolist()
    [120.0, 100.0, 0.0]
"""

from pydantic import Field

from xlperf.core.contract.banded import (
    Band,
    band_pairs,
    bound_problems,
    bound_text,
    rounded,
    step_values,
    steps_formula,
    steps_of,
)
from xlperf.core.contract.excel import num
from xlperf.core.contract.method import Method, Params, clamp_en, clamp_zh, fmt
from xlperf.core.contract.rule import IndicatorRule


class BandsParams(Params):
    bands: tuple[Band, ...] = Field(min_length=1)

    def rule_fields(self) -> dict:
        return band_pairs(self.bands)


def band_formula(rule: IndicatorRule, value: str) -> str:
    """The score of the band ``value`` reaches (floor below every band), at 6 decimals."""
    steps = [(x.bound, x.strict, num(x.result)) for x in steps_of(rule.bands, rule.above)]
    return steps_formula(rounded(value), steps, num(rule.floor))


def band_text(rule: IndicatorRule, unit: str = "") -> str:
    """``≥90→120; >80→100``: the bands from the highest bound down."""
    ordered = sorted(steps_of(rule.bands, rule.above), key=lambda x: -x.bound)
    return "; ".join(f"{bound_text(x.bound, x.strict)}{unit}→{fmt(x.result)}" for x in ordered)


def band_checks(rule: IndicatorRule) -> list[tuple[str, str, dict]]:
    """Bounds strictly ordered, no ``min`` and ``above`` on one value (scheme paths ``bands[i]``)."""
    steps = steps_of(rule.bands, rule.above)
    found = bound_problems(
        [x.bound for x in steps], [x.strict for x in steps], "SCHEME_BANDS_ORDER"
    )
    return [("bands" if i is None else f"bands[{i}]", code, params) for i, code, params in found]


METHOD = Method(
    name="bands",
    label_en="score bands on the actual",
    label_zh="区间计分",
    params=BandsParams,
    inputs=lambda r: ("actual",),
    kernel=lambda r, a, t, b: step_values(a, r.bands, r.above, r.floor),
    formula=lambda r, c: band_formula(r, c.actual),
    describe_en=lambda r: "bands on actual: " + band_text(r) + clamp_en(r),
    describe_zh=lambda r: "按实际值分档: " + band_text(r) + clamp_zh(r),
    checks=band_checks,
    example=IndicatorRule("bands", bands=((90, 120), (80, 100), (0, 50))),
)
