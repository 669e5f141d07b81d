"""Every scoring method of the contract, with hand-computed cases, through the engine."""

from __future__ import annotations

import math

import numpy as np
import pytest
from builders import data_rows, one_indicator_scheme

import xlperf
from xlperf.core.contract import IndicatorRule, score_rule

NAN = float("nan")

# (indicator spec, actual, target, baseline, expected score) — expected by hand
CASES = [
    # ratio: 100·a/t, clamped to [0, 150] by default
    ({"method": "ratio"}, 90, 100, None, 90.0),
    ({"method": "ratio"}, 0.85, 0.8, None, 106.25),
    ({"method": "ratio"}, 200, 100, None, 150.0),  # default cap 150
    ({"method": "ratio", "cap": 120}, 130, 100, None, 120.0),  # indicator cap
    ({"method": "ratio", "floor": 60}, 30, 100, None, 60.0),  # indicator floor
    ({"method": "ratio"}, -10, 100, None, 0.0),  # default floor 0
    # inverse: 100·t/a; a = 0 scores the cap
    ({"method": "inverse"}, 80, 100, None, 125.0),
    ({"method": "inverse"}, 125, 100, None, 80.0),
    ({"method": "inverse"}, 0, 100, None, 150.0),
    ({"method": "inverse", "cap": 120}, 0, 100, None, 120.0),
    ({"method": "inverse", "cap": 120}, 50, 100, None, 120.0),
    # growth: g = (a − b)/|b|; 100·g/t
    ({"method": "growth"}, 130, 100, None, None),  # baseline needed: see invalid cases
    ({"method": "growth"}, 115, 0.1, 100, 150.0),  # g = 0.15 → 150
    ({"method": "growth"}, 110, 0.2, 100, 50.0),  # g = 0.10 → 50
    ({"method": "growth"}, -80, 0.5, -100, 40.0),  # |b| = 100: g = 0.2 → 40
    ({"method": "growth"}, 90, 0.1, 100, 0.0),  # negative growth → floor 0
    # bands on the raw actual: highest band whose min ≤ a; below every band → floor
    (
        {
            "method": "bands",
            "bands": [
                {"min": 90, "score": 120},
                {"min": 80, "score": 100},
                {"min": 70, "score": 80},
            ],
        },
        95,
        None,
        None,
        120.0,
    ),
    (
        {
            "method": "bands",
            "bands": [
                {"min": 90, "score": 120},
                {"min": 80, "score": 100},
                {"min": 70, "score": 80},
            ],
        },
        90,
        None,
        None,
        120.0,
    ),
    (
        {
            "method": "bands",
            "bands": [
                {"min": 90, "score": 120},
                {"min": 80, "score": 100},
                {"min": 70, "score": 80},
            ],
        },
        89.99,
        None,
        None,
        100.0,
    ),
    (
        {"method": "bands", "bands": [{"min": 70, "score": 80}, {"min": 90, "score": 120}]},
        75,
        None,
        None,
        80.0,
    ),  # order-free
    (
        {"method": "bands", "bands": [{"min": 90, "score": 120}, {"min": 70, "score": 80}]},
        60,
        None,
        None,
        0.0,
    ),
    (
        {
            "method": "bands",
            "floor": 30,
            "bands": [{"min": 90, "score": 120}, {"min": 70, "score": 80}],
        },
        60,
        None,
        None,
        30.0,
    ),
    ({"method": "bands", "cap": 110, "bands": [{"min": 90, "score": 120}]}, 95, None, None, 110.0),
    # linear on achievement a/t, flat beyond the end points
    ({"method": "linear", "points": [[0, 0], [1, 100], [1.5, 130]]}, 50, 100, None, 50.0),
    ({"method": "linear", "points": [[0, 0], [1, 100], [1.5, 130]]}, 120, 100, None, 112.0),
    ({"method": "linear", "points": [[0, 0], [1, 100], [1.5, 130]]}, 300, 100, None, 130.0),
    ({"method": "linear", "points": [[0.5, 20], [1, 100]]}, 10, 100, None, 20.0),
    # linear on the raw actual
    (
        {"method": "linear", "on": "actual", "points": [[0, 0], [20, 80], [30, 100]]},
        25,
        None,
        None,
        90.0,
    ),
    (
        {"method": "linear", "on": "actual", "points": [[0, 0], [20, 80], [30, 100]]},
        45,
        None,
        None,
        100.0,
    ),
    # rating: default 100·a/scale_max; a map when given
    ({"method": "rating"}, 4, None, None, 80.0),
    ({"method": "rating"}, 5, None, None, 100.0),
    ({"method": "rating", "map": {1: 40, 2: 60, 3: 80, 4: 100, 5: 120}}, 4, None, None, 100.0),
    ({"method": "rating", "map": {1: 40, 2: 60, 3: 80, 4: 100, 5: 120}}, 5, None, None, 120.0),
    # deduction: 100 − per·a
    ({"method": "deduction", "per": 20}, 0, None, None, 100.0),
    ({"method": "deduction", "per": 20}, 2, None, None, 60.0),
    ({"method": "deduction", "per": 20}, 7, None, None, 0.0),
    # binary: a ≥ t (or a ≤ t with lower)
    ({"method": "binary"}, 40, 40, None, 100.0),
    ({"method": "binary"}, 39.9, 40, None, 0.0),
    ({"method": "binary", "lower": True}, 24, 24, None, 100.0),
    ({"method": "binary", "lower": True}, 24.5, 24, None, 0.0),
]


def _run(spec, a, t, b):
    scheme = one_indicator_scheme(spec)
    data = data_rows(
        [("E1", "D", "r", "X", a, t, b)],
        ("employee_id", "department", "role", "indicator", "actual", "target", "baseline"),
    )
    return xlperf.score(scheme, data)


@pytest.mark.parametrize(
    ("spec", "a", "t", "b", "expected"), [c for c in CASES if c[4] is not None]
)
def test_method_scores(spec, a, t, b, expected):
    results = _run(spec, a, t, b)
    got = results.indicators.loc[0, "score"]
    assert got == pytest.approx(expected, abs=1e-9)
    assert results.indicators.loc[0, "method"] == spec["method"]
    # one indicator of weight 100 in a single section: the final score is that score
    assert results.employees.loc[0, "final_score"] == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("spec", "a", "t", "b", "column", "message"),
    [
        ({"method": "ratio"}, 90, 0, None, "target", "target must be > 0"),
        ({"method": "ratio"}, 90, -5, None, "target", "target must be > 0"),
        ({"method": "ratio"}, 90, None, None, "target", "target is missing"),
        ({"method": "inverse"}, -1, 100, None, "actual", "actual must be ≥ 0"),
        ({"method": "inverse"}, 50, 0, None, "target", "target must be > 0"),
        ({"method": "growth"}, 110, 0.1, 0, "baseline", "baseline must not be 0"),
        ({"method": "growth"}, 110, 0.1, None, "baseline", "baseline is missing"),
        ({"method": "growth"}, 110, 0, 100, "target", "target must be > 0"),
        ({"method": "rating"}, 6, None, None, "actual", "is not on the scale 1..5"),
        ({"method": "rating"}, 0, None, None, "actual", "is not on the scale 1..5"),
        (
            {"method": "rating", "map": {1: 40, 3: 80, 5: 120}},
            2,
            None,
            None,
            "actual",
            "is not on the scale 1..5",
        ),
        ({"method": "deduction", "per": 10}, -1, None, None, "actual", "actual must be ≥ 0"),
        ({"method": "binary"}, 10, None, None, "target", "target is missing"),
        (
            {"method": "linear", "points": [[0, 0], [1, 100]]},
            10,
            0,
            None,
            "target",
            "target must be > 0",
        ),
        ({"method": "ratio"}, None, 100, None, "actual", "actual is missing"),
    ],
)
def test_invalid_method_inputs_are_located_errors(spec, a, t, b, column, message):
    with pytest.raises(xlperf.InputError) as exc:
        _run(spec, a, t, b)
    problems = exc.value.problems
    assert any(
        message in p.message and p.where.row == 2 and column in (p.where.column or "")
        for p in problems
    ), [str(p) for p in problems]


def test_score_rule_never_gives_a_plausible_number_for_invalid_inputs():
    rule = IndicatorRule("ratio")
    out = score_rule(rule, np.array([90.0, 90.0, NAN]), np.array([0.0, 100.0, 100.0]))
    assert math.isnan(out[0]) and out[1] == 90.0 and math.isnan(out[2])


def test_method_registry_is_closed_under_describe():
    from xlperf.core.contract import METHOD_NAMES, describe

    assert set(METHOD_NAMES) == {
        "ratio",
        "inverse",
        "growth",
        "bands",
        "linear",
        "rating",
        "deduction",
        "binary",
        "attainment",
        "range",
    }
    assert describe(IndicatorRule("ratio", cap=120), "zh") == "实际/目标 ×100, 上限120"
    assert describe(IndicatorRule("ratio", cap=120), "en") == "actual/target ×100, cap 120"


def test_scheme_wide_default_clamp_applies():
    scheme = one_indicator_scheme({"method": "ratio"}, defaults={"floor": 10, "cap": 110})
    data = data_rows([("E1", "D", "r", "X", 200, 100), ("E2", "D", "r", "X", 5, 100)])
    got = xlperf.score(scheme, data).indicators.set_index("employee_id")["score"]
    assert got["E1"] == 110.0 and got["E2"] == 10.0
