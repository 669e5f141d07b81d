"""Writing a master workbook back without losing the user's work.

- in place: refuse when the file holds content openpyxl would drop (charts,
  images, pivots, VBA outside xlperf's own sheets) and tell the user to use
  ``--out``; otherwise keep a timestamped backup, then replace atomically;
- ``--out``: write a new file atomically (the original is never touched).

Example:
    >>> save_book(book, Path("master.xlsx"), out=None)  # doctest: +SKIP
    (PosixPath('master.xlsx'), PosixPath('master.backup-20260122-101500.xlsx'))
"""

from __future__ import annotations

from pathlib import Path

from xlperf.errors import Location, Problem, WorkbookError
from xlperf.io.atomic import atomic_path, backup, check_writable
from xlperf.io.openpyxl_book import OpenpyxlBook, foreign_content
from xlperf.master.sheets import OUTPUT_SHEETS


def preflight(source: Path, out: Path | None) -> Path:
    """Check, before any work, that the target can be written; returns the target path."""
    target = out if out is not None else source
    in_place = out is None or _same(source, out)
    if in_place:
        dropped = foreign_content(source, OUTPUT_SHEETS)
        if dropped:
            raise WorkbookError(
                f"Refusing to rewrite {source} in place",
                [
                    Problem(
                        Location(file=str(source)),
                        "the workbook holds content that would be lost on rewrite: "
                        + "; ".join(dropped),
                        f"write the results to a new file with --out (e.g. --out {source.stem}-results.xlsx); the original stays untouched",
                        "工作簿包含重写时会丢失的内容：" + "；".join(dropped),
                        f"请用 --out 写入新文件（例如 --out {source.stem}-results.xlsx），原文件保持不变",
                    )
                ],
            )
    check_writable(target)
    return target


def save_book(book: OpenpyxlBook, source: Path, out: Path | None) -> tuple[Path, Path | None]:
    """Save atomically; in place keeps a timestamped backup. Returns (written, backup)."""
    target = preflight(source, out)
    saved_backup = backup(source) if (out is None or _same(source, out)) else None
    with atomic_path(target) as tmp:
        book.save(tmp)
        tidy_package(tmp)
    return target, saved_backup


def tidy_package(path: Path) -> None:
    """Schema order for font elements and fixed timestamps (same content → same bytes)."""
    try:
        from xlperf.templates.ooxml import tidy
    except ModuleNotFoundError:  # pragma: no cover - templates not installed
        return
    tidy(path)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
