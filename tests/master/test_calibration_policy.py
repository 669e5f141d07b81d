"""Calibration in the master and in `score`: overrides, the policy's columns, the log."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from xlperf.cli import main
from xlperf.core.engine import score
from xlperf.core.scheme import shipped_schemes


def _add_overrides(master: Path, rows: list[list]) -> None:
    wb = openpyxl.load_workbook(master)
    ws = wb.create_sheet("校准调整")
    ws.append(["工号", "校准等级", "调整原因", "审批人"])
    for r in rows:
        ws.append(r)
    wb.save(master)


def _a_c_employee(company) -> str:
    res = score(
        company.schemes["sales"],
        company.data["sales"],
        company.ratings["sales"],
        company.adjustments["sales"],
    )
    return str(res.employees[res.employees["grade"] == "C"]["employee_id"].iloc[0])


def test_an_override_in_the_master_changes_the_grade_keeps_the_old_one_and_is_logged(
    master, company
):
    emp = _a_c_employee(company)
    _add_overrides(master, [[emp, "A", "重大项目攻关", "张总"]])
    assert main(["recalc", str(master), "--lang", "en"]) == 0
    wb = openpyxl.load_workbook(master)
    rows = list(wb["Results"].iter_rows(values_only=True))
    head = list(rows[0])
    row = next(r for r in rows[1:] if r[0] == emp)
    assert row[head.index("grade")] == "A" and row[head.index("grade_before_override")] == "C"
    log = list(wb["Run log"].iter_rows(values_only=True))
    assert f"{emp} C→A" in log[-1][-1] and "张总" in log[-1][-1]
    cal = list(wb["Calibration"].iter_rows(values_only=True))
    assert any(r[0] == emp and r[3] == "calibration override" for r in cal)


def test_an_override_beyond_the_quota_is_a_warning_never_fixed(master, company):
    res = score(
        company.schemes["sales"],
        company.data["sales"],
        company.ratings["sales"],
        company.adjustments["sales"],
    )
    cs = res.employees[res.employees["grade"] == "C"]["employee_id"].astype(str).tolist()[:20]
    _add_overrides(master, [[e, "A", "市场拓展", "李总"] for e in cs])
    assert main(["recalc", str(master), "--lang", "en"]) == 0
    wb = openpyxl.load_workbook(master)
    grades = {
        r[0]: r[
            list(wb["Results"][1]).index(next(c for c in wb["Results"][1] if c.value == "grade"))
        ]
        for r in wb["Results"].iter_rows(min_row=2, values_only=True)
    }
    assert all(grades[e] == "A" for e in cs)  # kept as decided
    cal = list(wb["Calibration"].iter_rows(values_only=True))
    head = cal[1]
    a_row = next(r for r in cal[2:] if r and r[2] == "A")
    assert a_row[head.index("excess")] and a_row[head.index("warning")]


def test_an_override_without_an_approver_is_a_located_error_and_nothing_is_written(
    master, company, capsys
):
    emp = _a_c_employee(company)
    _add_overrides(master, [[emp, "A", "重大项目攻关", None]])
    before = master.read_bytes()
    assert main(["recalc", str(master), "--lang", "en"]) == 3
    err = capsys.readouterr().err
    assert "校准调整" in err and "D2" in err
    assert master.read_bytes() == before


def test_score_takes_overrides_and_writes_the_grade_before(company, tmp_path):
    emp = _a_c_employee(company)
    paths = {}
    for kind in ("data", "ratings", "adjustments"):
        paths[kind] = tmp_path / f"{kind}.csv"
        getattr(company, kind)["sales"].to_csv(paths[kind], index=False)
    ov = tmp_path / "ov.csv"
    pd.DataFrame(
        {"employee_id": [emp], "grade": ["B"], "reason": ["x"], "approved_by": ["y"]}
    ).to_csv(ov, index=False)
    out = tmp_path / "r.csv"
    args = [
        "score",
        "--scheme",
        str(shipped_schemes()["sales"]),
        "--out",
        str(out),
        "--overrides",
        str(ov),
    ]
    args += [a for k, p in paths.items() for a in (f"--{k}", str(p))]
    assert main(args) == 0
    res = pd.read_csv(out).set_index("employee_id")
    assert res.loc[emp, "grade"] == "B" and res.loc[emp, "grade_before_override"] == "C"
