"""Atomic file writes: a temporary file in the same folder, then ``os.replace``.

A crash or a kill in the middle of a write leaves the original file as it
was; there is never a half-written output. :func:`backup` keeps the previous
version of a file next to it with a timestamp.

Example:
    >>> import tempfile, os
    >>> target = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with atomic_path(target) as tmp:
    ...     _ = open(tmp, "w").write("hello")
    >>> open(target).read()
    'hello'
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from xlperf.errors import Location, Problem, WorkbookError


def _write_error(path: Path, exc: OSError) -> WorkbookError:
    if isinstance(exc, PermissionError):
        msg = "permission denied: the file is open in Excel or another program, or the folder is read-only"
        hint = "close the file in Excel (or choose another output path) and run again"
        msg_zh, hint_zh = "没有写入权限：文件可能正在Excel中打开，或文件夹只读", "请在Excel中关闭该文件（或换一个输出路径）后重试"
    else:
        msg = f"cannot write the file ({exc.strerror or exc.__class__.__name__})"
        hint = "check that the folder exists and there is free disk space"
        msg_zh, hint_zh = "无法写入文件", "请检查文件夹是否存在以及磁盘空间"
    return WorkbookError(f"Cannot write {path}", [Problem(Location(file=str(path)), msg, hint, msg_zh, hint_zh)])


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success move it into place."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise _write_error(target, exc) from None
    tmp = Path(tmp_name)
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise _write_error(target, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def backup(path: str | Path, now: datetime | None = None) -> Path | None:
    """Copy ``path`` to ``<stem>.backup-YYYYmmdd-HHMMSS<suffix>`` next to it."""
    src = Path(path)
    if not src.exists():
        return None
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    dest = src.with_name(f"{src.stem}.backup-{stamp}{src.suffix}")
    n = 1
    while dest.exists():
        dest = src.with_name(f"{src.stem}.backup-{stamp}-{n}{src.suffix}")
        n += 1
    try:
        shutil.copy2(src, dest)
    except OSError as exc:
        raise _write_error(dest, exc) from None
    return dest


def check_writable(path: str | Path) -> None:
    """Fail early, with a clear message, when ``path`` cannot be replaced.

    An existing file that another program holds with a lock (Excel on
    Windows) cannot be opened for appending; a read-only folder cannot take
    the temporary file.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        if target.exists():
            with open(target, "ab"):
                pass
        if folder.exists() and not os.access(folder, os.W_OK):
            raise PermissionError(13, "folder is not writable", str(folder))
    except OSError as exc:
        raise _write_error(target, exc) from None
    lock = folder / f"~${target.name}"
    if lock.exists():
        raise WorkbookError(
            f"Cannot write {target}",
            [Problem(Location(file=str(target)), f"the workbook is open in Excel (lock file {lock.name} exists)", "close it in Excel and run again", f"工作簿正在Excel中打开（存在锁文件 {lock.name}）", "请在Excel中关闭后重试")],
        )
