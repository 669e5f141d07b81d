"""The History, Improvement plans and Dashboard grade-mix outputs: hand-computed contents."""

from __future__ import annotations

from pathlib import Path

import pytest
from period_builders import Q_SCORES, period_data, period_master, period_scheme

import xlperf
from xlperf.core.history.view import HistoryView
from xlperf.io.history import HistoryStore
from xlperf.io.openpyxl_book import OpenpyxlBook
from xlperf.master.close import history_book
from xlperf.master.filebook import FileMaster
from xlperf.master.outputs.dashboard import grade_mix_rows
from xlperf.master.outputs.history import history_frame, write_history_sheet
from xlperf.master.outputs.plans import write_plans_sheet
from xlperf.master.periods import PeriodRun
from xlperf.master.recalc import recalc_book

# closed periods: E1 A four times; E2 B, absent in 2026Q1, then D on observation; E3 C C D C
RECORDS = [
    ("2025Q3", "E1", 112.0, "A", ""),
    ("2025Q4", "E1", 115.0, "A", ""),
    ("2026Q1", "E1", 118.0, "A", ""),
    ("2026Q2", "E1", 111.0, "A", ""),
    ("2025Q4", "E2", 104.0, "B", ""),
    ("2026Q2", "E2", 62.0, "D", "observation"),
    ("2025Q3", "E3", 85.0, "C", ""),
    ("2025Q4", "E3", 86.0, "C", ""),
    ("2026Q1", "E3", 70.0, "D", "observation"),
    ("2026Q2", "E3", 88.0, "C", ""),
]
OPEN_PLAN = ("E2", "", "D1", "2026Q2", "2026-09-30", "X 62.00", "open", None, None)
NOW = {"E1": 120, "E2": 65, "E3": 90, "E4": 100}  # 2026Q3: A, D, C, B; bottom 20 % of 4 is nobody


@pytest.fixture(scope="module")
def scheme():
    return period_scheme()


@pytest.fixture(scope="module")
def view():
    return HistoryView.of(RECORDS, [OPEN_PLAN])


@pytest.fixture(scope="module")
def results(scheme, view):
    return xlperf.score(scheme, period_data(NOW, "2026Q3"), history=view, period="2026Q3")


STREAKS = ["streak_talent_pool", "streak_reassign_review", "streak_repeat_observation"]


def test_history_frame_with_the_period_being_calculated(scheme, view, results):
    frame = history_frame(scheme, view, results).set_index("employee_id")
    assert list(frame.columns[2:6]) == ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]  # the last four
    grid = frame[["2025Q4", "2026Q1", "2026Q2", "2026Q3"]].to_dict("index")
    assert grid == {
        "E1": {"2025Q4": "A", "2026Q1": "A", "2026Q2": "A", "2026Q3": "A"},
        "E2": {"2025Q4": "B", "2026Q1": None, "2026Q2": "D", "2026Q3": "D"},
        "E3": {"2025Q4": "C", "2026Q1": "D", "2026Q2": "C", "2026Q3": "C"},
        "E4": {"2025Q4": None, "2026Q1": None, "2026Q2": None, "2026Q3": "B"},
    }
    # E1: A in every period 2025Q3 … 2026Q3 → 5; E2: D in 2026Q2 and now → 2 (its gap is before)
    assert frame[STREAKS].to_dict("index") == {
        "E1": dict(zip(STREAKS, [5, 0, 0], strict=True)),
        "E2": dict(zip(STREAKS, [0, 2, 0], strict=True)),
        "E3": dict(zip(STREAKS, [0, 0, 0], strict=True)),
        "E4": dict(zip(STREAKS, [0, 0, 0], strict=True)),
    }
    assert frame["flags"].to_dict() == {
        "E1": "talent_pool",
        "E2": "reassign_review",
        "E3": "",
        "E4": "",
    }


def test_history_frame_from_the_history_alone_counts_as_of_the_latest_period(scheme, view):
    frame = history_frame(scheme, view, None).set_index("employee_id")
    assert list(frame.columns[2:6]) == ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]
    assert frame[STREAKS].to_dict("index") == {
        "E1": dict(zip(STREAKS, [4, 0, 0], strict=True)),
        "E2": dict(zip(STREAKS, [0, 1, 1], strict=True)),  # 2026Q1 absent: only 2026Q2 counts
        "E3": dict(zip(STREAKS, [0, 0, 0], strict=True)),
    }
    assert frame["flags"].to_dict() == {"E1": "", "E2": "observation", "E3": ""}


def test_the_plan_outcome_and_the_sheet_rows(results):
    book = OpenpyxlBook.new()
    write_plans_sheet(book, results.plans, "zh")
    rows = book.read_rows("改进计划")
    assert rows[0][:7] == ["工号", "姓名", "部门", "考核期", "截止日期", "未达标指标", "计划状态"]
    assert rows[1:] == [
        ["E2", None, "D1", "2026Q2", "2026-09-30", "X 62.00", "未达标", "2026Q3", "D"]
    ]


def test_the_history_sheet_rows_and_headers(scheme, view, results):
    book = OpenpyxlBook.new()
    write_history_sheet(book, scheme, view, results, "zh")
    rows = book.read_rows("历史")
    assert rows[0] == [
        "工号",
        "姓名",
        "部门",
        "2025Q4",
        "2026Q1",
        "2026Q2",
        "2026Q3",
        "后备干部连续期数",
        "调岗或淘汰评估连续期数",
        "连续观察期连续期数",
        "标记",
    ]
    # a Chinese sheet shows flags by their Chinese names
    assert rows[1] == ["E1", None, "D1", "A", "A", "A", "A", 5, 0, 0, "后备干部"]
    assert rows[2] == ["E2", None, "D1", "B", None, "D", "D", 0, 2, 0, "调岗或淘汰评估"]


def test_grade_mix_per_period(scheme, view, results):
    assert grade_mix_rows(scheme, view, results, "en") == [
        ["period", "A", "B", "C", "D", "E"],
        ["2025Q3", 1, 0, 1, 0, 0],
        ["2025Q4", 1, 1, 1, 0, 0],
        ["2026Q1", 1, 0, 0, 1, 0],
        ["2026Q2", 1, 0, 1, 1, 0],
        ["2026Q3", 1, 1, 1, 1, 0],
    ]


def test_an_empty_history_says_so(scheme):
    book = OpenpyxlBook.new()
    write_history_sheet(book, scheme, HistoryView.empty(), None, "en")
    assert book.read_rows("History") == [["(no closed periods yet)"]]


def test_recalc_with_a_history_writes_the_period_sheets_and_a_fourth_chart(tmp_path: Path):
    store = HistoryStore(tmp_path / "xlperf-history.sqlite")
    scheme = period_scheme()
    q1 = xlperf.score(
        scheme, period_data(Q_SCORES[0], "2026Q1"), history=store.view(), period="2026Q1"
    )
    store.close_period("2026Q1", q1, None)
    master = period_master(tmp_path / "master.xlsx", Q_SCORES[1], "2026Q2")
    book = FileMaster(master)
    report = recalc_book(book, lang="en")  # the history beside the master, the Data's period
    assert report.results.period == "2026Q2"
    assert report.sheets[-3:] == ["History", "Improvement plans", "Run log"]
    assert book.read_rows("History")[0][3:5] == ["2026Q1", "2026Q2"]
    assert len(book.donor.charts("Dashboard")) == 4
    mix = [r for r in book.read_rows("Dashboard") if r and r[0] in ("2026Q1", "2026Q2")]
    assert [r[:6] for r in mix] == [["2026Q1", 1, 1, 1, 1, 1], ["2026Q2", 1, 0, 3, 1, 0]]


def test_recalc_without_a_history_writes_no_period_sheets(tmp_path: Path):
    master = period_master(tmp_path / "master.xlsx", Q_SCORES[0], "2026Q1")
    book = FileMaster(master)
    report = recalc_book(book, lang="en", periods=PeriodRun())
    assert "History" not in report.sheets and len(book.donor.charts("Dashboard")) == 3


def test_the_history_button_writes_both_sheets_without_recalculating(tmp_path: Path):
    store = HistoryStore(tmp_path / "xlperf-history.sqlite")
    scheme = period_scheme()
    q1 = xlperf.score(
        scheme, period_data(Q_SCORES[0], "2026Q1"), history=store.view(), period="2026Q1"
    )
    store.close_period("2026Q1", q1, None)
    master = period_master(tmp_path / "master.xlsx", Q_SCORES[1], "2026Q2")
    book = OpenpyxlBook(master)
    assert history_book(book, lang="en") == ["History", "Improvement plans"]
    assert book.read_rows("History")[1][:4] == ["E1", None, "D1", "A"]
    assert book.read_rows("Improvement plans")[1][:7] == [
        "E5",
        None,
        "D1",
        "2026Q1",
        "2026-06-30",
        "X 50.00",
        "open",
    ]
    assert "Results" not in book.sheet_names()
