"""The live-Excel adapter runs the same pipeline against a fake of the xlwings objects."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from xlwings_fake import FakeBook

from xlperf.io.openpyxl_book import OpenpyxlBook
from xlperf.io.workbook import Workbook
from xlperf.io.xlwings_book import XlwingsBook
from xlperf.master.pipeline import recalc_book, validate_book


def _fake_from(path: Path) -> FakeBook:
    book = FakeBook(str(path))
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        s = book.sheets.add(
            ws.title, after=book.sheets[len(book.sheets) - 1] if len(book.sheets) else None
        )
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    s.cells[(c.row, c.column)] = c.value
    return book


def test_both_books_satisfy_the_protocol(master: Path) -> None:
    assert isinstance(OpenpyxlBook(master), Workbook)
    assert isinstance(XlwingsBook(FakeBook()), Workbook)


def test_recalc_on_live_book_matches_file_book(master: Path) -> None:
    fake = _fake_from(master)
    live = XlwingsBook(fake)
    report = recalc_book(live, lang="en")
    assert "Results" in live.sheet_names() and "Run log" in live.sheet_names()
    file_book = OpenpyxlBook(master)
    recalc_book(file_book, lang="en")
    expected = [list(r) for r in file_book.wb["Results"].iter_rows(values_only=True)]
    got = live.read_rows("Results")
    assert got[0] == expected[0]
    assert [r[:4] + r[6:] for r in got] == [r[:4] + r[6:] for r in expected]
    for g, e in zip(got[1:], expected[1:], strict=True):
        assert g[4:7] == pytest.approx(e[4:7], abs=1e-9)
    assert report.employees == len(expected) - 1
    assert fake.app.history[0] and fake.app.history[-1] is False  # progress shown, then cleared
    assert live.read_rows("Indicators")[0][-1] == "indicator score"
    assert live.read_rows("Data") == XlwingsBook(_fake_from(master)).read_rows(
        "Data"
    )  # Data untouched


def test_validate_on_live_book_names_cells(master: Path) -> None:
    fake = _fake_from(master)
    fake.sheets["Data"].cells[(3, 6)] = "abc"
    problems = validate_book(XlwingsBook(fake), "en")
    assert any(p.where.sheet == "Data" and p.where.cell == "F3" for p in problems)
