"""The Data table, validated and resolved: one row per employee and indicator.

Every problem is collected with its cell; the rows come back as arrays of
codes and numbers (:class:`PreparedData`), scored indicator by indicator
through the contract.

Example:
    >>> import pandas as pd
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.errors import ProblemList
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> d = prepare_data(s, pd.DataFrame({"工号": ["E1"], "部门": ["D"], "岗位": ["sales_rep"],
    ...     "指标": ["SALES_REV"], "实际值": [90], "目标值": [100]}), ProblemList())
    >>> d.score.tolist(), d.weight.tolist()
    ([90.0], [40.0])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlperf.core.contract import input_faults, score_rule
from xlperf.core.engine.not_applicable import check_na_allowed, not_applicable_rows
from xlperf.core.engine.resolve import resolve
from xlperf.core.numbers import REASONS
from xlperf.core.scheme import Scheme
from xlperf.core.suggest import closest
from xlperf.core.tables import Table, weight_points
from xlperf.errors import Location, ProblemList
from xlperf.messages import say

#: a scheme whose indicators cover fewer of the data's distinct indicators than this is "wrong"
MISMATCH_SHARE = 0.5
#: ... judged only when the data has at least this many distinct indicators (else: a typo)
MIN_DISTINCT = 3


@dataclass(frozen=True)
class PreparedData:
    """The Data rows as arrays: codes (-1 unknown), numbers (NaN missing) and scores."""

    table: Table
    employees: pd.DataFrame  # employee_id, name, department, role, _row (first row)
    emp: np.ndarray
    role: np.ndarray
    ind: np.ndarray
    section: np.ndarray
    actual: np.ndarray
    target: np.ndarray
    baseline: np.ndarray
    weight: np.ndarray
    score: np.ndarray
    ind_codes: list[str]
    names: np.ndarray
    dept: np.ndarray
    emp_text: np.ndarray
    has_id: np.ndarray
    rows: np.ndarray
    na: np.ndarray | None = None  # the actual says N/A (not applicable): left out, weights rescaled


def bad_numbers(t: Table, column: str, invalid: np.ndarray) -> None:
    """One problem per invalid cell of ``column``, saying why it is not a number."""
    if invalid.any():
        values = np.full(len(t.df), "", dtype=object)
        values[invalid] = t.raw_values(column, invalid)
        codes = np.array([REASONS.get(r, "NUMBER_TEXT") for r in t.reasons(column)], dtype=object)
        for code in set(codes[invalid]):
            t.report(
                invalid & (codes == code),
                column,
                code,
                value=values,
                column=t.headers.get(column, column),
            )


def read_weights(t: Table) -> np.ndarray:
    """Weights as percent points: ``30``, ``"30%"`` and ``0.3`` all mean 30 (see weight_points)."""
    if "weight" not in t.df.columns:
        return np.full(len(t.df), np.nan)
    p = t.parse("weight", percent="points")
    vals = weight_points(np.where(p.invalid, np.nan, p.values), p.missing | p.invalid, p.percent)
    bad_numbers(t, "weight", p.invalid)
    t.report(
        ~p.missing & ~p.invalid & (vals <= 0), "weight", "DATA_WEIGHT_NOT_POSITIVE", value=vals
    )
    return np.where(p.invalid, np.nan, vals)


def scheme_mismatch(
    scheme: Scheme, t: Table, ind: np.ndarray, alternatives: Sequence[Scheme]
) -> bool:
    """One problem, not thousands, when most of the data's indicators are not the scheme's."""
    _, labels = t.codes("indicator")
    typed = [x for x in labels if x]
    known = [x for x in typed if scheme.resolve_indicator(x) is not None]
    if len(typed) < MIN_DISTINCT or len(known) >= MISMATCH_SHARE * len(typed):
        return False
    where = Location(file=t.file, sheet=t.sheet)
    for other in alternatives:
        if other.id != scheme.id and sum(
            other.resolve_indicator(x) is not None for x in typed
        ) == len(typed):
            t.problems.append(say("DATA_WRONG_SCHEME", where, other=other.id, scheme=scheme.id))
            return True
    unknown = [x for x in typed if scheme.resolve_indicator(x) is None]
    items = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
    t.problems.append(
        say(
            "DATA_SCHEME_MISMATCH",
            where,
            unknown=len(unknown),
            total=len(typed),
            scheme=scheme.id,
            items=items,
        )
    )
    return True


def _names(
    t: Table, column: str, codes: np.ndarray, known: list[str], mask: np.ndarray, code: str
) -> None:
    """Unknown role or indicator names, with a 'did you mean' per distinct word."""
    if not mask.any():
        return
    typed = t.text(column)
    cands = {w: closest(w, known) for w in set(typed[mask])}
    t.report(
        mask,
        column,
        code,
        value=typed,
        candidate=np.array([cands.get(w) for w in typed], dtype=object),
        choices=", ".join(known[:8]),
    )


def _consistency(
    t: Table, emp_codes: np.ndarray, first: np.ndarray, role: np.ndarray, has_id: np.ndarray
) -> None:
    """An employee has one department, role and name: later rows that disagree are errors."""
    rows = t.df["_row"].to_numpy()
    emp = t.text("employee_id")
    for col, what, what_zh in (
        ("department", "department", "部门"),
        ("role", "role", "岗位"),
        ("name", "name", "姓名"),
    ):
        values = t.text(col)
        clash = (
            t.codes(col)[0] != t.codes(col)[0][first]
        ) & has_id  # codes, not strings: far cheaper
        if col == "role":
            clash &= role != role[first]
        t.report(
            clash,
            col,
            "DATA_INCONSISTENT_EMPLOYEE",
            employee=emp,
            what=what,
            what_zh=what_zh,
            value=values,
            first=values[first],
            row=rows[first],
        )


def _duplicates(
    t: Table, emp_codes: np.ndarray, ind: np.ndarray, ind_codes: list[str], ok: np.ndarray
) -> None:
    """Two rows of one employee, indicator and period (rows of different periods never clash)."""
    period, labels = t.codes("period")
    key = (emp_codes.astype(np.int64) * len(ind_codes) + ind) * len(labels) + period
    dup = pd.Series(key).duplicated(keep="first").to_numpy() & ok
    if dup.any():
        first = pd.Series(np.arange(len(key))).groupby(key).transform("first").to_numpy()
        rows = t.df["_row"].to_numpy()
        names = np.asarray(ind_codes + [""], dtype=object)[np.where(ind >= 0, ind, len(ind_codes))]
        t.report(
            dup,
            "indicator",
            "DATA_DUPLICATE_ROW",
            employee=t.text("employee_id"),
            indicator=names,
            row=rows[first],
        )


def _role_specs(scheme: Scheme, role: np.ndarray, ind: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's weight and target from the scheme's role (NaN where the role does not set one)."""
    ind_codes = [i.code for i in scheme.indicators]
    n_ind = len(ind_codes)
    spec_w = np.full(len(scheme.roles) * n_ind, np.nan)
    spec_t = np.full(len(scheme.roles) * n_ind, np.nan)
    for ri, r in enumerate(scheme.roles):
        for item in r.indicators:
            if item.code in scheme.indicator_by_code:
                k = ri * n_ind + ind_codes.index(item.code)
                spec_w[k] = item.weight
                target = scheme.default_target(r.id, item.code)
                spec_t[k] = np.nan if target is None else target
    valid = (role >= 0) & (ind >= 0)
    rk = np.where(valid, role * n_ind + ind, 0)
    return np.where(valid, spec_w[rk], np.nan), np.where(valid, spec_t[rk], np.nan)


def _score_rows(
    scheme: Scheme, t: Table, ind: np.ndarray, a, tg, b, ok_numbers: np.ndarray
) -> np.ndarray:
    """Score each indicator's rows through the contract; report the rows it cannot score."""
    n = len(ind)
    score = np.full(n, np.nan)
    emp = t.text("employee_id")
    for i, code in enumerate(i.code for i in scheme.indicators):
        m = (ind == i) & ok_numbers
        if not m.any():
            continue
        rule = scheme.rule(code)
        for fault in input_faults(rule, a[m], tg[m], b[m]):
            mask = np.zeros(n, bool)
            mask[np.flatnonzero(m)[fault.mask]] = True
            value = {"actual": a, "target": tg, "baseline": b}[fault.column]
            scale = f"{rule.scale_min:g}..{rule.scale_max:g}"
            t.report(
                mask,
                fault.column,
                fault.code,
                employee=emp,
                indicator=code,
                method=rule.method,
                value=np.array([f"{v:g}" for v in value], dtype=object),
                scale=scale,
            )
        score[m] = score_rule(rule, a[m], tg[m], b[m])
    return score


def prepare_data(
    scheme: Scheme, data: pd.DataFrame, problems: ProblemList, alternatives: Sequence[Scheme] = ()
) -> PreparedData | None:
    """Validate and resolve the Data table; problems go to ``problems`` (None: nothing usable)."""
    t = Table.wrap(data, "data")
    if not t.ok or len(t.df) == 0:
        if t.ok:
            t.problems.append(
                say(
                    "TABLE_EMPTY",
                    Location(file=t.file, sheet=t.sheet),
                    table="data",
                    table_zh="数据",
                )
            )
        problems.extend(t.problems.items)
        return None
    role_codes = [r.id for r in scheme.roles]
    ind_codes = [i.code for i in scheme.indicators]
    ind = resolve(t, "indicator", scheme.word_maps()["indicator"], ind_codes)
    if scheme_mismatch(scheme, t, ind, alternatives):
        problems.extend(t.problems.items)
        return None
    has_id = ~t.blank("employee_id")
    t.report(~has_id, "employee_id", "DATA_EMPTY_ID")
    t.report(
        t.blank("department") & has_id,
        "department",
        "DATA_EMPTY_DEPARTMENT",
        employee=t.text("employee_id"),
    )
    role = resolve(t, "role", scheme.word_maps()["role"], role_codes)
    _names(
        t,
        "role",
        role,
        role_codes + [r.name for r in scheme.roles],
        (role < 0) & has_id,
        "DATA_UNKNOWN_ROLE",
    )
    _names(
        t,
        "indicator",
        ind,
        ind_codes + [i.name for i in scheme.indicators],
        (ind < 0) & has_id,
        "DATA_UNKNOWN_INDICATOR",
    )
    return _finish(scheme, t, problems, role, ind, has_id)


def _employees(scheme, emp_labels, name, dept, role, rows, first_idx) -> pd.DataFrame:
    """One row per employee, from the employee's first data row."""
    roles = [scheme.roles[r].id if r >= 0 else "" for r in role[first_idx]]
    return pd.DataFrame(
        {
            "employee_id": np.asarray(emp_labels, dtype=object),
            "name": name[first_idx],
            "department": dept[first_idx],
            "role": np.array(roles, dtype=object),
            "_row": rows[first_idx],
        }
    )


def _finish(scheme, t: Table, problems: ProblemList, role, ind, has_id) -> PreparedData:
    ind_codes = [i.code for i in scheme.indicators]
    actual, a_missing, a_invalid = t.numbers("actual")
    na = not_applicable_rows(t)
    a_invalid = a_invalid & ~na
    check_na_allowed(scheme, t, ind, na)
    target, t_missing, t_invalid = t.numbers("target")
    baseline, _, b_invalid = t.numbers("baseline")
    weight = read_weights(t)
    for col, invalid in (("actual", a_invalid), ("target", t_invalid), ("baseline", b_invalid)):
        bad_numbers(t, col, invalid)
    emp_codes, emp_labels = t.codes("employee_id")
    _, first_idx = np.unique(emp_codes, return_index=True)
    first = first_idx[emp_codes]
    _consistency(t, emp_codes, first, role, has_id)
    _duplicates(t, emp_codes, ind, ind_codes, has_id & (ind >= 0))
    role_w, role_t = _role_specs(scheme, role, ind)
    ind_t = np.array([np.nan if i.target is None else float(i.target) for i in scheme.indicators])
    weight = np.where(np.isnan(weight), role_w, weight)
    no_weight = (role >= 0) & (ind >= 0) & np.isnan(weight)
    names = np.asarray(ind_codes + [""], dtype=object)[np.where(ind >= 0, ind, len(ind_codes))]
    t.report(no_weight, "weight", "DATA_NO_WEIGHT", indicator=names)
    fallback = np.where(
        np.isnan(role_t), np.where(ind >= 0, ind_t[np.clip(ind, 0, None)], np.nan), role_t
    )
    target = np.where(t_missing & ~t_invalid, fallback, target)
    # rows of an unknown role have no role targets: their faults would only echo that problem;
    # rows marked N/A are left out (their section's other weights are rescaled)
    ok_numbers = ~a_invalid & ~t_invalid & ~b_invalid & (role >= 0) & ~na
    score = _score_rows(scheme, t, ind, actual, target, baseline, ok_numbers)
    problems.extend(t.problems.items)
    section_ids = [s.id for s in scheme.sections]
    ind_section = np.array(
        [section_ids.index(scheme.section_of(c)) for c in ind_codes], dtype=np.int64
    )
    rows = t.df["_row"].to_numpy()
    name, dept = t.text("name"), t.text("department")
    employees = _employees(scheme, emp_labels, name, dept, role, rows, first_idx)
    return PreparedData(
        t,
        employees,
        emp_codes.astype(np.int64),
        role,
        ind,
        np.where(ind >= 0, ind_section[np.clip(ind, 0, None)], -1),
        actual,
        target,
        baseline,
        weight,
        score,
        ind_codes,
        name,
        dept,
        t.text("employee_id"),
        has_id,
        rows,
        na,
    )
