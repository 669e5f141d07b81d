"""A workbook written by another writer, with its sheets' cells rendered in bulk put in place.

:class:`xlperf.io.xlsxwriter_book.XlsxwriterBook` has xlsxwriter write the
structure of a new workbook and renders the cells itself;
:func:`write_with_bodies` copies that package entry by entry (raw, not
recompressed) and writes each named sheet with its rendered rows as its
``<sheetData>``. The rows are rendered and deflated as they are written.

Example:
    >>> write_with_bodies(Path("structure.xlsx"), {"Results": body}, Path("out.xlsx"))  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from xlperf.io.package.book import read_sheets
from xlperf.io.package.opc import Package
from xlperf.io.package.sheetxml import RowsBody, split_sheet, with_body
from xlperf.io.package.zipcopy import ZipWriter

_DISPLAY_NAME = re.compile(rb'<table\b[^>]*?\sdisplayName="([^"]*)"')
_TABLE_REF = re.compile(rb'(<(?:table|autoFilter)\b[^>]*?\sref=")[^"]*"')


def write_with_bodies(
    source: Path | BinaryIO,
    bodies: Mapping[str, RowsBody],
    out: Path,
    *,
    tables: Mapping[str, str] | None = None,
) -> None:
    """Write ``source`` to ``out`` with each sheet named in ``bodies`` holding those rows.

    ``tables`` gives tables (by name) their range, for a writer that made them smaller.
    """
    pkg = Package(source)
    try:
        _, sheets = read_sheets(pkg, pkg.main_part())
        parts = {
            pkg.name(s.part): bodies[s.name]
            for s in sheets
            if s.name in bodies and s.kind == "worksheet"
        }
        with open(out, "wb") as fh, pkg.raw() as raw:
            writer = ZipWriter(fh)
            for name in pkg.order:
                info = pkg.infos[name]
                body = parts.get(name)
                if tables and name.startswith("xl/tables/"):
                    data = table_range(pkg.read(name), tables)
                    writer.write(name, [data], date_time=info.date_time)
                    continue
                if body is None:
                    writer.copy_raw(raw, info)
                    continue
                split = split_sheet(pkg.read(name), name)
                chunks = with_body(split.head, split.tail, body)
                writer.write(
                    name, chunks, date_time=info.date_time, external_attr=info.external_attr
                )
            writer.close()
    finally:
        pkg.close()


def table_range(xml: bytes, tables: Mapping[str, str]) -> bytes:
    """A table part with its range (and its filter's) set from ``tables`` by its display name.

    Example:
        >>> table_range(b'<table displayName="T" ref="A1:B2"><autoFilter ref="A1:B2"/></table>', {"T": "A1:B9"})
        b'<table displayName="T" ref="A1:B9"><autoFilter ref="A1:B9"/></table>'
    """
    m = _DISPLAY_NAME.search(xml)
    ref = tables.get(m.group(1).decode()) if m else None
    if ref is None:
        return xml
    return _TABLE_REF.sub(lambda r: r.group(1) + ref.encode() + b'"', xml)


__all__ = ["table_range", "write_with_bodies"]
