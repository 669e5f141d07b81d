"""Test helpers: rosters, input values that hit every edge of every method, and form filling.

A script stands in for the managers: :func:`fill_form` writes actuals,
targets, baselines and ratings into a generated form with openpyxl, exactly
where a person would type them.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd

from xlperf.core.contract import needs_baseline, needs_target
from xlperf.core.scheme import Scheme
from xlperf.templates import layout as L
from xlperf.templates.text import rater_name


@dataclass
class Inputs:
    """What one employee's manager types: per indicator (actual, target, baseline), per (dimension, rater) a rating."""

    kpi: dict[str, tuple[object, object, object]] = field(default_factory=dict)
    ratings: dict[tuple[str, str], object] = field(default_factory=dict)


def roster_for(
    scheme: Scheme, per_role: int = 3, departments: tuple[str, ...] = ("华东", "华北")
) -> pd.DataFrame:
    """A small roster: ``per_role`` employees of every role, spread over the departments."""
    rows = []
    n = 0
    for role in scheme.roles:
        for k in range(per_role):
            n += 1
            rows.append(
                {
                    "工号": f"E{n:03d}",
                    "姓名": f"员工{n}",
                    "部门": departments[k % len(departments)],
                    "岗位": role.name,
                }
            )
    return pd.DataFrame(rows)


def _scale_values(scheme: Scheme) -> list[float]:
    rule = scheme.rating_rule
    if rule.rating_map:
        return [k for k, _ in rule.rating_map]
    return [float(x) for x in range(int(rule.scale_min), int(rule.scale_max) + 1)]


def on_target_inputs(scheme: Scheme, role_id: str) -> Inputs:
    """Every indicator exactly on target: final score 100 up to floating error (tests ROUND(x, 6))."""
    inp = Inputs()
    for ri in scheme.role_by_id[role_id].indicators:
        rule = scheme.rule(ri.code)
        t = scheme.default_target(role_id, ri.code)
        t_in = None if t is not None or not needs_target(rule) else 0.37
        tv = t if t is not None else t_in
        m = rule.method
        if m in ("ratio", "inverse"):
            a, b = tv, None
        elif m == "growth":
            b = 1.1  # (a − b)/|b|/t lands a few ulps under 1: only ROUND(x, 6) reaches the band at 100
            a = round(b * (1 + tv), 10)
        elif m == "bands":
            a = next((lo for lo, s in sorted(rule.bands) if s == 100), sorted(rule.bands)[-1][0])
            b = None
        elif m == "linear":
            a = (
                tv
                if rule.on != "actual"
                else next((x for x, y in rule.points if y == 100), rule.points[-1][0])
            )
            b = None
        elif m == "rating":
            a = next((k for k, v in rule.rating_map if v == 100), rule.scale_max)
            b = None
        elif m == "deduction":
            a, b = 0, None
        else:  # binary
            a, b = tv, None
        inp.kpi[ri.code] = (a, t_in, b)
    full = next(
        (k for k, v in scheme.rating_rule.rating_map if v == 100), scheme.rating_rule.scale_max
    )
    for c in scheme.competencies:
        for r in scheme.raters:
            inp.ratings[(c.code, r)] = full
    return inp


def random_inputs(scheme: Scheme, role_id: str, rng: random.Random, edge: int = 0) -> Inputs:
    """Plausible random inputs; ``edge`` > 0 pushes values to caps, floors and band edges."""
    inp = Inputs()
    for ri in scheme.role_by_id[role_id].indicators:
        rule = scheme.rule(ri.code)
        t = scheme.default_target(role_id, ri.code)
        t_in = None
        if t is None and needs_target(rule):
            percent = scheme.indicator_by_code[ri.code].unit == "percent"
            t_in = (
                round(rng.uniform(0.05, 0.9), 3) if percent else float(rng.randrange(50, 500, 10))
            )
            t = t_in
        m = rule.method
        b = (
            round(rng.uniform(0.5, 900), 3) * (-1 if edge == 3 else 1)
            if needs_baseline(rule)
            else None
        )
        if m == "ratio":
            a = [t * rng.uniform(0.3, 1.6), t * 3, 0.0, t * rng.uniform(0.99, 1.01)][edge % 4]
        elif m == "inverse":
            a = [t * rng.uniform(0.5, 1.5), 0, t * 10, t * 0.5][edge % 4]
        elif m == "growth":
            a = [b * (1 + t * rng.uniform(-1, 2)), b * 5, b * 0.1, b * (1 + t)][edge % 4]
        elif m == "bands":
            mins = sorted(lo for lo, _ in rule.bands)
            a = [rng.uniform(mins[0], mins[-1] * 1.2), mins[-1], mins[0] - 1, mins[len(mins) // 2]][
                edge % 4
            ]
        elif m == "linear":
            xs = [x for x, _ in rule.points]
            base = 1.0 if rule.on == "actual" else t
            a = [
                rng.uniform(xs[0], xs[-1] * 1.3) * base,
                xs[-1] * 2 * base,
                (xs[0] - 1) * base,
                xs[1] * base,
            ][edge % 4]
        elif m == "rating":
            vals = _scale_values(scheme)
            a = [rng.choice(vals), vals[-1], vals[0], vals[len(vals) // 2]][edge % 4]
        elif m == "deduction":
            a = [rng.randint(0, 3), 0, 40, 1][edge % 4]
        else:
            a = [t * rng.uniform(0.8, 1.2), t, t * 2, t * 0.5][edge % 4]
        if isinstance(a, float) and m not in ("rating", "deduction"):
            a = round(a, 4)
        inp.kpi[ri.code] = (a, t_in, b)
    vals = _scale_values(scheme)
    raters = list(scheme.raters)
    for c in scheme.competencies:
        for k, r in enumerate(raters):
            if edge == 2 and k > 0:
                continue  # only the first rater group: renormalised weights
            if edge == 1 and k == len(raters) - 1:
                continue
            inp.ratings[(c.code, r)] = rng.choice(vals) if edge != 2 else vals[-1]
    return inp


def fill_raters(comp, lay: L.Layout, slot: L.Slot, ratings: dict, lang: str) -> None:
    """One rater row per rater group that rates (``ratings``: (dimension, group) → rating)."""
    groups = [g for g in lay.raters if any((d, g) in ratings for d in lay.dimensions)]
    for row, group in zip(slot.rater_rows, groups, strict=False):
        if len(lay.raters) > 1:
            comp[f"{L.C_GROUP}{row}"] = rater_name(group, lang)
        for k, dim in enumerate(lay.dimensions):
            v = ratings.get((dim, group))
            if v is not None:
                comp[f"{lay.dim_col(k)}{row}"] = v


def slots_of(path: Path) -> tuple[dict, L.Layout, Scheme | None]:
    wb = openpyxl.load_workbook(path, read_only=True)
    meta = {}
    for key, value in wb[L.META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
        if key == "scheme_yaml":
            break
        meta[key] = value
    wb.close()
    return meta, json.loads(meta["slots"]), json.loads(meta["sheets"])


def fill_form(
    path: Path,
    scheme: Scheme,
    inputs: dict[str, Inputs],
    out: Path,
    employees: list[tuple[str, str, str]] | None = None,
) -> Path:
    """Fill a form: ``inputs`` by employee id; ``employees`` (id, name, department) for a blank form's slots."""
    meta, roles, names = slots_of(path)
    lay = L.plan(scheme, roles)
    wb = openpyxl.load_workbook(path)
    kpi, summ = wb[names["kpi"]], wb[names["summary"]]
    comp = wb[names["competency"]] if "competency" in names else None
    for slot in lay.slots:
        r = slot.summary_row
        if employees is not None:
            if slot.index >= len(employees):
                continue
            eid, name, dept = employees[slot.index]
            summ[f"{L.S_ID}{r}"], summ[f"{L.S_NAME}{r}"], summ[f"{L.S_DEPT}{r}"] = eid, name, dept
        eid = str(summ[f"{L.S_ID}{r}"].value)
        inp = inputs.get(eid)
        if inp is None:
            continue
        for row, code, _ in slot.kpi_rows:
            a, t, b = inp.kpi[code]
            kpi[f"{L.K_ACTUAL}{row}"] = a
            if t is not None:
                kpi[f"{L.K_TARGET}{row}"] = t
            if b is not None:
                kpi[f"{L.K_BASELINE}{row}"] = b
        if comp is not None:
            fill_raters(comp, lay, slot, inp.ratings, meta.get("lang") or "zh")
    wb.save(out)
    return out
