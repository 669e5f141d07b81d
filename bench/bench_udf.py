"""KPI_SCORE: one vectorised call on a column against one call per cell.

Measures the Python side only (what xlwings runs after Excel hands over the
values), with inputs shaped as xlwings passes them: a column range as a list of
one-element lists, a single cell as a scalar. Reports time per row and the
ratio, both measured in this run. No assertions: this is a benchmark.

    /work/venv/bin/python bench/bench_udf.py            # 100,000 rows
    /work/venv/bin/python bench/bench_udf.py --rows 20000
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import udfs.xlperf_udfs as u


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--method", default="ratio")
    args = parser.parse_args()

    rng = np.random.default_rng(42)
    actual = rng.uniform(0, 200, args.rows).round(2)
    target = rng.uniform(50, 150, args.rows).round(2)
    actual_col = [[float(a)] for a in actual]  # as xlwings passes a range with ndim=2
    target_col = [[float(t)] for t in target]

    start = time.perf_counter()
    column = u.KPI_SCORE(actual_col, target_col, [[args.method]])
    vectorised = time.perf_counter() - start

    start = time.perf_counter()
    cells = [
        u.KPI_SCORE(float(a), float(t), args.method) for a, t in zip(actual, target, strict=True)
    ]
    per_cell = time.perf_counter() - start

    same = all(c[0][0] == r[0] for c, r in zip(cells, column, strict=True))
    rows = args.rows
    print(f"KPI_SCORE(method={args.method!r}), {rows:,} rows, Python side only")
    print(f"{'variant':<34}{'total s':>10}{'µs / row':>12}")
    print(f"{'one call on the column':<34}{vectorised:>10.3f}{vectorised / rows * 1e6:>12.2f}")
    print(f"{'one call per cell':<34}{per_cell:>10.3f}{per_cell / rows * 1e6:>12.2f}")
    print(f"{'ratio (per cell / column)':<34}{per_cell / vectorised:>10.0f}x")
    print(f"same results: {same}")


if __name__ == "__main__":
    main()
