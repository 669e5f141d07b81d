"""When a values-only sheet's rows can be replaced whole, without merging them row by row.

:func:`xlperf.io.package.merge_rows.merge_rows` walks both ``<sheetData>``
bodies row by row to keep what the user put on the rows (styles, row
heights, cells outside the donor's). A Data sheet of 250,000 rows takes it
seconds. When the user's rows hold nothing to keep — no row attribute
besides ``r`` and ``spans``, no cell where the donor has none, and styled
cells on a few rows only (a bold header) — the merge's result is the
donor's rows with their styles mapped, and only the few styled rows are
merged one by one (:func:`merge_wholesale`).

Example:
    >>> mine = b'<row r="1" spans="1:2"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    >>> theirs = b'<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>'
    >>> replaces_wholesale(mine, theirs)
    True
    >>> replaces_wholesale(mine.replace(b'r="A1"', b'r="C1"'), theirs)
    False
    >>> from xlperf.io.package.sheetxml import CellWriter
    >>> w = CellWriter(lambda i: i + 10, lambda i: i, [])
    >>> merge_wholesale(mine.replace(b"<c ", b'<c s="3" '), theirs, w, "A1:B1").xml
    b'<row r="1"><c r="A1" s="3"><v>1</v></c><c r="B1"><v>2</v></c></row>'
"""

from __future__ import annotations

import re

from xlperf.io.package.merge_rows import MergedRows, merge_rows
from xlperf.io.package.sheetxml import CellWriter

#: a row tag with an attribute other than r and spans (after any of those)
_OTHER_ROW_ATTR = re.compile(rb'<row\b(?:\s+(?:r|spans)="[^"]*")*+\s*+[^\s/>]')
_CELL_REF = re.compile(rb'<c r="([A-Z]+\d+)"')
_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
#: styled cells beyond this many: merge row by row
MAX_STYLED = 1000


def replaces_wholesale(source: bytes, donor: bytes) -> bool:
    """Whether the unprefixed ``source`` rows have nothing the ``donor`` rows would not carry.

    True when the source's rows have only ``r`` and ``spans`` attributes,
    few of its cells are styled, and every source cell has a leading ``r``
    naming a cell the donor writes (so no value is dropped).
    """
    if b"<x:" in source or source.count(b's="') > MAX_STYLED:
        return False
    if _OTHER_ROW_ATTR.search(source):
        return False
    refs = _CELL_REF.findall(source)
    if len(refs) != _cell_count(source):
        return False
    donor_refs = _CELL_REF.findall(donor)
    if len(donor_refs) != _cell_count(donor):
        return False
    if refs == donor_refs[: len(refs)]:  # the common case: the same cells, then more
        return True
    return set(refs) <= set(donor_refs)


def _cell_count(xml: bytes) -> int:
    return xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/")


def merge_wholesale(
    source: bytes, donor: bytes, writer: CellWriter, ref: str | None
) -> MergedRows | None:
    """The donor's rows, restyled, with the source's styled rows merged; None: merge row by row.

    Call only when :func:`replaces_wholesale` holds. ``ref`` is the donor's used range.
    """
    pieces, at = [], 0
    for number in _styled_rows(source):
        mine = _row_span(source, number)
        theirs = _row_span(donor, number)
        if mine is None or theirs is None or theirs[0] < at:
            return None
        pieces.append(writer.restyle(donor[at : theirs[0]]))
        merged = merge_rows(source[mine[0] : mine[1]], donor[theirs[0] : theirs[1]], writer)
        pieces.append(merged.xml)
        at = theirs[1]
    pieces.append(writer.restyle(donor[at:]))
    return MergedRows(b"".join(pieces), ref, 0)


def _styled_rows(source: bytes) -> list[int]:
    """Numbers of the rows holding a styled cell, in order."""
    numbers, at = set(), source.find(b's="')
    while at >= 0:
        start = source.rfind(b"<row ", 0, at)
        m = _ROW_NUMBER.match(source, start) if start >= 0 else None
        numbers.add(int(m.group(1)) if m else -1)
        at = source.find(b's="', at + 3)
    return sorted(numbers)


def _row_span(xml: bytes, number: int) -> tuple[int, int] | None:
    """Where row ``number`` starts and ends in ``xml`` (None when it is not there)."""
    start = xml.find(b'<row r="%d"' % number) if number > 0 else -1
    if start < 0:
        return None
    close = xml.find(b">", start)
    if xml[close - 1 : close] == b"/":
        return start, close + 1
    end = xml.find(b"</row>", close)
    return (start, end + len(b"</row>")) if end >= 0 else None


__all__ = ["merge_wholesale", "replaces_wholesale"]
