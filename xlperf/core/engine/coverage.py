"""Per-employee checks across rows: the role's indicators present, the KPI limit (the role's
``max_indicators`` or ``limits.max_indicators``), weight
sums per section (exact decimals, ±0.01), every weighed section covered, ratings given.

Example:
    >>> import numpy as np
    >>> sums_off_100(np.array([[33.33 + 33.33 + 33.34, 99.98]])).tolist()
    [[False, True]]
"""

from __future__ import annotations

import numpy as np

from xlperf.core.contract.aggregation import WEIGHT_TOLERANCE
from xlperf.core.engine.data import PreparedData
from xlperf.core.engine.ratings import PreparedRatings
from xlperf.core.scheme import Scheme
from xlperf.errors import Location, ProblemList
from xlperf.messages import say


def sums_off_100(sums: np.ndarray) -> np.ndarray:
    """Weight sums that miss 100 by more than 0.01, judged on the sums' shortest decimals.

    Float sums of decimal weights carry binary noise (33.33×3 = 99.99000000000001);
    rounding to 9 decimals first gives the exact decimal sum of weights written
    with up to 9 decimals, so the tolerance is applied inclusively.
    """
    exact = np.round(sums, 9)
    return np.abs(exact - 100.0) > float(WEIGHT_TOLERANCE) + 1e-12


def _en(section) -> str:
    return section.name_en or section.id


def _at(d: PreparedData, e: int, column: str | None = None) -> Location:
    return d.table.where(int(d.employees["_row"].iloc[e]), column)[0]


def check_role_indicators(scheme: Scheme, d: PreparedData, problems: ProblemList) -> None:
    n_emp, n_ind = len(d.employees), len(d.ind_codes)
    ok = (d.ind >= 0) & d.has_id
    present = np.zeros(n_emp * n_ind, dtype=bool)
    present[(d.emp * n_ind + d.ind)[ok]] = True
    present = present.reshape(n_emp, n_ind)
    emp_role = d.role[np.unique(d.emp, return_index=True)[1]]
    ids = d.employees["employee_id"].to_numpy()
    for ri, role in enumerate(scheme.roles):
        members = np.flatnonzero(emp_role == ri)
        for item in role.indicators if len(members) else ():
            if item.code not in scheme.indicator_by_code:
                continue
            for e in members[~present[members, d.ind_codes.index(item.code)]]:
                problems.append(
                    say(
                        "DATA_ROLE_INDICATOR_MISSING",
                        _at(d, e, "indicator"),
                        employee=ids[e],
                        role=role.id,
                        indicator=item.code,
                    )
                )
    counts = np.bincount(d.emp[ok], minlength=n_emp)
    limits = [scheme.max_indicators_for(r.id) for r in scheme.roles] + [
        scheme.max_indicators_for("")
    ]
    limit = np.array([lim for lim, _ in limits])[
        np.where(emp_role >= 0, emp_role, len(scheme.roles))
    ]
    for e in np.flatnonzero(counts > limit):
        lim, setting = limits[emp_role[e] if emp_role[e] >= 0 else -1]
        problems.append(
            say(
                "DATA_TOO_MANY_INDICATORS",
                _at(d, e, "indicator"),
                employee=ids[e],
                count=int(counts[e]),
                limit=lim,
                setting=setting,
            )
        )


def check_sections(scheme: Scheme, d: PreparedData, problems: ProblemList) -> None:
    n_emp, n_sec = len(d.employees), len(scheme.sections)
    ok = (d.ind >= 0) & d.has_id & (d.role >= 0)  # an unknown role is reported once, not echoed
    okw = ok & ~np.isnan(d.weight)
    key = d.emp * n_sec + d.section
    sums = np.bincount(key[okw], weights=d.weight[okw], minlength=n_emp * n_sec).reshape(
        n_emp, n_sec
    )
    cnt = np.bincount(key[ok], minlength=n_emp * n_sec).reshape(n_emp, n_sec)
    off = sums_off_100(sums)
    ids = d.employees["employee_id"].to_numpy()
    for si, s in enumerate(scheme.sections):
        if s.id == scheme.competency_section:
            continue
        known = d.employees["role"].to_numpy() != ""
        for e in np.flatnonzero((cnt[:, si] > 0) & off[:, si] & known):
            problems.append(
                say(
                    "DATA_WEIGHTS_SUM",
                    _at(d, e, "weight"),
                    employee=ids[e],
                    section=_en(s),
                    section_zh=s.name,
                    total=f"{round(sums[e, si], 9):g}",
                )
            )
        if s.weight > 0:
            for e in np.flatnonzero((cnt[:, si] == 0) & known):
                problems.append(
                    say(
                        "DATA_SECTION_EMPTY",
                        _at(d, e),
                        employee=ids[e],
                        section=_en(s),
                        section_zh=s.name,
                        weight=f"{s.weight:g}",
                    )
                )


def check_ratings_given(
    scheme: Scheme, d: PreparedData, r: PreparedRatings | None, given: bool, problems: ProblemList
) -> None:
    comp = scheme.competency
    if comp is None or comp.weight <= 0:
        return
    weight = f"{comp.weight:g}"
    if not given:
        where = Location(file=d.table.file, sheet=d.table.sheet)
        problems.append(
            say(
                "DATA_RATINGS_NOT_GIVEN",
                where,
                section=_en(comp),
                section_zh=comp.name,
                weight=weight,
            )
        )
        return
    rated = r.rated if r is not None else np.zeros(len(d.employees), dtype=bool)
    ids = d.employees["employee_id"].to_numpy()
    for e in np.flatnonzero(~rated):
        problems.append(
            say(
                "DATA_NO_RATINGS",
                _at(d, e),
                employee=ids[e],
                section=_en(comp),
                section_zh=comp.name,
                weight=weight,
            )
        )
