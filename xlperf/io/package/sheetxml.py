"""Worksheet XML at the byte level: the donor's cells re-styled, and ``<sheetData>`` transplanted.

A worksheet part can hold a million rows, so nothing here builds a DOM of
it: rows and cells are found with regular expressions over the bytes (every
writer puts a cell's attributes and content in one ``<c>`` element, and
``</c>`` or ``</row>`` cannot occur inside one).

- :meth:`CellWriter.donor_sheet` rewrites a whole donor sheet for the user's
  package: style indexes mapped into the user's style table, shared strings
  written inline (so the user's ``sharedStrings.xml`` is not touched);
- :meth:`CellWriter.values_only` keeps the user's sheet and puts the donor's
  rows into it (see :mod:`xlperf.io.package.merge_rows`).

Example:
    >>> split = split_sheet(b'<worksheet xmlns="m"><dimension ref="A1"/><sheetData><row r="1"/></sheetData><cols/></worksheet>')
    >>> split.head, split.rows, split.tail
    (b'<worksheet xmlns="m"><dimension ref="A1"/>', b'<row r="1"/>', b'<cols/></worksheet>')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from xlperf.io.package.opc import MAIN, broken
from xlperf.io.package.zipcopy import Streamed

_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet\b")
_SI = re.compile(rb"<si>(.*?)</si>|<si/>", re.S)
_PLAIN_T = re.compile(rb"<t>([^<]*)</t>")
_CELL_STYLE = re.compile(rb'(\ss=")(\d+)(")')
_STRING_CELL = re.compile(rb'<c\b([^>]*?)\st="s"([^>]*)>\s*<v>(\d+)</v>\s*</c>')
_STYLED = re.compile(rb'(<(?:c|row)\b[^>]*?\ss=")(\d+)(")')
_COL_STYLE = re.compile(rb'(<col\b[^>]*?\sstyle=")(\d+)(")')
_DXF = re.compile(rb'(<cfRule\b[^>]*?\sdxfId=")(\d+)(")')
_TAB_SELECTED = re.compile(rb'\stabSelected="(?:1|true)"')
_FIRST_VIEW = re.compile(rb"<sheetView\b")
_WS = b" \t\r\n"


class RowsBody(Protocol):
    """Rows rendered elsewhere for a donor sheet (see :class:`xlperf.io.cellxml.SheetBody`).

    They stand for the whole ``<sheetData>`` of the sheet: ``ref`` is their used
    range (for ``<dimension>``), ``chunks(mapped)`` the ``<row>`` elements with each
    style index ``i`` written as ``mapped(i)``, ``style_indexes()`` every ``i`` used
    (mapped before the rows are rendered, which may be late).
    """

    @property
    def ref(self) -> str | None: ...

    def style_indexes(self) -> set[int]: ...

    def chunks(self, mapped: Callable[[int], int] = int) -> Iterable[bytes]: ...


@dataclass(frozen=True)
class SheetSplit:
    """A worksheet's XML cut around ``<sheetData>``: ``head`` + rows + ``tail``."""

    head: bytes
    rows: bytes
    tail: bytes
    prefix: bytes


def sheet_prefix(xml: bytes, part: str = "") -> bytes:
    """The namespace prefix of the worksheet's elements (``b""`` or ``b"x:"``)."""
    m = _ROOT.search(xml, 0, 4096)
    if m is None:
        raise broken(part, "not a worksheet")
    return (m.group(1) + b":") if m.group(1) else b""


def split_sheet(xml: bytes, part: str = "") -> SheetSplit:
    """Cut ``xml`` around its ``<sheetData>`` element (an empty ``<sheetData/>`` too)."""
    p = sheet_prefix(xml, part)
    m = re.compile(rb"<" + re.escape(p) + rb"sheetData\b[^>]*?(/?)>").search(xml)
    if m is None:
        raise broken(part, "worksheet without sheetData")
    if m.group(1):
        return SheetSplit(xml[: m.start()], b"", xml[m.end() :], p)
    close = b"</" + p + b"sheetData>"
    end = xml.find(close, m.end())
    if end < 0:
        raise broken(part, "unclosed sheetData")
    return SheetSplit(xml[: m.start()], xml[m.end() : end], xml[end + len(close) :], p)


def shared_strings(xml: bytes | None) -> list[bytes]:
    """The donor's shared strings as the inner XML of ``<is>`` (rich runs kept).

    Example:
        >>> shared_strings(b'<sst><si><t> a</t></si><si/><si><r><t>b</t></r></si></sst>')
        [b'<t xml:space="preserve"> a</t>', b'<t/>', b'<r><t>b</t></r>']
    """
    if not xml:
        return []
    out = []
    for m in _SI.finditer(xml):
        inner = m.group(1)
        out.append(b"<t/>" if inner is None else _PLAIN_T.sub(_preserve, inner))
    return out


def _preserve(m: re.Match[bytes]) -> bytes:
    text = m.group(1)
    if text and (text[:1] in _WS or text[-1:] in _WS):
        return b'<t xml:space="preserve">' + text + b"</t>"
    return m.group(0)


class CellWriter:
    """Rewrites donor cells for the user's package: mapped styles, inline strings."""

    def __init__(
        self, cell_xf: Callable[[int], int], dxf: Callable[[int], int], strings: list[bytes]
    ) -> None:
        self.cell_xf = cell_xf
        self.dxf = dxf
        self.strings = strings
        self._styles: dict[bytes, bytes] = {}

    def style(self, donor: bytes) -> bytes:
        """The user's style index (as bytes) for the donor's ``donor``."""
        got = self._styles.get(donor)
        if got is None:
            got = self._styles[donor] = str(self.cell_xf(int(donor))).encode()
        return got

    def inline(self, index: bytes, part: str = "donor") -> bytes:
        i = int(index)
        if not 0 <= i < len(self.strings):
            raise broken(part, f"shared string {i} is missing")
        return b"<is>" + self.strings[i] + b"</is>"

    def inline_strings(self, rows: bytes) -> bytes:
        """The donor's shared-string cells written as inline strings."""
        return _STRING_CELL.sub(
            lambda m: (
                b"<c"
                + m.group(1)
                + b' t="inlineStr"'
                + m.group(2)
                + b">"
                + self.inline(m.group(3))
                + b"</c>"
            ),
            rows,
        )

    def restyle(self, rows: bytes) -> bytes:
        """The donor's rows with their style indexes mapped into the user's table."""
        return _STYLED.sub(lambda m: m.group(1) + self.style(m.group(2)) + m.group(3), rows)

    def rows(self, rows: bytes) -> bytes:
        """The donor's rows with inline strings and mapped style indexes."""
        return self.restyle(self.inline_strings(rows))

    def decorations(self, xml: bytes, *, selected: bool) -> bytes:
        """Head or tail of a donor sheet: column styles, conditional formats, tab selection."""
        xml = _COL_STYLE.sub(lambda m: m.group(1) + self.style(m.group(2)) + m.group(3), xml)
        xml = _DXF.sub(
            lambda m: m.group(1) + str(self.dxf(int(m.group(2)))).encode() + m.group(3), xml
        )
        xml = _TAB_SELECTED.sub(b"", xml)
        if selected:
            xml = _FIRST_VIEW.sub(b'<sheetView tabSelected="1"', xml, count=1)
        return xml

    def mapped(self, donor: int) -> int:
        """The user's style index for the donor's ``donor`` (0 stays 0: no style)."""
        return int(self.style(str(donor).encode())) if donor else 0

    def donor_sheet(
        self, xml: bytes, *, selected: bool, part: str = "donor", body: RowsBody | None = None
    ) -> Iterable[bytes]:
        """A whole donor worksheet rewritten for the user's package (as chunks).

        With a ``body``, its rows replace the sheet's own (rendered as the chunks are read).
        """
        split = split_sheet(xml, part)
        if split.prefix:
            raise broken(part, "donor sheet with a namespace prefix")
        head = self.decorations(split.head, selected=selected)
        tail = self.decorations(split.tail, selected=selected)
        if body is None:
            return [head, b"<sheetData>", self.rows(split.rows), b"</sheetData>", tail]
        for index in body.style_indexes():  # the style table is written before the rows
            self.mapped(index)
        return with_body(head, tail, body, self.mapped)


def set_dimension(head: bytes, prefix: bytes, ref: str | None) -> bytes:
    """``head`` with its ``<dimension>`` set to ``ref`` (dropped when ``ref`` is None).

    Example:
        >>> set_dimension(b'<worksheet><dimension ref="A1:B2"/><sheetViews/>', b"", "A1:C9")
        b'<worksheet><dimension ref="A1:C9"/><sheetViews/>'
    """
    pattern = re.compile(rb"<" + re.escape(prefix) + rb"dimension\b[^>]*?/>")
    new = b"" if ref is None else b"<" + prefix + b'dimension ref="' + ref.encode() + b'"/>'
    if pattern.search(head):
        return pattern.sub(lambda _m: new, head, count=1)
    return head


def with_body(
    head: bytes, tail: bytes, body: RowsBody, mapped: Callable[[int], int] = int
) -> Streamed:
    """A worksheet whose ``<sheetData>`` is ``body``'s rows (an unprefixed sheet), rendered as read."""

    def chunks() -> Iterator[bytes]:
        yield set_dimension(head, b"", body.ref or "A1")
        yield b"<sheetData>"
        yield from body.chunks(mapped)
        yield b"</sheetData>"
        yield tail

    return Streamed(chunks())


def sheet_data_open(prefix: bytes) -> bytes:
    """The opening tag for transplanted rows: donor rows are unprefixed, so bind the default."""
    if not prefix:
        return b"<sheetData>"
    return b"<" + prefix + b'sheetData xmlns="' + MAIN.encode() + b'">'
