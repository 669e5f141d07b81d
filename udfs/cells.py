"""What every worksheet function shares: cells in, spilled results out, messages, guard.

xlwings hands a UDF scalars, 2-D lists (``ndim=2``), numpy arrays and ``None``
for empty cells; :func:`grid` turns any of them into a 2-D object array and
:func:`spill` turns results back into the 2-D list Excel spills. Numbers are
read by the one parser (:mod:`xlperf.core.numbers`), messages come from the
catalogue (:mod:`xlperf.messages`, codes ``UDF_*`` and the Data table's own),
and :func:`guarded` makes sure a cell never shows a traceback.

Example:
    >>> import numpy as np
    >>> grid([1.0, None]).shape, spill(np.array([[90.0], [np.nan]]), np.array([[None], [""]]))
    ((2, 1), [[90.0], ['']])
    >>> message("UDF_NOT_A_NUMBER", "zh", argument="target")
    '目标值必须是数字'
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from xlperf.addin.settings import workbook_language, workbook_settings
from xlperf.core.numbers import ParsedNumbers, Percent, parse_numbers
from xlperf.core.scheme import Scheme
from xlperf.errors import XlperfError
from xlperf.messages import short_text
from xlperf.messages.glossary import TERMS

VALUE_ERROR = "#VALUE!"

#: the Chinese words of UDF arguments that are not glossary terms
_ARGUMENT_ZH = {
    "method_or_indicator": "计分方法或指标",
    "score": "得分",
    "scores": "得分",
    "groups": "分组",
    "grades": "等级",
}


class UdfError(Exception):
    """A bad argument: the whole result is this one catalogue message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def message(code: str, lang: str, **params: object) -> str:
    """The cell text of catalogue message ``code``; ``argument`` gets its Chinese term too.

    Example:
        >>> message("UDF_SHAPE_MISMATCH", "en", argument="baseline")
        'baseline must be one cell or the same size as the first range'
    """
    argument = params.get("argument")
    if argument is not None and "argument_zh" not in params:
        word = TERMS.get(str(argument), (None,))[0] or _ARGUMENT_ZH.get(str(argument), argument)
        params["argument_zh"] = word
    return short_text(code, lang, **params)


# -- cells in ------------------------------------------------------------------------------


def grid(value: Any) -> np.ndarray:
    """Any xlwings value as a 2-D object array; a 1-D sequence is a column.

    Example:
        >>> grid(90).shape, grid([[1, 2]]).shape, grid([1, 2, 3]).shape
        ((1, 1), (1, 2), (3, 1))
    """
    if isinstance(value, np.ndarray):
        arr = value.astype(object)
        return arr.reshape(1, 1) if arr.ndim == 0 else arr.reshape(-1, 1) if arr.ndim == 1 else arr
    if isinstance(value, list | tuple):
        if value and isinstance(value[0], list | tuple):
            width = len(value[0])
            if any(len(row) != width for row in value):
                raise UdfError("UDF_NOT_RECTANGULAR")
            arr = np.empty((len(value), width), dtype=object)
            arr[:] = value  # one C-level copy, keeps str/None/float cells as they are
            return arr
        arr = np.empty((len(value), 1), dtype=object)
        arr[:, 0] = value
        return arr
    arr = np.empty((1, 1), dtype=object)
    arr[0, 0] = value
    return arr


def numbers(cells: np.ndarray, percent: Percent = "fraction") -> ParsedNumbers:
    """The cells through the one number parser (text allowed, as in the engine's tables).

    Example:
        >>> numbers(grid(["85%", "#DIV/0!", None])).invalid.reshape(-1).tolist()
        [False, True, False]
    """
    return parse_numbers(cells, percent=percent)


def texts(cells: np.ndarray) -> np.ndarray:
    """Cells as stripped text: empty for blank, ``4`` (not ``4.0``) for a whole number.

    Example:
        >>> texts(grid([4.0, None, " A "])).reshape(-1).tolist()
        ['4', '', 'A']
    """
    out = np.empty(cells.shape, dtype=object)
    for idx, v in np.ndenumerate(cells):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out[idx] = ""
        elif isinstance(v, float) and v.is_integer():
            out[idx] = str(int(v))
        else:
            out[idx] = str(v).strip()
    return out


def broadcast(cells: np.ndarray, shape: tuple[int, ...], argument: str) -> np.ndarray:
    """One cell for all, or one per cell of the first range.

    Example:
        >>> broadcast(grid(100.0), (2, 1), "target").tolist()
        [[100.0], [100.0]]
    """
    try:
        return np.broadcast_to(cells, shape)
    except ValueError:
        raise UdfError("UDF_SHAPE_MISMATCH", argument=argument) from None


# -- results out ---------------------------------------------------------------------------


def spill(values: np.ndarray, messages: np.ndarray) -> list[list[Any]]:
    """Values where there is no message; the message (``""`` for blank) where there is.

    Example:
        >>> spill(np.array([[1.0, np.inf]]), np.array([[None, None]]))
        [[1.0, '#VALUE!']]
    """
    out = values.tolist()  # plain Python values, converted in C
    special = messages != None  # noqa: E711 - elementwise on an object array
    if values.dtype.kind == "f":
        special |= ~np.isfinite(values)
    for i, j in zip(*np.nonzero(special), strict=True):
        out[i][j] = VALUE_ERROR if messages[i, j] is None else messages[i, j]
    return out


# -- the calling workbook ------------------------------------------------------------------


def book_of(caller: Any) -> Any:
    """The workbook of the calling cell (None outside Excel).

    Example:
        >>> book_of(None) is None
        True
    """
    return getattr(getattr(caller, "sheet", None), "book", None)


def settings_of(caller: Any) -> tuple[Scheme | None, str]:
    """The scheme and language of the caller's workbook (see xlperf.addin.settings).

    Example:
        >>> settings_of(None)
        (None, 'zh')
    """
    return workbook_settings(book_of(caller)) if caller is not None else (None, "zh")


def need_scheme(scheme: Scheme | None) -> Scheme:
    """The scheme, or the message that the workbook names none.

    Example:
        >>> try:
        ...     need_scheme(None)
        ... except UdfError as bad:
        ...     bad.code
        'UDF_NO_SCHEME'
    """
    if scheme is None:
        raise UdfError("UDF_NO_SCHEME")
    return scheme


def guarded(func: Callable[..., list[list[Any]]]) -> Callable[..., Any]:
    """Turn every failure into a short message or ``#VALUE!``, never a traceback.

    Example:
        >>> guarded(lambda caller=None: 1 / 0)()
        [['#VALUE!']]
    """
    signature = inspect.signature(func)

    def language(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
        try:
            caller = signature.bind_partial(*args, **kwargs).arguments.get("caller")
        except TypeError:
            return "zh"
        book = book_of(caller)
        return workbook_language(book) if book is not None else "zh"

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UdfError as bad:
            return [[message(bad.code, language(args, kwargs), **bad.params)]]
        except XlperfError as err:  # e.g. the workbook's scheme does not validate
            first = err.problems[0] if err.problems else None
            return [[first.render(language(args, kwargs)) if first else err.message]]
        except Exception:  # noqa: BLE001 - a cell must never show a Python traceback
            return [[VALUE_ERROR]]

    return wrapper
