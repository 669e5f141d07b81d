"""Invariants of pay, checked with Hypothesis on random companies and random decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
from builders import one_indicator_scheme, scores_table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xlperf
from xlperf.core.pay.allocation import largest_remainder
from xlperf.core.pay.exact import exact_decimals, round_half_up

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BONUS = {"A": 1.5, "B": 1.2, "C": 1.0, "D": 0.5}
CENTS = st.integers(0, 5_000_000).map(lambda c: float(Decimal(c) / 100))


@st.composite
def companies(draw):
    """A pay scheme (random cap, budget, split) and the inputs of a random company."""
    n = draw(st.integers(1, 30))
    depts = ["D1", "D2", "D3", "D4"][: draw(st.integers(1, 4))]
    ids = [f"E{i:02d}" for i in range(n)]
    dept = {e: draw(st.sampled_from(depts)) for e in ids}
    scores = {
        e: draw(st.sampled_from([55.0, 80.0, 99.9999996, 100.0, 104.5, 110.0, 120.0, 133.3]))
        for e in ids
    }
    budget = draw(st.integers(1, 10_000_000)) / 100
    pay = {
        "rounding": 0.01,
        "bonus": {
            "team_coefficient": draw(st.booleans()),
            "cap_multiple": draw(st.sampled_from([None, 1, 1.5, 3])),
            "budget": budget,
            "fit_to_budget": True,
        },
        "commission": {
            "indicator": "X",
            "tiers": [
                {"min": 0, "multiple": 0},
                {"min": 100, "multiple": 1},
                {"min": 120, "multiple": 3},
            ],
        },
        "pool": {"split": draw(st.sampled_from(["bonus_weight", "score", "equal"]))},
    }
    pay_rows = pd.DataFrame(
        {
            "employee_id": ids,
            "bonus_base": [draw(CENTS) for _ in ids],
            "commission_base": [draw(st.none() | CENTS) for _ in ids],
        }
    )
    teams = pd.DataFrame(
        {
            "department": depts,
            "coefficient": [
                draw(st.sampled_from([0.8, 0.95, 1.0, 1.1, 1.25, 1.333])) for _ in depts
            ],
            "pool": [draw(st.none() | CENTS) for _ in depts],
        }
    )
    offenders = draw(st.lists(st.sampled_from(ids), max_size=4))
    adjustments = pd.DataFrame(
        {
            "employee_id": offenders,
            "kind": "pay_factor",
            "value": [draw(st.sampled_from([0.5, 0.6, 0.8, 0.9])) for _ in offenders],
        }
    )
    s = one_indicator_scheme({"method": "ratio"}, bonus=BONUS, pay=pay)
    return s, scores_table(scores, dept), adjustments, pay_rows, teams, budget


@FAST
@given(companies())
def test_pools_and_the_budget_are_shared_to_the_cent(company):
    s, data, adjustments, pay, teams, budget = company
    res = xlperf.score(s, data, None, adjustments, pay=pay, teams=teams)
    emp = res.employees
    pools = dict(zip(teams["department"], teams["pool"], strict=True))
    for dept, group in emp.groupby("department"):
        pool = pools.get(dept)
        shared = sum(group["pool_share"], Decimal(0))
        row = res.pay_departments[res.pay_departments["department"] == dept].iloc[0]
        if pool is None or pd.isna(pool) or pool == 0:
            assert shared == 0
        elif row["status"] == "pool_unallocated":
            assert shared == 0 and row["pool_unallocated"] == Decimal(repr(pool))
        else:
            assert shared == Decimal(repr(pool)), (dept, shared, pool)
    bonus = sum(emp["bonus_amount"], Decimal(0))
    if any(p.code == "PAY_BUDGET_UNALLOCATED" for p in res.warnings):
        assert bonus == 0
    else:
        assert bonus == Decimal(repr(budget))
    for r in emp.itertuples():
        assert r.total_pay == r.bonus_amount + r.commission + r.pool_share
        assert r.total_pay.as_tuple().exponent == -2


@FAST
@given(companies())
def test_pay_never_changes_the_appraisal(company):
    s, data, adjustments, pay, teams, _ = company
    with_pay = xlperf.score(s, data, None, adjustments, pay=pay, teams=teams).employees
    without = xlperf.score(s, data).employees
    for col in without.columns:
        if col not in ("bonus_base", "bonus_amount", "commission", "pool_share", "total_pay"):
            assert with_pay[col].tolist() == without[col].tolist(), col


@FAST
@given(
    st.lists(st.integers(0, 10**12), min_size=1, max_size=25),
    st.integers(0, 10**9),
    st.lists(st.integers(1, 5), min_size=25, max_size=25),
)
def test_largest_remainder_sums_exactly_and_stays_within_one_step(weights, total, ranks):
    w = np.array(weights, dtype=np.int64)
    ids = np.array([f"E{i}" for i in range(len(w))], dtype=object)
    got = largest_remainder(
        w, np.zeros(len(w), dtype=np.int64), [total], np.array(ranks[: len(w)]), ids
    )
    if w.sum() == 0:
        assert (got == 0).all()
        return
    assert int(got.sum()) == total
    for share, weight in zip(got.tolist(), weights, strict=True):
        quota = Fraction(total * weight, int(w.sum()))
        assert quota - 1 < share < quota + 1


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_exact_decimals_are_the_shortest_representation(x):
    e = exact_decimals([x])
    assert Fraction(int(e.units[0]), 10**e.places) == Fraction(Decimal(repr(x)))


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False, allow_infinity=False),
    st.sampled_from(["0.01", "0.05", "1", "10", "0.001"]),
)
def test_rounding_matches_decimal_half_up_on_the_typed_value(typed, step):
    x = float(typed)
    s = Decimal(step)
    expected = (Decimal(repr(x)) / s).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert round_half_up(exact_decimals([x]), s).tolist() == [int(expected)]
