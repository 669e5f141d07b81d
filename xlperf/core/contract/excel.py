"""The spreadsheet side of the contract: formula building blocks every face shares.

Only functions that exist in Excel 2007+, Excel for the web, WPS and
LibreOffice are used (:data:`ALLOWED_FUNCTIONS`): no LET, LAMBDA or IFS, no
``_xlfn.`` functions. Empty or invalid inputs never give a plausible score:
a missing input makes the score ``""`` (empty), an invalid one the visible
marker text (e.g. "输入无效").

Example:
    >>> wrap(("L5", "J5"), ("J5>0",), "100*L5/J5", 0, 120, "invalid")
    '=IF(OR(L5="",J5=""),"",IF(AND(ISNUMBER(L5),ISNUMBER(J5),J5>0),MIN(120,MAX(0,100*L5/J5)),"invalid"))'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: Functions a compiled formula may call (all in Excel 2007, LibreOffice and WPS).
ALLOWED_FUNCTIONS = frozenset(
    {
        "IF",
        "AND",
        "OR",
        "NOT",
        "ISNUMBER",
        "COUNT",
        "COUNTIF",
        "SUM",
        "SUMPRODUCT",
        "MIN",
        "MAX",
        "ABS",
        "ROUND",
        "INDEX",
        "MATCH",
        "LOOKUP",
        "RANK",
    }
)

_FUNC = re.compile(r"([A-Z][A-Z0-9._]*)\(")
_STRING = re.compile(r'"(?:[^"]|"")*"')


@dataclass(frozen=True)
class Cells:
    """The cell references of one indicator's inputs (None where the form has none)."""

    actual: str
    target: str | None = None
    baseline: str | None = None

    def of(self, column: str) -> str:
        ref = getattr(self, column)
        if ref is None:
            raise ValueError(f"no {column} cell given")
        return ref


def functions_used(formula: str) -> set[str]:
    """Names of the functions a formula calls (string literals ignored).

    Example:
        >>> sorted(functions_used('=IF(A1="MIN(",MAX(1,2),"")'))
        ['IF', 'MAX']
    """
    return set(_FUNC.findall(_STRING.sub('""', formula)))


def num(x: float) -> str:
    """A number as a formula literal: shortest round-trip text, no exponent for usual values.

    Example:
        >>> num(40.0), num(0.1), num(-2.5), num(1e-05)
        ('40', '0.1', '-2.5', '0.00001')
    """
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    text = repr(x)
    if "e" in text:  # 1e-05 → 0.00001: every spreadsheet parses the plain form
        text = format(x, ".17f").rstrip("0").rstrip(".")
    return text


def text_literal(s: str) -> str:
    """A string literal for a formula (quotes doubled).

    Example:
        >>> print(text_literal('a "b" c'))
        "a ""b"" c"
    """
    return '"' + s.replace('"', '""') + '"'


def clamp(expr: str, floor: float, cap: float) -> str:
    """``MIN(cap, MAX(floor, expr))`` — the kernel side's ``np.clip``."""
    return f"MIN({num(cap)},MAX({num(floor)},{expr}))"


def any_blank(cells: Sequence[str]) -> str:
    """True when any of the cells is empty."""
    return cells[0] + '=""' if len(cells) == 1 else "OR(" + ",".join(f'{c}=""' for c in cells) + ")"


def all_of(conditions: Sequence[str]) -> str:
    return conditions[0] if len(conditions) == 1 else "AND(" + ",".join(conditions) + ")"


def wrap(
    required: Sequence[str],
    conditions: Sequence[str],
    raw: str,
    floor: float,
    cap: float,
    invalid: str,
) -> str:
    """Empty when a required input is empty; the clamped score when every check holds; else invalid."""
    checks = [f"ISNUMBER({c})" for c in required] + list(conditions)
    expr = clamp(raw, floor, cap)
    return f'=IF({any_blank(required)},"",IF({all_of(checks)},{expr},{text_literal(invalid)}))'
