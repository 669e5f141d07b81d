"""The computation on validated arrays: sections, competency, final score, grades, ranks, quotas.

Example:
    >>> flag_text(np.array([True, False]), np.array([True, True])).tolist()
    ['tie_at_quota;observation', 'observation']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlperf.core.contract.aggregation import adjusted, final_score, grouped_weighted_mean
from xlperf.core.contract.grading import competition_rank, grade_index
from xlperf.core.distribution import OBSERVATION, TIE_AT_QUOTA, forced_distribution
from xlperf.core.engine.adjustments import PreparedAdjustments
from xlperf.core.engine.data import PreparedData
from xlperf.core.engine.pay import compute_pay, pay_basis
from xlperf.core.engine.pay_inputs import PreparedPay
from xlperf.core.engine.ratings import PreparedRatings
from xlperf.core.engine.results import Results
from xlperf.core.scheme import Scheme


def flag_text(tie: np.ndarray, observation: np.ndarray) -> np.ndarray:
    """The ``flags`` column: ``tie_at_quota`` and ``observation``, ';'-joined, in that order."""
    both = f"{TIE_AT_QUOTA};{OBSERVATION}"
    return np.where(tie & observation, both, np.where(tie, TIE_AT_QUOTA, np.where(observation, OBSERVATION, "")))


def section_scores(scheme: Scheme, d: PreparedData, r: PreparedRatings | None) -> np.ndarray:
    """(employees × sections) scores: weighted means of indicators; competency from ratings."""
    n_emp, n_sec = len(d.employees), len(scheme.sections)
    key = d.emp * n_sec + d.section
    scores = grouped_weighted_mean(key, n_emp * n_sec, d.weight, d.score).reshape(n_emp, n_sec)
    comp = scheme.competency
    if comp is not None and r is not None:
        ci = [x.id for x in scheme.sections].index(comp.id)
        dw = np.array([float(c.weight) for c in scheme.competencies])
        with np.errstate(invalid="ignore"):
            scores[:, ci] = np.where(r.rated, (r.dim_score * dw).sum(axis=1) / dw.sum(), np.nan)
    return scores


def _dimensions(d: PreparedData, r: PreparedRatings | None) -> pd.DataFrame:
    if r is None:
        return pd.DataFrame(columns=["employee_id", "dimension", "score"])
    n_emp, n_dim = len(d.employees), len(r.dims)
    frame = pd.DataFrame({
        "employee_id": np.repeat(d.employees["employee_id"].to_numpy(), n_dim),
        "dimension": np.tile(np.asarray(r.dims, dtype=object), n_emp),
        "score": r.dim_score.reshape(-1),
    })
    return frame[np.repeat(r.rated, n_dim)].reset_index(drop=True)


def _indicators(scheme: Scheme, d: PreparedData) -> pd.DataFrame:
    methods = np.array([scheme.indicator_by_code[c].method for c in d.ind_codes], dtype=object)
    section_ids = np.array([x.id for x in scheme.sections], dtype=object)
    return pd.DataFrame({
        "employee_id": d.emp_text,
        "name": d.names,
        "department": d.dept,
        "role": d.employees["role"].to_numpy()[d.emp],
        "indicator": np.asarray(d.ind_codes, dtype=object)[d.ind],
        "section": section_ids[d.section],
        "method": methods[d.ind],
        "actual": d.actual,
        "target": d.target,
        "baseline": d.baseline,
        "weight": d.weight,
        "score": d.score,
    })


def compute(
    scheme: Scheme,
    d: PreparedData,
    r: PreparedRatings | None,
    a: PreparedAdjustments | None,
    p: PreparedPay | None = None,
) -> Results:
    emps = d.employees
    sections = section_scores(scheme, d, r)
    final = final_score(sections, [float(x.weight) for x in scheme.sections])
    if a is not None:
        final = adjusted(final, a.factor, a.points, scheme.adjustments.max_points)
    names = list(scheme.grade_names)
    absolute = grade_index(final, np.array([g.min for g in scheme.grades], dtype=float))
    dept = emps["department"].to_numpy(dtype=object)
    groups = dept if scheme.distribution.scope == "department" else None
    dist = forced_distribution(final, absolute, names, scheme.quotas, scheme.distribution.rounding,
                               float(scheme.distribution.bottom), groups)
    gn = np.asarray(names, dtype=object)
    bonus = (np.array([scheme.bonus.get(g, np.nan) for g in names], dtype=float)[dist.grade]
             if scheme.bonus else np.full(len(emps), np.nan))
    out = {c: emps[c].to_numpy() for c in ("employee_id", "name", "department", "role")}
    out.update({f"score_{sx.id}": sections[:, si] for si, sx in enumerate(scheme.sections)})
    out.update({
        "final_score": final,
        "rank": competition_rank(final, groups),
        "department_rank": competition_rank(final, dept),
        "grade_absolute": gn[absolute],
        "grade": gn[dist.grade],
        "bonus_factor": bonus,
        "flags": flag_text(dist.tie_at_quota, dist.observation),
    })
    pay = None
    if scheme.pay is not None:
        pay = compute_pay(scheme, p, a, pay_basis(scheme, d, dist.grade, final, out["department_rank"]))
        out.update(pay.columns)
    order = ["department", "rank", "employee_id"] if groups is not None else ["rank", "employee_id"]
    frame = pd.DataFrame(out)
    perm = frame.sort_values(order, kind="stable").index.to_numpy()
    employees = frame.iloc[perm].reset_index(drop=True)
    ev = dist.events.copy()
    positions = ev["position"].to_numpy(dtype=np.int64)
    ev.insert(0, "employee_id", emps["employee_id"].to_numpy()[positions] if len(ev) else [])
    ev = ev.drop(columns=["position"])
    extra = {}
    if pay is not None:
        extra["warnings"] = pay.warnings
        if pay.detail is not None:  # the detail in the employees' order
            extra.update(pay=pay.detail.iloc[perm].reset_index(drop=True), pay_departments=pay.departments)
    return Results(scheme, employees, _indicators(scheme, d), _dimensions(d, r), dist.calibration, ev, **extra)
