"""Forms issued before the rater rows (layout 1) still collect; a newer layout is refused.

``tests/data/legacy/`` holds a frozen artifact of the previous release: a form
issued by xlperf 0.1.0 before commit a02486a (one rating column per rater
group; no ``layout`` key in ``_xlperf``), filled and returned, and the cycle
manifest it was issued with. The old builder cannot be run from a fresh clone,
so this copy is the honest migration fixture. The expected ratings are read
here straight from the form's cells with openpyxl, not from the reader.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from xlperf.cli import main
from xlperf.core.scheme import load_scheme, shipped_schemes
from xlperf.master.collect import collect_forms
from xlperf.templates.reader import read_form, read_meta
from xlperf.templates.text import rater_name

DATA = Path(__file__).resolve().parents[1] / "data" / "legacy"
LEGACY_FORM = DATA / "market-2026q1_品牌中心.xlsx"
MANIFEST = DATA / "xlperf-cycle.json"
MARKET_FILE = shipped_schemes()["market"]
MARKET = load_scheme(MARKET_FILE)
STANDARD = Path(__file__).resolve().parents[2] / "workbooks" / "forms" / "market" / "zh"


def _ratings_by_hand(path: Path) -> set[tuple[str, str, str, float]]:
    """(employee, dimension code, rater group, rating) of every typed rating cell."""
    ws = openpyxl.load_workbook(path)["能力评估"]
    dims = {c.name: c.code for c in MARKET.competencies}
    groups = {}
    for cell in ws[4]:
        for code in MARKET.raters:
            if isinstance(cell.value, str) and cell.value.startswith(rater_name(code, "zh")):
                groups[cell.column] = code
    out = set()
    for row in ws.iter_rows(min_row=5):
        if row[0].value is None or row[2].value not in dims:
            continue
        for col, group in groups.items():
            value = row[col - 1].value
            if value is not None:
                out.add((str(row[0].value), dims[row[2].value], group, float(value)))
    return out


def test_the_legacy_form_has_no_layout_key():
    assert "layout" not in read_meta(LEGACY_FORM)


def test_a_legacy_form_reads_with_the_ratings_typed_in_it():
    form = read_form(LEGACY_FORM, MARKET)
    assert form.problems == []
    expected = _ratings_by_hand(LEGACY_FORM)
    assert len(expected) == 6 * 5 * 3  # six employees, five dimensions, three rater groups
    got = {
        (r.employee_id, r.dimension, r.rater, float(r.rating)) for r in form.ratings.itertuples()
    }
    assert got == expected and len(form.ratings) == len(expected)
    assert set(form.ratings["rater_name"]) == {""}


def test_collect_accepts_the_legacy_form_against_its_manifest(tmp_path):
    forms = tmp_path / "returned"
    forms.mkdir()
    shutil.copy(LEGACY_FORM, forms / LEGACY_FORM.name)
    rep = collect_forms([forms], MARKET_FILE, tmp_path / "m.xlsx", cycle=MANIFEST)
    assert [e.status for e in rep.entries] == ["accepted"], [
        str(p) for e in rep.entries for p in e.problems
    ]
    assert (tmp_path / "m.xlsx").exists()


def test_forms_built_today_record_layout_2():
    form = next(STANDARD.glob("*.xlsx"))
    assert read_meta(form)["layout"] == "2"


def _with_layout(src: Path, dest: Path, layout: str) -> int:
    """Copy ``src`` to ``dest`` with ``_xlperf``'s layout set; returns the key's row."""
    wb = openpyxl.load_workbook(src)
    ws = wb["_xlperf"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "layout")
    ws.cell(row, 2).value = layout
    wb.save(dest)
    return row


@pytest.mark.parametrize("layout", ["3", "10"])
def test_a_newer_layout_is_refused_at_its_meta_cell(tmp_path, layout):
    dest = tmp_path / "newer.xlsx"
    row = _with_layout(next(STANDARD.glob("*.xlsx")), dest, layout)
    problems = read_form(dest, MARKET).problems
    assert [p.code for p in problems] == ["FORM_LAYOUT_NEWER"]
    assert (problems[0].where.sheet, problems[0].where.cell) == ("_xlperf", f"B{row}")
    assert "xlperf" in str(problems[0]) and layout in str(problems[0])


def test_collecting_a_newer_layout_exits_3(tmp_path, capsys):
    forms = tmp_path / "returned"
    forms.mkdir()
    _with_layout(next(STANDARD.glob("*.xlsx")), forms / "newer.xlsx", "3")
    args = ["collect", str(forms), "--scheme", str(MARKET_FILE), "--out", str(tmp_path / "m.xlsx")]
    assert main(args) == 3
    assert "FORM_LAYOUT_NEWER" in capsys.readouterr().out + (
        tmp_path / "m.collect-report.csv"
    ).read_text(encoding="utf-8-sig")
    assert not (tmp_path / "m.xlsx").exists()
