"""``xlperf collect``: check returned forms and merge the good ones into the master workbook.

Example:
    $ xlperf collect batch1/ --scheme sales.yaml --out master.xlsx
    $ xlperf collect batch2/ --scheme sales.yaml --out master.xlsx     # adds batch 2, keeps batch 1
    $ xlperf collect returned/ --scheme sales.yaml --out master.xlsx --cycle forms/xlperf-cycle.json
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xlperf.commands.common import lang_of, note, progress_of
from xlperf.commands.master_options import add_master_options


def configure(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "collect",
        parents=[common],
        help="check returned forms and merge them into a master workbook / 汇总表单",
        description="Check each returned form (cycle, template, scheme, tampering, completeness) and merge the accepted ones into the master, keeping the forms collected before.",
    )
    p.add_argument("forms", nargs="+", help="returned forms (.xlsx) or folders holding them")
    p.add_argument("--scheme", required=True, help="the scheme YAML the forms were built from")
    p.add_argument("--out", required=True, help="master workbook to create or update (.xlsx)")
    p.add_argument(
        "--replace-all",
        action="store_true",
        help="start the master's data afresh instead of merging",
    )
    p.add_argument(
        "--cycle",
        metavar="MANIFEST",
        help="the cycle manifest (default: xlperf-cycle.json beside the master, else beside the forms)",
    )
    add_master_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from xlperf.master.collect import collect_forms

    lang = lang_of(args)
    rep = collect_forms(
        args.forms,
        args.scheme,
        Path(args.out),
        lang,
        replace_all=args.replace_all,
        cycle=args.cycle,
        wait=args.wait,
        keep_backups=args.keep_backups,
        progress=progress_of(args),
    )
    print(rep.render(lang))
    n_ok, n = len(rep.accepted), len(rep.entries)
    if lang == "zh":
        cycle = f"；已按考核期清单 {rep.cycle} 认证" if rep.cycle else "；未认证（没有考核期清单）"
        note(
            args,
            f"接受 {n_ok}/{n} 份表单{cycle}；报告：{rep.report}"
            + (f"；汇总表：{rep.master}" if rep.master else "；未写入汇总表"),
        )
    else:
        cycle = (
            f"; authenticated with {rep.cycle}"
            if rep.cycle
            else "; not authenticated (no cycle manifest)"
        )
        note(
            args,
            f"accepted {n_ok} of {n} forms{cycle}; report: {rep.report}"
            + (f"; master: {rep.master}" if rep.master else "; no master written"),
        )
    return 0 if n_ok == n else 3
