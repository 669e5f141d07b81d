"""Input validity, declared once: each condition has a numpy side and a spreadsheet side.

A method lists the conditions its inputs must meet (beyond "is a number");
the engine evaluates them on arrays, the form compiler writes them into the
score formula, the UDFs report them in the cell. The message of a failed
condition is its catalogue code.

Example:
    >>> import numpy as np
    >>> c = Condition("target", ">", 0.0, "DATA_TARGET_NOT_POSITIVE")
    >>> c.holds({"target": np.array([1.0, 0.0])}).tolist(), c.excel(Cells("L5", "J5"))
    ([True, False], 'J5>0')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xlperf.core.contract.excel import Cells, num

_OPS = {
    ">": np.greater,
    ">=": np.greater_equal,
    "<": np.less,
    "<=": np.less_equal,
    "<>": np.not_equal,
}

#: catalogue code of a missing input, by column
MISSING_CODES = {
    "actual": "DATA_MISSING_ACTUAL",
    "target": "DATA_MISSING_TARGET",
    "baseline": "DATA_MISSING_BASELINE",
}


@dataclass(frozen=True)
class Condition:
    """``column op value`` must hold.

    ``op`` ``in`` takes a tuple of allowed values, ``between`` a ``(low, high)``
    pair (both included); a ``value`` naming an input (``"baseline"``)
    compares two inputs of the row.
    """

    column: str
    op: str
    value: float | tuple[float, ...] | str
    code: str

    def holds(self, arrays: dict[str, np.ndarray]) -> np.ndarray:
        x = arrays[self.column]
        with np.errstate(invalid="ignore"):
            if isinstance(self.value, str):
                return _OPS[self.op](x, arrays[self.value])
            if self.op == "in":
                return np.isin(x, np.asarray(self.value, dtype=float))
            if self.op == "between":
                lo, hi = self.value
                return (x >= lo) & (x <= hi)
            return _OPS[self.op](x, self.value)

    def excel(self, cells: Cells) -> str:
        ref = cells.of(self.column)
        if isinstance(self.value, str):
            return f"{ref}{self.op}{cells.of(self.value)}"
        if self.op == "in":
            return "OR(" + ",".join(f"{ref}={num(v)}" for v in self.value) + ")"
        if self.op == "between":
            lo, hi = self.value
            return f"AND({ref}>={num(lo)},{ref}<={num(hi)})"
        return f"{ref}{self.op}{num(self.value)}"


@dataclass(frozen=True)
class InputFault:
    """Rows whose inputs a method cannot score: the mask, the column and the catalogue code."""

    mask: np.ndarray
    column: str
    code: str


def faults(
    inputs: tuple[str, ...], conditions: tuple[Condition, ...], arrays: dict[str, np.ndarray]
) -> list[InputFault]:
    """Missing inputs first, then each failed condition where its own input is present."""
    out: list[InputFault] = []
    for column in inputs:
        missing = np.isnan(arrays[column])
        if missing.any():
            out.append(InputFault(missing, column, MISSING_CODES[column]))
    for cond in conditions:
        bad = ~np.isnan(arrays[cond.column]) & ~cond.holds(arrays)
        if isinstance(cond.value, str):
            bad &= ~np.isnan(arrays[cond.value])
        if bad.any():
            out.append(InputFault(bad, cond.column, cond.code))
    return out
