"""``xlperf demo``: a sample company scored end to end, and the whole HR cycle, under one folder.

Example:
    $ xlperf demo --out xlperf-demo
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xlperf.commands.common import lang_of, note


def configure(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "demo",
        parents=[common],
        help="score a sample company and run the HR cycle / 演示",
        description="Make a realistic sample company, score it with every shipped scheme and run the whole HR cycle.",
    )
    p.add_argument("--out", default="xlperf-demo", help="output folder (default ./xlperf-demo)")
    p.add_argument("--size", type=int, default=300, help="number of employees (default 300)")
    p.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from xlperf.demo import write_demo

    out = Path(args.out)
    lang = lang_of(args)
    written = write_demo(out, size=args.size, seed=args.seed, lang=lang)
    note(
        args,
        f"xlperf 演示：已在 {out}/ 下写入 {len(written)} 个文件"
        if lang == "zh"
        else f"xlperf demo: wrote {len(written)} files under {out}/",
    )
    payroll = out / "payroll.csv"
    if payroll in written:
        note(
            args,
            f"工资表（销售部薪酬，来自 {out}/cycle/3-master/master_sales.xlsx 的薪酬表）：{payroll}"
            if lang == "zh"
            else f"payroll (sales pay, from the Pay sheet of {out}/cycle/3-master/master_sales.xlsx): {payroll}",
        )
    for p in written:
        print(p)
    return 0
