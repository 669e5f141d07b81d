"""Backups of a master before it is replaced: the last N kept, never a half-written one.

A backup is a hard link to the master's current file made just before the new
version replaces it, so it costs neither time nor disk space and cannot be
truncated; where links are not possible it is a copy written atomically.
Only the newest ``keep`` backups of a master stay (default 5).

Example:
    >>> import tempfile, pathlib
    >>> m = pathlib.Path(tempfile.mkdtemp()) / "master.xlsx"
    >>> _ = m.write_bytes(b"v1")
    >>> b = make_backup(m, keep=5)
    >>> b.read_bytes(), b.name.startswith("master.backup-")
    (b'v1', True)
"""

from __future__ import annotations

import contextlib
import os
import shutil
from datetime import datetime
from pathlib import Path

from xlperf.io.atomic import atomic_path, write_error

DEFAULT_KEEP = 5


def backups_of(master: Path) -> list[Path]:
    """The master's backups, oldest first."""
    return sorted(master.parent.glob(f"{master.stem}.backup-*{master.suffix}"))


def _name(master: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = master.with_name(f"{master.stem}.backup-{stamp}{master.suffix}")
    n = 1
    while dest.exists():
        dest = master.with_name(f"{master.stem}.backup-{stamp}-{n}{master.suffix}")
        n += 1
    return dest


def make_backup(master: Path, keep: int = DEFAULT_KEEP) -> Path | None:
    """Keep the master's current version as a backup (None when ``keep`` is 0 or no master)."""
    if keep <= 0 or not master.exists():
        return None
    dest = _name(master)
    try:
        os.link(master, dest)
    except OSError:
        try:
            with atomic_path(dest) as tmp:
                shutil.copy2(master, tmp)
        except OSError as exc:
            raise write_error(dest, exc) from None
    return dest


def prune_backups(master: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns the deleted ones."""
    old = backups_of(master)[:-keep] if keep > 0 else backups_of(master)
    for p in old:
        with contextlib.suppress(OSError):
            p.unlink()
    return old
