"""The competency ratings of a returned form, in the engine's Ratings interchange columns.

One rating row per rater and dimension: the rater rows of each employee are
read in order; a row with no rating is ignored (whatever its group or name
say); a rating whose row names no rater group of the scheme is reported at
the group cell, as the form's own formula shows it invalid.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates import layout as L
    >>> from xlperf.templates.reader.cells import FormCells
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> lay = L.plan(s, ["sales_rep"])
    >>> row = lay.slots[0].rater_rows[1]
    >>> values = {"competency": {f"C{row}": "同事", f"D{row}": "李四", **{f"{lay.dim_col(k)}{row}": 4 for k in range(5)}}}
    >>> rows = rating_rows(FormCells("f.xlsx", {"competency": "能力评估"}, values), s, lay, lay.slots[0], "E1")
    >>> len(rows), rows[0].rater, rows[0].rater_name, rows[0].rating
    (5, 'peer', '李四', 4.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xlperf.core.scheme import Scheme
from xlperf.templates import layout as L
from xlperf.templates.reader.cells import FormCells
from xlperf.templates.text import rater_name


@dataclass(frozen=True)
class RatingRow:
    """One rating, as the engine's Ratings table holds it."""

    employee_id: str
    dimension: str
    rater: str
    rating: float
    rater_name: str = ""


def group_of(scheme: Scheme, text: str, lang: str = "zh") -> str | None:
    """The rater group a form's group cell names: its word in the form's language, as the form's
    own formula compares it (case-insensitively, nothing trimmed).

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> s = load_scheme(shipped_schemes()["sales"])
        >>> group_of(s, "同事"), group_of(s, "peers", "en"), group_of(s, " 同事"), group_of(s, "peer")
        ('peer', 'peer', None, None)
    """
    for code in scheme.raters:
        if text.upper() == rater_name(code, lang).upper():
            return code
    return None


def rating_rows(
    cells: FormCells, scheme: Scheme, lay: L.Layout, slot: L.Slot, eid: str, lang: str = "zh"
) -> list[RatingRow]:
    """Every filled rating of the employee in ``slot``; bad ratings and unrated dimensions reported."""
    out: list[RatingRow] = []
    rated = [False] * len(lay.dimensions)
    for row in slot.rater_rows:
        filled = [k for k in range(len(lay.dimensions)) if _typed(cells, lay, k, row)]
        if not filled:
            continue  # an empty rater row: ignored
        group = _group(cells, scheme, (row, eid), lang)
        who = cells.text("competency", f"{L.C_RATER}{row}")
        for k in filled:
            rating = rating_in_cell(
                cells, scheme, f"{lay.dim_col(k)}{row}", (eid, lay.dimensions[k], group)
            )
            if rating is not None and group is not None:
                out.append(RatingRow(eid, lay.dimensions[k], group, rating, who))
            rated[k] = True
    for k, dim in enumerate(lay.dimensions):
        if not rated[k]:
            cell = f"{lay.dim_col(k)}{slot.rater_rows[0]}"
            cells.add(
                "FORM_DIMENSION_UNRATED", ("competency", cell, dim), employee=eid, dimension=dim
            )
    return out


def _typed(cells: FormCells, lay: L.Layout, k: int, row: int) -> bool:
    """Whether the rating cell holds anything (a number, text, an error)."""
    value = cells.value("competency", f"{lay.dim_col(k)}{row}")
    return value is not None and value != ""


def _group(cells: FormCells, scheme: Scheme, at: tuple[int, str], lang: str) -> str | None:
    """The row's rater group; a group the scheme does not have is reported at its cell."""
    row, eid = at
    text = str(cells.value("competency", f"{L.C_GROUP}{row}") or "")
    group = group_of(scheme, text, lang) if text else None
    if group is None:
        cells.add(
            "FORM_RATER_GROUP_UNKNOWN",
            ("competency", f"{L.C_GROUP}{row}", "rater"),
            employee=eid,
            value=text,
            choices=", ".join(rater_name(r, lang) for r in scheme.raters),
        )
    return group


def rating_in_cell(
    cells: FormCells, scheme: Scheme, cell: str, who: tuple[str, str, str | None]
) -> float | None:
    """The rating in one cell, or None when it is empty or not valid (then reported).

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> s = load_scheme(shipped_schemes()["sales"])
        >>> cells = FormCells("f.xlsx", {"competency": "能力评估"}, {"competency": {"E5": 4, "F5": 9}})
        >>> who = ("E1", "PRO", "peer")
        >>> rating_in_cell(cells, s, "E5", who), rating_in_cell(cells, s, "F5", who), len(cells.problems)
        (4.0, None, 1)
    """
    eid, dim, rater = who
    rule = scheme.rating_rule
    before = len(cells.problems)
    x = cells.number("competency", cell, rater or "rating")
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
            rater=rater or "",
            scale=f"{lo}..{hi}",
            lo=lo,
            hi=hi,
        )
        return None
    return x
