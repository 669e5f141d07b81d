"""The KPI inputs of a returned form, in the engine's Data interchange columns.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates import layout as L
    >>> from xlperf.templates.reader.cells import FormCells
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> lay = L.plan(s, ["sales_rep"])
    >>> cells = FormCells("f.xlsx", {"kpi": "KPI", "summary": "Summary"},
    ...                   {"summary": {"A5": "E1", "B5": "甲", "C5": "华东"}, "kpi": {"L5": 90}})
    >>> rows = kpi_rows(cells, s, lay.slots[0], ("E1", "甲", "华东"))
    >>> rows[0].indicator, rows[0].actual, rows[0].weight
    ('SALES_REV', 90.0, 40.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xlperf.core.contract import input_faults, needs_baseline, needs_target
from xlperf.core.contract.validity import MISSING_CODES
from xlperf.core.scheme import Scheme
from xlperf.templates import layout as L
from xlperf.templates.reader.cells import FormCells

_MISSING = {
    "actual": "DATA_MISSING_ACTUAL",
    "target": "DATA_MISSING_TARGET",
    "baseline": "DATA_MISSING_BASELINE",
}
_COLUMN = {"actual": L.K_ACTUAL, "target": L.K_TARGET, "baseline": L.K_BASELINE}


@dataclass(frozen=True)
class DataRow:
    """One employee × indicator, as the engine's Data table holds it."""

    employee_id: str
    name: str
    department: str
    role: str
    indicator: str
    actual: float
    target: float
    baseline: float
    weight: float


def employees(
    cells: FormCells, slots: tuple[L.Slot, ...], blank: bool
) -> list[tuple[L.Slot, tuple[str, str, str]]]:
    """The slots to read, with (id, name, department) from the summary sheet; bad ids reported."""
    seen: dict[str, int] = {}
    out = []
    for slot in slots:
        r = slot.summary_row
        eid, name, dept = (cells.text("summary", f"{c}{r}") for c in (L.S_ID, L.S_NAME, L.S_DEPT))
        if blank and eid == "":
            continue
        at = ("summary", f"{L.S_ID}{r}", "employee_id")
        if eid in seen:
            cells.add("FORM_DUPLICATE_EMPLOYEE", at, employee=eid, first=seen[eid])
            continue
        seen[eid] = r
        if eid == "":
            cells.add("DATA_EMPTY_ID", at)
            continue
        if dept == "":
            cells.add(
                "DATA_EMPTY_DEPARTMENT", ("summary", f"{L.S_DEPT}{r}", "department"), employee=eid
            )
        out.append((slot, (eid, name, dept)))
    return out


def kpi_rows(
    cells: FormCells, scheme: Scheme, slot: L.Slot, person: tuple[str, str, str]
) -> list[DataRow]:
    """One Data row per indicator of the employee in ``slot``; missing and invalid inputs reported."""
    eid, name, dept = person
    role = scheme.role_by_id[slot.role]
    out = []
    for row, code, _ in slot.kpi_rows:
        rule = scheme.rule(code)
        weight = float(next(ri.weight for ri in role.indicators if ri.code == code))
        target = scheme.default_target(slot.role, code)
        typed = {
            "actual": True,
            "target": needs_target(rule) and target is None,
            "baseline": needs_baseline(rule),
        }
        nums = {
            "actual": np.nan,
            "target": np.nan if target is None else float(target),
            "baseline": np.nan,
        }
        for column, read in typed.items():
            if read:
                nums[column] = _typed(cells, (row, code, column), eid)
        _faults(cells, rule, (row, code, eid), nums)
        out.append(
            DataRow(
                eid,
                name,
                dept,
                slot.role,
                code,
                nums["actual"],
                nums["target"],
                nums["baseline"],
                weight,
            )
        )
    return out


def _typed(cells: FormCells, at: tuple[int, str, str], eid: str) -> float:
    """A number the manager typed; an empty cell is reported as missing."""
    row, code, column = at
    cell = f"{_COLUMN[column]}{row}"
    before = len(cells.problems)
    x = cells.number("kpi", cell, column)
    if len(cells.problems) == before and np.isnan(x):
        cells.add(_MISSING[column], ("kpi", cell, column), employee=eid, indicator=code)
    return x


def _faults(
    cells: FormCells, rule: object, at: tuple[int, str, str], nums: dict[str, float]
) -> None:
    """The contract's validity rules (target ≤ 0, baseline 0, off the scale...) at their cells."""
    row, code, eid = at
    a, t, b = (np.array([nums[k]]) for k in ("actual", "target", "baseline"))
    for fault in input_faults(rule, a, t, b):
        if fault.code in MISSING_CODES.values():
            continue  # reported with its cell when read
        cell = f"{_COLUMN[fault.column]}{row}"
        cells.add(
            fault.code,
            ("kpi", cell, fault.column),
            employee=eid,
            indicator=code,
            value=f"{nums[fault.column]:g}",
            scale=f"{rule.scale_min:g}..{rule.scale_max:g}",
        )
