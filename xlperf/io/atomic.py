"""Atomic file writes: a temporary file in the target's folder, then ``os.replace``.

A crash or a kill in the middle of a write leaves the original file as it
was; there is never a half-written output and never a file that looks like a
finished output or a backup. Temporary files are named
``.<name>.<pid>.xlperf-tmp`` so that a later run can recognise and remove
those whose process is gone (:func:`clean_stale_temporaries`). A replaced
file keeps its mode bits (and owner and group, where the process may).

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
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from xlperf.io.lock import refuse_if_open_in_excel
from xlperf.io.oserrors import TMP_SUFFIX, write_error
from xlperf.io.oserrors import os_problem_code as os_problem_code  # where callers have found it


def temporary_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}{TMP_SUFFIX}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def clean_stale_temporaries(folder: Path) -> list[Path]:
    """Remove xlperf temporaries in ``folder`` left by processes that are gone; returns them."""
    removed = []
    for p in folder.glob(f".*{TMP_SUFFIX}*"):
        parts = p.name.rsplit(".", 2)
        pid = parts[-2] if len(parts) == 3 else ""
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                if p.is_dir():
                    import shutil

                    shutil.rmtree(p)
                else:
                    p.unlink()
                removed.append(p)
    return removed


def copy_mode(source: Path, target: Path) -> None:
    """Give ``target`` the mode bits (and owner and group, where allowed) of ``source``."""
    st = source.stat()
    os.chmod(target, stat.S_IMODE(st.st_mode))
    with contextlib.suppress(PermissionError, AttributeError, OSError):
        os.chown(target, st.st_uid, st.st_gid)


def _default_mode(path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success move it into place."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    tmp = temporary_name(target)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(folder)
        tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise write_error(target, exc) from None
    try:
        yield tmp
        _fsync(tmp)
        if target.exists():
            copy_mode(target, tmp)
        else:
            _default_mode(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise write_error(target, exc) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def check_writable(path: str | Path) -> None:
    """Fail early, with a clear message, when ``path`` cannot be replaced.

    An existing file that another program holds with a lock (Excel on
    Windows) cannot be opened for appending; a read-only folder cannot take
    the temporary file; Excel's owner file says the workbook is open.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
        if target.exists():
            with open(target, "ab"):
                pass
        if folder.exists() and not os.access(folder, os.W_OK):
            raise PermissionError(errno.EACCES, "folder is not writable", str(folder))
    except OSError as exc:
        raise write_error(target, exc) from None
    refuse_if_open_in_excel(target)


def _old_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.xlperf-old")


def recover_directory(target: Path) -> None:
    """A run killed between the two renames of :func:`swap_directory` left the old folder aside: restore it."""
    if target.exists():
        for old in target.parent.glob(f".{target.name}.*.xlperf-old"):
            import shutil

            shutil.rmtree(old, ignore_errors=True)
        return
    olds = sorted(target.parent.glob(f".{target.name}.*.xlperf-old"))
    if olds:
        os.rename(olds[-1], target)


def staging_directory(target: Path) -> Path:
    """A fresh temporary folder beside ``target`` (cleaned up by later runs if this one dies)."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(folder)
        recover_directory(target)
        staging = temporary_name(target)
        staging.mkdir()
    except OSError as exc:
        raise write_error(target, exc) from None
    return staging


def swap_directory(staging: Path, target: Path) -> None:
    """Put a completely written folder in place of ``target``; the old one goes only afterwards."""
    import shutil

    old = _old_name(target)
    try:
        if target.exists():
            os.rename(target, old)
        os.rename(staging, target)
    except OSError as exc:
        if not target.exists() and old.exists():
            os.rename(old, target)
        raise write_error(target, exc) from None
    shutil.rmtree(old, ignore_errors=True)
