"""Render the Dashboard sheet of a demo master to PNG (LibreOffice + pdftoppm).

Run: /work/venv/bin/python tests/master/render_dashboard.py OUTDIR [zh|en]
"""

from __future__ import annotations

import sys
from pathlib import Path

from xlperf.core.engine import score
from xlperf.demo.data import make_company
from xlperf.io.libreoffice import render_png
from xlperf.io.openpyxl_book import OpenpyxlBook
from xlperf.master.outputs.dashboard import write_dashboard_sheet


def render(outdir: Path, lang: str = "zh") -> list[Path]:
    company = make_company(seed=7, size=300)
    scheme = company.schemes["sales"]
    results = score(
        scheme, company.data["sales"], company.ratings["sales"], company.adjustments["sales"]
    )
    book = OpenpyxlBook.new()
    name = write_dashboard_sheet(book, scheme, results, lang)
    ws = book.wb[name]
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / f"dashboard-{lang}.xlsx"
    book.save(path)
    return render_png(path, outdir, dpi=90)


if __name__ == "__main__":
    print(render(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "zh"))
