"""Calibration policy: tie rules, small groups, exclusions, overrides, per-role KPI limits.

Hand-computed: grades A ≥ 110, B ≥ 100, C ≥ 80, D ≥ 60, E; quota counts are
floor(percent × n / 100) unless said otherwise.
"""

from __future__ import annotations

import pandas as pd
import pytest
from builders import data_rows, make_scheme, one_indicator_scheme, scores_table

import xlperf

GRADES5 = [
    {"grade": "A", "min": 110},
    {"grade": "B", "min": 100},
    {"grade": "C", "min": 80},
    {"grade": "D", "min": 60},
    {"grade": "E", "min": 0},
]
BONUS = {"A": 1.5, "B": 1.2, "C": 1.0, "D": 0.8, "E": 0}


def two_section_scheme(**distribution):
    """Sections kpi 50 and ops 50, one ratio indicator each (K, O), so section scores can differ in a tie."""
    return make_scheme(
        sections=[{"id": "kpi", "name": "业绩", "weight": 50}, {"id": "ops", "name": "运营", "weight": 50}],
        indicators=[{"code": "K", "name": "业绩指标", "method": "ratio", "cap": 1000},
                    {"code": "O", "name": "运营指标", "method": "ratio", "cap": 1000, "section": "ops"}],
        roles=[{"id": "r", "name": "岗位", "indicators": [{"code": "K", "weight": 100}, {"code": "O", "weight": 100}]}],
        grades=GRADES5,
        distribution=distribution,
    )  # fmt: skip


def two_section_data(scores: dict[str, tuple[float, float]]) -> pd.DataFrame:
    rows = []
    for emp, (k, o) in scores.items():
        rows += [(emp, "D", "r", "K", k, 100.0), (emp, "D", "r", "O", o, 100.0)]
    return data_rows(rows)


# final = (kpi + ops) / 2; E2, E3, E4 tie at 120 with different section scores
TIED = {
    "E01": (130, 130), "E02": (130, 110), "E03": (110, 130), "E04": (120, 120), "E05": (95, 95),
    "E06": (90, 90), "E07": (90, 90), "E08": (85, 85), "E09": (80, 80), "E10": (70, 70),
}  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "expected", "flags"),
    [
        # A allows 2 of 10: E01 keeps A; E02..E04 tie at the boundary.
        # demote: the block drops to B, where B allows 2 and the block of 3 ties again → C.
        ("demote", {"E01": "A", "E02": "C", "E03": "C", "E04": "C"}, "tie_at_quota"),
        # keep: the whole block keeps A: 4 in A against 2 allowed.
        (
            "keep",
            {"E01": "A", "E02": "A", "E03": "A", "E04": "A"},
            "tie_at_quota;quota_exceeded_by_tie",
        ),
        # break by score_kpi then id: E02 (130) > E04 (120) > E03 (110): E02 keeps A;
        # E04, E03 go to B, where B allows 2: both stay.
        ("break", {"E01": "A", "E02": "A", "E03": "B", "E04": "B"}, "tie_at_quota"),
    ],
)
def test_three_tie_rules_on_the_same_tied_block(rule, expected, flags):
    dist = {"quotas": {"A": 20, "B": 20}, "ties": rule}
    if rule == "break":
        dist["tie_break"] = ["score_kpi", "employee_id"]
    res = xlperf.score(two_section_scheme(**dist), two_section_data(TIED))
    got = res.employees.set_index("employee_id")
    assert {e: got.loc[e, "grade"] for e in expected} == expected
    assert got.loc[["E02", "E03", "E04"], "flags"].tolist() == [flags] * 3
    assert got.loc["E01", "flags"] == ""
    assert (
        got.loc[[f"E{i:02d}" for i in range(5, 11)], "grade"] == ["C", "C", "C", "C", "C", "D"]
    ).all()


def test_break_follows_the_listed_keys():
    # by score_ops: E03 (130) > E04 (120) > E02 (110): E03 keeps A
    dist = {
        "quotas": {"A": 20, "B": 20},
        "ties": "break",
        "tie_break": ["score_ops", "employee_id"],
    }
    got = xlperf.score(two_section_scheme(**dist), two_section_data(TIED)).employees.set_index(
        "employee_id"
    )
    assert got.loc[["E02", "E03", "E04"], "grade"].tolist() == ["B", "A", "B"]


def test_break_without_tie_break_uses_sections_then_id():
    # default order: score_kpi, score_ops, employee_id → E02 first
    dist = {"quotas": {"A": 20, "B": 20}, "ties": "break"}
    got = xlperf.score(two_section_scheme(**dist), two_section_data(TIED)).employees.set_index(
        "employee_id"
    )
    assert got.loc[["E02", "E03", "E04"], "grade"].tolist() == ["A", "B", "B"]


def test_keep_shows_the_excess_and_a_warning_in_calibration():
    res = xlperf.score(
        two_section_scheme(quotas={"A": 20, "B": 20}, ties="keep"), two_section_data(TIED)
    )
    cal = res.calibration.set_index("grade")
    assert cal.loc["A", ["allowed", "final_count", "excess", "warning"]].tolist() == [
        2,
        4,
        2,
        "CALIB_TIE_QUOTA_EXCESS",
    ]
    assert "4 against a quota of 2 (2 over, ties: keep)" in cal.loc["A", "note_en"]
    assert cal.loc["B", "excess"] == 0 and cal.loc["B", "warning"] == ""
    kept = res.events[res.events["kind"] == "quota_exceeded_by_tie"]
    assert sorted(kept["employee_id"]) == ["E02", "E03", "E04"]


def test_break_events_name_the_tie_break():
    dist = {
        "quotas": {"A": 20, "B": 20},
        "ties": "break",
        "tie_break": ["score_kpi", "employee_id"],
    }
    ev = xlperf.score(two_section_scheme(**dist), two_section_data(TIED)).events
    broken = ev[ev["kind"] == "tie_broken"]
    assert sorted(broken["employee_id"]) == ["E03", "E04"]
    assert (broken["to_grade"] == "B").all()


DEPTS = {
    "X1": ("X", 130), "X2": ("X", 125), "X3": ("X", 120), "X4": ("X", 100), "X5": ("X", 90), "X6": ("X", 80),
    "Y1": ("Y", 115), "Y2": ("Y", 112), "Y3": ("Y", 90), "Z1": ("Z", 111), "Z2": ("Z", 60),
}  # fmt: skip


def _depts(**distribution):
    scheme = one_indicator_scheme(
        {"method": "ratio", "cap": 1000}, grades=GRADES5,
        distribution={"scope": "department", "quotas": {"A": 20, "B": 20}, **distribution},
    )  # fmt: skip
    scores = {e: s for e, (_, s) in DEPTS.items()}
    res = xlperf.score(scheme, scores_table(scores, {e: d for e, (d, _) in DEPTS.items()}))
    return res, res.employees.set_index("employee_id")["grade"].to_dict()


def test_small_department_without_a_rule_gets_no_a_or_b():
    _, got = _depts()
    # Y (3): floor(0.6) = 0 A and 0 B → its A, A, C all end in C; Z (2) likewise: A, D → C, D
    assert [got[e] for e in ("Y1", "Y2", "Y3", "Z1", "Z2")] == ["C", "C", "C", "C", "D"]


def test_small_groups_pooled():
    res, got = _depts(min_group=5, small_groups="pool")
    # X (6): A allows 1 → X1 A; X2, X3 → B, B allows 1 → X2 B; X3, X4 → C
    assert [got[e] for e in ("X1", "X2", "X3", "X4", "X5", "X6")] == ["A", "B", "C", "C", "C", "C"]
    # pool Y+Z (5): A candidates 115, 112, 111 → Y1 A; Y2, Z1 → B allows 1 → Y2 B, Z1 C
    assert [got[e] for e in ("Y1", "Y2", "Y3", "Z1", "Z2")] == ["A", "B", "C", "C", "D"]
    cal = res.calibration
    handling = cal.drop_duplicates("group").set_index("group")["handling"].to_dict()
    assert handling == {"X": "quota", "Y+Z": "pooled"}
    pool = cal[cal["group"] == "Y+Z"].set_index("grade")
    assert pool.loc["A", ["group_size", "allowed", "absolute_count", "final_count"]].tolist() == [
        5,
        1,
        3,
        1,
    ]
    assert (
        "Y (3), Z (2)" in pool.loc["A", "note_en"]
        and "合并后按5人执行比例" in pool.loc["A", "note_zh"]
    )


def test_small_groups_absolute():
    res, got = _depts(min_group=5, small_groups="absolute")
    assert [got[e] for e in ("X1", "X2", "X3")] == ["A", "B", "C"]
    assert [got[e] for e in ("Y1", "Y2", "Y3", "Z1", "Z2")] == [
        "A",
        "A",
        "C",
        "A",
        "D",
    ]  # provisional grades
    y = res.calibration[res.calibration["group"] == "Y"].set_index("grade")
    assert y.loc["A", "handling"] == "absolute" and pd.isna(y.loc["A", "allowed"])
    assert y.loc["A", ["group_size", "final_count", "excess"]].tolist() == [3, 2, 0]
    assert "fewer than min_group 5" in y.loc["A", "note_en"]


def _with_heads(**distribution):
    role = {"indicators": [{"code": "X", "weight": 100}]}
    scheme = make_scheme(
        indicators=[{"code": "X", "name": "指标X", "method": "ratio", "cap": 1000}], grades=GRADES5, bonus=BONUS,
        roles=[{"id": "r", "name": "岗位", **role}, {"id": "head", "name": "部门负责人", **role}],
        distribution={"quotas": {"A": 10}, "bottom": 10, **distribution},
    )  # fmt: skip
    scores = dict(
        zip(
            [f"E{i:02d}" for i in range(1, 11)],
            [130, 120, 115, 105, 100, 95, 90, 85, 70, 50],
            strict=True,
        )
    )
    rows = [(e, "D", "r", "X", s, 100.0) for e, s in scores.items()]
    rows += [("H1", "D", "head", "X", 140, 100.0), ("H2", "D", "r", "X", 40, 100.0)]
    res = xlperf.score(scheme, data_rows(rows))
    return res, res.employees.set_index("employee_id")


def test_excluded_head_keeps_grade_and_is_not_counted():
    res, got = _with_heads(exclude={"roles": ["head"], "employees": ["H2"]})
    # counted n = 10: A allows 1 → E01 keeps A, E02 and E03 → B; bottom 1 → E10
    assert got.loc["H1", ["grade_absolute", "grade", "flags"]].tolist() == ["A", "A", "excluded"]
    assert got.loc["H2", ["grade", "flags"]].tolist() == [
        "E",
        "excluded",
    ]  # lowest, never observation
    assert got.loc[["E01", "E02", "E03"], "grade"].tolist() == ["A", "B", "B"]
    assert got.loc["E10", "flags"] == "observation"
    cal = res.calibration.set_index("grade")
    assert cal.loc["A", ["group_size", "allowed", "final_count", "excluded_count"]].tolist() == [
        10,
        1,
        1,
        1,
    ]
    assert cal.loc["E", "excluded_count"] == 1
    ex = res.events[res.events["kind"] == "excluded"].set_index("employee_id")
    assert "role head is in distribution.exclude.roles" in ex.loc["H1", "reason_en"]
    assert "listed in distribution.exclude.employees" in ex.loc["H2", "reason_en"]
    assert "不参与比例" in ex.loc["H1", "reason_zh"]


def test_without_exclusion_the_head_takes_the_a_place():
    _, got = _with_heads()
    # n = 12: A allows 1 → H1 (140) keeps it, E01 → B; bottom 1 → H2
    assert got.loc[["H1", "E01"], "grade"].tolist() == ["A", "B"]
    assert got.loc["H2", "flags"] == "observation"
