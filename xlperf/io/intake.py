"""Safe intake of workbook files: every check made before any parser touches the file.

:func:`inspect_workbook` refuses, each with its own located problem, in this
order: a path that cannot be opened (see :mod:`xlperf.io.filecheck`); an
OLE2 file (an encrypted workbook, or a legacy ``.xls``); a file that is not a
zip; a zip that is another document (Word, PowerPoint, OpenDocument, xlsb);
a zip whose central directory declares too much data (a "zip bomb", decided
before inflating anything); an entry whose bytes do not inflate to its CRC
(streamed, with a byte budget, so a lying directory cannot exhaust memory);
a missing required part; and XML that declares a DTD or entities.

The limits (:class:`ZipLimits`, documented in ``docs/inputs.md``):

* total declared uncompressed size ≤ ``max_bytes`` (1 GiB; ``XLPERF_MAX_UNZIPPED_MB``);
* an entry declaring more than ``ratio_floor`` (10 MiB) uncompressed may be
  at most ``max_ratio`` (200; ``XLPERF_MAX_ZIP_RATIO``) times its compressed
  size: small parts (styles, shared strings of a small book) compress far
  better than 200× and are harmless, so they are not held to the ratio;
* at most ``max_entries`` parts; an XML index part read into memory
  (workbook.xml and its relationships) at most ``max_xml_bytes``.

Example:
    >>> import openpyxl, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "book.xlsx")
    >>> wb = openpyxl.Workbook(); wb.active.title = "Data"; wb.save(path)
    >>> inspect_workbook(path).sheets
    (('Data', 'xl/worksheets/sheet1.xml'),)
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from xlperf.io.filecheck import OLE_MAGIC, looks_like, open_checked, refuse
from xlperf.io.zipcheck import (
    CHUNK,
    MIB,
    ZipLimits,
    bomb_error,
    check_entries,
    corrupt_error,
    corrupt_on_failure,
    safe_xml,
    sheet_targets,
)

__all__ = ["MIB", "WorkbookFacts", "ZipLimits", "corrupt_on_failure", "inspect_workbook"]
REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")


@dataclass(frozen=True)
class WorkbookFacts:
    """What :func:`inspect_workbook` learnt about a workbook that passed every check."""

    path: Path
    sheets: tuple[tuple[str, str], ...]  # (sheet name, part) in workbook order
    parts: int
    unzipped_bytes: int

    def sheet_part(self, sheet: str) -> str | None:
        return dict(self.sheets).get(sheet)


def inspect_workbook(path: str | Path, limits: ZipLimits | None = None) -> WorkbookFacts:
    """Check a workbook file before any parser reads it; raise a located WorkbookError if unsafe.

    >>> import tempfile, os
    >>> from xlperf.errors import XlperfError
    >>> path = os.path.join(tempfile.mkdtemp(), "d.xlsx")
    >>> _ = open(path, "w").write("id,name")
    >>> try:
    ...     inspect_workbook(path)
    ... except XlperfError as err:
    ...     print(err.problems[0].code, "|", err.problems[0].message)
    FILE_NOT_WORKBOOK | this is not an Excel workbook: it is plain text (perhaps a CSV file), not an .xlsx package
    """
    p = Path(path)
    limits = limits or ZipLimits.from_env()
    with open_checked(p) as fh:
        head = fh.read(4096)
        if head.startswith(OLE_MAGIC):
            encrypted = _ole_has_stream(fh, "EncryptedPackage", limits.max_bytes)
            raise refuse(p, "FILE_ENCRYPTED" if encrypted else "FILE_XLS_LEGACY")
        if not head.startswith(b"PK"):
            en, zh = looks_like(head)
            raise refuse(p, "FILE_NOT_WORKBOOK", looks_like=en, looks_like_zh=zh)
        fh.seek(0)
        z = _open_zip(fh, p)
        with z:
            return _inspect_zip(z, p, limits)


def _ole_has_stream(fh: BinaryIO, name: str, max_scan: int) -> bool:
    """Whether an OLE2 directory entry is named ``name``.

    Directory entries are 128-byte records at 128-aligned offsets, the
    UTF-16LE name first and its byte length (with the terminator) at +64; a
    match must meet all three, so text inside a legacy .xls cannot pass.
    """
    needle = name.encode("utf-16-le")
    fh.seek(0)
    offset = 0
    while offset < max_scan and (chunk := fh.read(CHUNK)):
        i = chunk.find(needle)
        while i >= 0:
            size = chunk[i + 64 : i + 66]
            if (offset + i) % 128 == 0 and int.from_bytes(size, "little") == len(needle) + 2:
                return True
            i = chunk.find(needle, i + 1)
        offset += len(chunk)
    return False


def _open_zip(fh: BinaryIO, p: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise corrupt_error(p, "(zip directory)", exc) from None


def _inspect_zip(z: zipfile.ZipFile, p: Path, limits: ZipLimits) -> WorkbookFacts:
    infos = z.infolist()
    names = {i.filename for i in infos}
    _check_kind(z, names, p)
    _check_declared(infos, p, limits)
    unzipped = check_entries(z, infos, p, limits)
    for part in REQUIRED_PARTS:
        if part not in names:
            raise refuse(p, "FILE_MISSING_PART", part=part, detail="", detail_zh="")
    sheets = _sheet_parts(z, p, limits)
    folded = {n.lower() for n in names}
    for sheet, part in sheets:
        if not part:
            raise corrupt_error(p, "xl/_rels/workbook.xml.rels", key="rel")
        if part.lower() not in folded:
            raise refuse(
                p,
                "FILE_MISSING_PART",
                part=part,
                detail=f" (sheet '{sheet}')",
                detail_zh=f"（工作表 '{sheet}'）",
            )
    return WorkbookFacts(p, tuple(sheets), len(infos), unzipped)


_OTHER_DOCUMENTS = (
    ("word/", "a Word document (.docx)", "Word文档（.docx）"),
    ("ppt/", "a PowerPoint presentation (.pptx)", "PowerPoint演示文稿（.pptx）"),
    ("visio/", "a Visio drawing (.vsdx)", "Visio绘图（.vsdx）"),
)
_ODF = {
    "text": ("an OpenDocument text (.odt)", "OpenDocument文本文档（.odt）"),
    "presentation": ("an OpenDocument presentation (.odp)", "OpenDocument演示文稿（.odp）"),
}


def _check_kind(z: zipfile.ZipFile, names: set[str], p: Path) -> None:
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise refuse(p, "FILE_XLSB")
    if "mimetype" in names:
        with corrupt_on_failure(p, "mimetype"), z.open("mimetype") as fh:
            mime = fh.read(100).decode("ascii", "replace")
        if "opendocument.spreadsheet" in mime:
            raise refuse(p, "FILE_ODS")
        kind = mime.rsplit(".", 1)[-1].split("-")[0]
        en, zh = _ODF.get(kind, ("an OpenDocument file", "OpenDocument文件"))
        raise refuse(p, "FILE_NOT_A_WORKBOOK_ZIP", document=en, document_zh=zh)
    for prefix, en, zh in _OTHER_DOCUMENTS:
        if any(n.startswith(prefix) for n in names):
            raise refuse(p, "FILE_NOT_A_WORKBOOK_ZIP", document=en, document_zh=zh)
    if not any(n.startswith("xl/") for n in names):
        en, zh = "a zip archive that holds no workbook", "不含工作簿的zip压缩包"
        raise refuse(p, "FILE_NOT_A_WORKBOOK_ZIP", document=en, document_zh=zh)


def _check_declared(infos: list[zipfile.ZipInfo], p: Path, limits: ZipLimits) -> None:
    """Refuse from the central directory alone, before inflating a byte."""
    if len(infos) > limits.max_entries:
        n, cap = len(infos), limits.max_entries
        raise bomb_error(
            p, f"it has {n} parts, over the limit of {cap}", f"共有{n}个部件，超过上限{cap}"
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_bytes:
        mb, cap = total // MIB, limits.max_bytes // MIB
        raise bomb_error(
            p,
            f"it declares {mb} MB unpacked, over the limit of {cap} MB",
            f"声明解压后为 {mb} MB，超过上限 {cap} MB",
        )
    for i in infos:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            r, cap = round(ratio), round(limits.max_ratio)
            raise bomb_error(
                p,
                f"part {i.filename} is compressed {r}:1, over the limit of {cap}:1",
                f"{i.filename} 的压缩比为 {r}:1，超过上限 {cap}:1",
            )


def _sheet_parts(z: zipfile.ZipFile, p: Path, limits: ZipLimits) -> list[tuple[str, str]]:
    book = safe_xml(z, "xl/workbook.xml", p, limits)
    rels = safe_xml(z, "xl/_rels/workbook.xml.rels", p, limits)
    return sheet_targets(book, rels)
