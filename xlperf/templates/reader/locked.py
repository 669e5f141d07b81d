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
from xlperf.templates.reader.references import RowMove, issued_formula

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

    @property
    def offset(self) -> int:
        """An issued cell at row ``r`` below the change is now at ``r - offset``."""
        return self.count if self.deleted else -self.count

    def move(self, sheet_name: str) -> RowMove:
        """How references to this sheet's rows moved (current row → issued row)."""
        if self.deleted:
            return RowMove(sheet_name, self.row, self.count)
        return RowMove(sheet_name, self.row + self.count, -self.count)


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
    names: Mapping[str, str] | None = None,
) -> Findings:
    """Check every listed cell of the sheets present in ``values`` (absent sheets are reported apart).

    ``names`` (sheet key → name) lets references from other sheets to moved
    rows be recognised as moved, not edited.
    """
    names = names or {}
    by_sheet: dict[str, list[tuple[ListedCell, object]]] = {}
    for item in listed:
        if item.sheet_key not in values:
            continue
        value = values[item.sheet_key].get(item.cell)
        if not matches(item, value):
            by_sheet.setdefault(item.sheet_key, []).append((item, value))
    shifts = []
    for key, wrong in by_sheet.items():
        name = names.get(key, key)
        shift = find_shift(key, [item for item, _ in wrong], values[key], matches, name)
        if shift is not None:
            shifts.append(shift)
    moves = [(s.sheet_key, s.move(names.get(s.sheet_key, s.sheet_key))) for s in shifts]
    changed = [
        Changed(key, item.cell, value)
        for key, wrong in by_sheet.items()
        if key not in {s.sheet_key for s in shifts}
        for item, value in wrong
        if not any(matches(item, issued_formula(value, m, own=k == key)) for k, m in moves)
    ]
    return Findings(tuple(shifts), tuple(changed))


def _offsets() -> list[int]:
    return [d for k in range(1, MAX_SHIFT + 1) for d in (k, -k)]


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


def find_shift(
    sheet_key: str,
    wrong: list[ListedCell],
    values: Mapping[str, object],
    matches: Matcher,
    sheet_name: str = "",
) -> Shift | None:
    """The rows deleted or inserted that explain most changed cells, if they explain enough.

    With ``d`` rows deleted at row ``R``, an issued cell at row ``r`` ≥ ``R + d``
    is now at ``r - d``; with ``d`` rows inserted, a cell at ``r`` ≥ ``R`` is at
    ``r + d``. Formulas count as explained when their references, moved back,
    match (Excel moves them; a script that deletes rows does not), also above
    ``R``. Only moved values (ids, labels, weights) prove a shift: formulas
    that merely refer to moved rows of another sheet do not.
    """
    cells = [(item, *split_cell(item.cell)) for item in wrong]
    # the first changed value (not a formula, which may only refer to moved rows) is where it happened
    plain = [row for _, col, row in cells if not _is_formula(values.get(f"{col}{row}"))]
    if not plain:
        return None
    start = min(plain)
    best = (0, 0)  # (explained, d)
    for d in _offsets():
        proof = sum(
            1
            for item, col, row in cells
            if row >= start + max(d, 0)
            and not _is_formula(value := values.get(f"{col}{row - d}"))
            and matches(item, value)
        )
        if proof < 3:
            continue
        explained = _explained(
            cells, values, matches, Shift(sheet_key, start, abs(d), d > 0, 0), sheet_name
        )
        if explained > best[0]:
            best = (explained, d)
        if best[0] >= SHIFT_SURE * len(cells):
            break
    explained, d = best
    if explained < 3 or explained < SHIFT_SHARE * len(cells):
        return None
    return Shift(sheet_key, start, abs(d), d > 0, explained)


def _explained(
    cells: list[tuple[ListedCell, str, int]],
    values: Mapping[str, object],
    matches: Matcher,
    shift: Shift,
    sheet_name: str,
) -> int:
    """How many changed cells the shift explains (moved cells below it, moved references above)."""
    d, start, move = shift.offset, shift.row, shift.move(sheet_name)
    n = 0
    for item, col, row in cells:
        if row < start:
            at = row
        elif row >= start + max(d, 0):
            at = row - d
        else:
            continue  # a deleted row's own cell
        value = values.get(f"{col}{at}")
        if matches(item, value) or matches(item, issued_formula(value, move, own=True)):
            n += 1
    return n


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
