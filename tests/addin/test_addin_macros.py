"""The ribbon entry points, through a minimal fake of the xlwings objects they touch.

The pipeline (issue 4) is replaced by recording stand-ins with the agreed
signatures; a contract test checks the real one once it exists.
"""

from __future__ import annotations

import inspect
import sys
import types

import pytest
import xlwings as xw
from addin_fakes import FakeBook, FakeSheet, book_with_scheme, settings_sheet

import xlperf
from xlperf.addin import macros
from xlperf.errors import InputError, Location, Problem, SchemeError


@pytest.fixture
def calls():
    return []


@pytest.fixture
def pipeline(monkeypatch, calls):
    """Stand-ins for xlperf.master.pipeline and the xlwings Workbook implementation."""
    module = types.ModuleType("xlperf.master.pipeline")

    def recalc_book(book, scheme=None, lang="zh", progress=None):
        calls.append(("recalc_book", book, scheme, lang))
        progress("Scoring", 0.5)

    def validate_book(book, lang="zh"):
        calls.append(("validate_book", book, lang))
        return [Problem(Location(sheet="Data", cell="F3"), "target must be > 0")] * 2

    def forms_from_book(book, scheme, out_dir, lang="zh"):
        calls.append(("forms_from_book", book, scheme.id, out_dir, lang))
        return [out_dir]

    def write_validation_sheet(book, problems, lang="zh"):
        calls.append(("write_validation_sheet", book, len(problems), lang))
        return "Validation"

    def resolve_scheme(book, scheme=None):
        raise SchemeError("No scheme for this master workbook", [])

    module.recalc_book, module.validate_book, module.forms_from_book = (
        recalc_book,
        validate_book,
        forms_from_book,
    )
    module.write_validation_sheet, module.resolve_scheme = write_validation_sheet, resolve_scheme
    collect_module = types.ModuleType("xlperf.master.collect")

    def collect_into_book(book, folder, lang="zh", progress=None):
        calls.append(("collect_into_book", book, folder, lang))
        return types.SimpleNamespace(
            accepted=[1, 2], entries=[1, 2, 3], report="collect-report.csv"
        )

    collect_module.collect_into_book = collect_into_book
    io_module = types.ModuleType("xlperf.io.xlwings_book")

    class XlwingsBook:
        def __init__(self, book):
            self.book = book

    io_module.XlwingsBook = XlwingsBook
    monkeypatch.setitem(sys.modules, "xlperf.master.collect", collect_module)
    monkeypatch.setitem(sys.modules, "xlperf.master.pipeline", module)
    monkeypatch.setitem(sys.modules, "xlperf.io.xlwings_book", io_module)
    return module


def _caller(monkeypatch, book: FakeBook) -> FakeBook:
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: book), raising=False)
    return book


def test_entry_points_exist():
    for name in macros.ENTRY_POINTS:
        assert callable(getattr(macros, name))


def test_recalculate_runs_the_pipeline_with_progress(monkeypatch, pipeline, calls):
    book = _caller(monkeypatch, book_with_scheme("sales"))
    macros.recalculate()
    ((name, wrapped, scheme, lang),) = calls
    assert name == "recalc_book" and wrapped.book is book and scheme is None and lang == "zh"
    assert book.app.status_history == ["xlperf: 正在重新计算排名…", "xlperf: Scoring 50%", False]
    assert book.app.alerts == [("排名已重新计算。", "xlperf 绩效", "")]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "xlperf 出错：检查未通过\n  - Data!F3: 目标值必须大于0（请填写正数）"),
        (
            "en",
            "xlperf failed: Check failed\n  - Data!F3: target must be > 0 (type a positive number)",
        ),
    ],
)
def test_errors_show_in_a_message_box_in_the_workbook_language(
    monkeypatch, pipeline, lang, expected
):
    def failing(book, scheme=None, lang="zh", progress=None):
        raise InputError(
            "Check failed",
            [
                Problem(
                    Location(sheet="Data", cell="F3"),
                    "target must be > 0",
                    "type a positive number",
                    "目标值必须大于0",
                    "请填写正数",
                )
            ],
            "检查未通过",
        )

    pipeline.recalc_book = failing
    book = _caller(monkeypatch, book_with_scheme("sales", lang))
    macros.recalculate()
    assert book.app.alerts == [(expected, "xlperf 绩效", "critical")]
    assert book.app.status_bar is False


def test_unexpected_errors_never_show_a_traceback(monkeypatch, pipeline):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    pipeline.recalc_book = broken
    book = _caller(monkeypatch, book_with_scheme("sales", "en"))
    macros.recalculate()
    ((prompt, _, mode),) = book.app.alerts
    assert prompt.startswith("Unexpected error (RuntimeError): disk on fire") and mode == "critical"
    assert "Traceback" not in prompt


def test_missing_pipeline_says_the_feature_is_not_installed(monkeypatch):
    monkeypatch.setitem(sys.modules, "xlperf.master.pipeline", None)  # import fails
    book = _caller(monkeypatch, book_with_scheme("sales"))
    macros.recalculate()
    ((prompt, _, mode),) = book.app.alerts
    assert prompt.startswith("此功能尚未安装") and mode == "critical"
    assert book.app.status_history[-1] is False


def test_validate_reports_the_count(monkeypatch, pipeline, calls):
    book = _caller(monkeypatch, book_with_scheme("sales", "en"))
    macros.validate()
    assert calls[0][0] == "validate_book" and calls[0][2] == "en"
    assert book.app.alerts == [
        ("2 problem(s) found; see the Validation sheet.", "xlperf 绩效", "critical")
    ]


def test_collect_forms_uses_the_workbook_folder_off_windows(monkeypatch, pipeline, calls, tmp_path):
    book = _caller(
        monkeypatch,
        FakeBook([settings_sheet(scheme="sales")], fullname=str(tmp_path / "master.xlsx")),
    )
    monkeypatch.setattr(sys, "platform", "darwin")
    macros.collect_forms()
    assert calls[0][0] == "collect_into_book" and calls[0][2] == tmp_path
    assert book.app.alerts[0][0] == f"已收集：{tmp_path}: 2 ✓ / 1 ✗ (collect-report.csv)"


def test_new_template_without_a_scheme_asks_for_one(monkeypatch, pipeline):
    book = _caller(monkeypatch, FakeBook([FakeSheet("Data")]))
    macros.new_template()
    ((prompt, _, mode),) = book.app.alerts
    assert "_xlperf" in prompt and "scheme" in prompt and mode == "critical"


def test_about_shows_versions_and_scheme(monkeypatch):
    book = _caller(monkeypatch, book_with_scheme("sales", "en"))
    macros.about()
    ((prompt, title, _),) = book.app.alerts
    assert f"xlperf {xlperf.__version__}" in prompt and f"xlwings {xw.__version__}" in prompt
    assert "Scheme: sales-2026q1 v1" in prompt and title == "xlperf 绩效"


def test_open_docs_opens_the_guide(monkeypatch):
    opened = []
    monkeypatch.setattr(macros.webbrowser, "open", opened.append)
    book = _caller(monkeypatch, book_with_scheme("sales"))
    macros.open_docs()
    assert len(opened) == 1 and (
        opened[0].endswith("docs/excel.md") or opened[0] == macros.DOCS_URL
    )
    assert book.app.alerts == []


def test_pipeline_contract():
    from xlperf.io.xlwings_book import XlwingsBook
    from xlperf.master import collect, pipeline

    recalc = inspect.signature(pipeline.recalc_book).parameters
    assert list(recalc)[:1] == ["book"] and {"scheme", "lang", "progress"} <= set(recalc)
    assert {"book", "lang"} <= set(inspect.signature(pipeline.validate_book).parameters)
    assert list(inspect.signature(pipeline.forms_from_book).parameters)[:4] == [
        "book",
        "scheme",
        "out_dir",
        "lang",
    ]
    assert list(inspect.signature(collect.collect_into_book).parameters)[:4] == [
        "book",
        "folder",
        "lang",
        "progress",
    ]
    assert callable(XlwingsBook)
