"""The SQLite history store: close, reopen, import, view, show, export; refusals leave the file as it was."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from builders import one_indicator_scheme, scores_table

import xlperf
from xlperf.errors import BusyError, InputError, UsageError, WorkbookError
from xlperf.io import history_schema
from xlperf.io.history import HistoryStore, default_history_path

GRADES5 = [
    {"grade": g, "min": m} for g, m in (("A", 110), ("B", 100), ("C", 80), ("D", 60), ("E", 0))
]
STREAKS = [{"flag": "reassign_review", "grades": ["D", "E"], "periods": 2}]


@pytest.fixture(scope="module")
def scheme():
    return one_indicator_scheme(
        {"method": "ratio", "cap": 1000},
        grades=GRADES5,
        streaks=STREAKS,
        improvement={"months": 3},
        distribution={"bottom": 20},
        bonus={"A": 1.5, "B": 1.2, "C": 1, "D": 0.8, "E": 0},
    )


def quarter(
    scheme, store: HistoryStore | None, period: str, scores: dict[str, float], reopen=False
):
    view = store.view(period, reopen=reopen) if store is not None else None
    data = scores_table(scores).assign(期间=period)
    return xlperf.score(scheme, data, history=view, period=period)


Q1 = {"E1": 120, "E2": 105, "E3": 85, "E4": 65, "E5": 50}  # bottom 20% of 5 = 1: E5 on observation
Q2 = {"E1": 121, "E2": 95, "E3": 86, "E4": 62, "E5": 90}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def closed_q1(tmp_path, scheme):
    store = HistoryStore(tmp_path / "xlperf-history.sqlite")
    store.close_period("2026Q1", quarter(scheme, store, "2026Q1", Q1), "sha256:aaa")
    return store


def test_close_records_the_period(closed_q1):
    periods = closed_q1.periods()
    assert periods[
        ["period", "kind", "scheme_id", "scheme_version", "master_hash", "source", "employees"]
    ].values.tolist() == [["2026Q1", "quarterly", "t-1", "1", "sha256:aaa", "close", 5]]
    assert periods.loc[0, "closed_at"].endswith("+00:00")
    view = closed_q1.view()
    assert view.closed == frozenset({"2026Q1"})
    recs = view.records.set_index("employee_id")
    assert recs.loc["E4", ["final_score", "grade", "flags"]].tolist() == [65.0, "D", ""]
    assert recs.loc["E5", "flags"] == "observation"
    assert recs.loc["E1", "score_kpi"] == 120
    assert view.plans[
        ["employee_id", "period", "due_date", "indicators", "status"]
    ].values.tolist() == [["E5", "2026Q1", "2026-06-30", "X 50.00", "open"]]


def test_what_is_stored_per_employee_and_indicator(closed_q1):
    con = sqlite3.connect(closed_q1.path)
    row = con.execute(
        "SELECT grade_absolute, grade, rank, department_rank, bonus_factor FROM employee_results "
        "WHERE employee_id = 'E2'"
    ).fetchone()
    assert row == ("B", "B", 2, 2, 1.2)
    assert con.execute(
        "SELECT indicator, actual, target, weight, score FROM indicator_scores "
        "WHERE employee_id = 'E3'"
    ).fetchall() == [("X", 85.0, 100.0, 100.0, 85.0)]
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()


def test_a_closed_period_is_immutable(closed_q1, scheme):
    before = digest(closed_q1.path)
    with pytest.raises(InputError) as exc:
        closed_q1.close_period("2026Q1", quarter(scheme, None, "2026Q1", Q1), "sha256:bbb")
    assert exc.value.exit_code == 3
    (p,) = exc.value.problems
    assert (p.code, p.where.file) == ("HIST_PERIOD_CLOSED", str(closed_q1.path))
    assert digest(closed_q1.path) == before


def test_scoring_a_closed_period_is_refused(closed_q1, scheme):
    with pytest.raises(InputError) as exc:
        quarter(scheme, closed_q1, "2026Q1", Q1)
    assert [p.code for p in exc.value.problems] == ["HIST_PERIOD_CLOSED"]


def test_reopen_with_a_reason_keeps_the_old_record_in_the_audit_log(closed_q1, scheme):
    changed = {**Q1, "E2": 111}
    r = quarter(scheme, closed_q1, "2026Q1", changed, reopen=True)
    closed = closed_q1.close_period("2026Q1", r, "sha256:ccc", reopen_reason="E2 的销售额更正")
    assert closed.reopened
    assert closed_q1.view().records.set_index("employee_id").loc["E2", "grade"] == "A"
    log = closed_q1.audit_log()
    assert log["action"].tolist() == ["close", "reopen", "close"]
    old = json.loads(log.loc[1, "detail"])
    assert old["reason"] == "E2 的销售额更正"
    e2 = [row for row in old["old"]["employee_results"] if row["employee_id"] == "E2"]
    assert e2[0]["final_score"] == 105.0
    assert old["old"]["periods"][0]["master_hash"] == "sha256:aaa"
    assert closed_q1.periods().loc[0, "reopen_reason"] == "E2 的销售额更正"


@pytest.mark.parametrize(
    ("period", "reason", "code"),
    [("2026Q2", "fix", "HIST_REOPEN_NOT_CLOSED"), ("2026Q1", "  ", "HIST_REOPEN_NO_REASON")],
)
def test_reopen_refusals_leave_the_file(closed_q1, scheme, period, reason, code):
    before = digest(closed_q1.path)
    r = quarter(scheme, None, period, Q1)
    with pytest.raises(InputError) as exc:
        closed_q1.close_period(period, r, "h", reopen_reason=reason)
    assert [p.code for p in exc.value.problems] == [code]
    assert digest(closed_q1.path) == before


def test_results_of_another_period_are_refused(tmp_path, scheme):
    store = HistoryStore(tmp_path / "h.sqlite")
    with pytest.raises(InputError) as exc:
        store.close_period("2026Q2", quarter(scheme, None, "2026Q1", Q1), "h")
    assert [p.code for p in exc.value.problems] == ["HIST_RESULTS_PERIOD_MISMATCH"]
    for period, code in (("2026-04", "PERIOD_WRONG_KIND"), ("2026Q5", "PERIOD_BAD_ID")):
        with pytest.raises(InputError) as exc:
            store.close_period(period, quarter(scheme, None, "2026Q1", Q1), "h")
        assert [(p.code, p.where.path) for p in exc.value.problems] == [(code, "period")]
    assert not store.path.exists()


def test_the_next_period_marks_plans_and_streaks(closed_q1, scheme):
    r = quarter(scheme, closed_q1, "2026Q2", Q2)
    emp = r.employees.set_index("employee_id")
    assert emp.loc["E4", ["streak_reassign_review", "flags"]].tolist() == [
        2,
        "observation;reassign_review",
    ]
    assert r.plans[["employee_id", "period", "status", "outcome_grade"]].values.tolist() == [
        ["E5", "2026Q1", "met", "C"],
        ["E4", "2026Q2", "open", None],
    ]
    closed_q1.close_period("2026Q2", r, "h2")
    plans = closed_q1.plans().set_index(["employee_id", "period"])
    assert plans.loc[("E5", "2026Q1"), ["status", "outcome_period"]].tolist() == ["met", "2026Q2"]
    assert plans.loc[("E4", "2026Q2"), "status"] == "open"
    assert closed_q1.view().plans["employee_id"].tolist() == ["E4"]
    # reopening 2026Q2 sees the 2026Q1 plan open again, and not its own plans
    again = closed_q1.view("2026Q2", reopen=True)
    assert again.closed == frozenset({"2026Q1"})
    assert again.plans[["employee_id", "status"]].values.tolist() == [["E5", "open"]]


def test_show_lists_in_time_order_and_filters(closed_q1, scheme):
    closed_q1.close_period("2026Q2", quarter(scheme, closed_q1, "2026Q2", Q2), "h2")
    closed_q1.import_results(
        pd.DataFrame({"工号": ["E1"], "综合得分": [99], "最终等级": ["C"], "部门": ["D0"]}),
        "2025Q4",
        scheme,
    )
    e1 = closed_q1.show(employee="E1")
    assert e1[["period", "grade", "source"]].values.tolist() == [
        ["2025Q4", "C", "import"],
        ["2026Q1", "A", "close"],
        ["2026Q2", "A", "close"],
    ]
    assert closed_q1.show(department="D0")["employee_id"].tolist() == ["E1"]
    assert len(closed_q1.show()) == 11


def test_pay_amounts_are_stored_as_exact_decimals(tmp_path, scheme):
    r = quarter(scheme, None, "2026Q1", Q1)
    pay = r.employees.assign(bonus_amount=[Decimal("1234.50")] * 5, total_pay=[Decimal("0.10")] * 5)
    store = HistoryStore(tmp_path / "h.sqlite")
    store.close_period("2026Q1", replace(r, employees=pay), "h")
    con = sqlite3.connect(store.path)
    assert con.execute(
        "SELECT item, amount FROM pay_amounts WHERE employee_id = 'E1' ORDER BY item"
    ).fetchall() == [("bonus_amount", "1234.50"), ("total_pay", "0.10")]
    con.close()


# -- files that are not (this version's) history ----------------------------------------------
def test_reading_never_creates_the_file(tmp_path):
    store = HistoryStore(tmp_path / "none.sqlite")
    assert store.view().records.empty and store.show().empty
    assert not store.path.exists()


@pytest.mark.parametrize(
    "content", [b"employee_id,grade\nE1,A\n", b"PK\x03\x04 not a workbook either"]
)
def test_a_file_that_is_not_a_database(tmp_path, scheme, content):
    path = tmp_path / "h.sqlite"
    path.write_bytes(content)
    store = HistoryStore(path)
    for call in (
        store.view,
        lambda: store.close_period("2026Q1", quarter(scheme, None, "2026Q1", Q1), "h"),
    ):
        with pytest.raises(WorkbookError) as exc:
            call()
        (p,) = exc.value.problems
        assert (p.code, p.where.file, exc.value.exit_code) == ("HIST_NOT_A_HISTORY", str(path), 3)
    assert path.read_bytes() == content


@pytest.mark.parametrize("mode", ["delete", "wal"])
def test_another_applications_database(tmp_path, scheme, mode):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA journal_mode={mode}")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = digest(path)
    store = HistoryStore(path)
    for call in (
        store.view,
        lambda: store.close_period("2026Q1", quarter(scheme, None, "2026Q1", Q1), "h"),
    ):
        with pytest.raises(WorkbookError) as exc:
            call()
        assert exc.value.problems[0].code == "HIST_NOT_A_HISTORY"
        assert "no meta table" in exc.value.problems[0].message
    assert digest(path) == before
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone() == (mode,)
    con.close()


def test_a_newer_history_is_refused(closed_q1):
    con = sqlite3.connect(closed_q1.path)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    before = digest(closed_q1.path)
    with pytest.raises(WorkbookError) as exc:
        closed_q1.view()
    (p,) = exc.value.problems
    assert (p.code, p.where.file) == ("HIST_NEWER_VERSION", str(closed_q1.path))
    assert "99" in p.message
    assert digest(closed_q1.path) == before


def test_an_older_history_is_migrated_in_one_transaction(closed_q1, monkeypatch):
    v2 = (2, ("ALTER TABLE periods ADD COLUMN note TEXT",))
    monkeypatch.setattr(history_schema, "MIGRATIONS", [*history_schema.MIGRATIONS, v2])
    monkeypatch.setattr(history_schema, "SCHEMA_VERSION", 2)
    assert "note" in closed_q1.periods().columns
    log = closed_q1.audit_log()
    assert log["action"].tolist()[-1] == "migrate"
    assert json.loads(log["detail"].tolist()[-1]) == {"from": 1, "to": 2}
    con = sqlite3.connect(closed_q1.path)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("2",)
    con.close()


def test_a_busy_history_exits_4(closed_q1, scheme):
    r = quarter(scheme, closed_q1, "2026Q2", Q2)
    holder = sqlite3.connect(closed_q1.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(BusyError) as exc:
            HistoryStore(closed_q1.path, timeout=0.2).close_period("2026Q2", r, "h")
        assert (exc.value.exit_code, exc.value.problems[0].code) == (4, "HIST_BUSY")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "2026Q2" not in closed_q1.view().closed


# -- import -----------------------------------------------------------------------------------
def test_import_earlier_results(tmp_path, scheme):
    store = HistoryStore(tmp_path / "h.sqlite")
    frame = pd.DataFrame(
        {
            "employee_id": ["E1", "E4"],
            "final_score": [121.5, 75],
            "grade": ["A", "D"],
            "role": ["岗位", "r"],
            "score_kpi": [121.5, 75],
        }
    )
    assert store.import_results(frame, "2025Q4", scheme).employees == 2
    recs = store.view().records.set_index("employee_id")
    assert recs.loc["E4", ["final_score", "grade", "role", "score_kpi"]].tolist() == [
        75.0,
        "D",
        "r",
        75.0,
    ]
    assert recs.loc["E1", "role"] == "r"
    r = quarter(scheme, store, "2026Q1", Q1)
    assert (
        r.employees.set_index("employee_id").loc["E4", "streak_reassign_review"] == 2
    )  # D (imported), D


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        (
            {"工号": ["E1", "E2"], "综合得分": [100, 90], "最终等级": ["A", "X"]},
            [("HIST_IMPORT_UNKNOWN_GRADE", 3, "最终等级")],
        ),
        (
            {"工号": ["E1", "E1"], "综合得分": [100, 90], "最终等级": ["A", "B"]},
            [("HIST_IMPORT_DUPLICATE", 3, "工号")],
        ),
        (
            {"工号": ["E1", ""], "综合得分": [100, 90], "最终等级": ["A", "B"]},
            [("DATA_EMPTY_ID", 3, "工号")],
        ),
        (
            {"工号": ["E1"], "综合得分": [None], "最终等级": ["A"]},
            [("HIST_IMPORT_MISSING_SCORE", 2, "综合得分")],
        ),
        ({"工号": ["E1"], "综合得分": ["优"], "最终等级": ["A"]}, [("NUMBER_TEXT", 2, "综合得分")]),
        (
            {"工号": ["E1"], "综合得分": [100], "最终等级": ["A"], "岗位": ["厨师"]},
            [("DATA_UNKNOWN_ROLE", 2, "岗位")],
        ),
        ({"工号": ["E1"], "综合得分": [100]}, [("TABLE_MISSING_COLUMN", 1, None)]),
    ],
)
def test_an_import_that_does_not_fit_changes_nothing(closed_q1, scheme, frame, expected):
    before = digest(closed_q1.path)
    with pytest.raises(InputError) as exc:
        closed_q1.import_results(pd.DataFrame(frame), "2025Q4", scheme)
    assert [(p.code, p.where.row, p.where.column) for p in exc.value.problems] == expected
    assert digest(closed_q1.path) == before


def test_import_into_a_closed_period_or_of_another_kind(closed_q1, scheme):
    good = pd.DataFrame({"工号": ["E1"], "综合得分": [100], "最终等级": ["B"]})
    before = digest(closed_q1.path)
    for period, code in (
        ("2026Q1", "HIST_PERIOD_CLOSED"),
        ("2026-01", "PERIOD_WRONG_KIND"),
        ("26Q1", "PERIOD_BAD_ID"),
    ):
        with pytest.raises(InputError) as exc:
            closed_q1.import_results(good, period, scheme)
        assert [p.code for p in exc.value.problems] == [code]
    assert digest(closed_q1.path) == before


# -- export -----------------------------------------------------------------------------------
def test_export_csv_and_xlsx(closed_q1, tmp_path):
    csv = closed_q1.export(tmp_path / "h.csv")
    assert pd.read_csv(csv)["employee_id"].tolist() == ["E1", "E2", "E3", "E4", "E5"]
    xlsx = closed_q1.export(tmp_path / "h.xlsx", employee="E5")
    sheets = pd.read_excel(xlsx, sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["History", "Plans", "Periods"]
    assert sheets["History"]["grade"].tolist() == ["E"]
    with pytest.raises(UsageError) as exc:
        closed_q1.export(tmp_path / "h.txt")
    assert (exc.value.exit_code, exc.value.problems[0].code) == (2, "HIST_EXPORT_TYPE")


def test_default_location_is_beside_the_master(tmp_path):
    assert (
        default_history_path(tmp_path / "考核汇总.xlsx")
        == tmp_path.resolve() / "xlperf-history.sqlite"
    )
