"""The pay formulas, one hand-computed table each (amounts worked out on paper, in decimals)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

import xlperf  # noqa: F401  (loads the package in its order)
from xlperf.core.pay import kernels as k
from xlperf.core.pay.allocation import largest_remainder
from xlperf.core.pay.exact import (
    Exact,
    exact_decimals,
    exact_to_decimals,
    round_half_up,
    to_decimals,
    whole_steps,
)
from xlperf.core.pay.rules import Bracket, Tier

CENT = Decimal("0.01")


def money(steps, step: Decimal = CENT) -> list[str]:
    return [str(d) for d in to_decimals(np.asarray(steps), step)]


def one(x: float) -> Exact:
    return exact_decimals([x])


@pytest.mark.parametrize(
    ("x", "step", "expected"),
    [
        (0.125, "0.01", "0.13"),  # half-up, not half-even
        (2.675, "0.01", "2.68"),  # the float is 2.67499999…; the decimal typed is 2.675
        (1.005, "0.01", "1.01"),
        (1500.075, "0.01", "1500.08"),
        (0.004999, "0.01", "0.00"),
        (0.5, "1", "1"),
        (2.5, "1", "3"),
        (12.325, "0.05", "12.35"),  # 246.5 steps → 247
        (12.32, "0.05", "12.30"),
        (1234.5, "10", "1230"),
        (1235, "10", "1240"),
        (0.0, "0.01", "0.00"),
    ],
)
def test_rounding_is_half_up_on_the_decimal_typed(x, step, expected):
    s = Decimal(step)
    assert money(round_half_up(exact_decimals([x]), s), s) == [expected]


@pytest.mark.parametrize(
    ("base", "factor", "coefficient", "pay_factors", "cap", "expected", "capped"),
    [
        (10000, 1.5, 1.0, [], None, "15000.00", False),
        (1000.05, 1.5, 1.0, [], None, "1500.08", False),  # 1500.075: floats say 1500.07
        (10000.05, 1.0, 1.1, [], None, "11000.06", False),  # 11000.055
        (8000, 1.2, 1.1, [0.8], None, "8448.00", False),
        (10000, 1.0, 1.0, [0.8, 0.9], None, "7200.00", False),  # P = 0.72 exactly
        (10000, 1.5, 2.5, [], 3, "30000.00", True),  # 37500 capped at 3 × 10000
        (10000, 1.5, 2.0, [], 3, "30000.00", False),  # exactly at the cap: not cut
        (10000, 1.5, 2.0, [0.8], 3, "24000.00", False),
        (3333.33, 0.0, 1.2, [], 3, "0.00", False),
        (0, 1.5, 1.1, [], 3, "0.00", False),
    ],
)
def test_bonus_amount(base, factor, coefficient, pay_factors, cap, expected, capped):
    b = one(base)
    pf = k.pay_factor_product(
        np.zeros(len(pay_factors), dtype=np.int64), np.array(pay_factors, dtype=float), 1
    )
    raw = k.bonus_before_cap(b, one(factor), k.team_coefficient(True, np.array([coefficient])), pf)
    amount, hit = k.capped(raw, k.bonus_cap(b, cap))
    assert money(k.money(amount, CENT)) == [expected]
    assert hit.tolist() == [capped]


def test_the_team_coefficient_is_one_unless_the_scheme_asks_for_it():
    assert k.team_coefficient(False, np.array([1.3])).units.tolist() == [1]
    c = k.team_coefficient(True, np.array([1.3]))
    assert (c.units.tolist(), c.places) == ([13], 1)


def test_pay_factors_multiply_exactly_per_employee():
    p = k.pay_factor_product(np.array([2, 0, 2, 2]), np.array([0.8, 0.9, 0.9, 0.5]), 4)
    assert [str(d) for d in exact_to_decimals(p, plain_form=True)] == ["0.9", "1", "0.36", "1"]


SALES_TIERS = [
    Tier(min=0, multiple=0),
    Tier(min=80, multiple=0.8),
    Tier(min=100, multiple=1),
    Tier(min=120, multiple=3),
]


@pytest.mark.parametrize(
    ("actual", "target", "tier", "multiple"),
    [
        (120, 100, 3, 3),  # exactly 120 %
        (119.999999, 100, 2, 1),  # 119.999999 % at 6 decimals: below
        (119.9999996, 100, 3, 3),  # 120 at 6 decimals
        (1200000, 1000000, 3, 3),
        (1199999.99, 1000000, 2, 1),  # 119.999999 %
        (150, 100, 3, 3),
        (100, 100, 2, 1),
        (99.9999994, 100, 1, 0.8),  # 99.999999 at 6 decimals: below 100
        (99.9999996, 100, 2, 1),  # 100 at 6 decimals
        (80, 100, 1, 0.8),
        (79.99, 100, 0, 0),
        (0, 100, 0, 0),
        (-5, 100, -1, 0),  # below every tier
    ],
)
def test_completion_tiers_at_six_decimals(actual, target, tier, multiple):
    c = k.completion(np.array([actual], dtype=float), np.array([target], dtype=float))
    idx = k.tier_index(c, SALES_TIERS)
    assert idx.tolist() == [tier]
    assert [float(d) for d in exact_to_decimals(k.tier_multiples(idx, SALES_TIERS))] == [multiple]


@pytest.mark.parametrize(
    ("completion", "tier"),
    [(120.0, 1), (120.000001, 2), (120.0000004, 1), (120.0000006, 2), (100.0, 1), (99.999999, 0)],
)
def test_an_above_tier_needs_more_than_its_bound(completion, tier):
    tiers = [Tier(min=0, multiple=0), Tier(min=100, multiple=1), Tier(above=120, multiple=3)]
    assert k.tier_index(np.array([completion]), tiers).tolist() == [tier]


@pytest.mark.parametrize(
    ("base", "multiple", "pay_factors", "expected"),
    [
        (5000, 3, [], "15000.00"),
        (5000, 3, [0.8], "12000.00"),
        (3333.33, 0.8, [], "2666.66"),  # 2666.664
        (1234.565, 1, [], "1234.57"),  # half-up on the decimal typed
        (1234.565, 0.8, [0.8], "790.12"),  # 790.1216
        (5000, 0, [], "0.00"),
    ],
)
def test_commission_by_multiple(base, multiple, pay_factors, expected):
    pf = k.pay_factor_product(
        np.zeros(len(pay_factors), dtype=np.int64), np.array(pay_factors, dtype=float), 1
    )
    assert money(k.money(k.commission_by_multiple(one(base), one(multiple), pf), CENT)) == [
        expected
    ]


BRACKETS = [
    Bracket.model_validate(b)
    for b in (
        {"from": 0, "rate": 0.02},
        {"from": 1000000, "rate": 0.03},
        {"from": 1500000, "rate": 0.05},
    )
]


@pytest.mark.parametrize(
    ("sales", "pay_factors", "expected", "top"),
    [
        (800000, [], "16000.00", 0),
        (1000000, [], "20000.00", 0),  # exactly at a bound: nothing in the next bracket yet
        (1200000, [], "26000.00", 1),  # 20,000 + 200,000 × 3 %
        (1500000, [], "35000.00", 1),
        (2000000, [], "60000.00", 2),  # across two boundaries: 20,000 + 15,000 + 25,000
        (1750000.55, [], "47500.03", 2),  # 35,000 + 250,000.55 × 5 % = 47,500.0275
        (2000000, [0.8], "48000.00", 2),
        (0, [], "0.00", -1),
        (-5, [], "0.00", -1),
    ],
)
def test_commission_by_brackets(sales, pay_factors, expected, top):
    pf = k.pay_factor_product(
        np.zeros(len(pay_factors), dtype=np.int64), np.array(pay_factors, dtype=float), 1
    )
    amount = k.commission_by_brackets(one(sales), BRACKETS, pf)
    assert money(k.money(amount, CENT)) == [expected]
    assert k.bracket_index(np.array([float(sales)]), BRACKETS).tolist() == [top]


def test_brackets_given_out_of_order_are_read_by_their_bounds():
    shuffled = [BRACKETS[2], BRACKETS[0], BRACKETS[1]]
    amount = k.commission_by_brackets(one(2000000), shuffled, k.ones(1))
    assert money(k.money(amount, CENT)) == ["60000.00"]


IDS = np.array(["E1", "E2", "E3"], dtype=object)


@pytest.mark.parametrize(
    ("weights", "total", "rank", "ids", "expected"),
    [
        ([1, 1, 1], 10000, [2, 1, 3], IDS, [3333, 3334, 3333]),  # the cent to the best rank
        (
            [1, 1, 1],
            10000,
            [1, 1, 1],
            np.array(["E2", "E1", "E3"], dtype=object),
            [3333, 3334, 3333],
        ),  # then E1
        ([1, 2], 10, [1, 2], IDS[:2], [3, 7]),  # 3.33… and 6.66…: the larger remainder
        ([1, 1, 2], 4, [3, 2, 1], IDS, [1, 1, 2]),  # exact, nothing left over
        ([0, 0, 5], 999, [1, 2, 3], IDS, [0, 0, 999]),
        ([0, 0], 500, [1, 2], IDS[:2], [0, 0]),  # Σw = 0: nothing shared (reported unallocated)
        ([2, 2, 2, 2], 3, [4, 3, 2, 1], np.array(["A", "B", "C", "D"], dtype=object), [0, 1, 1, 1]),
    ],
)
def test_largest_remainder_in_one_group(weights, total, rank, ids, expected):
    w = np.array(weights, dtype=np.int64)
    got = largest_remainder(w, np.zeros(len(w), dtype=np.int64), [total], np.array(rank), ids)
    assert got.tolist() == expected


def test_largest_remainder_per_group_sums_to_each_total():
    w = np.array([3, 1, 1, 1, 7, 0], dtype=np.int64)
    group = np.array([0, 0, 1, 1, 1, 2])
    got = largest_remainder(
        w,
        group,
        [100, 1001, 7],
        np.array([1, 2, 1, 2, 3, 1]),
        np.array(list("abcdef"), dtype=object),
    )
    assert got.tolist() == [75, 25, 111, 111, 779, 0]  # 1001 × (1, 1, 7) / 9 = 111.2, 111.2, 778.6
    assert got[:2].sum() == 100 and got[2:5].sum() == 1001


def test_remainders_equal_as_floats_but_not_exactly_are_told_apart():
    # weights near 2**60: their remainders differ by 1 in 2**60 — a float tie at the cut
    big = 2**60
    w = np.array([big + 1, big, big], dtype=object)
    got = largest_remainder(w, np.zeros(3, dtype=np.int64), [2], np.array([3, 1, 2]), IDS)
    # quotas 2·wᵢ/Σw: 0.666…67, 0.666…66, 0.666…66 → E1 has the largest remainder despite rank 3
    assert got.tolist() == [1, 1, 0]


@pytest.mark.parametrize(
    ("amounts", "budget", "expected"),
    [
        ([15000, 12000, 10000], 5000000, ["20270.27", "16216.22", "13513.51"]),  # Σ 37,000 → 50,000
        ([100, 100, 100], 10000, ["33.34", "33.33", "33.33"]),  # the odd cent to rank 1
        ([1, 1, 2], 100001, ["250.00", "250.00", "500.01"]),
        ([30000, 0, 10000], 2000000, ["15000.00", "0.00", "5000.00"]),
    ],
)
def test_fit_to_budget_sums_to_the_budget_to_the_cent(amounts, budget, expected):
    got = k.fit_to_budget(exact_decimals(amounts), budget, np.array([1, 2, 3]), IDS)
    assert money(got) == expected
    assert int(got.sum()) == budget


def test_fit_to_budget_scales_the_unrounded_capped_amounts():
    # 1000.005 + 1000.005 = 2000.01: scaled to 3000.00 the shares are 1500.00 each, exactly
    amounts = exact_decimals([1000.005, 1000.005])
    assert money(k.fit_to_budget(amounts, 300000, np.array([1, 2]), IDS[:2])) == [
        "1500.00",
        "1500.00",
    ]


@pytest.mark.parametrize(
    ("split", "expected"),
    [
        ("bonus_weight", [12000, 8000, 0]),
        (
            "score",
            [104500000, 0, 88123457],
        ),  # round6(final) in millionths; a negative score weighs 0
        ("equal", [1, 1, 1]),
    ],
)
def test_pool_weights(split, expected):
    bonus_weight = exact_decimals([12000, 8000, 0])
    final = np.array([104.5, -3.0, 88.1234567])
    assert k.pool_weights(split, bonus_weight, final).tolist() == expected


@pytest.mark.parametrize(
    ("value", "step", "expected"),
    [
        ("500000", "0.01", 50000000),
        ("100.005", "0.01", None),
        ("1000.5", "1", None),
        ("1250", "50", 25),
    ],
)
def test_whole_steps(value, step, expected):
    assert whole_steps(Decimal(value), Decimal(step)) == expected
