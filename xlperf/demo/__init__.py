"""The demo: a sample company, scored end to end, written where you can open it.

It writes the sample inputs (CSV), scores each department group with its
shipped scheme (results as .xlsx; the sales scheme with pay, :mod:`.pay`),
runs the full HR cycle: forms → filled → collect → recalc (:mod:`.cycle`;
the sales master gets its PayBase / 薪酬基数 and Teams / 团队 sheets, its Pay
sheet, and the payroll ``payroll.csv`` in ``out``), and four quarters of one
department through ``close`` with the annual roll-up (:mod:`.periods`).
Only the demo uses the demo data.

Example:
    >>> paths = write_demo(Path("xlperf-demo"), size=60)  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from xlperf.core.engine import score
from xlperf.demo.data import make_company
from xlperf.demo.pay import demo_pay
from xlperf.io.atomic import atomic_path
from xlperf.io.results_writer import write_results


def write_demo(out: Path, size: int = 300, seed: int = 7, lang: str = "zh") -> list[Path]:
    """Write the demo's inputs and results under ``out``; returns the paths written."""
    company = make_company(seed=seed, size=size)
    written: list[Path] = []
    inputs = out / "inputs"
    with atomic_path(inputs / "roster.csv") as tmp:
        company.roster.to_csv(tmp, index=False, encoding="utf-8-sig")
    written.append(inputs / "roster.csv")
    for key, scheme in company.schemes.items():
        pay = demo_pay(company, key, seed)
        adjustments = pay.adjustments(company.adjustments[key]) if pay else company.adjustments[key]
        tables = {
            "data": company.data[key],
            "ratings": company.ratings[key],
            "adjustments": adjustments,
        }
        if pay is not None:
            tables |= {"pay": pay.pay, "teams": pay.teams}
        for kind, frame in tables.items():
            path = inputs / f"{key}_{kind}.csv"
            with atomic_path(path) as tmp:
                frame.to_csv(tmp, index=False, encoding="utf-8-sig")
            written.append(path)
        results = score(
            scheme,
            company.data[key],
            company.ratings[key],
            adjustments,
            pay=tables.get("pay"),
            teams=tables.get("teams"),
        )
        written.extend(write_results(results, out / "results" / f"{key}_results.xlsx"))
    from xlperf.demo.cycle import run_cycle
    from xlperf.demo.periods import run_periods, story_lines

    written.extend(
        run_cycle(out / "cycle", lang=lang, seed=seed, size=size, payroll=out / "payroll.csv")
    )
    story = run_periods(out / "periods", company, lang=lang, seed=seed)
    for line in story_lines(story, lang):
        print(line)
    written.extend(story.files)
    return written
