"""The demo: a sample company, scored end to end, written where you can open it.

It writes the sample inputs (CSV), scores each department group with its
shipped scheme (results as .xlsx), runs the full HR cycle: forms →
filled → collect → recalc (:mod:`.cycle`), and four quarters of one
department through ``close`` with the annual roll-up (:mod:`.periods`).
Only the demo uses the demo data.

Example:
    >>> paths = write_demo(Path("xlperf-demo"), size=60)  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from xlperf.core.engine import score
from xlperf.demo.data import make_company
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
        for kind, frame in (
            ("data", company.data[key]),
            ("ratings", company.ratings[key]),
            ("adjustments", company.adjustments[key]),
        ):
            path = inputs / f"{key}_{kind}.csv"
            with atomic_path(path) as tmp:
                frame.to_csv(tmp, index=False, encoding="utf-8-sig")
            written.append(path)
        results = score(scheme, company.data[key], company.ratings[key], company.adjustments[key])
        written.extend(write_results(results, out / "results" / f"{key}_results.xlsx"))
    from xlperf.demo.cycle import run_cycle
    from xlperf.demo.periods import run_periods, story_lines

    written.extend(run_cycle(out / "cycle", lang=lang))
    story = run_periods(out / "periods", company, lang=lang, seed=seed)
    for line in story_lines(story, lang):
        print(line)
    written.extend(story.files)
    return written
