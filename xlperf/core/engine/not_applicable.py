"""Not-applicable indicators (不适用): ``N/A``, ``NA`` or ``不适用`` as the actual.

An indicator with ``allow_na: true`` may be marked not applicable for an
employee: the row is left out and the employee's remaining weights in that
section are rescaled to sum to 100 (the contract's rule, see
:func:`xlperf.core.contract.aggregation.rescaled_weights`). Marking an
indicator without ``allow_na``, or every indicator of a section, is a located
error.

Example:
    >>> import pandas as pd
    >>> from xlperf.core.tables import Table
    >>> t = Table.wrap(pd.DataFrame({"工号": ["E1", "E1"], "实际值": ["n/a ", "85%"]}), "data")
    >>> not_applicable_rows(t).tolist()
    [True, False]
"""

from __future__ import annotations

import numpy as np

from xlperf.core.contract.aggregation import is_not_applicable
from xlperf.core.scheme import Scheme
from xlperf.core.tables import Table
from xlperf.errors import ProblemList
from xlperf.messages import say


def not_applicable_rows(t: Table) -> np.ndarray:
    """Rows whose actual says N/A (only cells that are not numbers are looked at)."""
    out = np.zeros(len(t.df), dtype=bool)
    if "actual" not in t.df.columns:
        return out
    invalid = t.parse("actual").invalid
    if invalid.any():
        out[invalid] = is_not_applicable(t.df["actual"].to_numpy(dtype=object)[invalid])
    return out


def check_na_allowed(scheme: Scheme, t: Table, ind: np.ndarray, na: np.ndarray) -> None:
    """N/A on an indicator without ``allow_na`` is an error at the actual's cell."""
    allowed = np.array([i.allow_na for i in scheme.indicators] + [True], dtype=bool)
    bad = na & ~allowed[np.where(ind >= 0, ind, len(scheme.indicators))]
    if bad.any():
        codes = np.asarray([i.code for i in scheme.indicators] + [""], dtype=object)
        t.report(
            bad,
            "actual",
            "DATA_NA_NOT_ALLOWED",
            employee=t.text("employee_id"),
            indicator=codes[np.where(ind >= 0, ind, len(codes) - 1)],
            value=t.text("actual"),
        )


def check_na_sections(scheme: Scheme, d, problems: ProblemList) -> None:
    """Every indicator of an employee's section marked N/A is an error (nothing left to score)."""
    na = getattr(d, "na", None)
    if na is None or not na.any():
        return
    n_emp, n_sec = len(d.employees), len(scheme.sections)
    ok = (d.ind >= 0) & d.has_id
    key = (d.emp * n_sec + d.section)[ok]
    rows = np.bincount(key, minlength=n_emp * n_sec).reshape(n_emp, n_sec)
    marked = np.bincount(key, weights=na[ok], minlength=n_emp * n_sec).reshape(n_emp, n_sec)
    ids = d.employees["employee_id"].to_numpy()
    for e, si in zip(*np.nonzero((rows > 0) & (marked == rows)), strict=True):
        first = np.flatnonzero(ok & (d.emp == e) & (d.section == si))[0]
        where = d.table.where(int(d.rows[first]), "actual")[0]
        problems.append(
            say("DATA_NA_WHOLE_SECTION", where, employee=ids[e], section=scheme.sections[si].id)
        )
