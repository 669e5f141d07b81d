"""The ribbon's "Close period" and "History" buttons, on a real master through the file workbook."""

from __future__ import annotations

import inspect
import sys
import types
from pathlib import Path

import pytest
import xlwings as xw
from addin_fakes import FakeBook, settings_sheet
from period_builders import Q_SCORES, period_master, sha

from xlperf.addin import macros
from xlperf.io.history import HistoryStore
from xlperf.io.openpyxl_book import OpenpyxlBook


def _wire(monkeypatch, master: Path, lang: str = "en") -> tuple[FakeBook, OpenpyxlBook]:
    caller = FakeBook([settings_sheet(lang=lang)], fullname=str(master))
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: caller), raising=False)
    book = OpenpyxlBook(master)
    monkeypatch.setattr(macros, "_workbook", lambda _b: book)
    return caller, book


def test_close_period_recalculates_saves_and_records(monkeypatch, tmp_path):
    master = period_master(tmp_path / "master.xlsx", Q_SCORES[0], "2026Q1")
    caller, _book = _wire(monkeypatch, master)
    macros.close_period()
    ((prompt, _, mode),) = caller.app.alerts
    assert mode != "critical" and "period 2026Q1 closed: 5 employees" in prompt
    store = HistoryStore(tmp_path / "xlperf-history.sqlite")
    assert store.periods()["master_hash"].tolist() == [sha(master)]  # the saved workbook
    assert {"History", "Improvement plans", "Results"} <= set(OpenpyxlBook(master).sheet_names())
    assert caller.app.status_bar is False


def test_closing_again_is_refused_in_a_message_box(monkeypatch, tmp_path):
    master = period_master(tmp_path / "master.xlsx", Q_SCORES[0], "2026Q1")
    _wire(monkeypatch, master)
    macros.close_period()
    history = tmp_path / "xlperf-history.sqlite"
    before = (sha(master), sha(history))
    caller, _book = _wire(monkeypatch, master, lang="zh")
    macros.close_period()
    ((prompt, _, mode),) = caller.app.alerts
    assert mode == "critical" and "考核期 2026Q1 已关闭" in prompt
    assert (sha(master), sha(history)) == before


def test_close_period_needs_the_period_in_the_data(monkeypatch, tmp_path):
    master = period_master(tmp_path / "master.xlsx", Q_SCORES[0], None)
    caller, _book = _wire(monkeypatch, master)
    before = sha(master)
    macros.close_period()
    ((prompt, _, mode),) = caller.app.alerts
    assert mode == "critical" and "closing a period needs the period being calculated" in prompt
    assert sha(master) == before and not (tmp_path / "xlperf-history.sqlite").exists()


def test_history_without_a_history_file_says_so(monkeypatch, tmp_path):
    master = period_master(tmp_path / "master.xlsx", Q_SCORES[0], "2026Q1")
    caller, _book = _wire(monkeypatch, master)
    macros.show_history()
    ((prompt, _, mode),) = caller.app.alerts
    assert mode == "critical" and "the history file does not exist" in prompt


def test_history_writes_its_sheets(monkeypatch, tmp_path):
    master = period_master(tmp_path / "master.xlsx", Q_SCORES[0], "2026Q1")
    _wire(monkeypatch, master)
    macros.close_period()
    caller, book = _wire(monkeypatch, master)
    macros.show_history()
    assert caller.app.alerts == [("Written: History, Improvement plans", "xlperf 绩效", "")]
    assert book.read_rows("History")[0][3] == "2026Q1"


def test_buttons_call_the_pipeline_with_the_agreed_signatures(monkeypatch):
    calls = []
    fake = types.ModuleType("xlperf.master.pipeline")

    def close_book(book, period=None, *, history=None, lang="zh", progress=None):
        calls.append(("close_book", period, history, lang))
        progress("Scoring", 0.5)
        return types.SimpleNamespace(summary=lambda lang: f"closed ({lang})")

    def history_book(book, *, history=None, lang="zh"):
        calls.append(("history_book", history, lang))
        return ["历史", "改进计划"]

    fake.close_book, fake.history_book = close_book, history_book
    monkeypatch.setitem(sys.modules, "xlperf.master.pipeline", fake)
    caller = FakeBook([settings_sheet(lang="zh")])
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: caller), raising=False)
    monkeypatch.setattr(macros, "_workbook", lambda b: b)
    macros.close_period()
    macros.show_history()
    assert calls == [("close_book", None, None, "zh"), ("history_book", None, "zh")]
    assert caller.app.status_history[:2] == ["xlperf: 正在关闭考核期…", "xlperf: Scoring 50%"]
    assert [a[0] for a in caller.app.alerts] == [
        "closed (zh)\n工作簿已保存。",
        "已写入：历史, 改进计划",
    ]


@pytest.mark.parametrize("name", ["close_book", "history_book"])
def test_the_real_pipeline_matches(name):
    from xlperf.master import pipeline

    params = inspect.signature(getattr(pipeline, name)).parameters
    assert list(params)[0] == "book" and {"history", "lang"} <= set(params)


@pytest.mark.parametrize("call", ["close_book", "history_book"])
def test_an_unsaved_workbook_is_refused(call):
    from xlperf.errors import WorkbookError
    from xlperf.master import pipeline

    with pytest.raises(WorkbookError) as err:
        getattr(pipeline, call)(OpenpyxlBook.new(), lang="en")
    assert [p.code for p in err.value.problems] == ["HIST_BOOK_NOT_SAVED"]
