"""Hostile and messy inputs, generated on demand (no checked-in blobs).

Each generator writes one input into ``folder`` and returns its path.
Workbook packages are written byte by byte where a library would refuse to
produce them (a zip bomb streamed from one compressed block, a wrong CRC, an
OLE2 compound file with an ``EncryptedPackage`` stream). Imported as
``import hostile`` (the tests folder is on sys.path, see tests/conftest.py).
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

GIB = 1 << 30
HEAD = ["工号", "姓名", "部门", "岗位", "指标", "实际值", "目标值", "基准值"]
ROW = ["E1", "张三", "销售一部", "sales_rep", "SALES_REV", 110, 100, None]
SHEET = "xl/worksheets/sheet1.xml"


# -- zip packages written by hand ----------------------------------------------------


@dataclass
class Member:
    """One zip entry: its compressed bytes (one piece or many) and what the directory declares."""

    name: str
    pieces: Iterable[bytes]
    crc: int
    size: int
    compressed_size: int
    method: int = zipfile.ZIP_DEFLATED


def deflated(name: str, data: bytes) -> Member:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = c.compress(data) + c.flush()
    return Member(name, [packed], zlib.crc32(data), len(data), len(packed))


def stored(name: str, data: bytes) -> Member:
    return Member(name, [data], zlib.crc32(data), len(data), len(data), zipfile.ZIP_STORED)


def write_zip(path: Path, members: list[Member]) -> Path:
    """A zip file with exactly the given entries (ZIP64 sizes where needed)."""
    central = []
    with open(path, "wb") as out:
        for m in members:
            offset = out.tell()
            big = m.size >= 0xFFFFFFFF or m.compressed_size >= 0xFFFFFFFF
            extra = struct.pack("<HHQQ", 1, 16, m.size, m.compressed_size) if big else b""
            sizes = (0xFFFFFFFF, 0xFFFFFFFF) if big else (m.compressed_size, m.size)
            version = 45 if big else 20
            name = m.name.encode("utf-8")
            fixed = (
                version,
                0x800,
                m.method,
                0,
                0x21,
                m.crc & 0xFFFFFFFF,
                *sizes,
                len(name),
                len(extra),
            )
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fixed) + name + extra)
            for piece in m.pieces:
                out.write(piece)
            central.append(
                struct.pack("<IH", 0x02014B50, version)
                + struct.pack("<HHHHHIIIHH", *fixed)
                + struct.pack("<HHHII", 0, 0, 0, 0, offset)
                + name
                + extra
            )
        start = out.tell()
        for record in central:
            out.write(record)
        size = out.tell() - start
        out.write(
            struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), size, start, 0)
        )
    return path


def workbook_bytes(rows: list[list] | None = None) -> bytes:
    """A small valid .xlsx (sheet "Data" with the score header and one row)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for r in [HEAD, *(rows if rows is not None else [ROW])]:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def workbook_parts(rows: list[list] | None = None) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(rows))) as z:
        return {n: z.read(n) for n in z.namelist()}


def _members(parts: dict[str, bytes], **replace: Member | None) -> list[Member]:
    out = []
    for name, data in parts.items():
        if name in replace:
            if replace[name] is not None:
                out.append(replace[name])
        else:
            out.append(deflated(name, data))
    return out


def valid_workbook(folder: Path, name: str = "data.xlsx") -> Path:
    path = folder / name
    path.write_bytes(workbook_bytes())
    return path


def _zero_block() -> tuple[bytes, bytes]:
    """The raw-deflate bytes of 1 MiB of zeros after a full flush (repeatable), and the end."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(bytes(1 << 20)) + c.flush(zlib.Z_FULL_FLUSH)
    return block, c.flush(zlib.Z_FINISH)


def zip_bomb(folder: Path, size: int = 5 * GIB, name: str = "bomb.xlsx") -> Path:
    """A workbook whose sheet part inflates to ``size`` bytes (~1000:1), streamed, never in memory."""
    mib = size >> 20
    block, end = _zero_block()
    crc, chunk = 0, bytes(1 << 20)
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    bomb = Member(SHEET, [*([block] * mib), end], crc, mib << 20, len(block) * mib + len(end))
    return write_zip(folder / name, _members(workbook_parts(), **{SHEET: bomb}))


def lying_bomb(folder: Path, size: int = 256 << 20, name: str = "lying.xlsx") -> Path:
    """A bomb whose directory declares a 2 KB sheet part: only streaming with a budget notices."""
    mib = size >> 20
    block, end = _zero_block()
    bomb = Member(SHEET, [*([block] * mib), end], 0x1234, 2048, len(block) * mib + len(end))
    return write_zip(folder / name, _members(workbook_parts(), **{SHEET: bomb}))


def crc_corrupted(folder: Path, name: str = "crc.xlsx") -> Path:
    """A workbook whose sheet part inflates fine but does not match its CRC."""
    parts = workbook_parts()
    bad = deflated(SHEET, parts[SHEET])
    bad.crc ^= 0x5A5A
    return write_zip(folder / name, _members(parts, **{SHEET: bad}))


def flipped_byte(folder: Path, name: str = "flipped.xlsx") -> Path:
    """A workbook with one byte of its stored sheet part changed (a disk or download error)."""
    parts = workbook_parts()
    data = bytearray(parts[SHEET])
    data[len(data) // 2] ^= 0x01
    bad = stored(SHEET, bytes(data))
    bad.crc = zlib.crc32(parts[SHEET])
    return write_zip(folder / name, _members(parts, **{SHEET: bad}))


def missing_sheet_part(folder: Path, name: str = "missing.xlsx") -> Path:
    return write_zip(folder / name, _members(workbook_parts(), **{SHEET: None}))


def truncated(folder: Path, name: str = "truncated.xlsx") -> Path:
    """An .xlsx cut short (an interrupted download)."""
    data = workbook_bytes()
    (folder / name).write_bytes(data[: len(data) // 2])
    return folder / name


def dtd_workbook(folder: Path, name: str = "dtd.xlsx") -> Path:
    """workbook.xml with a "billion laughs" entity declaration."""
    parts = workbook_parts()
    lol = b'<?xml version="1.0"?>\n<!DOCTYPE workbook [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
    body = parts["xl/workbook.xml"].split(b"?>", 1)[-1]
    parts["xl/workbook.xml"] = lol + body.replace(b"<sheets>", b"<sheets><!-- &lol2; -->", 1)
    return write_zip(folder / name, _members(parts))


def _zip_of(folder: Path, name: str, parts: dict[str, bytes]) -> Path:
    members = [stored(n, d) if n == "mimetype" else deflated(n, d) for n, d in parts.items()]
    return write_zip(folder / name, members)


def docx_renamed(folder: Path, name: str = "report.xlsx") -> Path:
    ct = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    doc = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    return _zip_of(
        folder,
        name,
        {"[Content_Types].xml": ct, "_rels/.rels": b"<Relationships/>", "word/document.xml": doc},
    )


def pptx_renamed(folder: Path, name: str = "slides.xlsx") -> Path:
    return _zip_of(
        folder, name, {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}
    )


def ods_renamed(folder: Path, name: str = "sheet.xlsx") -> Path:
    mime = b"application/vnd.oasis.opendocument.spreadsheet"
    return _zip_of(folder, name, {"mimetype": mime, "content.xml": b"<office:document-content/>"})


def odt_renamed(folder: Path, name: str = "letter.xlsx") -> Path:
    mime = b"application/vnd.oasis.opendocument.text"
    return _zip_of(folder, name, {"mimetype": mime, "content.xml": b"<office:document-content/>"})


def xlsb_renamed(folder: Path, name: str = "binary.xlsx") -> Path:
    parts = {
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.bin": b"\x83\x01\x00",
        "xl/_rels/workbook.bin.rels": b"<Relationships/>",
    }
    return _zip_of(folder, name, parts)


def plain_zip(folder: Path, name: str = "archive.xlsx") -> Path:
    return _zip_of(folder, name, {"notes.txt": b"hello", "photos/a.jpg": b"\xff\xd8\xff"})


# -- OLE2 compound files ------------------------------------------------------------

_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(
    name: str,
    kind: int,
    child: int = _NOSTREAM,
    right: int = _NOSTREAM,
    start: int = _END,
    size: int = 0,
) -> bytes:
    raw = name.encode("utf-16-le")
    head = raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw) + 2 if name else 0, kind, 1)
    return (
        head
        + struct.pack("<III", _NOSTREAM, right, child)
        + bytes(16 + 4 + 16)
        + struct.pack("<IQ", start, size)
    )


def ole_file(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal valid compound file (512-byte sectors, streams of ≥ 4096 bytes, no mini stream)."""
    sectors: list[bytes] = []
    fat = [_FATSECT, _END]  # sector 0: the FAT; sector 1: the directory
    entries = [b""]  # the root entry, filled in below
    for i, (name, data) in enumerate(streams.items()):
        data = data.ljust(4096, b"\x00")
        first, count = 2 + len(sectors), -(-len(data) // 512)
        sectors.extend(data[k * 512 : (k + 1) * 512].ljust(512, b"\x00") for k in range(count))
        fat.extend([*range(first + 1, first + count), _END])
        right = i + 2 if i + 1 < len(streams) else _NOSTREAM
        entries.append(_dir_entry(name, 2, right=right, start=first, size=len(data)))
    entries[0] = _dir_entry("Root Entry", 5, child=1 if streams else _NOSTREAM)
    assert len(entries) <= 4 and len(fat) <= 128, "a single directory and FAT sector"
    directory = b"".join(entries).ljust(512, b"\x00")
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    )
    header += bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<I", 0) + b"\xff" * (4 * 108)
    path.write_bytes(header + fat_sector + directory + b"".join(sectors))
    return path


def encrypted_ooxml(folder: Path, name: str = "secret.xlsx") -> Path:
    """What Excel writes for a password-protected .xlsx: an OLE2 file with EncryptedPackage."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"agile encryption info"
    return ole_file(folder / name, {"EncryptionInfo": info, "EncryptedPackage": os.urandom(5000)})


def legacy_xls(folder: Path, name: str = "old.xls") -> Path:
    """An Excel 97-2003 file; its cells may even mention "EncryptedPackage" as text."""
    text = b"\x09\x08" + "EncryptedPackage".encode("utf-16-le") * 3
    return ole_file(folder / name, {"Workbook": text})


# -- file-system oddities --------------------------------------------------------------


def unreadable(folder: Path, name: str = "locked.xlsx") -> Path:
    """A workbook with no read permission (root can still read it: see the tests)."""
    path = valid_workbook(folder, name)
    path.chmod(0)
    return path


def directory(folder: Path, name: str = "folder.xlsx") -> Path:
    (folder / name).mkdir()
    return folder / name


def long_name(folder: Path, suffix: str = ".xlsx") -> Path:
    """A path whose last component is longer than any file system allows (never created)."""
    return folder / ("很长的文件名" * 60 + suffix)


# -- text tables ---------------------------------------------------------------------

CSV_ROWS = [["employee_id", "name", "actual"], ["E1", "张三", "0,5"], ["E2", "Li, Lei", "12"]]


def _csv_text(delimiter: str) -> str:
    def cell(v: str) -> str:
        return f'"{v}"' if delimiter in v else v

    return "".join(delimiter.join(cell(v) for v in row) + "\r\n" for row in CSV_ROWS)


def csv_file(
    folder: Path, name: str, delimiter: str = ",", encoding: str = "utf-8", bom: bytes = b""
) -> Path:
    path = folder / name
    path.write_bytes(bom + _csv_text(delimiter).encode(encoding))
    return path


#: one sales_rep's five KPI rows of the shipped sales scheme (scores with ratings for E1)
SCORE_ROWS = [
    ["E1", "张三", "销售一部", "sales_rep", "SALES_REV", "110", "100", ""],
    ["E1", "张三", "销售一部", "sales_rep", "SALES_GROWTH", "112", "", "100"],
    ["E1", "张三", "销售一部", "sales_rep", "CSAT", "92", "", ""],
    ["E1", "张三", "销售一部", "sales_rep", "MARKET_SHARE", "20%", "20%", ""],
    ["E1", "张三", "销售一部", "sales_rep", "NEW_CUST", "12", "10", ""],
]


def score_data_csv(
    folder: Path, name: str, delimiter: str, encoding: str, bom: bytes = b""
) -> Path:
    """The score data table as a text file in the given delimiter and encoding."""
    text = "".join(delimiter.join(row) + "\r\n" for row in [HEAD, *SCORE_ROWS])
    (folder / name).write_bytes(bom + text.encode(encoding))
    return folder / name


def csv_tab(folder: Path) -> Path:
    return csv_file(folder, "tab.csv", "\t")


def csv_semicolon(folder: Path) -> Path:
    return csv_file(folder, "semicolon.csv", ";")


def csv_utf8_bom(folder: Path) -> Path:
    return csv_file(folder, "bom.csv", bom=b"\xef\xbb\xbf")


def csv_gbk(folder: Path) -> Path:
    return csv_file(folder, "gbk.csv", encoding="gbk")


def csv_utf16le_bom(folder: Path) -> Path:
    return csv_file(folder, "utf16.csv", "\t", "utf-16-le", b"\xff\xfe")


def csv_utf16_no_bom(folder: Path) -> Path:
    return csv_file(folder, "utf16-nobom.csv", ",", "utf-16-le")


def binary_csv(folder: Path) -> Path:
    path = folder / "picture.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return path


def image_named_xlsx(folder: Path) -> Path:
    path = folder / "picture.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return path


def csv_named_xlsx(folder: Path) -> Path:
    return csv_file(folder, "export.xlsx")


def workbook_named_csv(folder: Path) -> Path:
    path = folder / "book.csv"
    path.write_bytes(workbook_bytes())
    return path


# -- scheme YAML ---------------------------------------------------------------------

YAML_TEXTS = {
    "billion_laughs": "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    ),
    "deep": "scheme:\n"
    + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(40))
    + "  " * 41
    + "leaf: 1\n",
    "deep_flow": "scheme: " + "[" * 5000 + "]" * 5000 + "\n",
    "duplicate_keys": "scheme:\n  id: s1\n  id: s2\nroles:\n  - id: r1\n    weight: 40\n    weight: 60\n",
    "nan": "defaults:\n  cap: .nan\n",
    "inf": "roles:\n  - id: r\n    indicators:\n      - {code: X, weight: -.inf}\n",
    "not_mapping": "- just\n- a list\n",
    "syntax_error": "scheme:\n  id: s1\n   name: bad indent\n",
}


def yaml_file(folder: Path, kind: str) -> Path:
    path = folder / f"{kind}.yaml"
    path.write_text(YAML_TEXTS[kind], encoding="utf-8")
    return path
