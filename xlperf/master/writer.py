"""Writing a master without losing anything: one writer at a time, all or nothing, backups kept.

:func:`master_session` holds the inter-process lock on the master (and on
``--out``) for the whole read-modify-write, refuses a master Excel has open
when writing in place, and cleans up temporaries left by killed runs.
:func:`commit_master` commits a :class:`~xlperf.master.filebook.FileMaster`
to a temporary file beside the target, keeps the previous version as a
backup (a hard link: no time, no space, never half-written), replaces the
target atomically with its mode bits kept, and prunes old backups.

Example:
    >>> with master_session(Path("master.xlsx"), None, "recalc", wait=30):  # doctest: +SKIP
    ...     book = FileMaster(Path("master.xlsx")); recalc_book(book)
    ...     commit_master(book, Path("master.xlsx"), keep_backups=5)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from xlperf.errors import Location, UsageError
from xlperf.io.atomic import check_writable, clean_stale_temporaries, copy_mode, temporary_name, write_error
from xlperf.io.backups import DEFAULT_KEEP, make_backup, prune_backups
from xlperf.io.lock import DEFAULT_WAIT, master_locks, refuse_if_open_in_excel
from xlperf.master.filebook import FileMaster
from xlperf.messages import say

MASTER_SUFFIXES = (".xlsx", ".xlsm")


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def check_master_name(path: Path) -> None:
    if path.suffix.lower() not in MASTER_SUFFIXES:
        raise UsageError(f"{path} is not an .xlsx", [say("MASTER_NOT_XLSX", Location(file=str(path)), file=str(path))])


@contextlib.contextmanager
def master_session(source: Path | None, out: Path | None, command: str, wait: float = DEFAULT_WAIT) -> Iterator[Path]:
    """Lock the master (and the output), check the target can be written; yields the target."""
    target = out if out is not None else source
    assert target is not None
    check_master_name(target)
    paths = [p for p in (source, target) if p is not None]
    with master_locks(paths, command, wait):
        folder = target.parent if str(target.parent) else Path(".")
        if folder.exists():
            clean_stale_temporaries(folder)
        if target.exists():
            refuse_if_open_in_excel(target)
        check_writable(target)
        yield target


def commit_master(book: FileMaster, target: Path, keep_backups: int = DEFAULT_KEEP) -> Path | None:
    """Commit ``book`` to ``target`` atomically; returns the backup made (None when none)."""
    tmp = temporary_name(target)
    try:
        book.commit(tmp)
        if target.exists():
            copy_mode(target, tmp)
        elif book.path is not None and book.path.exists():
            copy_mode(book.path, tmp)
        saved = make_backup(target, keep_backups) if target.exists() else None
        os.replace(tmp, target)
    except OSError as exc:
        raise write_error(target, exc) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    prune_backups(target, keep_backups)
    return saved


__all__ = ["DEFAULT_KEEP", "DEFAULT_WAIT", "commit_master", "master_session", "same_file"]
