"""Grades, ranks, forced distribution, bottom flag and bonus — hand-computed tables."""

from __future__ import annotations

import numpy as np
import pytest
from builders import one_indicator_scheme, scores_table

import xlperf
from xlperf.core.contract.grading import competition_rank
from xlperf.core.numeric import quota_count

GRADES5 = [
    {"grade": "A", "min": 110},
    {"grade": "B", "min": 100},
    {"grade": "C", "min": 80},
    {"grade": "D", "min": 60},
    {"grade": "E", "min": 0},
]


def run(
    scores: dict[str, float],
    *,
    quotas=None,
    bottom=0,
    rounding="floor",
    scope="company",
    departments="D1",
    grades=GRADES5,
    bonus=None,
):
    extra = {
        "grades": grades,
        "distribution": {
            "scope": scope,
            "rounding": rounding,
            "quotas": quotas or {},
            "bottom": bottom,
        },
    }
    if bonus:
        extra["bonus"] = bonus
    scheme = one_indicator_scheme({"method": "ratio", "cap": 1000}, **extra)
    return xlperf.score(scheme, scores_table(scores, departments)).employees.set_index(
        "employee_id"
    )


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (110, "A"),
        (109.9999999, "A"),
        (109.999999, "B"),
        (109.9999994, "B"),
        (100, "B"),
        (99.99, "C"),
        (80, "C"),
        (0, "E"),
        (-5, "E"),
    ],
)
def test_absolute_grade_compares_six_decimals(score, grade):
    scheme = one_indicator_scheme({"method": "ratio", "floor": -100}, grades=GRADES5)
    emp = xlperf.score(scheme, scores_table({"E1": score})).employees.iloc[0]
    assert emp["grade_absolute"] == grade


def test_competition_ranks_like_rank_eq():
    got = run({"E1": 90, "E2": 95, "E3": 90, "E4": 80, "E5": 95.0000001})
    assert got["rank"].to_dict() == {"E1": 3, "E2": 1, "E3": 3, "E4": 5, "E5": 1}


def test_department_rank_and_scope_department():
    depts = {"E1": "X", "E2": "X", "E3": "Y", "E4": "Y", "E5": "Y"}
    got = run(
        {"E1": 90, "E2": 95, "E3": 99, "E4": 70, "E5": 99}, scope="department", departments=depts
    )
    assert got["department_rank"].to_dict() == {"E1": 2, "E2": 1, "E3": 1, "E4": 3, "E5": 1}
    assert got["rank"].to_dict() == got["department_rank"].to_dict()
    company = run({"E1": 90, "E2": 95, "E3": 99, "E4": 70, "E5": 99}, departments=depts)
    assert company["rank"].to_dict() == {"E1": 4, "E2": 3, "E3": 1, "E4": 5, "E5": 1}
    assert company["department_rank"].to_dict() == {"E1": 2, "E2": 1, "E3": 1, "E4": 3, "E5": 1}


@pytest.mark.parametrize(
    ("percent", "n", "rounding", "expected"),
    [
        (29, 100, "floor", 29),  # exact: never 28.999…
        (10, 15, "floor", 1),
        (10, 15, "round", 2),  # 1.5 rounds half up
        (10, 14, "round", 1),
        (10, 11, "ceil", 2),
        (10, 10, "ceil", 1),
        (12.5, 8, "floor", 1),
        (0.1, 3000, "floor", 3),
        (20, 7, "floor", 1),
        (20, 7, "ceil", 2),
    ],
)
def test_quota_counts_are_exact(percent, n, rounding, expected):
    assert quota_count(percent, n, rounding) == expected


def test_quota_demotes_beyond_allowed_in_rank_order():
    scores = {
        f"E{i:02d}": s
        for i, s in enumerate([130, 125, 120, 115, 105, 104, 103, 90, 85, 70], start=1)
    }
    got = run(scores, quotas={"A": 10, "B": 20})
    # n = 10: A allows 1, B allows 2. A candidates: 130,125,120,115 → 130 keeps A, the rest drop to B.
    # B candidates: 125,120,115,105,104,103 → 125,120 keep B; 115,105,104,103 drop to C.
    assert got["grade"].to_dict() == {
        "E01": "A",
        "E02": "B",
        "E03": "B",
        "E04": "C",
        "E05": "C",
        "E06": "C",
        "E07": "C",
        "E08": "C",
        "E09": "C",
        "E10": "D",
    }
    assert got["grade_absolute"].to_dict()["E04"] == "A"
    assert (got["flags"] == "").all()


def test_grades_without_quota_take_everyone():
    scores = {f"E{i}": 85 for i in range(10)}
    got = run(scores, quotas={"A": 10, "B": 20})
    assert (got["grade"] == "C").all()


def test_quota_boundary_never_splits_a_tie():
    scores = {
        "E1": 130,
        "E2": 120,
        "E3": 120,
        "E4": 95,
        "E5": 95,
        "E6": 95,
        "E7": 90,
        "E8": 90,
        "E9": 85,
        "E10": 70,
    }
    got = run(scores, quotas={"A": 20, "B": 20})
    # A allows 2: 130 kept, 120 (last kept) ties 120 (first out) → both 120s drop to B, flagged.
    # B allows 2: candidates 120,120 → both kept, no tie beyond.
    assert got.loc["E1", "grade"] == "A"
    assert got.loc["E2", "grade"] == "B" and got.loc["E3", "grade"] == "B"
    assert got.loc["E2", "flags"] == "tie_at_quota" and got.loc["E3", "flags"] == "tie_at_quota"
    assert got.loc["E1", "flags"] == ""


def test_tie_block_cascades_through_the_next_quota():
    scores = {
        "E1": 130,
        "E2": 130,
        "E3": 130,
        "E4": 101,
        "E5": 90,
        "E6": 90,
        "E7": 90,
        "E8": 90,
        "E9": 90,
        "E10": 90,
    }
    got = run(scores, quotas={"A": 10, "B": 20})
    # A allows 1: three tied at 130 → all to B with tie_at_quota.
    # B allows 2: 130,130,130,101 → the third 130 ties the second: whole 130 block to C, flagged; 101 → C.
    assert got.loc[["E1", "E2", "E3"], "grade"].tolist() == ["C", "C", "C"]
    assert got.loc[["E1", "E2", "E3"], "flags"].tolist() == ["tie_at_quota"] * 3
    assert got.loc["E4", "grade"] == "C" and got.loc["E4", "flags"] == ""


@pytest.mark.parametrize(
    ("rounding", "a_count"),
    [("floor", 1), ("round", 2), ("ceil", 2)],
)
def test_rounding_mode_decides_the_allowed_count(rounding, a_count):
    scores = {f"E{i:02d}": 150 - i for i in range(15)}  # all ≥ 110 → absolute A
    got = run(scores, quotas={"A": 10}, rounding=rounding)
    assert (got["grade"] == "A").sum() == a_count


def test_bottom_observation_and_tied_boundary():
    scores = {
        f"E{i:02d}": s for i, s in enumerate([100, 99, 98, 97, 96, 95, 94, 93, 60, 50], start=1)
    }
    got = run(scores, bottom=20)
    assert got.loc[got["flags"] == "observation"].index.tolist() == ["E09", "E10"]
    tied = {
        f"E{i:02d}": s for i, s in enumerate([100, 99, 98, 97, 96, 95, 94, 93, 60, 60], start=1)
    }
    got = run(tied, bottom=10)
    # one observation place; the two lowest are tied at the boundary → neither, both flagged
    assert got.loc[["E09", "E10"], "flags"].tolist() == ["tie_at_quota", "tie_at_quota"]
    assert (got.loc[[f"E{i:02d}" for i in range(1, 9)], "flags"] == "").all()


def test_bottom_tied_block_inside_the_range_is_kept():
    scores = {
        f"E{i:02d}": s for i, s in enumerate([100, 99, 98, 97, 96, 95, 94, 93, 50, 50], start=1)
    }
    got = run(scores, bottom=30)
    # three places: 50, 50 inside; the third place (93) is not tied with 94 → observation for all three
    assert sorted(got.index[got["flags"] == "observation"]) == ["E08", "E09", "E10"]


def test_flags_combine_in_order():
    scores = {"E1": 120, "E2": 120}
    got = run(scores, quotas={"A": 50}, bottom=50)
    # A allows 1 of the tie → both to B flagged; bottom 1 place: tie at the boundary → flagged again
    assert got["flags"].tolist() == ["tie_at_quota", "tie_at_quota"]


def test_bonus_factor_follows_the_final_grade():
    scores = {f"E{i:02d}": s for i, s in enumerate([130, 125, 90, 70], start=1)}
    got = run(scores, quotas={"A": 25}, bonus={"A": 1.5, "B": 1.2, "C": 1.0, "D": 0.8, "E": 0})
    assert got["bonus_factor"].to_dict() == {"E01": 1.5, "E02": 1.2, "E03": 1.0, "E04": 0.8}


def test_calibration_table_counts():
    scores = {
        f"E{i:02d}": s
        for i, s in enumerate([130, 125, 120, 115, 105, 104, 103, 90, 85, 70], start=1)
    }
    scheme = one_indicator_scheme(
        {"method": "ratio", "cap": 1000},
        grades=GRADES5,
        distribution={"quotas": {"A": 10, "B": 20}},
    )
    res = xlperf.score(scheme, scores_table(scores))
    cal = res.calibration.set_index("grade")
    assert cal.loc["A", ["allowed", "absolute_count", "final_count"]].tolist() == [1, 4, 1]
    assert cal.loc["B", ["allowed", "absolute_count", "final_count"]].tolist() == [2, 3, 2]
    assert cal.loc["C", "final_count"] == 6
    demoted = res.events[res.events["kind"] == "demoted"]
    assert sorted(demoted["employee_id"]) == ["E02", "E03", "E04", "E04", "E05", "E06", "E07"]


def test_competition_rank_function_with_groups():
    ranks = competition_rank(
        np.array([5.0, 7.0, 5.0, 1.0]), np.array(["a", "b", "a", "a"], dtype=object)
    )
    assert ranks.tolist() == [1, 1, 1, 3]
