"""Pay through the command line and the master: ``score --pay --teams --payroll``, ``recalc
--payroll`` on a master with PayBase / Teams sheets, the Pay sheet cell by cell on a hand-computed
four-person case, the Dashboard's over-budget line, bad input → exit 3 (or 2) with nothing written,
and a re-run that changes nothing."""

from __future__ import annotations

import csv
import hashlib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from builders import scheme_dict, scores_table

from xlperf.cli import main
from xlperf.master.build import write_master
from xlperf.master.filebook import FileMaster
from xlperf.master.outputs.dashboard import PAY_LINE
from xlperf.master.recalc import recalc_book
from xlperf.master.writer import commit_master

BONUS = {"A": 1.5, "B": 1.2, "C": 1.0, "D": 0.5}
TIERS = [{"min": 0, "multiple": 0}, {"min": 80, "multiple": 0.8}, {"min": 100, "multiple": 1},
         {"min": 120, "multiple": 3}]  # fmt: skip
SCORES = {"E1": 120, "E2": 105, "E3": 90, "E4": 60}  # grades A, B, C, D (no forced distribution)
DEPTS = {"E1": "S1", "E2": "S1", "E3": "S2", "E4": "S2"}
PAY_ROWS = [("E1", 10000, 2000), ("E2", 8000.5, 2000), ("E3", 6000, None), ("E4", 5000, 1000)]
TEAM_ROWS = [("S1", 1.1, 1000), ("S2", None, None)]
ADJ_ROWS = [("E2", "处分系数", 0.8, "记过一次")]  # a pay factor: cuts pay, not the grade

#: by hand, per employee: bonus = base × grade factor × C × P; commission = base × tier × P;
#: the S1 pool 1000 split by w = base × factor × P: E1 15000, E2 8000.5 × 1.2 × 0.8 = 7680.48
#: → 1000 × 15000 / 22680.48 = 661.362… and 338.637…, to the cent by largest remainder
EXPECTED = {
    #      grade, bonus,     commission, pool share, total
    "E1": (
        "A",
        "16500.00",
        "6000.00",
        "661.36",
        "23161.36",
    ),  # 10000 × 1.5 × 1.1; 2000 × 3 at 120 %
    "E2": ("B", "8448.53", "1600.00", "338.64", "10387.17"),  # 8000.5 × 1.2 × 1.1 × 0.8 = 8448.528
    "E3": ("C", "6000.00", "0.00", "0.00", "6000.00"),  # S2: C = 1; no commission base
    "E4": ("D", "2500.00", "0.00", "0.00", "2500.00"),  # 5000 × 0.5; 60 % reaches the 0 × tier
}


def scheme_text(budget: float = 100000) -> str:
    pay = {
        "rounding": 0.01,
        "bonus": {"team_coefficient": True, "cap_multiple": 3, "budget": budget},
        "commission": {"indicator": "X", "mode": "multiple", "tiers": TIERS},
        "pool": {"split": "bonus_weight"},
    }
    raw = scheme_dict(
        indicators=[{"code": "X", "name": "指标X", "method": "ratio"}],
        roles=[{"id": "r", "name": "岗位", "indicators": [{"code": "X", "weight": 100}]}],
        bonus=BONUS,
        pay=pay,
    )
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)


def frames(pay_rows=PAY_ROWS) -> dict[str, pd.DataFrame]:
    return {
        "data": scores_table(SCORES, DEPTS),
        "pay": pd.DataFrame(pay_rows, columns=["工号", "绩效奖金基数", "提成基数"]),
        "teams": pd.DataFrame(TEAM_ROWS, columns=["部门", "团队系数", "团队奖金池"]),
        "adjustments": pd.DataFrame(ADJ_ROWS, columns=["employee_id", "kind", "value", "reason"]),
    }


def inputs(tmp_path: Path, pay_rows=PAY_ROWS, budget: float = 100000) -> dict[str, Path]:
    paths = {"scheme": tmp_path / "scheme.yaml"}
    paths["scheme"].write_text(scheme_text(budget), encoding="utf-8")
    for kind, frame in frames(pay_rows).items():
        paths[kind] = tmp_path / f"{kind}.csv"
        frame.to_csv(paths[kind], index=False, encoding="utf-8-sig")
    return paths


def cli(*args: object, lang: str = "en") -> int:
    return main([*(str(a) for a in args), "--lang", lang])


def score_args(p: dict[str, Path], out: Path, *extra: object) -> list[object]:
    return ["score", "--scheme", p["scheme"], "--data", p["data"], "--adjustments", p["adjustments"],
            "--out", out, *extra]  # fmt: skip


def payroll_rows(path: Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {r["employee_id"]: r for r in csv.DictReader(fh)}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- score ----------------------------------------------------------------------------------------


def test_score_with_pay_teams_and_payroll_writes_the_amounts_by_hand(tmp_path):
    p = inputs(tmp_path)
    out, payroll = tmp_path / "results.csv", tmp_path / "payroll.csv"
    args = score_args(p, out, "--pay", p["pay"], "--teams", p["teams"], "--payroll", payroll)
    assert cli(*args) == 0
    rows = payroll_rows(payroll)
    assert list(rows) == ["E1", "E2", "E3", "E4"]
    assert list(next(iter(rows.values()))) == ["employee_id", "name", "department", "bonus_amount",
                                               "commission", "pool_share", "total_pay"]  # fmt: skip
    for emp, (_, bonus, commission, share, total) in EXPECTED.items():
        r = rows[emp]
        assert [r["bonus_amount"], r["commission"], r["pool_share"], r["total_pay"]] == [
            bonus,
            commission,
            share,
            total,
        ]
    results = pd.read_csv(out, dtype=str).set_index("employee_id")
    assert results.loc["E2", "grade"] == "B"  # the 0.8 offence factor leaves the grade alone
    assert results.loc["E1", "total_pay"] == "23161.36"


def test_a_scheme_with_pay_and_no_pay_table_computes_no_pay(tmp_path):
    p = inputs(tmp_path)
    out = tmp_path / "results.csv"
    assert cli(*score_args(p, out)) == 0
    assert "total_pay" not in pd.read_csv(out).columns


def test_payroll_without_a_pay_table_is_a_located_usage_error_and_nothing_is_written(
    tmp_path, capsys
):
    p = inputs(tmp_path)
    out, payroll = tmp_path / "results.csv", tmp_path / "payroll.csv"
    assert cli(*score_args(p, out, "--payroll", payroll)) == 2
    err = capsys.readouterr().err
    assert "payroll.csv" in err and "no pay was computed" in err
    assert not out.exists() and not payroll.exists()


def test_payroll_must_be_a_csv(tmp_path):
    p = inputs(tmp_path)
    out = tmp_path / "results.csv"
    assert cli(*score_args(p, out, "--pay", p["pay"], "--payroll", tmp_path / "payroll.xlsx")) == 2
    assert not out.exists()


@pytest.mark.parametrize(
    ("pay_rows", "code_text"),
    [
        ([("E1", -1, 2000), *PAY_ROWS[1:]], "must be ≥ 0"),  # a negative base
        (
            [*PAY_ROWS, ("E9", 1000, None)],
            "'E9' is not in the data",
        ),  # a pay row for an unknown employee
        ([("E1", None, 2000), *PAY_ROWS[1:]], "bonus base of E1 is missing"),
    ],
)
def test_bad_pay_input_exits_3_and_writes_nothing(tmp_path, capsys, pay_rows, code_text):
    p = inputs(tmp_path, pay_rows)
    out, payroll = tmp_path / "results.xlsx", tmp_path / "payroll.csv"
    args = score_args(p, out, "--pay", p["pay"], "--teams", p["teams"], "--payroll", payroll)
    assert cli(*args) == 3
    err = capsys.readouterr().err
    assert code_text in err and "pay.csv" in err
    assert not out.exists() and not payroll.exists()


# -- the master -----------------------------------------------------------------------------------


def pay_master(tmp_path: Path, budget: float = 100000, lang: str = "zh") -> Path:
    f = frames()
    path = write_master(
        tmp_path / "master.xlsx", scheme_text(budget), f["data"], None, f["adjustments"], lang
    )
    book = FileMaster(path)
    for name, frame in (("薪酬基数" if lang == "zh" else "PayBase", f["pay"]),
                        ("团队" if lang == "zh" else "Teams", f["teams"])):  # fmt: skip
        book.replace_sheet(name)
        book.write_block(
            name,
            "A1",
            [list(frame.columns), *frame.astype(object).where(frame.notna(), None).values.tolist()],
        )
    commit_master(book, path, keep_backups=0)
    return path


def money(cell) -> Decimal:
    """A money cell's value as the exact decimal it shows (to the cent)."""
    assert isinstance(cell.value, int | float), cell.coordinate
    assert "¥" in cell.number_format, cell.coordinate
    return Decimal(repr(float(cell.value))).quantize(Decimal("0.01"))


#: the Pay sheet (zh), cell by cell: rows 3-6 employees by department then id, 8 the title of
#: the departments, 9 their header, 10-11 S1 and S2, 12 the company line
PAY_CELLS = {
    "A1": "薪酬明细（每位员工）",
    "E2": "绩效奖金基数", "G2": "团队系数", "J2": "绩效奖金", "M2": "提成档位", "R2": "团队奖金分配",
    "A3": "E1", "D3": "A", "F3": 1.5, "G3": 1.1, "H3": 1, "L3": 120, "M3": "≥120%: ×3", "N3": 3,
    "A4": "E2", "D4": "B", "F4": 1.2, "G4": 1.1, "H4": 0.8, "L4": 105, "M4": "≥100%: ×1",
    "A5": "E3", "D5": "C", "G5": 1, "M5": "不适用",
    "A6": "E4", "D6": "D", "F6": 0.5, "L6": 60, "M6": "≥0%: ×0", "N6": 0,
    "A8": "各部门合计与核对", "A9": "部门", "K9": "核对",
    "A10": "S1", "B10": 2, "K10": "Σ分配 = 奖金池",
    "A11": "S2", "B11": 2,
    "A12": "全公司", "B12": 4, "K12": "未超预算",
}  # fmt: skip
PAY_MONEY = {
    "E3": "10000.00", "J3": "16500.00", "K3": "2000.00", "O3": "6000.00", "P3": "1000.00", "R3": "661.36", "S3": "23161.36",
    "E4": "8000.50", "J4": "8448.53", "O4": "1600.00", "R4": "338.64", "S4": "10387.17",
    "E5": "6000.00", "J5": "6000.00", "O5": "0.00", "S5": "6000.00",
    "E6": "5000.00", "J6": "2500.00", "O6": "0.00", "S6": "2500.00",
    "C10": "24948.53", "D10": "7600.00", "E10": "1000.00", "F10": "1000.00", "G10": "0.00", "H10": "33548.53",
    "C11": "8500.00", "D11": "0.00", "H11": "8500.00",
    "C12": "33448.53", "D12": "7600.00", "F12": "1000.00", "H12": "42048.53", "I12": "100000.00", "J12": "-66551.47",
}  # fmt: skip


@pytest.fixture
def recalculated(tmp_path):
    master, payroll = pay_master(tmp_path), tmp_path / "payroll.csv"
    assert cli("recalc", master, "--payroll", payroll, lang="zh") == 0
    return master, payroll


@pytest.mark.parametrize("cell", sorted(PAY_CELLS))
def test_the_pay_sheet_cell_by_cell(recalculated, cell):
    ws = openpyxl.load_workbook(recalculated[0])["薪酬"]
    assert ws[cell].value == PAY_CELLS[cell], cell


@pytest.mark.parametrize("cell", sorted(PAY_MONEY))
def test_the_pay_sheet_money_cells_are_exact_currency_numbers(recalculated, cell):
    ws = openpyxl.load_workbook(recalculated[0])["薪酬"]
    assert money(ws[cell]) == Decimal(PAY_MONEY[cell]), cell


def test_recalc_payroll_matches_the_pay_sheet_and_a_rerun_changes_nothing(recalculated, tmp_path):
    master, payroll = recalculated
    rows = payroll_rows(payroll)
    assert {e: r["total_pay"] for e, r in rows.items()} == {e: v[4] for e, v in EXPECTED.items()}
    assert sum(Decimal(r["total_pay"]) for r in rows.values()) == Decimal(PAY_MONEY["H12"])
    wb = openpyxl.load_workbook(master)
    assert {"薪酬基数", "团队", "薪酬"} <= set(wb.sheetnames)
    before = [[c.value for c in r] for r in wb["薪酬"].iter_rows()]
    first = payroll.read_bytes()
    assert cli("recalc", master, "--payroll", payroll, lang="zh") == 0
    again = openpyxl.load_workbook(master)
    assert [[c.value for c in r] for r in again["薪酬"].iter_rows()] == before
    assert payroll.read_bytes() == first
    assert [[c.value for c in r] for r in again["薪酬基数"].iter_rows()] == [
        [c.value for c in r] for r in wb["薪酬基数"].iter_rows()
    ]  # HR's input sheet is read, never rewritten


def test_an_english_master_reads_paybase_and_teams_and_writes_pay(tmp_path):
    master = pay_master(tmp_path, lang="en")
    assert cli("recalc", master) == 0
    ws = openpyxl.load_workbook(master)["Pay"]
    assert ws["A1"].value == "Pay per employee" and ws["J2"].value == "bonus amount"
    assert money(ws["S3"]) == Decimal("23161.36")


def test_over_budget_is_a_warning_on_the_pay_sheet_and_the_dashboard(tmp_path):
    master = pay_master(tmp_path, budget=30000)  # Σ bonus 33448.53: 3448.53 over
    book = FileMaster(master)
    report = recalc_book(book, lang="en")
    commit_master(book, master, keep_backups=0)
    assert "Pay" in report.sheets
    wb = openpyxl.load_workbook(master)
    line = wb["Dashboard"][f"A{PAY_LINE}"].value
    assert "33,448.53" in line and "30,000" in line and "3,448.53" in line
    pay = wb["Pay"]
    assert pay["K12"].value == "over budget"
    texts = [r[0] for r in pay.iter_rows(min_row=13, max_col=1, values_only=True)]
    assert "Pay warnings" in texts and any(t and "over the budget" in t for t in texts)


def test_recalc_payroll_on_a_master_without_paybase_is_a_usage_error_and_writes_nothing(
    tmp_path, capsys
):
    f = frames()
    master = write_master(tmp_path / "master.xlsx", scheme_text(), f["data"], None, None, "zh")
    before, payroll = sha(master), tmp_path / "payroll.csv"
    assert cli("recalc", master, "--payroll", payroll) == 2
    assert "no Pay table was given" in capsys.readouterr().err
    assert sha(master) == before and not payroll.exists()


def test_recalc_with_a_bad_paybase_exits_3_and_writes_nothing(tmp_path, capsys):
    master = pay_master(tmp_path)
    book = FileMaster(master)
    book.replace_sheet("薪酬基数")
    book.write_block("薪酬基数", "A1", [["工号", "绩效奖金基数"], ["E1", 1000], ["E2", 1000], ["E3", 1000],
                                       ["E4", -5], ["E7", 10]])  # fmt: skip
    commit_master(book, master, keep_backups=0)
    before, payroll = sha(master), tmp_path / "payroll.csv"
    assert cli("recalc", master, "--payroll", payroll) == 3
    err = capsys.readouterr().err
    assert "薪酬基数" in err and "E7" in err and "-5" in err
    assert sha(master) == before and not payroll.exists()


def test_closing_a_master_with_pay_keeps_the_amounts_in_the_history(tmp_path):
    import sqlite3

    master = pay_master(tmp_path)
    assert cli("close", master, "--period", "2026Q1") == 0
    con = sqlite3.connect(tmp_path / "xlperf-history.sqlite")
    rows = dict(
        con.execute("SELECT employee_id || ':' || item, amount FROM pay_amounts").fetchall()
    )
    con.close()
    assert rows["E1:total_pay"] == "23161.36" and rows["E2:bonus_amount"] == "8448.53"


def test_without_pay_our_stale_pay_sheet_goes_and_a_users_pay_sheet_stays(tmp_path):
    master = pay_master(tmp_path, lang="en")
    assert cli("recalc", master) == 0
    wb = openpyxl.load_workbook(master)
    del wb["PayBase"], wb["Teams"]
    wb.save(master)
    assert cli("recalc", master) == 0
    assert "Pay" not in openpyxl.load_workbook(master).sheetnames  # no stale amounts left
    wb = openpyxl.load_workbook(master)
    wb.create_sheet("Pay")["A1"] = "HR's own notes"
    wb.save(master)
    assert cli("recalc", master) == 0
    assert openpyxl.load_workbook(master)["Pay"]["A1"].value == "HR's own notes"
