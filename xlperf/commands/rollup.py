"""``xlperf rollup``: the annual results (年度汇总) from the closed periods of a year.

The annual final score is the weighted mean of the year's closed quarterly
final scores (the scheme's ``rollup`` key); grades, ranks, forced
distribution and bonus follow as for a period. Written through the normal
results writer (.csv, .xlsx or .json).

Example:
    $ xlperf rollup --year 2026 --history xlperf-history.sqlite --scheme market.yaml --out annual.xlsx
"""

from __future__ import annotations

import argparse

from xlperf.commands.common import lang_of, note


def configure(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "rollup",
        parents=[common],
        help="annual results from the closed periods of a year / 年度汇总",
        description="Weigh the year's closed periods into annual results (the scheme's rollup key) and write them.",
    )
    p.add_argument("--year", required=True, help="the year (2026)")
    p.add_argument(
        "--history",
        metavar="PATH",
        default="xlperf-history.sqlite",
        help="history file (default ./xlperf-history.sqlite)",
    )
    p.add_argument("--scheme", required=True, help="scheme YAML with a rollup key")
    p.add_argument("--out", required=True, help="output file: .csv, .xlsx or .json")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from xlperf.commands.score import refuse_overwriting
    from xlperf.core.history.rollup import rollup
    from xlperf.core.scheme import load_scheme
    from xlperf.io.atomic import check_writable
    from xlperf.io.history import HistoryStore
    from xlperf.io.results_writer import output_paths, write_results
    from xlperf.master.periods import require_history

    paths = output_paths(args.out)  # usage errors before any work
    scheme = load_scheme(args.scheme)
    history = require_history(args.history)
    refuse_overwriting(paths, [args.scheme, str(history)])
    results = rollup(scheme, HistoryStore(history).view(), args.year)
    for p in paths:
        check_writable(p)
    written = write_results(results, args.out)
    n = len(results.employees)
    zh = lang_of(args) == "zh"
    note(
        args,
        f"{results.period} 年度汇总：{n} 名员工（方案 {scheme.id} 第{scheme.version}版）"
        if zh
        else f"annual roll-up {results.period}: {n} employees (scheme {scheme.id} v{scheme.version})",
    )
    for p in written:
        print(p)
    return 0
