"""How a sheet prints and which font it uses: records every workbook writer understands.

A :class:`PageSetup` is what the books (:mod:`xlperf.io.xlsxwriter_book`,
:mod:`xlperf.io.openpyxl_book`, :mod:`xlperf.io.xlwings_book`) turn into
their own page set-up: A4 landscape, fit to one page wide, header rows
repeated, a header and footer, manual row breaks. The header and footer are
plain text in three parts (left, centre, right) with the placeholders
``{page}``, ``{pages}`` and ``{sheet}``; :func:`header_code` makes the
spreadsheet's own code of them (``&P``, ``&N``, ``&A``; a literal ``&`` doubled).

:func:`display_width` measures text as a spreadsheet shows it: a CJK
character takes two columns of a Latin one.

Example:
    >>> display_width("工号E1"), display_width(120.5)
    (6, 5)
    >>> header_code(("第{page}页", "", "机密 & 内部"))
    '&L第&P页&R机密 && 内部'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: the font of xlperf's sheets: Office's CJK default (等线 = DengXian); LibreOffice substitutes it
FONT_NAME = "等线"
FONT_SIZE = 10.5
#: Excel's paper-size code for A4
PAPER_A4 = 9

#: the parts of a header or footer: left, centre, right
Parts = tuple[str, str, str]


@dataclass(frozen=True)
class PageSetup:
    """How one sheet prints.

    ``repeat_rows``: the first and last row (1-based) printed atop every page;
    ``fit_width``: pages wide (0: not fitted; then ``scale`` percent applies);
    ``row_breaks``: rows that start a new page; margins in centimetres.
    """

    landscape: bool = True
    paper: int = PAPER_A4
    fit_width: int = 1
    scale: int = 100
    repeat_rows: tuple[int, int] | None = None
    header: Parts = ("", "", "")
    footer: Parts = ("", "", "")
    row_breaks: tuple[int, ...] = ()
    margin_cm: float = 1.5
    header_margin_cm: float = 0.8


def part_code(text: str) -> str:
    """One part of a header or footer in the spreadsheet's code (``&`` doubled, ``&P`` for the page).

    Example:
        >>> part_code("{page}/{pages} R&D")
        '&P/&N R&&D'
    """
    out = text.replace("&", "&&")
    for key, code in (("{page}", "&P"), ("{pages}", "&N"), ("{sheet}", "&A")):
        out = out.replace(key, code)
    return out


def header_code(parts: Parts) -> str:
    """The spreadsheet code (``&L..&C..&R..``) of a three-part header or footer."""
    tags = ("&L", "&C", "&R")
    return "".join(tag + part_code(text) for tag, text in zip(tags, parts, strict=True) if text)


def char_width(ch: str) -> int:
    """2 for a wide (CJK, full-width) character, else 1."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(value: object) -> int:
    """How many Latin-character columns ``value`` takes when shown (numbers as written).

    Example:
        >>> display_width(None), display_width("销售一部")
        (0, 8)
    """
    if value is None:
        return 0
    if isinstance(value, float):
        text = f"{value:.1f}" if abs(value) < 1e15 else str(value)
    else:
        text = str(value)
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


__all__ = [
    "FONT_NAME",
    "FONT_SIZE",
    "PAPER_A4",
    "PageSetup",
    "char_width",
    "display_width",
    "header_code",
    "part_code",
]
