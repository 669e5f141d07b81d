"""The workbook interface for a workbook open in Excel, through xlwings.

xlwings is imported lazily, so this module loads on machines without Excel.
Values move as whole 2-D blocks (one COM call per block, not per cell).
Decorations that need the Excel object model (tables, charts) are not
offered here (``capabilities``); the ribbon's results are plain blocks plus
hyperlinks and number formats.

Example:
    >>> import xlwings as xw  # doctest: +SKIP
    >>> book = XlwingsBook(xw.books.active)  # doctest: +SKIP
    >>> recalc_book(book, lang="zh")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

from xlperf.io.page import PageSetup, part_code


class XlwingsBook:
    """Adapter from an ``xlwings.Book`` to :class:`xlperf.io.workbook.Workbook`."""

    capabilities = frozenset({"number_format", "hyperlink", "column_width", "page_setup"})

    def __init__(self, book: Any) -> None:
        self.book = book
        full = getattr(book, "fullname", None)
        self.path = Path(full) if full else None

    @classmethod
    def active(cls) -> XlwingsBook:
        import xlwings as xw  # lazily: Excel exists only on the user's machine

        return cls(xw.books.active)

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def read_rows(self, sheet: str) -> list[list[Any]]:
        rng = self.book.sheets[sheet].used_range
        values = rng.options(ndim=2).value
        if values is None:
            return []
        # used_range may start below/right of A1: pad so rows/columns keep their numbers
        top, left = rng.row, rng.column
        pad = [None] * (left - 1)
        rows = [[None] * (left - 1 + len(values[0]))] * (top - 1) if values else []
        rows = [list(r) for r in rows] + [pad + list(r) for r in values]
        while rows and all(v is None for v in rows[-1]):
            rows.pop()
        return rows

    def write_block(self, sheet: str, top_left: str, rows: list[list[Any]]) -> None:
        if not rows:
            return
        width = max(len(r) for r in rows)
        # Excel parses what it is given like typed input ("=x" a formula, "00123" a number);
        # a leading apostrophe keeps every text as the text it is, and Excel does not show it
        block = [
            [("'" + v) if isinstance(v, str) and v else v for v in r] + [None] * (width - len(r))
            for r in rows
        ]
        self.book.sheets[sheet].range(top_left).options(ndim=2).value = block

    def replace_sheet(self, sheet: str, index: int | None = None) -> None:
        names = self.sheet_names()
        if sheet in names:
            self.book.sheets[sheet].clear()
            return
        after = self.book.sheets[names[-1]] if names else None
        new = self.book.sheets.add(sheet, after=after)
        new.name = sheet

    def delete_sheet(self, sheet: str) -> None:
        if sheet in self.sheet_names():
            self.book.sheets[sheet].delete()

    def clear_columns(self, sheet: str, first_col: int, n_cols: int) -> None:
        ws = self.book.sheets[sheet]
        a, b = get_column_letter(first_col), get_column_letter(first_col + n_cols - 1)
        ws.range(f"{a}:{b}").clear_contents()

    def add_table(self, sheet: str, ref: str, name: str) -> None:  # not offered
        return None

    def number_format(self, sheet: str, ref: str, fmt: str) -> None:
        self.book.sheets[sheet].range(ref).number_format = fmt

    def conditional_fill(
        self, sheet: str, ref: str, formula: str, color: str
    ) -> None:  # not offered
        return None

    def add_chart(self, sheet: str, spec: dict[str, Any]) -> None:  # not offered
        return None

    def hyperlink(self, sheet: str, cell: str, target_sheet: str, target_cell: str) -> None:
        rng = self.book.sheets[sheet].range(cell)
        text = rng.value
        quoted = "'" + target_sheet.replace("'", "''") + "'"
        rng.add_hyperlink(
            f"#{quoted}!{target_cell}", text_to_display=None if text is None else str(text)
        )

    def column_widths(self, sheet: str, widths: dict[str, float]) -> None:
        ws = self.book.sheets[sheet]
        for col, w in widths.items():
            ws.range(f"{col}:{col}").column_width = w

    def page_setup(self, sheet: str, setup: PageSetup) -> None:
        """Excel's PageSetup object (one COM call per property; a few per sheet)."""
        ps = self.book.sheets[sheet].api.PageSetup
        ps.Orientation = 2 if setup.landscape else 1  # xlLandscape / xlPortrait
        ps.PaperSize = setup.paper
        if setup.fit_width:
            ps.Zoom = False
            ps.FitToPagesWide, ps.FitToPagesTall = setup.fit_width, False
        if setup.repeat_rows:
            ps.PrintTitleRows = f"${setup.repeat_rows[0]}:${setup.repeat_rows[1]}"
        ps.LeftHeader, ps.CenterHeader, ps.RightHeader = (part_code(p) for p in setup.header)
        ps.LeftFooter, ps.CenterFooter, ps.RightFooter = (part_code(p) for p in setup.footer)

    def freeze(self, sheet: str, cell: str) -> None:  # not offered (needs the sheet's window)
        return None

    def autofilter(self, sheet: str, ref: str) -> None:  # not offered
        return None

    def hide_sheet(self, sheet: str) -> None:  # not offered: the user's workbook, the user's view
        return None

    def set_font(self, name: str, size: float) -> None:  # not offered: the user's fonts stay
        return None

    def status(self, text: str | None) -> None:
        self.book.app.status_bar = text if text else False

    def save(self, path: str | Path | None = None) -> None:
        self.book.save(str(path) if path else None)


def _top_left(ref: str) -> tuple[int, int]:
    col, row = coordinate_from_string(ref)
    return row, column_index_from_string(col)
