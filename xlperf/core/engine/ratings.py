"""The Ratings table (360° competency ratings), validated and averaged per dimension.

Example:
    >>> import pandas as pd
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.errors import ProblemList
    >>> s = load_scheme(shipped_schemes()["digital"])
    >>> r = prepare_ratings(s, pd.DataFrame({"employee_id": ["E1", "E1"], "dimension": ["PRO", "PRO"],
    ...     "rater": ["supervisor", "peer"], "rating": [4, 5]}), pd.Index(["E1"]), ProblemList())
    >>> round(float(r.dim_score[0, 0]), 6)  # (100·60 + 120·25) / 85
    105.882353
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlperf.core.contract import input_faults
from xlperf.core.contract.aggregation import dimension_scores
from xlperf.core.contract.methods.rating import points
from xlperf.core.engine.resolve import employee_positions, resolve
from xlperf.core.scheme import Scheme
from xlperf.core.suggest import closest
from xlperf.core.tables import Table
from xlperf.errors import Location, ProblemList
from xlperf.messages import say


@dataclass(frozen=True)
class PreparedRatings:
    """Per employee: rated at all, and each dimension's score (NaN where unrated)."""

    rated: np.ndarray
    dim_score: np.ndarray
    dims: list[str]


def _unknown_words(t: Table, column: str, codes: np.ndarray, choices: list[str], code: str) -> None:
    mask = codes < 0
    if not mask.any():
        return
    typed = t.text(column)
    cands = {w: closest(w, choices) for w in set(typed[mask])}
    candidate = np.full(len(typed), None, dtype=object)
    candidate[mask] = [cands.get(w) for w in typed[mask]]
    t.report(mask, column, code, value=typed, choices=", ".join(choices), candidate=candidate)


def _rating_points(scheme: Scheme, t: Table) -> tuple[np.ndarray, np.ndarray]:
    """Clamped points of each rating, and the rows whose rating is unusable (reported)."""
    from xlperf.core.engine.data import bad_numbers

    rating, missing, invalid = t.numbers("rating")
    bad_numbers(t, "rating", invalid)
    t.report(missing, "rating", "RATINGS_EMPTY")
    rule = scheme.rating_rule
    off = np.zeros(len(rating), dtype=bool)
    for fault in input_faults(rule, np.where(missing | invalid, rule.scale_max, rating)):
        off |= fault.mask
    scale = f"{rule.scale_min:g}..{rule.scale_max:g}"
    off &= ~missing & ~invalid
    if off.any():  # the typed value, formatted for the rows reported only
        shown = np.full(len(rating), None, dtype=object)
        shown[off] = [f"{v:g}" for v in rating[off]]
        t.report(off, "rating", "RATINGS_OFF_SCALE", value=shown, scale=scale)
    with np.errstate(invalid="ignore"):
        pts = np.clip(points(rule, rating), rule.floor, rule.cap)
    return pts, off | missing | invalid


def prepare_ratings(
    scheme: Scheme, ratings: pd.DataFrame, emp_index: pd.Index, problems: ProblemList
) -> PreparedRatings | None:
    t = Table.wrap(ratings, "ratings")
    if not t.ok:
        problems.extend(t.problems.items)
        return None
    empty = t.blank("employee_id")
    pos = employee_positions(t, emp_index)
    t.report(
        (pos < 0) & ~empty,
        "employee_id",
        "RATINGS_UNKNOWN_EMPLOYEE",
        employee=t.text("employee_id"),
    )
    t.report(empty, "employee_id", "DATA_EMPTY_ID")
    dims, raters = [c.code for c in scheme.competencies], list(scheme.raters)
    dim = resolve(t, "dimension", scheme.word_maps()["dimension"], dims)
    rat = resolve(t, "rater", scheme.word_maps()["rater"], raters)
    _unknown_words(
        t,
        "dimension",
        dim,
        dims + [c.name for c in scheme.competencies],
        "RATINGS_UNKNOWN_DIMENSION",
    )
    _unknown_words(t, "rater", rat, raters, "RATINGS_UNKNOWN_RATER")
    pts, bad = _rating_points(scheme, t)
    good = (pos >= 0) & (dim >= 0) & (rat >= 0) & ~bad
    n_emp, n_dim, n_rat = len(emp_index), len(dims), len(raters)
    key = ((pos * n_dim + dim) * n_rat + rat)[good]
    size = n_emp * n_dim * n_rat
    total = np.bincount(key, weights=pts[good], minlength=size).reshape(n_emp, n_dim, n_rat)
    count = np.bincount(key, minlength=size).reshape(n_emp, n_dim, n_rat)
    dim_score = dimension_scores(total, count, [float(scheme.raters[x]) for x in raters])
    rated = (count > 0).any(axis=(1, 2))
    _unrated_dimensions(t, emp_index, dims, rated, dim_score, pos, good)
    problems.extend(t.problems.items)
    return PreparedRatings(rated, dim_score, dims)


def _unrated_dimensions(t, emp_index, dims, rated, dim_score, pos, good) -> None:
    uncovered = np.argwhere(rated[:, None] & np.isnan(dim_score))
    if not len(uncovered):
        return
    first_row = pd.Series(t.df["_row"].to_numpy()[good]).groupby(pos[good]).first()
    for e, di in uncovered:
        where = Location(file=t.file, sheet=t.sheet, row=int(first_row.get(e, 2)))
        t.problems.append(
            say("RATINGS_DIMENSION_UNRATED", where, employee=emp_index[e], dimension=dims[di])
        )
