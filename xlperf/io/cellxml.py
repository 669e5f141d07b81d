"""Worksheet cells as SpreadsheetML, rendered column by column (pyarrow compute, no cell objects).

A writer of big sheets spends its time on cell objects; here a block of
cells is a list of columns and each column becomes XML in a few vectorised
passes: numbers through Arrow's exact shortest round-trip formatting, any
other column one *distinct* value at a time (a 250,000-row column of
employee ids has 50,000 of them), then taken by position and joined with the
cell references. Rows come out as ``<row>`` elements with every cell's
``r``, in chunks of bytes, ready for a worksheet's ``<sheetData>``.

The rules (the same as the openpyxl path, so the sheets do not change):

- text is always an inline string (``t="inlineStr"``), never a formula,
  whatever it starts with; ``&``, ``<``, ``>`` are escaped, characters XML
  cannot carry become Excel's ``_xHHHH_`` escapes, surrounding whitespace is
  kept (``xml:space="preserve"``);
- numbers are written exactly (shortest round trip), Decimals as their text;
  NaN, ±inf, None, NA, NaT and the empty string are empty cells (no ``<c>``
  at all; openpyxl writes ``""`` as a blank cell too, so it reads back as None);
- TRUE/FALSE are booleans (``t="b"``); dates and times are Excel serial
  numbers with the number format openpyxl gives them (:func:`implied_formats`);
- a cell's style is an index into the workbook's cell formats, given per
  column (one index, or one per row), mapped at render time.

Example:
    >>> import numpy as np
    >>> cells = Cells(2, 1, [np.array(["E1", "<b>"], dtype=object), np.array([1.5, np.nan])])
    >>> b"".join(render_rows([cells], [[0, 7]], lambda s: s + 1))
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>E1</t></is></c><c r="B2" s="8"><v>1.5</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>&lt;b&gt;</t></is></c></row>'
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from xlperf.io.celltext import escape_text, text_fragment, text_fragments

#: rows rendered at once: bounds the memory of a band (and Arrow's 2 GiB string offsets)
CHUNK_ROWS = 32_768
#: number formats openpyxl gives date and time values
DATE_FORMATS = {
    dt.datetime: "yyyy-mm-dd h:mm:ss",
    dt.date: "yyyy-mm-dd",
    dt.time: "h:mm:ss",
    pd.Timestamp: "yyyy-mm-dd h:mm:ss",
}

Column = Any  # np.ndarray, pd.Series, pd.Categorical or a list: one value per row


@dataclass(frozen=True)
class Cells:
    """A block of cells: top row and left column (1-based), then its columns, all of one height."""

    row: int
    col: int
    columns: Sequence[Column]

    @property
    def height(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    @property
    def width(self) -> int:
        return len(self.columns)


def value_fragment(v: object) -> str | None:
    """The rest of a ``<c>`` element for one value, None for an empty cell.

    Example:
        >>> value_fragment(True), value_fragment(2.0), value_fragment(float("nan")), value_fragment("")
        (' t="b"><v>1</v></c>', '><v>2.0</v></c>', None, None)
    """
    if isinstance(v, str):
        return text_fragment(v) if v else None
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, bool):
        return f' t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int):
        return f"><v>{v}</v></c>"
    if isinstance(v, float):
        return f"><v>{v!r}</v></c>" if math.isfinite(v) else None
    if isinstance(v, Decimal):
        return f"><v>{v}</v></c>" if v.is_finite() else None
    if isinstance(v, dt.datetime | dt.date | dt.time):
        return f"><v>{to_excel(v)!r}</v></c>"
    raise TypeError(f"cannot write a {type(v).__name__} to a cell: {v!r}")


def implied_formats(column: Column) -> np.ndarray | None:
    """The number format each date or time cell needs (None elsewhere); None when the column has none."""
    values = _values(column)
    if values.dtype.kind == "M":
        return np.where(np.isnat(values), None, DATE_FORMATS[dt.datetime]).astype(object)
    if values.dtype != object:
        return None
    codes, uniques = _factorize(values)
    if not {type(u) for u in uniques} & _DATE_TYPES:
        return None
    fmts = [_date_format(u) for u in uniques]
    table = np.array([*fmts, None], dtype=object)
    return table[codes]


_DATE_TYPES = {dt.datetime, dt.date, dt.time, pd.Timestamp}


def _date_format(v: object) -> str | None:
    if isinstance(v, dt.datetime | dt.date | dt.time):
        return DATE_FORMATS[dt.datetime if isinstance(v, dt.datetime) else type(v)]
    return None


def _values(column: Column) -> np.ndarray:
    if isinstance(column, pd.Series | pd.Index):
        column = column.array
    if isinstance(column, pd.Categorical):
        return column  # type: ignore[return-value]
    if isinstance(column, pd.api.extensions.ExtensionArray):
        if pd.api.types.is_float_dtype(column.dtype) or pd.api.types.is_integer_dtype(column.dtype):
            return column.to_numpy(dtype=np.float64, na_value=np.nan)
        return column.to_numpy(dtype=object, na_value=None)
    if isinstance(column, np.ndarray):
        return column
    out = np.empty(len(column), dtype=object)
    out[:] = list(column)
    return out


def _factorize(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1 → the extra last entry) and distinct values; unhashable cells one by one."""
    if isinstance(values, pd.Categorical):
        return values.codes.astype(np.int64), np.asarray(values.categories, dtype=object)
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:
        return np.arange(len(values)), np.asarray(values, dtype=object)
    uniq = np.asarray(uniques, dtype=object)
    if values.dtype == object and len(uniq) and _has_bool_and_number(uniq):
        return np.arange(len(values)), np.asarray(values, dtype=object)  # True == 1: keep both
    return codes, uniq


def _has_bool_and_number(uniques: np.ndarray) -> bool:
    kinds = {type(u) for u in uniques}
    return any(k in (bool, np.bool_) for k in kinds) and any(
        k in (int, float, np.int64, np.float64) for k in kinds
    )


def value_fragments(column: Column) -> pa.Array:
    """One fragment per row (null where the cell is empty): what follows the style attribute."""
    strings = _arrow_strings(column)
    if strings is not None:  # pandas' Arrow-backed text: distinct values without Python objects
        encoded = strings.dictionary_encode()
        return text_fragments(encoded.dictionary).take(encoded.indices)
    values = _values(column)
    kind = values.dtype.kind if isinstance(values, np.ndarray) else "O"
    if kind == "f":
        text = pa.array(values, mask=~np.isfinite(values)).cast(pa.string())
        return pc.binary_join_element_wise("><v>", text, "</v></c>", "")
    if kind in "iu":
        return pc.binary_join_element_wise(
            "><v>", pa.array(values).cast(pa.string()), "</v></c>", ""
        )
    if kind == "M":
        values = np.array(
            [None if pd.isna(v) else pd.Timestamp(v).to_pydatetime() for v in values], dtype=object
        )
    codes, uniques = _factorize(values)
    return _fragments_of(uniques).take(pa.array(codes, mask=codes < 0))


_FLOATS = {float, np.float64}


def _fragments_of(uniques: np.ndarray) -> pa.Array:
    """Fragments of distinct values: text in bulk, anything else one by one."""
    kinds = set(map(type, uniques))
    if kinds <= _FLOATS:  # numbers read back as objects: formatted in bulk
        return value_fragments(np.asarray(uniques, dtype=np.float64))
    is_text = np.fromiter((type(u) is str for u in uniques), bool, len(uniques))
    if is_text.all():
        return text_fragments(pa.array(uniques.tolist(), pa.string()))
    out = [None if t else value_fragment(u) for u, t in zip(uniques, is_text, strict=True)]
    if is_text.any():
        texts = text_fragments(pa.array(uniques[is_text].tolist(), pa.string())).to_pylist()
        for i, fragment in zip(np.flatnonzero(is_text), texts, strict=True):
            out[i] = fragment
    return pa.array(out, pa.string())


def _arrow_strings(column: Column) -> pa.Array | None:
    array = column.array if isinstance(column, pd.Series | pd.Index) else column
    if not isinstance(array, pd.api.extensions.ExtensionArray) or isinstance(array, pd.Categorical):
        return None
    if not pd.api.types.is_string_dtype(array.dtype):
        return None
    try:
        strings = pa.array(array)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if isinstance(strings, pa.ChunkedArray):  # a concatenated column is several chunks
        strings = strings.combine_chunks()
    if pa.types.is_large_string(strings.type):
        strings = strings.cast(pa.string())
    return strings if pa.types.is_string(strings.type) else None


def _style_attrs(
    style: int | np.ndarray, mapped: Callable[[int], int], n: int
) -> pa.Array | pa.Scalar:
    if isinstance(style, np.ndarray):
        codes, uniques = pd.factorize(style)
        attrs = [f' s="{m}"' if u and (m := mapped(int(u))) else "" for u in uniques]
        return pa.array(attrs, pa.string()).take(pa.array(codes))
    m = mapped(int(style)) if style else 0
    return pa.scalar(f' s="{m}"' if m else "", pa.string())


def _block_cells(
    cells: Cells,
    styles: Sequence[int | np.ndarray],
    mapped: Callable[[int], int],
    start: int,
    stop: int,
    refs: pa.Array,
) -> list[pa.Array]:
    """Each column's ``<c>`` elements for rows ``start:stop`` of a block (null where empty)."""
    parts = []
    for j, column in enumerate(cells.columns):
        letter = get_column_letter(cells.col + j)
        frag = value_fragments(_slice(column, start, stop))
        style = styles[j]
        style = style[start:stop] if isinstance(style, np.ndarray) else style
        attrs = _style_attrs(style, mapped, stop - start)
        parts.append(pc.binary_join_element_wise(f'<c r="{letter}', refs, '"', attrs, frag, ""))
    return parts


def _any_valid(parts: list[pa.Array]) -> pa.Array:
    out = pc.is_valid(parts[0])
    for p in parts[1:]:
        out = pc.or_(out, pc.is_valid(p))
    return out


def _slice(column: Column, start: int, stop: int) -> Column:
    if isinstance(column, pd.Series):
        return column.iloc[start:stop]
    return column[start:stop]


def render_rows(
    blocks: Sequence[Cells],
    styles: Sequence[Sequence[int | np.ndarray]],
    mapped: Callable[[int], int] = int,
) -> Iterator[bytes]:
    """``<row>`` elements of non-overlapping ``blocks`` (styles: per block, per column), in row order.

    ``mapped`` turns a style index of ``styles`` into the one to write (0: no ``s``).
    Rows without a value are left out.
    """
    edges = sorted(
        {b.row for b in blocks if b.height} | {b.row + b.height for b in blocks if b.height}
    )
    for top, bottom in zip(edges[:-1], edges[1:], strict=False):
        band = sorted(
            (
                (b, s)
                for b, s in zip(blocks, styles, strict=True)
                if b.height and b.row <= top and bottom <= b.row + b.height
            ),
            key=lambda x: x[0].col,
        )
        for first in range(top, bottom, CHUNK_ROWS):
            last = min(first + CHUNK_ROWS, bottom)
            yield from _rows_of(band, mapped, first, last)


def _rows_of(band, mapped, first: int, last: int) -> Iterator[bytes]:
    if not band:
        return
    refs = pa.array(np.arange(first, last)).cast(pa.string())
    cells = [
        c for b, s in band for c in _block_cells(b, s, mapped, first - b.row, last - b.row, refs)
    ]
    if not cells:
        return
    present = _any_valid(cells)
    joined = pc.binary_join_element_wise(
        '<row r="', refs, '">', *cells, "</row>", "", null_handling="replace", null_replacement=""
    )
    rows = joined.filter(present) if not pc.all(present).as_py() else joined
    if len(rows):
        yield joined_bytes(rows)


def joined_bytes(strings: pa.Array) -> bytes:
    """The concatenated bytes of a string array (one copy)."""
    if isinstance(strings, pa.ChunkedArray):
        strings = strings.combine_chunks()
    offsets = np.frombuffer(
        strings.buffers()[1], dtype=np.int32, count=len(strings) + 1, offset=strings.offset * 4
    )
    data = strings.buffers()[2]
    return bytes(memoryview(data)[offsets[0] : offsets[-1]]) if data is not None else b""


@dataclass(frozen=True)
class SheetBody:
    """A sheet's cells ready to render: blocks and their style indexes (per block, per column).

    What :func:`xlperf.io.package.splice` and the standalone writer put in
    ``<sheetData>``; ``chunks(mapped)`` renders the rows, mapping each style index.
    """

    blocks: Sequence[Cells]
    styles: Sequence[Sequence[int | np.ndarray]]

    @property
    def ref(self) -> str | None:
        return used_ref(self.blocks)

    def chunks(self, mapped: Callable[[int], int] = int) -> Iterator[bytes]:
        return render_rows(self.blocks, self.styles, mapped)

    def style_indexes(self) -> set[int]:
        """Every style index the cells use (0, no style, left out)."""
        used: set[int] = set()
        for columns in self.styles:
            for style in columns:
                used.update(np.unique(style).tolist() if isinstance(style, np.ndarray) else [style])
        return used - {0}


def used_ref(blocks: Sequence[Cells]) -> str | None:
    """The A1 range the blocks cover (for ``<dimension>``), None when empty."""
    live = [b for b in blocks if b.height and b.width]
    if not live:
        return None
    top, left = min(b.row for b in live), min(b.col for b in live)
    bottom = max(b.row + b.height - 1 for b in live)
    right = max(b.col + b.width - 1 for b in live)
    first, last = f"{get_column_letter(left)}{top}", f"{get_column_letter(right)}{bottom}"
    return first if first == last else f"{first}:{last}"


__all__ = [
    "Cells",
    "SheetBody",
    "escape_text",
    "implied_formats",
    "joined_bytes",
    "render_rows",
    "used_ref",
    "value_fragment",
    "value_fragments",
]
