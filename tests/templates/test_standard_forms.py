"""workbooks/forms/ holds exactly what the current code generates from the current schemes.

Compared cell by cell (values and formulas, number formats, protection),
data validations and sheet protection. On a mismatch, regenerate with
``python -m xlperf.templates.standard`` if the change is intended.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from xlperf.templates.standard import DEFAULT_DIR, write_standard_forms

REGENERATE = "regenerate with: python -m xlperf.templates.standard"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("standard")
    write_standard_forms(out)
    return out


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.xlsx"))


def _validations(ws) -> list[tuple]:
    return sorted(
        (
            str(dv.sqref),
            dv.type,
            dv.operator,
            dv.formula1,
            dv.formula2,
            dv.prompt,
            dv.error,
            dv.allow_blank,
            dv.showErrorMessage,
        )
        for dv in ws.data_validations.dataValidation
    )


def _protection(ws) -> tuple:
    p = ws.protection
    return (
        p.sheet,
        p.selectLockedCells,
        p.selectUnlockedCells,
        p.formatColumns,
        p.formatRows,
        p.insertRows,
        p.deleteRows,
        ws.sheet_state,
    )


def compare(shipped: Path, fresh: Path) -> list[str]:
    """Differences between two workbooks, each naming sheet and cell."""
    a, b = openpyxl.load_workbook(shipped), openpyxl.load_workbook(fresh)
    out: list[str] = []
    if a.sheetnames != b.sheetnames:
        return [f"sheets differ: {a.sheetnames} vs {b.sheetnames}"]
    for ws_a, ws_b in zip(a.worksheets, b.worksheets, strict=True):
        if _protection(ws_a) != _protection(ws_b):
            out.append(f"{ws_a.title}: sheet protection differs")
        if _validations(ws_a) != _validations(ws_b):
            out.append(f"{ws_a.title}: data validations differ")
        rows = max(ws_a.max_row, ws_b.max_row)
        cols = max(ws_a.max_column, ws_b.max_column)
        for r in range(1, rows + 1):
            for c in range(1, cols + 1):
                x, y = ws_a.cell(r, c), ws_b.cell(r, c)
                if x.value != y.value:
                    out.append(
                        f"{ws_a.title}!{x.coordinate}: shipped {x.value!r}, generated {y.value!r}"
                    )
                elif x.protection.locked != y.protection.locked:
                    out.append(
                        f"{ws_a.title}!{x.coordinate}: locked {x.protection.locked} vs {y.protection.locked}"
                    )
                elif x.number_format != y.number_format:
                    out.append(
                        f"{ws_a.title}!{x.coordinate}: number format {x.number_format!r} vs {y.number_format!r}"
                    )
    if sorted(a.defined_names) != sorted(b.defined_names):
        out.append("defined names differ")
    return out


def test_the_same_files(fresh):
    assert _files(DEFAULT_DIR) == _files(fresh), REGENERATE
    assert _files(fresh), "no standard forms generated"


@pytest.mark.parametrize("name", _files(DEFAULT_DIR) or ["(none shipped)"])
def test_each_shipped_form_is_current(fresh, name):
    shipped = DEFAULT_DIR / name
    assert shipped.is_file(), REGENERATE
    diffs = compare(shipped, fresh / name)
    assert not diffs, f"{name} is stale ({len(diffs)} differences; {REGENERATE}):\n" + "\n".join(
        diffs[:15]
    )


def test_the_comparison_names_a_changed_cell(fresh, tmp_path):
    name = _files(fresh)[0]
    wb = openpyxl.load_workbook(fresh / name)
    wb.worksheets[1]["I5"] = 99
    wb.save(tmp_path / "changed.xlsx")
    diffs = compare(tmp_path / "changed.xlsx", fresh / name)
    assert diffs == [
        f"{wb.worksheets[1].title}!I5: shipped 99, generated {openpyxl.load_workbook(fresh / name).worksheets[1]['I5'].value!r}"
    ]
