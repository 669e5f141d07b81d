"""Personal reports as PDF: LibreOffice renders department books; poppler splits and merges.

LibreOffice spends most of its time opening and closing documents, so the reports of a
department are laid out as the sheets of one workbook (a one-page sheet each, at most
``BOOK_SIZE`` per book), several books are converted per ``soffice --headless`` call (each
call with its own throw-away profile: :func:`xlperf.io.libreoffice.convert`), up to
``workers`` calls at once. ``pdfseparate`` cuts each book's PDF into one PDF per employee —
a book must give exactly one page per report, or the run fails — and ``pdfunite`` joins a
department's books into its merged PDF. The tools are checked before anything is written.

Example:
    >>> chunks(list("abcde"), 2)
    [['a', 'b'], ['c', 'd'], ['e']]
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from xlperf.errors import Location, WorkbookError
from xlperf.io import libreoffice
from xlperf.master.personal.content import PersonalReport
from xlperf.master.personal.layout import write_report_book
from xlperf.messages import say

#: reports per workbook LibreOffice renders (one document open for many pages)
BOOK_SIZE = 100
#: pages per soffice call
CALL_PAGES = 150
#: seconds allowed for one poppler call
POPPLER_TIMEOUT = 300.0


@dataclass(frozen=True)
class PdfBook:
    """Reports of one department rendered together; ``stems`` name each page's PDF."""

    department: str
    reports: tuple[PersonalReport, ...]
    stems: tuple[str, ...]


def _error(code: str, where: Path | None, **params: object) -> WorkbookError:
    problem = say(code, Location(file=str(where) if where else None), **params)
    return WorkbookError(problem.message, [problem], problem.message_zh)


def check_tools(outdir: Path, pdf: bool, merge: bool) -> None:
    """Raise (naming ``outdir``) when a tool the run needs is missing; before anything is written."""
    if merge and not pdf:
        raise _error("PERSONAL_MERGE_NEEDS_PDF", outdir)
    if pdf and not libreoffice.available():
        raise _error("PERSONAL_PDF_NEEDS_LIBREOFFICE", outdir)
    if pdf and (shutil.which("pdfseparate") is None or shutil.which("pdfunite") is None):
        raise _error("PERSONAL_PDF_NEEDS_POPPLER", outdir)


def chunks(items: Sequence, size: int) -> list[list]:
    """``items`` cut into lists of at most ``size``."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def plan_books(reports: Sequence[PersonalReport], stems: Sequence[str]) -> list[PdfBook]:
    """The books to render: per department (first-seen order), at most ``BOOK_SIZE`` each."""
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(reports):
        groups.setdefault(r.department, []).append(i)
    return [
        PdfBook(dept, tuple(reports[i] for i in part), tuple(stems[i] for i in part))
        for dept, idx in groups.items()
        for part in chunks(idx, BOOK_SIZE)
    ]


def render_books(
    books: list[PdfBook],
    work: Path,
    advance: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> list[Path]:
    """Write each book into ``work`` and convert them to PDF; the PDFs in ``books`` order."""
    paths = []
    for k, book in enumerate(books):
        paths.append(work / f"book-{k:05d}.xlsx")
        write_report_book(list(book.reports), paths[-1])
    calls, current, pages = [], [], 0
    for path, book in zip(paths, books, strict=True):
        current.append(path)
        pages += len(book.reports)
        if pages >= CALL_PAGES:
            calls.append((current, pages))
            current, pages = [], 0
    if current:
        calls.append((current, pages))

    def one(call: tuple[list[Path], int]) -> list[Path]:
        out = libreoffice.convert(call[0], "pdf", work)
        if advance is not None:
            advance(call[1])
        return out

    workers = workers or max(1, min(2, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [p for done in pool.map(one, calls) for p in done]


def _poppler(args: list[str], where: Path, department: str) -> None:
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=POPPLER_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise _error(
            "PERSONAL_PDF_FAILED", where, department=department, reason="timeout"
        ) from None
    if proc.returncode != 0:
        reason = (proc.stderr or "").strip()[-200:] or f"exit code {proc.returncode}"
        raise _error("PERSONAL_PDF_FAILED", where, department=department, reason=reason)


def split_book(book: PdfBook, pdf: Path, outdir: Path) -> list[Path]:
    """One PDF per report (``outdir/<stem>.pdf``) from the book's PDF, a page each."""
    pages = pdf.with_suffix("")
    pages.mkdir()
    _poppler([shutil.which("pdfseparate"), str(pdf), str(pages / "%d.pdf")], pdf, book.department)
    found = len(list(pages.iterdir()))
    if found != len(book.stems):
        reason = f"{found} pages for {len(book.stems)} reports"
        raise _error("PERSONAL_PDF_FAILED", pdf, department=book.department, reason=reason)
    out = []
    for i, stem in enumerate(book.stems, start=1):
        out.append(outdir / f"{stem}.pdf")
        os.replace(pages / f"{i}.pdf", out[-1])
    pages.rmdir()
    return out


def merge_departments(
    books: list[PdfBook], pdfs: list[Path], outdir: Path, names: dict[str, str]
) -> list[Path]:
    """One PDF per department (``outdir/names[department]``): its books' pages in order."""
    groups: dict[str, list[Path]] = {}
    for book, pdf in zip(books, pdfs, strict=True):
        groups.setdefault(book.department, []).append(pdf)
    outdir.mkdir(parents=True, exist_ok=True)
    out = []
    for dept, parts in groups.items():
        out.append(outdir / names[dept])
        if len(parts) == 1:  # pdfunite wants two inputs at least
            shutil.copyfile(parts[0], out[-1])
        else:
            _poppler([shutil.which("pdfunite"), *map(str, parts), str(out[-1])], out[-1], dept)
    return out
