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

from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from xlperf.io.package.book import read_sheets
from xlperf.io.package.opc import Package
from xlperf.io.package.sheetxml import RowsBody, split_sheet, with_body
from xlperf.io.package.zipcopy import ZipWriter


def write_with_bodies(source: Path | BinaryIO, bodies: Mapping[str, RowsBody], out: Path) -> None:
    """Write ``source`` to ``out`` with each sheet named in ``bodies`` holding those rows."""
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


__all__ = ["write_with_bodies"]
