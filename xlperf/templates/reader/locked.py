"""Compare a form's locked cells with what was issued, and say where they differ.

The comparison is the same whether a cell is checked against its unkeyed
fingerprint (accidents) or against its keyed MAC (forgery): the caller gives
``matches(listed, value)``. A deleted or inserted row moves every locked
cell below it; that is found and reported once, at the row, instead of once
per moved cell.

Example:
    >>> from xlperf.templates.reader.records import ListedCell
    >>> from xlperf.templates.metadata import fingerprint
    >>> issued = {"A5": "E1", "A6": "E2", "A7": "E3", "A8": "E4", "A9": "E5"}
    >>> listed = [ListedCell("kpi", c, fingerprint(v)) for c, v in issued.items()]
    >>> now = {"A5": "E1", "A6": "E3", "A7": "E4", "A8": "E5"}  # row 6 deleted
    >>> f = compare(listed, {"kpi": now}, lambda x, v: fingerprint(v) == x.fingerprint)
    >>> f.shifts[0].sheet_key, f.shifts[0].row, f.shifts[0].count, f.changed
    ('kpi', 6, 1, ())
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from xlperf.errors import Location, Problem
from xlperf.messages import say
from xlperf.templates import layout as L
from xlperf.templates.reader.records import ListedCell

Matcher = Callable[[ListedCell, object], bool]

#: a shift is looked for up to this many rows either way
MAX_SHIFT = 10
#: ...and believed when it explains at least this share of a sheet's changed cells (and 3 cells)
SHIFT_SHARE = 0.5
#: an offset explaining this share is taken at once (the search stops)
SHIFT_SURE = 0.9
#: changed cells listed one by one per sheet; the rest are counted in one line
MAX_LISTED = 20
_CELL = re.compile(r"^([A-Z]+)(\d+)$")


@dataclass(frozen=True)
class Shift:
    """Rows deleted (``count`` > 0 moved up) or inserted (moved down) at ``row`` of a sheet."""

    sheet_key: str
    row: int
    count: int
    deleted: bool
    moved: int


@dataclass(frozen=True)
class Changed:
    """A listed cell whose content is not what was issued (``value``: what it holds now)."""

    sheet_key: str
    cell: str
    value: object


@dataclass(frozen=True)
class Findings:
    """Shifted sheets (one each) and the changed cells of the other sheets."""

    shifts: tuple[Shift, ...]
    changed: tuple[Changed, ...]


def split_cell(cell: str) -> tuple[str, int]:
    """``"L12"`` → ``("L", 12)``."""
    m = _CELL.match(cell.replace("$", "").upper())
    if m is None:
        raise ValueError(cell)
    return m.group(1), int(m.group(2))


def compare(
    listed: Iterable[ListedCell],
    values: Mapping[str, Mapping[str, object]],
    matches: Matcher,
) -> Findings:
    """Check every listed cell of the sheets present in ``values`` (absent sheets are reported apart)."""
    by_sheet: dict[str, list[tuple[ListedCell, object]]] = {}
    for item in listed:
        if item.sheet_key not in values:
            continue
        value = values[item.sheet_key].get(item.cell)
        if not matches(item, value):
            by_sheet.setdefault(item.sheet_key, []).append((item, value))
    shifts, changed = [], []
    for key, wrong in by_sheet.items():
        shift = find_shift(key, [item for item, _ in wrong], values[key], matches)
        if shift is not None:
            shifts.append(shift)
        else:
            changed.extend(Changed(key, item.cell, value) for item, value in wrong)
    return Findings(tuple(shifts), tuple(changed))


def _offsets() -> list[int]:
    return [d for k in range(1, MAX_SHIFT + 1) for d in (k, -k)]


def find_shift(
    sheet_key: str, wrong: list[ListedCell], values: Mapping[str, object], matches: Matcher
) -> Shift | None:
    """The row offset that explains most changed cells, if it explains enough of them.

    With ``d`` rows deleted above an issued cell at row ``r`` its content is
    now at row ``r - d``; with ``d`` rows inserted, at ``r + d``.
    """
    cells = [(item, *split_cell(item.cell)) for item in wrong]
    best, best_d = 0, 0
    for d in _offsets():
        explained = sum(
            1
            for item, col, row in cells
            if row - d >= 1 and matches(item, values.get(f"{col}{row - d}"))
        )
        if explained > best:
            best, best_d = explained, d
        if best >= SHIFT_SURE * len(cells):
            break
    if best < 3 or best < SHIFT_SHARE * len(cells):
        return None
    first = min(row for _, _, row in cells)
    return Shift(sheet_key, first, abs(best_d), best_d > 0, best)


def _header(values: Mapping[str, Mapping[str, object]], key: str, cell: str) -> str | None:
    """The column header above a cell of a table sheet, as the user sees it."""
    if key not in ("kpi", "competency", "summary"):
        return None
    col, _ = split_cell(cell)
    label = values.get(key, {}).get(f"{col}{L.HEADER_ROW}")
    return str(label).replace("\n", " ") if label else None


def _shown(value: object) -> str:
    return "(empty)" if value in (None, "") else repr(value)[:60]


def findings_problems(
    findings: Findings,
    names: Mapping[str, str],
    values: Mapping[str, Mapping[str, object]],
    file: str,
) -> list[Problem]:
    """The findings as located problems: one per shift, one per changed cell (at most MAX_LISTED a sheet)."""
    out = []
    for s in findings.shifts:
        where = Location(file=file, sheet=names.get(s.sheet_key), cell=f"A{s.row}", row=s.row)
        code = "FORM_ROWS_DELETED" if s.deleted else "FORM_ROWS_INSERTED"
        out.append(say(code, where, count=s.count, row=s.row, moved=s.moved))
    counts: dict[str, int] = {}
    for c in findings.changed:
        counts[c.sheet_key] = counts.get(c.sheet_key, 0) + 1
        if counts[c.sheet_key] > MAX_LISTED:
            continue
        _, row = split_cell(c.cell)
        column = _header(values, c.sheet_key, c.cell)
        where = Location(
            file=file, sheet=names.get(c.sheet_key), cell=c.cell, row=row, column=column
        )
        out.append(say("FORM_LOCKED_CHANGED", where, shown=_shown(c.value)))
    for key, n in counts.items():
        if n > MAX_LISTED:
            where = Location(file=file, sheet=names.get(key))
            out.append(say("FORM_LOCKED_MANY", where, n=n, more=n - MAX_LISTED))
    return out
