"""A zip writer that copies unchanged entries as their raw compressed bytes.

:mod:`zipfile` can only write an entry by compressing it again, which costs
most of the time of a splice (the user's Data and Ratings sheets are large
and unchanged). :class:`ZipWriter` writes local headers, data and the central
directory itself, so an entry of the source package is copied byte for byte
(same compression, CRC, sizes and date), and a new entry is deflated in a
stream. A :class:`Streamed` entry (a big sheet rendered as it is written) is
deflated at a fast level. :mod:`zipfile` still reads the source's directory.

Zip64 (entries or packages over 4 GiB, more than 65,535 entries) is refused.

Example:
    >>> import io, zipfile
    >>> src = io.BytesIO()
    >>> with zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("a.xml", b"<a/>" * 100)
    >>> out = io.BytesIO()
    >>> with zipfile.ZipFile(src) as zin:
    ...     w = ZipWriter(out)
    ...     w.copy_raw(src, zin.getinfo("a.xml"))
    ...     w.write("b.xml", [b"<b/>"], date_time=(2026, 1, 1, 0, 0, 0))
    ...     w.close()
    >>> zipfile.ZipFile(out).read("a.xml") == b"<a/>" * 100
    True
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO

from xlperf.errors import Location, WorkbookError
from xlperf.messages import say

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LOCAL_SIG = b"PK\003\004"
_CENTRAL_SIG = b"PK\001\002"
_END_SIG = b"PK\005\006"
_UTF8 = 0x800
_DESCRIPTOR = 0x08
_LIMIT = 0xFFFFFFFF
_CHUNK = 1 << 20
#: deflate level of new entries, and of streamed ones (rendered sheets: big, fast is better)
LEVEL, STREAMED_LEVEL = 6, 1


class Streamed:
    """Chunks produced as they are read (a rendered sheet, megabytes of it): deflated fast."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._chunks)


@dataclass(frozen=True)
class _Entry:
    name: bytes
    flags: int
    method: int
    dostime: int
    dosdate: int
    crc: int
    csize: int
    usize: int
    offset: int
    create_version: int
    create_system: int
    extract_version: int
    external_attr: int


def _dos(date_time: tuple[int, ...]) -> tuple[int, int]:
    y, mo, d, h, mi, s = date_time[:6]
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


def _too_large(detail: str) -> WorkbookError:
    return WorkbookError(
        "Workbook too large", [say("PACKAGE_TOO_LARGE", Location(), detail=detail)]
    )


def raw_data_offset(fh: BinaryIO, info: zipfile.ZipInfo) -> int:
    """Where the compressed bytes of ``info`` start in the zip file ``fh``."""
    fh.seek(info.header_offset)
    head = fh.read(_LOCAL.size)
    if len(head) != _LOCAL.size or head[:4] != _LOCAL_SIG:
        raise WorkbookError(
            "Damaged workbook",
            [say("PACKAGE_BROKEN", Location(), detail="bad zip entry header", part=info.filename)],
        )
    fields = _LOCAL.unpack(head)
    return info.header_offset + _LOCAL.size + fields[10] + fields[11]


class ZipWriter:
    """Writes a zip file entry by entry; call :meth:`close` to write the directory."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._entries: list[_Entry] = []

    def copy_raw(self, src: BinaryIO, info: zipfile.ZipInfo) -> None:
        """Copy ``info``'s entry from the open zip file ``src`` without recompressing it."""
        if info.compress_size > _LIMIT or info.file_size > _LIMIT:
            raise _too_large(f"{info.filename}: more than 4 GiB")
        start = raw_data_offset(src, info)
        dostime, dosdate = _dos(info.date_time)
        entry = self._header(
            info.filename,
            flags=info.flag_bits & ~_DESCRIPTOR,
            method=info.compress_type,
            when=(dostime, dosdate),
            sizes=(info.CRC, info.compress_size, info.file_size),
            system=(info.create_version, info.create_system, info.extract_version),
            external_attr=info.external_attr,
        )
        src.seek(start)
        left = info.compress_size
        while left:
            chunk = src.read(min(left, _CHUNK))
            if not chunk:
                raise WorkbookError(
                    "Damaged workbook",
                    [say("PACKAGE_BROKEN", Location(), detail="truncated", part=info.filename)],
                )
            self._fh.write(chunk)
            left -= len(chunk)
        self._entries.append(entry)

    def write(
        self,
        name: str,
        chunks: Iterable[bytes],
        *,
        date_time: tuple[int, ...],
        deflate: bool = True,
        external_attr: int = 0,
    ) -> None:
        """Add ``name`` from ``chunks`` (deflated in a stream, or stored)."""
        method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
        header_at = self._fh.tell()
        entry = self._header(
            name,
            flags=0,
            method=method,
            when=_dos(date_time),
            sizes=(0, 0, 0),
            system=(20, 0, 20 if deflate else 10),
            external_attr=external_attr,
        )
        level = STREAMED_LEVEL if isinstance(chunks, Streamed) else LEVEL
        crc, csize, usize = self._deflate(chunks, deflate, level)
        if csize > _LIMIT or usize > _LIMIT:
            raise _too_large(f"{name}: more than 4 GiB")
        end = self._fh.tell()
        self._fh.seek(header_at + 14)
        self._fh.write(struct.pack("<3L", crc, csize, usize))
        self._fh.seek(end)
        self._entries.append(replace(entry, crc=crc, csize=csize, usize=usize))

    def _deflate(self, chunks: Iterable[bytes], deflate: bool, level: int) -> tuple[int, int, int]:
        crc, csize, usize = 0, 0, 0
        packer = zlib.compressobj(level, zlib.DEFLATED, -15) if deflate else None
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
            usize += len(chunk)
            data = packer.compress(chunk) if packer else chunk
            csize += len(data)
            self._fh.write(data)
        if packer:
            tail = packer.flush()
            csize += len(tail)
            self._fh.write(tail)
        return crc, csize, usize

    def _header(
        self,
        name: str,
        *,
        flags: int,
        method: int,
        when: tuple[int, int],
        sizes: tuple[int, int, int],
        system: tuple[int, int, int],
        external_attr: int,
    ) -> _Entry:
        try:
            raw = name.encode("ascii")
            flags &= ~_UTF8
        except UnicodeEncodeError:
            raw = name.encode("utf-8")
            flags |= _UTF8
        offset = self._fh.tell()
        if offset > _LIMIT or len(self._entries) >= 0xFFFF:
            raise _too_large("more than 4 GiB or 65,535 parts")
        entry = _Entry(raw, flags, method, *when, *sizes, offset, *system, external_attr)
        self._fh.write(
            _LOCAL.pack(
                _LOCAL_SIG,
                entry.extract_version,
                0,
                flags,
                method,
                *when,
                *sizes,
                len(raw),
                0,
            )
        )
        self._fh.write(raw)
        return entry

    def close(self) -> None:
        """Write the central directory and the end record."""
        start = self._fh.tell()
        for e in self._entries:
            self._fh.write(
                _CENTRAL.pack(
                    _CENTRAL_SIG,
                    e.create_version,
                    e.create_system,
                    e.extract_version,
                    0,
                    e.flags,
                    e.method,
                    e.dostime,
                    e.dosdate,
                    e.crc,
                    e.csize,
                    e.usize,
                    len(e.name),
                    0,
                    0,
                    0,
                    0,
                    e.external_attr,
                    e.offset,
                )
            )
            self._fh.write(e.name)
        size = self._fh.tell() - start
        if start > _LIMIT or size > _LIMIT:
            raise _too_large("more than 4 GiB")
        n = len(self._entries)
        self._fh.write(_END.pack(_END_SIG, 0, 0, n, n, size, start, 0))
