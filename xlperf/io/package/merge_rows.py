"""The rows of an input sheet: the donor's values in the user's decorated sheet.

Both ``<sheetData>`` bodies are walked in row order, side by side, one row
at a time (never the whole sheet as a tree). For each cell of the donor:

- the user's style (``s``) stays when the user's sheet had a styled cell at
  that coordinate; otherwise the donor's style, mapped into the user's table;
- the value is the donor's (shared strings written inline).

A row keeps the user's attributes (height, hidden, outline, row style) when
the user's sheet had that row. The user's styled but empty cells are kept
(a fill on a range stays); the user's cells with a value the donor does not
have are dropped and counted.

Example:
    >>> from xlperf.io.package.sheetxml import CellWriter
    >>> w = CellWriter(lambda i: i + 10, lambda i: i, [b"<t>x</t>"])
    >>> src = b'<row r="1" ht="30" customHeight="1"><c r="A1" s="4" t="s"><v>0</v></c><c r="B1" s="5"/></row>'
    >>> out = merge_rows(src, b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>', w)
    >>> out.xml
    b'<row r="1" ht="30" customHeight="1"><c r="A1" s="4" t="inlineStr"><is><t>x</t></is></c><c r="B1" s="5"/></row>'
    >>> out.ref, out.dropped
    ('A1:B1', 0)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from xlperf.io.package.sheetxml import CellWriter

_ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL = re.compile(rb'<c(?=[\s/>])(?: r="([A-Z]+)(\d+)")?([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_DONOR_TAG = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(/?>)')
_ANY_CELL = re.compile(rb"<c[\s/>]")
_DONOR_REF = re.compile(rb'<c r="([A-Z]+)\d+"')
_SOURCE_REF = {b"": _DONOR_REF, b"x:": re.compile(rb'<x:c r="([A-Z]+)\d+"')}
_R_ROW = re.compile(rb'(?:^|\s)r="(\d+)"')
_R_CELL = re.compile(rb'(?:^|\s)r="([A-Z]+)(\d+)"')
_S = re.compile(rb'\ss="(\d+)"')
_T = re.compile(rb'\st="(\w+)"')
_SPANS = re.compile(rb'\sspans="[^"]*"')
_PREFIXED = re.compile(rb'\s[\w.-]+:[\w.-]+="[^"]*"')
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|f|is)\b")
_COLS: dict[bytes, int] = {}


@dataclass(frozen=True)
class MergedRows:
    """The merged ``<sheetData>`` body, its used range and the user's values dropped."""

    xml: bytes
    ref: str | None
    dropped: int


@dataclass
class _Cell:
    col: int
    attrs: bytes
    body: bytes | None
    raw: bytes

    @property
    def style(self) -> int:
        m = _S.search(self.attrs)
        return int(m.group(1)) if m else 0

    @property
    def has_value(self) -> bool:
        return bool(self.body) and _VALUE.search(self.body) is not None


def col_index(letters: bytes) -> int:
    """``b"A"`` → 1, ``b"AA"`` → 27."""
    got = _COLS.get(letters)
    if got is None:
        got = 0
        for ch in letters:
            got = got * 26 + ch - 64
        _COLS[letters] = got
    return got


def col_letters(index: int) -> str:
    """1 → ``"A"``, 28 → ``"AB"``."""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _rows(xml: bytes, prefix: bytes) -> Iterator[tuple[int, bytes, bytes | None]]:
    """(row number, attributes, body) of each ``<row>``; plain ``find`` calls, for speed."""
    start_tag, end_tag = b"<" + prefix + b"row", b"</" + prefix + b"row>"
    last, at = 0, xml.find(start_tag)
    while at >= 0:
        close = xml.find(b">", at)
        if close < 0 or xml[at + len(start_tag)] not in b" \t\r\n/>":
            raise ValueError("malformed row")
        empty = xml[close - 1 : close] == b"/"
        attrs = xml[at + len(start_tag) : close - 1 if empty else close]
        r = _R_ROW.search(attrs) if b'r="' in attrs else None
        last = int(r.group(1)) if r else last + 1
        if empty:
            yield last, attrs, None
            at = xml.find(start_tag, close)
            continue
        end = xml.find(end_tag, close)
        if end < 0:
            raise ValueError("unclosed row")
        yield last, attrs, xml[close + 1 : end]
        at = xml.find(start_tag, end)


def _cells(body: bytes | None, prefix: bytes) -> list[_Cell]:
    if not body:
        return []
    pattern = _CELL if not prefix else _prefixed(_CELL, prefix)
    out, last = [], 0
    for m in pattern.finditer(body):
        letters, attrs = m.group(1), m.group(3)
        if letters is not None:
            attrs = b' r="' + letters + m.group(2) + b'"' + attrs
        elif b' r="' in attrs:  # r is not the first attribute
            r = _R_CELL.search(attrs)
            letters = r.group(1) if r else None
        last = col_index(letters) if letters else last + 1
        out.append(_Cell(last, attrs, m.group(4), m.group(0)))
    return out


_PREFIXED_CACHE: dict[tuple[bytes, bytes], re.Pattern[bytes]] = {}


def _prefixed(pattern: re.Pattern[bytes], prefix: bytes) -> re.Pattern[bytes]:
    key = (pattern.pattern, prefix)
    if key not in _PREFIXED_CACHE:
        src = pattern.pattern.replace(b"<row", b"<" + prefix + b"row").replace(
            b"</row", b"</" + prefix + b"row"
        )
        src = src.replace(b"<c(?=", b"<" + prefix + b"c(?=").replace(
            b"</c>", b"</" + prefix + b"c>"
        )
        _PREFIXED_CACHE[key] = re.compile(src, re.S)
    return _PREFIXED_CACHE[key]


class _Extent:
    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []

    def add(self, row: int, cols: list[int]) -> None:
        if cols:
            self.rows.append(row)
            self.cols.extend((min(cols), max(cols)))

    def ref(self) -> str | None:
        if not self.rows:
            return None
        first = f"{col_letters(min(self.cols))}{min(self.rows)}"
        last = f"{col_letters(max(self.cols))}{max(self.rows)}"
        return first if first == last else f"{first}:{last}"


def merge_rows(source: bytes, donor: bytes, writer: CellWriter, prefix: bytes = b"") -> MergedRows:
    """The donor's rows merged into the user's ``source`` rows (see the module docstring)."""
    out: list[bytes] = []
    extent = _Extent()
    dropped = 0
    src = _rows(source, prefix)
    pending = next(src, None)
    for num, attrs, body in _rows(writer.inline_strings(donor), b""):
        while pending is not None and pending[0] < num:
            dropped += _source_only(pending, prefix, out, extent)
            pending = next(src, None)
        mine = pending if pending is not None and pending[0] == num else None
        if mine is not None:
            pending = next(src, None)
        dropped += _merged_row(num, attrs, body, mine, prefix, writer, out, extent)
    while pending is not None:
        dropped += _source_only(pending, prefix, out, extent)
        pending = next(src, None)
    return MergedRows(b"".join(out), extent.ref(), dropped)


def _merged_row(
    num: int,
    attrs: bytes,
    body: bytes | None,
    mine: tuple[int, bytes, bytes | None] | None,
    prefix: bytes,
    writer: CellWriter,
    out: list[bytes],
    extent: _Extent,
) -> int:
    quick = _quick_row(body, mine[2] if mine else None, writer, prefix)
    if quick is not None:
        xml, first, last = quick
        extent.add(num, [first, last])
        out.append(
            _row_xml(
                prefix if mine is not None else b"",
                num,
                _row_attrs(mine, attrs, writer),
                [(0, xml)],
            )
        )
        return 0
    theirs = {c.col: c for c in _cells(mine[2], prefix)} if mine else {}
    fast = _fast_donor_cells(body, theirs, writer) if body else None
    if fast is not None:
        xml, first, last, dropped = fast
        extent.add(num, [first, last])
        out.append(
            _row_xml(
                prefix if mine is not None else b"",
                num,
                _row_attrs(mine, attrs, writer),
                [(0, xml)],
            )
        )
        return dropped
    cells: list[tuple[int, bytes]] = []
    for cell in _cells(body, b""):
        kept = theirs.pop(cell.col, None)
        style = kept.style if kept is not None and kept.style else None
        cells.append((cell.col, _donor_cell(cell, num, style, writer)))
    dropped = 0
    for cell in theirs.values():
        if cell.has_value:
            dropped += 1
        else:
            cells.append((cell.col, _with_ref(cell, num, prefix)))
    cells.sort(key=lambda c: c[0])
    extent.add(num, [c for c, _ in cells])
    out.append(
        _row_xml(prefix if mine is not None else b"", num, _row_attrs(mine, attrs, writer), cells)
    )
    return dropped


def _row_attrs(
    mine: tuple[int, bytes, bytes | None] | None, attrs: bytes, writer: CellWriter
) -> bytes:
    """The user's row attributes when the user had the row, else the donor's (style mapped)."""
    if mine is not None:
        return _R_ROW.sub(b"", _SPANS.sub(b"", mine[1]))
    row_attrs = _R_ROW.sub(b"", _SPANS.sub(b"", _PREFIXED.sub(b"", attrs)))
    return _S.sub(lambda m: b' s="' + writer.style(m.group(1)) + b'"', row_attrs)


def _count_cells(body: bytes, prefix: bytes) -> int:
    tag = b"<" + prefix + b"c"
    return body.count(tag + b" ") + body.count(tag + b">") + body.count(tag + b"/")


def _quick_row(
    body: bytes | None, mine: bytes | None, writer: CellWriter, prefix: bytes
) -> tuple[bytes, int, int] | None:
    """The common row, without looking at cells one by one: (xml, first col, last col).

    It applies when every donor cell leads with ``r`` and the user's row has no
    styled cell and no cell outside the donor's (nothing of the user's to keep or
    drop); otherwise None.
    """
    if not body or (mine and b's="' in mine):
        return None
    letters = _DONOR_REF.findall(body)
    if not letters or len(letters) != _count_cells(body, b""):
        return None
    if mine:
        theirs = _SOURCE_REF[prefix].findall(mine) if prefix in _SOURCE_REF else None
        if (
            theirs is None
            or len(theirs) != _count_cells(mine, prefix)
            or not set(theirs) <= set(letters)
        ):
            return None
    xml = writer.restyle(body) if b's="' in body else body
    return xml, col_index(letters[0]), col_index(letters[-1])


def _fast_donor_cells(
    body: bytes, theirs: dict[int, _Cell], writer: CellWriter
) -> tuple[bytes, int, int, int] | None:
    """The donor's cells restyled in one regex pass: (xml, first col, last col, dropped).

    None when the row needs the cell-by-cell path: a donor cell without a
    leading ``r``, or a styled empty user cell that must be slotted in.
    """
    styles = {c.col: s for c in theirs.values() if (s := c.style)}
    seen: list[int] = []

    def restyle(m: re.Match[bytes]) -> bytes:
        col = col_index(m.group(1))
        seen.append(col)
        rest = m.group(3)
        if b":" in rest:
            rest = _PREFIXED.sub(b"", rest)
        mine = styles.get(col)
        donor = _S.search(rest) if b's="' in rest else None
        if donor is not None:
            rest = rest[: donor.start()] + rest[donor.end() :]
        if mine is not None:
            style = b' s="' + str(mine).encode() + b'"'
        elif donor is not None and donor.group(1) != b"0":
            style = b' s="' + writer.style(donor.group(1)) + b'"'
        else:
            style = b""
        return b'<c r="' + m.group(1) + m.group(2) + b'"' + style + rest + m.group(4)

    xml = _DONOR_TAG.sub(restyle, body)
    if not seen or len(seen) != len(_ANY_CELL.findall(body)):
        return None
    donor_cols = set(seen)
    left = [c for col, c in theirs.items() if col not in donor_cols]
    if any(not c.has_value for c in left):
        return None
    return xml, min(seen), max(seen), len(left)


def _source_only(
    row: tuple[int, bytes, bytes | None], prefix: bytes, out: list[bytes], extent: _Extent
) -> int:
    num, attrs, body = row
    cells = _cells(body, prefix)
    kept = [(c.col, _with_ref(c, num, prefix)) for c in cells if not c.has_value]
    dropped = len(cells) - len(kept)
    row_attrs = _R_ROW.sub(b"", _SPANS.sub(b"", attrs))
    if kept or row_attrs.strip():
        extent.add(num, [c for c, _ in kept])
        out.append(_row_xml(prefix, num, row_attrs, kept))
    return dropped


def _row_xml(prefix: bytes, num: int, attrs: bytes, cells: list[tuple[int, bytes]]) -> bytes:
    head = (
        b"<"
        + prefix
        + b'row r="'
        + str(num).encode()
        + b'"'
        + (b" " + attrs.strip() if attrs.strip() else b"")
    )
    if not cells:
        return head + b"/>"
    return head + b">" + b"".join(c for _, c in cells) + b"</" + prefix + b"row>"


def _with_ref(cell: _Cell, row: int, prefix: bytes) -> bytes:
    if _R_CELL.search(cell.attrs):
        return cell.raw
    ref = f' r="{col_letters(cell.col)}{row}"'.encode()
    at = 2 + len(prefix)  # after "<" + prefix + "c"
    return cell.raw[:at] + ref + cell.raw[at:]


def _donor_cell(cell: _Cell, row: int, style: int | None, writer: CellWriter) -> bytes:
    attrs = _S.sub(b"", _PREFIXED.sub(b"", cell.attrs))
    attrs = _R_CELL.sub(b"", attrs)
    head = f'<c r="{col_letters(cell.col)}{row}"'.encode()
    donor_style = _S.search(cell.attrs)
    if style is not None:
        head += b' s="' + str(style).encode() + b'"'
    elif donor_style is not None and donor_style.group(1) != b"0":
        head += b' s="' + writer.style(donor_style.group(1)) + b'"'
    body = cell.body
    t = _T.search(attrs)
    if t is not None and t.group(1) == b"s" and body:
        index = re.search(rb"<v>\s*(\d+)\s*</v>", body)
        if index is not None:
            attrs = _T.sub(b' t="inlineStr"', attrs)
            body = writer.inline(index.group(1))
    head += attrs.rstrip()
    return head + b"/>" if body is None else head + b">" + body + b"</c>"
