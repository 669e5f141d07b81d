"""``linear``: piecewise-linear on achievement (actual ÷ target) or, with ``on: actual``, the actual.

Flat beyond the end points, like ``np.interp``.

Example:
    >>> import numpy as np
    >>> rule = IndicatorRule("linear", points=((0, 0), (1, 100), (1.5, 130)))
    >>> METHOD.kernel(rule, np.array([120.0]), np.array([100.0]), None).round(9).tolist()
    [112.0]
"""

from typing import Literal

import numpy as np
from pydantic import Field

from xlperf.core.contract.excel import num
from xlperf.core.contract.method import (
    TARGET_POSITIVE,
    Method,
    Params,
    clamp_en,
    clamp_zh,
    fmt,
)
from xlperf.core.contract.rule import IndicatorRule

Point = tuple[float, float]


class LinearParams(Params):
    points: tuple[Point, ...] = Field(min_length=2)
    on: Literal["achievement", "actual"] = "achievement"

    def rule_fields(self) -> dict:
        return {"points": tuple((float(x), float(y)) for x, y in self.points), "on": self.on}


def _on_actual(rule: IndicatorRule) -> bool:
    return rule.on == "actual"


def _kernel(rule, a, t, b):
    x = a if _on_actual(rule) else a / t
    xs = np.array([p[0] for p in rule.points], dtype=float)
    ys = np.array([p[1] for p in rule.points], dtype=float)
    return np.where(np.isnan(x), np.nan, np.interp(x, xs, ys))


def _formula(rule, c):
    x = c.actual if _on_actual(rule) else f"({c.actual}/{c.target})"
    pts = list(rule.points)
    expr = num(pts[-1][1])
    for j in range(len(pts) - 2, -1, -1):
        (x0, y0), (x1, y1) = pts[j], pts[j + 1]
        # dy/dx as a division, not a literal: the same double numpy computes, and
        # no 17-digit literal that another program might shorten when saving
        slope = f"{num(y1 - y0)}/{num(x1 - x0)}"
        expr = f"IF({x}<{num(x1)},{slope}*({x}-{num(x0)})+{num(y0)},{expr})"
    return f"IF({x}<={num(pts[0][0])},{num(pts[0][1])},{expr})"


def _points(rule):
    return ", ".join(f"({fmt(x)}, {fmt(s)})" for x, s in rule.points)


def _checks(rule):
    xs = [p[0] for p in rule.points]
    if any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
        return [("points", "SCHEME_POINTS_NOT_INCREASING", {})]
    return []


METHOD = Method(
    name="linear",
    label_en="piecewise-linear",
    label_zh="分段线性",
    params=LinearParams,
    inputs=lambda r: ("actual",) if _on_actual(r) else ("actual", "target"),
    conditions=lambda r: () if _on_actual(r) else (TARGET_POSITIVE,),
    kernel=_kernel,
    formula=_formula,
    describe_en=lambda r: (
        ("linear on actual: " if _on_actual(r) else "linear on actual/target: ")
        + _points(r)
        + clamp_en(r)
    ),
    describe_zh=lambda r: (
        ("按实际值线性插值: " if _on_actual(r) else "按达成率线性插值: ") + _points(r) + clamp_zh(r)
    ),
    checks=_checks,
    example=IndicatorRule("linear", points=((0, 0), (1, 100), (1.5, 130))),
)
