"""Cell values for the output sheets: plain Python values, NaN as empty.

Example:
    >>> import numpy as np
    >>> clean(np.float64(1.5)), clean(float("nan")), clean(None)
    (1.5, None, None)
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def clean(v: object) -> object:
    """A value fit for a cell: numpy scalars unwrapped, NaN/NA as None."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def frame_rows(df: pd.DataFrame) -> list[list]:
    """A frame's rows as lists of clean values."""
    cols = [df[c].astype(object).tolist() for c in df.columns]
    return [[clean(v) for v in r] for r in zip(*cols, strict=True)] if cols else []


def write_table(book, sheet: str, header: list, frame: pd.DataFrame) -> None:
    """A header row and a frame's rows from A1: as columns when the book takes them (fast), else rows."""
    if "frame" in book.capabilities:
        book.write_frame(sheet, "A1", header, frame)
    else:
        book.write_block(sheet, "A1", [header, *frame_rows(frame)])
