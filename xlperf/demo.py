"""``xlperf demo``: a sample company, scored end to end, written where you can open it.

It writes the sample inputs (CSV), scores each department group with its
shipped scheme (results as .xlsx), and, when the master-workbook pipeline is
installed, runs the full HR cycle: forms → filled → collect → recalc.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from xlperf.core.engine import score
from xlperf.demo_data import make_company
from xlperf.io.atomic import atomic_path
from xlperf.io.results_writer import write_results


def configure(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("demo", help="score a sample company and write the results / 演示", description="Make a realistic sample company, score it with every shipped scheme and write the results.")
    p.add_argument("--out", default="xlperf-demo", help="output folder (default ./xlperf-demo)")
    p.add_argument("--size", type=int, default=300, help="number of employees (default 300)")
    p.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    p.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="language of the workbooks")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    lang = getattr(args, "lang", "zh")
    written = write_demo(out, size=args.size, seed=args.seed, lang=lang)
    print(f"xlperf demo: wrote {len(written)} files under {out}/", file=sys.stderr)
    for p in written:
        print(p)
    return 0


def write_demo(out: Path, size: int = 300, seed: int = 7, lang: str = "zh") -> list[Path]:
    """Write the demo's inputs and results under ``out``; returns the paths written."""
    company = make_company(seed=seed, size=size)
    written: list[Path] = []
    inputs = out / "inputs"
    with atomic_path(inputs / "roster.csv") as tmp:
        company.roster.to_csv(tmp, index=False, encoding="utf-8-sig")
    written.append(inputs / "roster.csv")
    for key, scheme in company.schemes.items():
        for kind, frame in (("data", company.data[key]), ("ratings", company.ratings[key]), ("adjustments", company.adjustments[key])):
            path = inputs / f"{key}_{kind}.csv"
            with atomic_path(path) as tmp:
                frame.to_csv(tmp, index=False, encoding="utf-8-sig")
            written.append(path)
        results = score(scheme, company.data[key], company.ratings[key], company.adjustments[key])
        written.extend(write_results(results, out / "results" / f"{key}_results.xlsx"))
    try:
        cycle = importlib.import_module("xlperf.master.cycle")
    except ModuleNotFoundError as exc:
        if exc.name != "xlperf.master.cycle":
            raise
    else:
        written.extend(cycle.run_cycle(out / "cycle", lang=lang))
    return written
