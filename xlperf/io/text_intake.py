"""Safe intake of text tables (CSV, TSV, TXT): encoding and delimiter detection.

:func:`read_text_file` decides, in this order:

1. a byte-order mark: UTF-8, UTF-32 LE/BE, UTF-16 LE/BE;
2. UTF-16 without a BOM, from the pattern of NUL bytes (ASCII characters
   such as commas, digits and line ends put a NUL on one side of each pair);
3. otherwise the bytes must look like text: a workbook, an image or other
   binary data named ``.csv`` is refused (FILE_NOT_TEXT);
4. strict UTF-8, else GB18030 (a superset of GBK and GB2312, what Excel
   on Chinese Windows writes for "CSV").

The delimiter is the one of comma, tab and semicolon that splits the header
into the most columns while every sampled line (up to 20 records, quotes
respected) has that many fields; ties go to comma, then tab.

Example:
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "d.csv")
    >>> _ = open(p, "wb").write("工号\\t实际值\\nE1\\t9\\n".encode("gbk"))
    >>> got = read_text_file(p)
    >>> got.encoding, got.delimiter, got.describe("en")
    ('gb18030', '\\t', 'GB18030, tab-separated')
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from xlperf.io.filecheck import OLE_MAGIC, ZIP_MAGIC, check_path, looks_like, open_checked, refuse
from xlperf.io.intake import MIB, ZipLimits

DELIMITERS = (",", "\t", ";")
_DELIMITER_NAMES = {",": ("comma", "逗号"), "\t": ("tab", "制表符"), ";": ("semicolon", "分号")}
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_MAGICS = (
    OLE_MAGIC,
    *ZIP_MAGIC,
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",
)
#: control bytes that never occur in text (tab, line ends, form feeds and Ctrl-Z do)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 26))
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f]")
SAMPLE = 64 * 1024


@dataclass(frozen=True)
class DecodedText:
    """A text table's content and how it was read (shown by ``--verbose``)."""

    text: str
    encoding: str  # Python codec name: utf-8, utf-16-le, gb18030 ...
    delimiter: str
    bom: bool = False

    def describe(self, lang: str = "zh") -> str:
        """``GB18030, tab-separated`` / ``GB18030，制表符分隔``."""
        en, zh = _DELIMITER_NAMES[self.delimiter]
        name = self.encoding.upper() + (
            (" 带BOM" if lang == "zh" else " with BOM") if self.bom else ""
        )
        return f"{name}，{zh}分隔" if lang == "zh" else f"{name}, {en}-separated"


def read_text_file(path: str | Path, limits: ZipLimits | None = None) -> DecodedText:
    """Read a CSV/TSV/TXT file as text, detecting its encoding and delimiter.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "d.csv")
    >>> _ = open(p, "wb").write(b"\\xef\\xbb\\xbfid;score\\nE1;0,5\\n")
    >>> got = read_text_file(p)
    >>> got.text, got.describe("en")
    ('id;score\\nE1;0,5\\n', 'UTF-8 with BOM, semicolon-separated')
    """
    p = Path(path)
    limits = limits or ZipLimits.from_env()
    size = check_path(p)
    if size > limits.max_bytes:
        raise refuse(p, "FILE_TOO_LARGE", size_mb=size // MIB, limit_mb=limits.max_bytes // MIB)
    with open_checked(p) as fh:
        raw = fh.read(limits.max_bytes + 1)
    text, encoding, bom = decode_text(raw, p)
    return DecodedText(text, encoding, detect_delimiter(text), bom)


def decode_text(raw: bytes, p: Path | str = "<text>") -> tuple[str, str, bool]:
    """(text, codec name, had a BOM) for the bytes of a text table; refuse binary data.

    >>> decode_text("a,b".encode("utf-16-le"))[1:]
    ('utf-16-le', False)
    """
    for mark, codec in _BOMS:
        if raw.startswith(mark):
            return _strict(raw[len(mark) :], codec, p), codec, True
    utf16 = _utf16_without_bom(raw[:SAMPLE])
    if utf16:
        return _strict(raw, utf16, p), utf16, False
    _refuse_binary(raw[:SAMPLE], p)
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec), codec, False
        except UnicodeDecodeError:
            continue
    raise _not_text(
        p, "its bytes are neither UTF-8 nor GB18030 text", "其字节既不是UTF-8也不是GB18030文本"
    )


def _strict(raw: bytes, codec: str, p: Path | str) -> str:
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        raise _not_text(
            p, f"it is not valid {codec.upper()} text", f"不是有效的{codec.upper()}文本"
        ) from None
    if "\x00" in text:
        raise _not_text(p, "it holds NUL characters", "含有空字符（NUL）")
    return text


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 LE or BE when ASCII characters put NULs mostly on one side of each byte pair.

    CJK characters such as 一 (U+4E00) put a NUL on the other side, so the
    side decides only together with a strict decode that gives plain text.
    """
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : 2 * pairs : 2].count(0)
    odd = sample[1 : 2 * pairs : 2].count(0)
    if max(odd, even) < 0.1 * pairs or min(odd, even) * 2 > max(odd, even):
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    body = sample[: 2 * pairs]
    for cut in (0, 2):  # the sample may end inside a surrogate pair
        try:
            text = body[: len(body) - cut].decode(codec)
        except UnicodeDecodeError:
            continue
        return None if _CONTROL_CHARS.search(text) else codec
    return None


def _refuse_binary(sample: bytes, p: Path | str) -> None:
    if sample.startswith(_BINARY_MAGICS):
        en, zh = looks_like(sample)
        raise _not_text(p, en, zh)
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if b"\x00" in sample or controls > max(2, len(sample) // 100):
        raise _not_text(p, "it holds binary data", "含有二进制数据")


def _not_text(p: Path | str, en: str, zh: str):
    return refuse(p, "FILE_NOT_TEXT", looks_like=en, looks_like_zh=zh)


def detect_delimiter(text: str, records: int = 20) -> str:
    """Comma, tab or semicolon: the one that splits the header widest, consistently.

    >>> detect_delimiter('id;name;score\\nE1;"Li, Lei";0,5\\n')
    ';'
    >>> detect_delimiter("just one column\\n")
    ','
    """
    best, best_score = ",", (0.0, 1)
    for d in DELIMITERS:
        rows = _sample_rows(text[:SAMPLE], d, records)
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(len(r) == width for r in rows) / len(rows), width)
        if score > best_score:
            best, best_score = d, score
    return best


def _sample_rows(sample: str, delimiter: str, records: int) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in itertools.islice(reader, records * 5):
            if any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) == records:
                break
    except csv.Error:
        return rows
    if len(rows) > 1 and len(sample) == SAMPLE:
        rows.pop()  # the sample may have cut the last record short
    return rows
