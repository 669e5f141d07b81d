"""The splicer's pieces (names, rows, styles, registers) and its refusals, on small hand-made input."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from package_builders import OWNED, VALUES_ONLY, build_donor, build_source, rewrite_zip

from xlperf.errors import WorkbookError
from xlperf.io.package import splice
from xlperf.io.package.merge_rows import col_index, col_letters, merge_rows
from xlperf.io.package.opc import fresh_name, parse, relative, resolve
from xlperf.io.package.plan import insert_at
from xlperf.io.package.registry import drop_calc_entries
from xlperf.io.package.sheetxml import CellWriter, shared_strings
from xlperf.io.package.styles import StyleMerger
from xlperf.io.package.transplant import renumber_vml

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize(
    ("index", "letters"),
    [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA"), (16384, "XFD")],
)
def test_column_letters(index, letters):
    assert col_letters(index) == letters and col_index(letters.encode()) == index


@pytest.mark.parametrize(
    ("part", "taken", "expected"),
    [
        ("xl/drawings/drawing1.xml", set(), "xl/drawings/drawing1.xml"),
        ("xl/drawings/drawing1.xml", {"xl/drawings/drawing1.xml"}, "xl/drawings/drawing2.xml"),
        (
            "xl/charts/chart7.xml",
            {"xl/charts/chart1.xml", "xl/charts/chart3.xml"},
            "xl/charts/chart2.xml",
        ),
        ("xl/media/image1.png", {"XL/MEDIA/IMAGE1.PNG"}, "xl/media/image2.png"),
        ("xl/worksheets/sheet.xml", set(), "xl/worksheets/sheet1.xml"),
    ],
)
def test_fresh_names_take_the_lowest_free_number(part, taken, expected):
    assert fresh_name(part, taken) == expected


@pytest.mark.parametrize(
    ("source", "target", "part"),
    [
        ("xl/workbook.xml", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
        ("xl/workbook.xml", "/xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
        ("xl/worksheets/sheet1.xml", "../drawings/drawing%201.xml", "xl/drawings/drawing 1.xml"),
        ("", "xl/workbook.xml", "xl/workbook.xml"),
    ],
)
def test_relationship_targets_resolve_and_back(source, target, part):
    assert resolve(source, target) == part
    assert resolve(source, relative(source, part)) == part


@pytest.mark.parametrize(
    ("names", "positions", "new", "expected"),
    [
        (["A", "B"], {}, ["N"], ["A", "B", "N"]),
        (["A", "B"], {"N": 0}, ["N"], ["N", "A", "B"]),
        (["A", "B"], {"N": 1, "M": 0}, ["N", "M"], ["M", "N", "A", "B"]),
        (["A"], {"N": 99}, ["N", "Z"], ["A", "Z", "N"]),
    ],
)
def test_new_sheets_go_where_asked(names, positions, new, expected):
    assert insert_at(names, positions, new) == expected


def _chain(cells: str) -> list[tuple[str | None, str | None]]:
    root = parse(f'<calcChain xmlns="{MAIN}">{cells}</calcChain>'.encode())
    drop_calc_entries(root, {2})
    return [(c.get("r"), c.get("i")) for c in root]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ('<c r="A1" i="1"/><c r="A2" i="2"/><c r="A3"/>', [("A1", "1")]),
        ('<c r="A1" i="2"/><c r="A2"/><c r="A3" i="3"/><c r="A4"/>', [("A3", "3"), ("A4", None)]),
        (
            '<c r="A1" i="1"/><c r="A2" i="2"/><c r="A3" i="1"/><c r="A4"/>',
            [("A1", "1"), ("A3", "1"), ("A4", None)],
        ),
    ],
)
def test_calc_chain_keeps_other_sheets_cells_with_their_sheet(cells, expected):
    assert _chain(cells) == expected


def test_vml_shape_ids_move_only_on_collision():
    vml = b'<o:idmap v:ext="edit" data="1"/><v:shape id="_x0000_s1025"/>'
    assert renumber_vml(vml, {2, 3}) == (vml, {1, 2, 3})
    moved, used = renumber_vml(vml, {1, 2})
    assert b'data="3"' in moved and b"_x0000_s3073" in moved and used == {1, 2, 3}


@pytest.mark.parametrize(
    ("sst", "expected"),
    [
        (b"<sst><si><t>a</t></si></sst>", [b"<t>a</t>"]),
        (b"<sst><si><t>a </t></si></sst>", [b'<t xml:space="preserve">a </t>']),
        (
            b'<sst><si><t xml:space="preserve"> a</t></si></sst>',
            [b'<t xml:space="preserve"> a</t>'],
        ),
        (
            b"<sst><si><r><rPr><b/></rPr><t>x</t></r><r><t> y</t></r></si></sst>",
            [b'<r><rPr><b/></rPr><t>x</t></r><r><t xml:space="preserve"> y</t></r>'],
        ),
        (b"<sst><si/><si><t>=1+1</t></si></sst>", [b"<t/>", b"<t>=1+1</t>"]),
    ],
)
def test_shared_strings_become_inline_string_bodies(sst, expected):
    assert shared_strings(sst) == expected


def _writer() -> CellWriter:
    return CellWriter(lambda i: 100 + i, lambda i: i, [b"<t>s0</t>", b"<t>s1</t>"])


@pytest.mark.parametrize(
    ("source", "donor", "xml", "dropped"),
    [
        # no source rows: donor styles mapped, strings inline
        (
            b"",
            b'<row r="2"><c r="B2" s="1" t="s"><v>1</v></c></row>',
            b'<row r="2"><c r="B2" s="101" t="inlineStr"><is><t>s1</t></is></c></row>',
            0,
        ),
        # source rows without r attributes; a value the donor lacks is dropped
        (
            b'<row><c s="7"><v>1</v></c><c><v>2</v></c></row>',
            b'<row r="1"><c r="A1"><v>9</v></c></row>',
            b'<row r="1"><c r="A1" s="7"><v>9</v></c></row>',
            1,
        ),
        # a styled empty source row beyond the donor's rows stays, its value cells go
        (
            b'<row r="5" ht="20" customHeight="1"><c r="A5" s="3"/><c r="B5"><v>1</v></c></row>',
            b"",
            b'<row r="5" ht="20" customHeight="1"><c r="A5" s="3"/></row>',
            1,
        ),
        # a prefixed source sheet keeps its prefix on its own elements
        (
            b'<x:row r="1" s="2" customFormat="1"><x:c r="B1" s="4"/></x:row>',
            b'<row r="1"><c r="A1" s="1"><v>3</v></c></row>',
            b'<x:row r="1" s="2" customFormat="1"><c r="A1" s="101"><v>3</v></c><x:c r="B1" s="4"/></x:row>',
            0,
        ),
    ],
)
def test_merge_rows_cases(source, donor, xml, dropped):
    prefix = b"x:" if b"<x:" in source else b""
    got = merge_rows(source, donor, _writer(), prefix)
    assert (got.xml, got.dropped) == (xml, dropped)


cells = st.dictionaries(
    st.tuples(st.integers(1, 6), st.integers(1, 5)),
    st.tuples(st.integers(0, 3), st.booleans()),
    max_size=20,
)


def _rows_xml(grid: dict, donor: bool) -> bytes:
    out = []
    for r in sorted({r for r, _ in grid}):
        body = b""
        for (rr, c), (s, has) in sorted(grid.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            if rr != r:
                continue
            style = f' s="{s}"'.encode() if s else b""
            value = f"<v>{r * 10 + c}</v>".encode() if (has or donor) else b""
            ref = f'r="{col_letters(c)}{r}"'.encode()
            body += b"<c " + ref + style + (b">" + value + b"</c>" if value else b"/>")
        out.append(f'<row r="{r}">'.encode() + body + b"</row>")
    return b"".join(out)


@settings(max_examples=150, deadline=None)
@given(source=cells, donor=cells)
def test_merged_rows_hold_the_donors_values_and_the_users_styles(source, donor):
    got = merge_rows(_rows_xml(source, False), _rows_xml(donor, True), _writer())
    root = ET.fromstring(b"<sheetData>" + got.xml + b"</sheetData>")
    found = {}
    for row in root:
        for c in row:
            ref = c.get("r")
            col = col_index(ref.rstrip("0123456789").encode())
            found[(int(ref[len(ref.rstrip("0123456789")) :]), col)] = (c.get("s"), c.findtext("v"))
    for key, (s, _) in donor.items():
        theirs = source.get(key)
        style = str(theirs[0]) if theirs and theirs[0] else (str(100 + s) if s else None)
        assert found.pop(key) == (style, str(key[0] * 10 + key[1]))
    style_only = {
        k: (str(s) if s else None, None)
        for k, (s, has) in source.items()
        if k not in donor and not has
    }
    assert found == style_only
    assert got.dropped == sum(1 for k, (_, has) in source.items() if has and k not in donor)


def _styles(fonts: str, xfs: str, fmts: str = "") -> bytes:
    return (
        f'<styleSheet xmlns="{MAIN}">{fmts}<fonts count="9">{fonts}</fonts>'
        f'<cellXfs count="9">{xfs}</cellXfs></styleSheet>'
    ).encode()


def test_style_merge_appends_once_and_renumbers_custom_formats():
    source = _styles(
        '<font><sz val="11"/></font>',
        '<xf numFmtId="0" fontId="0"/><xf numFmtId="164" fontId="0"/>',
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>',
    )
    donor = _styles(
        '<font><sz val="11"/></font><font><b/><sz val="11"/></font>',
        '<xf numFmtId="0" fontId="0"/><xf numFmtId="164" fontId="1" applyFont="1"/>'
        '<xf numFmtId="165" fontId="0"/>',
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.000"/>'
        '<numFmt numFmtId="165" formatCode="0.0"/></numFmts>',
    )
    first = StyleMerger(source, donor)
    assert [first.cell_xf(i) for i in (0, 1, 2, 1)] == [0, 2, 1, 2]
    merged = first.to_bytes()
    root = ET.fromstring(merged)
    assert [(f.get("numFmtId"), f.get("formatCode")) for f in root.iter(f"{{{MAIN}}}numFmt")] == [
        ("164", "0.0"),
        ("165", "0.000"),
    ]
    again = StyleMerger(merged, donor)
    assert [again.cell_xf(i) for i in (1, 2)] == [2, 1] and not again.changed


# -- refusals: raised before anything is written ----------------------------------------
@pytest.fixture(scope="module")
def decorated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("refuse")
    return build_source(folder), build_donor(folder)


def _donor_with(folder: Path, names: list[str]) -> Path:
    path = folder / "donor-extra.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for name in names:
        wb.add_worksheet(name).write("A1", name)
    wb.close()
    return path


def _refused(source: Path, donor: Path, out: Path, **kw) -> WorkbookError:
    before = source.read_bytes()
    with pytest.raises(WorkbookError) as err:
        splice(source, donor, out, **kw)
    assert not out.exists() or out == source
    assert source.read_bytes() == before
    return err.value


@pytest.mark.parametrize(
    ("names", "kw", "code", "needle"),
    [
        (["Report"], {"owned": OWNED}, "PACKAGE_USER_SHEET", "Report"),
        (
            ["Chart1"],
            {"owned": OWNED, "values_only": {"Chart1"}},
            "PACKAGE_INPUT_NOT_WORKSHEET",
            "chart sheet",
        ),
        (
            ["Pivot"],
            {"owned": OWNED | {"Pivot"}},
            "PACKAGE_CANNOT_KEEP",
            "xl/pivotTables/pivotTable1.xml",
        ),
        (
            ["Report"],
            {"owned": OWNED, "values_only": {"Report"}},
            "PACKAGE_CANNOT_KEEP",
            "xl/tables/table1.xml",
        ),
    ],
)
def test_refusals_name_the_sheet_or_part(decorated, tmp_path, names, kw, code, needle):
    source, _ = decorated
    err = _refused(source, _donor_with(tmp_path, names), tmp_path / "out.xlsm", **kw)
    assert [p.code for p in err.problems] == [code]
    assert needle in err.problems[0].message
    assert err.problems[0].message_zh and err.problems[0].hint_zh


def test_removing_an_owned_sheet_with_a_pivot_is_refused_in_place(decorated, tmp_path):
    source, donor = decorated
    copy = tmp_path / "master.xlsm"
    copy.write_bytes(source.read_bytes())
    err = _refused(copy, donor, copy, owned=OWNED | {"Pivot"}, values_only=VALUES_ONLY)
    assert err.problems[0].where.sheet == "Pivot"


@pytest.mark.parametrize("where", ["workbook", "package"])
def test_strict_open_xml_is_refused(tmp_path, where):
    path = tmp_path / "strict.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Results")
    wb.close()
    if where == "workbook":
        edits = {
            "xl/workbook.xml": lambda b: b.replace(
                MAIN.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main"
            )
        }
    else:
        edits = {
            "_rels/.rels": lambda b: b.replace(
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
            )
        }
    rewrite_zip(path, edits, {})
    err = _refused(path, _donor_with(tmp_path, ["Results"]), tmp_path / "out.xlsx", owned=OWNED)
    assert [p.code for p in err.problems] == ["PACKAGE_STRICT"]


def test_a_file_that_is_not_a_package_is_refused(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    err = _refused(bad, _donor_with(tmp_path, ["Results"]), tmp_path / "out.xlsx", owned=OWNED)
    assert [p.code for p in err.problems] == ["PACKAGE_NOT_XLSX"]
    assert zipfile.is_zipfile(_donor_with(tmp_path, ["x"]))


def test_preservation_findings_match_what_splice_refuses(decorated):
    from xlperf.io.package import preservation_findings

    source, _ = decorated
    assert (
        preservation_findings(source, ["Results", "Data"], owned=OWNED, values_only=VALUES_ONLY)
        == []
    )
    found = preservation_findings(source, ["Report", "Pivot"], owned=OWNED | {"Pivot"})
    assert [(p.code, p.where.sheet) for p in found] == [
        ("PACKAGE_USER_SHEET", "Report"),
        ("PACKAGE_CANNOT_KEEP", "Pivot"),
    ]
    assert [
        p.code for p in preservation_findings(source.with_suffix(".nope"), [], owned=OWNED)
    ] == ["PACKAGE_NOT_XLSX"]
