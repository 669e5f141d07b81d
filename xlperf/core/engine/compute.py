"""The computation on validated arrays: sections, competency, final score, grades, ranks, quotas.

Order: scores → final score (spot checks mixed in) → adjustments → absolute
grade → forced distribution under the calibration policy → calibration
overrides → bonus factor from the final grade → streaks and plans (periods)
→ pay (on the final grade; streaks and plans never change a grade).

Example:
    >>> flag_text(np.array([True, False]), np.array([True, True])).tolist()
    ['tie_at_quota;observation', 'observation']
    >>> flag_text(np.array([False]), np.array([False]), excluded=np.array([True])).tolist()
    ['excluded']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlperf.core.contract.aggregation import adjusted, final_score, grouped_weighted_mean
from xlperf.core.contract.grading import competition_rank, grade_index
from xlperf.core.distribution import OBSERVATION, QUOTA_EXCEEDED_BY_TIE, TIE_AT_QUOTA
from xlperf.core.engine.adjustments import PreparedAdjustments
from xlperf.core.engine.data import PreparedData
from xlperf.core.engine.pay import compute_pay, pay_basis, pay_fields
from xlperf.core.engine.pay_inputs import PreparedPay
from xlperf.core.engine.period_results import finish_periods, mix_period_scores
from xlperf.core.engine.periods import PeriodInputs
from xlperf.core.engine.ratings import PreparedRatings
from xlperf.core.engine.results import Results
from xlperf.core.policy.calibration import EXCLUDED, calibrate, distribute
from xlperf.core.policy.overrides import PreparedOverrides
from xlperf.core.scheme import Scheme


def flag_text(
    tie: np.ndarray,
    observation: np.ndarray,
    exceeded: np.ndarray | None = None,
    excluded: np.ndarray | None = None,
) -> np.ndarray:
    """The ``flags`` column, ';'-joined in this order: ``tie_at_quota``, ``observation``,
    ``quota_exceeded_by_tie``, ``excluded``."""
    out = np.full(len(tie), "", dtype=object)
    for mask, word in ((tie, TIE_AT_QUOTA), (observation, OBSERVATION),
                       (exceeded, QUOTA_EXCEEDED_BY_TIE), (excluded, EXCLUDED)):  # fmt: skip
        if mask is not None and mask.any():
            out = np.where(mask, np.where(out == "", word, out + ";" + word), out)
    return out.astype(str)


def section_scores(scheme: Scheme, d: PreparedData, r: PreparedRatings | None) -> np.ndarray:
    """(employees × sections) scores: weighted means of indicators; competency from ratings."""
    n_emp, n_sec = len(d.employees), len(scheme.sections)
    use = np.ones(len(d.emp), dtype=bool) if d.na is None else ~d.na  # N/A rows: weights rescaled
    key = (d.emp * n_sec + d.section)[use]
    scores = grouped_weighted_mean(key, n_emp * n_sec, d.weight[use], d.score[use]).reshape(
        n_emp, n_sec
    )
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
    frame = pd.DataFrame(
        {
            "employee_id": np.repeat(d.employees["employee_id"].to_numpy(), n_dim),
            "dimension": np.tile(np.asarray(r.dims, dtype=object), n_emp),
            "score": r.dim_score.reshape(-1),
        }
    )
    return frame[np.repeat(r.rated, n_dim)].reset_index(drop=True)


def _indicators(scheme: Scheme, d: PreparedData) -> pd.DataFrame:
    methods = np.array([scheme.indicator_by_code[c].method for c in d.ind_codes], dtype=object)
    section_ids = np.array([x.id for x in scheme.sections], dtype=object)
    return pd.DataFrame(
        {
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
            "status": np.where(d.na, "na", "") if d.na is not None else "",
        }
    )


def grade_and_rank(
    scheme: Scheme,
    final: np.ndarray,
    emps: pd.DataFrame,
    sections: np.ndarray | None = None,
    overrides: PreparedOverrides | None = None,
) -> tuple[dict[str, np.ndarray], pd.DataFrame, pd.DataFrame]:
    """Ranks, absolute grades, the calibration (quotas under the policy, then overrides), bonus
    factor from the final grade, and flags, for final scores.

    Shared by the period's computation and the annual roll-up, so both grade
    the same way. ``sections`` (employees × sections) feed ``tie_break``; the
    roll-up, which has none, breaks ties on the final score. Returns the
    columns (in ``emps`` order), the calibration table and the events (with
    employee ids).

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> s = load_scheme(shipped_schemes()["sales"])  # A ≤ 10 %, B ≤ 20 %: none of 2
        >>> emps = pd.DataFrame({"employee_id": ["E1", "E2"], "department": ["D", "D"], "role": ["sales_rep"] * 2})
        >>> cols, _, _ = grade_and_rank(s, np.array([125.0, 90.0]), emps)
        >>> cols["grade_absolute"].tolist(), cols["grade"].tolist(), cols["rank"].tolist()
        (['A', 'C'], ['C', 'C'], [1, 2])
    """
    if sections is None:
        sections = np.tile(np.asarray(final, dtype=float)[:, None], (1, len(scheme.sections)))
    names = list(scheme.grade_names)
    steps = scheme.grade_steps
    absolute = grade_index(
        final, np.array([b for _, b, _ in steps]), np.array([x for _, _, x in steps])
    )
    dept = emps["department"].to_numpy(dtype=object)
    groups = dept if scheme.distribution.scope == "department" else None
    cal = calibrate(
        scheme, distribute(scheme, emps, final, absolute, sections), absolute, overrides
    )
    gn = np.asarray(names, dtype=object)
    bonus = (
        np.array([scheme.bonus.get(g, np.nan) for g in names], dtype=float)[cal.grade]
        if scheme.bonus
        else np.full(len(emps), np.nan)
    )
    cols = {
        "final_score": final,
        "rank": competition_rank(final, groups),
        "department_rank": competition_rank(final, dept),
        "grade_absolute": gn[absolute],
        "grade": gn[cal.grade],
        "bonus_factor": bonus,
        "flags": flag_text(
            cal.tie_at_quota, cal.observation, cal.quota_exceeded_by_tie, cal.excluded
        ),
        "grade_before_override": gn[cal.before_override],
    }
    ev = cal.events.copy()
    positions = ev["position"].to_numpy(dtype=np.int64)
    ev.insert(0, "employee_id", emps["employee_id"].to_numpy()[positions] if len(ev) else [])
    return cols, cal.calibration, ev.drop(columns=["position"])


def sort_employees(scheme: Scheme, out: dict[str, np.ndarray]) -> pd.DataFrame:
    """The per-employee frame in report order (by department when quotas apply per department)."""
    by_dept = scheme.distribution.scope == "department"
    order = ["department", "rank", "employee_id"] if by_dept else ["rank", "employee_id"]
    return pd.DataFrame(out).sort_values(order, kind="stable").reset_index(drop=True)


def compute(
    scheme: Scheme,
    d: PreparedData,
    r: PreparedRatings | None,
    a: PreparedAdjustments | None,
    periods: PeriodInputs | None = None,
    overrides: PreparedOverrides | None = None,
    pay: PreparedPay | None = None,
) -> Results:
    emps = d.employees
    sections = section_scores(scheme, d, r)
    final = final_score(sections, [float(x.weight) for x in scheme.sections])
    final, period_cols = mix_period_scores(final, periods)
    if a is not None:
        final = adjusted(final, a.factor, a.points, scheme.adjustments.max_points)
    cols, calibration, events = grade_and_rank(scheme, final, emps, sections, overrides)
    out = {c: emps[c].to_numpy() for c in ("employee_id", "name", "department", "role")}
    out.update({f"score_{sx.id}": sections[:, si] for si, sx in enumerate(scheme.sections)})
    out.update(cols)
    out.update(period_cols)
    paid = None
    if scheme.pay is not None:
        grade = pd.Index(scheme.grade_names).get_indexer(cols["grade"])
        paid = compute_pay(
            scheme, pay, a, pay_basis(scheme, d, grade, final, cols["department_rank"])
        )
        out.update(paid.columns, _position=np.arange(len(emps)))  # the detail follows the sort
    employees = sort_employees(scheme, out)
    order = employees.pop("_position").to_numpy() if paid is not None else None
    extra = pay_fields(paid, order)
    results = Results(
        scheme, employees, _indicators(scheme, d), _dimensions(d, r), calibration, events, **extra
    )
    return finish_periods(results, periods)
