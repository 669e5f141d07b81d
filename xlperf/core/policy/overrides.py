"""Calibration overrides (校准调整): a calibration meeting's decisions, applied after the quotas.

The Overrides table has one row per decision: ``employee_id`` 工号, ``grade``
等级/校准等级, ``reason`` 原因/调整原因 and ``approved_by`` 审批人. The final
grade becomes the override; the grade the quotas gave is kept as
``grade_before_override``. Every row must name a known employee (once), a
grade of the scheme (its id or label, any case), a reason and an approver.

Example:
    >>> import pandas as pd
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.errors import ProblemList
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> ov = prepare_overrides(s, pd.DataFrame({"工号": ["E2"], "校准等级": ["良好"], "调整原因": ["项目攻关"],
    ...     "审批人": ["张总"]}), pd.Index(["E1", "E2"]), ProblemList())
    >>> ov.position.tolist(), ov.grade.tolist(), apply_overrides(np.array([2, 2]), ov).tolist()
    ([1], [1], [2, 1])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlperf.core.scheme import Scheme
from xlperf.core.scheme.records import norm_word
from xlperf.core.suggest import closest
from xlperf.core.tables import Table
from xlperf.errors import ProblemList


@dataclass(frozen=True)
class PreparedOverrides:
    """The valid override rows: employee position, grade index, reason, approver, table row."""

    position: np.ndarray
    grade: np.ndarray
    reason: np.ndarray
    approved_by: np.ndarray
    rows: np.ndarray


def _grade_words(scheme: Scheme) -> dict[str, int]:
    words: dict[str, int] = {}
    for gi, g in enumerate(scheme.grades):
        for w in (g.grade, g.label, g.label_en):
            if w:
                words.setdefault(norm_word(w), gi)
    return words


def prepare_overrides(
    scheme: Scheme, overrides: pd.DataFrame, emp_index: pd.Index, problems: ProblemList
) -> PreparedOverrides | None:
    """Validate the Overrides table; every problem is located at its cell (None: not usable)."""
    t = Table.wrap(overrides, "overrides")
    if not t.ok:
        problems.extend(t.problems.items)
        return None
    emp = t.text("employee_id")
    codes, labels = t.codes("employee_id")
    known = (
        emp_index.get_indexer(pd.Index(labels, dtype=object))
        if len(emp_index)
        else np.full(len(labels), -1)
    )
    pos = np.asarray(known, dtype=np.int64)[codes]
    t.report(emp == "", "employee_id", "DATA_EMPTY_ID")
    t.report((pos < 0) & (emp != ""), "employee_id", "CALIB_UNKNOWN_EMPLOYEE", employee=emp)
    rows = t.df["_row"].to_numpy()
    dup = pd.Series(emp).duplicated(keep="first").to_numpy() & (emp != "")
    first_row = pd.Series(rows).groupby(emp).transform("first").to_numpy()
    t.report(dup, "employee_id", "CALIB_DUPLICATE_OVERRIDE", employee=emp, row=first_row)
    names = list(scheme.grade_names)
    choices = ", ".join(names)
    typed = t.text("grade")
    words = _grade_words(scheme)
    grade = np.array([words.get(norm_word(g), -1) for g in typed], dtype=np.int64)
    t.report(typed == "", "grade", "CALIB_NO_GRADE", employee=emp, choices=choices)
    cands = {w: closest(w, names) for w in set(typed[(grade < 0) & (typed != "")])}
    t.report(
        (grade < 0) & (typed != ""),
        "grade",
        "CALIB_UNKNOWN_GRADE",
        employee=emp,
        value=typed,
        choices=choices,
        candidate=np.array([cands.get(w) for w in typed], dtype=object),
    )
    reason, approver = t.text("reason"), t.text("approved_by")
    t.report(reason == "", "reason", "CALIB_NO_REASON", employee=emp)
    t.report(approver == "", "approved_by", "CALIB_NO_APPROVER", employee=emp)
    problems.extend(t.problems.items)
    good = (pos >= 0) & (grade >= 0) & (reason != "") & (approver != "") & ~dup
    return PreparedOverrides(pos[good], grade[good], reason[good], approver[good], rows[good])


def apply_overrides(grade: np.ndarray, ov: PreparedOverrides | None) -> np.ndarray:
    """The final grade indices: the overrides' grades where given, else ``grade``."""
    out = np.asarray(grade, dtype=np.int64).copy()
    if ov is not None and len(ov.position):
        out[ov.position] = ov.grade
    return out
