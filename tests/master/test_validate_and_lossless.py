"""validate, failure writes nothing, losing nothing, locked files, the kill test."""

from __future__ import annotations

import hashlib
import os
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.workbook.defined_name import DefinedName

from xlperf.cli import main
from xlperf.io.openpyxl_book import OpenpyxlBook, foreign_content
from xlperf.master.pipeline import validate_book


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _break(master: Path) -> None:
    wb = openpyxl.load_workbook(master)
    ws = wb["Data"]
    ws["F3"] = "abc"  # text in a number column
    ws["E5"] = "NO_SUCH_KPI"
    wb.save(master)


def test_validate_finds_problems_with_sheet_and_cell(master: Path) -> None:
    _break(master)
    problems = validate_book(OpenpyxlBook(master), "en")
    cells = {(p.where.sheet, p.where.cell) for p in problems}
    assert ("Data", "F3") in cells and ("Data", "E5") in cells


def test_validate_cli_writes_validation_sheet_with_links_only(master: Path, capsys) -> None:
    _break(master)
    before = openpyxl.load_workbook(master)
    assert main(["validate", str(master), "--lang", "en"]) == 3
    assert "Data!F3" in capsys.readouterr().out
    after = openpyxl.load_workbook(master)
    assert after.sheetnames == [*before.sheetnames, "Validation"]
    for name in before.sheetnames:
        assert [[c.value for c in r] for r in after[name].iter_rows()] == [
            [c.value for c in r] for r in before[name].iter_rows()
        ], name
    ws = after["Validation"]
    links = {
        c.hyperlink.location or c.hyperlink.target
        for r in ws.iter_rows(min_row=2)
        for c in r
        if c.hyperlink
    }
    assert any("F3" in (h or "") for h in links)


def test_recalc_failure_writes_nothing(master: Path, tmp_path: Path) -> None:
    _break(master)
    digest = _sha(master)
    out = tmp_path / "out.xlsx"
    assert main(["recalc", str(master)]) == 3
    assert main(["recalc", str(master), "--out", str(out)]) == 3
    assert _sha(master) == digest and not out.exists()
    assert not list(master.parent.glob("master.backup-*"))


def _decorate(master: Path, png: Path) -> None:
    """The user's own work: extra sheet with formulas, formats, a defined name, a chart and an image."""
    wb = openpyxl.load_workbook(master)
    ws = wb.create_sheet("My notes")
    ws["A1"], ws["A2"], ws["B1"] = 3, 4, "=A1*A2"
    ws["A1"].number_format = "0.000"
    ws["A1"].font = openpyxl.styles.Font(bold=True, color="FF0000")
    wb.defined_names["my_total"] = DefinedName("my_total", attr_text="'My notes'!$B$1")
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=1, min_row=1, max_row=2))
    ws.add_chart(chart, "D2")
    wb.save(master)
    _add_image(master)
    assert any(n.startswith("xl/media/") for n in zipfile.ZipFile(master).namelist())


def _png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 8 for _ in range(8))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


PIC = (
    "<xdr:oneCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
    '<xdr:ext cx="762000" cy="762000"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="9" name="Logo"/><xdr:cNvPicPr/></xdr:nvPicPr>'
    '<xdr:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="rIdImg"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>'
    '<xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>'
)


def _add_image(path: Path) -> None:
    """Add a picture to the (only) drawing of the file, as Excel would store it (no Pillow needed)."""
    src = zipfile.ZipFile(path)
    items = {n: src.read(n) for n in src.namelist()}
    src.close()
    drawing = next(n for n in items if n.startswith("xl/drawings/drawing") and n.endswith(".xml"))
    rels = drawing.replace("xl/drawings/", "xl/drawings/_rels/") + ".rels"
    items[drawing] = items[drawing].replace(b"</xdr:wsDr>", PIC.encode() + b"</xdr:wsDr>")
    rel = b'<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/image1.png"/>'
    items[rels] = items[rels].replace(b"</Relationships>", rel + b"</Relationships>")
    items["xl/media/image1.png"] = _png_bytes()
    ct = items["[Content_Types].xml"]
    if b'Extension="png"' not in ct:
        items["[Content_Types].xml"] = ct.replace(
            b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in items.items():
            z.writestr(n, data)


@pytest.fixture
def png(tmp_path: Path) -> Path:
    return tmp_path


def test_user_chart_and_image_are_kept_in_place(master: Path, png: Path, tmp_path: Path) -> None:
    """An in-place recalc keeps the user's chart and image: their parts come back byte-identical."""
    import zipfile

    _decorate(master, png)
    assert "chart or image on sheet 'My notes'" in foreign_content(master)
    with zipfile.ZipFile(master) as z:
        before = {
            n: z.read(n) for n in z.namelist() if "drawing" in n or "media" in n or "chart" in n
        }
    assert before
    assert main(["recalc", str(master), "--lang", "en"]) == 0
    with zipfile.ZipFile(master) as z:
        for name, data in before.items():
            assert z.read(name) == data, name


def test_user_sheets_formulas_formats_names_survive(master: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(master)
    ws = wb.create_sheet("My notes")
    ws["A1"], ws["A2"], ws["B1"] = 3, 4, "=A1*A2"
    ws["A1"].number_format = "0.000"
    ws["A1"].font = openpyxl.styles.Font(bold=True, color="FFFF0000")
    wb.defined_names["my_total"] = DefinedName("my_total", attr_text="'My notes'!$B$1")
    wb["Data"]["L1"] = "my comment column"  # a user column right of the data
    wb.save(master)
    assert main(["recalc", str(master)]) == 0
    assert main(["recalc", str(master)]) == 0  # our own Dashboard charts never block a rerun
    after = openpyxl.load_workbook(master)
    n = after["My notes"]
    assert (n["A1"].value, n["A2"].value, n["B1"].value) == (3, 4, "=A1*A2")
    assert (
        n["A1"].number_format == "0.000"
        and n["A1"].font.bold
        and n["A1"].font.color.rgb == "FFFF0000"
    )
    assert after.defined_names["my_total"].attr_text == "'My notes'!$B$1"
    assert after["Data"]["L1"].value == "my comment column"
    assert after.sheetnames.count("指标得分") == 1


def test_workbook_open_in_excel_is_busy(master: Path, capsys) -> None:
    (master.parent / f"~${master.name}").write_text("lock")
    digest = _sha(master)
    assert main(["recalc", str(master), "--lang", "en"]) == 4
    assert "open in Excel" in capsys.readouterr().err and _sha(master) == digest


def test_not_a_workbook(tmp_path: Path, capsys) -> None:
    p = tmp_path / "m.xlsx"
    p.write_text("hello")
    assert main(["recalc", str(p), "--lang", "en"]) == 3
    assert "this is not an Excel workbook" in capsys.readouterr().err


KILL_SCRIPT = r"""
import sys, time
from pathlib import Path
from xlperf.master.filebook import FileMaster
orig = FileMaster.commit
def slow_commit(self, out):
    orig(self, out)
    with open(out, "r+b") as fh:   # half-written: truncate then stall
        fh.truncate(100)
    Path(sys.argv[2]).write_text("writing")
    time.sleep(60)
FileMaster.commit = slow_commit
from xlperf.cli import main
sys.exit(main(["recalc", sys.argv[1]]))
"""


def test_sigkill_mid_write_leaves_original_intact(master: Path, tmp_path: Path) -> None:
    digest = _sha(master)
    flag = tmp_path / "flag"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(master), str(flag)])
    try:
        deadline = time.time() + 120
        while not flag.exists() and time.time() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert flag.exists(), "the child never reached the write"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert _sha(master) == digest
    wb = openpyxl.load_workbook(master)
    assert "Data" in wb.sheetnames and "Results" not in wb.sheetnames
    assert not list(master.parent.glob("master.backup-*"))  # nothing that looks like a backup
    leftovers = [p.name for p in master.parent.iterdir() if "xlperf-tmp" in p.name]
    assert leftovers  # the killed run's temporary is there ...
    assert main(["recalc", str(master), "--lang", "en"]) == 0
    assert not [
        p.name for p in master.parent.iterdir() if "xlperf-tmp" in p.name
    ]  # ... and the next run removes it


def test_excel_error_value_is_reported_not_read_as_empty(master: Path) -> None:
    wb = openpyxl.load_workbook(master)
    wb["Data"]["F4"] = "#DIV/0!"  # stored as an error cell (t="e")
    wb.save(master)
    problems = validate_book(OpenpyxlBook(master), "en")
    hit = [p for p in problems if (p.where.sheet, p.where.cell) == ("Data", "F4")]
    assert hit and "#DIV/0!" in hit[0].message
