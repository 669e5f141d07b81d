"""``xlperf recalc``: "Recalculate ranking" on a master workbook.

With a history (``--history PATH``, default ``xlperf-history.sqlite`` beside the
master when it exists) the period (``--period``, or the Data sheet's only one)
is calculated with its streaks and plan outcomes, and the History and
Improvement plans sheets are written too.

Example:
    $ xlperf recalc master.xlsx --lang en --out results.xlsx --personal personal/
    $ xlperf recalc master.xlsx --period 2026Q2
    $ xlperf recalc master.xlsx --payroll payroll.csv   # with PayBase / 薪酬基数 (and Teams / 团队) sheets
    $ xlperf recalc master.xlsx --personal reports/ --personal-format both --personal-merge
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from xlperf.commands.common import lang_of, note, note_warnings, progress_of
from xlperf.commands.master_options import add_master_options, add_period_options


def configure(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "recalc",
        parents=[common],
        help="recalculate ranking in a master workbook / 重新计算排名",
        description="Validate the master workbook, score, rank and write Results, Calibration, Dashboard and the Run log.",
    )
    p.add_argument("master", help="master workbook (.xlsx)")
    p.add_argument("--scheme", help="scheme YAML (default: the one stored in the master)")
    p.add_argument("--out", help="write to this file instead of updating the master in place")
    p.add_argument(
        "--personal",
        metavar="DIR",
        help="also write one personal report per employee (个人绩效看板) into DIR",
    )
    p.add_argument(
        "--payroll",
        metavar="FILE.csv",
        help="also write the payroll CSV (工资表) from the PayBase / 薪酬基数 sheet's pay",
    )
    p.add_argument(
        "--personal-format",
        choices=("xlsx", "pdf", "both"),
        default="xlsx",
        help="personal reports as xlsx (default), pdf (LibreOffice) or both",
    )
    p.add_argument(
        "--personal-merge",
        action="store_true",
        help="with pdf: also one merged PDF per department for printing (按部门合并/)",
    )
    add_period_options(p)
    add_master_options(p)
    p.set_defaults(func=run)


def _payroll(args: argparse.Namespace, source: Path, out: Path | None) -> Path | None:
    """The ``--payroll`` file, checked before any work: a .csv that is not the master."""
    from xlperf.errors import Location, UsageError
    from xlperf.io.results_writer import payroll_path
    from xlperf.master.writer import same_file
    from xlperf.messages import say

    if not args.payroll:
        return None
    payroll = payroll_path(args.payroll)
    if any(same_file(payroll, p) for p in (source, out) if p is not None):
        where = Location(file=str(payroll))
        raise UsageError(
            f"Refusing to write {payroll}", [say("USAGE_OUTPUT_IS_INPUT", where, file=str(payroll))]
        )
    return payroll


def run(args: argparse.Namespace) -> int:
    from xlperf.io.atomic import atomic_path, check_writable
    from xlperf.io.results_writer import payroll_frame, require_pay
    from xlperf.master.filebook import FileMaster
    from xlperf.master.periods import PeriodRun
    from xlperf.master.personal import stage_personal
    from xlperf.master.recalc import recalc_book
    from xlperf.master.writer import commit_master, master_session, same_file

    lang = lang_of(args)
    source = Path(args.master)
    out = Path(args.out) if args.out else None
    in_place = out is None or same_file(source, out)
    payroll = _payroll(args, source, out)
    periods = PeriodRun.for_master(source, args.history, args.period)
    if args.personal:  # a missing tool is said before anything is read or written
        from xlperf.master.personal.pdf import check_tools

        check_tools(Path(args.personal), args.personal_format != "xlsx", args.personal_merge)
    progress = progress_of(args)
    with master_session(source, out, "recalc", args.wait) as target:
        book = FileMaster(source)
        progress.start("重新计算" if lang == "zh" else "recalculating")
        report = recalc_book(
            book, scheme=args.scheme, lang=lang, periods=periods, progress=progress.stage
        )
        progress.finish()  # InputError above: nothing written
        if payroll is not None:
            require_pay(report.results, payroll)  # a usage error: nothing written
            check_writable(payroll)
        staged = None
        if args.personal:
            staged = stage_personal(
                report.results,
                Path(args.personal),
                lang,
                report.history,
                formats=args.personal_format,
                merge=args.personal_merge,
                progress=progress,
            )
        try:  # all or nothing: every output written before any is put in place
            with contextlib.ExitStack() as stack:
                if payroll is not None:  # put in place only when the master is
                    tmp = stack.enter_context(atomic_path(payroll))
                    payroll_frame(report.results).to_csv(tmp, index=False, encoding="utf-8-sig")
                saved = commit_master(book, target, args.keep_backups if in_place else 0)
        except BaseException:
            if staged is not None:
                staged.drop()
            raise
        personal = staged.commit() if staged is not None else None
    _tell(args, lang, report, target, payroll, saved, personal)
    return 0


def _tell(args, lang: str, report, target, payroll, saved, personal) -> None:
    """The run's warnings, its summary, and every file written (paths on stdout)."""
    note_warnings(args, list(report.results.warnings))
    note(args, report.summary(lang))
    print(target)
    if payroll is not None:
        print(payroll)
    if saved:
        note(args, f"{'备份' if lang == 'zh' else 'backup'} {saved}")
    if personal is not None:
        what = "个人绩效看板" if lang == "zh" else "personal reports"
        note(args, f"{what}: {len(personal)} → {args.personal}")
