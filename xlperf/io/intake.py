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

import contextlib
import os
import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from xlperf.errors import XlperfError
from xlperf.io.filecheck import OLE_MAGIC, looks_like, open_checked, refuse
from xlperf.messages import say

MIB = 1 << 20
CHUNK = MIB  # a multiple of 128, so an OLE directory entry never straddles two chunks
REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")


@dataclass(frozen=True)
class ZipLimits:
    """How much a workbook package may unpack to; see the module text for the rule."""

    max_bytes: int = 1024 * MIB
    max_ratio: float = 200.0
    ratio_floor: int = 10 * MIB
    max_entries: int = 50_000
    max_xml_bytes: int = 64 * MIB

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ZipLimits:
        """Defaults, overridden by ``XLPERF_MAX_UNZIPPED_MB`` and ``XLPERF_MAX_ZIP_RATIO``.

        >>> ZipLimits.from_env({"XLPERF_MAX_UNZIPPED_MB": "2048"}).max_bytes == 2048 * MIB
        True
        """
        env = os.environ if env is None else env
        mb = _positive(env, "XLPERF_MAX_UNZIPPED_MB", "2048")
        ratio = _positive(env, "XLPERF_MAX_ZIP_RATIO", "500")
        return cls(
            max_bytes=int(mb * MIB) if mb is not None else cls.max_bytes,
            max_ratio=ratio if ratio is not None else cls.max_ratio,
        )


def _positive(env: Mapping[str, str], name: str, example: str) -> float | None:
    from xlperf.errors import UsageError

    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not (0 < value < float("inf")):
        problem = say("FILE_LIMIT_INVALID", None, name=name, value=raw, example=example)
        raise UsageError(f"{name} is not a valid limit", [problem])
    return value


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
    """Check a workbook file before any parser reads it; raise a located WorkbookError if unsafe."""
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
        raise _corrupt(p, "(zip directory)", exc) from None


_REASONS = {
    "crc": ("checksum (CRC) mismatch", "校验和（CRC）不符"),
    "data": ("compressed data is damaged", "压缩数据已损坏"),
    "cut": ("the file is cut short or its zip directory is damaged", "文件不完整或zip目录已损坏"),
    "method": ("unsupported compression or zip encryption", "不支持的压缩方式或zip加密"),
    "xml": ("the XML is not well-formed", "XML格式错误"),
    "rel": ("a sheet has no relationship entry", "某个工作表缺少关系记录"),
    "other": ("it cannot be parsed", "无法解析"),
}


def _reason_key(exc: BaseException) -> str:
    text = str(exc).lower()
    if "crc" in text:
        return "crc"
    if isinstance(exc, ParseError):
        return "xml"
    if isinstance(exc, NotImplementedError | RuntimeError):
        return "method"
    if (
        isinstance(exc, EOFError)
        or "directory" in text
        or "truncated" in text
        or "not a zip" in text
    ):
        return "cut"
    if isinstance(exc, zipfile.BadZipFile | OSError) or "zlib" in type(exc).__module__:
        return "data"
    return "other"


def _corrupt(
    p: Path, part: str, exc: BaseException | None = None, key: str | None = None
) -> XlperfError:
    en, zh = _REASONS[key or (_reason_key(exc) if exc is not None else "other")]
    return refuse(p, "FILE_CORRUPT", part=part, reason=en, reason_zh=zh)


@contextlib.contextmanager
def corrupt_on_failure(path: str | Path, part: str = "(workbook)") -> Iterator[None]:
    """Turn any exception a workbook parser raises into FILE_CORRUPT (never a traceback).

    >>> try:
    ...     with corrupt_on_failure("b.xlsx"):
    ...         raise KeyError("xl/sharedStrings.xml")
    ... except XlperfError as err:
    ...     print(err.problems[0].code)
    FILE_CORRUPT
    """
    try:
        yield
    except XlperfError:
        raise
    except Exception as exc:  # noqa: BLE001 - parsers raise anything, MemoryError included
        raise _corrupt(Path(path), part, exc) from None


def _inspect_zip(z: zipfile.ZipFile, p: Path, limits: ZipLimits) -> WorkbookFacts:
    infos = z.infolist()
    names = {i.filename for i in infos}
    _check_kind(z, names, p)
    _check_declared(infos, p, limits)
    unzipped = _check_entries(z, infos, p, limits)
    for part in REQUIRED_PARTS:
        if part not in names:
            raise refuse(p, "FILE_MISSING_PART", part=part, detail="", detail_zh="")
    sheets = _sheet_parts(z, p, limits)
    folded = {n.lower() for n in names}
    for sheet, part in sheets:
        if not part:
            raise _corrupt(p, "xl/_rels/workbook.xml.rels", key="rel")
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


def _bomb(p: Path, en: str, zh: str) -> XlperfError:
    return refuse(p, "FILE_ZIP_BOMB", detail=en, detail_zh=zh)


def _check_declared(infos: list[zipfile.ZipInfo], p: Path, limits: ZipLimits) -> None:
    """Refuse from the central directory alone, before inflating a byte."""
    if len(infos) > limits.max_entries:
        n, cap = len(infos), limits.max_entries
        raise _bomb(
            p, f"it has {n} parts, over the limit of {cap}", f"共有{n}个部件，超过上限{cap}"
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_bytes:
        mb, cap = total // MIB, limits.max_bytes // MIB
        raise _bomb(
            p,
            f"it declares {mb} MB unpacked, over the limit of {cap} MB",
            f"声明解压后为 {mb} MB，超过上限 {cap} MB",
        )
    for i in infos:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            r, cap = round(ratio), round(limits.max_ratio)
            raise _bomb(
                p,
                f"part {i.filename} is compressed {r}:1, over the limit of {cap}:1",
                f"{i.filename} 的压缩比为 {r}:1，超过上限 {cap}:1",
            )


_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD = re.compile(
    rb"<!(?:DOCTYPE|ENTITY)|<\x00!\x00(?:D\x00O\x00C\x00T\x00Y\x00P\x00E|E\x00N\x00T\x00I\x00T\x00Y)\x00"
)
_ROOT = re.compile(rb"<[A-Za-z_]")


def _check_entries(
    z: zipfile.ZipFile, infos: list[zipfile.ZipInfo], p: Path, limits: ZipLimits
) -> int:
    """Inflate every entry in bounded chunks; check its CRC, size and XML prolog."""
    left = limits.max_bytes
    for info in infos:
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise refuse(p, "FILE_ENCRYPTED")
        left -= _inflate(z, info, p, left)
    return limits.max_bytes - left


def _inflate(z: zipfile.ZipFile, info: zipfile.ZipInfo, p: Path, budget: int) -> int:
    xml = info.filename.lower().endswith(_XML_SUFFIXES)
    seen, tail = 0, b""
    try:
        with z.open(info) as fh:
            while chunk := fh.read(CHUNK):
                seen += len(chunk)
                if seen > info.file_size:
                    raise _corrupt(p, info.filename, key="cut")
                if seen > budget:
                    raise _bomb(p, "it unpacks to more than the limit", "解压后超过上限")
                if xml:
                    window = tail + chunk
                    root = _ROOT.search(window)
                    if _DTD.search(window, 0, root.start() if root else len(window)):
                        raise refuse(p, "FILE_XML_UNSAFE", part=info.filename)
                    xml, tail = root is None, window[-24:]
    except XlperfError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile and zlib raise many kinds
        raise _corrupt(p, info.filename, exc) from None
    if seen != info.file_size:
        raise _corrupt(p, info.filename, key="cut")
    return seen


_NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def safe_xml(z: zipfile.ZipFile, part: str, p: Path, limits: ZipLimits | None = None) -> Element:
    """Parse one small XML part with no DTD, no entities and no external references."""
    limits = limits or ZipLimits()
    info = z.getinfo(part)
    if info.file_size > limits.max_xml_bytes:
        mb = info.file_size // MIB
        raise _bomb(p, f"part {part} is {mb} MB, far too large", f"{part} 大小为 {mb} MB，异常过大")
    with corrupt_on_failure(p, part):
        data = z.read(part)
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise refuse(p, "FILE_XML_UNSAFE", part=part) from None
    except (ParseError, ValueError) as exc:
        raise _corrupt(p, part, exc, key="xml") from None


def _sheet_parts(z: zipfile.ZipFile, p: Path, limits: ZipLimits) -> list[tuple[str, str]]:
    book = safe_xml(z, "xl/workbook.xml", p, limits)
    rels = safe_xml(z, "xl/_rels/workbook.xml.rels", p, limits)
    return sheet_targets(book, rels)


def sheet_targets(book: Element, rels: Element) -> list[tuple[str, str]]:
    """(sheet name, part path) for each sheet of a parsed workbook.xml and its rels."""
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(_NS_REL)}
    out = []
    for s in book.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(s.get(_NS_RID), "")
        if not target:
            part = ""
        elif target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = posixpath.normpath(posixpath.join("xl", target))
        out.append((s.get("name", ""), part))
    return out
