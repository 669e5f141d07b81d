""" "Recalculate ranking" and "Validate" on any workbook (a file master, or Excel through xlwings).

Both callers — the command line on closed files and the ribbon on the open
workbook — call exactly :func:`recalc_book` and :func:`validate_book`.

Example:
    >>> report = recalc_book(book, lang="en")  # doctest: +SKIP
    >>> report.sheets  # doctest: +SKIP
    ['Results', 'Indicators', 'Calibration', 'Dashboard', 'Run log']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xlperf.core.engine import Results, score
from xlperf.core.history.view import HistoryView
from xlperf.core.scheme import Scheme
from xlperf.errors import InputError, Problem, SchemeError, WorkbookError
from xlperf.io.workbook import Workbook
from xlperf.master import sheets as S
from xlperf.master.inputs import MasterInputs, input_fingerprint, read_inputs, resolve_scheme
from xlperf.master.outputs.calibration import write_calibration_sheet
from xlperf.master.outputs.dashboard import write_dashboard_sheet
from xlperf.master.outputs.history import write_history_sheet
from xlperf.master.outputs.indicators import write_indicators_sheet
from xlperf.master.outputs.log import append_log, override_text
from xlperf.master.outputs.pay import is_pay_sheet, write_pay_sheet
from xlperf.master.outputs.plans import write_plans_sheet
from xlperf.master.outputs.present import PrintContext
from xlperf.master.outputs.results import scheme_title, write_results_sheet
from xlperf.master.periods import PeriodRun

Progress = Callable[[str], None] | None


@dataclass
class RecalcReport:
    """What a recalculation did (printed by the command line, shown by the ribbon)."""

    scheme_id: str
    scheme_version: str
    fingerprint: str
    employees: int
    indicator_rows: int
    ratings: int
    sheets: list[str] = field(default_factory=list)
    results: Results | None = None
    #: the closed periods the run counted (None: no history in use)
    history: HistoryView | None = None

    def summary(self, lang: str = "en") -> str:
        if lang == "zh":
            return f"已重算 {self.employees} 名员工（方案 {self.scheme_id} 第{self.scheme_version}版），写入：{'、'.join(self.sheets)}"
        return f"recalculated {self.employees} employees (scheme {self.scheme_id} v{self.scheme_version}); wrote {', '.join(self.sheets)}"


def _say(book: Workbook, progress: Progress, text: str | None) -> None:
    book.status(text)
    if progress and text:
        progress(text)


def score_inputs(
    sch: Scheme, inputs: MasterInputs, view: HistoryView | None, period: str | None
) -> Results:
    """The engine on a master's inputs, with the closed periods and the period (raises InputError)."""
    return score(
        sch,
        inputs.data,
        inputs.ratings,
        inputs.adjustments,
        overrides=inputs.overrides,
        history=view,
        period=period,
        spot_checks=inputs.spot_checks,
        pay=inputs.pay,
        teams=inputs.teams,
    )


def validate_book(
    book: Workbook,
    lang: str = "zh",
    scheme: Scheme | str | Path | None = None,
    *,
    periods: PeriodRun | None = None,
) -> list[Problem]:
    """Every problem of the master's inputs (empty: ready to recalculate). Changes nothing.

    ``periods``: the history and period (default: the history beside the master, when there is one).
    """
    try:
        periods = periods if periods is not None else PeriodRun.for_master(book.path)
        score_inputs(
            resolve_scheme(book, scheme), read_inputs(book), periods.view(), periods.period
        )
    except (InputError, SchemeError, WorkbookError) as err:
        return list(err.problems)
    return []


def recalc_book(
    book: Workbook,
    scheme: Scheme | str | Path | None = None,
    lang: str = "zh",
    progress: Progress = None,
    *,
    periods: PeriodRun | None = None,
    outcome: str | None = None,
) -> RecalcReport:
    """Validate, score and write Results, Indicators, Calibration, Dashboard and the Run log
    (and the Pay sheet when the scheme has pay and the master a PayBase / 薪酬基数 sheet).

    ``periods``: the history in use and the period (default: the history beside the master when
    it exists); with a history, also the History and Improvement plans sheets and the grade mix
    per period on the Dashboard. ``outcome``: the Run log's outcome (default "ok").
    Raises :class:`~xlperf.errors.InputError` (nothing written) when the inputs are invalid.
    """
    lang = "zh" if lang == "zh" else "en"
    periods = periods if periods is not None else PeriodRun.for_master(book.path)
    _say(book, progress, "xlperf: 读取数据 / reading inputs")
    sch = resolve_scheme(book, scheme)
    inputs = read_inputs(book)
    view = periods.view()
    _say(book, progress, "xlperf: 计算 / scoring")
    results = score_inputs(sch, inputs, view, periods.period)  # raises before anything is written
    report = RecalcReport(
        sch.id,
        str(sch.version),
        input_fingerprint(*inputs.tables),
        len(results.employees),
        len(results.indicators),
        0 if inputs.ratings is None else len(inputs.ratings),
        results=results,
        history=view,
    )
    _say(book, progress, "xlperf: 写入结果 / writing results")
    _write_outputs(book, sch, inputs, results, view, lang, report)
    line = [
        sch.id,
        str(sch.version),
        report.fingerprint,
        report.employees,
        report.indicator_rows,
        report.ratings,
        outcome or ("成功" if lang == "zh" else "ok"),
        override_text(results, lang),
    ]
    report.sheets.append(append_log(book, line, lang))
    _say(book, progress, None)
    return report


def _write_outputs(
    book: Workbook,
    sch: Scheme,
    inputs: MasterInputs,
    results: Results,
    view: HistoryView | None,
    lang: str,
    report: RecalcReport,
) -> None:
    other = "en" if lang == "zh" else "zh"
    for key in ("results", "indicators", "calibration", "dashboard", "history", "plans"):
        if S.sheet(key, other) in book.sheet_names():  # outputs of a run in the other language
            book.delete_sheet(S.sheet(key, other))
    if is_pay_sheet(book, S.sheet("pay", other)):
        book.delete_sheet(S.sheet("pay", other))
    page = PrintContext(lang, scheme_title(sch, lang), results.period)
    report.sheets.append(write_results_sheet(book, sch, results, lang, page))
    report.sheets.append(write_indicators_sheet(book, inputs.data, results, lang, sch, page))
    report.sheets.append(write_calibration_sheet(book, results, lang, page))
    report.sheets.append(write_dashboard_sheet(book, sch, results, lang, view, page))
    pay = write_pay_sheet(book, results, lang, page)
    if pay is not None:
        report.sheets.append(pay)
    elif is_pay_sheet(book, S.sheet("pay", lang)):  # no pay this run: no stale amounts left
        book.delete_sheet(S.sheet("pay", lang))
    if view is not None:
        report.sheets.append(write_history_sheet(book, sch, view, results, lang, page))
        report.sheets.append(write_plans_sheet(book, results.plans, lang, page))
