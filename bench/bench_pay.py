"""Pay benchmark: what pay adds to xlperf.score on the engine bench population, in one run.

    python bench/bench_pay.py [--employees 200000]

Population: ``bench_engine.population`` (N employees × 5 KPIs of the shipped
sales scheme, 20 departments, 15·N rating rows, adjustments for 2 % of the
staff), plus a Pay table (a bonus base and a commission base per employee,
amounts with cents), a Teams table (20 departments, each with a coefficient,
every fourth with a pool) and a 0.8 pay factor for 1 % of the staff. The
sales scheme's ``pay`` section applies (team coefficient, cap, budget,
120 % → 3× commission tiers, pools by bonus weight).

Reports CPU seconds (best of 3, the two runs interleaved) of ``xlperf.score``
without and with the Pay and Teams tables, the difference as a share of the engine time (the goal is
under 20 %), and the two pay stages on their own: validating the tables
(``prepare_pay``) and computing the amounts (``compute_pay``, Decimals
included). The stage figures are the steadier measure on a busy machine: the
whole-run difference also carries the run-to-run spread of the engine itself.
Prints a Markdown table. No assertions: a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import cpu, population, prepare  # noqa: E402

import xlperf  # noqa: E402
from xlperf.core.engine.pay import compute_pay, pay_basis  # noqa: E402
from xlperf.core.engine.pay_inputs import prepare_pay  # noqa: E402
from xlperf.errors import ProblemList  # noqa: E402

DEPARTMENTS = [f"部门{i:02d}" for i in range(20)]  # as bench_engine.population names them


def pay_tables(data: pd.DataFrame, adjustments: pd.DataFrame, seed: int = 7):
    """Pay and Teams tables for the population, and the adjustments with pay factors added."""
    rng = np.random.default_rng(seed)
    ids = data["employee_id"].drop_duplicates().to_numpy()
    n = len(ids)
    pay = pd.DataFrame(
        {
            "employee_id": ids,
            "bonus_base": np.round(rng.uniform(5_000, 30_000, n), 2),
            "commission_base": np.round(rng.uniform(1_000, 8_000, n), 2),
        }
    )
    teams = pd.DataFrame(
        {
            "department": DEPARTMENTS,
            "coefficient": np.round(rng.uniform(0.9, 1.2, len(DEPARTMENTS)), 2),
            "pool": [100_000.0 if i % 4 == 0 else None for i in range(len(DEPARTMENTS))],
        }
    )
    offenders = rng.choice(ids, size=max(n // 100, 1), replace=False)
    factors = pd.DataFrame(
        {"employee_id": offenders, "kind": "pay_factor", "value": 0.8, "reason": "记过"}
    )
    return pay, teams, pd.concat([adjustments, factors], ignore_index=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--employees", type=int, default=200_000)
    n = ap.parse_args().employees
    scheme = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
    data, ratings, adjustments = population(n)
    pay, teams, with_factors = pay_tables(data, adjustments)
    small = population(1000)
    small_pay, small_teams, small_adj = pay_tables(small[0], small[2])
    xlperf.score(scheme, small[0], small[1], small_adj, pay=small_pay, teams=small_teams)  # warm-up

    engine, with_pay = float("inf"), float("inf")
    for _ in range(3):  # interleaved, so a change in the machine's load hits both alike
        engine = min(engine, cpu(lambda: xlperf.score(scheme, data, ratings, adjustments)))
        with_pay = min(
            with_pay,
            cpu(lambda: xlperf.score(scheme, data, ratings, with_factors, pay=pay, teams=teams)),
        )

    d, r, a = prepare(scheme, data, ratings, with_factors)
    index = pd.Index(d.employees["employee_id"])
    prepared = prepare_pay(scheme, pay, teams, d.employees, ProblemList(), index)
    results = xlperf.score(scheme, data, ratings, with_factors, pay=pay, teams=teams)
    by_id = results.employees.set_index("employee_id").loc[d.employees["employee_id"]]
    grade = pd.Index(scheme.grade_names).get_indexer(by_id["grade"])
    basis = pay_basis(
        scheme, d, grade, by_id["final_score"].to_numpy(), by_id["department_rank"].to_numpy()
    )
    stage_inputs = cpu(
        lambda: prepare_pay(scheme, pay, teams, d.employees, ProblemList(), index), repeat=3
    )
    stage_compute = cpu(lambda: compute_pay(scheme, prepared, a, basis), repeat=3)

    rows = [
        (
            "population",
            f"{n:,} employees (engine bench) + Pay ({n:,} rows), Teams (20 rows, 5 pools), "
            f"{max(n // 100, 1):,} pay factors",
        ),
        ("xlperf.score without pay (CPU s, best of 3)", f"{engine:.2f}"),
        ("xlperf.score with Pay and Teams (CPU s, best of 3)", f"{with_pay:.2f}"),
        (
            "pay adds (share of the engine time; goal < 20 %)",
            f"{with_pay - engine:.2f} s = {100 * (with_pay - engine) / engine:.1f} %",
        ),
        ("of which: validating the Pay and Teams tables (CPU s)", f"{stage_inputs:.2f}"),
        (
            "of which: amounts, detail and department frames, Decimals included (CPU s)",
            f"{stage_compute:.2f}",
        ),
        (
            "the two stages as a share of the engine time",
            f"{100 * (stage_inputs + stage_compute) / engine:.1f} %",
        ),
    ]
    print("| measure | value |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
