"""Aggregation rules, each with its numpy side and its spreadsheet side.

- a section score is the weighted mean of its indicator scores, Σ wᵢ·sᵢ / Σ wᵢ;
  indicators marked not applicable (``N/A``, ``NA``, ``不适用``) are left out and
  the remaining weights rescaled to sum to 100 (the same weighted mean over
  the applicable rows);
- a competency dimension is the rater-weighted mean over the rater groups
  present (each group's own ratings averaged first), renormalised;
- the final score is Σ section weight × section score / 100 over the
  sections that weigh more than 0, then × factor adjustments + bonus points
  (capped at ``max_points``);
- weights sum to 100 within 0.01 inclusive, checked in exact decimals.

Example:
    >>> import numpy as np
    >>> weighted_mean(np.array([[40.0, 60.0]]), np.array([[100.0, 50.0]])).tolist()
    [70.0]
    >>> weights_sum_to_100([33.33, 33.33, 33.33]), weights_sum_to_100([99.98])
    (True, False)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

import numpy as np

from xlperf.core.contract.excel import Cells, clamp, num, text_literal
from xlperf.core.contract.methods.rating import on_scale, points_formula
from xlperf.core.contract.rule import IndicatorRule

WEIGHT_TOLERANCE = Decimal("0.01")
#: what an actual says when the indicator does not apply (compared trimmed, case-insensitively)
NOT_APPLICABLE = ("N/A", "NA", "不适用")


def weight_total(weights: Iterable[float]) -> Decimal:
    """The exact sum of weights as the user wrote them (each float's shortest decimal)."""
    return sum((Decimal(repr(float(w))) for w in weights), Decimal(0))


def weights_sum_to_100(weights: Iterable[float]) -> bool:
    """|Σ weights − 100| ≤ 0.01, in exact decimal arithmetic."""
    return abs(weight_total(weights) - 100) <= WEIGHT_TOLERANCE


def weighted_mean(weights: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Row-wise Σ w·s / Σ w; NaN where Σ w = 0."""
    den = weights.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, (weights * scores).sum(axis=1) / np.where(den > 0, den, 1), np.nan)


def is_not_applicable(texts: Iterable[object]) -> np.ndarray:
    """Which cells say "not applicable": ``N/A``, ``NA`` or ``不适用``, trimmed, any case or width.

    Example:
        >>> is_not_applicable([" n/a", "ＮＡ", "不适用", "#N/A", "0", None]).tolist()
        [True, True, True, False, False, False]
    """
    words = {w.casefold() for w in NOT_APPLICABLE}
    return np.array(
        [
            isinstance(t, str) and unicodedata.normalize("NFKC", t).strip().casefold() in words
            for t in texts
        ],
        dtype=bool,
    )


def rescaled_weights(weights: np.ndarray, applicable: np.ndarray) -> np.ndarray:
    """One section's weights with the not-applicable rows left out, rescaled to sum to 100.

    Example:
        >>> rescaled_weights(np.array([40.0, 30.0, 30.0]), np.array([True, False, True])).tolist()
        [57.142857142857146, 0.0, 42.857142857142854]
    """
    kept = np.where(applicable, weights, 0.0)
    total = kept.sum()
    return kept * 100.0 / total if total > 0 else kept


def grouped_weighted_mean(
    group: np.ndarray, n_groups: int, weights: np.ndarray, scores: np.ndarray
) -> np.ndarray:
    """Σ w·s / Σ w per group index (the engine's sections: employee × section keys)."""
    num_ = np.bincount(group, weights=weights * scores, minlength=n_groups)
    den = np.bincount(group, weights=weights, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num_ / np.where(den > 0, den, 1), np.nan)


def section_formula(weights: str, scores: str, n: int, invalid: str) -> str:
    """Σ wᵢ·sᵢ / Σ wᵢ over a block of ``n`` rows; empty until every score is there.

    Example:
        >>> section_formula("I5:I9", "M5:M9", 5, "x")
        '=IF(COUNT(M5:M9)=5,SUMPRODUCT(I5:I9,M5:M9)/SUM(I5:I9),IF(COUNTIF(M5:M9,"x")>0,"x",""))'
    """
    inv = text_literal(invalid)
    return f'=IF(COUNT({scores})={n},SUMPRODUCT({weights},{scores})/SUM({weights}),IF(COUNTIF({scores},{inv})>0,{inv},""))'


def _applicable(actuals: str) -> str:
    """Per row 1 when the actual is not one of :data:`NOT_APPLICABLE`, else 0 (array context)."""
    words = "+".join(f"({actuals}={text_literal(w)})" for w in NOT_APPLICABLE)
    return f"(1-({words}))"


def section_formula_na(weights: str, scores: str, actuals: str, invalid: str) -> str:
    """The section mean over a block whose actuals may say N/A: those rows left out, weights rescaled.

    Empty until every applicable row has a score; the invalid marker when an
    applicable score is invalid, or when no row applies (an error in the
    engine too). Spreadsheets compare text case-insensitively, as the engine
    does; the words are the drop-down's, untrimmed.

    Example:
        >>> f = section_formula_na("I5:I6", "M5:M6", "L5:L6", "x")
        >>> f.startswith('=IF(SUMPRODUCT((1-((L5:L6="N/A")+(L5:L6="NA")+(L5:L6="不适用"))))=0,"x",')
        True
    """
    m = _applicable(actuals)
    inv = text_literal(invalid)
    n_ok = f"SUMPRODUCT({m})"
    mean = f"SUMPRODUCT({weights},{scores},{m})/SUMPRODUCT({weights},{m})"
    complete = f"SUMPRODUCT(ISNUMBER({scores})*{m})={n_ok}"
    bad = f"SUMPRODUCT(({scores}={inv})*{m})>0"
    return f'=IF({n_ok}=0,{inv},IF({complete},{mean},IF({bad},{inv},"")))'


def final_score(section_scores: np.ndarray, section_weights: Sequence[float]) -> np.ndarray:
    """Σ weight × score / 100 over sections weighing > 0 (rows: employees)."""
    w = np.asarray(section_weights, dtype=float)
    return np.where(w > 0, np.nan_to_num(section_scores) * w, 0.0).sum(axis=1) / 100.0


def final_formula(
    section_weights: Sequence[float], section_cells: Sequence[str], invalid: str
) -> str:
    """The spreadsheet side of :func:`final_score`, empty until every weighed section is there."""
    used = [(w, c) for w, c in zip(section_weights, section_cells, strict=True) if w > 0]
    inv = text_literal(invalid)
    cells = ",".join(c for _, c in used)
    total = "+".join(f"{c}*{num(w)}" for w, c in used)
    any_invalid = "OR(" + ",".join(f"{c}={inv}" for _, c in used) + ")"
    return f'=IF(COUNT({cells})={len(used)},({total})/100,IF({any_invalid},{inv},""))'


def adjusted(
    final: np.ndarray, factor: np.ndarray, points: np.ndarray, max_points: float | None
) -> np.ndarray:
    """Adjustments: final × Π factors + min(Σ points, max_points).

    Example:
        >>> adjusted(np.array([100.0]), np.array([0.9]), np.array([12.0]), 10).tolist()
        [100.0]
    """
    if max_points is not None:
        points = np.minimum(points, max_points)
    return final * factor + points


def dimension_scores(
    total: np.ndarray, count: np.ndarray, rater_weights: Sequence[float]
) -> np.ndarray:
    """Per employee × dimension: each rater group's mean, weighted over the groups present.

    ``total`` and ``count`` are (employees, dimensions, rater groups) sums and
    counts of clamped rating points; NaN where no group rated.
    """
    has = count > 0
    rw = np.asarray(rater_weights, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(has, total / np.maximum(count, 1), 0.0)
        wsum = (has * rw).sum(axis=2)
        return np.where(wsum > 0, (mean * rw).sum(axis=2) / np.where(wsum > 0, wsum, 1), np.nan)


def dimension_formula(
    rule: IndicatorRule, cells: Sequence[str], weights: Sequence[float], invalid: str
) -> str:
    """The spreadsheet side of :func:`dimension_scores`: one rating cell per rater group.

    ``rule`` is the scheme's rating rule (scale, map, clamp); a rating is valid
    under the rating method's own condition.
    """
    valid = on_scale(rule)
    all_blank = "AND(" + ",".join(f'{c}=""' for c in cells) + ")"
    each_ok = (
        "AND("
        + ",".join(f'OR({c}="",AND(ISNUMBER({c}),{valid.excel(Cells(c))}))' for c in cells)
        + ")"
    )
    numer = "+".join(
        f'IF({c}="",0,{clamp(points_formula(rule, c), rule.floor, rule.cap)}*{num(w)})'
        for c, w in zip(cells, weights, strict=True)
    )
    denom = "+".join(f'IF({c}="",0,{num(w)})' for c, w in zip(cells, weights, strict=True))
    return f'=IF({all_blank},"",IF({each_ok},({numer})/({denom}),{text_literal(invalid)}))'


def _points_array(rule: IndicatorRule, ratings: str) -> str:
    """Clamped points of every rating of a range, as array arithmetic (no IF: SUMPRODUCT-safe)."""
    if rule.rating_map:
        terms = [
            f"({ratings}={num(k)})*{num(min(rule.cap, max(rule.floor, v)))}"
            for k, v in rule.rating_map
        ]
        return "(" + "+".join(terms) + ")"
    pts = f"100*{ratings}/{num(rule.scale_max)}"
    lo, hi = 100 * rule.scale_min / rule.scale_max, 100.0
    if rule.floor > lo:  # max(f, x) = (x + f + |x − f|) / 2, elementwise
        pts = f"(({pts})+{num(rule.floor)}+ABS(({pts})-{num(rule.floor)}))/2"
    if rule.cap < hi:  # min(c, x) = (x + c − |x − c|) / 2
        pts = f"(({pts})+{num(rule.cap)}-ABS(({pts})-{num(rule.cap)}))/2"
    return pts


def _on_scale_array(rule: IndicatorRule, ratings: str) -> str:
    """1 where a rating is on the scale (and in the map), as array arithmetic."""
    valid = on_scale(rule)
    if valid.op == "in":
        return "(" + "+".join(f"({ratings}={num(k)})" for k in valid.value) + ")"
    lo, hi = valid.value
    return f"({ratings}>={num(lo)})*({ratings}<={num(hi)})"


def dimension_formula_rows(
    rule: IndicatorRule,
    ratings: str,
    groups: str,
    group_words: Sequence[tuple[str, float]],
    invalid: str,
) -> str:
    """The spreadsheet side of :func:`dimension_scores` over one rating per rater row.

    ``ratings`` is a column range of ratings (one row per rater), ``groups``
    the range naming each row's rater group by its word in ``group_words``
    (``(word, weight)`` pairs). Each group's mean of clamped points, weighted
    over the groups present; empty when nobody rated; the invalid marker for
    text, a rating off the scale, or a rating whose row names no group.

    Example:
        >>> from xlperf.core.contract import IndicatorRule
        >>> f = dimension_formula_rows(IndicatorRule("rating"), "E5:E7", "C5:C7", [("上级", 100)], "x")
        >>> f.startswith('=IF(SUMPRODUCT(--(E5:E7<>""))=0,"",IF(OR(SUMPRODUCT((E5:E7<>"")*(1-ISNUMBER(E5:E7)))>0')
        True
    """
    inv = text_literal(invalid)
    named = "(" + "+".join(f"({groups}={text_literal(w)})" for w, _ in group_words) + ")"
    problems = (
        f'SUMPRODUCT(({ratings}<>"")*(1-ISNUMBER({ratings})))>0',
        f"SUMPRODUCT(ISNUMBER({ratings})*(1-{_on_scale_array(rule, ratings)}))>0",
        f'SUMPRODUCT(({ratings}<>"")*(1-{named}))>0',
    )
    pts = _points_array(rule, ratings)
    numer, denom = [], []
    for word, weight in group_words:
        mine = f"({groups}={text_literal(word)})"
        n = f"SUMPRODUCT({mine}*ISNUMBER({ratings}))"
        numer.append(f"IF({n}>0,SUMPRODUCT({mine}*ISNUMBER({ratings})*{pts})/{n},0)*{num(weight)}")
        denom.append(f"({n}>0)*{num(weight)}")
    mean = f"({'+'.join(numer)})/({'+'.join(denom)})"
    return f'=IF(SUMPRODUCT(--({ratings}<>""))=0,"",IF(OR({",".join(problems)}),{inv},{mean}))'
