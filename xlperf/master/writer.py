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
import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from xlperf.errors import Location, UsageError
from xlperf.io.atomic import (
    check_writable,
    clean_stale_temporaries,
    copy_mode,
    temporary_name,
    write_error,
)
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
        raise UsageError(
            f"{path} is not an .xlsx",
            [say("MASTER_NOT_XLSX", Location(file=str(path)), file=str(path))],
        )


@contextlib.contextmanager
def master_session(
    source: Path | None, out: Path | None, command: str, wait: float = DEFAULT_WAIT
) -> Iterator[Path]:
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


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes, as hex (the "master hash" a closed period keeps)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class StagedMaster:
    """A master written completely to a temporary file beside ``target``, not yet in place.

    :meth:`put_in_place` keeps the target's current version (as a backup, and
    as an undo link when asked) and replaces it; :meth:`undo` puts the previous
    version back; :meth:`finish` removes what is left over.
    """

    tmp: Path
    target: Path
    source: Path | None = None
    undo_link: Path | None = None
    placed: bool = False

    def digest(self) -> str:
        """sha256 of the staged file (the master as it will be)."""
        return file_digest(self.tmp)

    def put_in_place(
        self, keep_backups: int = DEFAULT_KEEP, keep_undo: bool = False
    ) -> Path | None:
        """Replace the target atomically (mode bits kept); returns the backup made (None when none)."""
        try:
            if self.target.exists():
                copy_mode(self.target, self.tmp)
            elif self.source is not None and self.source.exists():
                copy_mode(self.source, self.tmp)
            saved = make_backup(self.target, keep_backups) if self.target.exists() else None
            if keep_undo and self.target.exists():
                self.undo_link = _undo_link(self.target)
            os.replace(self.tmp, self.target)
        except OSError as exc:
            raise write_error(self.target, exc) from None
        self.placed = True
        return saved

    def undo(self) -> None:
        """Put the previous version back (after :meth:`put_in_place` with ``keep_undo``)."""
        if not self.placed:
            return
        try:
            if self.undo_link is not None:
                os.replace(self.undo_link, self.target)
                self.undo_link = None
            else:
                self.target.unlink()
        except OSError as exc:
            raise write_error(self.target, exc) from None
        self.placed = False

    def finish(self, keep_backups: int = DEFAULT_KEEP) -> None:
        """Remove the temporary and the undo link; prune old backups once the new version is in place."""
        for leftover in (self.tmp, self.undo_link):
            if leftover is not None:
                with contextlib.suppress(OSError):
                    leftover.unlink()
        if self.placed:
            prune_backups(self.target, keep_backups)


def _undo_link(target: Path) -> Path:
    """A hard link (else a copy) of ``target`` under a temporary name later runs clean up."""
    undo = temporary_name(target.with_name(target.name + ".undo"))
    with contextlib.suppress(OSError):
        undo.unlink()
    try:
        os.link(target, undo)
    except OSError:
        shutil.copy2(target, undo)
    return undo


def stage_master(book: FileMaster, target: Path) -> StagedMaster:
    """Commit ``book`` to a temporary file beside ``target`` (nothing replaced yet)."""
    tmp = temporary_name(target)
    try:
        book.commit(tmp)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise write_error(target, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return StagedMaster(tmp, target, book.path)


def commit_master(book: FileMaster, target: Path, keep_backups: int = DEFAULT_KEEP) -> Path | None:
    """Commit ``book`` to ``target`` atomically; returns the backup made (None when none)."""
    staged = stage_master(book, target)
    try:
        return staged.put_in_place(keep_backups)
    finally:
        staged.finish(keep_backups)


__all__ = [
    "DEFAULT_KEEP",
    "DEFAULT_WAIT",
    "StagedMaster",
    "commit_master",
    "file_digest",
    "master_session",
    "same_file",
    "stage_master",
]
