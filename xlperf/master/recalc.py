""""Recalculate ranking" and "Validate" on any workbook (a file master, or Excel through xlwings).

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
from xlperf.core.scheme import Scheme
from xlperf.errors import InputError, Problem, SchemeError
from xlperf.io.workbook import Workbook
from xlperf.master import sheets as S
from xlperf.master.inputs import input_fingerprint, read_inputs, resolve_scheme
from xlperf.master.outputs.calibration import write_calibration_sheet
from xlperf.master.outputs.dashboard import write_dashboard_sheet
from xlperf.master.outputs.indicators import write_indicators_sheet
from xlperf.master.outputs.log import append_log, override_text
from xlperf.master.outputs.results import write_results_sheet

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

    def summary(self, lang: str = "en") -> str:
        if lang == "zh":
            return f"已重算 {self.employees} 名员工（方案 {self.scheme_id} 第{self.scheme_version}版），写入：{'、'.join(self.sheets)}"
        return f"recalculated {self.employees} employees (scheme {self.scheme_id} v{self.scheme_version}); wrote {', '.join(self.sheets)}"


def _say(book: Workbook, progress: Progress, text: str | None) -> None:
    book.status(text)
    if progress and text:
        progress(text)


def validate_book(book: Workbook, lang: str = "zh", scheme: Scheme | str | Path | None = None) -> list[Problem]:
    """Every problem of the master's inputs (empty: ready to recalculate). Changes nothing."""
    try:
        sch = resolve_scheme(book, scheme)
        inputs = read_inputs(book)
        score(sch, inputs.data, inputs.ratings, inputs.adjustments, overrides=inputs.overrides)
    except (InputError, SchemeError) as err:
        return list(err.problems)
    return []


def recalc_book(book: Workbook, scheme: Scheme | str | Path | None = None, lang: str = "zh",
                progress: Progress = None) -> RecalcReport:
    """Validate, score and write Results, Indicators, Calibration, Dashboard and the Run log.

    Raises :class:`~xlperf.errors.InputError` (nothing written) when the inputs are invalid.
    """
    lang = "zh" if lang == "zh" else "en"
    _say(book, progress, "xlperf: 读取数据 / reading inputs")
    sch = resolve_scheme(book, scheme)
    inputs = read_inputs(book)
    _say(book, progress, "xlperf: 计算 / scoring")
    results = score(sch, inputs.data, inputs.ratings, inputs.adjustments, overrides=inputs.overrides)  # raises first
    report = RecalcReport(sch.id, str(sch.version), input_fingerprint(*inputs.tables),
                          len(results.employees), len(results.indicators),
                          0 if inputs.ratings is None else len(inputs.ratings), results=results)
    _say(book, progress, "xlperf: 写入结果 / writing results")
    other = "en" if lang == "zh" else "zh"
    for key in ("results", "indicators", "calibration", "dashboard"):
        if S.sheet(key, other) in book.sheet_names():  # outputs of a run in the other language
            book.delete_sheet(S.sheet(key, other))
    report.sheets.append(write_results_sheet(book, sch, results, lang))
    report.sheets.append(write_indicators_sheet(book, inputs.data, results, lang))
    report.sheets.append(write_calibration_sheet(book, results, lang))
    report.sheets.append(write_dashboard_sheet(book, sch, results, lang))
    outcome = "成功" if lang == "zh" else "ok"
    line = [sch.id, str(sch.version), report.fingerprint, report.employees, report.indicator_rows,
            report.ratings, outcome, override_text(results, lang)]
    report.sheets.append(append_log(book, line, lang))
    _say(book, progress, None)
    return report
