"""Banded lists, stated once: entries ``{min: x}`` (value ≥ x) or ``{above: x}`` (value > x).

Indicator ``bands``, ``attainment`` bands and the scheme's ``grades`` are
banded lists. A value is compared rounded to 6 decimals (``ROUND(value, 6)``,
see :func:`~xlperf.core.numeric.round6`) with each entry's bound, from the
highest bound down; the first entry the value reaches gives the result. One
numpy lookup (:func:`step_index`) and one formula builder
(:func:`steps_formula`) serve every banded list, so the engine and the forms
cannot disagree on a boundary.

Example:
    >>> import numpy as np
    >>> step_index(np.array([120.0, 119.9999996, 119.999994, 5.0]), [120, 100], [False, False]).tolist()
    [0, 0, 1, 2]
    >>> step_index(np.array([5.0, 5.0000004, 5.000001]), [5], [True]).tolist()
    [1, 1, 0]
    >>> steps_formula("ROUND(A1,6)", [(120, False, "120"), (5, True, "80")], "0")
    'IF(ROUND(A1,6)>=120,120,IF(ROUND(A1,6)>5,80,0))'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import model_validator
from pydantic_core import PydanticCustomError

from xlperf.core.contract.excel import num
from xlperf.core.contract.method import Entry
from xlperf.core.numeric import round6

#: pydantic error types of an entry with no bound or with both (the scheme validator names them)
BOUND_ERRORS = {"bound_missing": "SCHEME_BOUND_MISSING", "bound_both": "SCHEME_BOUND_BOTH"}


class Bound(Entry):
    """The bound of one entry of a banded list: ``min`` (value ≥ x) or ``above`` (value > x)."""

    min: float | None = None
    above: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Bound:
        if self.min is None and self.above is None:
            raise PydanticCustomError("bound_missing", "min or above")
        if self.min is not None and self.above is not None:
            raise PydanticCustomError("bound_both", "min or above, not both")
        return self

    @property
    def bound(self) -> float:
        """The bound's value, whichever key gives it."""
        return float(self.min if self.min is not None else self.above)

    @property
    def strict(self) -> bool:
        """True for ``above`` (value > x), False for ``min`` (value ≥ x)."""
        return self.above is not None


class Band(Bound):
    """A band of ``bands`` or ``attainment``: the score for values reaching its bound."""

    score: float


def band_pairs(bands: Sequence[Band]) -> dict:
    """The :class:`~xlperf.core.contract.rule.IndicatorRule` fields of a band list.

    Example:
        >>> band_pairs([Band(min=90, score=120), Band(above=80, score=100)])
        {'bands': ((90.0, 120.0), (80.0, 100.0)), 'above': (False, True)}
    """
    return {
        "bands": tuple((b.bound, float(b.score)) for b in bands),
        "above": tuple(b.strict for b in bands),
    }


@dataclass(frozen=True)
class Step:
    """One entry of a banded list, as the lookup and the formula see it."""

    bound: float
    strict: bool
    result: float | str


def steps_of(pairs: Sequence[tuple[float, float]], above: Sequence[bool] = ()) -> list[Step]:
    """Steps from ``(bound, score)`` pairs and, per pair, whether it is written ``above``."""
    flags = list(above) or [False] * len(pairs)
    return [Step(float(b), bool(x), s) for (b, s), x in zip(pairs, flags, strict=True)]


def step_index(values: np.ndarray, bounds: Sequence[float], strict: Sequence[bool]) -> np.ndarray:
    """Index (into ``bounds``) of the highest bound ROUND(value, 6) reaches; ``len(bounds)`` for none.

    A strict bound is reached when the rounded value is above it, any other
    when it is at least the bound. NaN reaches nothing.
    """
    key = round6(np.asarray(values, dtype=float))
    b = np.asarray(bounds, dtype=float)
    k = len(b)
    if k == 0:
        return np.full(key.shape, 0, dtype=np.int64)
    # value > x  ⇔  value ≥ the next double after x: one sorted search serves both kinds
    threshold = np.where(np.asarray(strict, dtype=bool), np.nextafter(b, np.inf), b)
    ascending = np.argsort(threshold, kind="stable")
    reached = np.searchsorted(threshold[ascending], key, side="right")
    highest = ascending[np.clip(reached - 1, 0, k - 1)]
    return np.where((reached > 0) & ~np.isnan(key), highest, k).astype(np.int64)


def step_values(
    values: np.ndarray, pairs: Sequence[tuple[float, float]], above: Sequence[bool], below: float
) -> np.ndarray:
    """The score of the band each value reaches, ``below`` when it reaches none, NaN for NaN.

    Example:
        >>> step_values(np.array([90.0, 89.9999999, 80.0]), [(90, 120), (80, 100)], [False, True], 0).tolist()
        [120.0, 120.0, 0.0]
    """
    steps = steps_of(pairs, above)
    idx = step_index(values, [s.bound for s in steps], [s.strict for s in steps])
    scores = np.array([float(s.result) for s in steps] + [below], dtype=float)
    return np.where(np.isnan(values), np.nan, scores[idx])


def steps_formula(key: str, steps: Sequence[tuple[float, bool, str]], otherwise: str) -> str:
    """Nested IFs over ``(bound, strict, result expression)``, tested from the highest bound down.

    ``key`` is the rounded value (``ROUND(x,6)`` or a cell holding it): the
    spreadsheet side of :func:`step_index`.
    """
    expr = otherwise
    for bound, strict, result in sorted(steps, key=lambda s: s[0]):
        op = ">" if strict else ">="
        expr = f"IF({key}{op}{num(bound)},{result},{expr})"
    return expr


def rounded(expr: str) -> str:
    """``ROUND(expr,6)``: the comparison key of every banded list."""
    return f"ROUND({expr},6)"


def bound_text(bound: float, strict: bool) -> str:
    """``≥90`` or ``>90``: an entry's bound in words."""
    return (">" if strict else "≥") + f"{bound:g}"


def bound_problems(
    bounds: Sequence[float], strict: Sequence[bool], order_code: str, descending_only: bool = False
) -> list[tuple[int | None, str, dict]]:
    """What is wrong with a list's bounds, as ``(entry index or None, catalogue code, params)``.

    ``min`` and ``above`` on the same value (at 6 decimals) name the later
    entry; otherwise bounds must be strictly ordered at 6 decimals —
    descending, or either way unless ``descending_only``.

    Example:
        >>> bound_problems([100, 100], [False, True], "SCHEME_BANDS_ORDER")
        [(1, 'SCHEME_BOUND_MIN_AND_ABOVE', {'value': '100', 'other': 0})]
        >>> bound_problems([80, 90, 70], [False] * 3, "SCHEME_BANDS_ORDER")[0][1:]
        ('SCHEME_BANDS_ORDER', {'got': '≥80, ≥90, ≥70'})
    """
    keys = [float(round6(b)) for b in bounds]
    out: list[tuple[int | None, str, dict]] = []
    for j, kj in enumerate(keys):
        for i in range(j):
            if keys[i] == kj and bool(strict[i]) != bool(strict[j]):
                out.append(
                    (j, "SCHEME_BOUND_MIN_AND_ABOVE", {"value": f"{bounds[j]:g}", "other": i})
                )
                break
    if out:
        return out
    pairs = list(zip(keys, keys[1:], strict=False))
    descending = all(b < a for a, b in pairs)
    ascending = all(b > a for a, b in pairs) and not descending_only
    if not (descending or ascending):
        got = ", ".join(bound_text(b, s) for b, s in zip(bounds, strict, strict=True))
        out.append((None, order_code, {"got": got}))
    return out
