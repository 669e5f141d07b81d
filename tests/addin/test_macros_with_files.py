"""The ribbon macros end to end through the workbook interface's file implementation.

The caller book is the small xlwings fake (status bar, message boxes); the
workbook the pipeline works on is an :class:`OpenpyxlBook` over a real master,
so these tests run the real recalc / validate / collect / template code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import xlwings as xw
from addin_fakes import FakeBook, settings_sheet

import xlperf
from xlperf.addin import macros
from xlperf.demo.data import make_company
from xlperf.io.openpyxl_book import OpenpyxlBook
from xlperf.master.build import write_master
from xlperf.master.cycle import fill_form
from xlperf.templates.builder import build_forms


@pytest.fixture(scope="module")
def company():
    return make_company(seed=5, size=40)


@pytest.fixture
def master(tmp_path: Path, company) -> Path:
    text = xlperf.shipped_schemes()["sales"].read_text(encoding="utf-8")
    return write_master(
        tmp_path / "master.xlsx",
        text,
        company.data["sales"],
        company.ratings["sales"],
        company.adjustments["sales"],
        lang="en",
    )


@pytest.fixture
def wired(monkeypatch, master):
    """The caller fake in the master's folder, and the file book the macros will use."""
    caller = FakeBook([settings_sheet(lang="en")], fullname=str(master))
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: caller), raising=False)
    book = OpenpyxlBook(master)
    monkeypatch.setattr(macros, "_workbook", lambda _b: book)
    return caller, book


def test_recalculate_writes_the_engines_results(wired, company):
    caller, book = wired
    macros.recalculate()
    assert caller.app.alerts and caller.app.alerts[-1][2] != "critical", caller.app.alerts
    rows = book.read_rows("Results")
    header, body = rows[0], rows[1:]
    got = pd.DataFrame(body, columns=header).set_index("employee_id")
    scheme = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
    expected = xlperf.score(
        scheme, company.data["sales"], company.ratings["sales"], company.adjustments["sales"]
    ).employees.set_index("employee_id")
    assert set(got.index) == set(expected.index)
    assert (
        got["final_score"].astype(float) - expected.loc[got.index, "final_score"]
    ).abs().max() < 1e-9
    assert (got["grade"] == expected.loc[got.index, "grade"]).all()
    assert caller.app.status_bar is False  # handed back to Excel


def test_validate_counts_problems_and_lists_them(wired):
    caller, book = wired
    rows = book.read_rows("Data")
    target_col = rows[0].index("target")
    first = next(i for i, r in enumerate(rows[1:], start=2) if r[target_col] not in (None, ""))
    book.write_block("Data", f"{chr(ord('A') + target_col)}{first}", [[0]])
    macros.validate()
    prompt = caller.app.alerts[-1][0]
    assert "1" in prompt
    assert "Validation" in book.sheet_names()


def test_new_template_writes_blank_forms_next_to_the_workbook(wired, master):
    caller, _book = wired
    macros.new_template()
    forms = sorted(p.name for p in master.parent.glob("sales-2026q1_*.xlsx"))
    assert len(forms) == 3, caller.app.alerts


def test_collect_forms_merges_the_returned_forms(monkeypatch, company, tmp_path):
    """The ribbon merges a returned form into the open master and keeps the rows already there."""
    text = xlperf.shipped_schemes()["sales"].read_text(encoding="utf-8")
    data = company.data["sales"]
    others = data[data["department"] != "销售一部"]
    master = write_master(tmp_path / "master.xlsx", text, others, lang="en")
    caller = FakeBook([settings_sheet(lang="en")], fullname=str(master))
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: caller), raising=False)
    book = OpenpyxlBook(master)
    monkeypatch.setattr(macros, "_workbook", lambda _b: book)
    scheme = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
    roster = company.roster[company.roster["department"] == "销售一部"]
    blank = build_forms(scheme, roster, tmp_path / "out", lang="zh")
    fill_form(blank[0], scheme, data, company.ratings["sales"], master.parent / blank[0].name)
    macros.collect_forms()
    assert "1 ✓ / 0 ✗" in caller.app.alerts[-1][0], caller.app.alerts
    rows = book.read_rows("Data")
    assert len(rows) - 1 == len(others) + 5 * len(roster)
