"""The look of a personal report: column widths, cell formats, fonts and the A4 page.

Fonts are named: 等线 (DengXian, Excel's CJK default) throughout; LibreOffice, which has no
等线, substitutes a CJK font installed here (see :mod:`xlperf.io.libreoffice`).

Example:
    >>> len(COLUMN_WIDTHS) == LAST_COL + 1
    True
"""

from __future__ import annotations

from xlperf.master.personal.labels import label

#: the report's font (Excel's CJK default; LibreOffice substitutes an installed CJK font)
FONT = "等线"
#: widths of columns A..G in characters (CJK characters count double)
COLUMN_WIDTHS = (26, 14, 14, 13, 13, 15, 11)
LAST_COL = len(COLUMN_WIDTHS) - 1
_BLUE, _GREY, _LINE = "#1F3864", "#F2F2F2", "#BFBFBF"


class Styles:
    """The cell formats of one report workbook (xlsxwriter formats belong to their workbook)."""

    def __init__(self, wb) -> None:
        def fmt(**props):
            return wb.add_format({"font_name": FONT, "font_size": 10, "valign": "vcenter", **props})

        box = {"border": 1, "border_color": _LINE}
        self.title = fmt(bold=True, font_size=16, font_color=_BLUE)
        self.subtitle = fmt(font_color="#595959")
        self.band = fmt(bold=True, font_color="#FFFFFF", bg_color=_BLUE, font_size=11)
        self.key = fmt(bold=True, bg_color=_GREY, **box)
        self.value = fmt(**box)
        self.value_num = fmt(num_format="0.0#", align="left", **box)
        self.wrap = fmt(text_wrap=True, **box)
        self.head = fmt(bold=True, bg_color="#D9E1F2", text_wrap=True, align="center", **box)
        self.cell = fmt(text_wrap=True, **box)
        self.cell_num = fmt(num_format="#,##0.##;-#,##0.##;0", **box)
        self.percent = fmt(num_format="0.0%", **box)
        self.score = fmt(num_format="0.0", **box)
        self.money = fmt(num_format='"¥"#,##0.00', **box)


def page_setup(ws, report, last_row: int) -> None:
    """A4 portrait, one page, centred, the print area A..G, a footer naming the scheme."""
    ws.set_paper(9)
    ws.set_portrait()
    ws.fit_to_pages(1, 1)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.print_area(0, 0, max(last_row, 1), LAST_COL)
    ws.hide_gridlines(2)
    secret = "内部资料 注意保密" if report.lang != "en" else "Confidential"
    footer = (
        f"&L&8{_escape(report.scheme_name)}&C&8{_escape(label('title', report.lang))}&R&8{secret}"
    )
    ws.set_footer(footer)
    ws.set_column(9, 9, None, None, {"hidden": True})


def _escape(text: str) -> str:
    """Header/footer text with ``&`` doubled (a single ``&`` starts a control code)."""
    return text.replace("&", "&&")
