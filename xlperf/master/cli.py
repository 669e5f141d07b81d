"""``xlperf collect``, ``xlperf recalc`` and ``xlperf validate``.

Example:
    $ xlperf recalc master.xlsx --lang en --out results.xlsx
    $ xlperf validate master.xlsx
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xlperf.errors import InputError
from xlperf.io.openpyxl_book import OpenpyxlBook


class _LangAction(argparse.Action):
    """``--lang`` after the command sets both the messages' and the sheets' language."""

    def __call__(self, parser, namespace, values, option_string=None):  # noqa: ANN001
        namespace.lang = values
        namespace.sheet_lang = values


def add_lang_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--lang zh|en`` after the command: the language of the sheets and of the messages."""
    parser.add_argument(
        "--lang", choices=("zh", "en"), action=_LangAction, dest="sheet_lang", default=None, help=help_text
    )


def configure(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "recalc",
        help="recalculate ranking in a master workbook / 重新计算排名",
        description="Validate the master workbook, score, rank and write Results, Calibration, Dashboard and the Run log.",
    )
    p.add_argument("master", help="master workbook (.xlsx)")
    p.add_argument(
        "--scheme", help="scheme YAML (default: the one stored in the master's Scheme sheet)"
    )
    p.add_argument("--out", help="write to this file instead of rewriting the master in place")
    p.add_argument(
        "--personal",
        metavar="DIR",
        help="also write one personal results workbook per employee (个人绩效看板) into DIR",
    )
    add_lang_option(p, "language of the output sheets and messages (default zh for sheets)")
    p.set_defaults(func=run_recalc)

    v = subparsers.add_parser(
        "validate",
        help="check a master workbook and list every problem / 校验",
        description="Report every problem with sheet and cell, in the terminal and as a Validation sheet with hyperlinks. Nothing else changes.",
    )
    v.add_argument("file", help="master workbook (.xlsx)")
    v.add_argument("--scheme", help="scheme YAML (default: the master's Scheme sheet)")
    v.add_argument(
        "--out", help="write the Validation sheet into a copy instead of the file itself"
    )
    add_lang_option(v, "language of the Validation sheet and messages (default zh for the sheet)")
    v.set_defaults(func=run_validate)

    import importlib

    try:
        collect = importlib.import_module("xlperf.master.collect")
    except ModuleNotFoundError as exc:  # pragma: no cover - collect not installed
        if exc.name != "xlperf.master.collect":
            raise
        return
    collect.configure(subparsers)


def _lang(args: argparse.Namespace) -> str:
    return getattr(args, "sheet_lang", None) or "zh"


def run_recalc(args: argparse.Namespace) -> int:
    from xlperf.master.pipeline import recalc_book
    from xlperf.master.save import preflight, save_book

    lang = _lang(args)
    source = Path(args.master)
    book = OpenpyxlBook(source)
    out = Path(args.out) if args.out else None
    preflight(source, out)
    report = recalc_book(book, scheme=args.scheme, lang=lang)  # InputError: nothing written
    written, saved = save_book(book, source, out)
    print(report.summary(lang))
    print(f"{'已写入' if lang == 'zh' else 'wrote'} {written}")
    if saved:
        print(f"{'备份' if lang == 'zh' else 'backup'} {saved}")
    if args.personal:
        from xlperf.master.personal import write_personal

        paths = write_personal(report.results, Path(args.personal), lang)
        print(
            f"{'个人绩效看板' if lang == 'zh' else 'personal results'}: {len(paths)} → {args.personal}"
        )
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from xlperf.master.pipeline import validate_book, write_validation_sheet
    from xlperf.master.save import preflight, save_book

    lang = _lang(args)
    source = Path(args.file)
    book = OpenpyxlBook(source)
    out = Path(args.out) if args.out else None
    preflight(source, out)
    problems = validate_book(book, lang, scheme=args.scheme)
    for p in problems:
        print(p.render(lang))
    write_validation_sheet(book, problems, lang)
    written, _ = save_book(book, source, out)
    n = len(problems)
    if lang == "zh":
        print(
            f"{n} 个问题；校验表已写入 {written}" if n else f"未发现问题；校验表已写入 {written}",
            file=sys.stderr,
        )
    else:
        print(
            f"{n} problem(s); Validation sheet written to {written}"
            if n
            else f"no problems; Validation sheet written to {written}",
            file=sys.stderr,
        )
    return InputError.exit_code if n else 0
