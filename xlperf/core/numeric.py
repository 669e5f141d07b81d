"""Numeric rules shared by the engine, the formula compiler and the UDFs.

The contract compares scores rounded to 6 decimal places, the way a
spreadsheet's ``ROUND(x, 6)`` does (half away from zero), and computes quota
counts exactly (``percent × n / 100`` as a fraction) before rounding them.

Example:
    >>> float(round6(109.9999999))
    110.0
    >>> quota_count(29, 100, "floor")
    29
    >>> quota_count(12.5, 20, "round")
    3
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np

DECIMALS = 6
_SCALE = 10.0**DECIMALS
ROUNDING_MODES = ("floor", "round", "ceil")


def round6(x: np.ndarray | float) -> np.ndarray:
    """Round half away from zero to 6 decimals, like Excel's ``ROUND(x, 6)``."""
    arr = np.asarray(x, dtype=float)
    return np.sign(arr) * np.floor(np.abs(arr) * _SCALE + 0.5) / _SCALE


def exact(value: float | int | str) -> Fraction:
    """The decimal a user wrote (``12.5``, ``10``) as an exact fraction."""
    return Fraction(Decimal(str(value)))


def quota_count(percent: float | int, n: int, rounding: str = "floor") -> int:
    """``rounding(percent × n / 100)`` computed exactly; ``round`` is half-up."""
    x = exact(percent) * n / 100
    if rounding == "floor":
        return x.numerator // x.denominator
    if rounding == "ceil":
        return -((-x.numerator) // x.denominator)
    if rounding == "round":
        y = x + Fraction(1, 2)
        return y.numerator // y.denominator
    raise ValueError(f"rounding must be one of {ROUNDING_MODES}, got {rounding!r}")
