"""The documented cycle (template → fill → collect → recalc) and the Dashboard rendering."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from xlperf.demo.cycle import run_cycle
from xlperf.io import libreoffice


def test_cycle_accepts_good_rejects_bad_two(tmp_path: Path) -> None:
    written = run_cycle(tmp_path, lang="en", size=120)
    reports = [p for p in written if p.name.endswith(".collect-report.csv")]
    rows = [r for p in reports for r in csv.reader(open(p, encoding="utf-8-sig"))][1:]
    rejected = {r[0] for r in rows if r[1] == "rejected"}
    assert len(rejected) == 2
    cells = [r[4] for r in rows if r[1] == "rejected"]
    assert all(c and c[0].isalpha() for c in cells)  # every rejection names a cell
    masters = [p for p in written if p.parent.name == "3-master" and p.suffix == ".xlsx"]
    assert masters
    for m in masters:
        wb = openpyxl.load_workbook(m)
        assert {"Results", "Calibration", "Dashboard", "Run log", "Sources"} <= set(wb.sheetnames)
        ids = {r[0] for r in wb["Results"].iter_rows(min_row=2, values_only=True)}
        assert ids


@pytest.mark.libreoffice
@pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) is not installed")
def test_dashboard_renders_to_png(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from render_dashboard import render

    (png,) = render(tmp_path, "zh")
    assert png.stat().st_size > 20_000  # charts drawn, not an empty page
