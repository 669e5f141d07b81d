"""Package splice against an openpyxl load + save of the same master (one run, same machine).

A master with N employees (default 5,000: Data 25,000 rows, Ratings 75,000
rows, Adjustments, Scheme) is generated (not timed), then timed:

1. writing xlperf's output sheets (Results, Calibration, Dashboard with
   charts) into a small donor workbook with openpyxl;
2. :func:`xlperf.io.package.splice` of that donor into a copy of the master
   (Data, Ratings... copied as raw zip bytes);
3. the same splice with every unchanged entry recompressed through
   :mod:`zipfile` instead (what the raw copy saves);
4. a values-only splice of a new Data sheet (the ``collect`` case: the
   user's decorated Data keeps its sheet XML, the rows are the donor's);
5. the baseline: ``openpyxl.load_workbook`` + ``save`` of the master, which
   is what an in-place update costs today before any output is written.

No assertions: this is a benchmark. Run::

    .venv/bin/python bench/bench_splice.py            # 5,000 employees
    .venv/bin/python bench/bench_splice.py --n 50000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_e2e import make_inputs  # noqa: E402

from xlperf.core.engine import score  # noqa: E402
from xlperf.core.scheme import load_scheme, shipped_schemes  # noqa: E402
from xlperf.io.openpyxl_book import OpenpyxlBook  # noqa: E402
from xlperf.io.package import splice  # noqa: E402
from xlperf.master import sheets as S  # noqa: E402
from xlperf.master.build import DATA_COLUMNS, write_master  # noqa: E402
from xlperf.master.inputs import read_inputs  # noqa: E402
from xlperf.master.outputs.calibration import write_calibration_sheet  # noqa: E402
from xlperf.master.outputs.dashboard import write_dashboard_sheet  # noqa: E402
from xlperf.master.outputs.results import write_results_sheet  # noqa: E402

OUTPUT_SHEETS = S.OWNED
DATA = S.sheet("data", "zh")  # the benchmark's master is Chinese


def timed(label: str, fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    took = time.perf_counter() - t0
    print(f"  {label:<58} {took:7.2f} s")
    return out, took


def write_donor(master: Path, donor: Path, scheme) -> None:
    inputs = read_inputs(OpenpyxlBook(master))
    results = score(scheme, inputs.data, inputs.ratings, inputs.adjustments)
    book = OpenpyxlBook.new()
    write_results_sheet(book, scheme, results, "en")
    write_calibration_sheet(book, results, "en")
    write_dashboard_sheet(book, scheme, results, "en")
    book.save(donor)


def recompressed_copy(src: Path, out: Path) -> None:
    """Every entry read and deflated again by zipfile (the alternative to a raw copy)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))


def data_donor(master: Path, donor: Path) -> None:
    wb = xlsxwriter.Workbook(str(donor), {"constant_memory": True})
    ws = wb.add_worksheet(DATA)
    rows = openpyxl.load_workbook(master, read_only=True)[DATA].iter_rows(values_only=True)
    for r, row in enumerate(rows):
        ws.write_row(r, 0, [v for v in row][: len(DATA_COLUMNS)])
    wb.close()


def openpyxl_round_trip(master: Path, out: Path) -> None:
    wb = openpyxl.load_workbook(master)
    wb.save(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5_000)
    args = parser.parse_args()
    scheme = load_scheme(shipped_schemes()["sales"])
    folder = Path(tempfile.mkdtemp(prefix="xlperf-splice-"))
    master = make_master(folder, args.n)
    run(folder, master, scheme)


def make_master(folder: Path, n: int) -> Path:
    data, ratings, adj = make_inputs(n)
    master = write_master(
        folder / "master.xlsx",
        shipped_schemes()["sales"].read_text(encoding="utf-8"),
        data,
        ratings,
        adj,
    )
    print(
        f"setup: master with {n:,} employees, {len(data):,} Data rows, "
        f"{len(ratings):,} Ratings rows, {master.stat().st_size / 1e6:.1f} MB (not timed)"
    )
    return master


def run(folder: Path, master: Path, scheme) -> None:
    donor = folder / "donor.xlsx"
    _, t_donor = timed(
        "read + score + write donor (Results, Calibration, Dashboard)",
        write_donor,
        master,
        donor,
        scheme,
    )
    _, t_splice = timed(
        "splice donor into a copy of the master (raw copy)",
        splice,
        master,
        donor,
        folder / "spliced.xlsx",
        owned=OUTPUT_SHEETS,
    )
    _, t_zip = timed(
        "for comparison: zipfile re-deflating every entry of the master",
        recompressed_copy,
        master,
        folder / "zipfile.xlsx",
    )
    data_donor(master, folder / "data-donor.xlsx")
    _, t_values = timed(
        "values-only splice of a new Data sheet (collect case)",
        splice,
        folder / "spliced.xlsx",
        folder / "data-donor.xlsx",
        folder / "collected.xlsx",
        owned=OUTPUT_SHEETS,
        values_only={DATA},
    )
    _, t_opx = timed(
        "baseline: openpyxl load + save of the master",
        openpyxl_round_trip,
        master,
        folder / "openpyxl.xlsx",
    )
    print(
        f"splice {t_splice:.2f} s vs openpyxl load+save {t_opx:.2f} s → {t_opx / t_splice:.1f}× faster; "
        f"with the donor written: {t_opx / (t_splice + t_donor):.1f}×; values-only Data splice "
        f"{t_values:.2f} s; raw copy vs zipfile recompression of the package {t_zip:.2f} s"
    )
    print(f"files in {folder}")


if __name__ == "__main__":
    main()
