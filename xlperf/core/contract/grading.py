"""Grades and ranks, compared on scores rounded to 6 decimals, numpy and spreadsheet sides.

The comparison key of the contract is ROUND(score, 6) (half away from zero).
Grades are a banded list (:mod:`.banded`): the absolute grade is the first
grade (bounds descending) the key reaches — ``min`` (key ≥ x) or ``above``
(key > x) — and the last grade catches the rest. The rank is the
competition rank (RANK.EQ: ties share the best rank).

Example:
    >>> import numpy as np
    >>> grade_index(np.array([110.0, 109.9999996, 99.0]), np.array([110.0, 100.0, 0.0])).tolist()
    [0, 0, 2]
    >>> competition_rank(np.array([90.0, 95.0, 90.0, 80.0])).tolist()
    [2, 1, 2, 4]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from xlperf.core.contract.banded import step_index, steps_formula
from xlperf.core.contract.excel import text_literal
from xlperf.core.numeric import round6


def grade_index(
    scores: np.ndarray, mins: np.ndarray, strict: np.ndarray | None = None
) -> np.ndarray:
    """Index of the first grade (bounds descending) round6(score) reaches; the last catches the rest.

    ``strict`` marks the grades written with ``above`` (score > bound).

    Example:
        >>> grade_index(np.array([100.0000004, 100.000001]), np.array([100.0, 0.0]),
        ...             np.array([True, False])).tolist()
        [1, 0]
    """
    bounds = np.asarray(mins, dtype=float)
    flags = np.zeros(len(bounds), dtype=bool) if strict is None else np.asarray(strict, dtype=bool)
    return np.clip(step_index(scores, bounds, flags), 0, len(bounds) - 1)


def round_key_formula(final: str) -> str:
    """The comparison key: ROUND(final, 6), empty when there is no score."""
    return f'=IF(ISNUMBER({final}),ROUND({final},6),"")'


def grade_formula(key: str, grades: Sequence[tuple[str, float] | tuple[str, float, bool]]) -> str:
    """The spreadsheet side of :func:`grade_index`, on the rounded key.

    ``grades`` are ``(grade, bound)`` or ``(grade, bound, strict)`` (``strict``
    for ``above``), best first, as :attr:`Scheme.grade_steps` gives them.

    Example:
        >>> grade_formula("Z5", [("A", 110), ("B", 100), ("C", 0)])
        '=IF(ISNUMBER(Z5),IF(Z5>=110,"A",IF(Z5>=100,"B","C")),"")'
        >>> grade_formula("Z5", [("A", 110, True), ("B", 100, False), ("C", 0, False)])
        '=IF(ISNUMBER(Z5),IF(Z5>110,"A",IF(Z5>=100,"B","C")),"")'
    """
    steps = [(g[1], len(g) > 2 and bool(g[2]), text_literal(g[0])) for g in grades[:-1]]
    expr = steps_formula(key, steps, text_literal(grades[-1][0]))
    return f'=IF(ISNUMBER({key}),{expr},"")'


def group_codes(groups: np.ndarray | None, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of group labels (sorted), and the labels; one group when None."""
    if groups is None:
        return np.zeros(n, dtype=np.int64), np.array([""], dtype=object)
    codes, labels = pd.factorize(pd.Series(groups, dtype=object), sort=True)
    return codes.astype(np.int64), np.asarray(labels, dtype=object)


def competition_rank(scores: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Rank descending within each group; ties (at 6 decimals) share the best rank (``RANK.EQ``)."""
    s = round6(scores)
    g, _ = group_codes(groups, len(s))
    order = np.lexsort((-s, g))
    ss, gs = s[order], g[order]
    idx = np.arange(len(s))
    new_group = np.ones(len(s), dtype=bool)
    new_group[1:] = gs[1:] != gs[:-1]
    new_block = new_group.copy()
    new_block[1:] |= ss[1:] != ss[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, idx, 0))
    block_start = np.maximum.accumulate(np.where(new_block, idx, 0))
    ranks = np.empty(len(s), dtype=np.int64)
    ranks[order] = block_start - group_start + 1
    return ranks


def rank_formula(key: str, keys: str, group: str, groups: str) -> str:
    """The spreadsheet side of :func:`competition_rank` on rounded keys.

    Counts the scores in the group strictly above this one, plus one; text
    (empty) keys are left out by ISNUMBER.

    Example:
        >>> rank_formula("Z5", "$Z$5:$Z$9", "C5", "$C$5:$C$9")
        '=IF(ISNUMBER(Z5),SUMPRODUCT(($C$5:$C$9=C5)*ISNUMBER($Z$5:$Z$9)*($Z$5:$Z$9>Z5))+1,"")'
    """
    return (
        f'=IF(ISNUMBER({key}),SUMPRODUCT(({groups}={group})*ISNUMBER({keys})*({keys}>{key}))+1,"")'
    )
