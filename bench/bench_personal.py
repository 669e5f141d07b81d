"""Personal reports benchmark: 1,000 one-page reports as xlsx, and as PDF, in one run.

    python bench/bench_personal.py [--employees 1000] [--skip-pdf]

Population: ``bench_engine.population`` (N employees × 5 KPIs of the shipped sales scheme,
20 departments, ratings, adjustments) with ``bench_pay.pay_tables`` (bonus and commission
bases, team coefficients and pools), so every report carries its pay lines. Times
:func:`xlperf.master.personal.write_personal` end to end (staging folder, atomic swap):

- ``xlsx``: one workbook per employee (xlsxwriter); goal ≤ 20 s for 1,000;
- ``pdf``: department books rendered by LibreOffice (one soffice call per ~150 pages, two at
  once), split per employee with pdfseparate; goal ≤ 120 s for 1,000;
- ``pdf + merge``: also one merged PDF per department (pdfunite).

Reports wall seconds and CPU seconds (this process and its children: soffice, poppler),
since the machine may be shared. A progress bar on a terminal, one line per job otherwise.
Prints a Markdown table. No assertions: a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import population  # noqa: E402
from bench_pay import pay_tables  # noqa: E402

import xlperf  # noqa: E402
from xlperf.io.progress import progress_for  # noqa: E402
from xlperf.master.personal import write_personal  # noqa: E402


def cpu_now() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(results, folder: Path, **options) -> tuple[float, float, int]:
    """Wall and CPU seconds of one write_personal run, and the files written."""
    wall, cpu = time.perf_counter(), cpu_now()
    paths = write_personal(results, folder, "zh", progress=progress_for(False, "en"), **options)
    return time.perf_counter() - wall, cpu_now() - cpu, len(paths)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--employees", type=int, default=1000)
    ap.add_argument("--skip-pdf", action="store_true")
    args = ap.parse_args()
    scheme = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
    data, ratings, adjustments = population(args.employees)
    pay, teams, adjustments = pay_tables(data, adjustments)
    results = xlperf.score(scheme, data, ratings, adjustments, pay=pay, teams=teams)
    runs = [("xlsx", {"formats": "xlsx"}, 20.0)]
    if not args.skip_pdf:
        runs += [
            ("pdf", {"formats": "pdf"}, 120.0),
            ("pdf + merge", {"formats": "pdf", "merge": True}, None),
        ]
    rows = []
    with tempfile.TemporaryDirectory(prefix="xlperf-bench-personal-") as tmp:
        for name, options, goal in runs:
            wall, cpu, files = timed(results, Path(tmp) / name.replace(" ", ""), **options)
            rows.append((name, files, wall, cpu, goal))
    n = len(results.employees)
    print(
        f"\n{n} employees, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end\n"
    )
    print("| output | files | wall s | CPU s (incl. soffice) | goal (wall) |")
    print("|---|---:|---:|---:|---|")
    for name, files, wall, cpu, goal in rows:
        verdict = "" if goal is None else f"≤ {goal:.0f} s {'met' if wall <= goal else 'MISSED'}"
        print(f"| {name} | {files} | {wall:.1f} | {cpu:.1f} | {verdict} |")


if __name__ == "__main__":
    main()
