"""The demo's pay: the HR cycle's sales master gets PayBase / Teams, a Pay sheet and a payroll CSV
whose totals reconcile to the cent; the 0.8 offence factor cuts pay, not the grade; the 120 % → 3×
commission and the department pool show; a re-run changes nothing."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from xlperf.cli import main
from xlperf.core.engine import score
from xlperf.demo.cycle import run_cycle
from xlperf.demo.pay import OFFENCE_DEPARTMENT, TEAMS
from xlperf.master.filebook import FileMaster
from xlperf.master.inputs import read_inputs, resolve_scheme
from xlperf.master.outputs.pay import DEPARTMENT_COLUMNS, DETAIL_COLUMNS

CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def cycle(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("demo-pay")
    payroll = out / "payroll.csv"
    written = run_cycle(out / "cycle", lang="zh", size=120, payroll=payroll)
    master = out / "cycle" / "3-master" / "master_sales.xlsx"
    assert master in written and payroll in written
    return master, payroll


def exact(v) -> Decimal:
    return Decimal(repr(float(v or 0))).quantize(CENT)


def payroll_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def pay_tables(master: Path) -> tuple[list[dict], list[dict]]:
    """The Pay sheet's employee rows and department rows, as dicts by column key."""
    rows = list(openpyxl.load_workbook(master)["薪酬"].iter_rows(values_only=True))
    end = rows.index(next(r for r in rows[2:] if r[0] is None))
    people = [dict(zip(DETAIL_COLUMNS, r, strict=False)) for r in rows[2:end]]
    depts = []
    for r in rows[end + 3 :]:
        if r[0] is None:
            break
        depts.append(dict(zip(DEPARTMENT_COLUMNS, r, strict=False)))
    return people, depts


def test_the_sales_master_has_the_pay_input_sheets_and_the_pay_sheet(cycle):
    names = openpyxl.load_workbook(cycle[0]).sheetnames
    assert {"薪酬基数", "团队", "薪酬"} <= set(names)


def test_the_payroll_reconciles_with_the_pay_sheet_to_the_cent(cycle):
    master, payroll = cycle
    people, depts = pay_tables(master)
    rows = payroll_rows(payroll)
    assert sorted(r["employee_id"] for r in rows) == sorted(p["employee_id"] for p in people)
    by_id = {p["employee_id"]: p for p in people}
    for r in rows:
        p = by_id[r["employee_id"]]
        for key in ("bonus_amount", "commission", "pool_share", "total_pay"):
            assert Decimal(r[key]) == exact(p[key]), (r["employee_id"], key)
        parts = Decimal(r["bonus_amount"]) + Decimal(r["commission"]) + Decimal(r["pool_share"])
        assert parts == Decimal(r["total_pay"])
    company = depts[-1]
    assert company["department"] == "全公司"
    assert sum(Decimal(r["total_pay"]) for r in rows) == exact(company["total_pay"])
    assert sum(Decimal(r["bonus_amount"]) for r in rows) == exact(company["bonus_total"])


def test_the_department_pool_is_shared_exactly(cycle):
    master, payroll = cycle
    people, depts = pay_tables(master)
    pooled = [d for d in depts if d["pool"]]
    assert [d["department"] for d in pooled] == [OFFENCE_DEPARTMENT, "全公司"]
    pool = Decimal(repr(TEAMS[OFFENCE_DEPARTMENT][1])).quantize(CENT)
    assert exact(pooled[0]["pool"]) == pool == exact(pooled[0]["pool_shared"])
    shares = [
        Decimal(r["pool_share"])
        for r in payroll_rows(payroll)
        if r["department"] == OFFENCE_DEPARTMENT
    ]
    assert sum(shares) == pool and sum(1 for s in shares if s > 0) > 1


def test_the_offence_cuts_pay_not_the_grade_and_the_3x_commission_shows(cycle):
    master, _ = cycle
    people, _ = pay_tables(master)
    offenders = [p for p in people if p["pay_factor"] == 0.8]
    assert len(offenders) == 1 and offenders[0]["department"] == OFFENCE_DEPARTMENT
    book = FileMaster(master)
    inputs = read_inputs(book)
    adj = inputs.adjustments
    without = adj[adj["kind"] != "pay_factor"]
    plain = score(resolve_scheme(book), inputs.data, inputs.ratings, without).employees.set_index(
        "employee_id"
    )
    assert offenders[0]["grade"] == plain.loc[offenders[0]["employee_id"], "grade"]
    tripled = [p for p in people if p["commission_multiple"] == 3]
    assert tripled and all(
        exact(p["commission"]) == 3 * exact(p["commission_base"]) * exact(p["pay_factor"])
        for p in tripled
    )
    assert all(p["completion"] >= 120 for p in tripled)


def test_a_rerun_of_recalc_changes_no_amount(cycle, tmp_path):
    master, payroll = cycle
    copy = tmp_path / "master.xlsx"
    copy.write_bytes(master.read_bytes())
    again = tmp_path / "payroll.csv"
    assert main(["recalc", str(copy), "--payroll", str(again), "--lang", "zh"]) == 0
    assert again.read_bytes() == payroll.read_bytes()
    assert pay_tables(copy) == pay_tables(master)


def test_the_managers_forms_hold_no_pay_input(cycle):
    forms = sorted((cycle[0].parents[1] / "1-forms" / "sales").glob("*.xlsx"))
    assert forms
    for form in forms:
        wb = openpyxl.load_workbook(form)
        assert not {"薪酬基数", "PayBase", "团队", "Teams", "薪酬", "Pay"} & set(wb.sheetnames)
        cells = {
            v
            for ws in wb
            for row in ws.iter_rows(values_only=True)
            for v in row
            if isinstance(v, str)
        }
        assert not {"绩效奖金基数", "提成基数", "团队奖金池"} & cells, form.name
