"""``xlperf recalc``: "Recalculate ranking" on a master workbook.

Example:
    $ xlperf recalc master.xlsx --lang en --out results.xlsx --personal personal/
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xlperf.commands.common import lang_of, note


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
    p.add_argument("--personal", metavar="DIR", help="also write one personal report per employee (个人绩效看板) into DIR")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from xlperf.io.openpyxl_book import OpenpyxlBook
    from xlperf.master.pipeline import recalc_book
    from xlperf.master.save import preflight, save_book

    lang = lang_of(args)
    source = Path(args.master)
    out = Path(args.out) if args.out else None
    book = OpenpyxlBook(source)
    preflight(source, out)
    report = recalc_book(book, scheme=args.scheme, lang=lang)  # InputError: nothing written
    written, saved = save_book(book, source, out)
    note(args, report.summary(lang))
    print(written)
    if saved:
        note(args, f"{'备份' if lang == 'zh' else 'backup'} {saved}")
    if args.personal:
        from xlperf.master.personal import write_personal

        paths = write_personal(report.results, Path(args.personal), lang)
        note(args, f"{'个人绩效看板' if lang == 'zh' else 'personal reports'}: {len(paths)} → {args.personal}")
    return 0
