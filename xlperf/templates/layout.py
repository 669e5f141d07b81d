"""Where everything sits in a form: sheets, columns and the rows of each employee slot.

The layout is a pure function of the scheme and the roles of the employee
slots, so the builder writes with it and the reader finds the cells again
with it (the slots' roles are stored in the form's metadata).

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> lay = plan(s, ["sales_rep", "sales_manager"])
    >>> lay.slots[1].summary_row, lay.slots[1].kpi_rows[0]
    (6, (10, 'SALES_REV', 'kpi'))
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from xlperf.core.scheme import Scheme

#: the competency layout of the forms this code builds, written as ``layout`` in ``_xlperf``;
#: "1" (one column per rater group) is what forms without the key use, and is still read
FORM_LAYOUT = "2"
FORM_LAYOUTS = ("1", "2")

HEADER_ROW = 4
FIRST_ROW = 5

# KPI sheet columns
K_ID, K_NAME, K_ROLE, K_SECTION, K_CODE, K_INDICATOR, K_METHOD, K_SOURCE = "ABCDEFGH"
K_WEIGHT, K_TARGET, K_BASELINE, K_ACTUAL, K_SCORE, K_SECTION_SCORE = "IJKLMN"
KPI_COLUMNS = (
    "employee_id",
    "name",
    "role",
    "section",
    "code",
    "indicator",
    "method",
    "source",
    "weight",
    "target",
    "baseline",
    "actual",
    "score",
    "section_score",
)

# Competency sheet: per employee one row per rater (up to the scheme's raters_max), then a
# score row. Columns: id, name, rater group, rater (name or id), one rating per dimension, and
# on the score row the dimension scores and the competency score; dimension weights on row 3.
C_ID, C_NAME, C_GROUP, C_RATER = "ABCD"
C_FIRST_DIMENSION = 5
C_WEIGHT_ROW = 3

# Summary sheet columns: id, name, department, role, one per section, final, grade, label, rank, key
S_ID, S_NAME, S_DEPT, S_ROLE = "ABCD"
S_FIRST_SECTION = 5

SHEET_KEYS = ("instructions", "kpi", "competency", "summary", "letters", "rules")
META_SHEET = "_xlperf"


@dataclass(frozen=True)
class Slot:
    """One employee's place in the form."""

    index: int
    role: str
    summary_row: int
    kpi_rows: tuple[tuple[int, str, str], ...]  # (row, indicator code, section id)
    section_blocks: tuple[tuple[str, int, int], ...]  # (section id, first row, last row)
    rater_rows: tuple[int, ...] = ()  # competency sheet: one row per rater
    comp_score_row: int | None = None  # competency sheet: dimension and competency scores

    @property
    def comp_first_row(self) -> int | None:
        """The first competency row of the employee (None without a competency section)."""
        return self.rater_rows[0] if self.rater_rows else self.comp_score_row


@dataclass(frozen=True)
class Layout:
    scheme: Scheme
    slots: tuple[Slot, ...]
    raters: tuple[str, ...]  # the rater groups, in the scheme's order
    dimensions: tuple[str, ...] = ()  # the competency dimensions, one column each

    @property
    def kpi_last_row(self) -> int:
        return max((r for s in self.slots for r, _, _ in s.kpi_rows), default=FIRST_ROW)

    @property
    def comp_last_row(self) -> int:
        return max((s.comp_score_row or FIRST_ROW for s in self.slots), default=FIRST_ROW)

    @property
    def summary_last_row(self) -> int:
        return FIRST_ROW + len(self.slots) - 1

    def dim_col(self, k: int) -> str:
        """The column of dimension ``k``: its ratings on the rater rows, its score on the score row."""
        return get_column_letter(C_FIRST_DIMENSION + k)

    @property
    def comp_score_col(self) -> str:
        return get_column_letter(C_FIRST_DIMENSION + len(self.dimensions))

    @property
    def comp_last_col(self) -> int:
        return C_FIRST_DIMENSION + len(self.dimensions)

    def section_col(self, k: int) -> str:
        return get_column_letter(S_FIRST_SECTION + k)

    def _after_sections(self, k: int) -> str:
        return get_column_letter(S_FIRST_SECTION + len(self.scheme.sections) + k)

    @property
    def final_col(self) -> str:
        return self._after_sections(0)

    @property
    def grade_col(self) -> str:
        return self._after_sections(1)

    @property
    def label_col(self) -> str:
        return self._after_sections(2)

    @property
    def rank_col(self) -> str:
        return self._after_sections(3)

    @property
    def key_col(self) -> str:
        return self._after_sections(4)

    @property
    def has_competency(self) -> bool:
        return self.scheme.competency is not None and bool(self.scheme.competencies)


def role_indicators(scheme: Scheme, role_id: str) -> list[tuple[str, str]]:
    """(code, section id) of a role's indicators, grouped by section in the scheme's order."""
    order = {s.id: k for k, s in enumerate(scheme.sections)}
    items = [(ri.code, scheme.section_of(ri.code)) for ri in scheme.role_by_id[role_id].indicators]
    return sorted(items, key=lambda x: order[x[1]])  # stable: the role's order within a section


def plan(scheme: Scheme, roles: list[str]) -> Layout:
    """The layout for employee slots with these role ids, in order."""
    slots = []
    kpi_row = FIRST_ROW
    comp_row = FIRST_ROW
    dims = [c.code for c in scheme.competencies] if scheme.competency is not None else []
    n_raters = scheme.raters_max if dims else 0
    for k, role in enumerate(roles):
        items = role_indicators(scheme, role)
        rows = tuple((kpi_row + i, code, sec) for i, (code, sec) in enumerate(items))
        blocks: list[tuple[str, int, int]] = []
        for r, _, sec in rows:
            if blocks and blocks[-1][0] == sec:
                blocks[-1] = (sec, blocks[-1][1], r)
            else:
                blocks.append((sec, r, r))
        raters = tuple(comp_row + i for i in range(n_raters))
        score_row = comp_row + n_raters if dims else None
        slots.append(Slot(k, role, FIRST_ROW + k, rows, tuple(blocks), raters, score_row))
        kpi_row += len(items)
        comp_row += n_raters + 1 if dims else 0
    return Layout(scheme, tuple(slots), tuple(scheme.raters), tuple(dims))
