"""Banded lists (bands, attainment, grades) with min/above at 6 decimals, and the range method.

Every expected value is computed by hand in the comment beside it.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest
from builders import data_rows, make_scheme, one_indicator_scheme, scores_table
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import xlperf
from xlperf.core.contract import IndicatorRule, describe, score_rule
from xlperf.core.contract.banded import step_index
from xlperf.core.contract.grading import grade_formula, grade_index

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from reference import indicator_score  # noqa: E402

SALES_BANDS = [
    {"min": 120, "score": 120},
    {"min": 100, "score": 100},
    {"min": 80, "score": 80},
    {"min": 0, "score": 50},
]


def _score(spec: dict, a, t=None, b=None) -> float:
    scheme = one_indicator_scheme(spec)
    rows = [("E1", "D", "r", "X", a, t, b)]
    data = data_rows(
        rows, ("employee_id", "department", "role", "indicator", "actual", "target", "baseline")
    )
    return float(xlperf.score(scheme, data).indicators["score"].iloc[0])


@pytest.mark.parametrize(
    ("a", "t", "expected"),
    [
        (120, 100, 120.0),  # c = 120 exactly: ≥ 120
        (119.9999996, 100, 120.0),  # c = 119.9999996 → ROUND(c, 6) = 120.000000
        (119.999994, 100, 100.0),  # ROUND(c, 6) = 119.999994 < 120 → the 100 band
        (100, 100, 100.0),
        (99.99, 100, 80.0),
        (80, 100, 80.0),
        (79, 100, 50.0),  # the {min: 0} band
        (0, 100, 50.0),
        (1.2, 1.0, 120.0),  # c = 100·1.2/1.0 = 120 (a double a hair under 120 rounds back)
        (-5, 100, 0.0),  # c = −5: below every band → floor 0
    ],
)
def test_attainment_bands_on_completion(a, t, expected):
    assert _score({"method": "attainment", "bands": SALES_BANDS}, a, t) == expected


@pytest.mark.parametrize(
    ("a", "t", "expected"),
    [
        (80, 100, 120.0),  # c = 100·100/80 = 125 → ≥ 120
        (100, 100, 100.0),  # c = 100
        (125, 100, 80.0),  # c = 80
        (200, 100, 50.0),  # c = 50
        (0, 100, 120.0),  # no cost at all reaches every band
    ],
)
def test_attainment_lower_is_better(a, t, expected):
    assert _score({"method": "attainment", "lower": True, "bands": SALES_BANDS}, a, t) == expected


@pytest.mark.parametrize(
    ("bands", "a", "expected"),
    [
        ([{"above": 5, "score": 100}, {"min": 0, "score": 50}], 5, 50.0),  # 5 > 5 is false
        (
            [{"above": 5, "score": 100}, {"min": 0, "score": 50}],
            5.0000004,
            50.0,
        ),  # rounds to 5.000000
        ([{"above": 5, "score": 100}, {"min": 0, "score": 50}], 5.000001, 100.0),
        ([{"min": 5, "score": 100}, {"min": 0, "score": 50}], 5, 100.0),  # 5 ≥ 5
        ([{"min": 5, "score": 100}, {"min": 0, "score": 50}], 4.9999996, 100.0),  # rounds to 5
        ([{"min": 5, "score": 100}, {"min": 0, "score": 50}], 4.999999, 50.0),
        ([{"above": 0, "score": 100}], 0, 0.0),  # not above any band → floor
    ],
)
def test_bands_above_versus_min_at_the_boundary(bands, a, expected):
    assert _score({"method": "bands", "bands": bands}, a) == expected


def test_bands_compare_at_six_decimals_now():
    """Behaviour change: 89.9999996 reaches the ≥ 90 band (it did not when bands compared raw)."""
    assert (
        _score(
            {"method": "bands", "bands": [{"min": 90, "score": 120}, {"min": 0, "score": 50}]},
            89.9999996,
        )
        == 120.0
    )


@pytest.mark.parametrize(
    ("a", "t", "b", "expected"),
    [
        (16000, 20000, 12000, 50.0),  # from 1.2万 to 2万: half way
        (20000, 20000, 12000, 100.0),
        (12000, 20000, 12000, 0.0),
        (24000, 20000, 12000, 150.0),  # 100·12000/8000 = 150 (default cap 150)
        (10000, 20000, 12000, 0.0),  # below the start → floor
        (0.045, 0.06, 0.03, 50.0),  # conversion from 3% to 6%
        (0.025, 0.02, 0.03, 50.0),  # churn from 3% down to 2%: a goal below the start
    ],
)
def test_range_from_start_to_goal(a, t, b, expected):
    assert _score({"method": "range"}, a, t, b) == pytest.approx(expected, abs=1e-9)


def test_range_goal_equal_to_start_is_a_located_error():
    with pytest.raises(xlperf.InputError) as exc:
        _score({"method": "range"}, 5, 3, 3)
    (p,) = [p for p in exc.value.problems if p.code == "DATA_RANGE_GOAL_IS_START"]
    assert p.where.row == 2 and "target" in p.where.column
    assert "goal (target) equals the start (baseline), 3" in p.message


def test_range_rule_scores_nan_for_goal_at_start():
    out = score_rule(IndicatorRule("range"), [5.0, 5.0], [3.0, 10.0], [3.0, 0.0])
    assert math.isnan(out[0]) and out[1] == 50.0


@pytest.mark.parametrize(
    ("final", "grade"),
    [
        (110, "B"),  # A is above 110: 110 is not
        (110.0000004, "B"),  # rounds to 110.000000
        (110.000001, "A"),
        (100, "B"),  # B is min 100
        (99.9999996, "B"),
        (99.999999, "C"),
    ],
)
def test_grades_above_versus_min(final, grade):
    grades = [{"grade": "A", "above": 110}, {"grade": "B", "min": 100}, {"grade": "C", "min": 0}]
    scheme = one_indicator_scheme({"method": "ratio", "cap": 1000}, grades=grades)
    emp = xlperf.score(scheme, scores_table({"E1": final})).employees.iloc[0]
    assert emp["grade_absolute"] == grade == emp["grade"]


def test_grade_formula_and_index_agree_on_strict_bounds():
    steps = [("A", 110.0, True), ("B", 100.0, False), ("C", 0.0, False)]
    assert grade_formula("Z5", steps) == '=IF(ISNUMBER(Z5),IF(Z5>110,"A",IF(Z5>=100,"B","C")),"")'
    got = grade_index(
        np.array([110.0, 110.000001, 100.0, 5.0]),
        np.array([110.0, 100.0, 0.0]),
        np.array([True, False, False]),
    )
    assert got.tolist() == [1, 0, 1, 2]


def test_step_index_nan_and_unsorted_bounds():
    # bounds in any order; the index is into the list as given
    got = step_index(np.array([np.nan, 95.0, 85.0, 1.0]), [80, 90], [False, False])
    assert got.tolist() == [2, 1, 0, 2]


def test_describe_names_min_and_above():
    rule = IndicatorRule("attainment", bands=((120, 120), (80, 80)), above=(False, True))
    assert describe(rule, "en") == "completion actual/target ×100: ≥120%→120; >80%→80, cap 150"
    assert describe(rule, "zh").startswith("完成率 实际/目标×100: ≥120%→120; >80%→80")


def _problems(**changes) -> list[tuple[str, str]]:
    with pytest.raises(xlperf.SchemeError) as exc:
        make_scheme(**changes)
    return [(p.where.path, p.code) for p in exc.value.problems]


def _bands_indicator(bands, method="bands") -> dict:
    return {"indicators": [{"code": "REV", "name": "收入", "method": method, "bands": bands},
                           {"code": "COST", "name": "费用", "method": "inverse"}]}  # fmt: skip


@pytest.mark.parametrize(
    ("bands", "path", "code"),
    [
        ([{"min": 90, "above": 90, "score": 1}], "indicators[0].bands[0]", "SCHEME_BOUND_BOTH"),
        ([{"score": 1}], "indicators[0].bands[0]", "SCHEME_BOUND_MISSING"),
        (
            [{"min": 90, "score": 2}, {"above": 90, "score": 1}],
            "indicators[0].bands[1]",
            "SCHEME_BOUND_MIN_AND_ABOVE",
        ),
        (
            [{"min": 80, "score": 2}, {"min": 90, "score": 3}, {"min": 70, "score": 1}],
            "indicators[0].bands",
            "SCHEME_BANDS_ORDER",
        ),
        (
            [{"min": 90, "score": 2}, {"min": 90.0000001, "score": 3}],
            "indicators[0].bands",
            "SCHEME_BANDS_ORDER",
        ),
    ],
)
@pytest.mark.parametrize("method", ["bands", "attainment"])
def test_bad_bands_are_located_scheme_errors(bands, path, code, method):
    assert (path, code) in _problems(**_bands_indicator(bands, method))


def test_ascending_bands_stay_valid():
    make_scheme(**_bands_indicator([{"min": 0, "score": 50}, {"above": 90, "score": 120}]))


@pytest.mark.parametrize(
    ("grades", "path", "code"),
    [
        (
            [{"grade": "A", "above": 100}, {"grade": "B", "min": 100}],
            "grades[1]",
            "SCHEME_BOUND_MIN_AND_ABOVE",
        ),
        ([{"grade": "A", "min": 90}, {"grade": "B", "above": 95}], "grades", "SCHEME_GRADES_ORDER"),
        ([{"grade": "A"}, {"grade": "B", "min": 0}], "grades[0]", "SCHEME_BOUND_MISSING"),
    ],
)
def test_bad_grades_are_located_scheme_errors(grades, path, code):
    assert (path, code) in _problems(grades=grades)


def test_grades_order_message_shows_the_kinds_of_bound():
    with pytest.raises(xlperf.SchemeError) as exc:
        make_scheme(grades=[{"grade": "A", "min": 90}, {"grade": "B", "above": 95}])
    assert "A≥90, B>95" in exc.value.problems[0].message


NEAR = st.sampled_from([0.0, 1e-7, 4e-7, 5e-7, 6e-7, 1e-6, -1e-7, -4e-7, -6e-7, -1e-6, 0.3, -0.3])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([0, 0.05, 80, 100, 120]), st.booleans()),
        min_size=1,
        max_size=4,
        unique_by=lambda x: x[0],
    ),
    st.sampled_from([0, 0.05, 80, 100, 120]),
    NEAR,
    st.sampled_from(["bands", "attainment", "attainment-lower"]),
)
def test_banded_scores_equal_the_per_row_reference(entries, base, offset, method):
    """The engine against bench/reference.py (an independent per-row implementation)."""
    bands = [
        {("above" if strict else "min"): b, "score": 10 + i}
        for i, (b, strict) in enumerate(sorted(entries, reverse=True))
    ]
    spec = {"method": method.split("-")[0], "bands": bands, "cap": 1000}
    if method.endswith("lower"):
        spec["lower"] = True
    scheme = one_indicator_scheme(spec)
    # completion c = 100·a/t lands on base + offset (a/t with lower: t = base + offset, a = 100)
    a, t = (100.0, base + offset) if method == "attainment-lower" else (base + offset, 100.0)
    assume(t > 0)
    got = score_rule(scheme.rule("X"), [a], [t])[0]
    assert got == indicator_score(scheme, "X", a, t, None)
