"""Invariants of the keyed check, on a sealed form's snapshot (no workbook I/O per example).

- any change to any listed locked cell is rejected, and the problem names that cell;
- deleting or inserting rows anywhere in the KPI sheet gives exactly one problem, at the row,
  from the keyed check and from the unkeyed one alike.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from form_fill import roster_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xlperf
from xlperf.templates import layout as L
from xlperf.templates import manifest as mf
from xlperf.templates.builder import build_forms
from xlperf.templates.metadata import normalize
from xlperf.templates.reader import read_snapshot, unkeyed_problems
from xlperf.templates.reader.records import FormSnapshot
from xlperf.templates.verify import verify_snapshot

SALES = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def sealed(tmp_path_factory) -> tuple[FormSnapshot, mf.CycleManifest]:
    folder = tmp_path_factory.mktemp("sealed")
    (form, _) = build_forms(SALES, roster_for(SALES, per_role=2), folder, cycle=True)
    return read_snapshot(form), mf.load_manifest(folder / mf.MANIFEST_NAME)


def _with_values(snap: FormSnapshot, values: dict) -> FormSnapshot:
    return dataclasses.replace(snap, values=values)


def test_the_untouched_snapshot_verifies(sealed):
    snap, manifest = sealed
    assert verify_snapshot(snap, manifest) == []


@SETTINGS
@given(data=st.data())
def test_any_changed_locked_cell_is_rejected_at_that_cell(sealed, data):
    snap, manifest = sealed
    item = data.draw(st.sampled_from(snap.listed))
    old = snap.values[item.sheet_key][item.cell]
    new = data.draw(
        st.one_of(
            st.none(),
            st.integers(-(10**6), 10**6),
            st.floats(allow_nan=False, allow_infinity=False),
            st.text(max_size=12),
        )
    )
    if normalize(new) == normalize(old):
        return
    values = {k: dict(v) for k, v in snap.values.items()}
    values[item.sheet_key][item.cell] = new
    problems = verify_snapshot(_with_values(snap, values), manifest)
    sheet = snap.names[item.sheet_key]
    assert problems and all(p.severity == "error" for p in problems)
    assert [(p.where.sheet, p.where.cell) for p in problems] == [(sheet, item.cell)], [
        str(p) for p in problems
    ]
    assert problems[0].code in ("FORM_LOCKED_CHANGED", "FORM_SLOT_MOVED")


_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def _shifted(values: dict[str, object], row: int, count: int, deleted: bool) -> dict[str, object]:
    """The KPI sheet's values after deleting (or inserting) ``count`` rows at ``row``."""
    out = {}
    for cell, v in values.items():
        col, r = _CELL.match(cell).groups()
        r = int(r)
        if r < row:
            out[cell] = v
        elif deleted and r >= row + count:
            out[f"{col}{r - count}"] = v
        elif not deleted:
            out[f"{col}{r + count}"] = v
    return out


@SETTINGS
@given(data=st.data())
def test_deleted_or_inserted_rows_are_one_problem_at_the_row(sealed, data):
    snap, manifest = sealed
    last = max(int(_CELL.match(c).group(2)) for c in snap.values["kpi"])
    deleted = data.draw(st.booleans())
    count = data.draw(st.integers(1, 3))
    row = data.draw(st.integers(L.FIRST_ROW, last - count - 5))
    values = {**snap.values, "kpi": _shifted(snap.values["kpi"], row, count, deleted)}
    changed = _with_values(snap, values)
    code = "FORM_ROWS_DELETED" if deleted else "FORM_ROWS_INSERTED"
    keyed = verify_snapshot(changed, manifest)
    unkeyed, moved = unkeyed_problems(changed)
    for problems in (keyed, unkeyed):
        assert [(p.code, p.where.cell) for p in problems] == [(code, f"A{row}")], [
            str(p) for p in problems
        ]
        assert f"{count} row(s)" in problems[0].message
    assert moved
