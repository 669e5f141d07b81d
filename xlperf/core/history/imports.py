"""Earlier results brought into the history: an xlperf results file, or any table with
``employee_id``, ``final_score`` and ``grade`` (工号, 综合得分, 最终等级).

Optional columns: name, department, role (must be a role of the scheme when
given), flags, bonus factor, and section scores as ``score_<section>``.
Every problem is located; nothing is imported unless the whole table fits.

Example:
    >>> import pandas as pd
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> probs = ProblemList()
    >>> t = prepare_import(s, pd.DataFrame({"工号": ["E1", "E2"], "综合得分": [121.5, 88],
    ...                                     "最终等级": ["A", "c"]}), probs)
    >>> [p.code for p in probs.items], t["grade"].tolist()
    (['HIST_IMPORT_UNKNOWN_GRADE'], ['A', 'c'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from xlperf.core.engine.resolve import resolve
from xlperf.core.suggest import closest
from xlperf.core.tables import Table
from xlperf.errors import Location, ProblemList
from xlperf.messages import say

if TYPE_CHECKING:
    from xlperf.core.scheme import Scheme

#: what an imported table becomes (section scores follow as ``score_<section>``)
IMPORT_COLUMNS = (
    "employee_id",
    "name",
    "department",
    "role",
    "final_score",
    "grade",
    "flags",
    "bonus_factor",
)


def prepare_import(scheme: Scheme, frame: pd.DataFrame, problems: ProblemList) -> pd.DataFrame:
    """The table as history records (without the period); problems go to ``problems``."""
    from xlperf.core.engine.data import bad_numbers

    t = Table.wrap(frame, "history")
    if not t.ok or len(t.df) == 0:
        if t.ok:
            t.problems.append(
                say(
                    "TABLE_EMPTY",
                    Location(file=t.file, sheet=t.sheet),
                    table="history",
                    table_zh="历史结果",
                )
            )
        problems.extend(t.problems.items)
        return pd.DataFrame(columns=list(IMPORT_COLUMNS))
    emp = t.text("employee_id")
    t.report(emp == "", "employee_id", "DATA_EMPTY_ID")
    _duplicates(t, emp)
    score, missing, invalid = t.numbers("final_score", fraction_percent=False)
    bad_numbers(t, "final_score", invalid)
    t.report(missing, "final_score", "HIST_IMPORT_MISSING_SCORE", employee=emp)
    grade = t.text("grade")
    names = list(scheme.grade_names)
    cands = {g: closest(g, names) for g in set(grade) - set(names)}
    t.report(
        ~np.isin(grade, names),
        "grade",
        "HIST_IMPORT_UNKNOWN_GRADE",
        employee=emp,
        value=grade,
        choices=", ".join(names),
        candidate=np.array([cands.get(g) for g in grade], dtype=object),
    )
    role = _roles(scheme, t)
    factor, _, f_invalid = t.numbers("bonus_factor", fraction_percent=False)
    bad_numbers(t, "bonus_factor", f_invalid)
    problems.extend(t.problems.items)
    out = pd.DataFrame(
        {
            "employee_id": emp,
            "name": t.text("name"),
            "department": t.text("department"),
            "role": role,
            "final_score": score,
            "grade": grade,
            "flags": t.text("flags"),
            "bonus_factor": factor,
        }
    )
    for s in scheme.sections:
        col = f"score_{s.id}"
        if col in frame.columns:
            out[col] = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)
    return out


def _duplicates(t: Table, emp: np.ndarray) -> None:
    dup = pd.Series(emp).duplicated(keep="first").to_numpy() & (emp != "")
    if dup.any():
        rows = t.df["_row"].to_numpy()
        first = pd.Series(rows).groupby(emp).transform("first").to_numpy()
        t.report(dup, "employee_id", "HIST_IMPORT_DUPLICATE", employee=emp, row=first)


def _roles(scheme: Scheme, t: Table) -> np.ndarray:
    """Role ids; a role given that the scheme does not have is reported."""
    if "role" not in t.df.columns:
        return np.full(len(t.df), "", dtype=object)
    ids = [r.id for r in scheme.roles]
    idx = resolve(t, "role", scheme.word_maps()["role"], ids)
    typed = t.text("role")
    unknown = (idx < 0) & (typed != "")
    cands = {w: closest(w, ids) for w in set(typed[unknown])}
    t.report(
        unknown,
        "role",
        "DATA_UNKNOWN_ROLE",
        value=typed,
        choices=", ".join(ids[:8]),
        candidate=np.array([cands.get(w) for w in typed], dtype=object),
    )
    return np.where(
        idx >= 0, np.asarray(ids + [""], dtype=object)[np.where(idx >= 0, idx, len(ids))], ""
    )
