"""The one number parser: every reader turns cells into numbers here, with the same rules.

:func:`parse_numbers` reads a whole column (numpy array of any dtype, pandas
Series, list) and says for each cell: its value, whether it is empty, whether
it is invalid and why (a reason code, see :data:`REASONS`), and whether the
text carried a percent sign. Finite numbers only: a value that is neither
missing nor invalid is always finite.

- numbers (not booleans) are taken as they are; ``inf``/``-inf`` are invalid;
  a float NaN, ``None`` and blank text are empty cells;
- TRUE/FALSE is not a number; neither is a date (Excel turns ``1/2`` into one);
- text (when ``text=True``) follows ``[+-] digits [. digits] [e[+-]digits] [%]``
  after the width forms are folded (``１２３．５``, ``－５``, ``８５％``) and
  U+2212 is read as a minus. The integer part may be grouped in thousands
  (``1,234,567.5``); any other comma is ambiguous (``0,2236``, ``1,23``: a
  decimal comma?) and refused, as are ``1_000``, ``0x10``, ``1 234``,
  ``¥100``, ``nan``, ``inf`` and ``1e999`` (it overflows). ``85%`` is 0.85,
  or 85 with ``percent="points"``; Excel error texts (``#DIV/0!``) are invalid;
- with ``text=False`` (a number cell of a form) any text is invalid: the form
  itself tests ``ISNUMBER``, so a text "85%" shows as invalid there too.
  Only the truly empty string is empty then; a space is text, as in Excel.

Object columns are parsed one *distinct* value at a time (``pd.factorize``), so
a million cells holding a few texts cost a few parses.

Example:
    >>> p = parse_numbers(["85%", "1,234.5", "", "0,2236", True, "inf"])
    >>> p.values.tolist()[:2], p.missing.tolist()[2], p.invalid.tolist()
    ([0.85, 1234.5], True, [False, False, False, True, True, True])
    >>> p.reason.tolist()
    [None, None, None, 'ambiguous_comma', 'boolean', 'not_finite']
    >>> parse_number("３０％", percent="points")
    30.0
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd

Percent = Literal["fraction", "points"]

#: reason code of an invalid (or, for :func:`parse_number`, empty) cell → message code
REASONS: dict[str, str] = {
    "text": "NUMBER_TEXT",
    "text_in_number_cell": "NUMBER_TEXT_IN_NUMBER_CELL",
    "boolean": "NUMBER_BOOLEAN",
    "not_finite": "NUMBER_NOT_FINITE",
    "ambiguous_comma": "NUMBER_AMBIGUOUS_COMMA",
    "excel_error": "NUMBER_EXCEL_ERROR",
    "date": "NUMBER_DATE",
    "missing": "NUMBER_MISSING",
}

#: error values as Excel, WPS and LibreOffice show them (LibreOffice also writes ``Err:502``)
EXCEL_ERRORS = frozenset(
    "#DIV/0! #N/A #VALUE! #REF! #NAME? #NUM! #NULL! #SPILL! #CALC! #FIELD! #BLOCKED! "
    "#CONNECT! #BUSY! #UNKNOWN! #EXTERNAL! #GETTING_DATA".split()
)

_NUMBER = re.compile(
    r"""(?P<sign>[+-]?)
        (?P<int>[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]*)
        (?:\.(?P<frac>[0-9]*))?
        (?:[eE](?P<exp>[+-]?[0-9]+))?
        (?:[ \t\u00a0\u202f]*(?P<pct>%))?""",
    re.VERBOSE | re.ASCII,
)
# what a number with a misplaced comma looks like: digits, points and commas
_COMMA_NUMBER = re.compile(r"[+-]?[0-9.,]*[0-9][0-9.,]*(?:[eE][+-]?[0-9]+)?(?:\s*%)?", re.ASCII)
_NOT_FINITE_WORDS = frozenset({"NAN", "INF", "INFINITY", "∞", "1.#INF", "1.#QNAN"})
_BOOLEAN_WORDS = frozenset({"TRUE", "FALSE"})
# Only the width forms are folded (what NFKC does to ０-９ ＋ － ． ， ％ ｅ and the
# ideographic space): NFKC at large would also read "10²" as 102 and "①" as 1.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH |= {0x3000: 0x20, 0x2212: ord("-"), 0xFE62: ord("+"), 0xFE63: ord("-"), 0xFF05: ord("%")}
_BLANK = " \t\r\n\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
_BLANK += "\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"


@dataclass(frozen=True, eq=False)
class ParsedNumbers:
    """What :func:`parse_numbers` found, one entry per cell (all arrays of one shape).

    ``values``: float64, NaN where not a number; ``missing``: the cell is empty;
    ``invalid``: the cell holds something that is not a finite number;
    ``percent``: the text had a percent sign; ``reason``: a :data:`REASONS`
    key where invalid, else None.
    """

    values: np.ndarray
    missing: np.ndarray
    invalid: np.ndarray
    percent: np.ndarray
    reason: np.ndarray

    def __len__(self) -> int:
        return len(self.values)

    @property
    def ok(self) -> np.ndarray:
        """True where the cell holds a finite number."""
        return ~self.missing & ~self.invalid

    def reshape(self, *shape: Any) -> ParsedNumbers:
        """The same result with every array reshaped (UDF ranges are 2-D)."""
        return ParsedNumbers(*(getattr(self, f).reshape(*shape) for f in _FIELDS))


_FIELDS = ("values", "missing", "invalid", "percent", "reason")


class NumberError(ValueError):
    """A value that is not a finite number: ``reason`` (see :data:`REASONS`), ``code``, ``value``."""

    def __init__(self, reason: str, value: object) -> None:
        self.reason, self.code, self.value = reason, REASONS[reason], value
        super().__init__(f"{value!r} is not a number ({reason})")


def parse_numbers(
    values: Any, *, percent: Percent = "fraction", text: bool = True
) -> ParsedNumbers:
    """Parse a column of cells (see the module docstring for the rules).

    ``percent``: ``"fraction"`` reads ``85%`` as 0.85, ``"points"`` as 85.
    ``text``: False when the cell must hold a number itself (form input cells).

    Example:
        >>> p = parse_numbers(np.array([1.5, np.nan, np.inf]))
        >>> p.values.tolist()[0], p.missing.tolist(), p.reason.tolist()
        (1.5, [False, True, False], [None, None, 'not_finite'])
        >>> parse_numbers(["85%"], percent="points").values.tolist()
        [85.0]
    """
    if percent not in ("fraction", "points"):
        raise ValueError(f"percent must be 'fraction' or 'points', got {percent!r}")
    arr = _as_array(values)
    flat = arr.reshape(-1)
    kind = flat.dtype.kind
    if kind in "fiu":
        parsed = _from_floats(flat.astype(np.float64, copy=False))
    elif kind == "b":
        parsed = _constant(len(flat), invalid=True, reason="boolean")
    elif kind in "mM":
        parsed = _from_dates(flat)
    else:
        parsed = _from_objects(flat.astype(object, copy=False), percent == "points", text)
    return parsed.reshape(arr.shape)


def parse_number(value: object, *, percent: Percent = "fraction", text: bool = True) -> float:
    """One value as a finite float, or :class:`NumberError` saying why not (also when empty).

    Example:
        >>> parse_number("1,234.5"), parse_number("85%")
        (1234.5, 0.85)
        >>> try:
        ...     parse_number(float("inf"))
        ... except NumberError as err:
        ...     err.reason, err.code
        ('not_finite', 'NUMBER_NOT_FINITE')
    """
    cell = np.empty(1, dtype=object)
    cell[0] = value
    p = parse_numbers(cell, percent=percent, text=text)
    if p.missing[0]:
        raise NumberError("missing", value)
    if p.invalid[0]:
        raise NumberError(str(p.reason[0]), value)
    return float(p.values[0])


# -- whole arrays ------------------------------------------------------------------


def _as_array(values: Any) -> np.ndarray:
    if isinstance(values, pd.Series | pd.Index | pd.api.extensions.ExtensionArray):
        dtype = values.dtype
        if isinstance(dtype, pd.api.extensions.ExtensionDtype):
            if pd.api.types.is_float_dtype(dtype) or pd.api.types.is_integer_dtype(dtype):
                return values.to_numpy(dtype=np.float64, na_value=np.nan)
            return values.to_numpy(dtype=object, na_value=None)
        return values.to_numpy()
    if isinstance(values, np.ndarray):
        return values if values.ndim else values.reshape(1)
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        values = [values]
    items = list(values)
    if items and all(isinstance(v, list | tuple) for v in items):
        return np.array(items, dtype=object)  # a 2-D range
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _constant(n: int, *, invalid: bool, reason: str | None) -> ParsedNumbers:
    return ParsedNumbers(
        np.full(n, np.nan),
        np.zeros(n, bool),
        np.full(n, invalid),
        np.zeros(n, bool),
        np.full(n, reason, dtype=object),
    )


def _from_floats(values: np.ndarray) -> ParsedNumbers:
    missing = np.isnan(values)
    infinite = np.isinf(values)
    reason = np.full(len(values), None, dtype=object)
    reason[infinite] = "not_finite"
    clean = np.where(infinite, np.nan, values)
    return ParsedNumbers(clean, missing, infinite, np.zeros(len(values), bool), reason)


def _from_dates(values: np.ndarray) -> ParsedNumbers:
    missing = np.isnat(values)
    reason = np.where(missing, None, "date").astype(object)
    nan = np.full(len(values), np.nan)
    return ParsedNumbers(nan, missing, ~missing, np.zeros(len(values), bool), reason)


_FLOAT_TYPES = frozenset({float, np.float64, np.float32, np.float16})
_PLAIN = _FLOAT_TYPES | {int, type(None), np.int64, np.int32}
# plain decimal text, read by numpy at C speed (a CSV column of distinct numbers)
_PLAIN_TEXT = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?"


def _from_objects(values: np.ndarray, points: bool, text: bool) -> ParsedNumbers:
    """Object cells: plain numbers at once, anything else one distinct value at a time."""
    if set(map(type, values)) <= _PLAIN:  # what xlwings and calamine give for numbers
        try:
            return _from_floats(values.astype(np.float64))
        except OverflowError:  # an int too large for a float: the careful path says so
            pass
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # an unhashable cell (a list): parse every cell on its own
        codes, uniques = np.arange(len(values)), values
    distinct, boolish = _parse_distinct(np.asarray(uniques, dtype=object), points, text)
    parsed = ParsedNumbers(*(getattr(distinct, f)[codes] for f in _FIELDS))
    return _split_booleans(values, codes, boolish, parsed) if boolish else parsed


def _parse_distinct(uniques: np.ndarray, points: bool, text: bool) -> tuple[ParsedNumbers, list]:
    """One entry per distinct value, plus a last one for code -1 (an empty cell).

    Also returns the distinct values that may stand for TRUE/FALSE as well as 1/0.
    """
    n = len(uniques)
    out = _constant(n + 1, invalid=False, reason=None)
    out.missing[n] = True
    is_str = np.fromiter((type(u) is str for u in uniques), bool, n)
    strings = np.flatnonzero(is_str)
    if text and len(strings):
        s = pd.Series(uniques[strings], dtype=object)
        plain = s.str.fullmatch(_PLAIN_TEXT).to_numpy(dtype=bool)
        at = strings[plain]
        out.values[at] = s[plain].to_numpy(dtype=str).astype(np.float64)
        strings = strings[~plain]
        out.invalid[at] = np.isinf(out.values[at])
        out.reason[at[out.invalid[at]]] = "not_finite"
        out.values[at[out.invalid[at]]] = np.nan
    others = np.flatnonzero(~is_str)
    floats = others[np.fromiter((type(u) in _PLAIN for u in uniques[others]), bool)]
    try:
        out.values[floats] = uniques[floats].astype(np.float64)
    except OverflowError:  # an int beyond float range: those go one by one below
        floats = others[np.fromiter((type(u) in _FLOAT_TYPES for u in uniques[others]), bool)]
        out.values[floats] = uniques[floats].astype(np.float64)
    out.invalid[floats] = np.isinf(out.values[floats])
    out.reason[floats[out.invalid[floats]]] = "not_finite"
    out.values[floats[out.invalid[floats]]] = np.nan
    boolish = floats[(out.values[floats] == 0) | (out.values[floats] == 1)].tolist()
    rest = np.concatenate([strings, np.setdiff1d(others, floats, assume_unique=True)])
    for k in rest:
        u = uniques[k]
        x, out.missing[k], out.invalid[k], out.percent[k], out.reason[k] = _parse_one(
            u, points, text
        )
        out.values[k] = x
        if isinstance(u, bool | np.bool_) or (_is_real(u) and (u == 0 or u == 1)):
            boolish.append(k)
    return out, boolish


def _split_booleans(
    values: np.ndarray, codes: np.ndarray, boolish: list[int], parsed: ParsedNumbers
) -> ParsedNumbers:
    """Tell TRUE from 1 again: hashing puts True, 1 and 1.0 under one distinct value."""
    at = np.flatnonzero(np.isin(codes, boolish))
    is_bool = np.fromiter((isinstance(values[i], bool | np.bool_) for i in at), bool, len(at))
    number, flag = at[~is_bool], at[is_bool]
    parsed.values[number] = values[number].astype(np.float64)
    parsed.invalid[number], parsed.reason[number] = False, None
    parsed.values[flag], parsed.invalid[flag], parsed.reason[flag] = np.nan, True, "boolean"
    return parsed


# -- one value ---------------------------------------------------------------------


def _is_real(u: object) -> bool:
    """A real number that is not TRUE/FALSE (Decimal is not registered as numbers.Real)."""
    return isinstance(u, numbers.Real | Decimal) and not isinstance(u, bool | np.bool_)


def _parse_one(u: object, points: bool, text: bool) -> tuple[float, bool, bool, bool, Any]:
    """(value, missing, invalid, percent, reason) of one distinct cell value."""
    if isinstance(u, str):
        return _parse_text(u, points) if text else _parse_cell_text(u)
    if isinstance(u, bool | np.bool_):
        return (np.nan, False, True, False, "boolean")
    if _is_real(u):
        return _parse_real(u)
    if u is None or u is pd.NA or u is pd.NaT:
        return (np.nan, True, False, False, None)
    if isinstance(u, dt.date | dt.time | dt.timedelta | np.datetime64 | np.timedelta64):
        return (np.nan, False, True, False, "date")
    return (np.nan, False, True, False, "text_in_number_cell" if not text else "text")


def _parse_real(u: numbers.Real | Decimal) -> tuple[float, bool, bool, bool, Any]:
    try:
        x = float(u)
    except (OverflowError, ValueError):  # an int beyond float range; Decimal('sNaN')
        return (np.nan, False, True, False, "not_finite")
    if math.isnan(x):
        return (np.nan, True, False, False, None)
    if math.isinf(x):
        return (np.nan, False, True, False, "not_finite")
    return (x, False, False, False, None)


def _parse_cell_text(u: str) -> tuple[float, bool, bool, bool, Any]:
    """Text in a cell that must hold a number itself: only "" counts as empty."""
    if u == "":
        return (np.nan, True, False, False, None)
    if _is_excel_error(u.strip(_BLANK).upper()):
        return (np.nan, False, True, False, "excel_error")
    return (np.nan, False, True, False, "text_in_number_cell")


def _is_excel_error(up: str) -> bool:
    return up in EXCEL_ERRORS or (up.startswith("ERR:") and up[4:].isdigit())


def _parse_text(u: str, points: bool) -> tuple[float, bool, bool, bool, Any]:
    s = (u if u.isascii() else u.translate(_WIDTH)).strip(_BLANK)
    if not s:
        return (np.nan, True, False, False, None)
    m = _NUMBER.fullmatch(s)
    if m and (m["int"] or m["frac"]):
        pct = m["pct"] is not None
        x = _decimal_text(m, pct and not points)
        if math.isfinite(x):
            return (x, False, False, pct, None)
        return (np.nan, False, True, pct, "not_finite")
    up = s.upper()
    if _is_excel_error(up):
        reason = "excel_error"
    elif up in _BOOLEAN_WORDS:
        reason = "boolean"
    elif up.lstrip("+-").rstrip("%").strip() in _NOT_FINITE_WORDS:
        reason = "not_finite"
    elif "," in s and _COMMA_NUMBER.fullmatch(s):
        reason = "ambiguous_comma"
    else:
        reason = "text"
    return (np.nan, False, True, False, reason)


def _decimal_text(m: re.Match[str], shift: bool) -> float:
    """The matched number as the nearest double; ``shift`` divides by 100 in decimal."""
    exp = m["exp"] or "0"
    if shift:  # "0.1%" → 0.1e-2: the double nearest 0.001, as Excel reads the typed text
        exp = str(int(exp) - 2) if len(exp) < 10 else exp  # a 10-digit exponent over/underflows
    digits = (m["int"] or "0").replace(",", "")
    return float(f"{m['sign']}{digits}.{m['frac'] or '0'}e{exp}")
