"""WEIGHTED_SCORE, FINAL_SCORE and GRADE_BAND: the contract's aggregation and grading rules.

Weighted means are :func:`~xlperf.core.contract.aggregation.weighted_mean`,
the final score :func:`~xlperf.core.contract.aggregation.final_score`, the
weight check :func:`~xlperf.core.contract.aggregation.weights_sum_to_100`
(exact decimals, ±0.01) and the grade
:func:`~xlperf.core.contract.grading.grade_index` (scores at 6 decimals).
Weights are read like the engine reads them (:func:`xlperf.core.tables.weight_points`).

Example:
    >>> weighted_score([[100, 80]], [[60, 40]], None), final_score([[100, 80]], [[70, 30]], None)
    ([[92.0]], [[94.0]])
    >>> grade_band([[95], [89.9999999]], [["Top", 90], ["Rest", 0]], None)
    [['Top'], ['Top']]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from udfs.cells import UdfError, grid, message, need_scheme, numbers, settings_of, spill, texts
from xlperf.core.contract.aggregation import (
    final_score as contract_final_score,
)
from xlperf.core.contract.aggregation import (
    weight_total,
    weighted_mean,
    weights_sum_to_100,
)
from xlperf.core.contract.grading import grade_index
from xlperf.core.scheme import Scheme
from xlperf.core.tables import weight_points


def read_weights(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights in percent points (``30``, ``"30%"`` and ``0.3`` all mean 30), and the blanks.

    Example:
        >>> read_weights(np.array([[0.3, 0.7]], dtype=object))[0].tolist()
        [[30.0, 70.0]]
    """
    p = numbers(cells, percent="points")
    if p.invalid.any():
        raise UdfError("UDF_WEIGHTS_NOT_NUMBERS")
    values = weight_points(p.values, p.missing, p.percent)
    if (values[~p.missing] <= 0).any():
        raise UdfError("UDF_WEIGHT_NOT_POSITIVE")
    return np.where(p.missing, 0.0, values), p.missing


def _total_text(weights: np.ndarray) -> str:
    return f"{float(weight_total(weights)):g}"


def _aligned(scores: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scores as rows (one per result) and weights of the same shape."""
    if scores.shape == weights.shape and 1 in scores.shape:
        return scores.reshape(1, -1), weights.reshape(1, -1)
    if weights.shape[0] == 1 and weights.shape[1] == scores.shape[1]:
        return scores, np.broadcast_to(weights, scores.shape)
    if weights.shape != scores.shape:
        raise UdfError("UDF_WEIGHTS_SHAPE")
    return scores, weights


def weighted_score(scores: Any, weights: Any, caller: Any) -> list[list[Any]]:
    """Σ weight × score / Σ weight per row; see ``WEIGHTED_SCORE``.

    Example:
        >>> weighted_score([[100, 80], [50, 50]], [["60%", "40%"]], None)
        [[92.0], [50.0]]
    """
    lang = settings_of(caller)[1]
    s_cells, w_cells = _aligned(grid(scores), grid(weights))
    s = numbers(s_cells)
    w, w_missing = read_weights(w_cells)
    result = weighted_mean(w, np.where(s.ok, s.values, 0.0))
    messages = np.full(result.shape, None, dtype=object)
    distinct, row_of = np.unique(w, axis=0, return_inverse=True)  # one row of weights: one check
    for k, row in enumerate(distinct):
        if not weights_sum_to_100(row):
            messages[row_of.reshape(-1) == k] = message(
                "UDF_WEIGHTS_SUM", lang, total=_total_text(row)
            )
    unusable = ((s.missing & ~w_missing) | s.invalid).any(axis=1)
    messages[unusable] = message("UDF_WEIGHTED_SCORE_MISSING", lang)
    messages[s.missing.all(axis=1)] = ""
    return spill(result.reshape(-1, 1), messages.reshape(-1, 1))


def _section_weights(section_weights: Any, caller: Any) -> tuple[np.ndarray, str]:
    scheme, lang = settings_of(caller)
    if section_weights is None:
        return np.array([float(s.weight) for s in need_scheme(scheme).sections]), lang
    return read_weights(grid(section_weights).reshape(1, -1))[0].reshape(-1), lang


def final_score(section_scores: Any, section_weights: Any, caller: Any) -> list[list[Any]]:
    """Σ section weight × section score / 100 per row; see ``FINAL_SCORE``.

    Example:
        >>> final_score([[100, None]], [[70, 30]], None)
        [['分项得分缺失或不是数字']]
    """
    w, lang = _section_weights(section_weights, caller)
    cells = grid(section_scores)
    if cells.shape[1] != len(w) and cells.shape[0] == len(w) and cells.shape[1] == 1:
        cells = cells.reshape(1, -1)
    if cells.shape[1] != len(w):
        raise UdfError("UDF_SECTION_COUNT", expected=len(w), got=cells.shape[1])
    if not weights_sum_to_100(w):
        raise UdfError("UDF_SECTION_WEIGHTS_SUM", total=_total_text(w))
    s = numbers(cells)
    final = contract_final_score(np.where(s.ok, s.values, np.nan), w)
    messages = np.full(final.shape, None, dtype=object)
    messages[(~s.ok & (w > 0)).any(axis=1)] = message("UDF_SECTION_SCORE_MISSING", lang)
    messages[s.missing.all(axis=1)] = ""
    return spill(final.reshape(-1, 1), messages.reshape(-1, 1))


def grade_table(cells: np.ndarray) -> tuple[list[str], np.ndarray]:
    """(grade, min) rows in either column order, as names and mins, mins descending.

    Example:
        >>> names, mins = grade_table(np.array([[60, "Pass"], [90, "Top"]], dtype=object))
        >>> names, mins.tolist()
        (['Top', 'Pass'], [90.0, 60.0])
    """
    if cells.shape[1] != 2 or cells.shape[0] < 1:
        raise UdfError("UDF_GRADE_TABLE")
    p = numbers(cells)
    bad = p.missing | p.invalid
    num_col = 1 if not bad[:, 1].any() else 0
    if bad[:, num_col].any():
        raise UdfError("UDF_GRADE_TABLE")
    names = texts(cells[:, [1 - num_col]]).reshape(-1)
    mins = p.values[:, num_col]
    order = np.argsort(-mins, kind="stable")  # grade_index takes mins descending
    return [names[i] for i in order], mins[order]


def scheme_grades(scheme: Scheme, scores: np.ndarray) -> np.ndarray:
    """The absolute grade index of each score under the scheme's grades (``min`` or ``above``).

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> scheme_grades(load_scheme(shipped_schemes()["sales"]), np.array([119.9999996])).tolist()
        [0]
    """
    steps = scheme.grade_steps
    bounds = np.array([b for _, b, _ in steps], dtype=float)
    return grade_index(scores, bounds, np.array([x for _, _, x in steps], dtype=bool))


def grade_band(score: Any, bands: Any, caller: Any) -> list[list[Any]]:
    """The absolute grade of each score; see ``GRADE_BAND``.

    Example:
        >>> grade_band([[95], [None]], [["Top", 90], ["Rest", 0]], None)
        [['Top'], ['']]
    """
    scheme, lang = settings_of(caller)
    cells = grid(score)
    s = numbers(cells)
    scores = np.where(s.ok, s.values, 0.0)
    if bands is None:
        scheme = need_scheme(scheme)
        names, index = list(scheme.grade_names), scheme_grades(scheme, scores)
    else:
        names, mins = grade_table(grid(bands))
        index = grade_index(scores, mins)
    out = np.asarray(names, dtype=object)[index]
    messages = np.full(cells.shape, None, dtype=object)
    messages[s.invalid] = message("UDF_NOT_A_NUMBER", lang, argument="score")
    messages[s.missing] = ""
    return spill(out, messages)
