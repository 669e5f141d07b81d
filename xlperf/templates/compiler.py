"""The formula compiler: scoring rules of the contract → native spreadsheet formulas.

One function per scoring method (:data:`METHOD_COMPILERS`, keyed like
:data:`xlperf.core.methods.METHODS`) and one per aggregation rule
(:func:`dimension_formula`, :func:`section_formula`, :func:`final_formula`,
:func:`round_key_formula`, :func:`grade_formula`, :func:`rank_formula`).
Each takes cell references (``"L5"``, ``"$I$5:$I$9"``) and returns a formula
string starting with ``=``.

Only functions that exist in Excel 2007+, Excel for the web, WPS and
LibreOffice are used (:data:`ALLOWED_FUNCTIONS`): no LET, LAMBDA or IFS,
no ``_xlfn.`` functions. Arithmetic is written in the same order as the
engine's numpy code, so results agree to the last bits, and every score is
clamped to ``[floor, cap]`` like the engine.

Empty or invalid inputs never give a plausible score: a missing input makes
the score ``""`` (empty), an invalid one (text, a target ≤ 0, a rating off
the scale...) makes it the visible marker text ``invalid`` (e.g. "输入无效"),
and sums over a block stay empty or invalid when any member is.

Example:
    >>> from xlperf.core.methods import IndicatorRule
    >>> indicator_formula(IndicatorRule("ratio", cap=120), "L5", "J5", None, "invalid")
    '=IF(OR(L5="",J5=""),"",IF(AND(ISNUMBER(L5),ISNUMBER(J5),J5>0),MIN(120,MAX(0,100*L5/J5)),"invalid"))'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from xlperf.core.methods import METHODS, IndicatorRule, needs_baseline, needs_target

#: Functions the compiler may emit (all in Excel 2007, LibreOffice and WPS).
ALLOWED_FUNCTIONS = frozenset(
    {
        "IF",
        "AND",
        "OR",
        "NOT",
        "ISNUMBER",
        "COUNT",
        "COUNTIF",
        "SUM",
        "SUMPRODUCT",
        "MIN",
        "MAX",
        "ABS",
        "ROUND",
        "INDEX",
        "MATCH",
        "LOOKUP",
        "RANK",
    }
)

_FUNC = re.compile(r"([A-Z][A-Z0-9._]*)\(")
_STRING = re.compile(r'"(?:[^"]|"")*"')


def functions_used(formula: str) -> set[str]:
    """Names of the functions a formula calls (string literals ignored).

    Example:
        >>> sorted(functions_used('=IF(A1="MIN(",MAX(1,2),"")'))
        ['IF', 'MAX']
    """
    return set(_FUNC.findall(_STRING.sub('""', formula)))


def num(x: float) -> str:
    """A number as a formula literal: shortest round-trip text, no exponent for usual values.

    Example:
        >>> num(40.0), num(0.1), num(-2.5)
        ('40', '0.1', '-2.5')
    """
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    text = repr(x)
    if "e" in text:  # 1e-05 → 0.00001: every spreadsheet parses the plain form
        text = format(x, ".17f").rstrip("0").rstrip(".")
    return text


def text_literal(s: str) -> str:
    """A string literal for a formula (quotes doubled)."""
    return '"' + s.replace('"', '""') + '"'


def clamp(expr: str, rule: IndicatorRule) -> str:
    """``MIN(cap, MAX(floor, expr))`` — the engine's ``np.clip``."""
    return f"MIN({num(rule.cap)},MAX({num(rule.floor)},{expr}))"


def _wrap(required: Sequence[str], conditions: Sequence[str], expr: str, invalid: str) -> str:
    """Empty when a required input is empty; the score when every check holds; else invalid."""
    blank = (
        required[0] + '=""'
        if len(required) == 1
        else "OR(" + ",".join(f'{c}=""' for c in required) + ")"
    )
    checks = [f"ISNUMBER({c})" for c in required] + list(conditions)
    cond = checks[0] if len(checks) == 1 else "AND(" + ",".join(checks) + ")"
    return f'=IF({blank},"",IF({cond},{expr},{text_literal(invalid)}))'


def ratio_formula(rule: IndicatorRule, a: str, t: str | None, b: str | None, invalid: str) -> str:
    """``100·a/t`` (t > 0), clamped."""
    return _wrap([a, t], [f"{t}>0"], clamp(f"100*{a}/{t}", rule), invalid)


def inverse_formula(rule: IndicatorRule, a: str, t: str | None, b: str | None, invalid: str) -> str:
    """``100·t/a``; a = 0 scores the cap; a ≥ 0, t > 0."""
    expr = clamp(f"IF({a}=0,{num(rule.cap)},100*{t}/{a})", rule)
    return _wrap([a, t], [f"{t}>0", f"{a}>=0"], expr, invalid)


def growth_formula(rule: IndicatorRule, a: str, t: str | None, b: str | None, invalid: str) -> str:
    """``100·((a−b)/|b|)/t`` (b ≠ 0, t > 0), clamped."""
    return _wrap(
        [a, t, b], [f"{t}>0", f"{b}<>0"], clamp(f"100*(({a}-{b})/ABS({b}))/{t}", rule), invalid
    )


def bands_formula(rule: IndicatorRule, a: str, t: str | None, b: str | None, invalid: str) -> str:
    """The score of the highest band whose min ≤ a; below every band: the floor."""
    expr = num(rule.floor)
    for lo, score in sorted(rule.bands):  # innermost = lowest band
        expr = f"IF({a}>={num(lo)},{num(score)},{expr})"
    return _wrap([a], [], clamp(expr, rule), invalid)


def linear_formula(rule: IndicatorRule, a: str, t: str | None, b: str | None, invalid: str) -> str:
    """Piecewise-linear on a/t (or a with ``on: actual``), flat beyond the end points (``np.interp``)."""
    on_actual = rule.on == "actual"
    x = a if on_actual else f"({a}/{t})"
    pts = list(rule.points)
    expr = num(pts[-1][1])
    for j in range(len(pts) - 2, -1, -1):
        (x0, y0), (x1, y1) = pts[j], pts[j + 1]
        # dy/dx as a division, not a literal: the same double numpy computes, and
        # no 17-digit literal that another program might shorten when saving
        slope = f"{num(y1 - y0)}/{num(x1 - x0)}"
        expr = f"IF({x}<{num(x1)},{slope}*({x}-{num(x0)})+{num(y0)},{expr})"
    expr = f"IF({x}<={num(pts[0][0])},{num(pts[0][1])},{expr})"
    if on_actual:
        return _wrap([a], [], clamp(expr, rule), invalid)
    return _wrap([a, t], [f"{t}>0"], clamp(expr, rule), invalid)


def rating_points_expr(rule: IndicatorRule, r: str) -> str:
    """Points for a rating cell already known to be valid: the map, else ``100·r/scale_max``."""
    if rule.rating_map:
        pairs = list(rule.rating_map)
        expr = num(pairs[-1][1])
        for k, v in reversed(pairs[:-1]):
            expr = f"IF({r}={num(k)},{num(v)},{expr})"
        return expr
    return f"100*{r}/{num(rule.scale_max)}"


def rating_valid_expr(rule: IndicatorRule, r: str) -> str:
    """True when a non-empty cell holds a rating on the scale (and in the map, when there is one)."""
    parts = [f"ISNUMBER({r})", f"{r}>={num(rule.scale_min)}", f"{r}<={num(rule.scale_max)}"]
    if rule.rating_map:
        parts.append("OR(" + ",".join(f"{r}={num(k)}" for k, _ in rule.rating_map) + ")")
    return "AND(" + ",".join(parts) + ")"


def rating_formula(rule: IndicatorRule, a: str, t: str | None, b: str | None, invalid: str) -> str:
    """A rating on the scheme's scale → its points, clamped; off-scale is invalid."""
    return _wrap(
        [a], [rating_valid_expr(rule, a)], clamp(rating_points_expr(rule, a), rule), invalid
    )


def deduction_formula(
    rule: IndicatorRule, a: str, t: str | None, b: str | None, invalid: str
) -> str:
    """``100 − per·a`` for a count a ≥ 0, clamped."""
    return _wrap([a], [f"{a}>=0"], clamp(f"100-{num(rule.per)}*{a}", rule), invalid)


def binary_formula(rule: IndicatorRule, a: str, t: str | None, b: str | None, invalid: str) -> str:
    """100 when a ≥ t (a ≤ t with ``lower``), else 0; clamped."""
    op = "<=" if rule.lower else ">="
    return _wrap([a, t], [], clamp(f"IF({a}{op}{t},100,0)", rule), invalid)


MethodCompiler = Callable[[IndicatorRule, str, "str | None", "str | None", str], str]

#: One compiler per scoring method of :data:`xlperf.core.methods.METHODS`.
METHOD_COMPILERS: dict[str, MethodCompiler] = {
    "ratio": ratio_formula,
    "inverse": inverse_formula,
    "growth": growth_formula,
    "bands": bands_formula,
    "linear": linear_formula,
    "rating": rating_formula,
    "deduction": deduction_formula,
    "binary": binary_formula,
}


def indicator_formula(
    rule: IndicatorRule, actual: str, target: str | None, baseline: str | None, invalid: str
) -> str:
    """The indicator-score formula for ``rule`` with the given input cells.

    ``target``/``baseline`` may be None when the method does not use them.
    """
    if rule.method not in METHOD_COMPILERS:
        raise KeyError(
            f"no formula compiler for method {rule.method!r}; known: {sorted(METHOD_COMPILERS)}"
        )
    if needs_target(rule) and target is None:
        raise ValueError(f"method {rule.method} needs a target cell")
    if needs_baseline(rule) and baseline is None:
        raise ValueError(f"method {rule.method} needs a baseline cell")
    return METHOD_COMPILERS[rule.method](rule, actual, target, baseline, invalid)


if set(METHOD_COMPILERS) != set(METHODS):  # pragma: no cover - caught by the tests at once
    raise RuntimeError(
        f"formula compilers missing for methods: {sorted(set(METHODS) - set(METHOD_COMPILERS))}"
    )


# -- aggregation ----------------------------------------------------------------


def dimension_formula(
    rule: IndicatorRule, cells: Sequence[str], weights: Sequence[float], invalid: str
) -> str:
    """A competency dimension: rater-weighted mean of the rater groups present, renormalised.

    ``rule`` is the scheme's rating rule (scale, map, clamp); one rating cell
    per rater group, in the scheme's rater order.
    """
    all_blank = "AND(" + ",".join(f'{c}=""' for c in cells) + ")"
    each_ok = "AND(" + ",".join(f'OR({c}="",{rating_valid_expr(rule, c)})' for c in cells) + ")"
    numer = "+".join(
        f'IF({c}="",0,{clamp(rating_points_expr(rule, c), rule)}*{num(w)})'
        for c, w in zip(cells, weights, strict=True)
    )
    denom = "+".join(f'IF({c}="",0,{num(w)})' for c, w in zip(cells, weights, strict=True))
    return f'=IF({all_blank},"",IF({each_ok},({numer})/({denom}),{text_literal(invalid)}))'


def section_formula(weights: str, scores: str, n: int, invalid: str) -> str:
    """Σ wᵢ·sᵢ / Σ wᵢ over a block of ``n`` rows; empty until every score is there.

    Example:
        >>> section_formula("I5:I9", "M5:M9", 5, "x")
        '=IF(COUNT(M5:M9)=5,SUMPRODUCT(I5:I9,M5:M9)/SUM(I5:I9),IF(COUNTIF(M5:M9,"x")>0,"x",""))'
    """
    inv = text_literal(invalid)
    return f'=IF(COUNT({scores})={n},SUMPRODUCT({weights},{scores})/SUM({weights}),IF(COUNTIF({scores},{inv})>0,{inv},""))'


def final_formula(
    section_weights: Sequence[float], section_cells: Sequence[str], invalid: str
) -> str:
    """Σ section_weight × section_score / 100 over the sections that weigh > 0."""
    used = [(w, c) for w, c in zip(section_weights, section_cells, strict=True) if w > 0]
    inv = text_literal(invalid)
    cells = ",".join(c for _, c in used)
    total = "+".join(f"{c}*{num(w)}" for w, c in used)
    any_invalid = "OR(" + ",".join(f"{c}={inv}" for _, c in used) + ")"
    return f'=IF(COUNT({cells})={len(used)},({total})/100,IF({any_invalid},{inv},""))'


def round_key_formula(final: str) -> str:
    """The comparison key of the contract: ROUND(final, 6), empty when there is no score."""
    return f'=IF(ISNUMBER({final}),ROUND({final},6),"")'


def grade_formula(key: str, grades: Sequence[tuple[str, float]]) -> str:
    """The absolute grade: the first grade (mins descending) whose min ≤ the rounded score.

    Example:
        >>> grade_formula("Z5", [("A", 110), ("B", 100), ("C", 0)])
        '=IF(ISNUMBER(Z5),IF(Z5>=110,"A",IF(Z5>=100,"B","C")),"")'
    """
    expr = text_literal(grades[-1][0])
    for name, lo in reversed(grades[:-1]):
        expr = f"IF({key}>={num(lo)},{text_literal(name)},{expr})"
    return f'=IF(ISNUMBER({key}),{expr},"")'


def rank_formula(key: str, keys: str, group: str, groups: str) -> str:
    """Competition rank (RANK.EQ ties) of ``key`` among ``keys`` in the same group, descending.

    Counts the scores in the group strictly above this one, plus one; text
    (empty) keys are left out by ISNUMBER.

    Example:
        >>> rank_formula("Z5", "$Z$5:$Z$9", "C5", "$C$5:$C$9")
        '=IF(ISNUMBER(Z5),SUMPRODUCT(($C$5:$C$9=C5)*ISNUMBER($Z$5:$Z$9)*($Z$5:$Z$9>Z5))+1,"")'
    """
    return (
        f'=IF(ISNUMBER({key}),SUMPRODUCT(({groups}={group})*ISNUMBER({keys})*({keys}>{key}))+1,"")'
    )
