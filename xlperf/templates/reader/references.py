"""Formulas after rows were deleted or inserted: their references put back where they were issued.

When a row is deleted in Excel, every reference to the rows below it moves up
by one, on the same sheet and on the sheets that refer to it. A formula
whose references, moved back, give what was issued is a consequence of the
moved row, not an edit of its own.

Example:
    >>> move = RowMove("KPI考核", first=7, by=1)  # one row deleted at row 7
    >>> issued_formula("=IF('KPI考核'!N9=\\"\\",\\"\\",'KPI考核'!N9)", move, own=False)
    '=IF(KPI考核!N10="","",KPI考核!N10)'
    >>> issued_formula("=SUMPRODUCT(I5:I8,M5:M8)/100", move, own=True)
    '=SUMPRODUCT(I5:I9,M5:M9)/100'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xlperf.templates.metadata import normalize

_STRING = re.compile(r'("(?:[^"]|"")*")')
_REF = re.compile(
    r"(?<![\w$.])(?:(?P<sheet>\w+)!)?"
    r"(?P<a>\$?[A-Z]{1,3}\$?)(?P<ra>\d+)(?::(?P<b>\$?[A-Z]{1,3}\$?)(?P<rb>\d+))?(?![\w(])"
)


def sheet_prefix(name: str) -> str:
    """A sheet's name as it appears in a normalised formula (no quotes or spaces, upper case)."""
    return re.sub(r"\s+", "", name).upper().replace("'", "")


@dataclass(frozen=True)
class RowMove:
    """Rows of sheet ``sheet`` moved: a reference to row ``r`` ≥ ``first`` was issued as ``r + by``."""

    sheet: str
    first: int
    by: int


def issued_formula(value: object, move: RowMove, own: bool) -> object:
    """``value`` (a formula) with its references to the moved rows put back; other values as they are.

    ``own``: the formula sits on the moved sheet (its references without a sheet name count).
    """
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    target = sheet_prefix(move.sheet)

    def back(row: str) -> str:
        r = int(row)
        return str(r + move.by if r >= move.first else r)

    def repl(m: re.Match[str]) -> str:
        sheet = m.group("sheet")
        if not ((sheet is None and own) or sheet == target):
            return m.group(0)
        out = (f"{sheet}!" if sheet else "") + m.group("a") + back(m.group("ra"))
        if m.group("b"):
            out += ":" + m.group("b") + back(m.group("rb"))
        return out

    parts = _STRING.split(normalize(value))
    return "".join(p if p.startswith('"') else _REF.sub(repl, p) for p in parts)
