"""The demo's masters printed by LibreOffice: one page wide, header rows repeated, charts whole,
Chinese everywhere in a Chinese master, and valid OOXML.

Each master is built from the demo data, recalculated in Chinese, rendered to
PDF once (one soffice run) and read back with poppler's ``pdftotext -bbox``:
every page's footer names its sheet, so the pages of each sheet are known.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator

from xlperf.cli import main
from xlperf.core.scheme import load_scheme, shipped_schemes
from xlperf.demo.data import make_company
from xlperf.demo.periods import run_periods
from xlperf.io import libreoffice
from xlperf.master.build import write_master
from xlperf.master.sheets import INPUT_SHEETS
from xlperf.messages.glossary import TERMS

pytestmark = pytest.mark.skipif(
    not libreoffice.available() or shutil.which("pdftotext") is None,
    reason="needs LibreOffice and poppler",
)
XHTML = "{http://www.w3.org/1999/xhtml}"
#: the sheets HR reads whose header row must repeat on every page (sheet → its header row's first cell)
HEADED = {"结果": "工号", "指标得分": "数据行", "历史": "工号", "改进计划": "工号"}


@dataclass(frozen=True)
class Word:
    text: str
    x: float
    y: float
    x2: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def sheet(self) -> str:
        """The sheet named at the left of the footer (the bottom tenth of the page, left third)."""
        foot = [w for w in self.words if w.y > self.height * 0.9 and w.x < self.width / 3]
        line = max((w.y for w in foot), default=0.0)
        return " ".join(w.text for w in sorted(foot, key=lambda w: w.x) if abs(w.y - line) < 2)

    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def pdf_pages(pdf: Path) -> list[Page]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True
    ).stdout
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    pages = []
    for page in root.iter("page"):
        words = tuple(
            Word(w.text or "", float(w.get("xmin")), float(w.get("ymin")), float(w.get("xmax")))
            for w in page.iter("word")
        )
        pages.append(Page(float(page.get("width")), float(page.get("height")), words))
    return pages


def render(master: Path, out: Path) -> dict[str, list[Page]]:
    """Each sheet's pages, in order."""
    (pdf,) = libreoffice.convert([master], "pdf", out)
    by_sheet: dict[str, list[Page]] = {}
    for page in pdf_pages(pdf):
        if page.words:
            by_sheet.setdefault(page.sheet, []).append(page)
    return by_sheet


@pytest.fixture(scope="module")
def sales(tmp_path_factory) -> tuple[Path, dict[str, list[Page]]]:
    """A 90-employee sales master, recalculated in Chinese (the default), rendered."""
    folder = tmp_path_factory.mktemp("sales")
    company = make_company(seed=7, size=150)
    text = shipped_schemes()["sales"].read_text(encoding="utf-8")
    master = write_master(
        folder / "master.xlsx", text, company.data["sales"], company.ratings["sales"],
        company.adjustments["sales"], lang="zh",
    )  # fmt: skip
    assert main(["recalc", str(master), "--quiet"]) == 0
    return master, render(master, folder / "pdf")


@pytest.fixture(scope="module")
def periods(tmp_path_factory) -> tuple[Path, dict[str, list[Page]]]:
    """The demo's fourth quarter (history, streaks, plans, grade mix), rendered."""
    folder = tmp_path_factory.mktemp("periods")
    story = run_periods(folder, make_company(seed=7, size=60), lang="zh")
    master = next(p for p in story.files if p.name == "master_2026Q4.xlsx")
    return master, render(master, folder / "pdf")


def test_every_sheet_hr_reads_is_one_page_wide_with_its_header_repeated(sales, periods) -> None:
    seen = set()
    for _, pages in (sales, periods):
        for sheet, first_cell in HEADED.items():
            if sheet not in pages:
                continue
            seen.add(sheet)
            for page in pages[sheet]:
                top = min(w.y for w in page.words if w.text == first_cell)
                others = [w for w in page.words if w.text.startswith("E1")]
                assert others and top < min(w.y for w in others), (sheet, page.text()[:80])
    assert {"结果", "指标得分", "历史", "改进计划"} <= seen
    assert len(sales[1]["结果"]) >= 2  # the header repeats on a second page


def test_results_pages_carry_every_column(sales) -> None:
    master, pages = sales
    heads = [c.value for c in openpyxl.load_workbook(master, read_only=True)["结果"][1]]
    for page in pages["结果"]:
        assert all(h in page.text() for h in heads if h), page.text()[:120]


def test_header_and_footer_name_the_scheme_the_page_and_confidentiality(sales) -> None:
    for sheet in ("结果", "校准", "看板"):
        text = sales[1][sheet][0].text()
        assert "销售部季度绩效考核" in text and "注意保密" in text
        assert re.search(r"第 \d+ 页，共 \d+ 页", text), text[-80:]


@pytest.mark.parametrize(
    "title, axis",
    [("等级分布与配额", "等级"), ("综合得分分布", "综合得分区间"),
     pytest.param("各部门平均分", "部门", marks=pytest.mark.xfail(strict=True, reason=(
         "LibreOffice draws the third chart from its absolute offset while its rows print "
         "taller than 15pt: it starts above the manual break (open: fixed row heights)"))),
     ("各考核期等级分布", "考核期")],
)  # fmt: skip
def test_no_chart_crosses_a_page_edge(periods, title, axis) -> None:
    """The whole title is on one page, with the chart's axis title below it (same page, same x)."""
    pages = periods[1]["看板"]
    holding = [p for p in pages if any(w.text == title for w in p.words)]
    assert len(holding) == 1, [p.text()[:60] for p in pages]
    page = holding[0]
    head = next(w for w in page.words if w.text == title)
    assert head.x2 <= page.width
    below = [w for w in page.words if w.text == axis and w.y > head.y and w.x > page.width / 3]
    assert below, page.text()


def test_streaks_in_calibration_and_on_the_dashboard(periods) -> None:
    master, pages = periods
    wb = openpyxl.load_workbook(master)
    cal = [v for row in wb["校准"].iter_rows(values_only=True) for v in row if v is not None]
    assert "当前连续期数" in cal and "后备干部连续期数" in cal
    dash = [list(r) for r in wb["看板"].iter_rows(values_only=True)]
    rules = {r[0]: r[1:4] for r in dash if r and r[0] in ("后备干部", "调岗或淘汰评估")}
    assert rules["后备干部"][0] == 4 and rules["后备干部"][1] >= 1  # the demo shows a talent_pool
    assert rules["调岗或淘汰评估"][1] >= 1
    assert "当前连续期数" in " ".join(p.text() for p in pages["校准"])


def _codes(master: Path) -> set[str]:
    scheme = load_scheme(shipped_schemes()["market" if "2026Q" in master.name else "sales"])
    roles = {r.id for r in scheme.roles}
    flags = {
        k
        for k in TERMS
        if k
        in {
            "observation",
            "talent_pool",
            "reassign_review",
            "repeat_observation",
            "tie_at_quota",
            "excluded",
        }
    }
    return roles | flags


def test_a_chinese_master_shows_no_role_code_english_flag_or_english_sheet_name(
    sales, periods
) -> None:
    for master, _ in (sales, periods):
        wb = openpyxl.load_workbook(master)
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        assert all(not ws.title.isascii() for ws in visible), [ws.title for ws in visible]
        codes = _codes(master)
        for ws in visible:
            if ws.title in INPUT_SHEETS:  # the user's sheets: Chinese headers (values: codes still)
                assert all(not str(h.value).isascii() for h in ws[1] if h.value), ws.title
                continue
            words = {
                part
                for row in ws.iter_rows(values_only=True)
                for v in row
                if isinstance(v, str)
                for part in re.split(r"[;、,\s]+", v)
            }
            assert not (words & codes), (ws.title, words & codes)


def test_the_masters_pass_openxml_audit(sales, periods) -> None:
    for master, _ in (sales, periods):
        result = OpenXmlValidator().validate(str(master))
        assert result.is_valid, [e.description for e in result.errors][:5]
