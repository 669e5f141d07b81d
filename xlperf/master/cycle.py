"""Step 2 of the HR cycle, done by a script: type the managers' numbers into a generated form.

``xlperf demo`` uses it to stand in for the managers (one of them tampering,
one leaving an actual empty); tests use it to fill forms as a person would.

Example:
    >>> fill_form(form, scheme, data, ratings, Path("returned/f.xlsx"), tamper=True)  # doctest: +SKIP
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from xlperf.core.scheme import Scheme
from xlperf.io.atomic import atomic_path
from xlperf.templates.ooxml import tidy


def fill_form(
    form: Path,
    scheme: Scheme,
    data: pd.DataFrame,
    ratings: pd.DataFrame,
    out: Path,
    *,
    tamper: bool = False,
    incomplete: bool = False,
) -> Path:
    """Type the managers' numbers into a generated form, where a person would.

    ``tamper`` also overwrites a locked weight; ``incomplete`` leaves one actual empty.
    """
    from xlperf.templates import layout as L

    wb = openpyxl.load_workbook(form)
    meta = {
        k: v for k, v in wb[L.META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True) if k
    }
    roles, names = json.loads(meta["slots"]), json.loads(meta["sheets"])
    lay = L.plan(scheme, roles)
    kpi, summ = wb[names["kpi"]], wb[names["summary"]]
    comp = wb[names["competency"]] if "competency" in names else None
    values = {(str(r.employee_id), str(r.indicator)): r for r in data.itertuples(index=False)}
    rated = _raters(ratings)
    first_row = None
    for slot in lay.slots:
        eid = str(summ[f"{L.S_ID}{slot.summary_row}"].value)
        row = _fill_kpis(kpi, scheme, slot, roles[slot.index], values, eid)
        first_row = first_row or row
        if comp is not None:
            _fill_ratings(comp, lay, slot, rated.get(eid, {}), meta.get("lang") or "zh")
    if tamper and first_row:
        kpi[f"{L.K_WEIGHT}{first_row}"] = 99
    if incomplete and first_row:
        kpi[f"{L.K_ACTUAL}{first_row}"] = None
    with atomic_path(out) as tmp:
        wb.save(tmp)
        tidy(tmp)  # what Excel would save: schema-valid font elements
    return out


def _fill_kpis(kpi, scheme: Scheme, slot, role: str, values: dict, eid: str) -> int | None:
    """The employee's actual (and the targets and baselines the form asks for); the first row filled."""
    from xlperf.templates import layout as L

    first = None
    for row, code, _ in slot.kpi_rows:
        v = values.get((eid, code))
        if v is None:
            continue
        first = first or row
        kpi[f"{L.K_ACTUAL}{row}"] = float(v.actual)
        if (
            scheme.default_target(role, code) is None
            and v.target is not None
            and v.target == v.target
        ):
            kpi[f"{L.K_TARGET}{row}"] = float(v.target)
        if v.baseline is not None and v.baseline == v.baseline:
            kpi[f"{L.K_BASELINE}{row}"] = float(v.baseline)
    return first


def _raters(ratings: pd.DataFrame) -> dict[str, dict[tuple[str, str], dict[str, float]]]:
    """Employee → (rater group, rater name) → dimension → rating: one form row per rater."""
    names = (
        ratings["rater_name"]
        if "rater_name" in ratings.columns
        else pd.Series("", index=ratings.index)
    )
    out: dict[str, dict[tuple[str, str], dict[str, float]]] = {}
    for eid, dim, group, who, rating in zip(
        ratings["employee_id"],
        ratings["dimension"],
        ratings["rater"],
        names.fillna(""),
        ratings["rating"],
        strict=True,
    ):
        if rating is not None and not np.isnan(float(rating)):
            out.setdefault(str(eid), {}).setdefault((str(group), str(who)), {}).setdefault(
                str(dim), float(rating)
            )
    return out


def _fill_ratings(comp, lay, slot, raters: dict, lang: str) -> None:
    """Each rater on a row of the employee's block: group (when it is a choice), name, ratings."""
    from xlperf.templates import layout as L
    from xlperf.templates.text import rater_name

    for row, ((group, who), by_dim) in zip(slot.rater_rows, raters.items(), strict=False):
        if len(lay.raters) > 1:
            comp[f"{L.C_GROUP}{row}"] = rater_name(group, lang)
        if who:
            comp[f"{L.C_RATER}{row}"] = who
        for k, dim in enumerate(lay.dimensions):
            if dim in by_dim:
                comp[f"{lay.dim_col(k)}{row}"] = by_dim[dim]
