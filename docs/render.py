"""Regenerate the pictures in docs/img: a demo master's Results and Dashboard, and a personal report.

Builds a small Chinese sales master from the demo company with xlperf's own
APIs, recalculates it with personal reports as PDF, prints the master to PDF
with LibreOffice headless (xlperf.io.libreoffice: private profile, CJK font
mapping) and turns the first page of each into a PNG with pdftoppm.

Run: python docs/render.py [--out docs/img]   (needs LibreOffice and poppler)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from lxml import etree

from xlperf.cli import main as xlperf_main
from xlperf.core.scheme import shipped_schemes
from xlperf.demo.data import make_company
from xlperf.io import libreoffice
from xlperf.master.build import write_master
from xlperf.messages.glossary import TERMS

DOCS = Path(__file__).resolve().parent
#: picture name → the glossary key of the master sheet it shows
SHEETS = {"results": "sheet_results", "dashboard": "sheet_dashboard"}
DPI = 110


def build_master(folder: Path, size: int = 60, seed: int = 7) -> tuple[Path, Path]:
    """A recalculated zh sales master and its folder of personal PDF reports.

    >>> build_master  # doctest: +ELLIPSIS
    <function build_master at ...>
    """
    company = make_company(seed=seed, size=size)
    text = shipped_schemes()["sales"].read_text(encoding="utf-8")
    frames = (company.data["sales"], company.ratings["sales"], company.adjustments["sales"])
    master = write_master(folder / "master.xlsx", text, *frames, lang="zh")
    personal = folder / "personal"
    args = ["recalc", str(master), "--personal", str(personal), "--personal-format", "pdf"]
    if xlperf_main([*args, "--lang", "zh", "--quiet"]) != 0:
        raise SystemExit("xlperf recalc failed")
    return master, personal


def footer_sheets(pdf: Path) -> list[str]:
    """The sheet named at the left of each page's footer (bottom tenth, left third), page by page.

    The master's footer names its sheet there (xlperf.io.page); read with ``pdftotext -bbox``.

    >>> footer_sheets  # doctest: +ELLIPSIS
    <function footer_sheets at ...>
    """
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True
    ).stdout
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    names = []
    for page in root.iter("page"):
        width, height = float(page.get("width")), float(page.get("height"))
        foot = [
            (float(w.get("xmin")), w.text or "")
            for w in page.iter("word")
            if float(w.get("ymin")) > height * 0.9 and float(w.get("xmin")) < width / 3
        ]
        names.append(" ".join(text for _, text in sorted(foot)))
    return names


def first_page_of(sheet: str, footers: list[str]) -> int:
    """The 1-based number of the first page whose footer names ``sheet``.

    >>> first_page_of("看板", ["结果", "看板", "看板"])
    2
    """
    if sheet not in footers:
        raise SystemExit(f"no page of sheet {sheet} in the PDF")
    return footers.index(sheet) + 1


def to_png(pdf: Path, page: int, target: Path) -> Path:
    """Page ``page`` of ``pdf`` as ``target`` (a PNG at DPI dots per inch).

    >>> to_png  # doctest: +ELLIPSIS
    <function to_png at ...>
    """
    stem = target.with_suffix("")
    cmd = ["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile"]
    subprocess.run([*cmd, str(pdf), str(stem)], check=True, capture_output=True)
    return target


def render_all(out: Path) -> list[Path]:
    """Build the demo master and write results.png, dashboard.png and personal.png into ``out``.

    >>> render_all(Path("docs/img"))  # doctest: +SKIP
    [PosixPath('docs/img/results.png'), PosixPath('docs/img/dashboard.png'), PosixPath('docs/img/personal.png')]
    """
    if not libreoffice.available() or shutil.which("pdftoppm") is None:
        raise SystemExit("docs/render.py needs LibreOffice (soffice) and poppler (pdftoppm)")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlperf-render-") as tmp:
        master, personal = build_master(Path(tmp))
        (pdf,) = libreoffice.convert([master], "pdf", Path(tmp) / "pdf")
        footers = footer_sheets(pdf)
        written = [
            to_png(pdf, first_page_of(TERMS[key][0], footers), out / f"{name}.png")
            for name, key in SHEETS.items()
        ]
        report = sorted(personal.rglob("*.pdf"))[0]
        written.append(to_png(report, 1, out / "personal.png"))
    return written


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line: ``--out`` (default docs/img).

    >>> parse_args(["--out", "x"]).out
    PosixPath('x')
    """
    parser = argparse.ArgumentParser(
        prog="python docs/render.py",
        description="Render a demo master's Results and Dashboard and one personal report to PNG.",
    )
    parser.add_argument("--out", type=Path, default=DOCS / "img", help="output folder (docs/img)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    for path in render_all(parse_args().out):
        print(path, f"{path.stat().st_size // 1024} KB")
