"""The scoring engine: validate inputs against a scheme, then score, grade and rank.

:func:`score` is the public entry point (also exported as ``xlperf.score``).
Validation collects every problem in the inputs with its location and raises
one :class:`~xlperf.errors.InputError`; scoring itself is vectorised (numpy
arrays indexed by employee, indicator and section codes, no per-row Python).

Example:
    >>> import pandas as pd
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> scheme = load_scheme(shipped_schemes()["sales"])
    >>> data = pd.DataFrame({
    ...     "employee_id": ["E1"] * 5, "department": ["Sales"] * 5, "role": ["sales_rep"] * 5,
    ...     "indicator": ["SALES_REV", "SALES_GROWTH", "CSAT", "MARKET_SHARE", "NEW_CUST"],
    ...     "actual": [110, 1.12, 92, 0.2, 12], "target": [100, None, None, 0.2, 10],
    ...     "baseline": [None, 1.0, None, None, None]})
    >>> ratings = pd.DataFrame({"employee_id": ["E1"] * 5, "rater": ["supervisor"] * 5,
    ...     "dimension": ["PRO", "EXEC", "TEAM", "INNOV", "RESP"], "rating": [4] * 5})
    >>> r = score(scheme, data, ratings)
    >>> round(float(r.employees.loc[0, "score_kpi"]), 6)
    112.2
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlperf.core.distribution import (
    OBSERVATION,
    TIE_AT_QUOTA,
    absolute_grades,
    competition_rank,
    forced_distribution,
)
from xlperf.core.methods import input_faults, rating_points, score_rule
from xlperf.core.numbers import REASONS
from xlperf.core.scheme import WEIGHT_TOLERANCE, Scheme
from xlperf.core.suggest import did_you_mean, did_you_mean_zh
from xlperf.core.tables import Table, weight_points
from xlperf.errors import InputError, Location, ProblemList
from xlperf.messages import say

ADJUSTMENT_KINDS = {
    "factor": "factor", "系数": "factor", "调整系数": "factor", "multiplier": "factor",
    "points": "points", "point": "points", "加减分": "points", "分数": "points", "加分": "points", "扣分": "points",
}


@dataclass(frozen=True)
class Results:
    """What :func:`score` returns.

    ``employees``: one row per employee (the contract's result columns);
    ``indicators``: one row per data row with the indicator score and method;
    ``dimensions``: per employee × competency dimension score;
    ``calibration`` and ``events``: the forced-distribution trail.
    """

    scheme: Scheme
    employees: pd.DataFrame
    indicators: pd.DataFrame
    dimensions: pd.DataFrame
    calibration: pd.DataFrame
    events: pd.DataFrame

    @property
    def result_columns(self) -> list[str]:
        return result_columns(self.scheme)


def result_columns(scheme: Scheme) -> list[str]:
    """The per-employee result columns of the contract, in order."""
    return [
        "employee_id", "name", "department", "role",
        *[f"score_{s.id}" for s in scheme.sections],
        "final_score", "rank", "department_rank", "grade_absolute", "grade", "bonus_factor", "flags",
    ]


@dataclass
class _Codes:
    values: np.ndarray  # int codes, -1 unknown/empty
    labels: list[str]


def _resolve(t: Table, column: str, words: dict[str, str], canon: list[str]) -> np.ndarray:
    """Map typed words to canonical code indices (-1 unknown), resolving distinct values only."""
    codes, labels = t.codes(column)
    index = {c: i for i, c in enumerate(canon)}
    mapped = np.array([index.get(words.get(" ".join(str(u).split()).lower(), ""), -1) for u in labels], dtype=np.int64)
    return mapped[codes]


def _employee_positions(t: Table, emp_index: pd.Index) -> np.ndarray:
    """Position of each row's employee in ``emp_index`` (-1 when unknown)."""
    codes, labels = t.codes("employee_id")
    if not len(emp_index):
        return np.full(len(codes), -1, dtype=np.int64)
    return emp_index.get_indexer(pd.Index(labels, dtype=object))[codes]


def score(scheme: Scheme, data: pd.DataFrame, ratings: pd.DataFrame | None = None, adjustments: pd.DataFrame | None = None) -> Results:
    """Validate the inputs against ``scheme`` and compute every employee's result.

    ``data``, ``ratings`` and ``adjustments`` use the interchange columns
    (English or Chinese headers). Raises :class:`~xlperf.errors.InputError`
    listing every problem, with its location, when the inputs are invalid.
    """
    problems = ProblemList()
    d = _prepare_data(scheme, data, problems)
    emp_index = pd.Index(d["employees"]["employee_id"]) if d else pd.Index([])
    r = _prepare_ratings(scheme, ratings, emp_index, problems) if ratings is not None else None
    a = _prepare_adjustments(adjustments, emp_index, problems) if adjustments is not None else None
    if d:
        _check_sections(scheme, d, r, problems)
    problems.raise_if_any(InputError, f"The inputs do not pass validation ({len(problems)} problem(s)); nothing was written.")
    return _compute(scheme, d, r, a)


# -- data ------------------------------------------------------------------------


def _prepare_data(scheme: Scheme, data: pd.DataFrame, problems: ProblemList) -> dict | None:
    t = Table.wrap(data, "data")
    if not t.ok:
        problems.extend(t.problems.items)
        return None
    n = len(t.df)
    if n == 0:
        problems.add(Location(file=t.file, sheet=t.sheet), "the data table has no rows", "add one row per employee per indicator", message_zh="数据表没有数据行", hint_zh="请按每人每指标一行填写")
        return None
    emp = t.text("employee_id")
    dept = t.text("department")
    name = t.text("name")
    role_raw = t.text("role")
    ind_raw = t.text("indicator")

    has_id = ~t.blank("employee_id")
    t.add(~has_id, "employee_id", "employee id is empty", "fill in the employee id (工号)", "工号为空", "请填写工号")
    t.add(t.blank("department") & has_id, "department", "department is empty", "fill in the department", "部门为空", "请填写部门")

    role_codes = [r.id for r in scheme.roles]
    role = _resolve(t, "role", scheme.word_maps()["role"], role_codes)
    bad_role = (role < 0) & has_id
    if bad_role.any():
        vals = list(role_raw[bad_role])
        t.add(bad_role, "role", "unknown role '{x}'", None, "未知岗位 '{x}'", None, extra=vals)
        _add_hints(t, role_codes + [r.name for r in scheme.roles])

    ind_codes = [i.code for i in scheme.indicators]
    ind = _resolve(t, "indicator", scheme.word_maps()["indicator"], ind_codes)
    bad_ind = (ind < 0) & has_id
    if bad_ind.any():
        t.add(bad_ind, "indicator", "unknown indicator '{x}'", None, "未知指标 '{x}'", None, extra=list(ind_raw[bad_ind]))
        _add_hints(t, ind_codes + [i.name for i in scheme.indicators])

    actual, a_missing, a_invalid = t.numbers("actual")
    target, t_missing, t_invalid = t.numbers("target")
    baseline, b_missing, b_invalid = t.numbers("baseline")
    weight = _weights(t)
    for col, invalid in (("actual", a_invalid), ("target", t_invalid), ("baseline", b_invalid)):
        _bad_numbers(t, col, invalid)

    # employees: first row wins; any later row that disagrees is an error
    emp_codes, emp_labels = t.codes("employee_id")
    _, first_idx = np.unique(emp_codes, return_index=True)
    first = first_idx[emp_codes]
    rows = t.df["_row"].to_numpy()
    for col, values, what, what_zh in (("department", dept, "department", "部门"), ("role", role_raw, "role", "岗位"), ("name", name, "name", "姓名")):
        codes = t.codes(col)[0]
        clash = (codes != codes[first]) & has_id  # compare codes, not strings: same result, far cheaper
        if col == "role":
            clash &= role != role[first]
        if clash.any():
            extra = [f"{e}|{v}|{values[f]}|{rows[f]}" for e, v, f in zip(emp[clash], values[clash], first[clash], strict=False)]
            msgs = [x.split("|") for x in extra]
            for loc, (e, v, fv, fr) in zip(t.where(rows[clash], col), msgs, strict=False):
                problems.add(loc, f"employee {e} has {what} '{v}' here but '{fv}' at row {fr}", f"an employee belongs to one {what}; correct one of the rows", message_zh=f"员工 {e} 在此行的{what_zh}为 '{v}'，但在第{fr}行为 '{fv}'", hint_zh=f"每位员工只能有一个{what_zh}，请更正其中一行")

    ok_key = has_id & (ind >= 0)
    key = emp_codes.astype(np.int64) * len(ind_codes) + ind
    dup = pd.Series(key).duplicated(keep="first").to_numpy() & ok_key
    if dup.any():
        first_of_key = pd.Series(np.arange(n)).groupby(key).transform("first").to_numpy()
        extra = [f"{e}|{ind_codes[i]}|{rows[f]}" for e, i, f in zip(emp[dup], ind[dup], first_of_key[dup], strict=False)]
        for loc, x in zip(t.where(rows[dup], "indicator"), extra, strict=False):
            e, code, fr = x.split("|")
            problems.add(loc, f"duplicate row for employee {e}, indicator {code} (first at row {fr})", "keep one row per employee and indicator", message_zh=f"员工 {e} 的指标 {code} 重复（首次出现在第{fr}行）", hint_zh="每位员工每个指标只保留一行")

    # dense role × indicator lookups for weight and target
    n_ind = len(ind_codes)
    spec_w = np.full(len(role_codes) * n_ind, np.nan)
    spec_t = np.full(len(role_codes) * n_ind, np.nan)
    for ri, r in enumerate(scheme.roles):
        for item in r.indicators:
            if item.code in scheme.indicator_by_code:
                k = ri * n_ind + ind_codes.index(item.code)
                spec_w[k] = item.weight
                spec_t[k] = scheme.default_target(r.id, item.code) if scheme.default_target(r.id, item.code) is not None else np.nan
    ind_t = np.array([np.nan if i.target is None else float(i.target) for i in scheme.indicators])
    valid = (role >= 0) & (ind >= 0)
    rk = np.where(valid, role * n_ind + ind, 0)
    role_w = np.where(valid, spec_w[rk], np.nan)
    role_t = np.where(valid, spec_t[rk], np.nan)
    in_role = ~np.isnan(role_w)
    weight = np.where(np.isnan(weight), role_w, weight)
    no_weight = valid & np.isnan(weight)
    t.add(no_weight, "weight", "indicator '{x}' is not in the role's indicator set and the row gives no weight", "add its weight in the weight column, or use an indicator of the role", "指标 '{x}' 不在该岗位的指标集中，且本行未给出权重", "请在权重列填写权重，或改用该岗位的指标", extra=[ind_codes[i] for i in ind[no_weight]])
    target = np.where(t_missing & ~t_invalid, np.where(np.isnan(role_t), np.where(ind >= 0, ind_t[np.clip(ind, 0, None)], np.nan), role_t), target)

    # method-specific input checks, one indicator at a time (vectorised inside)
    score = np.full(n, np.nan)
    for i, code in enumerate(ind_codes):
        m = (ind == i) & ~a_invalid & ~t_invalid & ~b_invalid
        if not m.any():
            continue
        rule = scheme.rule(code)
        for fault in input_faults(rule, actual[m], target[m], baseline[m]):
            mask = np.zeros(n, bool)
            mask[np.flatnonzero(m)[fault.mask]] = True
            hint = _fault_hint(fault.column, rule)
            t.add(mask, fault.column, f"{fault.message} (indicator {code}, method {rule.method})", hint[0], f"{fault.message_zh}（指标 {code}，方法 {rule.method}）", hint[1])
        score[m] = score_rule(rule, actual[m], target[m], baseline[m])
    problems.extend(t.problems.items)

    section_ids = [s.id for s in scheme.sections]
    ind_section = np.array([section_ids.index(scheme.section_of(c)) for c in ind_codes], dtype=np.int64)
    employees = pd.DataFrame(
        {
            "employee_id": np.asarray(emp_labels, dtype=object),
            "name": name[first_idx],
            "department": dept[first_idx],
            "role": np.array([role_codes[r] if r >= 0 else "" for r in role[first_idx]], dtype=object),
            "_row": rows[first_idx],
        }
    )
    return {
        "table": t,
        "n": n,
        "emp": emp_codes.astype(np.int64),
        "employees": employees,
        "role": role,
        "ind": ind,
        "in_role": in_role,
        "section": np.where(ind >= 0, ind_section[np.clip(ind, 0, None)], -1),
        "actual": actual,
        "target": target,
        "baseline": baseline,
        "weight": weight,
        "score": score,
        "ind_codes": ind_codes,
        "names": name,
        "dept": dept,
        "emp_text": emp,
        "has_id": has_id,
        "rows": rows,
    }


def _add_hints(t: Table, choices: list[str]) -> None:
    """Fill in 'did you mean' hints for the unknown-name problems just added."""
    items = t.problems.items
    for k, p in enumerate(items):
        if p.hint is None and ("unknown role" in p.message or "unknown indicator" in p.message):
            word = p.message.split("'")[1]
            what = "role" if "role" in p.message else "indicator"
            hint = did_you_mean(word, choices) or f"use a {what} code or name from the scheme"
            hint_zh = did_you_mean_zh(word, choices) or ("请使用方案中的岗位代码或名称" if what == "role" else "请使用方案中的指标代码或名称")
            items[k] = type(p)(p.where, p.message, hint, p.message_zh, hint_zh)


def _fault_hint(column: str, rule) -> tuple[str, str]:
    if column == "target":
        return ("enter a positive target in the target column, or set it in the scheme's role", "请在目标值列填写大于0的目标，或在方案的岗位中设置")
    if column == "baseline":
        return ("enter the baseline (基准值) in the baseline column", "请在基准值列填写基准值")
    return ("enter the actual value", "请填写实际值")


def _bad_numbers(t: Table, col: str, invalid: np.ndarray) -> None:
    """One problem per invalid cell, saying why it is not a number (see xlperf.core.numbers)."""
    if not invalid.any():
        return
    vals = t.raw_values(col, invalid)
    reasons = t.reasons(col)[invalid]
    rows = t.df["_row"].to_numpy()[invalid]
    header = t.headers.get(col, col)
    for loc, v, why in zip(t.where(rows, col), vals, reasons, strict=True):
        t.problems.append(say(REASONS[why], loc, value=v, column=header))


def _weights(t: Table) -> np.ndarray:
    """Weights as percent points: ``30``, ``"30%"`` and ``0.3`` all mean 30.

    The rule, applied to the whole column so it is read consistently: text with
    a percent sign is percent; plain numbers are fractions when every plain
    number in the column is ≤ 1, otherwise percent points.
    """
    if "weight" not in t.df.columns:
        return np.full(len(t.df), np.nan)
    p = t.parse("weight", percent="points")
    missing, invalid = p.missing, p.invalid
    vals = weight_points(np.where(invalid, np.nan, p.values), missing | invalid, p.percent)
    _bad_numbers(t, "weight", invalid)
    neg = ~missing & ~invalid & (vals <= 0)
    t.add(neg, "weight", "weight must be > 0", "type a weight such as 30 or 30%", "权重必须大于0", "请填写如30或30%的权重")
    return np.where(invalid, np.nan, vals)


def _check_sections(scheme: Scheme, d: dict, r: dict | None, problems: ProblemList) -> None:
    """Per employee: role's indicators present, KPI limit, weight sums, every section covered."""
    t: Table = d["table"]
    emps: pd.DataFrame = d["employees"]
    n_emp = len(emps)
    ind, emp, sec = d["ind"], d["emp"], d["section"]
    ok = (ind >= 0) & d["has_id"]
    n_ind = len(d["ind_codes"])
    present = np.zeros(n_emp * n_ind, dtype=bool)
    present[(emp * n_ind + ind)[ok]] = True
    present = present.reshape(n_emp, n_ind)
    emp_role = d["role"][np.unique(emp, return_index=True)[1]]
    first_rows = emps["_row"].to_numpy()
    for ri, role in enumerate(scheme.roles):
        members = np.flatnonzero(emp_role == ri)
        if not len(members):
            continue
        for item in role.indicators:
            if item.code not in scheme.indicator_by_code:
                continue
            col = d["ind_codes"].index(item.code)
            missing = members[~present[members, col]]
            for e in missing:
                problems.add(t.where(first_rows[e], "indicator")[0], f"employee {emps.employee_id[e]} ({role.id}) has no row for indicator {item.code}", f"add a row for {item.code}; every indicator of the role must be present", message_zh=f"员工 {emps.employee_id[e]}（{role.id}）缺少指标 {item.code} 的数据行", hint_zh=f"请补充 {item.code} 行；岗位的每个指标都必须填写")
    counts = np.bincount(emp[ok], minlength=n_emp)
    limit = scheme.limits.max_indicators
    for e in np.flatnonzero(counts > limit):
        problems.add(t.where(first_rows[e], "indicator")[0], f"employee {emps.employee_id[e]} has {counts[e]} KPI indicators; at most {limit} are allowed (limits.max_indicators)", "keep the core KPIs only (每人核心KPI不超过5项)", message_zh=f"员工 {emps.employee_id[e]} 有{counts[e]}项KPI指标，最多允许{limit}项", hint_zh="只保留核心KPI")
    n_sec = len(scheme.sections)
    w = d["weight"]
    okw = ok & ~np.isnan(w)
    sums = np.bincount((emp * n_sec + sec)[okw], weights=w[okw], minlength=n_emp * n_sec).reshape(n_emp, n_sec)
    cnt = np.bincount((emp * n_sec + sec)[ok], minlength=n_emp * n_sec).reshape(n_emp, n_sec)
    for si, s in enumerate(scheme.sections):
        if s.id == scheme.competency_section:
            continue
        bad = np.flatnonzero((cnt[:, si] > 0) & (np.abs(sums[:, si] - 100) > WEIGHT_TOLERANCE))
        for e in bad:
            problems.add(t.where(first_rows[e], "weight")[0], f"the weights of employee {emps.employee_id[e]} in section '{s.id}' sum to {sums[e, si]:g}, expected 100", "correct the weights so they add up to 100 (they are never rescaled silently)", message_zh=f"员工 {emps.employee_id[e]} 在 '{s.id}' 部分的权重合计为{sums[e, si]:g}，应为100", hint_zh="请更正权重使合计为100（系统不会自动折算）")
        if s.weight > 0:
            for e in np.flatnonzero(cnt[:, si] == 0):
                problems.add(t.where(first_rows[e])[0], f"employee {emps.employee_id[e]} has no indicator in section '{s.id}', which weighs {s.weight:g}%", "add that section's indicators for the employee", message_zh=f"员工 {emps.employee_id[e]} 在权重为{s.weight:g}%的 '{s.id}' 部分没有指标", hint_zh="请补充该部分的指标")
    comp = scheme.competency
    if comp is not None and comp.weight > 0:
        rated = r["rated"] if r is not None else np.zeros(n_emp, dtype=bool)
        for e in np.flatnonzero(~rated):
            problems.add(t.where(first_rows[e])[0], f"employee {emps.employee_id[e]} has no competency ratings, and section '{comp.id}' weighs {comp.weight:g}%", "add their ratings (--ratings, one row per dimension and rater)", message_zh=f"员工 {emps.employee_id[e]} 没有能力评分，而 '{comp.id}' 部分权重为{comp.weight:g}%", hint_zh="请在评分表中补充该员工的评分")


# -- ratings ---------------------------------------------------------------------


def _prepare_ratings(scheme: Scheme, ratings: pd.DataFrame, emp_index: pd.Index, problems: ProblemList) -> dict | None:
    t = Table.wrap(ratings, "ratings")
    if not t.ok:
        problems.extend(t.problems.items)
        return None
    empty = t.blank("employee_id")
    pos = _employee_positions(t, emp_index)
    unknown = (pos < 0) & ~empty
    t.add(unknown, "employee_id", "employee '{x}' is not in the data table", "check the id, or add the employee's indicator rows", "员工 '{x}' 不在数据表中", "请核对工号", extra=list(t.text_at("employee_id", unknown)))
    t.add(empty, "employee_id", "employee id is empty", "fill in the employee id", "工号为空", "请填写工号")
    dims = [c.code for c in scheme.competencies]
    raters = list(scheme.raters)
    dim = _resolve(t, "dimension", scheme.word_maps()["dimension"], dims)
    rat = _resolve(t, "rater", scheme.word_maps()["rater"], raters)
    for mask, col, choices, what, what_zh in (
        (dim < 0, "dimension", dims + [c.name for c in scheme.competencies], "competency dimension", "能力维度"),
        (rat < 0, "rater", raters, "rater type", "评价人类型"),
    ):
        rows = t.df["_row"].to_numpy()[mask]
        for loc, v in zip(t.where(rows, col), t.text_at(col, mask), strict=False):
            problems.add(loc, f"unknown {what} '{v}'", did_you_mean(v, choices) or f"use one of: {', '.join(choices)}", message_zh=f"未知{what_zh} '{v}'", hint_zh=did_you_mean_zh(v, choices) or f"可选：{', '.join(choices)}")
    rating, missing, invalid = t.numbers("rating")
    _bad_numbers(t, "rating", invalid)
    t.add(missing, "rating", "rating is empty", "enter a rating on the scale", "评分为空", "请填写评分")
    rule = scheme.rating_rule
    with np.errstate(invalid="ignore"):
        points = np.clip(rating_points(rule, rating), rule.floor, rule.cap)
    lo, hi = rule.scale_min, rule.scale_max
    off = ~missing & ~invalid & ((rating < lo) | (rating > hi) | np.isnan(points))
    t.add(off, "rating", f"rating {{x}} is outside the scale {lo:g}..{hi:g}", f"enter a rating from {lo:g} to {hi:g}", f"评分 {{x}} 超出 {lo:g}..{hi:g} 的范围", f"请填写{lo:g}到{hi:g}之间的评分", extra=[f"{v:g}" for v in rating[off]])
    problems.extend(t.problems.items)
    good = (pos >= 0) & (dim >= 0) & (rat >= 0) & ~np.isnan(points) & ~off
    n_emp, n_dim, n_rat = len(emp_index), len(dims), len(raters)
    key = (pos * n_dim + dim) * n_rat + rat
    size = n_emp * n_dim * n_rat
    if not good.all():
        key, points = key[good], points[good]
    total = np.bincount(key, weights=points, minlength=size).reshape(n_emp, n_dim, n_rat)
    count = np.bincount(key, minlength=size).reshape(n_emp, n_dim, n_rat)
    has = count > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(has, total / np.maximum(count, 1), 0.0)
        rw = np.array([float(scheme.raters[x]) for x in raters])
        wsum = (has * rw).sum(axis=2)
        dim_score = np.where(wsum > 0, (mean * rw).sum(axis=2) / wsum, np.nan)
    rated = has.any(axis=(1, 2))
    uncovered = np.argwhere(rated[:, None] & (wsum == 0))
    first_row = pd.Series(t.df["_row"].to_numpy()[good]).groupby(pos[good]).first() if len(uncovered) else {}
    for e, di in uncovered:
        loc = Location(file=t.file, sheet=t.sheet, row=int(first_row.get(e, 2)))
        problems.add(loc, f"employee {emp_index[e]} is rated but has no rating for dimension {dims[di]}", "every dimension needs at least one rater", message_zh=f"员工 {emp_index[e]} 缺少维度 {dims[di]} 的评分", hint_zh="每个维度至少需要一位评价人评分")
    return {"rated": rated, "dim_score": dim_score, "dims": dims}


# -- adjustments ----------------------------------------------------------------


def _prepare_adjustments(adjustments: pd.DataFrame, emp_index: pd.Index, problems: ProblemList) -> dict | None:
    t = Table.wrap(adjustments, "adjustments")
    if not t.ok:
        problems.extend(t.problems.items)
        return None
    emp = t.text("employee_id")
    pos = _employee_positions(t, emp_index)
    t.add((pos < 0) & (emp != ""), "employee_id", "employee '{x}' is not in the data table", "check the id", "员工 '{x}' 不在数据表中", "请核对工号", extra=list(emp[(pos < 0) & (emp != "")]))
    t.add(emp == "", "employee_id", "employee id is empty", "fill in the employee id", "工号为空", "请填写工号")
    kind_raw = t.text("kind")
    kind = np.array([ADJUSTMENT_KINDS.get(k.strip().lower(), "") for k in kind_raw], dtype=object)
    t.add(kind == "", "kind", "unknown adjustment kind '{x}'", "use 'factor' (系数) or 'points' (加减分)", "未知调整类型 '{x}'", "请填写 factor（系数）或 points（加减分）", extra=list(kind_raw[kind == ""]))
    value, missing, invalid = t.numbers("value")
    _bad_numbers(t, "value", invalid)
    t.add(missing, "value", "value is empty", "enter the factor or the points", "调整值为空", "请填写系数或分数")
    t.add((kind == "factor") & ~missing & ~invalid & (value < 0), "value", "a factor must be ≥ 0", "e.g. 0.8 for 80%", "系数不能为负", "如 0.8 表示80%")
    problems.extend(t.problems.items)
    good = (pos >= 0) & (kind != "") & ~np.isnan(value)
    n = len(emp_index)
    factor = np.ones(n)
    fm = good & (kind == "factor")
    np.multiply.at(factor, pos[fm], value[fm])
    pm = good & (kind == "points")
    points = np.bincount(pos[pm], weights=value[pm], minlength=n)
    return {"factor": factor, "points": points}


# -- computation -----------------------------------------------------------------


def _compute(scheme: Scheme, d: dict, r: dict | None, a: dict | None) -> Results:
    emps: pd.DataFrame = d["employees"]
    n_emp = len(emps)
    n_sec = len(scheme.sections)
    emp, sec, w, s = d["emp"], d["section"], d["weight"], d["score"]
    key = emp * n_sec + sec
    num = np.bincount(key, weights=w * s, minlength=n_emp * n_sec).reshape(n_emp, n_sec)
    den = np.bincount(key, weights=w, minlength=n_emp * n_sec).reshape(n_emp, n_sec)
    with np.errstate(invalid="ignore", divide="ignore"):
        section_scores = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    dims_frame = pd.DataFrame(columns=["employee_id", "dimension", "score"])
    comp = scheme.competency
    if comp is not None:
        ci = [x.id for x in scheme.sections].index(comp.id)
        if r is not None:
            dw = np.array([float(c.weight) for c in scheme.competencies])
            section_scores[:, ci] = np.where(r["rated"], (r["dim_score"] * dw).sum(axis=1) / dw.sum(), np.nan)
            dims_frame = pd.DataFrame(
                {
                    "employee_id": np.repeat(emps["employee_id"].to_numpy(), len(r["dims"])),
                    "dimension": np.tile(np.asarray(r["dims"], dtype=object), n_emp),
                    "score": r["dim_score"].reshape(-1),
                }
            )
            dims_frame = dims_frame[np.repeat(r["rated"], len(r["dims"]))].reset_index(drop=True)
    sec_w = np.array([float(x.weight) for x in scheme.sections])
    contrib = np.where(sec_w > 0, np.nan_to_num(section_scores) * sec_w, 0.0)
    final = contrib.sum(axis=1) / 100.0
    if a is not None:
        pts = a["points"]
        if scheme.adjustments.max_points is not None:
            pts = np.minimum(pts, scheme.adjustments.max_points)
        final = final * a["factor"] + pts

    grade_names = list(scheme.grade_names)
    mins = np.array([g.min for g in scheme.grades], dtype=float)
    absolute = absolute_grades(final, mins)
    dept = emps["department"].to_numpy(dtype=object)
    groups = dept if scheme.distribution.scope == "department" else None
    rank = competition_rank(final, groups)
    dept_rank = competition_rank(final, dept)
    dist = forced_distribution(final, absolute, grade_names, scheme.quotas, scheme.distribution.rounding, float(scheme.distribution.bottom), groups)
    gn = np.asarray(grade_names, dtype=object)
    final_grade = gn[dist.grade]
    flags = np.where(dist.tie_at_quota & dist.observation, f"{TIE_AT_QUOTA};{OBSERVATION}", np.where(dist.tie_at_quota, TIE_AT_QUOTA, np.where(dist.observation, OBSERVATION, "")))
    bonus = np.array([scheme.bonus.get(g, np.nan) for g in grade_names], dtype=float)[dist.grade] if scheme.bonus else np.full(n_emp, np.nan)

    out = {"employee_id": emps["employee_id"].to_numpy(), "name": emps["name"].to_numpy(), "department": dept, "role": emps["role"].to_numpy()}
    for si, sx in enumerate(scheme.sections):
        out[f"score_{sx.id}"] = section_scores[:, si]
    out.update({"final_score": final, "rank": rank, "department_rank": dept_rank, "grade_absolute": gn[absolute], "grade": final_grade, "bonus_factor": bonus, "flags": flags})
    employees = pd.DataFrame(out)
    order = ["department", "rank", "employee_id"] if groups is not None else ["rank", "employee_id"]
    employees = employees.sort_values(order, kind="stable").reset_index(drop=True)

    ind_codes = d["ind_codes"]
    methods = np.array([scheme.indicator_by_code[c].method for c in ind_codes], dtype=object)
    section_ids = np.array([x.id for x in scheme.sections], dtype=object)
    indicators = pd.DataFrame(
        {
            "employee_id": d["emp_text"],
            "name": d["names"],
            "department": d["dept"],
            "role": emps["role"].to_numpy()[emp],
            "indicator": np.asarray(ind_codes, dtype=object)[d["ind"]],
            "section": section_ids[sec],
            "method": methods[d["ind"]],
            "actual": d["actual"],
            "target": d["target"],
            "baseline": d["baseline"],
            "weight": w,
            "score": s,
        }
    )
    ev = dist.events.copy()
    ev.insert(0, "employee_id", emps["employee_id"].to_numpy()[ev["position"].to_numpy(dtype=np.int64)] if len(ev) else [])
    ev = ev.drop(columns=["position"])
    return Results(scheme, employees, indicators, dims_frame, dist.calibration, ev)
