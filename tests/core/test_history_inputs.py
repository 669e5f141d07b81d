"""Bad input around periods: each with its code, its location, and nothing computed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from builders import data_rows, one_indicator_scheme, scheme_dict, scores_table

import xlperf
from xlperf.core.history import HistoryView
from xlperf.errors import InputError, SchemeError

COLUMNS = ("employee_id", "department", "role", "indicator", "actual", "target", "期间")


def scheme(**extra):
    return one_indicator_scheme({"method": "ratio"}, **extra)


def problems(call) -> list:
    with pytest.raises(InputError) as exc:
        call()
    assert "Traceback" not in exc.value.render("zh")
    return exc.value.problems


def codes(call) -> list[str]:
    return [p.code for p in problems(call)]


# -- the period and the period column ---------------------------------------------------------
@pytest.mark.parametrize(
    ("period", "code"),
    [
        ("2026Q5", "PERIOD_BAD_ID"),
        ("2026-03", "PERIOD_WRONG_KIND"),
        ("2026", "PERIOD_WRONG_KIND"),
        ("Q1", "PERIOD_BAD_ID"),
    ],
)
def test_a_period_argument_that_does_not_fit(period, code):
    (p,) = problems(lambda: xlperf.score(scheme(), scores_table({"E1": 100}), period=period))
    assert (p.code, p.where.path) == (code, "period")


def test_a_period_cell_that_does_not_parse_is_located():
    rows = [("E1", "D1", "r", "X", 100, 100, "2026Q1"), ("E2", "D1", "r", "X", 100, 100, "Q1 2026")]
    (p,) = problems(lambda: xlperf.score(scheme(), data_rows(rows, COLUMNS), period="2026Q1"))
    assert (p.code, p.where.row, p.where.column) == ("PERIOD_BAD_ID", 3, "期间")
    assert "Q1 2026" in p.message


def test_a_period_cell_of_another_kind():
    rows = [("E1", "D1", "r", "X", 100, 100, "2026"), ("E2", "D1", "r", "X", 100, 100, "2026Q1")]
    (p,) = problems(lambda: xlperf.score(scheme(), data_rows(rows, COLUMNS)))
    assert (p.code, p.where.row) == ("PERIOD_WRONG_KIND", 2)


def test_an_empty_period_cell_among_filled_ones():
    rows = [("E1", "D1", "r", "X", 100, 100, "2026Q1"), ("E2", "D1", "r", "X", 100, 100, None)]
    (p,) = problems(lambda: xlperf.score(scheme(), data_rows(rows, COLUMNS)))
    assert (p.code, p.where.row) == ("PERIOD_EMPTY_CELL", 3)


def test_several_periods_without_a_choice_is_one_error_listing_them():
    rows = [("E1", "D1", "r", "X", 100, 100, q) for q in ("2026Q2", "2025Q4", "2026Q1")]
    (p,) = problems(lambda: xlperf.score(scheme(), data_rows(rows, COLUMNS)))
    assert p.code == "PERIOD_SEVERAL"
    assert "2025Q4, 2026Q1, 2026Q2" in p.message


def test_the_chosen_period_must_be_in_the_data():
    rows = [("E1", "D1", "r", "X", 100, 100, "2026Q1")]
    (p,) = problems(lambda: xlperf.score(scheme(), data_rows(rows, COLUMNS), period="2026Q2"))
    assert p.code == "PERIOD_NOT_IN_DATA"


def test_rows_of_different_periods_never_clash_but_one_period_still_does():
    rows = [("E1", "D1", "r", "X", 90, 100, "2026Q1"), ("E1", "D1", "r", "X", 120, 100, "2026Q2")]
    r = xlperf.score(scheme(), data_rows(rows, COLUMNS), period="2026Q2")
    assert r.employees.loc[0, "final_score"] == 120
    rows.append(("E1", "D1", "r", "X", 130, 100, "2026q2"))
    p = problems(lambda: xlperf.score(scheme(), data_rows(rows, COLUMNS), period="2026Q2"))[0]
    assert (p.code, p.where.row) == ("DATA_DUPLICATE_ROW", 4)


def test_one_period_in_the_data_is_the_period():
    rows = [
        ("E1", "D1", "r", "X", 90, 100, dt.datetime(2026, 3, 1))
    ]  # Excel's date for a typed 2026-03
    r = xlperf.score(
        scheme(scheme={"id": "m", "name": "m", "period": "monthly"}), data_rows(rows, COLUMNS)
    )
    assert r.period == "2026-03"


# -- history ----------------------------------------------------------------------------------
def test_data_of_a_closed_period_is_refused():
    view = HistoryView.of(
        [("2026Q1", "E1", 100, "B", "")], closed={"2026Q1": "2026-04-02T08:00:00+00:00"}
    )
    (p,) = problems(
        lambda: xlperf.score(scheme(), scores_table({"E1": 100}), history=view, period="2026Q1")
    )
    assert p.code == "HIST_PERIOD_CLOSED"
    assert "2026-04-02" in p.message


def test_a_history_needs_the_period():
    (p,) = problems(
        lambda: xlperf.score(scheme(), scores_table({"E1": 100}), history=HistoryView.empty())
    )
    assert p.code == "PERIOD_REQUIRED"


# -- spot checks ------------------------------------------------------------------------------
def spots(*rows):
    return pd.DataFrame(rows, columns=["employee_id", "date", "score", "note"])


SPOT = {"spot_checks": {"weight": 40}}


@pytest.mark.parametrize(
    ("row", "code", "column"),
    [
        (("E1", "2026-02-01", 151), "SPOT_SCORE_OUT_OF_RANGE", "score"),
        (("E1", "2026-02-01", -0.5), "SPOT_SCORE_OUT_OF_RANGE", "score"),
        (("E1", "2026-02-01", 150.0000006), "SPOT_SCORE_OUT_OF_RANGE", "score"),
        (("E1", "2026-02-01", "高"), "NUMBER_TEXT", "score"),
        (("E1", "2026-02-01", None), "SPOT_EMPTY_SCORE", "score"),
        (("E1", "2026-04-01", 90), "SPOT_DATE_OUTSIDE_PERIOD", "date"),
        (("E1", "2025-12-31", 90), "SPOT_DATE_OUTSIDE_PERIOD", "date"),
        (("E1", "2026/02/30", 90), "SPOT_BAD_DATE", "date"),
        (("E1", None, 90), "SPOT_EMPTY_DATE", "date"),
        (("E9", "2026-02-01", 90), "SPOT_UNKNOWN_EMPLOYEE", "employee_id"),
    ],
)
def test_bad_spot_checks_are_located(row, code, column):
    table = spots(("E1", "2026-03-31", 100, "ok"), (*row, "x"))
    found = problems(
        lambda: xlperf.score(
            scheme(**SPOT), scores_table({"E1": 90}), period="2026Q1", spot_checks=table
        )
    )
    assert [(p.code, p.where.row, p.where.column) for p in found] == [(code, 3, column)]


@pytest.mark.parametrize("score", [0, 150, 150.0000004, "85%"])
def test_spot_check_scores_at_the_edges_are_accepted(score):
    r = xlperf.score(
        scheme(**SPOT),
        scores_table({"E1": 90}),
        period="2026Q1",
        spot_checks=spots(("E1", "2026-01-01", score, "")),
    )
    assert r.employees.loc[0, "spot_check_count"] == 1


def test_an_employee_without_spot_checks():
    (p,) = problems(
        lambda: xlperf.score(
            scheme(**SPOT),
            scores_table({"E1": 90, "E2": 80}),
            period="2026Q1",
            spot_checks=spots(("E1", "2026-01-05", 100, "")),
        )
    )
    assert (p.code, p.subject) == ("SPOT_MISSING_EMPLOYEE", "E2")


def test_spot_checks_need_a_period_and_a_scheme_that_mixes_them():
    table = spots(("E1", "2026-01-05", 100, ""))
    assert codes(
        lambda: xlperf.score(scheme(**SPOT), scores_table({"E1": 90}), spot_checks=table)
    ) == ["PERIOD_REQUIRED"]
    assert codes(
        lambda: xlperf.score(scheme(), scores_table({"E1": 90}), period="2026Q1", spot_checks=table)
    ) == ["SPOT_NOT_IN_SCHEME"]
    assert codes(
        lambda: xlperf.score(scheme(**SPOT), scores_table({"E1": 90}), period="2026Q1")
    ) == ["SPOT_NOT_GIVEN"]


def test_spot_check_problems_come_with_the_data_problems():
    rows = [("E1", "D1", "r", "X", "abc", 100, "2026Q1")]
    found = codes(
        lambda: xlperf.score(
            scheme(**SPOT),
            data_rows(rows, COLUMNS),
            period="2026Q1",
            spot_checks=spots(("E1", "2026-05-05", 100, "")),
        )
    )
    assert found == ["NUMBER_TEXT", "SPOT_DATE_OUTSIDE_PERIOD", "SPOT_MISSING_EMPLOYEE"]


# -- monthly indicators -----------------------------------------------------------------------
def monthly_scheme():
    raw = scheme_dict(
        indicators=[
            {"code": "X", "name": "结果", "method": "ratio"},
            {"code": "M", "name": "过程", "method": "ratio", "frequency": "monthly"},
        ],
        roles=[
            {
                "id": "r",
                "name": "岗位",
                "indicators": [{"code": "X", "weight": 60}, {"code": "M", "weight": 40}],
            }
        ],
    )
    return xlperf.parse_scheme(raw)


@pytest.mark.parametrize(
    ("rows", "code", "row"),
    [
        ([("X", "2026Q1"), ("M", "2026-01"), ("M", "2026-03")], "PERIOD_MONTHS_MISSING", 3),
        ([("X", "2026Q1"), ("M", "2026Q1")], "PERIOD_MONTHLY_NEEDS_MONTHS", 3),
        (
            [
                ("X", "2026-01"),
                ("X", "2026-02"),
                ("X", "2026-03"),
                ("M", "2026-01"),
                ("M", "2026-02"),
                ("M", "2026-03"),
            ],
            "PERIOD_MONTH_ROW_NOT_MONTHLY",
            2,
        ),
        (
            [
                ("X", "2026Q1"),
                ("M", "2026-01"),
                ("M", "2026-01"),
                ("M", "2026-02"),
                ("M", "2026-03"),
            ],
            "DATA_DUPLICATE_ROW",
            4,
        ),
    ],
)
def test_monthly_rows_that_do_not_fit(rows, code, row):
    data = data_rows([("E1", "D1", "r", ind, 100, 100, per) for ind, per in rows], COLUMNS)
    found = problems(lambda: xlperf.score(monthly_scheme(), data, period="2026Q1"))
    assert (found[0].code, found[0].where.row) == (code, row)


def test_monthly_weights_must_agree():
    rows = [("E1", "D1", "r", "X", 100, 100, "2026Q1", 60)] + [
        ("E1", "D1", "r", "M", 100, 100, f"2026-0{m}", 40 if m < 3 else 30) for m in (1, 2, 3)
    ]
    data = data_rows(rows, (*COLUMNS, "weight"))
    assert "PERIOD_MONTHLY_WEIGHT_DIFFERS" in codes(
        lambda: xlperf.score(monthly_scheme(), data, period="2026Q1")
    )


def test_a_monthly_indicator_without_a_period_column():
    data = data_rows([("E1", "D1", "r", "X", 100, 100), ("E1", "D1", "r", "M", 100, 100)])
    (p,) = problems(lambda: xlperf.score(monthly_scheme(), data))
    assert (p.code, p.where.row) == ("PERIOD_MONTHLY_NEEDS_MONTHS", 3)


# -- scheme keys ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "code", "path"),
    [
        (
            {"streaks": [{"flag": "tp", "grades": ["Z"], "periods": 4}]},
            "SCHEME_UNKNOWN_GRADE",
            "streaks[0].grades[0]",
        ),
        ({"streaks": [{"flag": "tp", "periods": 4}]}, "SCHEME_STREAK_CONDITION", "streaks[0]"),
        (
            {"streaks": [{"flag": "tp", "grades": ["A"], "flags": ["observation"], "periods": 2}]},
            "SCHEME_STREAK_CONDITION",
            "streaks[0]",
        ),
        (
            {"streaks": [{"flag": "后备", "grades": ["A"], "periods": 4}]},
            "SCHEME_FLAG_NAME",
            "streaks[0].flag",
        ),
        (
            {"streaks": [{"flag": "observation", "grades": ["A"], "periods": 4}]},
            "SCHEME_FLAG_RESERVED",
            "streaks[0].flag",
        ),
        (
            {"streaks": [{"flag": "x", "flags": ["observaton"], "periods": 2}]},
            "SCHEME_UNKNOWN_FLAG",
            "streaks[0].flags[0]",
        ),
        (
            {"streaks": [{"flag": "x", "grades": ["A"], "periods": 0}]},
            "SCHEME_BAD_VALUE",
            "streaks[0].periods",
        ),
        (
            {
                "streaks": [
                    {"flag": "x", "grades": ["A"], "periods": 2},
                    {"flag": "x", "grades": ["B"], "periods": 2},
                ]
            },
            "SCHEME_DUPLICATE_ID",
            "streaks[1].flag",
        ),
        (
            {"improvement": {"months": 3, "met_grade": "CC"}},
            "SCHEME_UNKNOWN_GRADE",
            "improvement.met_grade",
        ),
        ({"improvement": {"months": 0}}, "SCHEME_BAD_VALUE", "improvement.months"),
        ({"spot_checks": {"weight": 0}}, "SCHEME_BAD_VALUE", "spot_checks.weight"),
        (
            {"spot_checks": {"weight": 40, "missing": "ignore"}},
            "SCHEME_BAD_CHOICE",
            "spot_checks.missing",
        ),
        ({"rollup": {"weights": {"Q1": 50, "Q5": 50}}}, "SCHEME_ROLLUP_KEY", "rollup.weights.Q5"),
        ({"rollup": {"weights": {"Q1": 50, "Q2": 40}}}, "SCHEME_WEIGHTS_SUM", "rollup.weights"),
        ({"rollup": {"to": "monthly", "weights": {"Q1": 100}}}, "SCHEME_BAD_CHOICE", "rollup.to"),
        (
            {"scheme": {"id": "t", "name": "t", "period": "weekly"}},
            "SCHEME_BAD_CHOICE",
            "scheme.period",
        ),
        (
            {
                "scheme": {"id": "t", "name": "t", "period": "annual"},
                "rollup": {"weights": {"Q1": 100}},
            },
            "SCHEME_ROLLUP_FROM_ANNUAL",
            "rollup",
        ),
    ],
)
def test_scheme_keys_of_periods_are_checked_with_their_path(changes, code, path):
    with pytest.raises(SchemeError) as exc:
        xlperf.parse_scheme(scheme_dict(**changes))
    assert (code, path) in [(p.code, p.where.path) for p in exc.value.problems]


def test_improvement_needs_a_grade_c_or_a_met_grade():
    grades = [{"grade": "优", "min": 100}, {"grade": "良", "min": 0}]
    with pytest.raises(SchemeError) as exc:
        xlperf.parse_scheme(scheme_dict(grades=grades, improvement={"months": 3}))
    assert [p.code for p in exc.value.problems] == ["SCHEME_MET_GRADE_MISSING"]
    assert xlperf.parse_scheme(
        scheme_dict(grades=grades, improvement={"months": 3, "met_grade": "良"})
    )


def test_indicator_frequency_is_checked_and_hashed_only_when_set():
    with pytest.raises(SchemeError) as exc:
        xlperf.parse_scheme(
            scheme_dict(
                indicators=[
                    {"code": "REV", "name": "收入", "method": "ratio", "frequency": "weekly"},
                    {"code": "COST", "name": "费用", "method": "inverse"},
                ]
            )
        )
    assert ("SCHEME_BAD_CHOICE", "indicators[0].frequency") in [
        (p.code, p.where.path) for p in exc.value.problems
    ]
    plain = xlperf.parse_scheme(scheme_dict())
    monthly = xlperf.parse_scheme(
        scheme_dict(
            indicators=[
                {"code": "REV", "name": "收入", "method": "ratio", "frequency": "monthly"},
                {"code": "COST", "name": "费用", "method": "inverse"},
            ]
        )
    )
    assert plain.fingerprint != monthly.fingerprint
    assert plain.fingerprint == xlperf.parse_scheme(scheme_dict(streaks=[])).fingerprint
