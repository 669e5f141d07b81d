"""User text never becomes a formula: neutralising text for CSV, plain strings for workbooks.

A spreadsheet program opening a CSV runs a cell that begins with ``=``, ``+``,
``-`` or ``@`` (and tab or carriage return) as a formula (OWASP "CSV
injection"). xlperf writes such text fields with a leading ``'``; numbers
are never changed.

Example:
    >>> csv_text('=HYPERLINK("http://x","click")'), csv_text("-1+1"), csv_text(-3.5), csv_text("张三")
    ('\\'=HYPERLINK("http://x","click")', "'-1+1", -3.5, '张三')
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: object) -> object:
    """``value`` made safe for a CSV cell: text that a spreadsheet would run gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def looks_like_formula(value: object) -> bool:
    """Whether a spreadsheet program would read this text as a formula if written as-is."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def put(ws, row: int, column: int, value: object):
    """Write ``value`` into an openpyxl worksheet cell; text stays text (never a formula)."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
