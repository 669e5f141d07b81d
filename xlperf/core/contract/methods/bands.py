"""``bands``: the score of the highest band the actual reaches (客户满意度 A ≥ 90 ...).

Below every band the score is the floor.

Example:
    >>> import numpy as np
    >>> rule = IndicatorRule("bands", bands=((90, 120), (80, 100), (0, 50)))
    >>> METHOD.kernel(rule, np.array([95.0, 89.99, -1.0]), None, None).tolist()
    [120.0, 100.0, 0.0]
"""

import numpy as np
from pydantic import Field

from xlperf.core.contract.excel import num
from xlperf.core.contract.method import Entry, Method, Params, clamp_en, clamp_zh, fmt
from xlperf.core.contract.rule import IndicatorRule


class Band(Entry):
    min: float
    score: float


class BandsParams(Params):
    bands: tuple[Band, ...] = Field(min_length=1)

    def rule_fields(self) -> dict:
        return {"bands": tuple((b.min, b.score) for b in self.bands)}


def _kernel(rule, a, t, b):
    ordered = sorted(rule.bands)
    mins = np.array([m for m, _ in ordered], dtype=float)
    scores = np.array([s for _, s in ordered], dtype=float)
    idx = np.searchsorted(mins, a, side="right") - 1
    out = np.where(idx >= 0, scores[np.clip(idx, 0, None)], rule.floor)
    return np.where(np.isnan(a), np.nan, out)


def _formula(rule, c):
    expr = num(rule.floor)
    for lo, score in sorted(rule.bands):  # innermost = lowest band
        expr = f"IF({c.actual}>={num(lo)},{num(score)},{expr})"
    return expr


def _text(rule):
    return "; ".join(f"≥{fmt(m)}→{fmt(s)}" for m, s in sorted(rule.bands, reverse=True))


def _checks(rule):
    mins = [m for m, _ in rule.bands]
    if len(set(mins)) != len(mins):
        return [("bands", "SCHEME_BANDS_NOT_ORDERED", {})]
    return []


METHOD = Method(
    name="bands",
    label_en="score bands on the actual",
    label_zh="区间计分",
    params=BandsParams,
    inputs=lambda r: ("actual",),
    kernel=_kernel,
    formula=_formula,
    describe_en=lambda r: "bands on actual: " + _text(r) + clamp_en(r),
    describe_zh=lambda r: "按实际值分档: " + _text(r) + clamp_zh(r),
    checks=_checks,
    example=IndicatorRule("bands", bands=((90, 120), (80, 100), (0, 50))),
)
