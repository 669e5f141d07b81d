"""``xlperf demo`` as a new user runs it: Chinese by default, every workbook valid OOXML.

One run of the command (small company, no ``--lang``, ``$XLPERF_LANG`` unset),
then every workbook it wrote is audited and its sheets read back.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openxml_audit import OpenXmlValidator

from xlperf.cli import main

#: the demo's files that are `xlperf score`'s interchange format (English sheet and column
#: names by contract, for other programs), not workbooks HR reads
INTERCHANGE = ("results/", "periods/annual_")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("XLPERF_LANG", raising=False)
        assert main(["demo", "--out", str(out), "--size", "40", "--quiet"]) == 0
    return out


def _workbooks(out: Path) -> list[Path]:
    found = sorted(out.rglob("*.xlsx"))
    assert len(found) >= 15, found
    return found


def test_every_workbook_the_demo_writes_passes_openxml_audit(demo: Path) -> None:
    validator = OpenXmlValidator()
    for path in _workbooks(demo):
        result = validator.validate(str(path))
        errors = [e.description for e in result.errors if "ERROR" in str(e.severity).upper()]
        assert not errors, (path.relative_to(demo).as_posix(), errors[:3])


def test_the_demo_is_chinese_by_default(demo: Path) -> None:
    checked = 0
    for path in _workbooks(demo):
        rel = path.relative_to(demo).as_posix()
        if rel.startswith(INTERCHANGE):
            continue
        wb = openpyxl.load_workbook(path, read_only=True)
        visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
        wb.close()
        assert visible and all(not t.isascii() for t in visible), (rel, visible)
        checked += 1
    assert checked >= 12


def test_the_size_reaches_the_cycle(demo: Path) -> None:
    """--size 40 makes the cycle's company as small as the rest (it used to stay at 300)."""
    wb = openpyxl.load_workbook(demo / "cycle" / "3-master" / "master_sales.xlsx", read_only=True)
    ids = {r[0] for r in wb["结果"].iter_rows(min_row=2, values_only=True) if r and r[0]}
    wb.close()
    assert 0 < len(ids) < 40
