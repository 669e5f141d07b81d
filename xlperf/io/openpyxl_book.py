"""The workbook interface for files on disk, with openpyxl (reads with python-calamine).

Reading a sheet that xlperf has not changed uses python-calamine on the file
(fast, cached formula results); the openpyxl model is loaded only when
something is written, and keeps every sheet, formula, format and defined
name it understands. What openpyxl cannot keep (charts, images, pivot
tables, VBA it did not create) is found by :func:`foreign_content` before an
in-place rewrite.

Example:
    >>> book = OpenpyxlBook.new()
    >>> book.replace_sheet("Log"); book.write_block("Log", "B2", [[1, 2]])
    >>> book.read_rows("Log")
    [[None, None, None], [None, 1, 2]]
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableStyleInfo

from xlperf.io.filecheck import refuse
from xlperf.io.intake import corrupt_on_failure, inspect_workbook
from xlperf.io.page import PageSetup, part_code
from xlperf.io.readers import sheet_parts, sheet_rows
from xlperf.io.workbook import CAPABILITIES

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
#: relationship types whose parts openpyxl does not keep when it rewrites a sheet
_DROPPED = {
    "drawing": "chart or image",
    "pivotTable": "pivot table",
    "oleObject": "embedded object",
    "control": "form control",
    "vmlDrawing": None,
}


class OpenpyxlBook:
    """A workbook file, opened for the master pipeline."""

    capabilities = frozenset(CAPABILITIES)  # every optional feature of the protocol

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._wb: openpyxl.Workbook | None = None
        self._dirty: set[str] = set()
        self._names: list[str] | None = None
        self._font: Font | None = None
        if self.path is not None:
            self._check_readable()

    @classmethod
    def new(cls) -> OpenpyxlBook:
        book = cls(None)
        book._wb = openpyxl.Workbook()
        book._wb.remove(book._wb.active)
        return book

    # -- reading -------------------------------------------------------------
    def _check_readable(self) -> None:
        p = self.path
        assert p is not None
        inspect_workbook(p)
        if p.suffix.lower() not in (".xlsx", ".xlsm"):
            raise refuse(p, "FILE_UNSUPPORTED_TYPE", suffix=p.suffix or "(none)")

    @property
    def wb(self) -> openpyxl.Workbook:
        if self._wb is None:
            assert self.path is not None
            with corrupt_on_failure(self.path):
                self._wb = openpyxl.load_workbook(
                    self.path, keep_vba=self.path.suffix.lower() == ".xlsm", keep_links=True
                )
        return self._wb

    def sheet_names(self) -> list[str]:
        if self._wb is not None:
            return list(self._wb.sheetnames)
        return list(self._original_names())

    def read_rows(self, sheet: str) -> list[list[Any]]:
        rows = self.raw_rows(sheet)
        out = [[None if v == "" else v for v in r] for r in rows]
        while out and all(v is None for v in out[-1]):
            out.pop()
        return out

    def raw_rows(self, sheet: str) -> list[list[Any]]:
        """Rows as read, empty cells possibly as "" (the fast path for :func:`read_frame`)."""
        if (
            self.path is not None
            and sheet not in self._dirty
            and (self._wb is None or sheet in self._original_names())
        ):
            return sheet_rows(self.path, sheet)
        return [list(r) for r in self.wb[sheet].iter_rows(values_only=True)]

    def _original_names(self) -> list[str]:
        if self._names is None:
            from python_calamine import CalamineWorkbook

            with corrupt_on_failure(self.path or "workbook"):
                self._names = list(CalamineWorkbook.from_path(str(self.path)).sheet_names)
        return self._names

    # -- writing -------------------------------------------------------------
    def write_block(self, sheet: str, top_left: str, rows: list[list[Any]]) -> None:
        ws = self.wb[sheet]
        self._dirty.add(sheet)
        col_letter, row0 = coordinate_from_string(top_left)
        col0 = column_index_from_string(col_letter)
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                cell = ws.cell(row=row0 + i, column=col0 + j, value=v)
                if isinstance(v, str):
                    cell.data_type = "s"  # text is text: "=HYPERLINK(...)" never becomes a formula
                if self._font is not None:
                    cell.font = self._font
        if rows and rows[0] and top_left.upper() == "A1" and ws.max_row == len(rows):
            ws["A1"].font = _bold(self._font)

    def replace_sheet(self, sheet: str, index: int | None = None) -> None:
        wb = self.wb
        if sheet in wb.sheetnames:
            pos = wb.sheetnames.index(sheet)
            wb.remove(wb[sheet])
            wb.create_sheet(sheet, pos if index is None else index)
        else:
            wb.create_sheet(sheet, index)
        self._dirty.add(sheet)

    def delete_sheet(self, sheet: str) -> None:
        if sheet in self.wb.sheetnames:
            self.wb.remove(self.wb[sheet])

    def clear_columns(self, sheet: str, first_col: int, n_cols: int) -> None:
        ws = self.wb[sheet]
        self._dirty.add(sheet)
        for row in ws.iter_rows(min_col=first_col, max_col=first_col + n_cols - 1):
            for c in row:
                c.value = None
                c.number_format = "General"

    def add_table(self, sheet: str, ref: str, name: str) -> None:
        t = Table(displayName=name, ref=ref)
        t.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        self.wb[sheet].add_table(t)

    def number_format(self, sheet: str, ref: str, fmt: str) -> None:
        for row in self.wb[sheet][ref]:
            for c in row if isinstance(row, tuple) else (row,):
                c.number_format = fmt

    def conditional_fill(self, sheet: str, ref: str, formula: str, color: str) -> None:
        fill = PatternFill(start_color=color, end_color=color, fill_type="solid")
        self.wb[sheet].conditional_formatting.add(ref, FormulaRule(formula=[formula], fill=fill))

    def add_chart(self, sheet: str, spec: dict[str, Any]) -> None:
        """``spec``: title, data (A1 range incl. header row), cats (A1 range), anchor, x_title, y_title, gap;
        ``stacked: True`` stacks the series (one column per category)."""
        ws = self.wb[sheet]
        chart = BarChart()
        chart.type = "col"
        if spec.get("stacked"):
            chart.grouping, chart.overlap = "stacked", 100
        chart.title = spec["title"]
        chart.y_axis.title = spec.get("y_title")
        chart.x_axis.title = spec.get("x_title")
        chart.height, chart.width = spec.get("height", 7.5), spec.get("width", 16)
        chart.gapWidth = spec.get("gap", 60)
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.legend.position = "b"
        c1, r1, c2, r2 = range_boundaries(spec["data"])
        chart.add_data(
            Reference(ws, min_col=c1, min_row=r1, max_col=c2, max_row=r2), titles_from_data=True
        )
        c1, r1, c2, r2 = range_boundaries(spec["cats"])
        chart.set_categories(Reference(ws, min_col=c1, min_row=r1, max_col=c2, max_row=r2))
        if len(chart.series) == 1:
            chart.legend = None
        ws.add_chart(chart, spec["anchor"])

    def hyperlink(self, sheet: str, cell: str, target_sheet: str, target_cell: str) -> None:
        c = self.wb[sheet][cell]
        quoted = "'" + target_sheet.replace("'", "''") + "'"
        c.hyperlink = Hyperlink(
            ref=c.coordinate,
            location=f"{quoted}!{target_cell}",
            display=str(c.value or target_cell),
        )
        name = self._font.name if self._font is not None else None
        c.font = Font(name=name, color="0563C1", underline="single")

    def column_widths(self, sheet: str, widths: dict[str, float]) -> None:
        ws = self.wb[sheet]
        for col, w in widths.items():
            ws.column_dimensions[col].width = w

    def freeze(self, sheet: str, cell: str) -> None:
        self.wb[sheet].freeze_panes = cell

    def page_setup(self, sheet: str, setup: PageSetup) -> None:
        ws = self.wb[sheet]
        ws.page_setup.orientation = "landscape" if setup.landscape else "portrait"
        ws.page_setup.paperSize = setup.paper
        if setup.fit_width:
            ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
            ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = setup.fit_width, 0
        elif setup.scale != 100:
            ws.page_setup.scale = setup.scale
        if setup.repeat_rows:
            ws.print_title_rows = f"{setup.repeat_rows[0]}:{setup.repeat_rows[1]}"
        ws.oddHeader.left.text, ws.oddHeader.center.text, ws.oddHeader.right.text = (
            _hf(p) for p in setup.header
        )
        ws.oddFooter.left.text, ws.oddFooter.center.text, ws.oddFooter.right.text = (
            _hf(p) for p in setup.footer
        )
        inch = 1 / 2.54
        m = setup.margin_cm * inch
        ws.page_margins = PageMargins(
            left=m,
            right=m,
            top=m + 0.3 * inch,
            bottom=m + 0.3 * inch,
            header=setup.header_margin_cm * inch,
            footer=setup.header_margin_cm * inch,
        )
        for r in setup.row_breaks:
            ws.row_breaks.append(Break(id=r - 1))

    def hide_sheet(self, sheet: str) -> None:
        self.wb[sheet].sheet_state = "hidden"

    def autofilter(self, sheet: str, ref: str) -> None:
        self.wb[sheet].auto_filter.ref = ref

    def set_font(self, name: str, size: float) -> None:
        self._font = Font(name=name, sz=size, charset=134, family=2)

    def status(self, text: str | None) -> None:  # no status bar for files
        return None

    def save(self, path: str | Path | None = None) -> None:
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no path to save to")
        self.wb.save(target)


def _bold(font: Font | None) -> Font:
    return (
        Font(bold=True)
        if font is None
        else Font(name=font.name, sz=font.sz, charset=134, family=2, bold=True)
    )


def _hf(text: str) -> str | None:
    return part_code(text) if text else None


def foreign_content(path: str | Path, owned: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Content of ``path`` that openpyxl would drop on rewrite, outside the ``owned`` sheets.

    Returns human-readable findings such as ``"chart or image on sheet 'Report'"``;
    an empty list means an in-place rewrite keeps everything.
    """
    found: list[str] = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            found.append("VBA macros (vbaProject.bin)")
        if any(n.startswith("xl/pivotCache") for n in names):
            found.append("pivot table cache")
        sheets = sheet_parts(z)
        for sheet, part in sheets.items():
            rels = posixpath.join(
                posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels"
            )
            if rels not in names:
                continue
            root = ElementTree.fromstring(z.read(rels))
            kinds = sorted(
                {
                    _DROPPED[t]
                    for r in root.iter(_REL)
                    if (t := r.get("Type", "").rsplit("/", 1)[-1]) in _DROPPED and _DROPPED[t]
                }
            )
            if kinds and sheet not in owned:
                found.extend(f"{k} on sheet '{sheet}'" for k in kinds)
        if any(n.startswith("xl/chartsheets/") for n in names):
            found.append("chart sheet")
    return found
