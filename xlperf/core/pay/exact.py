"""Exact decimal arithmetic on whole columns: integers over a power of ten.

A float input stands for the decimal the user typed, its shortest
representation (``Decimal(repr(x))``: 0.1 is 1/10, not the binary double).
:class:`Exact` holds a column of such decimals as integers over a common
power of ten (``value = units / 10**places``), so products, minima, sums and
rounding are exact while staying vectorised: int64 arrays while every
result provably fits (|x| < 2**62, checked before each operation), numpy
object arrays of Python ints beyond. Money leaves as whole rounding steps
(int64) and becomes :class:`~decimal.Decimal` only at the edge
(:func:`to_decimals`).

Example:
    >>> base, factor = exact_decimals([1000.05, 99.99]), exact_decimals([1.5])
    >>> amount = times(base, factor)
    >>> amount.units.tolist(), amount.places
    ([1500075, 149985], 3)
    >>> round_half_up(amount, Decimal("0.01")).tolist()    # 1500.075 → 1500.08 (floats say 1500.07)
    [150008, 14999]
    >>> [str(d) for d in to_decimals(np.array([150008, 14999]), Decimal("0.01"))]
    ['1500.08', '149.99']
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

#: decimals tried by the vectorised path; longer decimals go through Decimal(repr(x))
FAST_PLACES = 9
#: below this many units the vectorised path finds the shortest decimal (see exact_decimals)
_SAFE_UNITS = 2.0**50
#: int64 arithmetic is used while every magnitude stays below this
_LIMIT = 2**62


def _bound(u) -> int:
    """The largest magnitude in ``u`` (an int, or an array of ints), as a Python int."""
    if isinstance(u, int):
        return abs(u)
    if not len(u):
        return 0
    return max(abs(int(u.max())), abs(int(u.min())))


def _wide(u):
    return u if isinstance(u, int) or u.dtype == object else u.astype(object)


def _narrow(*parts) -> bool:
    return all(isinstance(u, int) or u.dtype != object for u in parts)


def mul(a, b):
    """a × b element-wise, exact (int64 when it provably fits, else Python ints).

    Example:
        >>> mul(np.array([3]), 2**62).tolist(), mul(np.array([3]), 2).dtype
        ([13835058055282163712], dtype('int64'))
        >>> mul(np.array([0]), 10**129).tolist()  # each factor must fit int64 on its own too
        [0]
    """
    if _narrow(a, b) and max(ba := _bound(a), bb := _bound(b), ba * bb) < _LIMIT:
        return np.multiply(a, b, dtype=np.int64)
    return _wide(a) * _wide(b)


def add(a, b):
    """a + b element-wise, exact.

    Example:
        >>> add(np.array([2**62]), 2**62).tolist()
        [9223372036854775808]
    """
    if _narrow(a, b) and _bound(a) + _bound(b) < _LIMIT:
        return np.add(a, b, dtype=np.int64)
    return _wide(a) + _wide(b)


def floordiv(a, b):
    """a // b element-wise (b > 0), exact.

    Example:
        >>> floordiv(np.array([7, -7]), 2).tolist()
        [3, -4]
    """
    if _narrow(a, b) and _bound(a) < _LIMIT and _bound(b) < _LIMIT:
        return np.floor_divide(a, b, dtype=np.int64)
    return _wide(a) // _wide(b)


def mod(a, b):
    """a mod b element-wise (b > 0), exact.

    Example:
        >>> mod(np.array([7, -7]), 2).tolist()
        [1, 1]
    """
    if _narrow(a, b) and _bound(a) < _LIMIT and _bound(b) < _LIMIT:
        return np.remainder(a, b, dtype=np.int64)
    return _wide(a) % _wide(b)


def ratio(a, b) -> np.ndarray:
    """a / b as correctly rounded floats (int64 below 2**53 is exact in float64).

    Example:
        >>> ratio(np.array([1, 2**60 + 1], dtype=object), np.array([3, 2**61], dtype=object)).tolist()
        [0.3333333333333333, 0.5]
    """
    if _narrow(a, b) and _bound(a) < 2**53 and _bound(b) < 2**53:
        return np.asarray(a, dtype=float) / np.asarray(b, dtype=float)
    return (_wide(a) / _wide(b)).astype(float)


def where(mask: np.ndarray, a, b):
    """np.where keeping int64 when both sides are, else Python ints.

    Example:
        >>> where(np.array([True, False]), np.array([1, 2]), 0).tolist()
        [1, 0]
    """
    if _narrow(a, b):
        return np.where(mask, a, b).astype(np.int64)
    return np.where(mask, _wide(a), _wide(b))


@dataclass(frozen=True, eq=False)
class Exact:
    """A column of exact decimals: ``units[i] / 10**places`` (int64 or object array of ints)."""

    units: np.ndarray
    places: int

    def at(self, places: int) -> np.ndarray:
        """The units over ``10**places`` (``places`` ≥ ``self.places``): Exact([15], 1).at(3) → [1500]."""
        if places == self.places:
            return self.units
        return mul(self.units, 10 ** (places - self.places))

    def take(self, index: np.ndarray) -> Exact:
        return Exact(self.units[index], self.places)

    def __len__(self) -> int:
        return len(self.units)


def decimal_of(x: float) -> Decimal:
    """The decimal a float stands for: its shortest representation.

    Example:
        >>> decimal_of(0.1 * 3), decimal_of(2.0), decimal_of(1e-7)
        (Decimal('0.30000000000000004'), Decimal('2.0'), Decimal('1E-7'))
    """
    return Decimal(repr(float(x)))


def _digits(d: Decimal) -> tuple[int, int]:
    """A decimal as (units, places) with places ≥ 0."""
    sign, digits, exp = d.as_tuple()
    number = int("".join(map(str, digits))) * (-1 if sign else 1)
    return (number * 10**exp, 0) if exp >= 0 else (number, -exp)


def exact_decimals(values) -> Exact:
    """Finite floats as exact decimals, each its shortest representation (``Decimal(repr(x))``).

    Vectorised: the fewest places p ≤ 9 with m = rint(x·10**p) and m / 10**p == x
    gives the shortest decimal when |m| < 2**50 (then no other decimal with p
    places rounds to x); anything else goes through ``Decimal(repr(x))``.

    Example:
        >>> e = exact_decimals([0.8, 1234.5, 3.0, 0.1 + 0.2])
        >>> e.places, e.units[:3].tolist()
        (17, [80000000000000000, 123450000000000000000, 300000000000000000])
    """
    v = np.asarray(values, dtype=float).reshape(-1)
    if not np.isfinite(v).all():
        raise ValueError("exact_decimals takes finite numbers only")
    mant = np.zeros(len(v), dtype=np.int64)
    places = np.full(len(v), -1, dtype=np.int64)
    todo = np.ones(len(v), dtype=bool)
    for p in range(FAST_PLACES + 1):
        idx = np.flatnonzero(todo)
        if not len(idx):
            break
        scale = 10.0**p
        with np.errstate(over="ignore", invalid="ignore"):  # huge values: left to the sure way
            m = np.rint(v[idx] * scale)
            ok = (np.abs(m) < _SAFE_UNITS) & (m / scale == v[idx])
        mant[idx[ok]] = m[ok].astype(np.int64)
        places[idx[ok]] = p
        todo[idx[ok]] = False
    units = mant
    if todo.any():  # long or huge decimals: the slow, sure way
        units = mant.astype(object)
        for i in np.flatnonzero(todo):
            units[i], places[i] = _digits(decimal_of(v[i]))
    top = int(places.max()) if len(v) else 0
    if len(v) and (places != top).any():
        powers = np.array([10**k for k in range(top + 1)], dtype=object)
        scale = powers[top - places]
        units = mul(units, scale.astype(np.int64)) if top <= 18 else _wide(units) * scale
    return Exact(units, top)


def times(a: Exact, b: Exact) -> Exact:
    """Element-wise product (one side may have length 1).

    Example:
        >>> p = times(exact_decimals([1.5, 2.25]), exact_decimals([1.1]))
        >>> p.units.tolist(), p.places
        ([1650, 2475], 3)
    """
    return Exact(mul(a.units, b.units), a.places + b.places)


def plus(a: Exact, b: Exact) -> Exact:
    """Element-wise sum: plus(0.1, 0.25) is 0.35 exactly (units 35, places 2)."""
    p = max(a.places, b.places)
    return Exact(add(a.at(p), b.at(p)), p)


def minus(a: Exact, b: Exact) -> Exact:
    """Element-wise difference: minus(0.3, 0.1) is 0.2 exactly (units 2, places 1)."""
    p = max(a.places, b.places)
    return Exact(add(a.at(p), mul(b.at(p), -1)), p)


def minimum(a: Exact, b: Exact) -> tuple[Exact, np.ndarray]:
    """Element-wise minimum, and where ``b`` is strictly smaller (the cap applied).

    Example:
        >>> m, cut = minimum(exact_decimals([10.0, 30.0]), exact_decimals([20.0]))
        >>> m.units.tolist(), cut.tolist()
        ([10, 20], [False, True])
    """
    p = max(a.places, b.places)
    ua, ub = a.at(p), b.at(p)
    lower = np.asarray(ub < ua, dtype=bool)
    return Exact(where(lower, ub, ua), p), lower


def clip_between(x: Exact, lo: Exact, hi: Exact | None) -> Exact:
    """max(0, min(x, hi) − lo): the part of ``x`` inside [lo, hi) (hi None: open-ended).

    Example:
        >>> clip_between(exact_decimals([50.0, 150.0, 250.0]), exact_decimals([100.0]),
        ...              exact_decimals([200.0])).units.tolist()
        [0, 50, 100]
    """
    top = x if hi is None else minimum(x, hi)[0]
    seg = minus(top, lo)
    return Exact(where(np.asarray(seg.units < 0, dtype=bool), 0, seg.units), seg.places)


def step_parts(step: Decimal) -> tuple[int, int]:
    """A rounding step as (units, places).

    Example:
        >>> step_parts(Decimal("0.05")), step_parts(Decimal("10"))
        ((5, 2), (10, 0))
    """
    return _digits(step)


def round_half_up(x: Exact, step: Decimal) -> np.ndarray:
    """R(x): whole steps of ``step``, half away from zero, exactly (int64 counts of steps).

    Example:
        >>> round_half_up(exact_decimals([2.675, 12.325, -0.125]), Decimal("0.05")).tolist()
        [54, 247, -3]
    """
    su, sp = step_parts(step)
    num = mul(x.units, 10**sp)
    den = su * 10**x.places
    neg = np.asarray(num < 0, dtype=bool)
    mag = where(neg, mul(num, -1), num)
    steps = floordiv(add(mul(mag, 2), den), 2 * den)
    return np.asarray(where(neg, mul(steps, -1), steps)).astype(np.int64)


def whole_steps(x: Decimal, step: Decimal) -> int | None:
    """``x / step`` when it is a whole number, else None (budgets and pools must be whole steps).

    Example:
        >>> whole_steps(Decimal("1000.05"), Decimal("0.01")), whole_steps(Decimal("1000.005"), Decimal("0.01"))
        (100005, None)
    """
    q = x / step
    return int(q) if q == q.to_integral_value() else None


def to_decimals(steps: np.ndarray, step: Decimal) -> np.ndarray:
    """Whole steps as Decimals quantized to the step (object array); the edge of exactness.

    Example:
        >>> to_decimals(np.array([150008, 0]), Decimal("0.01")).tolist()
        [Decimal('1500.08'), Decimal('0.00')]
    """
    codes, uniques = pd.factorize(np.asarray(steps))
    values = np.empty(len(uniques), dtype=object)
    values[:] = list(map(step.__mul__, map(Decimal, np.asarray(uniques).tolist())))
    return values[codes]


def exact_to_decimals(x: Exact, min_places: int = 0, plain_form: bool = False) -> np.ndarray:
    """The exact values as Decimals with ``max(places, min_places)`` places (object array).

    ``plain_form`` drops trailing zeros (factors: 1.2, not 1.2000); meant for
    columns with few distinct values.

    Example:
        >>> exact_to_decimals(exact_decimals([1.5, 10.0]), 2).tolist()
        [Decimal('1.50'), Decimal('10.00')]
        >>> exact_to_decimals(exact_decimals([1.5, 10.0]), plain_form=True).tolist()
        [Decimal('1.5'), Decimal('10')]
    """
    places = max(x.places, min_places)
    codes, uniques = pd.factorize(x.at(places))
    quantum = Decimal(1).scaleb(-places)
    values = np.empty(len(uniques), dtype=object)
    values[:] = list(map(quantum.__mul__, map(Decimal, np.asarray(uniques, dtype=object).tolist())))
    if plain_form:
        values[:] = [plain(v) for v in values]
    return values[codes]


def trimmed(x: Exact) -> Exact:
    """The same values over the fewest common places (trailing zeros shared by all dropped).

    Example:
        >>> t = trimmed(Exact(np.array([15000000, 1250000]), 5))
        >>> t.units.tolist(), t.places
        ([1500, 125], 1)
    """
    units, places = x.units, x.places
    while places > 0 and len(units) and not np.any(np.asarray(units % 10 != 0, dtype=bool)):
        units, places = floordiv(units, 10), places - 1
    return Exact(units, places)


def plain(d: Decimal) -> Decimal:
    """Without trailing zeros, never in exponent form for whole numbers.

    Example:
        >>> plain(Decimal("1.50")), plain(Decimal("10.00"))
        (Decimal('1.5'), Decimal('10'))
    """
    d = d.normalize()
    return d.quantize(Decimal(1)) if d.as_tuple().exponent > 0 else d


def group_sums(units: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Exact sums of integer ``units`` per group code (0 for empty groups).

    Example:
        >>> group_sums(np.array([1, 2, 3]), np.array([2, 0, 2]), 3).tolist()
        [2, 0, 4]
    """
    narrow = _narrow(units) and _bound(units) * max(len(units), 1) < _LIMIT
    out = np.zeros(n_groups, dtype=np.int64 if narrow else object)
    if not narrow:
        out[:] = [0] * n_groups
    if not len(units):
        return out
    order = np.argsort(group, kind="stable")
    g = group[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    out[g[starts]] = np.add.reduceat(units[order], starts)
    return out


__all__ = [
    "Exact",
    "add",
    "clip_between",
    "decimal_of",
    "exact_decimals",
    "exact_to_decimals",
    "floordiv",
    "group_sums",
    "minimum",
    "minus",
    "mod",
    "mul",
    "plain",
    "plus",
    "ratio",
    "round_half_up",
    "step_parts",
    "times",
    "trimmed",
    "to_decimals",
    "where",
    "whole_steps",
]
