"""Ribbon entry points, run by xlwings ``RunPython`` on the active workbook.

Each button of the xlperf tab calls one function here (see ``vba/Ribbon.bas``).
They get the workbook with ``xw.Book.caller()``, run the pipeline, show progress
in Excel's status bar and any error in a message box in the workbook's language
(the ``lang`` row of ``_xlperf``, default Chinese). No traceback ever reaches the user.

Example (what the "Recalculate" button runs)::

    RunPython "import xlperf.addin.macros as m; m.recalculate()"
"""

from __future__ import annotations

import contextlib
import sys
import webbrowser
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import xlwings as xw

from xlperf.addin.settings import workbook_language
from xlperf.errors import XlperfError

ENTRY_POINTS = (
    "recalculate",
    "validate",
    "close_period",
    "show_history",
    "new_template",
    "collect_forms",
    "open_docs",
    "about",
)
DOCS_URL = "https://pypi.org/project/xlperf/"
TITLE = "xlperf 绩效"

_TEXT = {
    "recalc": ("正在重新计算排名…", "Recalculating the ranking…"),
    "recalc_done": ("排名已重新计算。", "The ranking was recalculated."),
    "validate": ("正在校验…", "Validating…"),
    "valid": ("未发现问题。", "No problems found."),
    "invalid": (
        "发现 {n} 个问题，详见“校验”工作表。",
        "{n} problem(s) found; see the Validation sheet.",
    ),
    "close": ("正在关闭考核期…", "Closing the period…"),
    "close_done": ("{summary}\n工作簿已保存。", "{summary}\nThe workbook was saved."),
    "history": ("正在读取历史记录…", "Reading the history…"),
    "history_done": ("已写入：{sheets}", "Written: {sheets}"),
    "template": ("正在生成考核表…", "Writing the appraisal forms…"),
    "template_done": ("考核表已写入 {path}", "The forms were written to {path}"),
    "collect": ("正在收集考核表…", "Collecting the forms…"),
    "collect_done": ("已收集：{path}", "Collected: {path}"),
    "pick_forms": ("请选择放有已填考核表的文件夹", "Choose the folder with the filled-in forms"),
    "pick_output": ("请选择保存考核表的文件夹", "Choose the folder for the new forms"),
    "working": ("请稍候…", "Working…"),
    "no_scheme": (
        "此工作簿未指定考核方案：请在隐藏工作表 _xlperf 中添加一行 scheme，填写方案文件路径或内置方案名称。",
        "This workbook names no scheme: add a row 'scheme' with the scheme file's path or a shipped scheme's name to the hidden sheet _xlperf.",
    ),
    "failed": ("xlperf 出错：{error}", "xlperf failed: {error}"),
    "unexpected": (
        "发生意外错误（{kind}）：{error}\n请把此信息发给 xlperf 维护人员。",
        "Unexpected error ({kind}): {error}\nPlease send this message to whoever maintains xlperf.",
    ),
    "not_ready": (
        "此功能尚未安装（缺少 {module}）。请升级 xlperf。",
        "This feature is not installed yet ({module} is missing). Please upgrade xlperf.",
    ),
}


def _t(key: str, lang: str, **values: Any) -> str:
    zh, en = _TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


def _workbook(book: Any) -> Any:
    """The open workbook behind the ``xlperf.io.workbook.Workbook`` interface."""
    from xlperf.io.xlwings_book import XlwingsBook

    return XlwingsBook(book)


@contextlib.contextmanager
def _running(start_key: str) -> Iterator[tuple[Any, str, Callable[..., None]]]:
    """Yield (caller book, language, progress callback); report any failure in a message box."""
    book = xw.Book.caller()
    app = book.app
    lang = workbook_language(book)

    def progress(message: str = "", fraction: float | None = None) -> None:
        suffix = f" {fraction:.0%}" if fraction is not None else ""
        app.status_bar = f"xlperf: {message or _t(start_key, lang)}{suffix}"

    progress()
    try:
        yield book, lang, progress
    except XlperfError as err:
        app.alert(_t("failed", lang, error=err.render(lang)), title=TITLE, mode="critical")
    except ImportError as err:  # a pipeline piece this install does not have yet
        missing = err.name or str(err)
        app.alert(_t("not_ready", lang, module=missing), title=TITLE, mode="critical")
    except Exception as err:  # noqa: BLE001 - Excel users must never see a traceback
        app.alert(
            _t("unexpected", lang, kind=type(err).__name__, error=err), title=TITLE, mode="critical"
        )
    finally:
        app.status_bar = False  # hands the status bar back to Excel


def recalculate() -> None:
    """Validate, score, grade and rank the workbook in place (the main button)."""
    with _running("recalc") as (book, lang, progress):
        from xlperf.master.pipeline import recalc_book

        recalc_book(_workbook(book), scheme=None, lang=lang, progress=progress)
        book.app.alert(_t("recalc_done", lang), title=TITLE)


def validate() -> None:
    """Highlight offending cells and list the problems (on the Validation sheet)."""
    with _running("validate") as (book, lang, progress):
        from xlperf.master.pipeline import validate_book, write_validation_sheet

        target = _workbook(book)
        problems = validate_book(target, lang=lang)
        if problems:
            write_validation_sheet(target, problems, lang)
        count = len(problems or ())
        message = _t("invalid", lang, n=count) if count else _t("valid", lang)
        book.app.alert(message, title=TITLE, mode="critical" if count else "info")


def close_period() -> None:
    """Close the period of the workbook's Data (its period / 期间 column): recalculate, save, record.

    The same checks as ``xlperf close``: a closed period is refused, invalid
    inputs are refused, and nothing is recorded then. The history is
    ``xlperf-history.sqlite`` beside the workbook.
    """
    with _running("close") as (book, lang, progress):
        from xlperf.master.pipeline import close_book

        report = close_book(_workbook(book), lang=lang, progress=progress)
        book.app.alert(_t("close_done", lang, summary=report.summary(lang)), title=TITLE)


def show_history() -> None:
    """Write the History and Improvement plans sheets from the history beside the workbook."""
    with _running("history") as (book, lang, progress):
        from xlperf.master.pipeline import history_book

        sheets = history_book(_workbook(book), lang=lang)
        book.app.alert(_t("history_done", lang, sheets=", ".join(sheets)), title=TITLE)


def new_template() -> None:
    """Write appraisal forms from the workbook's own scheme (and its roster sheet, if any)."""
    with _running("template") as (book, lang, progress):
        from xlperf.addin.settings import workbook_settings

        scheme = workbook_settings(book)[0] or _master_scheme(book)
        if scheme is None:
            book.app.alert(_t("no_scheme", lang), title=TITLE, mode="critical")
            return
        folder = _pick_folder(book, _t("pick_output", lang))
        if folder is None:
            return
        from xlperf.master.pipeline import forms_from_book

        written = forms_from_book(_workbook(book), scheme, folder, lang=lang)
        book.app.alert(_t("template_done", lang, path=f"{folder} ({len(written)})"), title=TITLE)


def collect_forms() -> None:
    """Pick a folder of returned forms and merge them into this master workbook."""
    with _running("collect") as (book, lang, progress):
        folder = _pick_folder(book, _t("pick_forms", lang))
        if folder is None:
            return
        from xlperf.master.collect import collect_into_book

        report = collect_into_book(_workbook(book), folder, lang=lang, progress=progress)
        counts = f"{folder}: {len(report.accepted)} ✓ / {len(report.entries) - len(report.accepted)} ✗ ({report.report})"
        book.app.alert(_t("collect_done", lang, path=counts), title=TITLE)


def open_docs() -> None:
    """Open docs/excel.md of a checkout, else the project page."""
    with _running("working") as (_book, _lang, _progress):
        local = Path(__file__).resolve().parents[2] / "docs" / "excel.md"
        webbrowser.open(local.as_uri() if local.is_file() else DOCS_URL)


def about() -> None:
    """Show the xlperf, xlwings and Python versions and the workbook's scheme."""
    with _running("working") as (book, lang, _progress):
        import xlperf
        from xlperf.addin.settings import workbook_settings

        try:
            scheme = workbook_settings(book)[0]
            scheme_text = f"{scheme.id} v{scheme.version}" if scheme else "-"
        except XlperfError as err:
            scheme_text = err.message
        lines = [
            f"xlperf {xlperf.__version__}",
            f"xlwings {xw.__version__}",
            f"Python {sys.version.split()[0]} ({sys.executable})",
            ("考核方案: " if lang == "zh" else "Scheme: ") + scheme_text,
        ]
        book.app.alert("\n".join(lines), title=TITLE)


def _master_scheme(book: Any) -> Any:
    """The scheme a master workbook keeps in its Scheme sheet, or None."""
    from xlperf.errors import SchemeError
    from xlperf.master.pipeline import resolve_scheme

    try:
        return resolve_scheme(_workbook(book))
    except SchemeError:
        return None


def _pick_folder(book: Any, prompt: str) -> Path | None:
    """A folder picker: Excel's own dialog on Windows; the workbook's folder elsewhere."""
    if sys.platform.startswith("win"):
        dialog = book.app.api.FileDialog(4)  # msoFileDialogFolderPicker
        dialog.Title = prompt
        if dialog.Show() != -1:
            return None
        return Path(dialog.SelectedItems(1))
    fullname = getattr(book, "fullname", "")
    return Path(fullname).parent if fullname else None
