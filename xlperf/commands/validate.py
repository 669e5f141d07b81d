"""``xlperf validate``: every problem of a master workbook, in the terminal and as a Validation sheet.

Example:
    $ xlperf validate master.xlsx
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xlperf.commands.common import lang_of, note, show_problems
from xlperf.commands.master_options import add_master_options, add_period_options
from xlperf.errors import InputError


def configure(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    v = subparsers.add_parser(
        "validate",
        parents=[common],
        help="check a master workbook and list every problem / 校验",
        description="Report every problem with sheet and cell, in the terminal and as a Validation sheet with hyperlinks. Nothing else changes.",
    )
    v.add_argument("file", help="master workbook (.xlsx)")
    v.add_argument("--scheme", help="scheme YAML (default: the one stored in the master)")
    v.add_argument(
        "--out", help="write the Validation sheet into a copy instead of the file itself"
    )
    add_period_options(v)
    add_master_options(v)
    v.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from xlperf.master.filebook import FileMaster
    from xlperf.master.outputs.validation import write_validation_sheet
    from xlperf.master.periods import PeriodRun
    from xlperf.master.recalc import validate_book
    from xlperf.master.writer import commit_master, master_session, same_file

    lang = lang_of(args)
    source = Path(args.file)
    out = Path(args.out) if args.out else None
    in_place = out is None or same_file(source, out)
    periods = PeriodRun.for_master(source, args.history, args.period)
    with master_session(source, out, "validate", args.wait) as target:
        book = FileMaster(source)
        problems = validate_book(book, lang, scheme=args.scheme, periods=periods)
        write_validation_sheet(book, problems, lang)
        commit_master(book, target, args.keep_backups if in_place else 0)
    n = len(problems)
    if problems:
        show_problems(args, problems, stream=sys.stdout)  # the problems are validate's result
    if lang == "zh":
        note(
            args,
            f"{n} 个问题；校验表已写入 {target}" if n else f"未发现问题；校验表已写入 {target}",
        )
    else:
        note(
            args,
            f"{n} problem(s); Validation sheet written to {target}"
            if n
            else f"no problems; Validation sheet written to {target}",
        )
    return InputError.exit_code if n else 0
