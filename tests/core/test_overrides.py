"""Calibration overrides (校准调整): applied after the quotas, warned when beyond a quota, located errors."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import one_indicator_scheme, scores_table

import xlperf

GRADES5 = [
    {"grade": "A", "min": 110},
    {"grade": "B", "min": 100},
    {"grade": "C", "min": 80},
    {"grade": "D", "min": 60},
    {"grade": "E", "min": 0},
]
BONUS = {"A": 1.5, "B": 1.2, "C": 1.0, "D": 0.8, "E": 0}


def _overrides(rows, columns=("工号", "校准等级", "调整原因", "审批人")):
    return pd.DataFrame(rows, columns=list(columns))


def test_override_beyond_quota_is_applied_and_warned():
    scheme = one_indicator_scheme(
        {"method": "ratio", "cap": 1000},
        grades=GRADES5,
        bonus=BONUS,
        distribution={"quotas": {"A": 10}},
    )
    scores = {
        e: s
        for e, s in zip(
            [f"E{i:02d}" for i in range(1, 11)],
            [130, 120, 115, 105, 100, 95, 90, 85, 70, 50],
            strict=True,
        )
    }
    data = scores_table(scores)
    ov = _overrides([("E02", "A", "重大项目攻关", "张总")])
    out = xlperf.score(scheme, data, overrides=ov)
    got = out.employees.set_index("employee_id")
    # quotas: A allows 1 → E01 A, E02 B; the override makes E02 A: 2 in A against 1
    assert got.loc["E02", ["grade_before_override", "grade", "bonus_factor"]].tolist() == [
        "B",
        "A",
        1.5,
    ]
    assert got.loc["E01", ["grade_before_override", "grade"]].tolist() == ["A", "A"]
    a = out.calibration.set_index("grade").loc["A"]
    assert [a["allowed"], a["final_count"], a["excess"], a["warning"]] == [
        1,
        2,
        1,
        "CALIB_OVERRIDE_QUOTA_EXCESS",
    ]
    assert "exceed its quota of 1 by 1" in a["note_en"]
    ev = out.events[out.events["kind"] == "override"].iloc[0]
    assert (ev["employee_id"], ev["from_grade"], ev["to_grade"], ev["approved_by"]) == (
        "E02",
        "B",
        "A",
        "张总",
    )
    assert ev["reason_zh"] == "校准调整：重大项目攻关（审批人：张总）"
    assert list(out.employees.columns[: len(out.result_columns)]) == out.result_columns
    assert out.employees.columns[len(out.result_columns)] == "grade_before_override"


def test_override_by_label_and_english_headers():
    scheme = one_indicator_scheme(
        {"method": "ratio", "cap": 1000},
        grades=[
            dict(g, label=lab)
            for g, lab in zip(GRADES5, ["优", "良", "中", "差", "劣"], strict=True)
        ],
    )
    ov = _overrides(
        [("E1", " 良 ", "calibrated", "CEO")], ("employee_id", "grade", "reason", "approved_by")
    )
    got = xlperf.score(scheme, scores_table({"E1": 90}), overrides=ov).employees.iloc[0]
    assert (got["grade_before_override"], got["grade"]) == ("C", "B")


@pytest.mark.parametrize(
    ("row", "code", "column"),
    [
        (("E1", "A", "", "张总"), "CALIB_NO_REASON", "调整原因"),
        (("E1", "A", "理由", ""), "CALIB_NO_APPROVER", "审批人"),
        (("E1", "AA", "理由", "张总"), "CALIB_UNKNOWN_GRADE", "校准等级"),
        (("E1", "", "理由", "张总"), "CALIB_NO_GRADE", "校准等级"),
        (("E9", "A", "理由", "张总"), "CALIB_UNKNOWN_EMPLOYEE", "工号"),
    ],
)
def test_bad_overrides_are_located_errors(row, code, column):
    scheme = one_indicator_scheme({"method": "ratio", "cap": 1000}, grades=GRADES5)
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme, scores_table({"E1": 90}), overrides=_overrides([row]))
    (p,) = exc.value.problems
    assert p.code == code and p.where.row == 2 and column in p.where.column


def test_unknown_override_grade_suggests_one():
    scheme = one_indicator_scheme({"method": "ratio", "cap": 1000}, grades=GRADES5)
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(
            scheme, scores_table({"E1": 90}), overrides=_overrides([("E1", "a+", "理由", "张总")])
        )
    assert "A, B, C, D, E" in exc.value.problems[0].message


def test_duplicate_override_is_an_error():
    scheme = one_indicator_scheme({"method": "ratio", "cap": 1000}, grades=GRADES5)
    ov = _overrides([("E1", "A", "理由", "张总"), ("E1", "B", "理由", "张总")])
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme, scores_table({"E1": 90}), overrides=ov)
    (p,) = exc.value.problems
    assert (
        p.code == "CALIB_DUPLICATE_OVERRIDE" and p.where.row == 3 and "first at row 2" in p.message
    )


def test_override_table_without_approver_column():
    scheme = one_indicator_scheme({"method": "ratio", "cap": 1000}, grades=GRADES5)
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(
            scheme,
            scores_table({"E1": 90}),
            overrides=pd.DataFrame({"工号": ["E1"], "等级": ["A"], "原因": ["x"]}),
        )
    assert [p.code for p in exc.value.problems] == ["TABLE_MISSING_COLUMN"]
