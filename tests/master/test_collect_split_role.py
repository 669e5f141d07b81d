"""Per-role forms (issue 14 item 9): ``template --split role`` and collecting a department's forms.

One form per department × role; collect merges several forms of one
department when their employees do not overlap (keyed form id | department |
roles); an employee in two forms rejects both, naming both files, exit 3,
and a run with only those forms writes no master.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from xlperf.cli import main
from xlperf.core.scheme import load_scheme, shipped_schemes
from xlperf.demo.data import make_company
from xlperf.master.collect import collect_forms
from xlperf.master.cycle import fill_form
from xlperf.templates.builder import build_forms
from xlperf.templates.reader import read_meta

SALES_FILE = shipped_schemes()["sales"]
SALES = load_scheme(SALES_FILE)


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    """A demo company's sales departments: roster, data, ratings, and a folder."""
    c = make_company(seed=5, size=60)
    depts = [d for d, k in c.department_scheme.items() if k == "sales"]
    roster = c.roster[c.roster["department"].isin(depts)].reset_index(drop=True)
    return roster, c.data["sales"], c.ratings["sales"], tmp_path_factory.mktemp("split")


@pytest.fixture(scope="module")
def split_forms(company):
    roster, data, ratings, folder = company
    forms = build_forms(SALES, roster, folder / "split", "zh", per="department_role")
    return [fill_form(f, SALES, data, ratings, folder / "back" / f.name) for f in forms]


def test_one_form_per_department_and_role_named_with_both(company, split_forms):
    roster = company[0]
    pairs = {
        (d, SALES.resolve_role(r))
        for d, r in zip(roster["department"], roster["role"], strict=True)
    }
    assert len(split_forms) == len(pairs)
    seen = set()
    for path in split_forms:
        meta = read_meta(path)
        roles = set(meta["slots"].strip("[]").replace('"', "").split(", "))
        assert len(roles) == 1 and meta["per"] == "department_role"
        role = roles.pop()
        assert meta["department"] in path.name
        assert SALES.role_by_id[role].name in path.name
        seen.add((meta["department"], role))
    assert seen == pairs
    assert len({read_meta(p)["template_id"] for p in split_forms}) == len(split_forms)


def test_collect_merges_a_departments_role_forms(company, split_forms, tmp_path):
    roster = company[0]
    out = tmp_path / "master.xlsx"
    rep = collect_forms(split_forms, SALES_FILE, out, "en")
    assert [e.status for e in rep.entries] == ["accepted"] * len(split_forms)
    ws = openpyxl.load_workbook(out, read_only=True)["Data"]
    ids = {r[0] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert ids == set(roster["employee_id"])


def test_collect_in_two_runs_keeps_the_first_forms(company, split_forms, tmp_path):
    out = tmp_path / "master.xlsx"
    half = len(split_forms) // 2
    collect_forms(split_forms[:half], SALES_FILE, out, "en")
    rep = collect_forms(split_forms[half:], SALES_FILE, out, "en")
    assert all(e.status == "accepted" for e in rep.entries)
    ws = openpyxl.load_workbook(out, read_only=True)["Data"]
    ids = {r[0] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert ids == set(company[0]["employee_id"])


def test_an_employee_in_two_forms_rejects_both_naming_both_files(company, split_forms, capsys):
    roster, data, ratings, folder = company
    whole = build_forms(SALES, roster, folder / "whole", "zh")
    dept_form = fill_form(whole[0], SALES, data, ratings, folder / "whole-back" / whole[0].name)
    dept = read_meta(dept_form)["department"]
    role_form = next(p for p in split_forms if read_meta(p)["department"] == dept)
    out = folder / "overlap-master.xlsx"
    rc = main(
        ["collect", str(dept_form), str(role_form), "--scheme", str(SALES_FILE), "--out", str(out)]
    )
    assert rc == 3
    assert not out.exists()  # nothing written
    rep = collect_forms([dept_form, role_form], SALES_FILE, folder / "again.xlsx", "en")
    assert [e.status for e in rep.entries] == ["rejected", "rejected"]
    for entry, other in ((rep.entries[0], role_form), (rep.entries[1], dept_form)):
        clash = [p for p in entry.problems if p.code == "COLLECT_EMPLOYEE_IN_TWO_FORMS"]
        assert clash and clash[0].where.file == str(entry.path)
        assert other.name in clash[0].message


def test_split_role_on_the_command_line(company, tmp_path, capsys):
    roster = company[0]
    csv = tmp_path / "roster.csv"
    roster.to_csv(csv, index=False, encoding="utf-8-sig")
    args = ["template", "--scheme", str(SALES_FILE), "--roster", str(csv), "--out"]
    assert main([*args, str(tmp_path / "a"), "--split", "role"]) == 0
    names = sorted(p.name for p in (tmp_path / "a").glob("*.xlsx"))
    assert len(names) > len(set(roster["department"])) and all(n.count("_") == 2 for n in names)
    assert main([*args, str(tmp_path / "b"), "--per", "role", "--split", "role"]) == 2
    assert not list((tmp_path / "b").glob("*.xlsx"))


def test_default_stays_one_form_per_department(company, tmp_path):
    roster = company[0]
    forms = build_forms(SALES, roster, tmp_path / "d", "zh")
    assert sorted(Path(p).stem.split("_", 1)[1] for p in forms) == sorted(set(roster["department"]))
