"""Cell styles and the set-up every sheet of a form shares (titles, headers, protection, print).

Example:
    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> header(ws, 4, ["工号", "姓名"])
    >>> ws["B4"].value, ws["B4"].font.bold
    ('姓名', True)
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.worksheet import Worksheet

from xlperf.core.scheme import Scheme

THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
#: the heavier line under each employee's block, so the blocks read well on paper
BLOCK_END = Border(left=THIN, right=THIN, top=THIN, bottom=Side(style="medium", color="1F4E78"))
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="1F4E78")
SUB_FONT = Font(italic=True, size=9, color="595959")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
SCORE_FILL = PatternFill("solid", fgColor="DDEBF7")
MISSING_FILL = PatternFill("solid", fgColor="F8CBAD")
INVALID_FILL = PatternFill("solid", fgColor="FF7C80")
INVALID_FONT = Font(bold=True, color="9C0006")
GRADE_FILLS = ("C6EFCE", "E2EFDA", "FFFFFF", "FCE4D6", "F8CBAD")
WRAP = Alignment(wrap_text=True, vertical="center")
MIDDLE = Alignment(vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
UNLOCKED = Protection(locked=False)
SCORE_FORMAT = "0.00"
PERCENT_FORMAT = "0.00%"


class Formula(str):
    """A formula xlperf built (``=IF(...)``); every other text is written as text."""


def put(ws: Worksheet, row: int, col: int, value: object) -> Cell:
    """Write ``value``; text that merely starts with ``=`` (a name, a label) stays text.

    Example:
        >>> from openpyxl import Workbook
        >>> ws = Workbook().active
        >>> put(ws, 1, 1, "=HYPERLINK(1)").data_type, put(ws, 1, 2, Formula("=1+1")).data_type
        ('s', 'f')
    """
    c = ws.cell(row, col, value)
    if isinstance(value, str) and not isinstance(value, Formula) and value.startswith("="):
        c.data_type = "s"
    return c


def quote_sheet(sheet: str) -> str:
    """A sheet name as a formula writes it: ``'KPI考核'`` (quotes doubled inside)."""
    return "'" + sheet.replace("'", "''") + "'"


def header(ws: Worksheet, row: int, labels: list[str]) -> None:
    """The blue header row of a table."""
    for k, label in enumerate(labels, start=1):
        c = ws.cell(row, k, label)
        c.font, c.fill, c.alignment, c.border = HEADER_FONT, HEADER_FILL, CENTER, BORDER
    ws.row_dimensions[row].height = 36


def title(ws: Worksheet, text: str, subtitle: str | None) -> None:
    """The sheet's title in A1 and its subtitle in A2."""
    ws["A1"] = text
    ws["A1"].font = TITLE_FONT
    if subtitle:
        ws["A2"] = subtitle
        ws["A2"].font = SUB_FONT
    ws.row_dimensions[1].height = 24


def widths(ws: Worksheet, columns: dict[str, float]) -> None:
    for col, w in columns.items():
        ws.column_dimensions[col].width = w


def protect(ws: Worksheet) -> None:
    """Protect the sheet (no password: protection prevents slips, the fingerprints detect edits)."""
    ws.protection.sheet = True
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False
    ws.protection.formatColumns = False  # let users widen columns
    ws.protection.formatRows = False


def unlock(ws: Worksheet, cell: str, inputs: set[str]) -> None:
    """Make ``cell`` a yellow input cell and remember it in ``inputs``."""
    c = ws[cell]
    c.protection = UNLOCKED
    c.fill = INPUT_FILL
    inputs.add(cell)


def print_setup(
    ws: Worksheet,
    headers: tuple[str, str, str],
    title_rows: str | None,
    landscape: bool = True,
) -> None:
    """A4, fit to width; ``headers`` = (scheme name, group, page text) for header and footer."""
    scheme_name, group, page_text = headers
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddHeader.left.text = scheme_name
    ws.oddHeader.right.text = group
    ws.oddFooter.center.text = page_text
    ws.oddFooter.right.text = "xlperf"


def number_format(scheme: Scheme, code: str, column: str = "actual") -> str:
    """Percent when the indicator's unit is percent; a growth target is always a rate.

    A growth indicator's actual and baseline are levels (sales amounts), its
    target is the growth rate, so only the target is shown as a percent.
    """
    ind = scheme.indicator_by_code[code]
    if ind.method == "growth":
        return PERCENT_FORMAT if column == "target" else "General"
    return PERCENT_FORMAT if ind.unit == "percent" else "General"
