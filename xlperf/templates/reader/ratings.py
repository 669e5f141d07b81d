"""The competency ratings of a returned form, in the engine's Ratings interchange columns.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates import layout as L
    >>> from xlperf.templates.reader.cells import FormCells
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> lay = L.plan(s, ["sales_rep"])
    >>> values = {"competency": {f"E{r}": 4 for r, _ in lay.slots[0].comp_rows}}
    >>> rows = rating_rows(FormCells("f.xlsx", {"competency": "能力评估"}, values), s, lay, lay.slots[0], "E1")
    >>> len(rows), rows[0].rater, rows[0].rating
    (5, 'supervisor', 4.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xlperf.core.scheme import Scheme
from xlperf.templates import layout as L
from xlperf.templates.reader.cells import FormCells


@dataclass(frozen=True)
class RatingRow:
    """One rating, as the engine's Ratings table holds it."""

    employee_id: str
    dimension: str
    rater: str
    rating: float


def rating_rows(
    cells: FormCells, scheme: Scheme, lay: L.Layout, slot: L.Slot, eid: str
) -> list[RatingRow]:
    """Every filled rating of the employee in ``slot``; off-scale ratings and unrated dimensions reported."""
    out = []
    for row, dim in slot.comp_rows:
        filled = 0
        for k, rater in enumerate(lay.raters):
            rating = _rating(cells, scheme, f"{lay.rater_col(k)}{row}", (eid, dim, rater))
            if rating is not None:
                out.append(rating)
                filled += 1
        if filled == 0:
            cell = f"{lay.rater_col(0)}{row}"
            cells.add(
                "FORM_DIMENSION_UNRATED", ("competency", cell, dim), employee=eid, dimension=dim
            )
    return out


def _rating(
    cells: FormCells, scheme: Scheme, cell: str, who: tuple[str, str, str]
) -> RatingRow | None:
    """The rating in one cell, or None when it is empty or not valid (then reported)."""
    eid, dim, rater = who
    rule = scheme.rating_rule
    before = len(cells.problems)
    x = cells.number("competency", cell, rater)
    if len(cells.problems) > before or np.isnan(x):
        return None
    keys = {k for k, _ in rule.rating_map}
    if x < rule.scale_min or x > rule.scale_max or (keys and x not in keys):
        lo, hi = f"{rule.scale_min:g}", f"{rule.scale_max:g}"
        cells.add(
            "FORM_RATING_OFF_SCALE",
            ("competency", cell, rater),
            value=repr(cells.value("competency", cell)),
            employee=eid,
            dimension=dim,
            rater=rater,
            scale=f"{lo}..{hi}",
            lo=lo,
            hi=hi,
        )
        return None
    return RatingRow(eid, dim, rater, x)
