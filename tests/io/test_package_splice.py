"""Splicing xlperf's sheets into a decorated user master keeps every user part byte for byte."""

from __future__ import annotations

import os
import posixpath
import re
import stat
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from openxml_audit import OpenXmlValidator
from package_builders import OWNED, TRICKY, VALUES_ONLY, build_donor, build_source
from python_calamine import CalamineWorkbook

from xlperf.io import libreoffice
from xlperf.io.package import splice

REGISTERS = {
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/calcChain.xml",
}
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name → part, read independently of the code under test."""
    with zipfile.ZipFile(path) as z:
        rels = {
            r.get("Id"): posixpath.normpath(posixpath.join("xl", r.get("Target")))
            for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(REL)
        }
        book = ET.fromstring(z.read("xl/workbook.xml"))
        return {s.get("name"): rels[s.get(RID)] for s in book.iter(f"{M}sheet")}


def reachable(path: Path, part: str) -> set[str]:
    """``part`` and every part its relationships reach (with their .rels parts)."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        seen, todo = set(), [part]
        while todo:
            p = todo.pop()
            if p in seen or p not in names:
                continue
            seen.add(p)
            rels = posixpath.join(posixpath.dirname(p), "_rels", posixpath.basename(p) + ".rels")
            if rels in names:
                seen.add(rels)
                for r in ET.fromstring(z.read(rels)).iter(REL):
                    if r.get("TargetMode") != "External":
                        todo.append(
                            posixpath.normpath(
                                posixpath.join(posixpath.dirname(p), r.get("Target"))
                            )
                        )
        return seen


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    folder = tmp_path_factory.mktemp("splice")
    source, donor = build_source(folder), build_donor(folder)
    out = folder / "out.xlsm"
    report = splice(
        source, donor, out, owned=OWNED, values_only=VALUES_ONLY, positions={"Summary": 0}
    )
    return source, donor, out, report


def test_report_names_each_sheets_fate(case):
    *_, report = case
    assert report.replaced == ("Results", "Dashboard")
    assert report.inserted == ("Summary", "Calibration")
    assert set(report.removed) == {"结果", "Validation"}
    assert report.updated == ("Data",)
    assert report.values_dropped == {"Data": 1}  # the user's "user note" in H3
    assert report.copied_raw > 30


def test_every_user_entry_outside_the_spliced_sheets_is_byte_identical(case):
    source, _, out, _ = case
    parts = sheet_parts(source)
    spliced = {"Data"} | {n for n in parts if n in OWNED}
    changeable = set(REGISTERS) | {parts["Data"]}
    for name in spliced - {"Data"}:
        changeable |= reachable(source, parts[name])
    before, after = entries(source), entries(out)
    kept = {n for n in before if n not in changeable}
    assert {"xl/vbaProject.bin", "xl/ctrlProps/ctrlProp1.xml", "customXml/item1.xml"} <= kept
    assert {
        "xl/pivotCache/pivotCacheRecords1.xml",
        "xl/printerSettings/printerSettings1.bin",
    } <= kept
    assert {"xl/sharedStrings.xml", "docProps/app.xml", "xl/media/image1.png"} <= kept
    for name in sorted(kept):
        assert after.get(name) == before[name], name
    # Data keeps its own part name and its relationships (comments, drawing)
    data_rels = "xl/worksheets/_rels/" + posixpath.basename(parts["Data"]) + ".rels"
    assert after[data_rels] == before[data_rels]


def test_unchanged_entries_keep_compression_and_date(case):
    source, _, out, report = case
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(out) as b:
        old = {i.filename: i for i in a.infolist()}
        same = [
            i
            for i in b.infolist()
            if i.filename in old and b.read(i.filename) == a.read(i.filename)
        ]
        assert len(same) >= report.copied_raw
        for info in same:
            assert (info.compress_type, info.date_time) == (
                old[info.filename].compress_type,
                old[info.filename].date_time,
            ), info.filename
        assert b.testzip() is None


def test_data_keeps_its_decorations_and_gets_the_donors_values(case):
    source, donor, out, _ = case
    wb = openpyxl.load_workbook(out)
    ws, theirs = wb["Data"], openpyxl.load_workbook(donor)["Data"]
    assert [list(r) for r in ws.iter_rows(max_col=7, values_only=True)] == [
        list(r) for r in theirs.iter_rows(values_only=True)
    ]
    assert ws["H3"].value is None  # the user's value where xlperf writes nothing is gone
    assert ws.column_dimensions["B"].width == pytest.approx(24.7109375)
    assert ws.row_dimensions[1].height == 30
    assert ws["E2"].fill.fgColor.rgb == "FFC6EFCE" and ws["E2"].number_format == "0.0"
    assert ws["A3"].fill.fgColor.rgb == "FFFFFF00"  # the user's fill on an existing cell
    assert ws["H2"].fill.fgColor.rgb == "FFFFFF00"  # a styled empty cell stays
    assert ws["A1"].font.b  # a cell the user left unstyled gets the donor's style
    assert ws["A10"].value == "E008"  # more rows than before
    assert [str(r.sqref) for r in ws.conditional_formatting] == ["E2:E100"]
    assert [str(v.sqref) for v in ws.data_validations.dataValidation] == ["C2:C100"]
    assert ws.auto_filter.ref == "A1:F5"
    assert ws["A1"].comment is not None and "HRIS" in ws["A1"].comment.text
    xml = entries(out)[sheet_parts(out)["Data"]]
    assert b"<legacyDrawing" in xml and b'<dimension ref="A1:H10"/>' in xml


def test_spliced_values_read_back_exactly(case):
    _, donor, out, _ = case
    mine, theirs = openpyxl.load_workbook(out), openpyxl.load_workbook(donor)
    calamine = CalamineWorkbook.from_path(str(out))
    for name in ("Summary", "Results", "Dashboard", "Calibration"):
        want = [list(r) for r in theirs[name].iter_rows(values_only=True)]
        assert [list(r) for r in mine[name].iter_rows(values_only=True)] == want, name
        got = calamine.get_sheet_by_name(name).to_python()
        assert [[None if v == "" else v for v in r] for r in got] == [
            [float(v) if isinstance(v, int) else v for v in r] for r in want
        ], name
    assert mine["Results"]["B2"].number_format == "0.000"
    assert mine["Report"]["B6"].value == "=SUM(B2:B4)"


def test_text_that_looks_like_a_formula_stays_text(case):
    _, _, out, _ = case
    wb = openpyxl.load_workbook(out)
    got = [wb["Data"][f"G{r}"] for r in range(2, 2 + len(TRICKY))]
    assert [c.value for c in got] == TRICKY
    assert {c.data_type for c in got} == {"s"}
    parts = sheet_parts(out)
    for name in ("Data", "Results"):
        xml = entries(out)[parts[name]]
        assert b"<f>" not in xml and b"<f " not in xml
        assert b't="s"' not in xml  # every donor string is inline
    assert b'<t xml:space="preserve"> lead and trail </t>' in entries(out)[parts["Results"]]


def test_shared_strings_stay_byte_identical(case):
    source, _, out, _ = case
    assert entries(out)["xl/sharedStrings.xml"] == entries(source)["xl/sharedStrings.xml"]


def test_defined_names_follow_their_sheets(case):
    _, _, out, _ = case
    book = ET.fromstring(entries(out)["xl/workbook.xml"])
    order = [s.get("name") for s in book.iter(f"{M}sheet")]
    assert order[:3] == ["Summary", "Report", "Data"] and "结果" not in order
    names = {
        (n.get("name"), n.get("localSheetId") and order[int(n.get("localSheetId"))]): n.text
        for n in book.iter(f"{M}definedName")
    }
    assert names == {
        ("_xlnm._FilterDatabase", "Data"): "Data!$A$1:$F$5",
        ("LocalThing", "Report"): "Report!$B$2",
        ("MyRange", None): "Report!$A$2:$A$4",
        ("_xlnm.Print_Titles", "Report"): "Report!$1:$1",
        ("_xlnm.Print_Titles", "Results"): "Results!$1:$1",
        ("_xlnm._FilterDatabase", "Calibration"): "Calibration!$A$1:$C$2",
    }


def test_active_tab_stays_on_the_users_sheet(case):
    source, _, out, _ = case
    for path, index in ((source, 0), (out, 1)):
        book = ET.fromstring(entries(path)["xl/workbook.xml"])
        view = next(book.iter(f"{M}workbookView"))
        assert int(view.get("activeTab", "0")) == index
    selected = [n for n, p in sheet_parts(out).items() if b'tabSelected="1"' in entries(out)[p]]
    assert selected == ["Report"]


def test_tables_have_unique_ids_and_names(case):
    source, _, out, _ = case
    files = entries(out)
    tables = [ET.fromstring(files[n]) for n in files if n.startswith("xl/tables/")]
    ids = sorted(int(t.get("id")) for t in tables)
    names = sorted(t.get("displayName") for t in tables)
    assert ids == [1, 2] and names == ["UserTable", "xlperf_results_en"]
    user = next(n for n in files if n.startswith("xl/tables/") and b"UserTable" in files[n])
    assert files[user] == entries(source)[user]


def test_calc_chain_drops_the_rewritten_sheets_cells(case):
    source, _, out, _ = case
    ids = {
        s.get("name"): s.get("sheetId")
        for s in ET.fromstring(entries(source)["xl/workbook.xml"]).iter(f"{M}sheet")
    }
    chain = ET.fromstring(entries(out)["xl/calcChain.xml"])
    assert [(c.get("r"), c.get("i")) for c in chain] == [("B6", ids["Report"]), ("B7", None)]


def test_styles_are_appended_and_number_format_ids_do_not_collide(case):
    source, _, out, _ = case
    old, new = (ET.fromstring(entries(p)["xl/styles.xml"]) for p in (source, out))
    for kind in ("fonts", "fills", "cellXfs", "numFmts"):
        before, after = list(old.find(M + kind)), list(new.find(M + kind))
        assert len(after) >= len(before)
        assert [ET.tostring(e) for e in after[: len(before)]] == [ET.tostring(e) for e in before]
    fmts = [(int(f.get("numFmtId")), f.get("formatCode")) for f in new.iter(M + "numFmt")]
    assert len({i for i, _ in fmts}) == len(fmts) and all(i >= 164 for i, _ in fmts)
    assert {"0.0", "0.000"} <= {c for _, c in fmts}


def test_output_passes_ooxml_validation_like_the_source(case):
    source, _, out, _ = case
    assert OpenXmlValidator().validate(str(source)).is_valid
    result = OpenXmlValidator().validate(str(out))
    assert result.is_valid, [e.description for e in result.errors][:5]


def test_splicing_twice_is_splicing_once(case, tmp_path):
    _, donor, once, _ = case
    twice = tmp_path / "twice.xlsm"
    report = splice(
        once, donor, twice, owned=OWNED, values_only=VALUES_ONLY, positions={"Summary": 0}
    )
    assert report.values_dropped == {"Data": 0}
    assert entries(twice) == entries(once)
    assert twice.read_bytes() == once.read_bytes()


def test_mode_bits_survive_and_in_place_works(tmp_path):
    source, donor = build_source(tmp_path), build_donor(tmp_path)
    os.chmod(source, 0o640)
    splice(source, donor, source, owned=OWNED, values_only=VALUES_ONLY)
    assert stat.S_IMODE(source.stat().st_mode) == 0o640
    assert "Calibration" in openpyxl.load_workbook(source, read_only=True).sheetnames
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


@pytest.mark.libreoffice
@pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice not installed")
def test_libreoffice_opens_the_output(case, tmp_path):
    _, donor, out, _ = case
    (converted,) = libreoffice.convert([out], "xlsx", tmp_path)
    wb = openpyxl.load_workbook(converted)
    assert wb["Results"]["C2"].value == TRICKY[0] and wb["Results"]["B3"].value == 91.5
    assert wb["Data"]["A10"].value == "E008"
    assert re.match(r"^E\d{3}$", wb["Data"]["A2"].value)
