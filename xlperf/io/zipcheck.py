"""The checks of a workbook's zip package that need its bytes: limits, CRCs, safe XML.

Used by :func:`xlperf.io.intake.inspect_workbook`; see that module for the
order of the checks and ``docs/inputs.md`` for the limits.

Example:
    >>> ZipLimits().max_bytes == 1024 * MIB, ZipLimits().max_ratio
    (True, 200.0)
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
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from xlperf.errors import XlperfError
from xlperf.io.filecheck import refuse
from xlperf.messages import say

MIB = 1 << 20
CHUNK = MIB  # a multiple of 128, so an OLE directory entry never straddles two chunks


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


def corrupt_error(
    p: Path, part: str, exc: BaseException | None = None, key: str | None = None
) -> XlperfError:
    """FILE_CORRUPT for ``part``, the reason told from ``exc`` or given as a ``key`` of _REASONS.

    >>> corrupt_error(Path("b.xlsx"), "xl/styles.xml", key="crc").problems[0].message
    'the workbook is damaged: part xl/styles.xml cannot be read (checksum (CRC) mismatch)'
    """
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
        raise corrupt_error(Path(path), part, exc) from None


def bomb_error(p: Path, en: str, zh: str) -> XlperfError:
    """FILE_ZIP_BOMB with its detail in English and Chinese.

    >>> bomb_error(Path("b.xlsx"), "too big", "过大").problems[0].code
    'FILE_ZIP_BOMB'
    """
    return refuse(p, "FILE_ZIP_BOMB", detail=en, detail_zh=zh)


_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD = re.compile(
    rb"<!(?:DOCTYPE|ENTITY)|<\x00!\x00(?:D\x00O\x00C\x00T\x00Y\x00P\x00E|E\x00N\x00T\x00I\x00T\x00Y)\x00"
)
_ROOT = re.compile(rb"<[A-Za-z_]")


def check_entries(
    z: zipfile.ZipFile, infos: list[zipfile.ZipInfo], p: Path, limits: ZipLimits
) -> int:
    """Inflate every entry in bounded chunks; check its CRC, size and XML prolog.

    Returns the bytes inflated; raises FILE_CORRUPT, FILE_ZIP_BOMB, FILE_ENCRYPTED
    or FILE_XML_UNSAFE naming the entry.

    >>> import io
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("a.xml", "<a/>")
    >>> z = zipfile.ZipFile(buf)
    >>> check_entries(z, z.infolist(), Path("t.zip"), ZipLimits())
    4
    """
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
                    raise corrupt_error(p, info.filename, key="cut")
                if seen > budget:
                    raise bomb_error(p, "it unpacks to more than the limit", "解压后超过上限")
                if xml:
                    window = tail + chunk
                    root = _ROOT.search(window)
                    if _DTD.search(window, 0, root.start() if root else len(window)):
                        raise refuse(p, "FILE_XML_UNSAFE", part=info.filename)
                    xml, tail = root is None, window[-24:]
    except XlperfError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile and zlib raise many kinds
        raise corrupt_error(p, info.filename, exc) from None
    if seen != info.file_size:
        raise corrupt_error(p, info.filename, key="cut")
    return seen


_NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def safe_xml(z: zipfile.ZipFile, part: str, p: Path, limits: ZipLimits | None = None) -> Element:
    """Parse one small XML part with no DTD, no entities and no external references.

    >>> import io
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("x.xml", '<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>')
    >>> safe_xml(zipfile.ZipFile(buf), "x.xml", Path("t.zip"))
    Traceback (most recent call last):
    xlperf.errors.WorkbookError: Cannot read t.zip
      - t.zip: part x.xml declares a DTD or XML entities, which a workbook never needs; it is refused as unsafe (save the table again from Excel as a new .xlsx file)
    """
    limits = limits or ZipLimits()
    info = z.getinfo(part)
    if info.file_size > limits.max_xml_bytes:
        mb = info.file_size // MIB
        raise bomb_error(
            p, f"part {part} is {mb} MB, far too large", f"{part} 大小为 {mb} MB，异常过大"
        )
    with corrupt_on_failure(p, part):
        data = z.read(part)
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise refuse(p, "FILE_XML_UNSAFE", part=part) from None
    except (ParseError, ValueError) as exc:
        raise corrupt_error(p, part, exc, key="xml") from None


def sheet_targets(book: Element, rels: Element) -> list[tuple[str, str]]:
    """(sheet name, part path) for each sheet of a parsed workbook.xml and its rels.

    >>> from xml.etree.ElementTree import fromstring
    >>> book = fromstring('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    ...     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    ...     '<sheets><sheet name="Data" r:id="rId1"/></sheets></workbook>')
    >>> rels = fromstring('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    ...     '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
    >>> sheet_targets(book, rels)
    [('Data', 'xl/worksheets/sheet1.xml')]
    """
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
