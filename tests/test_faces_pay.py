"""Equality across faces for pay: BONUS_AMOUNT and COMMISSION (the UDFs) pay what the engine pays.

Hypothesis draws a small company (scores, so grades; departments with a team coefficient;
bonus and commission bases; some 0.8/1.2 pay factors) and pay rules (team coefficient
on or off, a cap or none, commission by tiers or brackets, rounding step); the engine
scores it with ``xlperf.score(..., pay=, teams=)`` and the UDFs compute the same amounts
from the same cells (the grade column, the coefficient and factor per row). Every
amount must be equal to the cent. Hand-computed rows pin the edges: 120 % → 3× at exactly
120 % and not at 119.999999 %, brackets across two boundaries, the cap.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from builders import one_indicator_scheme
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xlperf
from udfs.pay import bonus_amounts, commissions

BONUS = {"A": 1.5, "B": 1.2, "C": 1.0, "D": 0.5}
TIERS = [{"min": 0, "multiple": 0}, {"min": 80, "multiple": 0.8}, {"min": 100, "multiple": 1},
         {"min": 120, "multiple": 3}]  # fmt: skip
BRACKETS = [{"from": 0, "rate": 0.02}, {"from": 100, "rate": 0.03}, {"from": 150, "rate": 0.05}]


def pay_rules(
    team: bool = True, cap: float | None = 3, mode: str = "multiple", rounding: float = 0.01
) -> dict:
    commission = {"indicator": "X", "mode": mode}
    commission |= {"tiers": TIERS} if mode == "multiple" else {"brackets": BRACKETS}
    bonus = {"team_coefficient": team} | ({"cap_multiple": cap} if cap is not None else {})
    return {
        "rounding": rounding,
        "bonus": bonus,
        "commission": commission,
        "pool": {"split": "equal"},
    }


def scheme(**rules) -> xlperf.Scheme:
    return one_indicator_scheme({"method": "ratio"}, bonus=BONUS, pay=pay_rules(**rules))


def col(values) -> list[list]:
    return [[v] for v in values]


def flat(cells) -> list:
    return [r[0] for r in cells]


def cents(values) -> list[Decimal]:
    return [Decimal(repr(float(v))).quantize(Decimal("0.0001")) for v in values]


#: actuals on and around where a rule turns (targets 100, 80, 125: tiers at 80/100/120 %;
#: brackets from 100 and 150); the actuals are amounts with a few decimals: the engine's exact
#: arithmetic overflows on a float like 8.4e-114 in brackets mode (a known engine limit)
EDGES = st.sampled_from([0.0, 64.0, 80.0, 96.0, 99.999999, 100.0, 119.999999, 119.9999996, 120.0,
                         149.99, 150.0, 150.01, 200.0])  # fmt: skip


@st.composite
def companies(draw):
    n = draw(st.integers(1, 8))
    money = st.integers(0, 2_000_000).map(lambda c: c / 100)  # bases to the cent
    rows = []
    for i in range(n):
        rows.append({
            "employee_id": f"E{i + 1}",
            "department": draw(st.sampled_from(["S1", "S2", "S3"])),
            "actual": draw(st.one_of(st.integers(0, 2_000_000).map(lambda x: x / 10_000), EDGES)),
            "target": draw(st.sampled_from([100.0, 80.0, 125.0, 0.3])),
            "bonus_base": draw(money),
            "commission_base": draw(st.one_of(st.none(), money)),
            "factor": draw(st.sampled_from([None, 0.8, 1.2, 0.5])),
        })  # fmt: skip
    coefficient = {d: draw(st.sampled_from([None, 1.1, 0.9, 1.25])) for d in ("S1", "S2", "S3")}
    rules = {
        "team": draw(st.booleans()),
        "cap": draw(st.sampled_from([None, 1.6, 3])),
        "mode": draw(st.sampled_from(["multiple", "brackets"])),
        "rounding": draw(st.sampled_from([0.01, 1.0, 0.05])),
    }
    return rows, coefficient, rules


def engine(rows, coefficient, s) -> pd.DataFrame:
    data = pd.DataFrame([(r["employee_id"], r["department"], "r", "X", r["actual"], r["target"]) for r in rows],
                        columns=["employee_id", "department", "role", "indicator", "actual", "target"])  # fmt: skip
    pay = pd.DataFrame([(r["employee_id"], r["bonus_base"], r["commission_base"]) for r in rows],
                       columns=["employee_id", "bonus_base", "commission_base"])  # fmt: skip
    used = sorted({r["department"] for r in rows})
    teams = pd.DataFrame([(d, coefficient[d]) for d in used], columns=["department", "coefficient"])
    adj = pd.DataFrame([(r["employee_id"], "pay_factor", r["factor"], "x") for r in rows if r["factor"]],
                       columns=["employee_id", "kind", "value", "reason"])  # fmt: skip
    res = xlperf.score(s, data, None, adj if len(adj) else None, pay=pay, teams=teams)
    return res.employees.set_index("employee_id").loc[[r["employee_id"] for r in rows]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(companies())
def test_the_udfs_pay_what_the_engine_pays(company):
    rows, coefficient, rules = company
    s = scheme(**rules)
    emp = engine(rows, coefficient, s)
    coef = [coefficient[r["department"]] for r in rows]
    bonus = bonus_amounts(s, col(r["bonus_base"] for r in rows), col(emp["grade"]), col(coef),
                          col(r["factor"] for r in rows), "en")  # fmt: skip
    assert cents(flat(bonus)) == cents(emp["bonus_amount"])
    # the engine's commission includes the pay factor; COMMISSION is the amount before it,
    # so compare where there is none (and where there is, × P equals the engine's)
    plain = [r["factor"] is None for r in rows]
    com = flat(commissions(s, col(r["actual"] for r in rows), col(r["target"] for r in rows),
                           col(r["commission_base"] for r in rows), "en"))  # fmt: skip
    got = [c for c, p in zip(com, plain, strict=True) if p]
    want = [c for c, p in zip(emp["commission"], plain, strict=True) if p]
    assert cents(got) == cents(want)


@pytest.mark.parametrize(
    ("actual", "target", "base", "expected"),
    [
        (120.0, 100.0, 2000.0, 6000.0),  # exactly 120 %: the 3× tier
        (119.999999, 100.0, 2000.0, 2000.0),  # 119.999999 %: the 1× tier
        (119.9999996, 100.0, 2000.0, 6000.0),  # 120 % at 6 decimals, like grades
        (96.0, 120.0, 1500.0, 1200.0),  # 80 %: 0.8 × 1500
        (79.0, 100.0, 1500.0, 0.0),  # below 80 %: 0 ×
        (150.0, 100.0, None, 0.0),  # no commission base: not applicable, 0
    ],
)
def test_commission_tiers_by_hand(actual, target, base, expected):
    assert commissions(scheme(), [[actual]], [[target]], [[base]], "en") == [[expected]]


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (50.0, 1.0),  # 2 % of 50
        (120.0, 2.6),  # 2 % of 100 + 3 % of 20
        (170.0, 4.5),  # across two boundaries: 2 + 3 % of 50 + 5 % of 20 = 2 + 1.5 + 1
    ],
)
def test_commission_brackets_by_hand(actual, expected):
    assert commissions(scheme(mode="brackets"), [[actual]], None, [[1.0]], "en") == [[expected]]


@pytest.mark.parametrize(
    ("base", "grade", "coefficient", "factor", "team", "expected"),
    [
        (10000.0, "A", 1.1, None, True, 16500.0),  # 10000 × 1.5 × 1.1
        (10000.0, "A", 1.1, None, False, 15000.0),  # team_coefficient: false: C = 1
        (8000.5, "B", 1.1, 0.8, True, 8448.53),  # 8448.528, half-up to the cent
        (10000.0, "A", 2.5, None, True, 30000.0),  # 37500 capped at 3 × base
        (0.125, "C", None, None, True, 0.13),  # 0.125 half-up, never float rounding (0.12)
    ],
)
def test_bonus_amount_by_hand(base, grade, coefficient, factor, team, expected):
    got = bonus_amounts(scheme(team=team), [[base]], [[grade]], [[coefficient]], [[factor]], "en")
    assert got == [[expected]]


def test_bad_cells_say_what_is_wrong_and_blank_rows_stay_blank():
    s = scheme()
    got = bonus_amounts(s, [[-1.0], [None], [1.0], [1.0]], [["A"], ["A"], ["Q"], ["A"]], None,
                        [[1.0], [1.0], [1.0], [0.0]], "en")  # fmt: skip
    assert got == [
        ["base must be ≥ 0, got -1"],
        [""],
        ["unknown grade 'Q'"],
        ["factor must be > 0, got 0"],
    ]
    no_pay = one_indicator_scheme({"method": "ratio"}, bonus=BONUS)
    with pytest.raises(Exception, match="UDF_PAY_NO_PAY"):
        bonus_amounts(no_pay, [[1.0]], [["A"]], None, None, "en")


def test_the_excel_functions_need_the_workbooks_scheme():
    from udfs import xlperf_udfs as u
    from udfs.cells import message

    no_scheme = [[message("UDF_NO_SCHEME", "zh")]]
    assert u.BONUS_AMOUNT([[10000.0]], [["A"]], [[1.1]]) == no_scheme
    assert u.COMMISSION([[120.0]], [[100.0]], [[2000.0]]) == no_scheme
