"""``rating``: a rating on the scheme's scale, through the scale's map when there is one.

Without a map, points = 100 · rating / scale max. Ratings off the scale (or
not in the map) are invalid. Competency ratings use the same rule
(:func:`rating_rule` of the scheme).

Example:
    >>> import numpy as np
    >>> rule = IndicatorRule("rating", rating_map=((1, 40), (3, 80), (5, 120)))
    >>> METHOD.kernel(rule, np.array([3.0, 5.0]), None, None).tolist()
    [80.0, 120.0]
    >>> METHOD.kernel(IndicatorRule("rating"), np.array([4.0]), None, None).tolist()
    [80.0]
"""

import numpy as np

from xlperf.core.contract.excel import num
from xlperf.core.contract.method import Method, Params, clamp_en, clamp_zh, fmt
from xlperf.core.contract.rule import IndicatorRule
from xlperf.core.contract.validity import Condition


class RatingParams(Params):
    map: dict[float, float] | None = None

    def rule_fields(self) -> dict:
        if self.map is None:
            return {}
        return {"rating_map": tuple(sorted((float(k), float(v)) for k, v in self.map.items()))}


def points(rule: IndicatorRule, a: np.ndarray) -> np.ndarray:
    """Points for ratings (NaN for a rating not in the map)."""
    if rule.rating_map:
        keys = np.array([k for k, _ in rule.rating_map], dtype=float)
        vals = np.array([v for _, v in rule.rating_map], dtype=float)
        idx = np.clip(np.searchsorted(keys, a), 0, len(keys) - 1)
        return np.where(keys[idx] == a, vals[idx], np.nan)
    return 100.0 * a / rule.scale_max


def points_formula(rule: IndicatorRule, r: str) -> str:
    """Points for a rating cell already known to be valid."""
    if rule.rating_map:
        pairs = list(rule.rating_map)
        expr = num(pairs[-1][1])
        for k, v in reversed(pairs[:-1]):
            expr = f"IF({r}={num(k)},{num(v)},{expr})"
        return expr
    return f"100*{r}/{num(rule.scale_max)}"


def on_scale(rule: IndicatorRule) -> Condition:
    """The validity of a rating: on the scale, and in the map when there is one."""
    if rule.rating_map:
        keys = tuple(k for k, _ in rule.rating_map if rule.scale_min <= k <= rule.scale_max)
        return Condition("actual", "in", keys, "DATA_RATING_OFF_SCALE")
    return Condition("actual", "between", (rule.scale_min, rule.scale_max), "DATA_RATING_OFF_SCALE")


def _text(rule, mapped: str, plain: str) -> str:
    if rule.rating_map:
        return mapped + ", ".join(f"{fmt(k)}→{fmt(v)}" for k, v in rule.rating_map)
    return plain.format(fmt(rule.scale_max))


METHOD = Method(
    name="rating",
    label_en="rating on the scale",
    label_zh="评分",
    params=RatingParams,
    inputs=lambda r: ("actual",),
    conditions=lambda r: (on_scale(r),),
    kernel=lambda r, a, t, b: points(r, a),
    formula=lambda r, c: points_formula(r, c.actual),
    describe_en=lambda r: _text(r, "rating mapped: ", "rating/{} ×100") + clamp_en(r),
    describe_zh=lambda r: _text(r, "评分换算: ", "评分/{} ×100") + clamp_zh(r),
    example=IndicatorRule("rating"),
)
