"""End to end on a master workbook: read, validate, score, rank, write Results/Calibration/Dashboard.

A master with N employees (sales_rep role: 5 KPIs) and 5 competencies × 3
raters (supervisor, peer, self) is generated once (not timed). Then, timed:

1. ``xlperf`` pipeline: read Data/Ratings/Adjustments with python-calamine,
   validate + score + rank (engine), write Results, Calibration and Dashboard
   (with charts) into an output workbook; peak memory (ru_maxrss) of the run;
2. reading the same inputs with openpyxl only (read_only mode) — the ratio
   says what python-calamine buys;
3. LibreOffice recalculating the ranking written as native formulas
   (RANK + COUNTIF over the final scores, quadratic) at ``--lo-n`` rows,
   against the engine's scoring+ranking of the same rows.

No assertions: this is a benchmark. Run::

    /work/venv/bin/python bench/bench_e2e.py               # 50,000 employees
    /work/venv/bin/python bench/bench_e2e.py --n 5000 --lo-n 2000
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from xlperf.core.engine import score
from xlperf.core.scheme import load_scheme, shipped_schemes
from xlperf.io.openpyxl_book import OpenpyxlBook
from xlperf.master.build import write_master
from xlperf.master.inputs import read_inputs
from xlperf.master.outputs.calibration import write_calibration_sheet
from xlperf.master.outputs.dashboard import write_dashboard_sheet
from xlperf.master.outputs.results import write_results_sheet


def make_inputs(n: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    ids = np.array([f"E{i:06d}" for i in range(n)], dtype=object)
    depts = np.array([f"Dept{k:02d}" for k in range(20)], dtype=object)[rng.integers(0, 20, n)]
    talent = rng.normal(1.0, 0.12, n)
    codes = ["SALES_REV", "SALES_GROWTH", "CSAT", "MARKET_SHARE", "NEW_CUST"]
    frames = []
    for code in codes:
        target = np.full(n, np.nan)
        baseline = np.full(n, np.nan)
        if code == "SALES_REV":
            target = rng.integers(50, 500, n).astype(float) * 10
            actual = (target * talent * rng.uniform(0.85, 1.15, n)).round(2)
        elif code == "SALES_GROWTH":
            baseline = rng.uniform(100, 1000, n).round(2)
            actual = (baseline * (1 + 0.1 * talent * rng.uniform(0.5, 1.5, n))).round(2)
        elif code == "CSAT":
            actual = np.clip(80 * talent + rng.normal(0, 5, n), 40, 100).round(1)
        elif code == "MARKET_SHARE":
            target = rng.uniform(0.05, 0.3, n).round(3)
            actual = (target * talent * rng.uniform(0.8, 1.2, n)).round(4)
        else:
            target = rng.integers(5, 30, n).astype(float)
            actual = np.round(target * talent * rng.uniform(0.7, 1.3, n))
        frames.append(
            pd.DataFrame(
                {
                    "employee_id": ids,
                    "name": ids,
                    "department": depts,
                    "role": "sales_rep",
                    "indicator": code,
                    "actual": actual,
                    "target": target,
                    "baseline": baseline,
                }
            )
        )
    data = pd.concat(frames).sort_values("employee_id", kind="stable").reset_index(drop=True)
    dims = ["PRO", "EXEC", "TEAM", "INNOV", "RESP"]
    raters = ["supervisor", "peer", "self"]
    m = n * len(dims) * len(raters)
    base = np.clip(np.round(3 * talent + rng.normal(0, 0.6, n)), 1, 5)
    ratings = pd.DataFrame(
        {
            "employee_id": np.repeat(ids, len(dims) * len(raters)),
            "dimension": np.tile(np.repeat(dims, len(raters)), n),
            "rater": np.tile(raters, n * len(dims)),
            "rating": np.clip(
                np.repeat(base, len(dims) * len(raters)) + rng.integers(-1, 2, m), 1, 5
            ),
        }
    )
    adj = pd.DataFrame({"employee_id": ids[:50], "kind": "points", "value": 2.0, "reason": "bench"})
    return data, ratings, adj


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_pipeline(master: Path, out: Path, scheme) -> dict[str, float]:
    t = {}
    t0 = time.perf_counter()
    book = OpenpyxlBook(master)
    data, ratings, adj = read_inputs(book)
    t["read (calamine)"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    results = score(scheme, data, ratings, adj)
    t["validate+score+rank"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    outbook = OpenpyxlBook.new()
    write_results_sheet(outbook, scheme, results, "en")
    write_calibration_sheet(outbook, results, "en")
    write_dashboard_sheet(outbook, scheme, results, "en")
    outbook.save(out)
    t["write Results/Calibration/Dashboard"] = time.perf_counter() - t2
    t["total"] = time.perf_counter() - t0
    return t


def openpyxl_read(master: Path) -> float:
    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(master, read_only=True, data_only=True)
    for name in ("Data", "Ratings", "Adjustments"):
        sum(1 for _ in wb[name].iter_rows(values_only=True))
    wb.close()
    return time.perf_counter() - t0


def libreoffice_rank(n: int, folder: Path, scheme) -> tuple[float, float] | None:
    from xlperf.io import libreoffice

    if not libreoffice.available():
        return None
    data, ratings, adj = make_inputs(n, seed=2)
    t0 = time.perf_counter()
    res = score(scheme, data, ratings, None)
    engine = time.perf_counter() - t0
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["employee_id", "final_score", "rank", "n_above"])
    last = n + 1
    for i, (e, s) in enumerate(
        zip(res.employees["employee_id"], res.employees["final_score"], strict=True), start=2
    ):
        ws.append(
            [
                e,
                float(s),
                f"=RANK(ROUND(B{i},6),$B$2:$B${last})",
                f'=COUNTIF($B$2:$B${last},">"&B{i})',
            ]
        )
    src = folder / f"lo_rank_{n}.xlsx"
    wb.save(src)
    t1 = time.perf_counter()
    libreoffice.recalculate([src], folder / "lo_out")
    lo = time.perf_counter() - t1
    return lo, engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument(
        "--inplace-n",
        type=int,
        default=0,
        help="also time the full in-place recalc (openpyxl rewrite of the whole master) at this many employees",
    )
    parser.add_argument(
        "--lo-n",
        type=int,
        default=5_000,
        help="rows for the LibreOffice formula comparison (0: skip)",
    )
    args = parser.parse_args()
    scheme = load_scheme(shipped_schemes()["sales"])
    folder = Path(tempfile.mkdtemp(prefix="xlperf-bench-"))
    data, ratings, adj = make_inputs(args.n)
    cells = data.size + ratings.size
    t0 = time.perf_counter()
    master = write_master(
        folder / "master.xlsx",
        shipped_schemes()["sales"].read_text(encoding="utf-8"),
        data,
        ratings,
        adj,
    )
    print(
        f"setup: master with {args.n:,} employees, {len(data):,} data rows, {len(ratings):,} ratings ({cells:,} cells) written in {time.perf_counter() - t0:.1f} s (not timed)"
    )
    del data, ratings
    base_mem = peak_mb()
    times = run_pipeline(master, folder / "results.xlsx", scheme)
    for k, v in times.items():
        print(f"  {k:<40} {v:7.2f} s")
    print(
        f"  peak memory (ru_maxrss, whole process)   {peak_mb():7.0f} MB (after setup: {base_mem:.0f} MB)"
    )
    t_cal = times["read (calamine)"]
    t_opx = openpyxl_read(master)
    print(
        f"read inputs: openpyxl read-only {t_opx:.2f} s vs python-calamine {t_cal:.2f} s  → calamine {t_opx / t_cal:.1f}× faster"
    )
    if args.lo_n:
        lo = libreoffice_rank(args.lo_n, folder, scheme)
        if lo is None:
            print("LibreOffice not installed: formula comparison skipped")
        else:
            lo_t, eng_t = lo
            startup = (libreoffice_rank(20, folder, scheme) or (0.0, 0.0))[0]
            work = max(lo_t - startup, 1e-3)
            est = startup + work * (args.n / args.lo_n) ** 2
            print(
                f"ranking {args.lo_n:,} employees: LibreOffice RANK/COUNTIF recalculation {lo_t:.2f} s "
                f"({startup:.2f} s is start-up, measured on 20 rows) vs engine score+rank {eng_t:.3f} s → {lo_t / eng_t:.0f}×"
            )
            print(
                f"  quadratic extrapolation to {args.n:,} rows: about {est:.0f} s in LibreOffice "
                f"vs the whole xlperf pipeline {times['total']:.1f} s → {est / times['total']:.0f}×"
            )
    if args.inplace_n:
        from xlperf.master.save import save_book

        from xlperf.master.pipeline import recalc_book

        d, r, a = make_inputs(args.inplace_n, seed=3)
        small = write_master(
            folder / "inplace.xlsx", shipped_schemes()["sales"].read_text(encoding="utf-8"), d, r, a
        )
        t0 = time.perf_counter()
        book = OpenpyxlBook(small)
        recalc_book(book, lang="en")
        save_book(book, small, None)
        print(
            f"full in-place recalc (load whole master with openpyxl, write all outputs incl. Data scores, backup, atomic save) at {args.inplace_n:,} employees: {time.perf_counter() - t0:.2f} s"
        )
    print(f"files in {folder}")


if __name__ == "__main__":
    main()
