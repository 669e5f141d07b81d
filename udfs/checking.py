"""XLPERF_CHECK: the engine's validation of a Data block, or a cell-by-cell number check.

A block whose first row holds Data headers is scored by the engine
(:func:`xlperf.core.engine.score`) against the workbook's scheme, with
on-scale ratings made up for everyone so the KPI block is checked on its
own; the problems it reports are the lines. Any other block is read by the
number parser and each cell that is not a number is named.

Example:
    >>> xlperf_check([[1.0, "x"]], None)
    [["R1C2：'x' 不是数字"]]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from udfs.cells import grid, message, need_scheme, numbers, settings_of, texts
from xlperf.core.engine import score
from xlperf.core.scheme import Scheme
from xlperf.errors import Problem, XlperfError

_ID_HEADERS = {"employee_id", "工号"}
_INDICATOR_HEADERS = {"indicator", "指标"}


def _full_ratings(scheme: Scheme, data: pd.DataFrame) -> pd.DataFrame | None:
    """On-scale ratings for everyone, so a check of the KPI block does not report
    the competency ratings, which live in another table."""
    if scheme.competency is None or not scheme.competencies:
        return None
    id_col = next((c for c in data.columns if c.strip().lower() in _ID_HEADERS), None)
    ids = texts(data[id_col].to_numpy(dtype=object).reshape(-1, 1)).reshape(-1)
    rater = next(iter(scheme.raters))
    rating = float(scheme.rating_scale.max)
    return pd.DataFrame(
        [(i, c.code, rater, rating) for i in pd.unique(ids) if i for c in scheme.competencies],
        columns=["employee_id", "dimension", "rater", "rating"],
    )


def check_table(scheme: Scheme, cells: np.ndarray) -> list[Problem]:
    """The engine's problems with a Data block (headers in the first row).

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> block = np.array([["工号", "部门", "岗位", "指标", "实际值", "目标值"],
        ...                   ["E1", "D", "sales_rep", "SALES_REV", 90, 0]], dtype=object)
        >>> sorted({p.code for p in check_table(load_scheme(shipped_schemes()["sales"]), block)})[:2]
        ['DATA_ROLE_INDICATOR_MISSING', 'DATA_TARGET_NOT_POSITIVE']
    """
    data = pd.DataFrame(cells[1:], columns=[str(h) for h in texts(cells[:1]).reshape(-1)])
    data = data.dropna(how="all")
    try:
        score(scheme, data, _full_ratings(scheme, data))
    except XlperfError as err:
        return err.problems
    return []


def _not_numbers(cells: np.ndarray, lang: str) -> list[str]:
    invalid = numbers(cells).invalid
    return [
        f"R{r + 1}C{c + 1}{'：' if lang == 'zh' else ': '}"
        + message("UDF_CELL_NOT_A_NUMBER", lang, value=cells[r, c])
        for r, c in zip(*np.nonzero(invalid), strict=True)
    ]


def xlperf_check(values: Any, caller: Any) -> list[list[Any]]:
    """Validation messages, one per line; see ``XLPERF_CHECK``.

    Example:
        >>> xlperf_check([[1.0, 2.0]], None)
        [['无问题']]
    """
    scheme, lang = settings_of(caller)
    cells = grid(values)
    headers = {h.lower() for h in texts(cells[:1]).reshape(-1)}
    if _ID_HEADERS & headers and _INDICATOR_HEADERS & headers:
        lines = [p.render(lang) for p in check_table(need_scheme(scheme), cells)]
    else:
        lines = _not_numbers(cells, lang)
    return [[line] for line in lines or [message("UDF_CHECK_OK", lang)]]
