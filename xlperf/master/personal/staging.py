"""Writing every personal report into a staging folder that replaces the old one in one move.

All or nothing: the reports (xlsx, PDF or both, and the merged PDFs per department) are
written into a temporary folder beside the target; :meth:`StagedFolder.commit` swaps it in
only when everything is written, :meth:`StagedFolder.drop` throws it away. The tools PDFs need
are checked before anything is written.

Example:
    >>> write_personal(results, Path("personal"), "zh", formats="both", merge=True)  # doctest: +SKIP
    [PosixPath('personal/E1001_张三.xlsx'), PosixPath('personal/E1001_张三.pdf'), ...]
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from xlperf.core.engine import Results
from xlperf.core.history.view import HistoryView
from xlperf.io.atomic import staging_directory, swap_directory, write_error
from xlperf.io.names import safe_name
from xlperf.io.progress import Progress
from xlperf.master.personal import pdf
from xlperf.master.personal.content import PersonalReport, build_reports
from xlperf.master.personal.labels import label
from xlperf.master.personal.layout import write_report

#: what ``--personal-format`` takes
FORMATS = ("xlsx", "pdf", "both")
#: the folder (inside the reports folder) of the merged PDFs, by language
MERGED_FOLDER = {"zh": "按部门合并", "en": "by department"}


@dataclass
class StagedFolder:
    """Files written into a temporary folder, waiting to replace ``target`` (or to be dropped)."""

    staging: Path
    target: Path
    names: list[str]

    def commit(self) -> list[Path]:
        swap_directory(self.staging, self.target)
        return [self.target / n for n in self.names]

    def drop(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def stage_personal(
    results: Results,
    outdir: Path,
    lang: str = "zh",
    history: HistoryView | None = None,
    *,
    formats: str = "xlsx",
    merge: bool = False,
    progress: Progress | None = None,
) -> StagedFolder:
    """Every personal report written into a temporary folder beside ``outdir``; nothing replaced yet.

    ``formats``: ``xlsx``, ``pdf`` or ``both``; ``merge``: also one PDF per department (in
    ``按部门合并/`` or ``by department/``). With ``history`` each report shows the employee's last
    periods. Raises :class:`~xlperf.errors.WorkbookError` (nothing written) when a tool is missing
    or a file cannot be written."""
    outdir = Path(outdir)
    lang = "en" if lang == "en" else "zh"
    if formats not in FORMATS:
        raise ValueError(f"formats must be one of {FORMATS}")
    pdf.check_tools(outdir, formats != "xlsx", merge)
    staging = staging_directory(outdir)
    try:
        names = _write_all(results, staging, lang, history, formats, merge, progress or Progress())
        return StagedFolder(staging, outdir, names)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise write_error(outdir, exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_personal(
    results: Results,
    outdir: Path,
    lang: str = "zh",
    history: HistoryView | None = None,
    *,
    formats: str = "xlsx",
    merge: bool = False,
    progress: Progress | None = None,
) -> list[Path]:
    """One report per employee in ``outdir`` (see :func:`stage_personal`); returns the paths.
    All or nothing: ``outdir`` is replaced only when every file is written."""
    staged = stage_personal(
        results, outdir, lang, history, formats=formats, merge=merge, progress=progress
    )
    return staged.commit()


def file_stem(report: PersonalReport, seen: set[str], i: int) -> str:
    """``<id>_<name>``, made safe; a second employee with the same stem gets their position."""
    stem = safe_name(f"{report.employee_id}_{report.name}")
    if stem in seen:
        stem = safe_name(f"{report.employee_id}_{i}")
    seen.add(stem)
    return stem


def _write_all(
    results, staging: Path, lang, history, formats, merge, progress: Progress
) -> list[str]:
    """Write every report (xlsx, PDF, merged PDF) into ``staging``; returns names relative to it."""
    n = len(results.employees)
    progress.start(label("title", lang), n * (2 if formats == "both" else 1))
    reports = list(build_reports(results, lang, history))
    seen: set[str] = set()
    stems = [file_stem(r, seen, i) for i, r in enumerate(reports)]
    names: list[str] = []
    if formats != "pdf":
        for report, stem in zip(reports, stems, strict=True):
            write_report(report, staging / f"{stem}.xlsx")
            progress.advance()
        names += [f"{s}.xlsx" for s in stems]
    if formats != "xlsx":
        names += _write_pdfs(reports, stems, staging, lang, merge, progress)
    progress.finish()
    return names


def _write_pdfs(
    reports, stems, staging: Path, lang: str, merge: bool, progress: Progress
) -> list[str]:
    """The PDFs (one per employee, and merged per department); names relative to ``staging``."""
    work = staging / ".pdf-work"
    work.mkdir()
    books = pdf.plan_books(reports, stems)
    book_pdfs = pdf.render_books(books, work, progress.advance)
    names = []
    for book, book_pdf in zip(books, book_pdfs, strict=True):
        names += [p.name for p in pdf.split_book(book, book_pdf, staging)]
    if merge:
        folder = MERGED_FOLDER[lang]
        merged = pdf.merge_departments(books, book_pdfs, staging / folder, _merged_names(books))
        names += [f"{folder}/{p.name}" for p in merged]
    shutil.rmtree(work)
    return names


def _merged_names(books) -> dict[str, str]:
    """A safe, distinct file name per department."""
    names: dict[str, str] = {}
    for book in books:
        if book.department not in names:
            stem = safe_name(book.department or "_")
            taken = {n.lower() for n in names.values()}
            if f"{stem}.pdf".lower() in taken:
                stem = safe_name(f"{stem}_{len(names) + 1}")
            names[book.department] = f"{stem}.pdf"
    return names
