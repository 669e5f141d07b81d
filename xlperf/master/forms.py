"""The ribbon's "New template": forms for the workbook's roster sheet, else blank forms per role.

Example:
    >>> forms_from_book(book, scheme, "forms/")  # doctest: +SKIP
    [PosixPath('forms/sales-2026q1_华东.xlsx')]
"""

from __future__ import annotations

from pathlib import Path

from xlperf.core.scheme import Scheme
from xlperf.io.workbook import Workbook, read_frame
from xlperf.master.inputs import book_name, find_sheet


def forms_from_book(
    book: Workbook, scheme: Scheme, out_dir: str | Path, lang: str = "zh"
) -> list[Path]:
    """Forms for the sheet named Roster / 花名册 / 员工名单, or one blank form per role without one."""
    from xlperf.templates.builder import build_forms

    name = find_sheet(book, "roster")
    roster = read_frame(book, name) if name is not None else None
    if roster is not None:
        roster.attrs["source"] = {"file": book_name(book), "sheet": name}
    return build_forms(scheme, roster, out_dir, lang=lang)
