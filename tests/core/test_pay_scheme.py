"""The scheme's ``pay`` section: every key parsed, every bad value located at its scheme path."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from builders import scheme_dict

import xlperf
from xlperf.core.pay.checks import step_of
from xlperf.core.scheme import parse_scheme_text
from xlperf.errors import SchemeError
from xlperf.messages import CATALOGUE

BONUS = {"A": 1.5, "B": 1.2, "C": 1.0, "D": 0}
TIERS = [
    {"min": 0, "multiple": 0},
    {"min": 80, "multiple": 0.8},
    {"min": 100, "multiple": 1},
    {"min": 120, "multiple": 3},
]


def pay_scheme(pay: dict, **changes) -> dict:
    return scheme_dict(bonus=BONUS, pay=pay, **changes)


def located(raw: dict) -> list[tuple[str, str | None]]:
    with pytest.raises(SchemeError) as exc:
        xlperf.parse_scheme(raw, source="s.yaml")
    return [(p.code, p.where.path) for p in exc.value.problems]


def test_the_issue_example_parses_with_every_key():
    s = xlperf.parse_scheme(
        pay_scheme(
            {
                "rounding": 0.01,
                "bonus": {
                    "team_coefficient": True,
                    "cap_multiple": 3,
                    "budget": 500000,
                    "fit_to_budget": False,
                },
                "commission": {"indicator": "REV", "mode": "multiple", "tiers": TIERS},
                "pool": {"split": "bonus_weight"},
            }
        )
    )
    assert step_of(s.pay) == Decimal("0.01")
    assert (s.pay.bonus.team_coefficient, s.pay.bonus.cap_multiple, s.pay.bonus.budget) == (
        True,
        3,
        500000,
    )
    assert [(t.bound, t.multiple) for t in s.pay.commission.tiers] == [
        (0, 0),
        (80, 0.8),
        (100, 1),
        (120, 3),
    ]
    assert s.pay.pool.split == "bonus_weight"


def test_defaults_and_brackets_with_percent_rates():
    s = xlperf.parse_scheme(
        pay_scheme(
            {
                "commission": {
                    "indicator": "REV",
                    "mode": "brackets",
                    "brackets": [
                        {"from": 0, "rate": "2%"},
                        {"from": 1000000, "rate": 0.03},
                        {"from": 1500000, "rate": "5%"},
                    ],
                }
            }
        )
    )
    assert (
        s.pay.rounding == 0.01
        and s.pay.bonus.team_coefficient is False
        and s.pay.bonus.cap_multiple is None
    )
    assert [(b.start, b.rate) for b in s.pay.commission.brackets] == [
        (0, 0.02),
        (1000000, 0.03),
        (1500000, 0.05),
    ]
    assert s.pay.pool.split == "bonus_weight"


def test_tiers_take_min_or_above():
    s = xlperf.parse_scheme(
        pay_scheme(
            {
                "commission": {
                    "indicator": "REV",
                    "tiers": [{"min": 0, "multiple": 0}, {"above": 120, "multiple": 3}],
                }
            }
        )
    )
    assert [(t.bound, t.strict) for t in s.pay.commission.tiers] == [(0, False), (120, True)]


@pytest.mark.parametrize(
    ("pay", "code", "path"),
    [
        ({"rounding": 0}, "PAY_ROUNDING_NOT_POSITIVE", "pay.rounding"),
        ({"bonus": {"cap_multiple": 0}}, "PAY_CAP_NOT_POSITIVE", "pay.bonus.cap_multiple"),
        ({"bonus": {"budget": 0}}, "PAY_BUDGET_NOT_POSITIVE", "pay.bonus.budget"),
        ({"bonus": {"budget": -5}}, "PAY_BUDGET_NOT_POSITIVE", "pay.bonus.budget"),
        ({"bonus": {"fit_to_budget": True}}, "PAY_FIT_WITHOUT_BUDGET", "pay.bonus.fit_to_budget"),
        (
            {"bonus": {"budget": 1000.005, "fit_to_budget": True}},
            "PAY_BUDGET_NOT_MULTIPLE",
            "pay.bonus.budget",
        ),
        (
            {"rounding": 1, "bonus": {"budget": 1000.5, "fit_to_budget": True}},
            "PAY_BUDGET_NOT_MULTIPLE",
            "pay.bonus.budget",
        ),
        (
            {"commission": {"indicator": "REVV", "tiers": TIERS}},
            "PAY_COMMISSION_UNKNOWN_INDICATOR",
            "pay.commission.indicator",
        ),
        ({"commission": {"indicator": "REV"}}, "PAY_COMMISSION_NO_LIST", "pay.commission.tiers"),
        (
            {"commission": {"indicator": "REV", "mode": "brackets"}},
            "PAY_COMMISSION_NO_LIST",
            "pay.commission.brackets",
        ),
        (
            {
                "commission": {
                    "indicator": "REV",
                    "tiers": TIERS,
                    "brackets": [{"from": 0, "rate": 0.1}],
                }
            },
            "PAY_COMMISSION_WRONG_LIST",
            "pay.commission.brackets",
        ),
        (
            {
                "commission": {
                    "indicator": "REV",
                    "tiers": [
                        {"min": 0, "multiple": 0},
                        {"min": 120, "multiple": 3},
                        {"min": 100, "multiple": 1},
                    ],
                }
            },
            "PAY_TIERS_NOT_INCREASING",
            "pay.commission.tiers",
        ),
        (
            {
                "commission": {
                    "indicator": "REV",
                    "tiers": [
                        {"min": 0, "multiple": 0},
                        {"min": 100, "multiple": 1},
                        {"above": 100, "multiple": 3},
                    ],
                }
            },
            "SCHEME_BOUND_MIN_AND_ABOVE",
            "pay.commission.tiers[2]",
        ),
        (
            {
                "commission": {
                    "indicator": "REV",
                    "tiers": [{"min": 120, "multiple": 3}, {"min": 100, "multiple": 1}],
                }
            },
            "PAY_TIERS_NOT_INCREASING",
            "pay.commission.tiers",
        ),
        (
            {"commission": {"indicator": "REV", "tiers": [{"min": 0, "above": 0, "multiple": 0}]}},
            "SCHEME_BOUND_BOTH",
            "pay.commission.tiers[0]",
        ),
        (
            {"commission": {"indicator": "REV", "tiers": [{"multiple": 1}]}},
            "SCHEME_BOUND_MISSING",
            "pay.commission.tiers[0]",
        ),
        (
            {"commission": {"indicator": "REV", "tiers": [{"min": 0, "multiple": -1}]}},
            "PAY_NEGATIVE_RATE",
            "pay.commission.tiers[0].multiple",
        ),
        (
            {
                "commission": {
                    "indicator": "REV",
                    "mode": "brackets",
                    "brackets": [{"from": 0, "rate": 0.02}, {"from": 0, "rate": 0.03}],
                }
            },
            "PAY_TIERS_NOT_INCREASING",
            "pay.commission.brackets",
        ),
        (
            {
                "commission": {
                    "indicator": "REV",
                    "mode": "brackets",
                    "brackets": [{"from": 0, "rate": -0.02}],
                }
            },
            "PAY_NEGATIVE_RATE",
            "pay.commission.brackets[0].rate",
        ),
        ({"bonus": {"cap_multipl": 3}}, "SCHEME_UNKNOWN_KEY", "pay.bonus.cap_multipl"),
        ({"pool": {"split": "weights"}}, "SCHEME_BAD_CHOICE", "pay.pool.split"),
        (
            {"commission": {"indicator": "REV", "mode": "tiered", "tiers": TIERS}},
            "SCHEME_BAD_CHOICE",
            "pay.commission.mode",
        ),
    ],
)
def test_bad_pay_keys_are_located(pay, code, path):
    assert (code, path) in located(pay_scheme(pay))


def test_a_misspelt_commission_indicator_gets_a_suggestion():
    with pytest.raises(SchemeError) as exc:
        xlperf.parse_scheme(
            pay_scheme({"commission": {"indicator": "REVV", "tiers": TIERS}}), source="s.yaml"
        )
    assert "did you mean 'REV'?" in exc.value.render("en")


def test_multiple_mode_needs_an_indicator_scored_against_a_target():
    raw = pay_scheme({"commission": {"indicator": "REV", "tiers": TIERS}})
    raw["indicators"][0] = {
        "code": "REV",
        "name": "收入",
        "method": "bands",
        "bands": [{"min": 0, "score": 100}],
    }
    assert ("PAY_COMMISSION_NEEDS_TARGET", "pay.commission.indicator") in located(raw)


def test_pay_needs_the_bonus_factors():
    raw = scheme_dict(pay={"rounding": 0.01})
    assert ("PAY_NEEDS_BONUS_FACTORS", "pay.bonus") in located(raw)


def test_every_pay_problem_of_a_scheme_is_reported_together():
    found = located(
        pay_scheme(
            {
                "rounding": 0,
                "bonus": {"budget": 0},
                "commission": {
                    "indicator": "NOPE",
                    "tiers": [{"min": 5, "multiple": 1}, {"min": 1, "multiple": 2}],
                },
            }
        )
    )
    codes = {c for c, _ in found}
    assert {
        "PAY_ROUNDING_NOT_POSITIVE",
        "PAY_BUDGET_NOT_POSITIVE",
        "PAY_COMMISSION_UNKNOWN_INDICATOR",
        "PAY_TIERS_NOT_INCREASING",
    } <= codes


def test_a_scheme_without_pay_keeps_its_fingerprint_and_pay_round_trips_through_yaml():
    plain = xlperf.parse_scheme(scheme_dict(bonus=BONUS))
    assert plain.pay is None
    with_pay = xlperf.parse_scheme(
        pay_scheme(
            {
                "commission": {
                    "indicator": "REV",
                    "mode": "brackets",
                    "brackets": [{"from": 0, "rate": 0.02}],
                }
            }
        )
    )
    assert with_pay.fingerprint != plain.fingerprint
    dumped = yaml.safe_dump(
        with_pay.model_dump(mode="json", exclude_defaults=True), allow_unicode=True
    )
    assert "from: 0.0" in dumped
    assert parse_scheme_text(dumped).fingerprint == with_pay.fingerprint


def test_the_sales_scheme_pays_three_times_the_commission_from_120_percent():
    s = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
    com = s.pay.commission
    assert com.indicator == "SALES_REV" and com.mode == "multiple"
    assert [(t.bound, t.strict, t.multiple) for t in com.tiers][-1] == (120, False, 3)
    assert s.pay.bonus.team_coefficient is True and s.pay.bonus.budget == 500000
    assert s.pay.bonus.fit_to_budget is False
    header = Path(xlperf.shipped_schemes()["sales"]).read_text(encoding="utf-8").split("scheme:")[0]
    assert "120%" in header and "3" in header and "pay" in header.lower()


def test_every_pay_message_speaks_both_languages_with_a_hint():
    pay = [m for code, m in CATALOGUE.items() if code.startswith("PAY_")]
    assert len(pay) >= 30
    for m in pay:
        assert all((m.en, m.zh, m.hint_en, m.hint_zh)), m.code
    per_row = (
        "PAY_UNKNOWN_EMPLOYEE",
        "PAY_NO_ROW",
        "PAY_MISSING_BASE",
        "PAY_NEGATIVE_BASE",
        "PAY_FACTOR_NOT_POSITIVE",
        "PAY_COEFFICIENT_NOT_POSITIVE",
        "PAY_TEAM_NO_EMPLOYEES",
        "PAY_POOL_UNALLOCATED",
    )
    for code in per_row:
        assert CATALOGUE[code].group_en and CATALOGUE[code].group_zh, code
    warnings = {c for c, m in CATALOGUE.items() if c.startswith("PAY_") and m.severity == "warning"}
    assert {
        "PAY_TEAM_NO_EMPLOYEES",
        "PAY_OVER_BUDGET",
        "PAY_POOL_UNALLOCATED",
        "PAY_FACTOR_UNUSED",
    } <= warnings
