"""Read a returned appraisal form back: the contract with the collect step.

``read_form(path, scheme) -> FormContents``

- ``meta``: dict of the form's metadata (sheet ``_xlperf``): ``template_id``,
  ``scheme_id``, ``scheme_version``, ``scheme_fingerprint``, ``department``
  (the form's department for per-department forms, else ""), ``group``,
  ``per`` (department|role), ``lang``, ``blank`` ("1" for a blank per-role form),
  ``roster_fingerprint``, ``employees``, ``xlperf_version``, ``format``, and
  ``form_id`` and ``mac`` on forms issued in a cycle, and ``layout`` (the
  competency layout, "2"; forms without it are read with the layout-1 rules
  of :mod:`xlperf.templates.reader.ratings_v1`, a newer one is refused) (all str).
- ``data``: DataFrame in the engine's Data interchange columns
  ``employee_id, name, department, role, indicator, actual, target, baseline, weight``
  (one row per employee × indicator; role = role id, indicator = code,
  weight in percent points; empty numbers are NaN). Slots of a blank form
  without an employee id are left out.
- ``ratings``: DataFrame ``employee_id, dimension, rater, rating, rater_name``,
  one row per filled rating cell, i.e. per rater and dimension (dimension and
  rater group are scheme codes; ``rater_name`` is the name or id typed on the
  rater's row, possibly empty).
- ``problems``: list of :class:`xlperf.errors.Problem`, each naming the file,
  sheet and cell: not an xlperf form, another scheme or version, a locked
  cell whose content changed (label, weight, target, formula; checked against
  the form's own unkeyed fingerprints, which catch accidents, not forgery), a
  deleted or inserted row (one problem at the row), a renamed or deleted
  sheet, missing inputs and invalid inputs. An empty list means the form is
  complete and shows no accidental edit. ``FormContents.ok`` says the same.
- ``snapshot``: what :func:`xlperf.templates.verify.verify_form` needs to
  authenticate the form against the cycle manifest without reading it again.

Only input cells and locked cells are read, never formula results, so a
form saved by any program (or by a script, with no cached values) reads the
same. Unreadable files (not a workbook, encrypted) raise
:class:`~xlperf.errors.WorkbookError`; everything else is a problem.

Example:
    >>> form = read_form("sales-2026q1_华东.xlsx", scheme)  # doctest: +SKIP
    >>> form.ok, form.meta["department"], len(form.data)  # doctest: +SKIP
    (True, '华东', 15)
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pandas as pd

from xlperf.core.scheme import Scheme
from xlperf.errors import Location
from xlperf.messages import say
from xlperf.templates.metadata import fingerprint
from xlperf.templates.reader.cells import FormCells
from xlperf.templates.reader.inputs import employees, kpi_rows
from xlperf.templates.reader.locked import compare, findings_problems
from xlperf.templates.reader.meta_check import FormPlan, check_meta, missing_sheets
from xlperf.templates.reader.ratings import rating_rows
from xlperf.templates.reader.ratings_v1 import rating_rows_v1
from xlperf.templates.reader.records import (
    DATA_COLUMNS,
    RATING_COLUMNS,
    FormContents,
    FormSnapshot,
    ListedCell,
)
from xlperf.templates.reader.workbook import open_form, read_meta, scheme_yaml_text, snapshot_of

__all__ = [
    "DATA_COLUMNS",
    "RATING_COLUMNS",
    "FormContents",
    "FormSnapshot",
    "read_form",
    "read_meta",
    "read_snapshot",
    "scheme_yaml_text",
    "unkeyed_problems",
]


def read_snapshot(path: str | Path) -> FormSnapshot:
    """The locked part of a form (metadata, listed cells, values), without a scheme."""
    return snapshot_of(open_form(Path(path)), str(path))


def _unkeyed(item: ListedCell, value: object) -> bool:
    return fingerprint(value) == item.fingerprint


def unkeyed_problems(snap: FormSnapshot) -> tuple[list, bool]:
    """Locked cells checked against the form's own fingerprints; (problems, rows moved?).

    These fingerprints are stored in the form itself: they find accidental
    edits and locate them, and prove nothing against someone who recomputes them.
    """
    findings = compare(snap.listed, snap.values, _unkeyed, snap.names)
    return findings_problems(findings, snap.names, snap.values, snap.file), bool(findings.shifts)


def read_form(path: str | Path, scheme: Scheme) -> FormContents:
    """Read one returned form (see the module docstring for the contract).

    Example:
        >>> form = read_form("returned/sales-2026q1_华东.xlsx", scheme)  # doctest: +SKIP
        >>> [str(p) for p in form.problems][:1]  # doctest: +SKIP
        ['returned/sales-2026q1_华东.xlsx: KPI考核!L7 (row 7, column actual): actual is missing (employee E1, indicator CSAT) (fill in the actual value)']
    """
    path = Path(path)
    wb = open_form(path)
    snap = snapshot_of(wb, str(path))
    form = FormContents(
        path,
        dict(snap.meta),
        pd.DataFrame(columns=DATA_COLUMNS),
        pd.DataFrame(columns=RATING_COLUMNS),
    )
    form.snapshot = snap
    if not snap.has_sheet:
        form.problems.append(say("FORM_NOT_A_FORM", Location(file=str(path))))
        return form
    plan, problems = check_meta(snap.meta, scheme, str(path), snap.meta_rows.get("layout"))
    form.problems.extend(problems)
    if plan is None:
        return form
    form.problems.extend(missing_sheets(plan, wb.sheetnames, str(path)))
    tampered, moved = unkeyed_problems(snap)
    form.problems.extend(tampered)
    needed = ("kpi", "summary", "competency") if plan.layout.has_competency else ("kpi", "summary")
    if moved or any(key not in snap.values for key in needed):
        return form  # the inputs are not where the layout says: reading them would only add noise
    form.data, form.ratings = _inputs(form, plan, scheme, snap)
    return form


def _inputs(
    form: FormContents, plan: FormPlan, scheme: Scheme, snap: FormSnapshot
) -> tuple[pd.DataFrame, pd.DataFrame]:
    cells = FormCells(str(form.path), plan.names, snap.values)
    data, ratings = [], []
    for slot, person in employees(cells, plan.layout.slots, plan.blank):
        data.extend(kpi_rows(cells, scheme, slot, person))
        if plan.layout.has_competency and plan.form_layout == "1":
            ratings.extend(rating_rows_v1(cells, scheme, plan.layout, slot, person[0]))
        elif plan.layout.has_competency:
            lang = str(form.meta.get("lang") or "zh")
            ratings.extend(rating_rows(cells, scheme, plan.layout, slot, person[0], lang))
    form.problems.extend(cells.problems)
    return (
        pd.DataFrame([asdict(r) for r in data], columns=DATA_COLUMNS),
        pd.DataFrame([asdict(r) for r in ratings], columns=RATING_COLUMNS),
    )
