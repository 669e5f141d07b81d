"""Pay through xlperf.score: amounts on the final grades, the detail and department frames,
the offence factor that cuts pay only, and every bad input of issue 12 located, nothing computed."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from builders import data_rows, one_indicator_scheme, scores_table

import xlperf
from xlperf.errors import InputError

BONUS = {"A": 1.5, "B": 1.2, "C": 1.0, "D": 0.5}
TIERS = [
    {"min": 0, "multiple": 0},
    {"min": 80, "multiple": 0.8},
    {"min": 100, "multiple": 1},
    {"min": 120, "multiple": 3},
]
PAY = {
    "rounding": 0.01,
    "bonus": {"team_coefficient": True, "cap_multiple": 3, "budget": 100000},
    "commission": {"indicator": "X", "mode": "multiple", "tiers": TIERS},
    "pool": {"split": "bonus_weight"},
}
SCORES = {"E1": 120, "E2": 105, "E3": 90, "E4": 60}
DEPTS = {"E1": "S1", "E2": "S1", "E3": "S2", "E4": "S2"}


def scheme(pay: dict | None = None, **changes) -> xlperf.Scheme:
    return one_indicator_scheme(
        {"method": "ratio"}, bonus=BONUS, pay=PAY if pay is None else pay, **changes
    )


def located(df: pd.DataFrame, file: str, sheet: str) -> pd.DataFrame:
    df.attrs["source"] = {"file": file, "sheet": sheet}
    df.attrs["letters"] = {c: chr(ord("A") + i) for i, c in enumerate(df.columns)}
    return df


def pay_table(rows=None) -> pd.DataFrame:
    rows = rows or [
        ("E1", 10000, 2000),
        ("E2", 8000.50, 2000),
        ("E3", 6000, None),
        ("E4", 5000, 1000),
    ]
    return located(
        pd.DataFrame(rows, columns=["工号", "绩效奖金基数", "提成基数"]), "pay.xlsx", "PayBase"
    )


def teams_table(rows=None) -> pd.DataFrame:
    rows = rows or [("S1", 1.1, 1000), ("S2", None, None)]
    return located(
        pd.DataFrame(rows, columns=["部门", "团队系数", "团队奖金池"]), "teams.csv", None
    )


def adjustments(rows=(("E2", "处分系数", 0.8, "记过"),)) -> pd.DataFrame:
    return located(
        pd.DataFrame(list(rows), columns=["employee_id", "kind", "value", "reason"]),
        "adj.csv",
        None,
    )


def run(s=None, data=None, adj=None, pay=None, teams=None):
    data = scores_table(SCORES, DEPTS) if data is None else data
    return xlperf.score(
        s or scheme(),
        data,
        None,
        adjustments() if adj is None else adj,
        pay=pay_table() if pay is None else pay,
        teams=teams_table() if teams is None else teams,
    )


def by_id(frame: pd.DataFrame) -> dict:
    return {r["employee_id"]: r for r in frame.to_dict(orient="records")}


@pytest.mark.parametrize(
    ("emp", "grade", "bonus", "commission", "pool", "total"),
    [
        (
            "E1",
            "A",
            "16500.00",
            "6000.00",
            "661.36",
            "23161.36",
        ),  # 10000 × 1.5 × 1.1; 2000 × 3 at 120 %
        (
            "E2",
            "B",
            "8448.53",
            "1600.00",
            "338.64",
            "10387.17",
        ),  # 8000.5 × 1.2 × 1.1 × 0.8 = 8448.528
        ("E3", "C", "6000.00", "0.00", "0.00", "6000.00"),  # no commission base: not applicable
        ("E4", "D", "2500.00", "0.00", "0.00", "2500.00"),  # 60 %: the 0 × tier
    ],
)
def test_amounts_by_hand(emp, grade, bonus, commission, pool, total):
    r = by_id(run().employees)[emp]
    assert r["grade"] == grade
    got = [r[c] for c in ("bonus_amount", "commission", "pool_share", "total_pay")]
    assert all(isinstance(v, Decimal) for v in got)
    assert [str(v) for v in got] == [bonus, commission, pool, total]


def test_pay_columns_follow_the_contract_columns():
    res = run()
    cols = list(res.employees.columns)
    assert cols[: len(res.result_columns)] == res.result_columns
    assert cols[len(res.result_columns) :] == [
        "grade_before_override",  # the calibration policy's column, then pay's
        "bonus_base",
        "bonus_amount",
        "commission",
        "pool_share",
        "total_pay",
    ]
    assert [str(v) for v in res.employees.sort_values("employee_id")["bonus_base"]] == [
        "10000.00",
        "8000.50",
        "6000.00",
        "5000.00",
    ]


def test_the_detail_shows_every_factor():
    d = by_id(run().pay)
    e1, e2, e3, e4 = d["E1"], d["E2"], d["E3"], d["E4"]
    assert (str(e1["bonus_factor"]), str(e1["team_coefficient"]), str(e1["pay_factor"])) == (
        "1.5",
        "1.1",
        "1",
    )
    assert (str(e2["bonus_factor"]), str(e2["pay_factor"])) == ("1.2", "0.8")
    assert (e1["completion"], e1["commission_rule"], str(e1["commission_multiple"])) == (
        120.0,
        "≥120%: ×3",
        "3",
    )
    assert (e2["commission_rule"], str(e2["commission_multiple"])) == ("≥100%: ×1", "1")
    assert (
        e3["commission_applicable"] is False
        and e3["commission_base"] is None
        and e3["commission_rule"] == ""
    )
    assert e4["commission_applicable"] is True and e4["commission_rule"] == "≥0%: ×0"
    assert str(e3["team_coefficient"]) == "1"  # S2 leaves the coefficient empty: 1
    assert (str(e1["pool"]), str(e1["pool_weight"]), str(e2["pool_weight"])) == (
        "1000.00",
        "15000.00",
        "7680.48",
    )
    assert e3["pool"] is None and e3["pool_weight"] is None
    assert list(run().pay["employee_id"]) == list(run().employees["employee_id"])  # same order


def test_departments_reconcile_pools_and_the_budget():
    dep = run().pay_departments
    s1 = dep[dep["department"] == "S1"].iloc[0]
    assert (str(s1["pool"]), str(s1["pool_shared"]), str(s1["pool_unallocated"])) == (
        "1000.00",
        "1000.00",
        "0.00",
    )
    assert (s1["status"], s1["employees"], str(s1["bonus_total"])) == (
        "pool_reconciled",
        2,
        "24948.53",
    )
    company = dep[dep["level"] == "company"].iloc[0]
    assert str(company["bonus_total"]) == "33448.53"
    assert str(company["budget_difference"]) == "-66551.47"
    assert company["status"] == "within_budget"
    assert str(company["total_pay"]) == "42048.53"


def test_over_budget_is_a_warning_not_an_error():
    pay = {**PAY, "bonus": {**PAY["bonus"], "budget": 30000}}
    res = run(scheme(pay))
    company = res.pay_departments.iloc[-1]
    assert company["status"] == "over_budget" and str(company["budget_difference"]) == "3448.53"
    warning = next(p for p in res.warnings if p.code == "PAY_OVER_BUDGET")
    assert warning.severity == "warning" and warning.where.path == "pay.bonus.budget"
    assert "3,448.53" in warning.render("en") and "超出" in warning.render("zh")


def test_fit_to_budget_makes_the_bonuses_sum_to_the_budget():
    pay = {
        **PAY,
        "bonus": {
            "team_coefficient": True,
            "cap_multiple": 3,
            "budget": 30000,
            "fit_to_budget": True,
        },
    }
    res = run(scheme(pay))
    bonus = by_id(res.employees)
    assert sum(r["bonus_amount"] for r in bonus.values()) == Decimal("30000.00")
    # 30,000 × (16500, 8448.528, 6000, 2500) / 33448.528, to the cent by largest remainder
    assert [str(bonus[e]["bonus_amount"]) for e in ("E1", "E2", "E3", "E4")] == [
        "14798.86",
        "7577.49",
        "5381.40",
        "2242.25",
    ]
    assert res.pay_departments.iloc[-1]["status"] == "fitted_to_budget"


def test_the_offence_factor_cuts_pay_and_leaves_score_grade_and_rank():
    with_offence = by_id(run().employees)
    without = by_id(run(adj=adjustments(rows=())).employees)
    for emp in SCORES:
        for col in (
            "final_score",
            "grade",
            "grade_absolute",
            "rank",
            "department_rank",
            "bonus_factor",
        ):
            assert with_offence[emp][col] == without[emp][col], (emp, col)
    assert str(without["E2"]["bonus_amount"]) == "10560.66"  # 8000.5 × 1.2 × 1.1
    assert str(with_offence["E2"]["bonus_amount"]) == "8448.53"  # × 0.8
    assert (str(without["E2"]["commission"]), str(with_offence["E2"]["commission"])) == (
        "2000.00",
        "1600.00",
    )


def test_a_score_factor_still_lowers_the_grade_unlike_the_pay_factor():
    res = by_id(run(adj=adjustments(rows=(("E1", "factor", 0.8, "x"),))).employees)
    assert (
        res["E1"]["grade"] == "C" and str(res["E1"]["bonus_amount"]) == "11000.00"
    )  # 96 points: C × 1.0 × 1.1


def test_the_team_coefficient_applies_only_when_asked():
    pay = {**PAY, "bonus": {"team_coefficient": False}}
    assert str(by_id(run(scheme(pay)).employees)["E1"]["bonus_amount"]) == "15000.00"


def test_the_cap_limits_the_bonus_to_a_multiple_of_the_base():
    res = by_id(run(teams=teams_table([("S1", 2.5, None), ("S2", 1, None)])).pay)
    assert (
        str(res["E1"]["bonus_amount"]) == "30000.00" and res["E1"]["capped"]
    )  # 37,500 → 3 × 10,000
    assert not res["E2"]["capped"]


def test_an_employee_whose_role_lacks_the_commission_indicator_gets_none():
    s = one_indicator_scheme({"method": "ratio"}, bonus=BONUS, pay=PAY)
    raw = s.model_dump(mode="json", exclude_defaults=True)
    raw["indicators"].append({"code": "Y", "name": "指标Y", "method": "ratio"})
    raw["roles"].append({"id": "r2", "name": "岗位2", "indicators": [{"code": "Y", "weight": 100}]})
    s2 = xlperf.parse_scheme(raw)
    data = data_rows([("E1", "S1", "r", "X", 120, 100), ("E2", "S1", "r2", "Y", 120, 100)])
    res = by_id(xlperf.score(s2, data, pay=pay_table([("E1", 1000, 500), ("E2", 1000, 500)])).pay)
    assert str(res["E1"]["commission"]) == "1500.00" and res["E1"]["commission_applicable"]
    assert str(res["E2"]["commission"]) == "0.00" and not res["E2"]["commission_applicable"]


def test_brackets_through_the_engine():
    pay = {
        "commission": {
            "indicator": "X",
            "mode": "brackets",
            "brackets": [
                {"from": 0, "rate": 0.02},
                {"from": 100, "rate": 0.03},
                {"from": 110, "rate": 0.05},
            ],
        }
    }
    res = by_id(run(scheme(pay), adj=adjustments(rows=())).pay)
    # E1 sells 120: 100 × 2 % + 10 × 3 % + 10 × 5 % = 2.80; E4 sells 60: 1.20
    assert str(res["E1"]["commission"]) == "2.80" and res["E1"]["commission_rule"] == "≥110: 5%"
    assert str(res["E4"]["commission"]) == "1.20" and np.isnan(res["E4"]["completion"])


def test_a_pool_split_equally_or_by_score():
    equal = by_id(run(scheme({**PAY, "pool": {"split": "equal"}})).employees)
    assert (str(equal["E1"]["pool_share"]), str(equal["E2"]["pool_share"])) == ("500.00", "500.00")
    teams = teams_table([("S1", 1, None), ("S2", 1, 100)])
    by_score = by_id(run(scheme({**PAY, "pool": {"split": "score"}}), teams=teams).employees)
    assert (str(by_score["E3"]["pool_share"]), str(by_score["E4"]["pool_share"])) == (
        "60.00",
        "40.00",
    )  # 90 : 60


def test_a_pool_nobody_can_share_is_reported_unallocated():
    res = run(
        pay=pay_table([("E1", 0, None), ("E2", 0, None), ("E3", 6000, None), ("E4", 5000, None)])
    )
    s1 = res.pay_departments[res.pay_departments["department"] == "S1"].iloc[0]
    assert (s1["status"], str(s1["pool_unallocated"]), str(s1["pool_shared"])) == (
        "pool_unallocated",
        "1000.00",
        "0.00",
    )
    warning = next(p for p in res.warnings if p.code == "PAY_POOL_UNALLOCATED")
    assert (warning.where.file, warning.where.row, warning.severity) == ("teams.csv", 2, "warning")


def test_no_pay_table_computes_no_pay():
    res = xlperf.score(scheme(), scores_table(SCORES, DEPTS))
    assert res.pay is None and res.pay_departments is None
    assert "total_pay" not in res.employees.columns


def test_a_scheme_without_pay_adds_no_columns():
    res = xlperf.score(
        one_indicator_scheme({"method": "ratio"}, bonus=BONUS), scores_table(SCORES, DEPTS)
    )
    assert "total_pay" not in res.employees.columns and res.pay is None


def test_unused_pay_factors_are_named_not_dropped():
    res = xlperf.score(scheme(), scores_table(SCORES, DEPTS), None, adjustments())
    warning = next(p for p in res.warnings if p.code == "PAY_FACTOR_UNUSED")
    assert (warning.where.file, warning.where.row, warning.severity) == ("adj.csv", 2, "warning")
    assert "no Pay table" in warning.render("en")


def test_a_department_in_teams_without_employees_is_a_warning():
    res = run(teams=teams_table([("S1", 1.1, 1000), ("S2", None, None), ("S9", 1.2, None)]))
    warning = next(p for p in res.warnings if p.code == "PAY_TEAM_NO_EMPLOYEES")
    assert (warning.where.file, warning.where.cell, warning.severity) == (
        "teams.csv",
        "A4",
        "warning",
    )
    assert str(by_id(res.employees)["E1"]["total_pay"]) == "23161.36"  # the run goes on


def problems(**changes) -> list[tuple]:
    with pytest.raises(InputError) as exc:
        run(**changes)
    return [(p.code, p.where.file, p.where.cell, p.severity) for p in exc.value.problems]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"pay": pay_table([("E1", None, 2000), ("E2", 1, 1), ("E3", 1, 1), ("E4", 1, 1)])},
            ("PAY_MISSING_BASE", "pay.xlsx", "B2"),
        ),
        (
            {"pay": pay_table([("E1", -5, 2000), ("E2", 1, 1), ("E3", 1, 1), ("E4", 1, 1)])},
            ("PAY_NEGATIVE_BASE", "pay.xlsx", "B2"),
        ),
        (
            {"pay": pay_table([("E1", 5, -2000), ("E2", 1, 1), ("E3", 1, 1), ("E4", 1, 1)])},
            ("PAY_NEGATIVE_BASE", "pay.xlsx", "C2"),
        ),
        (
            {"pay": pay_table([("E1", "abc", 1), ("E2", 1, 1), ("E3", 1, 1), ("E4", 1, 1)])},
            ("NUMBER_TEXT", "pay.xlsx", "B2"),
        ),
        (
            {
                "pay": pay_table(
                    [("E1", 1, 1), ("E2", 1, 1), ("E3", 1, 1), ("E4", 1, 1), ("E9", 1, 1)]
                )
            },
            ("PAY_UNKNOWN_EMPLOYEE", "pay.xlsx", "A6"),
        ),
        (
            {"pay": pay_table([("E1", 1, 1), ("E2", 1, 1), ("E3", 1, 1)])},
            ("PAY_NO_ROW", "pay.xlsx", None),
        ),
        (
            {
                "pay": pay_table(
                    [("E1", 1, 1), ("E2", 1, 1), ("E3", 1, 1), ("E4", 1, 1), ("E1", 2, 2)]
                )
            },
            ("PAY_DUPLICATE_EMPLOYEE", "pay.xlsx", "A6"),
        ),
        (
            {"teams": teams_table([("S1", 0, None)])},
            ("PAY_COEFFICIENT_NOT_POSITIVE", "teams.csv", "B2"),
        ),
        (
            {"teams": teams_table([("S1", -1.1, None)])},
            ("PAY_COEFFICIENT_NOT_POSITIVE", "teams.csv", "B2"),
        ),
        (
            {"teams": teams_table([("S1", float("inf"), None)])},
            ("NUMBER_NOT_FINITE", "teams.csv", "B2"),
        ),
        ({"teams": teams_table([("S1", "inf", None)])}, ("NUMBER_NOT_FINITE", "teams.csv", "B2")),
        (
            {"teams": teams_table([("S1", float("nan"), None), ("S1", 1, None)])},
            ("PAY_DUPLICATE_TEAM", "teams.csv", "A3"),
        ),
        ({"teams": teams_table([("S1", 1, -100)])}, ("PAY_NEGATIVE_POOL", "teams.csv", "C2")),
        (
            {"teams": teams_table([("S1", 1, 100.005)])},
            ("PAY_POOL_NOT_MULTIPLE", "teams.csv", "C2"),
        ),
        ({"teams": teams_table([(None, 1, 100)])}, ("PAY_TEAM_NO_DEPARTMENT", "teams.csv", "A2")),
        (
            {"adj": adjustments([("E1", "pay_factor", 0, "x")])},
            ("PAY_FACTOR_NOT_POSITIVE", "adj.csv", "C2"),
        ),
        (
            {"adj": adjustments([("E1", "薪酬系数", -0.8, "x")])},
            ("PAY_FACTOR_NOT_POSITIVE", "adj.csv", "C2"),
        ),
    ],
)
def test_bad_pay_input_is_located_and_nothing_is_computed(changes, expected):
    found = problems(**changes)
    assert (*expected, "error") in found, found


def test_a_missing_base_names_the_employee_in_both_languages():
    with pytest.raises(InputError) as exc:
        run(pay=pay_table([("E1", None, 1), ("E2", 1, 1), ("E3", 1, 1), ("E4", 1, 1)]))
    p = next(p for p in exc.value.problems if p.code == "PAY_MISSING_BASE")
    assert (
        "E1" in p.render("en")
        and "绩效奖金基数" in p.render("zh")
        and p.where.column == "B (绩效奖金基数)"
    )


def test_pay_tables_with_a_scheme_without_pay_are_refused():
    s = one_indicator_scheme({"method": "ratio"}, bonus=BONUS)
    with pytest.raises(InputError) as exc:
        xlperf.score(s, scores_table(SCORES, DEPTS), pay=pay_table(), teams=teams_table())
    assert [(p.code, p.where.file) for p in exc.value.problems] == [
        ("PAY_SCHEME_HAS_NO_PAY", "pay.xlsx"),
        ("PAY_SCHEME_HAS_NO_PAY", "teams.csv"),
    ]


def test_teams_without_a_pay_table_are_refused():
    with pytest.raises(InputError) as exc:
        xlperf.score(scheme(), scores_table(SCORES, DEPTS), teams=teams_table())
    assert [p.code for p in exc.value.problems] == ["PAY_TEAMS_WITHOUT_PAY"]


def test_every_pay_problem_comes_with_the_data_problems():
    data = scores_table(SCORES, DEPTS)
    data.loc[0, "actual"] = None
    found = {
        c
        for c, *_ in problems(
            data=data,
            pay=pay_table([("E1", -1, 1), ("E2", 1, 1), ("E3", 1, 1), ("E4", 1, 1)]),
            teams=teams_table([("S1", 0, None)]),
        )
    }
    assert {"DATA_MISSING_ACTUAL", "PAY_NEGATIVE_BASE", "PAY_COEFFICIENT_NOT_POSITIVE"} <= found


def test_english_headers_are_read_too():
    pay = pd.DataFrame({"employee_id": list(SCORES), "bonus_base": [1000] * 4})
    teams = pd.DataFrame({"department": ["S1"], "coefficient": [1.1], "pool": [None]})
    res = by_id(xlperf.score(scheme(), scores_table(SCORES, DEPTS), pay=pay, teams=teams).employees)
    assert str(res["E1"]["bonus_amount"]) == "1650.00" and str(res["E1"]["commission"]) == "0.00"
