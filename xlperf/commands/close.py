"""``xlperf close``: "Close period" (关闭考核期) — recalculate the master, validate, record the period.

The master is updated in place (exactly as ``recalc`` updates it) and the
period recorded in the history file (default ``xlperf-history.sqlite`` beside
the master), all or nothing (see :mod:`xlperf.master.close`). Closing a closed
period again exits 3 unless ``--reopen --reason "..."``.

Example:
    $ xlperf close master.xlsx --period 2026Q1
    $ xlperf close master.xlsx --period 2026Q1 --reopen --reason "E2 的销售额更正"
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xlperf.commands.common import lang_of, note
from xlperf.commands.master_options import add_master_options
from xlperf.errors import Location, UsageError
from xlperf.messages import say


def configure(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "close",
        parents=[common],
        help="close a period: recalculate and record it in the history / 关闭考核期",
        description="Recalculate the master (as recalc does), validate it and record the period in the history file.",
    )
    p.add_argument("master", help="master workbook (.xlsx)")
    p.add_argument(
        "--period",
        required=True,
        metavar="P",
        help="the period to close (2026Q1, 2026-03, 2026H1, 2026)",
    )
    p.add_argument(
        "--history",
        metavar="PATH",
        help="history file (default xlperf-history.sqlite beside the master; created when missing)",
    )
    p.add_argument("--scheme", help="scheme YAML (default: the one stored in the master)")
    p.add_argument(
        "--reopen",
        action="store_true",
        help="replace a closed period (the old record stays in the audit log)",
    )
    p.add_argument(
        "--reason", metavar="TEXT", help="why a closed period is reopened (required with --reopen)"
    )
    add_master_options(p)
    p.set_defaults(func=run)


def reopen_reason(args: argparse.Namespace) -> str | None:
    """The reopen reason (None: not a reopen); --reason without --reopen, or --reopen without one, is a usage error."""
    where = Location(path="--reason")
    if args.reason is not None and not args.reopen:
        raise UsageError(
            "--reason needs --reopen",
            [say("HIST_REASON_WITHOUT_REOPEN", where, reason=args.reason)],
        )
    if args.reopen and not (args.reason or "").strip():
        raise UsageError(
            "--reopen needs --reason", [say("HIST_REOPEN_NO_REASON", where, period=args.period)]
        )
    return args.reason.strip() if args.reopen else None


def run(args: argparse.Namespace) -> int:
    from xlperf.master.close import close_master

    lang = lang_of(args)
    report = close_master(
        Path(args.master),
        args.period,
        history=args.history,
        reason=reopen_reason(args),
        scheme=args.scheme,
        lang=lang,
        wait=args.wait,
        keep_backups=args.keep_backups,
    )
    note(args, report.recalc.summary(lang))
    note(args, report.summary(lang))
    print(args.master)
    if report.backup:
        note(args, f"{'备份' if lang == 'zh' else 'backup'} {report.backup}")
    return 0
