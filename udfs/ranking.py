"""PERF_RANK, FORCED_GRADE and BONUS_FACTOR: ranks, the forced distribution and bonus factors.

Ranks are :func:`~xlperf.core.contract.grading.competition_rank`, absolute
grades :func:`~xlperf.core.contract.grading.grade_index` on the scheme's
grades, the distribution the engine's own step
(:func:`xlperf.core.policy.calibration.distribute`: quotas, rounding, bottom
rule, small groups and tie rule of the scheme), and bonus factors the
scheme's table. The UDF knows no employee ids or roles, so
``distribution.exclude`` cannot apply, and a tie broken by ``tie_break``
falls back to the rows' order.

Example:
    >>> perf_rank([[90.0], [95.0], [90.0], [80.0]], None, None)
    [[2], [1], [2], [4]]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from udfs.aggregates import scheme_grades
from udfs.cells import UdfError, grid, message, need_scheme, numbers, settings_of, spill, texts
from xlperf.core.contract.grading import competition_rank
from xlperf.core.policy.calibration import distribute
from xlperf.core.scheme import Scheme


@dataclass(frozen=True)
class Column:
    """One column of scores: values, usable rows, per-row messages and the rows' groups."""

    values: np.ndarray
    ok: np.ndarray
    messages: np.ndarray
    groups: np.ndarray | None


def _same_length(value: Any, n: int, argument: str) -> np.ndarray:
    cells = texts(grid(value)).reshape(-1)
    if cells.shape != (n,):
        raise UdfError("UDF_COLUMN_LENGTH", argument=argument)
    return cells


def score_column(scores: Any, groups: Any, lang: str) -> Column:
    """The scores (one column) through the number parser, and the groups beside them.

    Example:
        >>> score_column([[1.0], ["x"]], None, "en").ok.tolist()
        [True, False]
    """
    cells = grid(scores)
    if cells.shape[1] != 1:
        raise UdfError("UDF_SCORES_ONE_COLUMN")
    s = numbers(cells)
    messages = np.full(cells.shape, None, dtype=object)
    messages[s.invalid] = message("UDF_NOT_A_NUMBER", lang, argument="score")
    messages[s.missing] = ""
    group_text = None if groups is None else _same_length(groups, len(cells), "groups")
    return Column(s.values.reshape(-1), s.ok.reshape(-1), messages, group_text)


def perf_rank(scores: Any, groups: Any, caller: Any) -> list[list[Any]]:
    """Competition rank within each group; see ``PERF_RANK``.

    Example:
        >>> perf_rank([[90.0], [95.0], [80.0]], [["N"], ["S"], ["N"]], None)
        [[1], [1], [2]]
    """
    col = score_column(scores, groups, settings_of(caller)[1])
    ranks = np.zeros(len(col.values), dtype=np.int64)
    if col.ok.any():
        in_group = None if col.groups is None else col.groups[col.ok]
        ranks[col.ok] = competition_rank(col.values[col.ok], in_group)
    return spill(ranks.reshape(-1, 1), col.messages)


def _absolute(scheme: Scheme, col: Column, grades: Any, lang: str) -> tuple[np.ndarray, np.ndarray]:
    """Absolute grade indices (from the scheme's bands, or as given) and the usable rows."""
    names = list(scheme.grade_names)
    if grades is None:
        return scheme_grades(scheme, np.where(col.ok, col.values, 0.0)), col.ok
    given = _same_length(grades, len(col.values), "grades")
    lookup = {n.lower(): i for i, n in enumerate(names)}
    absolute = np.array([lookup.get(g.lower(), -1) for g in given], dtype=np.int64)
    unknown = col.ok & (absolute < 0)
    for i in np.flatnonzero(unknown):
        col.messages[i, 0] = message(
            "UDF_UNKNOWN_GRADE", lang, value=given[i], choices=", ".join(names)
        )
    return absolute, col.ok & ~unknown


def forced_grade(scores: Any, groups: Any, grades: Any, caller: Any) -> list[list[Any]]:
    """The grade after the scheme's forced distribution; see ``FORCED_GRADE``.

    Example:
        >>> try:  # it needs the workbook's scheme: quotas, rounding, bottom rule
        ...     forced_grade([[130.0]], None, None, None)
        ... except UdfError as bad:
        ...     bad.code
        'UDF_NO_SCHEME'
    """
    scheme, lang = settings_of(caller)
    scheme = need_scheme(scheme)
    col = score_column(scores, groups, lang)
    absolute, ok = _absolute(scheme, col, grades, lang)
    names = list(scheme.grade_names)
    out = np.full(len(col.values), "", dtype=object)
    if ok.any():
        out[ok] = np.asarray(names, dtype=object)[_distributed(scheme, col, absolute, ok)]
    return spill(out.reshape(-1, 1), col.messages)


def _distributed(scheme: Scheme, col: Column, absolute: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """The engine's distribution step over the usable rows, grouped as the call says."""
    scope = "company" if col.groups is None else "department"
    if scheme.distribution.scope != scope:  # the groups argument says what the scope groups are
        dist = scheme.distribution.model_copy(update={"scope": scope})
        scheme = scheme.model_copy(update={"distribution": dist})
    rows = np.flatnonzero(ok)
    employees = pd.DataFrame({
        "employee_id": [f"{r + 1:07d}" for r in rows],  # the rows' order breaks a tie last
        "department": "" if col.groups is None else col.groups[ok],
        "role": "",
    })  # fmt: skip
    final = col.values[ok]
    sections = np.tile(final[:, None], (1, len(scheme.sections)))
    return distribute(scheme, employees, final, absolute[ok], sections).outcome.grade


def bonus_factor(grade: Any, caller: Any) -> list[list[Any]]:
    """The scheme's bonus factor of each grade (any letter case); see ``BONUS_FACTOR``.

    Example:
        >>> try:  # the factors are the workbook's scheme's
        ...     bonus_factor([["A"]], None)
        ... except UdfError as bad:
        ...     bad.code
        'UDF_NO_SCHEME'
    """
    scheme, lang = settings_of(caller)
    scheme = need_scheme(scheme)
    cells = texts(grid(grade))
    table = {k.lower(): float(v) for k, v in scheme.bonus.items()}
    values = np.full(cells.shape, np.nan)
    messages = np.full(cells.shape, None, dtype=object)
    choices = ", ".join(scheme.bonus)
    for idx, g in np.ndenumerate(cells):
        if not g:
            messages[idx] = ""
        elif g.lower() in table:
            values[idx] = table[g.lower()]
        else:
            messages[idx] = message("UDF_UNKNOWN_GRADE", lang, value=g, choices=choices)
    return spill(values, messages)
