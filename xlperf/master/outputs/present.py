"""Print-ready sheets in one call: page set-up, frozen header, filter, banded table, formats, widths.

Every sheet HR reads gets the same treatment through :func:`present_sheet`
with a :class:`SheetSpec` (where its table is, which columns identify a row,
the number format of each column) and a :class:`PrintContext` (the scheme and
period named in the page header). A new sheet (Pay, ...) gets it with one call
after writing its cells. What a book cannot do (``capabilities``) is skipped.

Example:
    >>> from xlperf.io.openpyxl_book import OpenpyxlBook
    >>> book = OpenpyxlBook.new(); book.replace_sheet("结果")
    >>> rows = [["工号", "综合得分"], ["E1", 101.25]]
    >>> book.write_block("结果", "A1", rows)
    >>> spec = SheetSpec(n_rows=1, n_cols=2, id_cols=1, formats={2: SCORE}, table="t_results")
    >>> present_sheet(book, "结果", spec, PrintContext("zh", "销售部绩效", "2026Q1"), rows)
    >>> ws = book.wb["结果"]
    >>> ws.print_title_rows, ws.freeze_panes, ws["B2"].number_format, ws.page_setup.orientation
    ('$1:$1', 'B2', '0.0', 'landscape')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xlperf.io.page import FONT_NAME, FONT_SIZE, PageSetup
from xlperf.io.sheetlook import (
    FACTOR,
    INTEGER,
    MONEY,
    PERCENT,
    SCORE,
    column_format,
    fit_widths,
    formats_of,
    frame_columns,
    rows_columns,
)
from xlperf.io.workbook import Workbook, block_ref, cell_ref

CONFIDENTIAL = {"zh": "内部资料 · 注意保密", "en": "Confidential — HR use only"}
PAGE_OF = {"zh": "第 {page} 页，共 {pages} 页", "en": "Page {page} of {pages}"}
PERIOD = {"zh": "考核期：{period}", "en": "Period: {period}"}


@dataclass(frozen=True)
class PrintContext:
    """What the page header names: the scheme's title and the period (either may be empty)."""

    lang: str = "zh"
    title: str = ""
    period: str | None = None

    def setup(self, **changes: Any) -> PageSetup:
        """The page set-up of xlperf's sheets with this header and footer."""
        lang = "zh" if self.lang == "zh" else "en"
        period = PERIOD[lang].format(period=self.period) if self.period else ""
        return PageSetup(
            header=(self.title, period, CONFIDENTIAL[lang]),
            footer=("{sheet}", PAGE_OF[lang], "xlperf"),
            **changes,
        )


@dataclass(frozen=True)
class SheetSpec:
    """Where a sheet's main table is and how it looks.

    ``header_row``: the row of column headers (rows above it are titles, repeated too);
    ``n_rows``/``n_cols``: the body below the header; ``id_cols``: columns frozen at the left;
    ``formats``: 1-based column → number format of the body; ``table``: a table name (banded
    rows, its own filter) or None for an autofilter; ``widths``: fixed widths by letter
    (else measured from the rows); ``row_breaks``: rows that start a page.
    """

    n_rows: int
    n_cols: int
    header_row: int = 1
    id_cols: int = 0
    formats: Mapping[int, str] = field(default_factory=dict)
    table: str | None = None
    filter: bool = True
    widths: Mapping[str, float] | None = None
    repeat_header: bool = True
    fit_width: int = 1
    scale: int = 100
    row_breaks: tuple[int, ...] = ()


def present_sheet(
    book: Workbook,
    sheet: str,
    spec: SheetSpec,
    context: PrintContext,
    rows: Sequence[Sequence[Any]] | None = None,
    columns: Sequence[Sequence[Any]] | None = None,
) -> None:
    """Make ``sheet`` print-ready (see the module docstring).

    ``rows`` (every row from row 1) or ``columns`` (a sample of each body column) measure the widths.
    """
    caps = book.capabilities
    header, top = spec.header_row, spec.header_row + 1
    if "font" in caps:
        book.set_font(FONT_NAME, FONT_SIZE)
    if "page_setup" in caps:
        repeat = (1, header) if spec.repeat_header else None
        book.page_setup(
            sheet,
            context.setup(
                repeat_rows=repeat,
                fit_width=spec.fit_width,
                scale=spec.scale,
                row_breaks=spec.row_breaks,
            ),
        )
    if "freeze" in caps and spec.repeat_header and spec.n_rows:
        book.freeze(sheet, cell_ref(top, spec.id_cols + 1))
    if spec.n_rows and spec.n_cols:
        ref = block_ref(header, 1, spec.n_rows + 1, spec.n_cols)
        if spec.table and "table" in caps:
            book.add_table(sheet, ref, spec.table)
        elif spec.filter and "autofilter" in caps:
            book.autofilter(sheet, ref)
    if "number_format" in caps and spec.n_rows:
        for j, fmt in spec.formats.items():
            book.number_format(sheet, block_ref(top, j, spec.n_rows, 1), fmt)
    if "column_width" in caps:
        book.column_widths(sheet, _widths(spec, rows, columns))


def _widths(
    spec: SheetSpec,
    rows: Sequence[Sequence[Any]] | None,
    columns: Sequence[Sequence[Any]] | None,
) -> dict[str, float]:
    if spec.widths is not None:
        return dict(spec.widths)
    if rows is not None:
        header = list(rows[spec.header_row - 1]) if len(rows) >= spec.header_row else []
        header += [None] * (spec.n_cols - len(header))
        body = rows_columns(list(rows[spec.header_row :]), spec.n_cols)
        return fit_widths(header, body)
    return {}


__all__ = [
    "FACTOR",
    "INTEGER",
    "MONEY",
    "PERCENT",
    "SCORE",
    "PrintContext",
    "SheetSpec",
    "column_format",
    "fit_widths",
    "formats_of",
    "frame_columns",
    "present_sheet",
    "rows_columns",
]
