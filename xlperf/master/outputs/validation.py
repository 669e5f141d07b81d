"""The Validation sheet: one row per problem, with its code and a hyperlink to the offending cell.

Example:
    >>> from xlperf.errors import Location, Problem
    >>> validation_rows([Problem(Location(sheet="Data", row=3), "bad", code="X")], "en")[1]
    [1, 'X', 'Data', 'A3', 'bad', '']
"""

from __future__ import annotations

from xlperf.errors import Problem
from xlperf.io.workbook import Workbook
from xlperf.master import sheets as S
from xlperf.master.outputs.present import PrintContext, SheetSpec, present_sheet


def validation_rows(problems: list[Problem], lang: str) -> list[list]:
    rows: list[list] = [list(S.text("validation_cols", lang))]
    for i, p in enumerate(problems, start=1):
        cell = p.where.cell or (f"A{p.where.row}" if p.where.sheet and p.where.row else None)
        msg, hint = p.text(lang)
        rows.append([i, p.code, p.where.sheet or "", cell or (p.where.path or ""), msg, hint or ""])
    if not problems:
        rows.append(["", "", "", "", S.text("validation_ok", lang), ""])
    return rows


def write_validation_sheet(
    book: Workbook, problems: list[Problem], lang: str = "zh", context: PrintContext | None = None
) -> str:
    name = S.sheet("validation", lang)
    book.replace_sheet(name)
    rows = validation_rows(problems, lang)
    book.write_block(name, "A1", rows)
    if "hyperlink" in book.capabilities:
        present = set(book.sheet_names())
        for i, row in enumerate(rows[1:], start=2):
            sheet, cell = row[2], row[3]
            if sheet and cell and sheet in present and str(cell)[:1].isalpha():
                book.hyperlink(name, f"D{i}", sheet, cell)
    spec = SheetSpec(
        n_rows=len(rows) - 1, n_cols=len(rows[0]), id_cols=1, filter=bool(problems), table=None
    )
    present_sheet(book, name, spec, context or PrintContext(lang), rows)
    return name
