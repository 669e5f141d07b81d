"""Grades and ranks, compared on scores rounded to 6 decimals, numpy and spreadsheet sides.

The comparison key of the contract is ROUND(score, 6) (half away from zero).
The absolute grade is the first grade (mins descending) whose min the key
reaches; the rank is the competition rank (RANK.EQ: ties share the best rank).

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

from xlperf.core.contract.excel import num, text_literal
from xlperf.core.numeric import round6


def grade_index(scores: np.ndarray, mins: np.ndarray) -> np.ndarray:
    """Index of the first grade (mins descending) whose min ≤ round6(score); the last catches the rest."""
    s = round6(scores)
    asc = np.asarray(mins, dtype=float)[::-1]
    reached = np.searchsorted(asc, s, side="right")
    return np.clip(len(asc) - reached, 0, len(asc) - 1)


def round_key_formula(final: str) -> str:
    """The comparison key: ROUND(final, 6), empty when there is no score."""
    return f'=IF(ISNUMBER({final}),ROUND({final},6),"")'


def grade_formula(key: str, grades: Sequence[tuple[str, float]]) -> str:
    """The spreadsheet side of :func:`grade_index`, on the rounded key.

    Example:
        >>> grade_formula("Z5", [("A", 110), ("B", 100), ("C", 0)])
        '=IF(ISNUMBER(Z5),IF(Z5>=110,"A",IF(Z5>=100,"B","C")),"")'
    """
    expr = text_literal(grades[-1][0])
    for name, lo in reversed(grades[:-1]):
        expr = f"IF({key}>={num(lo)},{text_literal(name)},{expr})"
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
