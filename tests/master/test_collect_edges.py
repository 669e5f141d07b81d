"""collect at its edges: an employee in two forms (both files and cells named), a form returned
again (whose return it replaces, and when), a master whose Data was edited by hand."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from xlperf.cli import main
from xlperf.core.scheme import load_scheme, shipped_schemes
from xlperf.master.collect import collect_forms
from xlperf.master.cycle import fill_form
from xlperf.templates import layout as L
from xlperf.templates.builder import build_forms

SALES_FILE = shipped_schemes()["sales"]
SALES = load_scheme(SALES_FILE)
SUMMARY = "汇总"


@pytest.fixture(scope="module")
def returned(tmp_path_factory, company) -> list[Path]:
    folder = tmp_path_factory.mktemp("edges")
    depts = [d for d, k in company.department_scheme.items() if k == "sales"]
    roster = company.roster[company.roster["department"].isin(depts)]
    forms = build_forms(SALES, roster, folder / "forms", "zh")
    return [
        fill_form(
            f, SALES, company.data["sales"], company.ratings["sales"], folder / "returned" / f.name
        )
        for f in forms[:2]
    ]


def collect(*args: object) -> int:
    return main(["collect", *map(str, args), "--scheme", str(SALES_FILE), "--lang", "en"])


def _typed_blank(
    company, folder: Path, employee: str, row_offset: int, dept: str | None = None
) -> Path:
    """A blank per-role form in which a manager typed ``employee`` in the ``row_offset``-th row
    (with ``dept``, another department's manager claims the employee)."""
    row = company.roster[company.roster["employee_id"] == employee].iloc[0]
    blanks = build_forms(SALES, None, folder / "blank", "zh")

    def meta_of(form: Path) -> dict:
        wb = openpyxl.load_workbook(form)
        return dict(wb[L.META_SHEET].iter_rows(values_only=True, max_col=2))

    blank = next(f for f in blanks if json.loads(meta_of(f)["slots"])[0] == row["role"])
    wb = openpyxl.load_workbook(blank)
    summary = wb[SUMMARY]
    r = L.FIRST_ROW + row_offset
    summary[f"{L.S_ID}{r}"], summary[f"{L.S_NAME}{r}"] = employee, row["name"]
    summary[f"{L.S_DEPT}{r}"] = dept or row["department"]
    typed = folder / "typed.xlsx"
    wb.save(typed)
    sales = (company.data["sales"], company.ratings["sales"])
    return fill_form(typed, SALES, *sales, folder / f"{folder.name}.xlsx")


def test_an_employee_in_two_forms_names_both_files_and_cells(company, tmp_path):
    employee = company.roster[company.roster["department"] == "销售一部"]["employee_id"].iloc[0]
    a = _typed_blank(company, tmp_path / "a", employee, 0)
    b = _typed_blank(company, tmp_path / "b", employee, 2, dept="销售二部")
    rep = collect_forms([a, b], SALES_FILE, tmp_path / "master.xlsx", "en")
    assert [e.status for e in rep.entries] == ["rejected", "rejected"]
    (pa,) = [p for p in rep.entries[0].problems if p.code == "COLLECT_EMPLOYEE_IN_TWO_FORMS"]
    (pb,) = [p for p in rep.entries[1].problems if p.code == "COLLECT_EMPLOYEE_IN_TWO_FORMS"]
    assert (pa.where.file, pa.where.sheet, pa.where.cell) == (str(a), SUMMARY, "A5")
    assert (pb.where.file, pb.where.sheet, pb.where.cell) == (str(b), SUMMARY, "A7")
    assert f"is also in {b.name} ({SUMMARY}!A7)" in pa.message
    assert f"is also in {a.name} ({SUMMARY}!A5)" in pb.message
    assert not (tmp_path / "master.xlsx").exists()


def test_a_form_returned_again_says_whose_return_it_replaces_and_when(returned, tmp_path, capsys):
    master = tmp_path / "master.xlsx"
    assert collect(returned[0], returned[1], "--out", master) == 0
    again = tmp_path / "again" / returned[0].name
    again.parent.mkdir()
    openpyxl.load_workbook(returned[0]).save(again)
    capsys.readouterr()
    assert collect(again, "--out", master) == 0
    out = capsys.readouterr().out
    said = re.search(r"replaces the return of (\S+) collected (\S+)", out)
    assert said and said.group(1) == str(returned[0]), out
    assert re.match(r"\d{4}-\d\d-\d\d", said.group(2)), out
    rows = (master.with_name("master.collect-report.csv")).read_text(encoding="utf-8-sig")
    assert f"replaces the return of {returned[0]} collected {said.group(2)}" in rows


def _edit_data(master: Path, change) -> None:
    wb = openpyxl.load_workbook(master)
    change(wb["Data"])
    wb.save(master)


@pytest.mark.parametrize(
    ("what", "change", "code", "words"),
    [
        (
            "a duplicated row",
            lambda ws: ws.append([c.value for c in ws[2]]),
            "MASTER_DUPLICATE_ROW",
            "is in the master twice (first at row 2)",
        ),
        (
            "a deleted column",
            lambda ws: ws.delete_cols(5),
            "MASTER_COLUMN_MISSING",
            "the master's Data sheet has no",
        ),
    ],
)
def test_a_master_whose_data_was_edited_by_hand_is_refused(
    returned, tmp_path, capsys, what, change, code, words
):
    master = tmp_path / "master.xlsx"
    assert collect(returned[0], "--out", master) == 0
    _edit_data(master, change)
    before = master.read_bytes()
    folder = sorted(p.name for p in tmp_path.iterdir())
    capsys.readouterr()
    assert collect(returned[1], "--out", master) == 3, what
    err = capsys.readouterr().err
    assert f"{master}: " in err and words in err and "Traceback" not in err, err
    assert master.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == folder  # no report, no backup, nothing


def test_out_in_a_read_only_folder_writes_nothing(returned, tmp_path, capsys):
    import os

    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders (see test_full_disk for a read-only mount)")
    folder = tmp_path / "ro"
    folder.mkdir()
    master = folder / "master.xlsx"
    shutil.copy(returned[0], folder / "keep.txt")
    folder.chmod(0o555)
    try:
        assert collect(returned[0], "--out", master) == 3
        assert "permission" in capsys.readouterr().err.lower()
        assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]
    finally:
        folder.chmod(0o755)
