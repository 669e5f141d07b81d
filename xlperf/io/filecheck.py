"""First look at an input file: can it be opened at all, and what does it look like?

:func:`open_checked` turns every way of failing to open a file into one
located problem (not found, a folder, permission denied, name too long, a
device or pipe); :func:`looks_like` names what a file's first bytes say it
is, so "not a workbook" can add "it is a PDF document".

Example:
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> try:
    ...     open_checked(os.path.join(folder, "missing.xlsx"))
    ... except WorkbookError as err:
    ...     print(err.problems[0].code)
    FILE_NOT_FOUND
    >>> looks_like(b"%PDF-1.7")[0]
    'it is a PDF document'
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from xlperf.errors import Location, WorkbookError
from xlperf.messages import say

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def refuse(path: Path | str, code: str, **params: object) -> WorkbookError:
    """The error that refuses ``path`` with the catalogue problem ``code``.

    >>> refuse("d.xlsx", "FILE_ODS").render("en").splitlines()[1]
    '  - d.xlsx: this is an OpenDocument spreadsheet (.ods), not an Excel workbook (open it in LibreOffice or Excel and save it as .xlsx)'
    """
    problem = say(code, Location(file=str(path)), **params)
    return WorkbookError(f"Cannot read {path}", [problem], f"无法读取 {path}，未写入任何文件。")


def _stat(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise refuse(path, "FILE_NOT_FOUND") from None
    except PermissionError:
        raise refuse(path, "FILE_PERMISSION_DENIED") from None
    except ValueError:  # an embedded NUL character
        raise _invalid(path, "it contains a NUL character", "路径中含有空字符") from None
    except OSError as exc:
        raise _os_error(path, exc) from None


def _invalid(path: Path, reason: str, reason_zh: str) -> WorkbookError:
    return refuse(path, "FILE_PATH_INVALID", reason=reason, reason_zh=reason_zh)


def _os_error(path: Path, exc: OSError) -> WorkbookError:
    if exc.errno == errno.ENAMETOOLONG:
        return refuse(path, "FILE_NAME_TOO_LONG")
    if exc.errno == errno.ELOOP:
        return _invalid(path, "symbolic links point in a loop", "符号链接形成循环")
    if isinstance(exc, PermissionError):
        return refuse(path, "FILE_PERMISSION_DENIED")
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return refuse(path, "FILE_NOT_FOUND")
    if isinstance(exc, IsADirectoryError):
        return refuse(path, "FILE_IS_DIRECTORY")
    reason = exc.strerror or exc.__class__.__name__
    return refuse(path, "FILE_OS_ERROR", reason=reason)


def check_path(path: Path | str) -> int:
    """Raise unless ``path`` names a regular file; returns its size in bytes.

    >>> import tempfile
    >>> try:
    ...     check_path(tempfile.mkdtemp())
    ... except WorkbookError as err:
    ...     print(err.problems[0].code)
    FILE_IS_DIRECTORY
    """
    p = Path(path)
    info = _stat(p)
    if stat.S_ISDIR(info.st_mode):
        raise refuse(p, "FILE_IS_DIRECTORY")
    if not stat.S_ISREG(info.st_mode):  # reading a pipe or device could block or never end
        raise _invalid(p, "it is a device or a pipe, not a file", "它是设备或管道，而不是文件")
    return info.st_size


def open_checked(path: Path | str) -> BinaryIO:
    """Open ``path`` for binary reading, or raise a located :class:`WorkbookError`."""
    p = Path(path)
    check_path(p)
    try:
        return open(p, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise _os_error(p, exc) from None


_MAGICS: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "it is a PDF document", "该文件是PDF文档"),
    (b"\x89PNG", "it is an image (PNG)", "该文件是图片（PNG）"),
    (b"\xff\xd8\xff", "it is an image (JPEG)", "该文件是图片（JPEG）"),
    (b"GIF8", "it is an image (GIF)", "该文件是图片（GIF）"),
    (b"Rar!", "it is a RAR archive", "该文件是RAR压缩包"),
    (b"7z\xbc\xaf", "it is a 7-Zip archive", "该文件是7-Zip压缩包"),
    (b"\x1f\x8b", "it is a gzip archive", "该文件是gzip压缩包"),
    (OLE_MAGIC, "it is an Office 97-2003 file", "该文件是Office 97-2003格式文件"),
    (
        ZIP_MAGIC[0],
        "it is a zip package (an .xlsx workbook or another document)",
        "该文件是zip文件包（.xlsx工作簿或其他文档）",
    ),
    (ZIP_MAGIC[1], "it is an empty zip archive", "该文件是空的zip压缩包"),
)


def looks_like(head: bytes) -> tuple[str, str]:
    """What the first bytes of a file say it is, in English and Chinese."""
    if not head:
        return "the file is empty", "该文件是空文件"
    for magic, en, zh in _MAGICS:
        if head.startswith(magic):
            return en, zh
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<table" in start[:2048]:
        return (
            "it is a web page (HTML), perhaps exported from a web system",
            "该文件是网页（HTML），可能由网页系统导出",
        )
    if start.startswith(b"<?xml"):
        return "it is an XML file", "该文件是XML文件"
    if b"\x00" not in head[:4096]:
        return "it is plain text (perhaps a CSV file)", "该文件是纯文本（可能是CSV文件）"
    return "it holds binary data of an unknown kind", "该文件是未知格式的二进制数据"
