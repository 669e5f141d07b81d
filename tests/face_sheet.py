"""The form face: every case's compiled formulas in one worksheet, read back after LibreOffice.

Each case is a block of rows: its indicator rows (code, actual, target, baseline, weight,
``indicator_formula``), a ``section_formula`` per section block, its competency rows
(dimension weight, one rating per rater, ``dimension_formula``, the competency's
``section_formula``) and, on the block's first row, ``final_formula``,
``round_key_formula`` and ``grade_formula``: the contract's formulas, as the form builder
places them, over the cells of the case.

Example::

    sheet = FormSheet()
    blocks = [sheet.add(case) for case in cases]
    sheet.save(path); (out,) = libreoffice.recalculate([path], outdir)
    results = sheet.read(out)        # one FaceResult per case, in order
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from face_strategies import FaceCase
from faces import BAD, INVALID, MISSING, VALID, FaceResult, Outcome

from xlperf.core.contract import indicator_formula, needs_baseline, needs_target
from xlperf.core.contract.aggregation import dimension_formula, final_formula, section_formula
from xlperf.core.contract.grading import grade_formula, round_key_formula

#: rating columns, one per rater (schemes have at most five rater groups)
RATER_COLUMNS = "IJKLM"
DIM_WEIGHT, DIM_SCORE, COMP_SCORE = "H", "N", "O"
FINAL, KEY, GRADE = "Q", "R", "S"


@dataclass(frozen=True)
class Block:
    """Where one case's cells are: a sheet row per case row, per section, per dimension."""

    first: int
    rows: tuple[int, ...]
    sections: dict[str, str]
    dimensions: dict[str, str]


class FormSheet:
    """One worksheet holding the formulas of many cases."""

    def __init__(self) -> None:
        self.book = openpyxl.Workbook()
        self.ws = self.book.active
        self.ws.title = "faces"
        self.next_row = 1
        self.blocks: list[Block] = []

    def _put(self, cell: str, value: Any) -> None:
        if value is not None:
            self.ws[cell] = value

    def _indicators(self, case: FaceCase, first: int) -> tuple[tuple[int, ...], dict[str, str]]:
        """Indicator rows, grouped by section (a section's rows are one block)."""
        s = case.scheme
        weight = {i.code: float(i.weight) for i in s.role_by_id[case.role].indicators}
        order = sorted(
            range(len(case.rows)),
            key=lambda k: [x.id for x in s.sections].index(s.section_of(case.rows[k].code)),
        )
        at = {k: first + n for n, k in enumerate(order)}
        for k, row in enumerate(case.rows):
            r, rule = at[k], s.rule(row.code)
            self._put(f"A{r}", row.code)
            for col, cell in zip("BCD", row.cells().values(), strict=True):
                self._put(f"{col}{r}", cell.value)
            self._put(f"E{r}", weight[row.code])
            target = f"C{r}" if needs_target(rule) else None
            baseline = f"D{r}" if needs_baseline(rule) else None
            self._put(f"F{r}", indicator_formula(rule, f"B{r}", target, baseline, INVALID))
        sections: dict[str, str] = {}
        for sec in s.kpi_sections:
            mine = sorted(
                at[k] for k, row in enumerate(case.rows) if s.section_of(row.code) == sec.id
            )
            if mine:
                r0, r1 = mine[0], mine[-1]
                formula = section_formula(f"E{r0}:E{r1}", f"F{r0}:F{r1}", len(mine), INVALID)
                self._put(f"G{r0}", formula)
                sections[sec.id] = f"G{r0}"
        return tuple(at[k] for k in range(len(case.rows))), sections

    def _competency(self, case: FaceCase, first: int) -> tuple[dict[str, str], str | None]:
        s = case.scheme
        if s.competency is None:
            return {}, None
        cells = {(d, r): c.value for d, r, c in case.ratings}
        weights = [float(w) for w in s.raters.values()]
        dims = {}
        for n, dim in enumerate(s.competencies):
            r = first + n
            self._put(f"{DIM_WEIGHT}{r}", float(dim.weight))
            refs = [f"{RATER_COLUMNS[j]}{r}" for j in range(len(s.raters))]
            for ref, rater in zip(refs, s.raters, strict=True):
                self._put(ref, cells.get((dim.code, rater)))
            self._put(f"{DIM_SCORE}{r}", dimension_formula(s.rating_rule, refs, weights, INVALID))
            dims[dim.code] = f"{DIM_SCORE}{r}"
        last = first + len(s.competencies) - 1
        formula = section_formula(
            f"{DIM_WEIGHT}{first}:{DIM_WEIGHT}{last}",
            f"{DIM_SCORE}{first}:{DIM_SCORE}{last}",
            len(s.competencies),
            INVALID,
        )
        self._put(f"{COMP_SCORE}{first}", formula)
        return dims, f"{COMP_SCORE}{first}"

    def add(self, case: FaceCase) -> Block:
        """Write one case's block; returns where its cells are."""
        s, first = case.scheme, self.next_row
        rows, sections = self._indicators(case, first)
        dims, comp = self._competency(case, first)
        if comp is not None:
            sections[s.competency.id] = comp
        cells = [sections.get(x.id, f"P{first}") for x in s.sections]  # P: always empty
        self._put(
            f"{FINAL}{first}", final_formula([float(x.weight) for x in s.sections], cells, INVALID)
        )
        self._put(f"{KEY}{first}", round_key_formula(f"{FINAL}{first}"))
        self._put(f"{GRADE}{first}", grade_formula(f"{KEY}{first}", s.grade_steps))
        self.next_row = first + max(len(case.rows), len(s.competencies), 1) + 1
        block = Block(first, rows, sections, dims)
        self.blocks.append(block)
        return block

    def save(self, path: Path) -> Path:
        self.book.save(path)
        return path

    def read(self, recalculated: Path) -> list[FaceResult]:
        """What LibreOffice computed, one :class:`FaceResult` per block, in order."""
        ws = openpyxl.load_workbook(recalculated, data_only=True)["faces"]
        out = []
        for b in self.blocks:
            result = FaceResult([sheet_outcome(ws[f"F{r}"].value) for r in b.rows])
            result.sections = {k: sheet_outcome(ws[c].value) for k, c in b.sections.items()}
            result.dimensions = {k: sheet_outcome(ws[c].value) for k, c in b.dimensions.items()}
            result.final = sheet_outcome(ws[f"{FINAL}{b.first}"].value)
            grade = ws[f"{GRADE}{b.first}"].value
            result.grade = Outcome(result.final.verdict, grade if grade not in (None, "") else None)
            out.append(result)
        return out


def sheet_outcome(value: Any) -> Outcome:
    """A recalculated cell: a number, empty (missing), the invalid marker, or an error."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Outcome(VALID, float(value))
    if value in (None, ""):
        return Outcome(MISSING)
    if value == INVALID:
        return Outcome(BAD)
    return Outcome(f"spreadsheet error {value!r}")
