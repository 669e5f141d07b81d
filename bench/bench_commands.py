"""The other commands as users run them: ``xlperf collect`` of 20 forms and ``xlperf score``.

Each runs in a fresh process (wall and CPU seconds, peak memory), beside a
baseline measured in the same run:

- ``collect``: 20 department forms (``--employees`` in all, built with
  ``build_forms`` and filled as managers would; not timed) collected into a
  new master; baseline: openpyxl loading the 20 returned forms (what opening
  each form costs a script that edits workbooks);
- ``score``: Data and Ratings as CSV for ``--score-n`` employees, written to
  results.xlsx; baseline: LibreOffice converting the same two CSV files to
  xlsx (opening the inputs in a spreadsheet program).

``xlperf recalc`` (in place, ``--out``) is in ``bench_e2e.py``. Run::

    .venv/bin/python bench/bench_commands.py [--employees 1000] [--score-n 50000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_e2e import XLPERF, Run, best, line, make_inputs, ratio, timed_process, warm_up  # noqa: E402

from xlperf.core.scheme import load_scheme, shipped_schemes  # noqa: E402
from xlperf.master.cycle import fill_form  # noqa: E402
from xlperf.templates.builder import build_forms  # noqa: E402

OPEN_FORMS = "import sys, openpyxl\nfor p in sys.argv[1:]:\n    openpyxl.load_workbook(p)"


def returned_forms(folder: Path, n: int) -> list[Path]:
    """20 department forms for n employees, filled in (not timed)."""
    scheme = load_scheme(shipped_schemes()["sales"])
    data, ratings, _ = make_inputs(n, seed=5)
    roster = data.drop_duplicates("employee_id")[["employee_id", "name", "department", "role"]]
    forms = build_forms(scheme, roster, folder / "forms", "zh", cycle=True)
    out = folder / "returned"
    return [fill_form(f, scheme, data, ratings, out / f.name) for f in forms]


def soffice_convert(files: list[Path], folder: Path) -> Run | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(folder / "lo"),
        *map(str, files),
    ]
    try:
        return timed_process(cmd)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def collect_run(folder: Path, n: int, repeat: int) -> None:
    forms = returned_forms(folder, n)
    scheme = shipped_schemes()["sales"]
    manifest = folder / "forms" / "xlperf-cycle.json"

    def collect() -> Run:
        master = folder / "master.xlsx"
        master.unlink(missing_ok=True)
        return timed_process(
            [*XLPERF, "--quiet", "collect", *map(str, forms), "--scheme", str(scheme)]
            + ["--out", str(master), "--cycle", str(manifest), "--keep-backups", "0"]
        )

    xl = best(repeat, collect)
    opx = timed_process([sys.executable, "-c", OPEN_FORMS, *map(str, forms)])
    print(f"collect of {len(forms)} forms ({n:,} employees) into a new master:")
    line("xlperf collect FORMS --out MASTER", xl)
    line("baseline: openpyxl loading the returned forms", opx)
    print(f"  → xlperf collect {ratio(opx, xl)} the speed of loading the forms")


def score_run(folder: Path, n: int, repeat: int) -> None:
    data, ratings, adj = make_inputs(n, seed=6)
    paths = {"data": folder / "data.csv", "ratings": folder / "ratings.csv"}
    data.to_csv(paths["data"], index=False)
    ratings.to_csv(paths["ratings"], index=False)
    out = folder / "results.xlsx"
    cmd = [*XLPERF, "--quiet", "score", "--scheme", str(shipped_schemes()["sales"])]
    cmd += ["--data", str(paths["data"]), "--ratings", str(paths["ratings"]), "--out", str(out)]

    def score() -> Run:
        out.unlink(missing_ok=True)
        return timed_process(cmd)

    xl = best(repeat, score)
    lo = soffice_convert(list(paths.values()), folder)
    rows = f"{len(data):,} data rows, {len(ratings):,} ratings"
    print(f"score of {n:,} employees ({rows}) from CSV to xlsx:")
    line("xlperf score --data CSV --ratings CSV --out results.xlsx", xl)
    line("baseline: LibreOffice converting the two CSV files to xlsx", lo)
    if lo is not None:
        print(f"  → xlperf score {ratio(lo, xl)} faster than LibreOffice's conversion")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=1_000, help="employees on the 20 forms")
    parser.add_argument("--score-n", type=int, default=50_000, help="employees scored (0: skip)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each xlperf command (best)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="xlperf-bench-commands-"))
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    warm_up()
    if args.employees:
        collect_run(folder, args.employees, args.repeat)
    if args.score_n:
        score_run(folder, args.score_n, args.repeat)
    print(f"files in {folder}")


if __name__ == "__main__":
    main()
