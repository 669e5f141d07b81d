"""Money in the files `xlperf score` writes: exact decimals in CSV and JSON, a currency format
in xlsx, and the payroll CSV."""

from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
from builders import one_indicator_scheme, scores_table

import xlperf
from xlperf.errors import UsageError
from xlperf.io.results_writer import json_text, write_payroll, write_results

BONUS = {"A": 1.5, "B": 1.2, "C": 1.0, "D": 0.5}
PAY = {
    "bonus": {"team_coefficient": True},
    "commission": {
        "indicator": "X",
        "tiers": [{"min": 0, "multiple": 0}, {"min": 120, "multiple": 3}],
    },
}
SCORES = {"E2": 105, "E1": 120, "E3": 90}


def results(pay: dict | None = PAY, with_table: bool = True, rounding: float | None = None):
    if pay is not None and rounding is not None:
        pay = {**pay, "rounding": rounding}
    s = one_indicator_scheme(
        {"method": "ratio"}, bonus=BONUS, **({"pay": pay} if pay is not None else {})
    )
    table = pd.DataFrame(
        {
            "employee_id": ["E1", "E2", "E3"],
            "bonus_base": [1000.05, 8000, 0],
            "commission_base": [100.1, None, 50],
        }
    )
    teams = pd.DataFrame({"department": ["D1"], "coefficient": [1.1], "pool": [100]})
    if not with_table:
        return xlperf.score(s, scores_table(SCORES))
    return xlperf.score(s, scores_table(SCORES), pay=table, teams=teams)


def test_csv_writes_money_with_two_places(tmp_path):
    write_results(results(), tmp_path / "r.csv")
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    head, *rows = text.splitlines()
    assert head.endswith("bonus_base,bonus_amount,commission,pool_share,total_pay")
    e1 = next(r for r in rows if r.startswith("E1,"))
    # 1000.05 × 1.5 × 1.1 = 1650.0825; 100.1 × 3; the pool 100 split by bonus weight 1500.075 : 9600
    assert e1.endswith(",1000.05,1650.08,300.30,13.51,1963.89")
    e3 = next(r for r in rows if r.startswith("E3,"))
    assert e3.endswith(",0.00,0.00,0.00,0.00,0.00")


def test_json_writes_money_as_exact_numbers(tmp_path):
    write_results(results(), tmp_path / "r.json")
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert '"bonus_amount": 1650.08' in text and '"commission": 300.30' in text
    assert "NaN" not in text and "Infinity" not in text
    payload = json.loads(text, parse_float=Decimal)
    e1 = next(e for e in payload["employees"] if e["employee_id"] == "E1")
    assert e1["total_pay"] == Decimal("1963.89")
    assert e1["total_pay"] == e1["bonus_amount"] + e1["commission"] + e1["pool_share"]
    assert {"pay", "pay_departments"} <= set(payload)
    e2 = next(e for e in payload["pay"] if e["employee_id"] == "E2")
    assert e2["commission_base"] is None and e2["commission_applicable"] is False
    assert payload["pay_departments"][-1]["level"] == "company"


def test_without_a_pay_table_the_files_carry_no_pay_columns(tmp_path):
    res = results(with_table=False)
    write_results(res, tmp_path / "r.json")
    payload = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert "total_pay" not in payload["employees"][0] and "pay" not in payload


def test_xlsx_writes_numbers_with_a_currency_format(tmp_path):
    write_results(results(), tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["Results", "Indicators", "Calibration", "Pay", "PayDepartments"]
    ws = wb["Results"]
    head = [c.value for c in ws[1]]
    col = head.index("bonus_amount") + 1
    values = {ws.cell(r, 1).value: ws.cell(r, col) for r in range(2, ws.max_row + 1)}
    assert values["E1"].value == 1650.08 and values["E1"].data_type == "n"
    assert "¥" in values["E1"].number_format and values["E1"].number_format.endswith("0.00")
    # scores are shown with one place (print-ready), the cell keeps every digit
    assert ws.cell(2, head.index("final_score") + 1).number_format == "0.0"


def test_a_finer_rounding_step_keeps_its_places(tmp_path):
    write_results(results(rounding=0.001), tmp_path / "r.csv")
    e1 = next(
        r
        for r in (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
        if r.startswith("E1,")
    )
    assert ",1650.083," in e1  # 1650.0825 to the tenth of a cent, half-up


def test_a_coarser_rounding_step_is_still_written_with_two_places(tmp_path):
    write_results(results(rounding=1), tmp_path / "r.csv")
    e1 = next(
        r
        for r in (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
        if r.startswith("E1,")
    )
    assert ",1650.00,300.00," in e1


def test_payroll_csv(tmp_path):
    path = write_payroll(results(), tmp_path / "payroll.csv")
    frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    assert list(frame.columns) == [
        "employee_id",
        "name",
        "department",
        "bonus_amount",
        "commission",
        "pool_share",
        "total_pay",
    ]
    assert list(frame["employee_id"]) == ["E1", "E2", "E3"]
    assert frame.loc[0, ["bonus_amount", "commission", "pool_share", "total_pay"]].tolist() == [
        "1650.08",
        "300.30",
        "13.51",
        "1963.89",
    ]
    total = sum(Decimal(v) for v in frame["pool_share"])
    assert total == Decimal("100.00")


@pytest.mark.parametrize(
    ("pay", "with_table", "why"), [(None, True, "no pay section"), (PAY, False, "no Pay table")]
)
def test_no_payroll_without_pay(tmp_path, pay, with_table, why):
    res = (
        results(pay=pay, with_table=with_table)
        if pay is not None
        else xlperf.score(
            one_indicator_scheme({"method": "ratio"}, bonus=BONUS), scores_table(SCORES)
        )
    )
    with pytest.raises(UsageError) as exc:
        write_payroll(res, tmp_path / "payroll.csv")
    assert exc.value.problems[0].code == "PAY_NOT_COMPUTED" and why in exc.value.render("en")
    assert not (tmp_path / "payroll.csv").exists()


def test_json_text_refuses_what_is_not_a_number():
    with pytest.raises(ValueError):
        json_text({"x": float("nan")})
    with pytest.raises(TypeError):
        json_text({"x": Decimal("NaN")})
