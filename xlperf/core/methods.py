"""The scoring-method registry: the vocabulary schemes are written in.

Each method turns actual ``a``, target ``t`` and baseline ``b`` (numpy arrays)
into points, 100 = exactly on target, before the indicator's clamp to
``[floor, cap]``. :data:`METHODS` is the single list that drives scheme
validation, template drop-downs, the formula compiler and the docs.

Example:
    >>> import numpy as np
    >>> rule = IndicatorRule(method="ratio", cap=120)
    >>> score_rule(rule, np.array([90.0, 130.0]), np.array([100.0, 100.0])).tolist()
    [90.0, 120.0]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class IndicatorRule:
    """Everything a method needs to score one indicator, defaults resolved.

    ``bands`` are ``(min, score)`` pairs, ``points`` ``(x, score)`` pairs with
    strictly increasing x, ``rating_map`` ``(rating, points)`` pairs.
    """

    method: str
    floor: float = 0.0
    cap: float = 150.0
    bands: tuple[tuple[float, float], ...] = ()
    points: tuple[tuple[float, float], ...] = ()
    on: str = "achievement"
    rating_map: tuple[tuple[float, float], ...] = ()
    scale_min: float = 1.0
    scale_max: float = 5.0
    per: float = 0.0
    lower: bool = False


@dataclass(frozen=True)
class Method:
    """One scoring method: its name, what it needs, how it scores, how it reads."""

    name: str
    label_en: str
    label_zh: str
    needs_target: Callable[[IndicatorRule], bool]
    needs_baseline: bool
    raw: Callable[[IndicatorRule, Array, Array, Array], Array]
    describe_en: Callable[[IndicatorRule], str]
    describe_zh: Callable[[IndicatorRule], str]


def _fmt(x: float) -> str:
    return f"{x:g}"


def _ratio(rule: IndicatorRule, a: Array, t: Array, b: Array) -> Array:
    return 100.0 * a / t


def _inverse(rule: IndicatorRule, a: Array, t: Array, b: Array) -> Array:
    # a = 0 means "no cost at all": the best possible result, i.e. the cap.
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(a == 0, rule.cap, 100.0 * t / np.where(a == 0, 1.0, a))


def _growth(rule: IndicatorRule, a: Array, t: Array, b: Array) -> Array:
    return 100.0 * ((a - b) / np.abs(b)) / t


def _bands(rule: IndicatorRule, a: Array, t: Array, b: Array) -> Array:
    ordered = sorted(rule.bands)
    mins = np.array([m for m, _ in ordered], dtype=float)
    scores = np.array([s for _, s in ordered], dtype=float)
    idx = np.searchsorted(mins, a, side="right") - 1
    out = np.where(idx >= 0, scores[np.clip(idx, 0, None)], rule.floor)
    return np.where(np.isnan(a), np.nan, out)


def _linear(rule: IndicatorRule, a: Array, t: Array, b: Array) -> Array:
    x = a if rule.on == "actual" else a / t
    xs = np.array([p[0] for p in rule.points], dtype=float)
    ys = np.array([p[1] for p in rule.points], dtype=float)
    out = np.interp(x, xs, ys)
    return np.where(np.isnan(x), np.nan, out)


def rating_points(rule: IndicatorRule, a: Array) -> Array:
    """Points for a rating: the scale's map when given, else ``100·a/scale_max``."""
    if rule.rating_map:
        keys = np.array([k for k, _ in rule.rating_map], dtype=float)
        vals = np.array([v for _, v in rule.rating_map], dtype=float)
        order = np.argsort(keys)
        keys, vals = keys[order], vals[order]
        idx = np.clip(np.searchsorted(keys, a), 0, len(keys) - 1)
        return np.where(keys[idx] == a, vals[idx], np.nan)
    return 100.0 * a / rule.scale_max


def _rating(rule: IndicatorRule, a: Array, t: Array, b: Array) -> Array:
    return rating_points(rule, a)


def _deduction(rule: IndicatorRule, a: Array, t: Array, b: Array) -> Array:
    return 100.0 - rule.per * a


def _binary(rule: IndicatorRule, a: Array, t: Array, b: Array) -> Array:
    hit = a <= t if rule.lower else a >= t
    return np.where(np.isnan(a) | np.isnan(t), np.nan, np.where(hit, 100.0, 0.0))


def _cap_en(r: IndicatorRule) -> str:
    return f", floor {_fmt(r.floor)}, cap {_fmt(r.cap)}" if r.floor else f", cap {_fmt(r.cap)}"


def _cap_zh(r: IndicatorRule) -> str:
    return f", 下限{_fmt(r.floor)}, 上限{_fmt(r.cap)}" if r.floor else f", 上限{_fmt(r.cap)}"


def _bands_text(r: IndicatorRule, word: str) -> str:
    return "; ".join(f"≥{_fmt(m)}→{_fmt(s)}" for m, s in sorted(r.bands, reverse=True))


def _points_text(r: IndicatorRule) -> str:
    return ", ".join(f"({_fmt(x)}, {_fmt(s)})" for x, s in r.points)


METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Method(
            "ratio", "ratio to target", "实际/目标",
            lambda r: True, False, _ratio,
            lambda r: "actual/target ×100" + _cap_en(r),
            lambda r: "实际/目标 ×100" + _cap_zh(r),
        ),
        Method(
            "inverse", "inverse ratio (lower is better)", "目标/实际（越低越好）",
            lambda r: True, False, _inverse,
            lambda r: "target/actual ×100, lower is better, 0 scores the cap" + _cap_en(r),
            lambda r: "目标/实际 ×100, 越低越好, 实际为0得上限分" + _cap_zh(r),
        ),
        Method(
            "growth", "growth against target growth", "增长率/目标增长率",
            lambda r: True, True, _growth,
            lambda r: "(actual−baseline)/|baseline| ÷ target growth ×100" + _cap_en(r),
            lambda r: "(实际−基准)/|基准| ÷ 目标增长率 ×100" + _cap_zh(r),
        ),
        Method(
            "bands", "score bands on the actual", "区间计分",
            lambda r: False, False, _bands,
            lambda r: "bands on actual: " + _bands_text(r, "") + _cap_en(r),
            lambda r: "按实际值分档: " + _bands_text(r, "") + _cap_zh(r),
        ),
        Method(
            "linear", "piecewise-linear", "分段线性",
            lambda r: r.on != "actual", False, _linear,
            lambda r: ("linear on actual: " if r.on == "actual" else "linear on actual/target: ")
            + _points_text(r) + _cap_en(r),
            lambda r: ("按实际值线性插值: " if r.on == "actual" else "按达成率线性插值: ")
            + _points_text(r) + _cap_zh(r),
        ),
        Method(
            "rating", "rating on the scale", "评分",
            lambda r: False, False, _rating,
            lambda r: (
                "rating mapped: " + ", ".join(f"{_fmt(k)}→{_fmt(v)}" for k, v in r.rating_map)
                if r.rating_map else f"rating/{_fmt(r.scale_max)} ×100"
            ) + _cap_en(r),
            lambda r: (
                "评分换算: " + ", ".join(f"{_fmt(k)}→{_fmt(v)}" for k, v in r.rating_map)
                if r.rating_map else f"评分/{_fmt(r.scale_max)} ×100"
            ) + _cap_zh(r),
        ),
        Method(
            "deduction", "deduction per incident", "按次扣分",
            lambda r: False, False, _deduction,
            lambda r: f"100 − {_fmt(r.per)} per incident" + _cap_en(r),
            lambda r: f"100 − 每次扣{_fmt(r.per)}分" + _cap_zh(r),
        ),
        Method(
            "binary", "target met or not", "达标/未达标",
            lambda r: True, False, _binary,
            lambda r: ("100 if actual ≤ target else 0" if r.lower else "100 if actual ≥ target else 0"),
            lambda r: ("实际≤目标得100, 否则0" if r.lower else "实际≥目标得100, 否则0"),
        ),
    )
}

METHOD_NAMES: tuple[str, ...] = tuple(METHODS)


def describe(rule: IndicatorRule, lang: str = "zh") -> str:
    """The method in words, e.g. ``"实际/目标 ×100, 上限120"``."""
    m = METHODS[rule.method]
    return m.describe_zh(rule) if lang == "zh" else m.describe_en(rule)


def needs_target(rule: IndicatorRule) -> bool:
    return METHODS[rule.method].needs_target(rule)


def needs_positive_target(rule: IndicatorRule) -> bool:
    """Methods that divide by the target need ``t > 0``; binary takes any threshold."""
    return needs_target(rule) and rule.method != "binary"


def needs_baseline(rule: IndicatorRule) -> bool:
    return METHODS[rule.method].needs_baseline


@dataclass(frozen=True)
class InputFault:
    """Rows whose inputs a method cannot score, and why (English and Chinese)."""

    mask: Array
    column: str
    message: str
    message_zh: str


def input_faults(rule: IndicatorRule, a: Array, t: Array, b: Array) -> list[InputFault]:
    """Which rows have inputs this method cannot score, column by column.

    Example:
        >>> import numpy as np
        >>> faults = input_faults(IndicatorRule("ratio"), np.array([1.0]), np.array([0.0]), np.array([np.nan]))
        >>> faults[0].message
        'target must be > 0'
    """
    faults: list[InputFault] = []
    a_missing = np.isnan(a)
    if a_missing.any():
        faults.append(InputFault(a_missing, "actual", "actual is missing", "缺少实际值"))
    if needs_target(rule):
        t_missing = np.isnan(t)
        if t_missing.any():
            faults.append(InputFault(t_missing, "target", "target is missing", "缺少目标值"))
        if needs_positive_target(rule):
            bad = ~t_missing & (t <= 0)
            if bad.any():
                faults.append(InputFault(bad, "target", "target must be > 0", "目标值必须大于0"))
    if needs_baseline(rule):
        b_missing = np.isnan(b)
        if b_missing.any():
            faults.append(InputFault(b_missing, "baseline", "baseline is missing", "缺少基准值"))
        zero = ~b_missing & (b == 0)
        if zero.any():
            faults.append(InputFault(zero, "baseline", "baseline must not be 0", "基准值不能为0"))
    present = ~a_missing
    if rule.method in ("inverse", "deduction"):
        neg = present & (a < 0)
        if neg.any():
            faults.append(InputFault(neg, "actual", "actual must be ≥ 0", "实际值不能为负数"))
    if rule.method == "rating":
        with np.errstate(invalid="ignore"):
            out = present & ((a < rule.scale_min) | (a > rule.scale_max) | np.isnan(rating_points(rule, np.where(present, a, rule.scale_max))))
        if out.any():
            lo, hi = _fmt(rule.scale_min), _fmt(rule.scale_max)
            faults.append(InputFault(out, "actual", f"rating must be on the scale {lo}..{hi}", f"评分必须在{lo}..{hi}之间"))
    return faults


def score_rule(rule: IndicatorRule, a: Array, t: Array | None = None, b: Array | None = None) -> Array:
    """Score arrays with one rule: method, then clamp to ``[floor, cap]``.

    Rows whose inputs are invalid (see :func:`input_faults`) score NaN, never
    a plausible number.
    """
    a = np.asarray(a, dtype=float)
    t = np.full_like(a, np.nan) if t is None else np.broadcast_to(np.asarray(t, dtype=float), a.shape)
    b = np.full_like(a, np.nan) if b is None else np.broadcast_to(np.asarray(b, dtype=float), a.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = METHODS[rule.method].raw(rule, a, t, b)
        out = np.clip(raw, rule.floor, rule.cap)
    bad = np.zeros(a.shape, dtype=bool)
    for fault in input_faults(rule, a, t, b):
        bad |= fault.mask
    return np.where(bad, np.nan, out)


def methods_markdown() -> str:
    """The registry as a Markdown table (docs/scheme.md embeds it; a test keeps it current)."""
    lines = ["| method | what it scores | 中文 | needs target | needs baseline | example rule in words |", "|---|---|---|---|---|---|"]
    examples = {
        "ratio": IndicatorRule("ratio", cap=120),
        "inverse": IndicatorRule("inverse", cap=120),
        "growth": IndicatorRule("growth"),
        "bands": IndicatorRule("bands", bands=((90, 120), (80, 100), (0, 50))),
        "linear": IndicatorRule("linear", points=((0, 0), (1, 100), (1.5, 130))),
        "rating": IndicatorRule("rating"),
        "deduction": IndicatorRule("deduction", per=20),
        "binary": IndicatorRule("binary"),
    }
    for name, m in METHODS.items():
        rule = examples.get(name, IndicatorRule(name))
        target = "yes" if m.needs_target(rule) else ("unless `on: actual`" if name == "linear" else "no")
        if name == "linear":
            target = "yes, unless `on: actual`"
        lines.append(f"| `{name}` | {m.label_en} | {m.label_zh} | {target} | {'yes' if m.needs_baseline else 'no'} | {m.describe_en(rule).replace('|', chr(92) + '|')} |")
    return "\n".join(lines)
