"""``xlperf history``: import earlier results, show the history, export it.

- ``xlperf history import FILE --period P --scheme S``: an xlperf results file,
  or any table with employee_id / 工号, final_score / 综合得分 and grade / 最终等级,
  recorded as the closed period P (so the rules count periods from before xlperf);
- ``xlperf history show [--employee E | --department D]``: a table on stdout;
- ``xlperf history export FILE``: ``.csv`` (text a spreadsheet would run is
  neutralised) or ``.xlsx`` (sheets History, Plans, Periods; text as text).

The history file is ``--history PATH``, default ``./xlperf-history.sqlite``.

Example:
    >>> text_table(["工号", "grade"], [["E1", "A"]]).splitlines()
    ['工号  grade', '----  -----', 'E1    A']
"""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

from xlperf.commands.common import lang_of, note
from xlperf.errors import Location, UsageError
from xlperf.messages import say
from xlperf.messages.glossary import term

DEFAULT_HISTORY = "xlperf-history.sqlite"
SHOWN = (
    "employee_id",
    "name",
    "department",
    "period",
    "final_score",
    "grade",
    "bonus_factor",
    "flags",
)
EXPORT_SHEETS = frozenset({"History", "Plans", "Periods"})


def configure(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "history",
        parents=[common],
        help="import, show or export the history of closed periods / 历史记录",
        description="The history file of closed periods: import earlier results, show them, export them.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    imp = actions.add_parser(
        "import", parents=[common], help="record earlier results as a closed period / 导入历史结果"
    )
    imp.add_argument(
        "file", help="results file (.csv or .xlsx): employee_id, final_score, grade ..."
    )
    imp.add_argument(
        "--period", required=True, metavar="P", help="the period the results are of (2026Q1 ...)"
    )
    imp.add_argument("--scheme", required=True, help="scheme YAML the results were graded with")
    imp.set_defaults(func=run_import)
    show = actions.add_parser(
        "show", parents=[common], help="print the stored results / 显示历史记录"
    )
    who = show.add_mutually_exclusive_group()
    who.add_argument("--employee", metavar="E", help="only this employee ID")
    who.add_argument("--department", metavar="D", help="only this department")
    show.set_defaults(func=run_show)
    exp = actions.add_parser(
        "export", parents=[common], help="write the history to .csv or .xlsx / 导出历史记录"
    )
    exp.add_argument("file", help="output file: .csv or .xlsx")
    exp.set_defaults(func=run_export)
    for sub in (imp, show, exp):
        sub.add_argument(
            "--history",
            metavar="PATH",
            default=DEFAULT_HISTORY,
            help=f"history file (default ./{DEFAULT_HISTORY})",
        )


def run_import(args: argparse.Namespace) -> int:
    from xlperf.core.scheme import load_scheme
    from xlperf.io.history import HistoryStore
    from xlperf.io.readers import read_table

    scheme = load_scheme(args.scheme)
    frame = read_table(args.file, "history")
    closed = HistoryStore(args.history).import_results(frame, args.period, scheme)
    zh = lang_of(args) == "zh"
    note(
        args,
        f"已导入 {closed.employees} 名员工的结果，考核期 {closed.period} → {args.history}"
        if zh
        else f"imported {closed.employees} employees' results as period {closed.period} into {args.history}",
    )
    print(args.history)
    return 0


def display_width(text: str) -> int:
    """Columns a text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_table(headers: list[str], rows: list[list[str]]) -> str:
    """Left-aligned columns separated by two spaces, a dashed line under the headers."""
    widths = [
        max([display_width(h), *(display_width(r[j]) for r in rows)]) for j, h in enumerate(headers)
    ]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _cell(value: object, column: str) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    if column in ("final_score", "bonus_factor"):
        return f"{float(value):.2f}"
    return str(value)


def run_show(args: argparse.Namespace) -> int:
    from xlperf.io.history import HistoryStore
    from xlperf.master.periods import require_history

    lang = lang_of(args)
    table = HistoryStore(require_history(args.history)).show(args.employee, args.department)
    rows = [
        [_cell(v, c) for v, c in zip(rec, SHOWN, strict=True)]
        for rec in table[list(SHOWN)].itertuples(index=False)
    ]
    print(text_table([term(c, lang) for c in SHOWN], rows))
    periods = table["period"].nunique() if len(table) else 0
    note(
        args,
        f"{len(table)} 条记录，{periods} 个考核期"
        if lang == "zh"
        else f"{len(table)} records, {periods} periods",
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    from xlperf.io.history import EXPORT_TYPES, HistoryStore
    from xlperf.io.results_writer import foreign_sheets
    from xlperf.master.periods import require_history

    out = Path(args.file)
    where = Location(file=str(out))
    if out.suffix.lower() not in EXPORT_TYPES:
        raise UsageError(
            f"Unsupported export {out}",
            [say("HIST_EXPORT_TYPE", where, suffix=out.suffix.lower() or "(none)")],
        )
    source = require_history(args.history)
    if out.exists() and out.resolve() == source.resolve():
        raise UsageError(
            f"Refusing to write {out}", [say("USAGE_OUTPUT_IS_INPUT", where, file=str(out))]
        )
    if (
        out.suffix.lower() == ".xlsx"
        and out.exists()
        and (foreign := foreign_sheets(out, EXPORT_SHEETS))
    ):
        raise UsageError(
            f"Refusing to write {out}",
            [say("USAGE_OUTPUT_FOREIGN", where, sheets=", ".join(foreign))],
        )
    written = HistoryStore(source).export(out)
    note(
        args,
        f"历史记录已导出到 {written}"
        if lang_of(args) == "zh"
        else f"history exported to {written}",
    )
    print(written)
    return 0
