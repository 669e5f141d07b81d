"""Sections, weights, competency ratings, final score and adjustments — hand-computed."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import data_rows, make_scheme

import xlperf

TWO_SECTIONS = {
    "sections": [
        {"id": "res", "name": "结果", "weight": 60},
        {"id": "proc", "name": "过程", "weight": 40},
    ],
    "indicators": [
        {"code": "A1", "name": "a1", "method": "ratio", "section": "res"},
        {"code": "A2", "name": "a2", "method": "ratio", "section": "res"},
        {"code": "P1", "name": "p1", "method": "ratio", "section": "proc"},
        {"code": "EXTRA", "name": "额外", "method": "ratio", "section": "res"},
    ],
    "roles": [
        {
            "id": "r",
            "name": "岗位",
            "indicators": [
                {"code": "A1", "weight": 70},
                {"code": "A2", "weight": 30},
                {"code": "P1", "weight": 100},
            ],
        }
    ],
}


def test_section_and_final_scores():
    scheme = make_scheme(**TWO_SECTIONS)
    data = data_rows(
        [
            ("E1", "D", "r", "A1", 110, 100),
            ("E1", "D", "r", "A2", 80, 100),
            ("E1", "D", "r", "P1", 90, 100),
        ]
    )
    emp = xlperf.score(scheme, data).employees.iloc[0]
    # res = (70·110 + 30·80)/100 = 101; proc = 90; final = (60·101 + 40·90)/100 = 96.6
    assert emp["score_res"] == pytest.approx(101.0)
    assert emp["score_proc"] == pytest.approx(90.0)
    assert emp["final_score"] == pytest.approx(96.6)


@pytest.mark.parametrize(("w1", "w2"), [("70", "30"), ("70%", "30%"), (0.7, 0.3), (70, 30)])
def test_weights_in_the_data_read_consistently(w1, w2):
    scheme = make_scheme(**TWO_SECTIONS)
    data = pd.DataFrame(
        [
            ("E1", "D", "r", "A1", 110, 100, w2),
            ("E1", "D", "r", "A2", 80, 100, w1),
            ("E1", "D", "r", "P1", 90, 100, None),
        ],
        columns=["employee_id", "department", "role", "indicator", "actual", "target", "weight"],
    )
    emp = xlperf.score(scheme, data).employees.iloc[0]
    # weights swapped by the data: res = (30·110 + 70·80)/100 = 89
    assert emp["score_res"] == pytest.approx(89.0)


def test_weights_not_summing_to_100_are_an_error_not_rescaled():
    scheme = make_scheme(**TWO_SECTIONS)
    data = pd.DataFrame(
        [
            ("E1", "D", "r", "A1", 110, 100, 60),
            ("E1", "D", "r", "A2", 80, 100, 30),
            ("E1", "D", "r", "P1", 90, 100, None),
        ],
        columns=["employee_id", "department", "role", "indicator", "actual", "target", "weight"],
    )
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme, data)
    assert any(
        "sum to 90, expected 100" in p.message and "res" in p.message for p in exc.value.problems
    )


def test_weight_tolerance_is_one_hundredth():
    scheme = make_scheme(**TWO_SECTIONS)
    ok = pd.DataFrame(
        [
            ("E1", "D", "r", "A1", 110, 100, 70.005),
            ("E1", "D", "r", "A2", 80, 100, 30),
            ("E1", "D", "r", "P1", 90, 100, None),
        ],
        columns=["employee_id", "department", "role", "indicator", "actual", "target", "weight"],
    )
    xlperf.score(scheme, ok)
    bad = ok.assign(weight=[70.02, 30, None])
    with pytest.raises(xlperf.InputError):
        xlperf.score(scheme, bad)


def test_every_role_indicator_must_be_present():
    scheme = make_scheme(**TWO_SECTIONS)
    data = data_rows([("E1", "D", "r", "A1", 110, 100), ("E1", "D", "r", "P1", 90, 100)])
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme, data)
    assert any("has no row for indicator A2" in p.message for p in exc.value.problems)


def test_indicator_outside_the_role_needs_its_weight():
    scheme = make_scheme(**TWO_SECTIONS)
    rows = [
        ("E1", "D", "r", "A1", 110, 100, 50),
        ("E1", "D", "r", "A2", 80, 100, 30),
        ("E1", "D", "r", "P1", 90, 100, None),
    ]
    cols = ["employee_id", "department", "role", "indicator", "actual", "target", "weight"]
    with_weight = pd.DataFrame([*rows, ("E1", "D", "r", "EXTRA", 120, 100, 20)], columns=cols)
    emp = xlperf.score(scheme, with_weight).employees.iloc[0]
    assert emp["score_res"] == pytest.approx((50 * 110 + 30 * 80 + 20 * 120) / 100)
    without = pd.DataFrame([*rows, ("E1", "D", "r", "EXTRA", 120, 100, None)], columns=cols)
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme, without)
    assert any(
        "not in the role's indicator set" in p.message and p.where.row == 5
        for p in exc.value.problems
    )


def test_target_comes_from_the_role_unless_the_data_gives_one():
    scheme = make_scheme(
        indicators=[{"code": "G", "name": "增长", "method": "growth"}],
        roles=[
            {"id": "r", "name": "岗位", "indicators": [{"code": "G", "weight": 100, "target": 0.2}]}
        ],
    )
    cols = ("employee_id", "department", "role", "indicator", "actual", "target", "baseline")
    from_role = xlperf.score(
        scheme, data_rows([("E1", "D", "r", "G", 110, None, 100)], cols)
    ).indicators.loc[0, "score"]
    from_data = xlperf.score(
        scheme, data_rows([("E1", "D", "r", "G", 110, "10%", 100)], cols)
    ).indicators.loc[0, "score"]
    assert from_role == pytest.approx(50.0) and from_data == pytest.approx(100.0)


def test_more_kpis_than_the_limit_is_an_error():
    indicators = [{"code": f"K{i}", "name": f"k{i}", "method": "ratio"} for i in range(4)]
    scheme = make_scheme(
        indicators=indicators,
        roles=[{"id": "r", "name": "r", "indicators": [{"code": "K0", "weight": 100}]}],
        limits={"max_indicators": 3},
    )
    rows = [("E1", "D", "r", "K0", 100, 100, 40)] + [
        ("E1", "D", "r", f"K{i}", 100, 100, 20) for i in range(1, 4)
    ]
    data = pd.DataFrame(
        rows,
        columns=["employee_id", "department", "role", "indicator", "actual", "target", "weight"],
    )
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme, data)
    assert any("has 4 KPI indicators; at most 3" in p.message for p in exc.value.problems)


COMPETENCY = {
    "sections": [
        {"id": "kpi", "name": "业绩", "weight": 70},
        {"id": "competency", "name": "能力", "weight": 30},
    ],
    "indicators": [{"code": "REV", "name": "收入", "method": "ratio"}],
    "roles": [{"id": "r", "name": "岗位", "indicators": [{"code": "REV", "weight": 100}]}],
    "competencies": [
        {"code": "PRO", "name": "专业", "weight": 60},
        {"code": "TEAM", "name": "协作", "weight": 40},
    ],
    "raters": {"supervisor": 50, "peer": 30, "self": 20},
}


def _ratings(rows):
    return pd.DataFrame(rows, columns=["employee_id", "dimension", "rater", "rating"])


def test_competency_rater_weights_group_means_and_renormalisation():
    scheme = make_scheme(**COMPETENCY)
    data = data_rows([("E1", "D", "r", "REV", 100, 100)])
    ratings = _ratings(
        [
            ("E1", "PRO", "supervisor", 5),  # 100
            ("E1", "PRO", "peer", 4),  # peers: mean(80, 60) = 70
            ("E1", "PRO", "同事", 3),
            ("E1", "PRO", "self", 5),  # 100
            ("E1", "协作", "上级", 3),  # TEAM: supervisor only → 60, renormalised
        ]
    )
    results = xlperf.score(scheme, data, ratings)
    pro = (50 * 100 + 30 * 70 + 20 * 100) / 100  # 91
    team = 60.0
    comp = (60 * pro + 40 * team) / 100  # 78.6
    emp = results.employees.iloc[0]
    assert emp["score_competency"] == pytest.approx(comp)
    assert emp["final_score"] == pytest.approx((70 * 100 + 30 * comp) / 100)
    dims = results.dimensions.set_index("dimension")["score"]
    assert dims["PRO"] == pytest.approx(pro) and dims["TEAM"] == pytest.approx(team)


def test_rating_map_applies_to_competency():
    scheme = make_scheme(
        **COMPETENCY,
        rating_scale={"min": 1, "max": 5, "map": {1: 40, 2: 60, 3: 80, 4: 100, 5: 120}},
    )
    data = data_rows([("E1", "D", "r", "REV", 100, 100)])
    ratings = _ratings([("E1", "PRO", "supervisor", 5), ("E1", "TEAM", "supervisor", 4)])
    emp = xlperf.score(scheme, data, ratings).employees.iloc[0]
    assert emp["score_competency"] == pytest.approx((60 * 120 + 40 * 100) / 100)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [("E1", "PRO", "supervisor", 6), ("E1", "TEAM", "supervisor", 3)],
            "outside the scale 1..5",
        ),
        (
            [("E1", "PRO", "supervisor", 0), ("E1", "TEAM", "supervisor", 3)],
            "outside the scale 1..5",
        ),
        (
            [("E1", "PROO", "supervisor", 3), ("E1", "TEAM", "supervisor", 3)],
            "unknown competency dimension 'PROO'",
        ),
        ([("E1", "PRO", "boss", 3), ("E1", "TEAM", "supervisor", 3)], "unknown rater type 'boss'"),
        ([("E1", "PRO", "supervisor", 3)], "no rating for dimension TEAM"),
        (
            [
                ("E9", "PRO", "supervisor", 3),
                ("E1", "PRO", "supervisor", 3),
                ("E1", "TEAM", "supervisor", 3),
            ],
            "employee 'E9' is not in the data table",
        ),
        (
            [("E1", "PRO", "supervisor", "good"), ("E1", "TEAM", "supervisor", 3)],
            "expected a number, got text 'good'",
        ),
    ],
)
def test_bad_ratings_are_located_errors(rows, message):
    scheme = make_scheme(**COMPETENCY)
    data = data_rows([("E1", "D", "r", "REV", 100, 100)])
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme, data, _ratings(rows))
    assert any(message in p.message for p in exc.value.problems), [
        str(p) for p in exc.value.problems
    ]


def test_missing_a_weighted_section_is_an_error():
    scheme = make_scheme(**COMPETENCY)
    data = data_rows([("E1", "D", "r", "REV", 100, 100)])
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme, data)
    assert [p.code for p in exc.value.problems] == [
        "DATA_RATINGS_NOT_GIVEN"
    ]  # one line, not one per employee


ADJ = {"adjustments": {"max_points": 10}}


@pytest.mark.parametrize(
    ("adjustments", "expected"),
    [
        ([("E1", "factor", 0.8, "记过")], 100 * 0.8),
        ([("E1", "factor", 0.8, ""), ("E1", "系数", 0.5, "")], 100 * 0.8 * 0.5),
        ([("E1", "points", 3, "贡献"), ("E1", "加减分", 4, "")], 107.0),
        ([("E1", "points", 8, ""), ("E1", "points", 7, "")], 110.0),  # Σ = 15 capped at 10
        ([("E1", "points", -15, "")], 85.0),  # the cap is an upper cap on bonus points
        ([("E1", "factor", 0.9, ""), ("E1", "points", 5, "")], 100 * 0.9 + 5),
    ],
)
def test_adjustments(adjustments, expected):
    scheme = make_scheme(**ADJ)
    data = data_rows([("E1", "D", "rep", "REV", 100, 100), ("E1", "D", "rep", "COST", 100, 100)])
    adj = pd.DataFrame(adjustments, columns=["employee_id", "kind", "value", "reason"])
    assert xlperf.score(scheme, data, adjustments=adj).employees.loc[
        0, "final_score"
    ] == pytest.approx(expected)


def test_without_max_points_points_are_not_capped():
    scheme = make_scheme()
    data = data_rows([("E1", "D", "rep", "REV", 100, 100), ("E1", "D", "rep", "COST", 100, 100)])
    adj = pd.DataFrame(
        [("E1", "points", 25, "")], columns=["employee_id", "kind", "value", "reason"]
    )
    assert xlperf.score(scheme, data, adjustments=adj).employees.loc[
        0, "final_score"
    ] == pytest.approx(125.0)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("E1", "bonus", 1, ""), "unknown adjustment kind 'bonus'"),
        (("E1", "factor", -0.5, ""), "a factor must be ≥ 0"),
        (("E7", "points", 1, ""), "employee 'E7' is not in the data table"),
        (("E1", "points", "#N/A", ""), "Excel error #N/A"),
    ],
)
def test_bad_adjustments(row, message):
    scheme = make_scheme()
    data = data_rows([("E1", "D", "rep", "REV", 100, 100), ("E1", "D", "rep", "COST", 100, 100)])
    adj = pd.DataFrame([row], columns=["employee_id", "kind", "value", "reason"])
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme, data, adjustments=adj)
    assert any(message in p.message for p in exc.value.problems), [
        str(p) for p in exc.value.problems
    ]
