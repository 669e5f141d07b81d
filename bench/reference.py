"""A straightforward per-row implementation of the scoring contract.

Plain loops and dicts, one row at a time, written from the contract in
docs/scheme.md and independent of the engine's code (it uses only the scheme
model). It is the baseline of ``bench/bench_engine.py`` and an oracle for the
property tests. It assumes valid inputs in the interchange columns.

Example:
    >>> import pandas as pd, xlperf
    >>> s = xlperf.load_scheme(xlperf.shipped_schemes()["digital"])
    >>> out = reference_score(s, pd.DataFrame(columns=["employee_id"]))
    >>> out
    {}
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pandas as pd

from xlperf.core.scheme import Scheme


def _num(v) -> float | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, str):
        v = v.strip()
        if v == "":
            return None
        return float(v[:-1]) / 100 if v.endswith("%") else float(v)
    return float(v)


def round6(x: float) -> float:
    """ROUND(x, 6), half away from zero, on the number as written in decimal."""
    return float(Decimal(repr(x)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP))


def reaches(value: float, entry: dict) -> bool:
    """A banded-list entry: ``min`` (value ≥ x) or ``above`` (value > x), on ROUND(value, 6)."""
    if math.isinf(value):
        return value > 0
    key = round6(value)
    if entry.get("above") is not None:
        return key > entry["above"]
    return key >= entry["min"]


def band_score(value: float, bands: list[dict], floor: float) -> float:
    """The score of the highest band the value reaches, else the floor."""
    for band in sorted(
        bands, key=lambda x: x["min"] if x.get("min") is not None else x["above"], reverse=True
    ):
        if reaches(value, band):
            return band["score"]
    return floor


def indicator_score(scheme: Scheme, code: str, a: float, t: float | None, b: float | None) -> float:
    ind = scheme.indicator_by_code[code]
    floor = ind.floor if ind.floor is not None else scheme.defaults.floor
    cap = ind.cap if ind.cap is not None else scheme.defaults.cap
    m = ind.method
    p = ind.method_keys  # the method's own keys, as written in the scheme
    if m == "ratio":
        s = 100 * a / t
    elif m == "inverse":
        s = cap if a == 0 else 100 * t / a
    elif m == "growth":
        s = 100 * ((a - b) / abs(b)) / t
    elif m == "bands":
        s = band_score(a, p["bands"], floor)
    elif m == "attainment":
        c = (math.inf if a == 0 else 100 * t / a) if p.get("lower") else 100 * a / t
        s = band_score(c, p["bands"], floor)
    elif m == "range":
        s = 100 * (a - b) / (t - b)
    elif m == "linear":
        x = a if p.get("on") == "actual" else a / t
        pts = list(p["points"])
        if x <= pts[0][0]:
            s = pts[0][1]
        elif x >= pts[-1][0]:
            s = pts[-1][1]
        else:
            for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
                if x0 <= x <= x1:
                    s = y0 + (y1 - y0) * (x - x0) / (x1 - x0)
                    break
    elif m == "rating":
        table = p.get("map") if p.get("map") is not None else scheme.rating_scale.map
        s = table[a] if table else 100 * a / scheme.rating_scale.max
    elif m == "deduction":
        s = 100 - p["per"] * a
    elif m == "binary":
        s = 100.0 if ((a <= t) if p.get("lower") else (a >= t)) else 0.0
    else:  # pragma: no cover
        raise ValueError(m)
    return min(max(s, floor), cap)


def _quota(percent: float, n: int, rounding: str) -> int:
    x = Fraction(Decimal(str(percent))) * n / 100
    if rounding == "floor":
        return math.floor(x)
    if rounding == "ceil":
        return math.ceil(x)
    return math.floor(x + Fraction(1, 2))


def _ranks(scores: dict[str, float]) -> dict[str, int]:
    ordered = sorted(scores, key=lambda e: -scores[e])
    out: dict[str, int] = {}
    for pos, e in enumerate(ordered):
        if pos and scores[e] == scores[ordered[pos - 1]]:
            out[e] = out[ordered[pos - 1]]
        else:
            out[e] = pos + 1
    return out


def reference_score(
    scheme: Scheme,
    data: pd.DataFrame,
    ratings: pd.DataFrame | None = None,
    adjustments: pd.DataFrame | None = None,
) -> dict[str, dict]:
    """Per employee: section scores, final, rank, department_rank, grades, bonus, flags."""
    people: dict[str, dict] = {}
    sums: dict[tuple[str, str], list[float]] = {}
    for row in data.to_dict(orient="records"):
        emp, code, role = str(row["employee_id"]), str(row["indicator"]), str(row["role"])
        p = people.setdefault(emp, {"department": str(row["department"]), "role": role})
        spec = {ri.code: ri for ri in scheme.role_by_id[role].indicators}
        t = _num(row.get("target"))
        if t is None:
            t = (
                scheme.default_target(role, code)
                if code in spec
                else scheme.indicator_by_code[code].target
            )
        w = _num(row.get("weight"))
        if w is None:
            w = spec[code].weight
        s = indicator_score(scheme, code, _num(row["actual"]), t, _num(row.get("baseline")))
        acc = sums.setdefault((emp, scheme.section_of(code)), [0.0, 0.0])
        acc[0] += w * s
        acc[1] += w
        p.setdefault("indicator_scores", []).append(s)
    for (emp, sec), (num, den) in sums.items():
        people[emp][f"score_{sec}"] = num / den
    comp = scheme.competency
    if comp is not None and ratings is not None:
        groups: dict[tuple[str, str, str], list[float]] = {}
        for row in ratings.to_dict(orient="records"):
            dim = scheme.resolve_dimension(row["dimension"])
            rater = scheme.resolve_rater(row["rater"])
            r = float(row["rating"])
            table = scheme.rating_scale.map
            pts = table[r] if table else 100 * r / scheme.rating_scale.max
            pts = min(max(pts, scheme.defaults.floor), scheme.defaults.cap)
            groups.setdefault((str(row["employee_id"]), dim, rater), []).append(pts)
        dims: dict[tuple[str, str], list[float]] = {}
        for (emp, dim, rater), values in groups.items():
            rw = scheme.raters[rater]
            acc = dims.setdefault((emp, dim), [0.0, 0.0])
            acc[0] += rw * sum(values) / len(values)
            acc[1] += rw
        for emp in people:
            total = 0.0
            for c in scheme.competencies:
                num, den = dims[(emp, c.code)]
                total += c.weight * num / den
            people[emp][f"score_{comp.id}"] = total / sum(c.weight for c in scheme.competencies)
    factors = {e: 1.0 for e in people}
    points = {e: 0.0 for e in people}
    if adjustments is not None:
        for row in adjustments.to_dict(orient="records"):
            kind = str(row["kind"]).strip().lower()
            if kind in ("factor", "系数"):
                factors[str(row["employee_id"])] *= float(row["value"])
            else:
                points[str(row["employee_id"])] += float(row["value"])
    cap = scheme.adjustments.max_points
    for emp, p in people.items():
        final = (
            sum(s.weight * p.get(f"score_{s.id}", 0.0) for s in scheme.sections if s.weight > 0)
            / 100
        )
        pts = points[emp] if cap is None else min(points[emp], cap)
        p["final_score"] = final * factors[emp] + pts
        p["key"] = round6(p["final_score"])
        p["grade_index"] = next(
            (i for i, g in enumerate(scheme.grades) if reaches(p["key"], g.model_dump())),
            len(scheme.grades) - 1,
        )
        p["absolute_index"] = p["grade_index"]
        p["flags"] = []
    by_group: dict[str, list[str]] = {}
    for emp, p in people.items():
        group = p["department"] if scheme.distribution.scope == "department" else ""
        by_group.setdefault(group, []).append(emp)
    by_dept: dict[str, list[str]] = {}
    for emp, p in people.items():
        by_dept.setdefault(p["department"], []).append(emp)
    for members in by_dept.values():
        for emp, r in _ranks({e: people[e]["key"] for e in members}).items():
            people[emp]["department_rank"] = r
    names = [g.grade for g in scheme.grades]
    for members in by_group.values():
        n = len(members)
        for emp, r in _ranks({e: people[e]["key"] for e in members}).items():
            people[emp]["rank"] = r
        for gi, grade in enumerate(names[:-1]):
            if grade not in scheme.quotas:
                continue
            allowed = _quota(scheme.quotas[grade], n, scheme.distribution.rounding)
            cands = sorted(
                (e for e in members if people[e]["grade_index"] == gi),
                key=lambda e: -people[e]["key"],
            )
            if len(cands) <= allowed:
                continue
            demote = cands[allowed:]
            if allowed > 0 and people[cands[allowed - 1]]["key"] == people[cands[allowed]]["key"]:
                tie = people[cands[allowed]]["key"]
                block = [e for e in cands if people[e]["key"] == tie]
                demote = [e for e in cands if people[e]["key"] <= tie]
                for e in block:
                    people[e]["flags"].append("tie_at_quota")
            for e in demote:
                people[e]["grade_index"] = gi + 1
        if scheme.distribution.bottom:
            k = _quota(scheme.distribution.bottom, n, scheme.distribution.rounding)
            asc = sorted(members, key=lambda e: people[e]["key"])
            chosen = asc[:k]
            if 0 < k < n and people[asc[k - 1]]["key"] == people[asc[k]]["key"]:
                tie = people[asc[k]]["key"]
                for e in members:
                    if people[e]["key"] == tie and "tie_at_quota" not in people[e]["flags"]:
                        people[e]["flags"].append("tie_at_quota")
                chosen = [e for e in chosen if people[e]["key"] != tie]
            for e in chosen:
                people[e]["flags"].append("observation")
    for p in people.values():
        p["grade_absolute"] = names[p.pop("absolute_index")]
        p["grade"] = names[p["grade_index"]]
        p["bonus_factor"] = scheme.bonus.get(p["grade"]) if scheme.bonus else None
        p["flags"] = ";".join(dict.fromkeys(p["flags"]))
    return people
