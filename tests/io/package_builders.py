"""Builders for the splice tests: a decorated user master and xlperf donors (files made here).

The user master (an .xlsm) carries what HR adds in Excel: on its own sheets a
chart, a chart sheet, sparklines, rich text, an image, a table, a form button,
a checkbox form control (ctrlProp), an x14 cross-sheet data validation,
defined names and print titles, a pivot table with its cache, custom XML,
printer settings, a calculation chain and VBA; on xlperf's input sheet Data
fills, column widths, a comment, a conditional format, a validation and an
autofilter. xlperf's own sheets (Results, 结果, Dashboard with a chart,
Validation) are there to be replaced or removed.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[2]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TRICKY = ["=1+1", "+1", "@SUM(A1)", '=HYPERLINK("x")', " lead and trail ", "-2", "=A1"]

#: sheets of the user master, in tab order
SOURCE_SHEETS = [
    "Report",
    "Data",
    "Ratings",
    "Scheme",
    "Results",
    "结果",
    "Dashboard",
    "Validation",
    "Pivot",
    "Chart1",
]
OWNED = {"Results", "结果", "Dashboard", "Validation", "Calibration", "Summary", "Run log"}
VALUES_ONLY = {"Data", "Ratings", "Scheme"}


def png_bytes() -> bytes:
    """A 2×2 red PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def data_rows(n: int, shift: float = 0.0) -> list[list]:
    rows = [["employee_id", "name", "department", "indicator", "actual", "target"]]
    for i in range(n):
        rows.append(
            [f"E{i:03d}", f"员工{i}", "销售部" if i % 2 else "市场部", "REV", 90 + i + shift, 100]
        )
    return rows


def build_source(folder: Path) -> Path:
    """The decorated user master (.xlsm)."""
    path = folder / "master.xlsm"
    wb = xlsxwriter.Workbook(str(path))
    vba = folder / "vbaProject.bin"
    with zipfile.ZipFile(ROOT / "workbooks" / "xlperf.xlam") as z:
        vba.write_bytes(z.read("xl/vbaProject.bin"))
    wb.add_vba_project(str(vba))
    sheets = {name: wb.add_worksheet(name) for name in SOURCE_SHEETS[:-1]}
    _report(wb, sheets["Report"], folder)
    _data(wb, sheets["Data"])
    sheets["Ratings"].write_row(0, 0, ["employee_id", "dimension", "rating"])
    sheets["Ratings"].write_row(1, 0, ["E000", "PRO", 4])
    sheets["Scheme"].write_column(0, 0, ["xlperf scheme", "scheme: {id: s}"])
    _owned(wb, sheets)
    pivot = sheets["Pivot"]
    pivot.write_row(0, 0, ["dept", "n"])
    pivot.write_column(1, 0, ["A", "B"])
    pivot.write_column(1, 1, [1, 2])
    chartsheet = wb.add_chartsheet("Chart1")
    pie = wb.add_chart({"type": "pie"})
    pie.add_series({"values": "=Report!$B$2:$B$4", "categories": "=Report!$A$2:$A$4"})
    chartsheet.set_chart(pie)
    wb.define_name("MyRange", "=Report!$A$2:$A$4")
    wb.define_name("Report!LocalThing", "=Report!$B$2")
    wb.define_name("结果!OldLocal", "=结果!$A$1")
    sheets["Report"].activate()
    wb.close()
    _inject(path)
    return path


def _report(wb: xlsxwriter.Workbook, ws, folder: Path) -> None:
    ws.write_row(0, 0, ["item", "value", "trend", "", "", ""])
    for r, (name, values) in enumerate([("a", [1, 3, 2]), ("b", [2, 2, 4]), ("c", [5, 1, 3])], 1):
        ws.write(r, 0, name)
        ws.write(r, 1, sum(values))
        ws.write_row(r, 3, values)
        ws.add_sparkline(r, 2, {"range": f"Report!D{r + 1}:F{r + 1}"})
    ws.write_formula("B6", "=SUM(B2:B4)", None, 20)
    ws.write_formula("B7", "=SUM(Results!B2:B3)", None, 0)
    bold = wb.add_format({"bold": True, "font_color": "#C00000"})
    ws.write_rich_string("A9", "plain ", bold, "bold red", " tail")
    ws.add_table("H1:I4", {"name": "UserTable", "columns": [{"header": "k"}, {"header": "v"}]})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Report!$B$2:$B$4"})
    ws.insert_chart("K2", chart)
    image = folder / "red.png"
    image.write_bytes(png_bytes())
    ws.insert_image("K20", str(image))
    ws.insert_button("A12", {"macro": "Ribbon.Noop", "caption": "Run"})
    ws.data_validation("B2:B4", {"validate": "integer", "criteria": ">", "value": 0})
    ws.repeat_rows(0)
    ws.set_landscape()
    ws.write_comment("A1", "user note on Report")


def _data(wb: xlsxwriter.Workbook, ws) -> None:
    yellow = wb.add_format({"bg_color": "#FFFF00"})
    green = wb.add_format({"bg_color": "#C6EFCE", "num_format": "0.0"})
    for r, row in enumerate(data_rows(4)):
        ws.write_row(r, 0, row)
    ws.write("E2", 90, green)
    ws.write("E3", 91, green)
    ws.write("A3", "E001", yellow)
    ws.write_blank("H2", None, yellow)  # a styled empty cell the user filled
    ws.write("H3", "user note")  # a user value where xlperf writes nothing
    ws.set_column("B:B", 24)
    ws.set_row(0, 30)
    ws.write_comment("A1", "HR: employee ids from the HRIS")
    ws.conditional_format(
        "E2:E100", {"type": "cell", "criteria": "<", "value": 95, "format": yellow}
    )
    ws.data_validation("C2:C100", {"validate": "list", "source": ["销售部", "市场部"]})
    ws.autofilter("A1:F5")


def _owned(wb: xlsxwriter.Workbook, sheets: dict) -> None:
    res = sheets["Results"]
    res.write_row(0, 0, ["employee_id", "final_score"])
    res.write_row(1, 0, ["E000", 90.0])
    res.write_row(2, 0, ["E001", 91.0])
    res.add_table(
        "A1:B3",
        {
            "name": "xlperf_results_en",
            "columns": [{"header": "employee_id"}, {"header": "final_score"}],
        },
    )
    res.repeat_rows(0)
    sheets["结果"].write("A1", "旧结果")
    dash = sheets["Dashboard"]
    dash.write_column(0, 0, ["A", "B"])
    dash.write_column(0, 1, [3, 4])
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({"values": "=Dashboard!$B$1:$B$2"})
    dash.insert_chart("D2", chart)
    dash.write_comment("A1", "old dashboard comment")
    sheets["Validation"].write("A1", "old problems")


# -- hand-made parts no writer makes ----------------------------------------------------
X14_DV = (
    '<ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
    "<x14:formula1><xm:f>Data!$A$2:$A$5</xm:f></x14:formula1><xm:sqref>A2:A4</xm:sqref>"
    "</x14:dataValidation></x14:dataValidations></ext>"
)
CTRL_PROP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
    'objectType="CheckBox" checked="Checked" lockText="1"/>'
)
PIVOT_CACHE = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotCacheDefinition xmlns="{MAIN}" '
    f'xmlns:r="{R}" r:id="rId1" refreshOnLoad="1" recordCount="2"><cacheSource type="worksheet">'
    '<worksheetSource ref="A1:B3" sheet="Pivot"/></cacheSource><cacheFields count="2">'
    '<cacheField name="dept" numFmtId="0"><sharedItems count="2"><s v="A"/><s v="B"/></sharedItems>'
    '</cacheField><cacheField name="n" numFmtId="0"><sharedItems containsSemiMixedTypes="0" '
    'containsString="0" containsNumber="1" containsInteger="1" minValue="1" maxValue="2"/>'
    "</cacheField></cacheFields></pivotCacheDefinition>"
)
PIVOT_RECORDS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotCacheRecords xmlns="{MAIN}" '
    'count="2"><r><x v="0"/><n v="1"/></r><r><x v="1"/><n v="2"/></r></pivotCacheRecords>'
)
PIVOT_TABLE = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotTableDefinition xmlns="{MAIN}" '
    'name="PivotTable1" cacheId="7" dataCaption="Values" updatedVersion="6" minRefreshableVersion="3" '
    'createdVersion="6" outline="1" outlineData="1"><location ref="D3:E6" firstHeaderRow="1" '
    'firstDataRow="1" firstDataCol="1"/><pivotFields count="2"><pivotField axis="axisRow" showAll="0">'
    '<items count="3"><item x="0"/><item x="1"/><item t="default"/></items></pivotField>'
    '<pivotField dataField="1" showAll="0"/></pivotFields><rowFields count="1"><field x="0"/>'
    '</rowFields><rowItems count="3"><i><x/></i><i><x v="1"/></i><i t="grand"><x/></i></rowItems>'
    '<colItems count="1"><i/></colItems><dataFields count="1"><dataField name="Sum of n" fld="1" '
    'baseField="0" baseItem="0"/></dataFields></pivotTableDefinition>'
)
CUSTOM_XML = b'<?xml version="1.0" encoding="UTF-8"?><hr:settings xmlns:hr="urn:example:hr"><cycle>2026Q1</cycle></hr:settings>'
CUSTOM_PROPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem '
    'ds:itemID="{6B1E3F5A-0C2D-4E8F-9A1B-2C3D4E5F6A7B}" '
    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/>'
    "</ds:datastoreItem>"
)
_CT = {
    "ctrl": "application/vnd.ms-excel.controlproperties+xml",
    "pcd": "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml",
    "pcr": "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml",
    "pt": "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml",
    "props": "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
    "printer": "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings",
    "calc": "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml",
}
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _rel(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{_RT}{kind}" Target="{target}"/>'


def _add_rels(xml: bytes, *rels: str) -> bytes:
    return xml.replace(b"</Relationships>", "".join(rels).encode() + b"</Relationships>")


def _override(name: str, kind: str) -> str:
    return f'<Override PartName="/{name}" ContentType="{_CT[kind]}"/>'


def rewrite_zip(
    path: Path, edits: dict[str, Callable[[bytes], bytes]], add: dict[str, bytes]
) -> None:
    """Rewrite the zip at ``path``: ``edits`` change entries, ``add`` appends new ones."""
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            z.writestr(info, edits.get(info.filename, lambda b: b)(data))
        for name, data in add.items():
            z.writestr(name, data)


def _sheet_part(path: Path, name: str) -> str:
    from xlperf.io.readers import sheet_parts

    with zipfile.ZipFile(path) as z:
        return sheet_parts(z)[name]


def _inject(path: Path) -> None:
    report, pivot = _sheet_part(path, "Report"), _sheet_part(path, "Pivot")
    rep_rels = report.replace("worksheets/", "worksheets/_rels/") + ".rels"
    piv_rels = pivot.replace("worksheets/", "worksheets/_rels/") + ".rels"
    with zipfile.ZipFile(path) as z:
        sheet_ids = _sheet_ids(z.read("xl/workbook.xml"))

    def report_xml(b: bytes) -> bytes:
        b = b.replace(b"<pageSetup ", b'<pageSetup r:id="rIdPs" ', 1)
        b = b.replace(b"</legacyDrawing>", b"</legacyDrawing>", 1)
        controls = (
            b'<controls><control shapeId="1026" r:id="rIdCtl" name="Check Box 1"/></controls>'
        )
        b = b.replace(b"<tableParts", controls + b"<tableParts", 1)
        return b.replace(b"<extLst>", b"<extLst>" + X14_DV.encode(), 1)

    def pivot_xml(b: bytes) -> bytes:
        return b

    def workbook(b: bytes) -> bytes:
        caches = b'<pivotCaches><pivotCache cacheId="7" r:id="rIdPc"/></pivotCaches>'
        return b.replace(b"</workbook>", caches + b"</workbook>")

    calc = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="{MAIN}">'
        f'<c r="B2" i="{sheet_ids["Results"]}"/><c r="B6" i="{sheet_ids["Report"]}"/><c r="B7"/></calcChain>'
    )
    types = "".join(
        [
            _override("xl/ctrlProps/ctrlProp1.xml", "ctrl"),
            _override("xl/pivotCache/pivotCacheDefinition1.xml", "pcd"),
            _override("xl/pivotCache/pivotCacheRecords1.xml", "pcr"),
            _override("xl/pivotTables/pivotTable1.xml", "pt"),
            _override("customXml/itemProps1.xml", "props"),
            _override("xl/printerSettings/printerSettings1.bin", "printer"),
            _override("xl/calcChain.xml", "calc"),
        ]
    ).encode()
    edits = {
        "[Content_Types].xml": lambda b: b.replace(b"</Types>", types + b"</Types>"),
        report: report_xml,
        rep_rels: lambda b: _add_rels(
            b,
            _rel("rIdPs", "printerSettings", "../printerSettings/printerSettings1.bin"),
            _rel("rIdCtl", "ctrlProp", "../ctrlProps/ctrlProp1.xml"),
        ),
        pivot: pivot_xml,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": lambda b: _add_rels(
            b,
            _rel("rIdPc", "pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml"),
            _rel("rIdCx", "customXml", "../customXml/item1.xml"),
            _rel("rIdCc", "calcChain", "calcChain.xml"),
        ),
    }
    rewrite_zip(path, edits, _new_parts(piv_rels, calc))


def _new_parts(piv_rels: str, calc: str) -> dict[str, bytes]:
    """The parts no writer makes: pivot table and cache, form control, printer settings, custom XML."""
    return {
        piv_rels: _add_rels(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
            _rel("rId1", "pivotTable", "../pivotTables/pivotTable1.xml"),
        ),
        "xl/pivotTables/pivotTable1.xml": PIVOT_TABLE.encode(),
        "xl/pivotTables/_rels/pivotTable1.xml.rels": _add_rels(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
            _rel("rId1", "pivotCacheDefinition", "../pivotCache/pivotCacheDefinition1.xml"),
        ),
        "xl/pivotCache/pivotCacheDefinition1.xml": PIVOT_CACHE.encode(),
        "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels": _add_rels(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
            _rel("rId1", "pivotCacheRecords", "pivotCacheRecords1.xml"),
        ),
        "xl/pivotCache/pivotCacheRecords1.xml": PIVOT_RECORDS.encode(),
        "xl/ctrlProps/ctrlProp1.xml": CTRL_PROP.encode(),
        "xl/printerSettings/printerSettings1.bin": bytes(range(256)) * 4,
        "xl/calcChain.xml": calc.encode(),
        "customXml/item1.xml": CUSTOM_XML,
        "customXml/itemProps1.xml": CUSTOM_PROPS.encode(),
        "customXml/_rels/item1.xml.rels": _add_rels(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
            _rel("rId1", "customXmlProps", "itemProps1.xml"),
        ),
    }


def _sheet_ids(workbook: bytes) -> dict[str, int]:
    import re

    return {
        m.group(1).decode(): int(m.group(2))
        for m in re.finditer(rb'<sheet name="([^"]+)" sheetId="(\d+)"', workbook)
    }


def build_donor(folder: Path, *, data_rows_n: int = 9, name: str = "donor.xlsx") -> Path:
    """xlperf's donor: Summary (new, first), Data values (more rows), Results, Dashboard, Calibration."""
    path = folder / name
    wb = xlsxwriter.Workbook(str(path))
    summary = wb.add_worksheet("Summary")
    summary.write("A1", "总览")
    data = wb.add_worksheet("Data")
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7"})
    for r, row in enumerate(data_rows(data_rows_n, shift=0.5)):
        data.write_row(r, 0, row, header if r == 0 else None)
    data.write("G1", "indicator_score", header)
    for r, text in enumerate(TRICKY, start=2):
        data.write_string(f"G{r}", text)
    res = wb.add_worksheet("Results")
    two = wb.add_format({"num_format": "0.000", "font_color": "#1F4E78"})
    res.write_row(0, 0, ["employee_id", "final_score", "note"])
    for i in range(data_rows_n):
        res.write_row(i + 1, 0, [f"E{i:03d}", 90.5 + i], None)
        res.write_number(i + 1, 1, 90.5 + i, two)
        res.write_string(i + 1, 2, TRICKY[i % len(TRICKY)])
    res.add_table(
        0,
        0,
        data_rows_n,
        2,
        {
            "name": "xlperf_results_en",
            "columns": [{"header": "employee_id"}, {"header": "final_score"}, {"header": "note"}],
        },
    )
    red = wb.add_format({"bg_color": "#FFC7CE"})
    res.conditional_format(
        1, 1, data_rows_n, 1, {"type": "cell", "criteria": "<", "value": 92, "format": red}
    )
    res.repeat_rows(0)
    res.set_column("A:C", 16)
    dash = wb.add_worksheet("Dashboard")
    dash.write_column(0, 0, ["A", "B", "C"])
    dash.write_column(0, 1, [1, 5, 3])
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Dashboard!$B$1:$B$3", "categories": "=Dashboard!$A$1:$A$3"})
    dash.insert_chart("D2", chart)
    cal = wb.add_worksheet("Calibration")
    cal.write_row(0, 0, ["group", "grade", "allowed"])
    cal.write_row(1, 0, ["全公司", "A", 1])
    cal.autofilter("A1:C2")
    wb.close()
    return path
