"""Competency ratings of a layout-1 form: one column per rater group (xlperf before the rater rows).

A form without ``layout`` in its ``_xlperf`` sheet (or with "1") was issued
before the competency sheet had one row per rater: each employee had one row
per dimension, in the scheme's order, and one rating column per rater group
from column E, in the scheme's order. The KPI and summary sheets are the same
in both layouts. Such forms carry no rater names: ``rater_name`` is "".

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates import layout as L
    >>> from xlperf.templates.reader.cells import FormCells
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> lay = L.plan(s, ["sales_rep", "sales_rep"])
    >>> [row for row, _ in comp_rows_v1(lay, lay.slots[1])][:2], rater_col_v1(1)
    ([10, 11], 'F')
    >>> values = {"competency": {f"E{r}": 4 for r, _ in comp_rows_v1(lay, lay.slots[0])}}
    >>> rows = rating_rows_v1(FormCells("f.xlsx", {"competency": "能力评估"}, values), s, lay, lay.slots[0], "E1")
    >>> len(rows), rows[0].rater, rows[0].rating, rows[0].rater_name
    (5, 'supervisor', 4.0, '')
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from xlperf.core.scheme import Scheme
from xlperf.templates import layout as L
from xlperf.templates.reader.cells import FormCells
from xlperf.templates.reader.ratings import RatingRow, rating_in_cell

#: layout 1: the first rater group's column (E); the others follow in the scheme's order
FIRST_RATER_COLUMN_V1 = 5


def rater_col_v1(k: int) -> str:
    """The column of rater group ``k`` on a layout-1 competency sheet.

    Example:
        >>> rater_col_v1(0)
        'E'
    """
    return get_column_letter(FIRST_RATER_COLUMN_V1 + k)


def comp_rows_v1(lay: L.Layout, slot: L.Slot) -> tuple[tuple[int, str], ...]:
    """(row, dimension) of the employee in ``slot`` on a layout-1 competency sheet.

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> lay = L.plan(load_scheme(shipped_schemes()["sales"]), ["sales_rep"])
        >>> comp_rows_v1(lay, lay.slots[0])[0]
        (5, 'PRO')
    """
    first = L.FIRST_ROW + slot.index * len(lay.dimensions)
    return tuple((first + i, dim) for i, dim in enumerate(lay.dimensions))


def rating_rows_v1(
    cells: FormCells, scheme: Scheme, lay: L.Layout, slot: L.Slot, eid: str
) -> list[RatingRow]:
    """Every filled rating of the employee in ``slot``; off-scale ratings and unrated dimensions reported."""
    out = []
    for row, dim in comp_rows_v1(lay, slot):
        filled = 0
        for k, rater in enumerate(lay.raters):
            rating = rating_in_cell(cells, scheme, f"{rater_col_v1(k)}{row}", (eid, dim, rater))
            if rating is not None:
                out.append(RatingRow(eid, dim, rater, rating))
                filled += 1
        if filled == 0:
            cells.add(
                "FORM_DIMENSION_UNRATED",
                ("competency", f"{rater_col_v1(0)}{row}", dim),
                employee=eid,
                dimension=dim,
            )
    return out
