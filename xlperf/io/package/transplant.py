"""Donor parts moved into the user's package under names that collide with nothing.

A donor sheet brings the parts it reaches (drawing, charts, images, tables,
comments and their VML): each gets the lowest free number in its folder
among the parts the output keeps, so splicing twice gives the same names.
Tables get an ``id``, ``name`` and ``displayName`` unique in the workbook and
their differential formats mapped; VML drawings a shape-id block of their own.

Example:
    >>> vml = b'<o:idmap v:ext="edit" data="1"/><v:shape id="_x0000_s1025" o:spid="_x0000_s1025"/>'
    >>> renumber_vml(vml, {1})
    (b'<o:idmap v:ext="edit" data="2"/><v:shape id="_x0000_s2049" o:spid="_x0000_s2049"/>', {1, 2})
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from lxml import etree

from xlperf.io.package.book import Sheet
from xlperf.io.package.opc import (
    MAIN,
    PKG_REL,
    Package,
    fresh_name,
    parse,
    relative,
    rels_part,
    serialize,
)
from xlperf.io.package.sheetxml import CellWriter, RowsBody

TABLE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
_IDMAP = re.compile(rb'(<o:idmap\b[^>]*?\sdata=")([\d,\s]*)(")')
_SHAPE_ID = re.compile(rb"_x0000_s(\d+)")
_TABLE_DXF_ATTRS = (
    "headerRowDxfId",
    "dataDxfId",
    "totalsRowDxfId",
    "headerRowBorderDxfId",
    "tableBorderDxfId",
    "totalsRowBorderDxfId",
)


@dataclass(frozen=True)
class NewPart:
    """A part to write: its name, its donor part, content type (None for ``.rels``) and bytes.

    ``chunks`` may be produced as they are read (a rendered sheet body): read them once.
    """

    name: str
    source: str
    content_type: str | None
    chunks: Iterable[bytes]


def renumber_vml(xml: bytes, used: set[int]) -> tuple[bytes, set[int]]:
    """Move a VML drawing's shape ids to a block (of 1,024) no other drawing uses."""
    m = _IDMAP.search(xml)
    if m is None:
        return xml, used
    blocks = [int(b) for b in re.findall(rb"\d+", m.group(2))]
    if not blocks or not set(blocks) & used:
        return xml, used | set(blocks)
    shift = (max(used | set(blocks)) + 1 - min(blocks)) * 1024
    moved = [b + shift // 1024 for b in blocks]
    xml = _IDMAP.sub(
        lambda x: x.group(1) + ",".join(map(str, moved)).encode() + x.group(3), xml, count=1
    )
    xml = _SHAPE_ID.sub(lambda x: b"_x0000_s" + str(int(x.group(1)) + shift).encode(), xml)
    return xml, used | set(moved)


def vml_blocks(xml: bytes) -> set[int]:
    """The shape-id blocks a VML drawing claims."""
    m = _IDMAP.search(xml)
    return {int(b) for b in re.findall(rb"\d+", m.group(2))} if m else set()


class Transplant:
    """Copies donor sheets' parts into the output, with fresh names and unique ids."""

    def __init__(
        self,
        donor: Package,
        writer: CellWriter,
        taken: set[str],
        tables: tuple[set[int], set[str]],
        vml_used: set[int],
        bodies: Mapping[str, RowsBody] | None = None,
    ) -> None:
        self.donor = donor
        self.bodies = dict(bodies or {})
        self.writer = writer
        self.taken = taken
        self.table_ids, self.names = tables
        self.vml_used = vml_used
        self.parts: list[NewPart] = []
        self._copied: dict[str, str] = {}

    def sheet(self, sheet: Sheet, name: str, *, selected: bool) -> None:
        """Write the donor ``sheet`` as part ``name`` with everything it reaches."""
        xml = self.donor.read(sheet.part)
        if sheet.kind == "worksheet":
            body = self.bodies.get(sheet.name)
            chunks = self.writer.donor_sheet(xml, selected=selected, part=sheet.part, body=body)
        else:
            chunks = [self.writer.decorations(xml, selected=selected)]
        self.parts.append(NewPart(name, sheet.part, self.donor.content_type(sheet.part), chunks))
        self._rels(sheet.part, name)

    def _rels(self, donor_part: str, name: str) -> None:
        rels = self.donor.rels(donor_part)
        if not rels:
            return
        root = etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
        for r in rels:
            target = r.target if r.external else relative(name, self._copy(r.target))
            el = etree.SubElement(
                root, f"{{{PKG_REL}}}Relationship", Id=r.id, Type=r.full_type, Target=target
            )
            if r.external:
                el.set("TargetMode", "External")
        self.parts.append(NewPart(rels_part(name), rels_part(donor_part), None, (serialize(root),)))

    def _copy(self, donor_part: str) -> str:
        if donor_part in self._copied:
            return self._copied[donor_part]
        name = fresh_name(donor_part, self.taken)
        self.taken.add(name)
        self._copied[donor_part] = name
        kind = self.donor.content_type(donor_part)
        data = self.donor.read(donor_part)
        if kind == TABLE_TYPE:
            data = self._table(data, donor_part)
        elif donor_part.lower().endswith(".vml"):
            data, self.vml_used = renumber_vml(data, self.vml_used)
        self.parts.append(NewPart(name, donor_part, kind, (data,)))
        self._rels(donor_part, name)
        return name

    def _table(self, data: bytes, part: str) -> bytes:
        root = parse(data, part)
        table_id = int(root.get("id", "1"))
        while table_id in self.table_ids:
            table_id = max(self.table_ids) + 1
        self.table_ids.add(table_id)
        root.set("id", str(table_id))
        name = _unique(root.get("displayName") or root.get("name") or "Table", self.names)
        self.names.add(name.casefold())
        for key in ("name", "displayName"):
            if root.get(key) is not None:
                root.set(key, name)
        _map_dxfs(root, self.writer.dxf)
        return serialize(root)


def _unique(name: str, taken: set[str]) -> str:
    if name.casefold() not in taken:
        return name
    n = 2
    while f"{name}_{n}".casefold() in taken:
        n += 1
    return f"{name}_{n}"


def _map_dxfs(root: etree._Element, dxf: Callable[[int], int]) -> None:
    for el in root.iter(f"{{{MAIN}}}table", f"{{{MAIN}}}tableColumn"):
        for attr in _TABLE_DXF_ATTRS:
            if el.get(attr) is not None:
                el.set(attr, str(dxf(int(el.get(attr)))))


def table_identities(pkg: Package, parts: set[str]) -> tuple[set[int], set[str]]:
    """Ids and (case-folded) names of the tables among ``parts``."""
    ids, names = set(), set()
    for part in parts:
        if pkg.content_type(part) != TABLE_TYPE:
            continue
        root = parse(pkg.read(part), part)
        if root.get("id", "").isdigit():
            ids.add(int(root.get("id")))
        names |= {root.get(k, "").casefold() for k in ("name", "displayName")} - {""}
    return ids, names
