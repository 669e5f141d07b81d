"""The Pay and Teams tables, validated against the data: bases, team coefficients, pools.

Pay: ``employee_id`` 工号, ``bonus_base`` 绩效奖金基数, ``commission_base`` 提成基数
(optional). Teams: ``department`` 部门, ``coefficient`` 团队系数 (default 1),
``pool`` 团队奖金池 (optional). Every problem is located at its cell; a
department in Teams without employees is a warning.

Example:
    >>> import pandas as pd
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.errors import ProblemList
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> emps = pd.DataFrame({"employee_id": ["E1", "E2"], "department": ["D1", "D2"]})
    >>> probs = ProblemList()
    >>> p = prepare_pay(s, pd.DataFrame({"工号": ["E1", "E2"], "绩效奖金基数": [10000, 8000]}),
    ...                 pd.DataFrame({"部门": ["D1", "D9"], "团队系数": [1.1, 1.2]}), emps, probs)
    >>> p.bonus_base.tolist(), p.teams["coefficient"].tolist(), [x.code for x in probs.items]
    ([10000.0, 8000.0], [1.1, 1.2], ['PAY_TEAM_NO_EMPLOYEES'])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlperf.core.engine.data import bad_numbers
from xlperf.core.engine.resolve import employee_positions
from xlperf.core.pay.checks import step_of
from xlperf.core.pay.exact import decimal_of, whole_steps
from xlperf.core.scheme import Scheme
from xlperf.core.tables import TABLE_NAMES_ZH, Table
from xlperf.errors import Location, ProblemList
from xlperf.messages import say


@dataclass(frozen=True)
class PreparedPay:
    """Per employee (engine order): the bases; the Teams rows that count, by department."""

    bonus_base: np.ndarray
    commission_base: np.ndarray  # NaN where not given: commission not applicable
    teams: pd.DataFrame  # department, coefficient (1 when empty), pool (NaN: none), _row
    teams_table: Table | None = None


def _shown(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The numbers as typed back to the user (``1.5``), where ``mask`` holds (cheap when few do)."""
    out = np.full(len(values), "", dtype=object)
    out[mask] = [f"{v:g}" for v in values[mask]]
    return out


def _first_rows(t: Table, key: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows repeating an earlier row's key (among ``keep``), and each repeat's first row number."""
    codes = np.where(keep, pd.factorize(np.asarray(key))[0], -1)
    dup = pd.Series(codes).duplicated(keep="first").to_numpy() & keep
    rows = t.df["_row"].to_numpy()
    if not dup.any():
        return dup, rows
    first = pd.Series(np.arange(len(key))).groupby(codes).transform("first").to_numpy()
    return dup, rows[first]


def read_pay_table(
    pay: pd.DataFrame, employees: pd.DataFrame, problems: ProblemList, emp_index=None
):
    """The Pay table's bases per employee (NaN where missing); problems collected."""
    t = Table.wrap(pay, "pay")
    if not t.ok:
        problems.extend(t.problems.items)
        return None
    emp = t.text("employee_id")
    has = emp != ""
    pos = employee_positions(
        t, emp_index if emp_index is not None else pd.Index(employees["employee_id"])
    )
    t.report(~has, "employee_id", "DATA_EMPTY_ID")
    t.report(has & (pos < 0), "employee_id", "PAY_UNKNOWN_EMPLOYEE", employee=emp)
    dup, first = _first_rows(t, pos, pos >= 0)
    t.report(dup, "employee_id", "PAY_DUPLICATE_EMPLOYEE", employee=emp, row=first)
    bases = {}
    for col in ("bonus_base", "commission_base"):
        value, missing, invalid = t.numbers(col)
        bad_numbers(t, col, invalid)
        negative = ~missing & ~invalid & (value < 0)
        t.report(negative, col, "PAY_NEGATIVE_BASE", value=_shown(value, negative), employee=emp)
        if col == "bonus_base":
            t.report(missing & has & (pos >= 0), col, "PAY_MISSING_BASE", employee=emp)
        per_emp = np.full(len(employees), np.nan)
        use = (pos >= 0) & ~dup & ~missing & ~invalid
        per_emp[pos[use]] = value[use]
        bases[col] = per_emp
    listed = np.zeros(len(employees), dtype=bool)
    listed[pos[pos >= 0]] = True
    where = Location(file=t.file, sheet=t.sheet)
    for e in np.flatnonzero(~listed):
        t.problems.append(say("PAY_NO_ROW", where, employee=employees["employee_id"].iloc[e]))
    problems.extend(t.problems.items)
    return bases["bonus_base"], bases["commission_base"]


def _team_numbers(t: Table, dept: np.ndarray, step) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients (1 when empty) and pools (NaN when empty) of the Teams rows, checked."""
    coef, c_missing, c_invalid = t.numbers("coefficient")
    bad_numbers(t, "coefficient", c_invalid)
    not_positive = ~c_missing & ~c_invalid & (coef <= 0)
    t.report(
        not_positive,
        "coefficient",
        "PAY_COEFFICIENT_NOT_POSITIVE",
        value=_shown(coef, not_positive),
        department=dept,
    )
    pool, p_missing, p_invalid = t.numbers("pool")
    bad_numbers(t, "pool", p_invalid)
    shown = _shown(pool, ~p_missing)
    t.report(
        ~p_missing & ~p_invalid & (pool < 0),
        "pool",
        "PAY_NEGATIVE_POOL",
        value=shown,
        department=dept,
    )
    partial = np.array(
        [v > 0 and whole_steps(decimal_of(v), step) is None for v in np.nan_to_num(pool)]
    )
    t.report(
        partial & ~p_invalid,
        "pool",
        "PAY_POOL_NOT_MULTIPLE",
        value=shown,
        department=dept,
        step=str(step),
    )
    return np.where(c_missing | c_invalid, 1.0, coef), np.where(p_missing | p_invalid, np.nan, pool)


def read_teams_table(
    scheme: Scheme, teams: pd.DataFrame, employees: pd.DataFrame, problems: ProblemList
):
    """The valid Teams rows (department, coefficient, pool, _row) and the table; problems collected."""
    t = Table.wrap(teams, "teams")
    if not t.ok:
        problems.extend(t.problems.items)
        return None, t
    dept = t.text("department")
    has = dept != ""
    t.report(~has, "department", "PAY_TEAM_NO_DEPARTMENT")
    dup, first = _first_rows(t, dept, has)
    t.report(dup, "department", "PAY_DUPLICATE_TEAM", department=dept, row=first)
    coefficient, pool = _team_numbers(t, dept, step_of(scheme.pay))
    unused = (
        has & ~dup & ~np.isin(dept, np.asarray(pd.unique(employees["department"]), dtype=object))
    )
    t.report(unused, "department", "PAY_TEAM_NO_EMPLOYEES", department=dept)
    problems.extend(t.problems.items)
    keep = has & ~dup
    frame = pd.DataFrame(
        {
            "department": dept[keep],
            "coefficient": coefficient[keep],
            "pool": pool[keep],
            "_row": t.df["_row"].to_numpy()[keep],
        }
    )
    return frame, t


def _no_pay_table(scheme: Scheme, pay, teams, problems: ProblemList) -> None:
    for kind, df in (("pay", pay), ("teams", teams)):
        if df is None:
            continue
        src = dict(df.attrs.get("source") or {})
        where = Location(file=src.get("file"), sheet=src.get("sheet"))
        if scheme.pay is None:
            problems.append(
                say("PAY_SCHEME_HAS_NO_PAY", where, table=kind, table_zh=TABLE_NAMES_ZH[kind])
            )
        elif kind == "teams":
            problems.append(say("PAY_TEAMS_WITHOUT_PAY", where))


def prepare_pay(
    scheme: Scheme,
    pay: pd.DataFrame | None,
    teams: pd.DataFrame | None,
    employees: pd.DataFrame,
    problems: ProblemList,
    emp_index: pd.Index | None = None,
) -> PreparedPay | None:
    """Validate the Pay and Teams tables (None: no pay is computed, or they are unusable).

    ``employees``: employee_id and department per employee (engine order);
    ``emp_index``: the index of their ids, when the caller has it already.
    """
    if scheme.pay is None or pay is None:
        _no_pay_table(scheme, pay, teams, problems)
        return None
    bases = read_pay_table(pay, employees, problems, emp_index)
    empty = pd.DataFrame({"department": [], "coefficient": [], "pool": [], "_row": []})
    frame, t = (
        (empty, None) if teams is None else read_teams_table(scheme, teams, employees, problems)
    )
    if bases is None or frame is None:
        return None
    return PreparedPay(bases[0], bases[1], frame, t)


def unused_pay_factors(scheme: Scheme, a, pay_given: bool, problems: ProblemList) -> None:
    """A warning per pay_factor adjustment when no pay is computed (never silently ignored)."""
    if a is None or not len(a.pay_rows) or (scheme.pay is not None and pay_given):
        return
    if scheme.pay is None:
        why, why_zh = "the scheme has no pay section", "方案没有 pay（薪酬）部分"
    else:
        why, why_zh = "no Pay table was given", "未提供薪酬基数表"
    ids = a.table.text("employee_id")
    rows = a.table.df["_row"].to_numpy()
    for row, loc in zip(a.pay_rows, a.table.where(a.pay_rows, "kind"), strict=True):
        employee = ids[np.flatnonzero(rows == row)[0]]
        problems.append(say("PAY_FACTOR_UNUSED", loc, employee=employee, why=why, why_zh=why_zh))


__all__ = ["PreparedPay", "prepare_pay", "read_pay_table", "read_teams_table", "unused_pay_factors"]
