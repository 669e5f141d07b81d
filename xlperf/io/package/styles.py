"""Merging the donor's styles into the user's style table, appending only.

Every entry of the source's ``styles.xml`` keeps its index and its XML. A
donor entry a spliced sheet uses (a cell format, and through it a font,
fill, border, number format and cell-style format; or a differential format)
is looked up by its canonical XML (exclusive C14N, after its own references
were mapped) and appended only when no equal entry exists, so splicing the
same donor twice leaves the table as it was after the first time. Custom
number formats are matched by format code; a new one gets an id above every
id in use (≥ 164).

Example:
    >>> src = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' \\
    ...     b'<fonts count="1"><font><sz val="11"/></font></fonts>' \\
    ...     b'<cellXfs count="1"><xf fontId="0"/></cellXfs></styleSheet>'
    >>> donor = src.replace(b'<font><sz val="11"/></font>', b'<font><sz val="11"/></font><font><b/></font>') \\
    ...     .replace(b'<xf fontId="0"/>', b'<xf fontId="0"/><xf fontId="1"/>').replace(b'count="1"', b'count="2"')
    >>> m = StyleMerger(src, donor)
    >>> m.cell_xf(1), m.cell_xf(1), m.changed
    (1, 1, True)
"""

from __future__ import annotations

import copy

from lxml import etree

from xlperf.io.package.opc import MAIN, parse, serialize

#: children of <styleSheet> in schema order
_ORDER = [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
]
_FIRST_CUSTOM_NUMFMT = 164


def _tag(local: str) -> str:
    return f"{{{MAIN}}}{local}"


def canonical(el: etree._Element) -> bytes:
    """The entry's XML in exclusive canonical form (attribute order, quoting, namespaces)."""
    return etree.tostring(el, method="c14n", exclusive=True, with_comments=False)


class _Table:
    """One list of the style sheet (fonts, cellXfs, ...): its entries and their canonical forms."""

    def __init__(self, root: etree._Element, name: str, item: str) -> None:
        self.root, self.name, self.item = root, name, item
        self.holder = root.find(_tag(name))
        entries = [] if self.holder is None else self.holder.findall(_tag(item))
        self.index: dict[bytes, int] = {}
        for i, el in enumerate(entries):
            self.index.setdefault(canonical(el), i)
        self.size = len(entries)

    def add(self, el: etree._Element) -> tuple[int, bool]:
        key = canonical(el)
        if key in self.index:
            return self.index[key], False
        if self.holder is None:
            self.holder = etree.Element(_tag(self.name))
            _insert(self.root, self.holder, self.name)
        self.holder.append(el)
        self.index[key] = self.size
        self.size += 1
        self.holder.set("count", str(self.size))
        return self.size - 1, True


def _insert(root: etree._Element, el: etree._Element, local: str) -> None:
    rank = _ORDER.index(local)
    for i, child in enumerate(root):
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name in _ORDER and _ORDER.index(name) > rank:
            root.insert(i, el)
            return
    root.append(el)


class StyleMerger:
    """Maps donor style indexes to indexes in the source's style table, appending as needed."""

    def __init__(self, source_xml: bytes, donor_xml: bytes) -> None:
        self.root = parse(source_xml, "xl/styles.xml")
        self.donor = parse(donor_xml, "donor styles.xml")
        self.changed = False
        self._tables = {
            name: _Table(self.root, name, item)
            for name, item in (
                ("fonts", "font"),
                ("fills", "fill"),
                ("borders", "border"),
                ("cellStyleXfs", "xf"),
                ("cellXfs", "xf"),
                ("dxfs", "dxf"),
            )
        }
        self._donor = {
            name: ([] if (h := self.donor.find(_tag(name))) is None else h.findall(_tag(item)))
            for name, item in (
                ("fonts", "font"),
                ("fills", "fill"),
                ("borders", "border"),
                ("cellStyleXfs", "xf"),
                ("cellXfs", "xf"),
                ("dxfs", "dxf"),
            )
        }
        self._memo: dict[tuple[str, int], int] = {}
        self._formats = self._source_formats()
        self._donor_formats = {
            int(f.get("numFmtId", "0")): f.get("formatCode", "")
            for f in self.donor.iter(_tag("numFmt"))
            if f.getparent().tag == _tag("numFmts")
        }

    def _source_formats(self) -> dict[str, int]:
        holder = self.root.find(_tag("numFmts"))
        found: dict[str, int] = {}
        for f in [] if holder is None else holder.findall(_tag("numFmt")):
            found.setdefault(f.get("formatCode", ""), int(f.get("numFmtId", "0")))
        return found

    def _entry(self, table: str, index: int) -> int:
        key = (table, index)
        if key not in self._memo:
            entries = self._donor[table]
            if not 0 <= index < len(entries):
                index = 0
                if not entries:
                    self._memo[key] = 0
                    return 0
            el = copy.deepcopy(entries[index])
            if table in ("cellStyleXfs", "cellXfs"):
                self._map_xf(el, table)
            at, added = self._tables[table].add(el)
            self.changed |= added
            self._memo[key] = at
        return self._memo[key]

    def _map_xf(self, el: etree._Element, table: str) -> None:
        for attr, sub in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
            if el.get(attr) is not None:
                el.set(attr, str(self._entry(sub, int(el.get(attr)))))
        if el.get("numFmtId") is not None:
            el.set("numFmtId", str(self.numfmt(int(el.get("numFmtId")))))
        if table == "cellXfs" and el.get("xfId") is not None:
            el.set("xfId", str(self._entry("cellStyleXfs", int(el.get("xfId")))))

    def numfmt(self, donor_id: int) -> int:
        """The source id for the donor's number format ``donor_id`` (built-ins pass through)."""
        code = self._donor_formats.get(donor_id)
        if code is None:
            return donor_id
        if code in self._formats:
            return self._formats[code]
        holder = self.root.find(_tag("numFmts"))
        if holder is None:
            holder = etree.Element(_tag("numFmts"))
            _insert(self.root, holder, "numFmts")
        new_id = max([_FIRST_CUSTOM_NUMFMT - 1, *self._formats.values()]) + 1
        etree.SubElement(holder, _tag("numFmt"), numFmtId=str(new_id), formatCode=code)
        holder.set("count", str(len(holder)))
        self._formats[code] = new_id
        self.changed = True
        return new_id

    def cell_xf(self, donor_index: int) -> int:
        """The source ``cellXfs`` index for the donor's cell format ``donor_index``.

        The donor's default format (0) stays the default: an unstyled donor cell
        takes the user's workbook default font, like any new cell in Excel.
        """
        return 0 if donor_index == 0 else self._entry("cellXfs", donor_index)

    def dxf(self, donor_index: int) -> int:
        """The source ``dxfs`` index for the donor's differential format ``donor_index``."""
        return self._entry("dxfs", donor_index)

    def to_bytes(self) -> bytes:
        return serialize(self.root)
