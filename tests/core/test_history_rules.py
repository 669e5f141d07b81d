"""Period rules through ``xlperf.score``: streaks, plans, spot checks, monthly indicators, roll-up.

Every expected number is computed by hand in the comments. One indicator X
(ratio, target 100) makes an employee's final score equal to their actual.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from builders import data_rows, one_indicator_scheme, scores_table

import xlperf
from xlperf.core.history import HistoryView
from xlperf.core.history.rollup import rollup
from xlperf.errors import InputError

GRADES5 = [
    {"grade": "A", "min": 110},
    {"grade": "B", "min": 100},
    {"grade": "C", "min": 80},
    {"grade": "D", "min": 60},
    {"grade": "E", "min": 0},
]
STREAKS = [
    {"flag": "talent_pool", "grades": ["A"], "periods": 4},
    {"flag": "reassign_review", "grades": ["D", "E"], "periods": 2},
    {"flag": "repeat_observation", "flags": ["observation"], "periods": 2},
]


def scheme(**extra):
    extra.setdefault("grades", GRADES5)
    return one_indicator_scheme({"method": "ratio", "cap": 1000}, **extra)


def with_period(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    return frame.assign(期间=period)


# -- streaks ----------------------------------------------------------------------------------
#: closed periods: (period, employee, final score, grade, flags)
HISTORY = [
    ("2025Q3", "E1", 118, "A", ""),
    ("2025Q4", "E1", 121, "A", ""),
    ("2026Q1", "E1", 125, "A", ""),
    ("2025Q3", "E2", 118, "A", ""),
    ("2026Q1", "E2", 125, "A", ""),  # absent in 2025Q4: a gap
    ("2025Q3", "E3", 118, "A", ""),
    ("2025Q4", "E3", 105, "B", ""),
    ("2026Q1", "E3", 125, "A", ""),
    ("2026Q1", "E4", 65, "D", ""),
    ("2026Q1", "E5", 50, "E", ""),
    ("2026Q1", "E6", 85, "C", "observation"),
    ("2025Q4", "E7", 55, "E", ""),  # D/E two periods back, B in 2026Q1: no streak
    ("2026Q1", "E7", 105, "B", ""),
]
#: 2026Q2: final scores (bottom 10% of 10 employees = 1: E6 gets observation)
CURRENT = {
    "E1": 120,
    "E2": 120,
    "E3": 115,
    "E4": 65,
    "E5": 85,
    "E6": 40,
    "E7": 62,
    "E8": 100,
    "E9": 100,
    "E10": 100,
}


@pytest.fixture(scope="module")
def streak_results():
    s = scheme(streaks=STREAKS, distribution={"bottom": 10})
    data = with_period(scores_table(CURRENT), "2026Q2")
    r = xlperf.score(s, data, history=HistoryView.of(HISTORY), period="2026Q2")
    return r.employees.set_index("employee_id")


@pytest.mark.parametrize(
    ("emp", "grade", "talent", "reassign", "repeat", "flags"),
    [
        (
            "E1",
            "A",
            4,
            0,
            0,
            "talent_pool",
        ),  # 2025Q3 A, 2025Q4 A, 2026Q1 A + 2026Q2 A, across 2025 → 2026
        ("E2", "A", 2, 0, 0, ""),  # the gap in 2025Q4 ends the streak: 2026Q1 + 2026Q2
        ("E3", "A", 2, 0, 0, ""),  # B in 2025Q4 ends it
        ("E4", "D", 0, 2, 0, "reassign_review"),  # D then D
        ("E5", "C", 0, 0, 0, ""),  # E then C: the current period does not match
        ("E6", "E", 0, 1, 2, "observation;repeat_observation"),  # observation twice; C then E: 1
        ("E7", "D", 0, 1, 0, ""),  # E, B, D: only the current period counts
        ("E8", "B", 0, 0, 0, ""),  # no history at all
    ],
)
def test_streaks_hand_computed(streak_results, emp, grade, talent, reassign, repeat, flags):
    row = streak_results.loc[emp]
    assert row["grade"] == grade
    assert (
        row["streak_talent_pool"],
        row["streak_reassign_review"],
        row["streak_repeat_observation"],
    ) == (talent, reassign, repeat)
    assert row["flags"] == flags


def test_streak_columns_follow_the_contract_columns(streak_results):
    cols = list(streak_results.reset_index().columns)
    contract = xlperf.score(scheme(), scores_table({"E1": 100})).result_columns
    assert cols[: len(contract)] == contract
    assert cols[len(contract) :] == [
        "grade_before_override",
        "streak_talent_pool",
        "streak_reassign_review",
        "streak_repeat_observation",
    ]


def test_later_closed_periods_and_other_kinds_do_not_count():
    history = [
        ("2026Q3", "E1", 120, "A", ""),
        ("2026-05", "E1", 120, "A", ""),
        ("2026Q1", "E1", 120, "A", ""),
    ]
    s = scheme(streaks=[{"flag": "talent_pool", "grades": ["A"], "periods": 2}])
    r = xlperf.score(s, scores_table({"E1": 120}), history=HistoryView.of(history), period="2026Q2")
    assert r.employees.loc[0, "streak_talent_pool"] == 2  # 2026Q1 + 2026Q2 only
    assert r.employees.loc[0, "flags"] == "talent_pool"


def test_a_streak_flag_can_feed_a_later_rule():
    rules = [
        {"flag": "star", "grades": ["A"], "periods": 1},
        {"flag": "star_twice", "flags": ["star"], "periods": 2},
    ]
    history = [("2026Q1", "E1", 120, "A", "star")]
    r = xlperf.score(
        scheme(streaks=rules),
        scores_table({"E1": 120}),
        history=HistoryView.of(history),
        period="2026Q2",
    )
    assert r.employees.loc[0, "flags"] == "star;star_twice"


def test_without_a_period_a_streak_is_the_current_period_alone():
    s = scheme(streaks=[{"flag": "once", "grades": ["A"], "periods": 1}])
    r = xlperf.score(s, scores_table({"E1": 120, "E2": 90}))
    assert r.employees.set_index("employee_id")["streak_once"].to_dict() == {"E1": 1, "E2": 0}
    assert r.period is None


# -- improvement plans ------------------------------------------------------------------------
OPEN_PLANS = [
    ("E5", "", "D1", "2026Q1", "2026-06-30", "X 50.00", "open", None, None),
    ("E4", "", "D1", "2026Q1", "2026-06-30", "X 65.00", "open", None, None),
    ("E2", "", "D1", "2025Q4", "2026-03-31", "X 70.00", "open", None, None),
    ("E99", "", "D1", "2026Q1", "2026-06-30", "X 10.00", "open", None, None),  # left the company
]


def plans_for(met_grade=None):
    rule = {"months": 3} | ({"met_grade": met_grade} if met_grade else {})
    s = scheme(improvement=rule, distribution={"bottom": 10})
    r = xlperf.score(
        s,
        with_period(scores_table(CURRENT), "2026Q2"),
        history=HistoryView.of(HISTORY, OPEN_PLANS),
        period="2026Q2",
    )
    return r.plans


def test_plan_for_observation_with_due_date_and_indicators_below_target():
    plans = plans_for()
    new = plans[plans["status"] == "open"]
    assert new[["employee_id", "period", "due_date", "indicators"]].values.tolist() == [
        ["E6", "2026Q2", "2026-09-30", "X 40.00"]
    ]  # 2026Q2 ends 2026-06-30; + 3 months


@pytest.mark.parametrize(
    ("met_grade", "expected"),
    [
        (None, {"E5": "met", "E4": "not met", "E2": "met"}),  # C or better: E5 C, E4 D, E2 A
        ("B", {"E5": "not met", "E4": "not met", "E2": "met"}),
    ],
)
def test_open_plans_marked_met_or_not_met(met_grade, expected):
    plans = plans_for(met_grade)
    done = plans[plans["status"] != "open"].set_index("employee_id")
    assert done["status"].to_dict() == expected  # E99 is absent: its plan stays open, not listed
    assert set(done["outcome_period"]) == {"2026Q2"}
    assert done.loc["E4", "outcome_grade"] == "D"


def test_no_plans_without_the_improvement_key():
    r = xlperf.score(scheme(distribution={"bottom": 10}), scores_table(CURRENT))
    assert r.plans is None


# -- spot checks ------------------------------------------------------------------------------
def spot_table(rows):
    return pd.DataFrame(rows, columns=["工号", "日期", "得分", "备注"])


@pytest.mark.parametrize(
    ("appraisal", "spots", "weight", "points", "expected"),
    [
        (90, [100, 120], 40, 0, 98.0),  # 60% × 90 + 40% × 110 = 54 + 44
        (100, [70], 40, 0, 88.0),  # 60 + 28
        (80, [150, 0, 90], 40, 0, 80.0),  # mean 80: 48 + 32
        (90, [100, 120], 40, 2, 100.0),  # bonus points apply to the mixed score: 98 + 2
        (90, [110], 100, 0, 110.0),  # spot checks alone
        (90, [110], 25, 0, 95.0),  # 67.5 + 27.5
    ],
)
def test_spot_check_mix(appraisal, spots, weight, points, expected):
    s = scheme(spot_checks={"weight": weight}, adjustments={"max_points": 10})
    spot = spot_table([("E1", f"2026-0{1 + i % 3}-15", v, "") for i, v in enumerate(spots)])
    adj = (
        pd.DataFrame({"employee_id": ["E1"], "kind": ["points"], "value": [points]})
        if points
        else None
    )
    r = xlperf.score(
        s, scores_table({"E1": appraisal}), adjustments=adj, period="2026Q1", spot_checks=spot
    )
    emp = r.employees.iloc[0]
    assert round(float(emp["final_score"]), 6) == expected
    assert emp["appraisal_score"] == appraisal
    assert round(float(emp["spot_check_score"]), 6) == round(float(np.mean(spots)), 6)
    assert emp["spot_check_count"] == len(spots)


def test_appraisal_only_when_allowed():
    s = scheme(spot_checks={"weight": 40, "missing": "appraisal_only"})
    spot = spot_table([("E1", "2026-02-01", 110, "")])
    r = xlperf.score(s, scores_table({"E1": 90, "E2": 90}), period="2026Q1", spot_checks=spot)
    final = r.employees.set_index("employee_id")["final_score"].round(6).to_dict()
    assert final == {"E1": 98.0, "E2": 90.0}


# -- monthly indicators -----------------------------------------------------------------------
def monthly_scheme():
    return xlperf.parse_scheme(
        {
            "scheme": {"id": "m", "name": "月度", "period": "quarterly"},
            "sections": [{"id": "kpi", "name": "业绩", "weight": 100}],
            "indicators": [
                {"code": "X", "name": "结果", "method": "ratio"},
                {
                    "code": "M",
                    "name": "过程",
                    "method": "ratio",
                    "cap": 150,
                    "frequency": "monthly",
                },
            ],
            "roles": [
                {
                    "id": "r",
                    "name": "岗位",
                    "indicators": [{"code": "X", "weight": 60}, {"code": "M", "weight": 40}],
                }
            ],
            "grades": GRADES5,
        }
    )


MONTHLY_ROWS = [
    ("E1", "D1", "r", "X", 100, 100, "2026Q1"),
    ("E1", "D1", "r", "M", 90, 100, "2026-01"),  # 90
    ("E1", "D1", "r", "M", 200, 100, "2026-02"),  # 200 → clamped to 150 alone
    ("E1", "D1", "r", "M", 60, 100, "2026-03"),  # 60
    ("E1", "D1", "r", "X", 50, 100, "2026Q2"),  # another quarter: never a duplicate
    ("E1", "D1", "r", "M", 10, 100, "2026-04"),
]
COLUMNS = ("employee_id", "department", "role", "indicator", "actual", "target", "期间")


def test_monthly_indicator_is_the_mean_of_months_scored_alone():
    r = xlperf.score(monthly_scheme(), data_rows(MONTHLY_ROWS, COLUMNS), period="2026Q1")
    ind = r.indicators.set_index("indicator")
    assert ind.loc["M", "score"] == pytest.approx(
        100.0
    )  # (90 + 150 + 60) / 3, not 116.67 of the mean actual
    assert r.employees.loc[0, "final_score"] == pytest.approx(100.0)  # 0.6 × 100 + 0.4 × 100
    assert r.monthly["month"].tolist() == ["2026-01", "2026-02", "2026-03"]
    assert r.monthly["score"].tolist() == [90.0, 150.0, 60.0]


def test_months_of_another_quarter_are_left_out():
    rows = [
        *MONTHLY_ROWS[4:],
        ("E1", "D1", "r", "M", 100, 100, "2026-05"),
        ("E1", "D1", "r", "M", 130, 100, "2026-06"),
    ]
    r = xlperf.score(monthly_scheme(), data_rows(rows + MONTHLY_ROWS[:4], COLUMNS), period="2026Q2")
    assert r.indicators.set_index("indicator").loc["M", "score"] == pytest.approx(
        80.0
    )  # (10 + 100 + 130) / 3
    assert r.employees.loc[0, "final_score"] == pytest.approx(62.0)  # 0.6 × 50 + 0.4 × 80


# -- roll-up ----------------------------------------------------------------------------------
ROLLUP = {"to": "annual", "weights": {"Q1": 10, "Q2": 20, "Q3": 30, "Q4": 40}}
YEAR = [
    ("2026Q1", "E1", 100, "B", ""),
    ("2026Q2", "E1", 110, "A", ""),
    ("2026Q3", "E1", 90, "C", ""),
    ("2026Q4", "E1", 120, "A", ""),
    ("2026Q1", "E2", 100, "B", ""),
    ("2026Q2", "E2", 110, "A", ""),
    ("2026Q4", "E2", 120, "A", ""),
    ("2025Q4", "E1", 10, "E", ""),
]  # another year: ignored


@pytest.mark.parametrize(
    ("emp", "final", "grade", "used"),
    [
        (
            "E1",
            107.0,
            "B",
            "2026Q1;2026Q2;2026Q3;2026Q4",
        ),  # (10·100 + 20·110 + 30·90 + 40·120) / 100
        ("E2", 8000 / 70, "A", "2026Q1;2026Q2;2026Q4"),  # (1000 + 2200 + 4800) / 70 = 114.285714…
    ],
)
def test_rollup_with_a_missing_quarter_allowed(emp, final, grade, used):
    s = scheme(rollup={**ROLLUP, "allow_missing": True})
    r = rollup(s, HistoryView.of(YEAR), 2026)
    row = r.employees.set_index("employee_id").loc[emp]
    assert row["final_score"] == pytest.approx(final, abs=1e-9)
    assert (row["grade"], row["periods_used"], r.period) == (grade, used, "2026")
    assert row["final_score_Q3"] == (90 if emp == "E1" else pytest.approx(np.nan, nan_ok=True))


def test_rollup_refuses_a_missing_quarter_by_default():
    with pytest.raises(InputError) as exc:
        rollup(scheme(rollup=ROLLUP), HistoryView.of(YEAR), "2026")
    (problem,) = exc.value.problems
    assert (problem.code, problem.subject) == ("HIST_ROLLUP_MISSING", "E2")
    assert "2026Q3" in problem.message


def test_rollup_grades_ranks_and_bonus_as_usual():
    s = scheme(
        rollup=ROLLUP,
        bonus={"A": 1.5, "B": 1.2, "C": 1, "D": 0.8, "E": 0},
        distribution={"quotas": {"A": 50}},
    )
    history = [
        (f"2026Q{q}", e, v, "B", "") for q in range(1, 5) for e, v in (("E1", 130), ("E2", 120))
    ]
    out = rollup(s, HistoryView.of(history), 2026).employees.set_index("employee_id")
    assert out["rank"].to_dict() == {"E1": 1, "E2": 2}
    assert out["grade_absolute"].to_dict() == {"E1": "A", "E2": "A"}
    assert out["grade"].to_dict() == {"E1": "A", "E2": "B"}  # A quota 50% of 2 = 1
    assert out["bonus_factor"].to_dict() == {"E1": 1.5, "E2": 1.2}
