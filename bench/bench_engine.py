"""Engine benchmark: xlperf.score against a per-row Python implementation, in one run.

    python bench/bench_engine.py [--employees 200000] [--slice 10000]

Population: N employees × 5 KPIs (shipped sales scheme, role sales_rep, 20
departments) plus 5 competencies × 3 raters (15·N rating rows), with
adjustments for 2 % of the staff. Reports CPU seconds (process time) of the
whole ``xlperf.score`` call (validation, scoring, grading, ranking, forced
distribution), the same with the text columns handed over as pandas
Categoricals (what a reader can produce), the per-row reference
(``bench/reference.py``) timed on a slice and scaled linearly, the ratio, and
the peak memory of a fresh process that builds the inputs and runs the engine
once. CPU times are the best of several runs (timeit's convention): the first
run at a size also pays the page faults of fresh memory.
Prints a Markdown table for the README. No assertions: a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference import reference_score  # noqa: E402

import xlperf  # noqa: E402
from xlperf.core.engine.adjustments import prepare_adjustments  # noqa: E402
from xlperf.core.engine.compute import compute  # noqa: E402
from xlperf.core.engine.data import prepare_data  # noqa: E402
from xlperf.core.engine.ratings import prepare_ratings  # noqa: E402
from xlperf.errors import ProblemList  # noqa: E402

KPIS = ["SALES_REV", "SALES_GROWTH", "CSAT", "MARKET_SHARE", "NEW_CUST"]
DIMS = ["PRO", "EXEC", "TEAM", "INNOV", "RESP"]
RATERS = ["supervisor", "peer", "self"]


def population(n: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    ids = np.array([f"E{i:07d}" for i in range(n)], dtype=object)
    depts = np.array([f"部门{i % 20:02d}" for i in range(n)], dtype=object)
    actual = np.column_stack(
        [
            rng.uniform(60, 140, n) * 10_000,  # revenue vs target 1,000,000
            rng.uniform(95, 130, n),  # sales vs baseline 100 (target growth 0.1)
            rng.uniform(60, 99, n),  # satisfaction, bands
            rng.uniform(0.10, 0.30, n),  # market share vs 0.2
            rng.integers(0, 20, n).astype(float),  # new customers vs 10
        ]
    ).reshape(-1)
    target = np.tile([1_000_000.0, np.nan, np.nan, 0.2, 10.0], n)
    baseline = np.tile([np.nan, 100.0, np.nan, np.nan, np.nan], n)
    data = pd.DataFrame(
        {
            "employee_id": np.repeat(ids, 5),
            "name": np.repeat(ids, 5),
            "department": np.repeat(depts, 5),
            "role": "sales_rep",
            "indicator": np.tile(np.array(KPIS, dtype=object), n),
            "actual": actual,
            "target": target,
            "baseline": baseline,
        }
    )
    ratings = pd.DataFrame(
        {
            "employee_id": np.repeat(ids, 15),
            "dimension": np.tile(np.repeat(np.array(DIMS, dtype=object), 3), n),
            "rater": np.tile(np.array(RATERS, dtype=object), 5 * n),
            "rating": rng.integers(2, 6, 15 * n).astype(float),
        }
    )
    picked = rng.choice(n, size=max(n // 50, 1), replace=False)
    adjustments = pd.DataFrame(
        {
            "employee_id": ids[picked],
            "kind": np.where(np.arange(len(picked)) % 2 == 0, "points", "factor"),
            "value": np.where(np.arange(len(picked)) % 2 == 0, 3.0, 0.9),
            "reason": "bench",
        }
    )
    return data, ratings, adjustments


def categorical(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].astype("category")
    return out


def prepare(scheme, data, ratings, adjustments):
    """The engine's validation stage alone (private API: a breakdown for this benchmark only)."""
    problems = ProblemList()
    d = prepare_data(scheme, data, problems)
    index = pd.Index(d.employees["employee_id"])
    r = prepare_ratings(scheme, ratings, index, problems)
    a = prepare_adjustments(adjustments, index, problems)
    return d, r, a


def cpu(fn, repeat: int = 1) -> float:
    """Best of ``repeat`` CPU times (the first run of a size also pays page faults of fresh memory)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def engine_in_fresh_process(n: int) -> dict:
    """Peak RSS of a process that builds the inputs and scores them once."""
    here = str(Path(__file__).resolve().parent)
    code = (
        f"import json, resource, sys, time; sys.path.insert(0, {here!r});"
        "import bench_engine as b, xlperf;"
        "s = xlperf.load_scheme(xlperf.shipped_schemes()['sales']);"
        f"d, r, a = b.population({n});"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
        "t = time.process_time(); xlperf.score(s, d, r, a); t = time.process_time() - t;"
        "print(json.dumps({'cpu': t, 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'inputs_mb': before / 1024}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def from_master(scheme, master: Path, ref_per_employee: float) -> list[tuple[str, str]]:
    """Rows for the inputs of a master as ``read_inputs`` hands them over (bulk reader)."""
    from xlperf.master.filebook import FileMaster
    from xlperf.master.inputs import read_inputs

    inputs = read_inputs(FileMaster(master))
    tables = (inputs.data, inputs.ratings, inputs.adjustments)
    kinds = sorted({str(c.dtype) for t in tables if t is not None for c in map(t.get, t.columns)})
    took = cpu(lambda: xlperf.score(scheme, *tables), repeat=3)
    m = len(xlperf.score(scheme, *tables).employees)
    return [
        (
            f"xlperf.score on a master's inputs as read ({m:,} employees; {', '.join(kinds)})",
            f"{took:.2f}",
        ),
        ("speed-up vs per-row (inputs as read)", f"{ref_per_employee * m / took:.0f}×"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--employees", type=int, default=200_000)
    ap.add_argument(
        "--slice", type=int, default=10_000, help="employees the per-row reference is timed on"
    )
    ap.add_argument(
        "--master",
        type=Path,
        help="also score the inputs of this master as the bulk reader hands them over",
    )
    args = ap.parse_args()
    n, k = args.employees, min(args.slice, args.employees)
    scheme = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
    data, ratings, adjustments = population(n)
    xlperf.score(scheme, *population(1000))  # warm-up: imports, caches

    engine_cpu = cpu(lambda: xlperf.score(scheme, data, ratings, adjustments), repeat=3)
    cat = (categorical(data), categorical(ratings), categorical(adjustments))
    engine_cat_cpu = cpu(lambda: xlperf.score(scheme, *cat), repeat=3)

    prepared = prepare(scheme, data, ratings, adjustments)
    compute_cpu = cpu(lambda: compute(scheme, *prepared), repeat=3)

    small = population(k, seed=2)
    ref_cpu_slice = cpu(lambda: reference_score(scheme, *small), repeat=2)
    ref_cpu = ref_cpu_slice * n / k
    fresh = engine_in_fresh_process(n)
    read = from_master(scheme, args.master, ref_cpu_slice / k) if args.master else []

    rows = [
        (
            "population",
            f"{n:,} employees × 5 KPIs + 5 competencies × 3 raters ({5 * n:,} data rows, {15 * n:,} rating rows)",
        ),
        (
            "machine",
            f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, pandas {pd.__version__}, numpy {np.__version__}",
        ),
        ("xlperf.score, object/str text columns (CPU s, best of 3)", f"{engine_cpu:.2f}"),
        (
            "xlperf.score, Categorical text columns, as the master reader hands them over (CPU s, best of 3)",
            f"{engine_cat_cpu:.2f}",
        ),
        (
            "of which aggregation, grading, ranking, distribution on validated arrays (CPU s)",
            f"{compute_cpu:.2f}",
        ),
        (f"per-row reference (CPU s, best of 2 on {k:,} employees, × {n // k})", f"{ref_cpu:.1f}"),
        ("speed-up vs per-row (object columns)", f"{ref_cpu / engine_cpu:.0f}×"),
        ("speed-up vs per-row (Categorical columns)", f"{ref_cpu / engine_cat_cpu:.0f}×"),
        (
            "peak memory of a fresh process: inputs built / after scoring (MB)",
            f"{fresh['inputs_mb']:.0f} / {fresh['peak_mb']:.0f}",
        ),
        *read,
    ]
    print("| measure | value |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
