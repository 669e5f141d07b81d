"""collect: accepted vs rejected forms, tamper cases named by cell, duplicates, the master it writes."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest

from xlperf.cli import main
from xlperf.core.scheme import load_scheme, shipped_schemes
from xlperf.demo.data import make_company
from xlperf.master.collect import collect_forms
from xlperf.master.cycle import fill_form
from xlperf.templates.builder import build_forms

SALES_FILE = shipped_schemes()["sales"]
SALES = load_scheme(SALES_FILE)


@pytest.fixture(scope="module")
def returned(tmp_path_factory) -> list[Path]:
    """Filled sales forms of a small demo company (one per department)."""
    folder = tmp_path_factory.mktemp("collect")
    c = make_company(seed=5, size=60)
    depts = [d for d, k in c.department_scheme.items() if k == "sales"]
    roster = c.roster[c.roster["department"].isin(depts)]
    forms = build_forms(SALES, roster, folder / "forms", "zh")
    return [
        fill_form(f, SALES, c.data["sales"], c.ratings["sales"], folder / "returned" / f.name)
        for f in forms
    ]


def _copy(src: Path, tmp_path: Path, change=None) -> Path:
    out = tmp_path / "in" / src.name
    out.parent.mkdir(exist_ok=True)
    if change is None:
        shutil.copy(src, out)
        return out
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(out)
    return out


def test_good_forms_are_merged_with_sources(returned, tmp_path: Path) -> None:
    out = tmp_path / "master.xlsx"
    rep = collect_forms([returned[0].parent], SALES_FILE, out, "en")
    assert [e.status for e in rep.entries] == ["accepted"] * len(returned)
    wb = openpyxl.load_workbook(out)
    assert {"Data", "Ratings", "Adjustments", "Sources", "_xlperf"} <= set(wb.sheetnames)
    src = list(wb["Sources"].iter_rows(values_only=True))
    assert len(src) == len(returned) + 1 and all(r[5] and r[8] == "current" for r in src[1:])
    assert (
        main(["recalc", str(out), "--lang", "en"]) == 0
    )  # the master recalculates with its stored scheme


KPI, COMP = "KPI考核", "能力评估"


@pytest.mark.parametrize(
    ("what", "sheet", "cell", "value"),
    [
        ("weight", KPI, "I5", 50),
        ("target", KPI, "J6", 0.05),
        ("formula", KPI, "M5", "=100"),
        ("label", KPI, "F5", "销售额"),
    ],
)
def test_tampered_form_is_rejected_with_the_cell(
    returned, tmp_path: Path, what, sheet, cell, value
) -> None:
    bad = _copy(returned[0], tmp_path, lambda wb: wb[sheet].__setitem__(cell, value))
    good = _copy(returned[1], tmp_path)
    out = tmp_path / "master.xlsx"
    rep = collect_forms([bad, good], SALES_FILE, out, "en")
    assert [e.status for e in rep.entries] == ["rejected", "accepted"]
    assert any(p.where.sheet == sheet and p.where.cell == cell for p in rep.entries[0].problems), (
        what
    )
    rows = list(csv.reader(open(rep.report, encoding="utf-8-sig")))
    assert any(r[1] == "rejected" and r[4] == cell for r in rows)
    ids = {r[0] for r in openpyxl.load_workbook(out)["Data"].iter_rows(min_row=2, values_only=True)}
    from xlperf.templates.reader import read_form

    bad_ids = set(read_form(returned[0], SALES).data["employee_id"])
    assert bad_ids and not ids & bad_ids  # rejected never reach the master


def test_deleted_row_and_renamed_sheet_are_rejected(returned, tmp_path: Path) -> None:
    a = _copy(returned[0], tmp_path, lambda wb: wb[KPI].delete_rows(7))
    rep = collect_forms([a], SALES_FILE, tmp_path / "m1.xlsx", "en")
    assert rep.entries[0].status == "rejected" and rep.master is None
    assert any(p.where.cell and p.where.cell.endswith("7") for p in rep.entries[0].problems)
    b = _copy(returned[1], tmp_path, lambda wb: setattr(wb[COMP], "title", "能力"))
    rep = collect_forms([b], SALES_FILE, tmp_path / "m2.xlsx", "en")
    assert rep.entries[0].status == "rejected" and not (tmp_path / "m2.xlsx").exists()


def test_incomplete_form_is_rejected(returned, tmp_path: Path) -> None:
    a = _copy(returned[0], tmp_path, lambda wb: wb[KPI].__setitem__("L5", None))
    rep = collect_forms([a], SALES_FILE, tmp_path / "m.xlsx", "en")
    assert rep.entries[0].status == "rejected"
    assert any(p.where.cell == "L5" for p in rep.entries[0].problems)


def test_same_form_twice_and_two_forms_for_one_department(returned, tmp_path: Path, capsys) -> None:
    copy = tmp_path / "copy.xlsx"
    shutil.copy(returned[0], copy)
    resaved = _copy(returned[0], tmp_path, lambda wb: None)  # same department, different bytes
    out = tmp_path / "master.xlsx"
    rc = main(
        [
            "collect",
            str(returned[0]),
            str(copy),
            str(resaved),
            "--scheme",
            str(SALES_FILE),
            "--out",
            str(out),
            "--lang",
            "en",
        ]
    )
    assert rc == 3
    text = capsys.readouterr().out
    assert text.count("the same form as") == 2  # the identical copy and the re-saved one
    rows = list(openpyxl.load_workbook(out)["Data"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len({(r[0], r[4]) for r in rows})  # nothing merged twice
