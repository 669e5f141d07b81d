"""A table's contents hashed as pandas writes it to CSV, without writing it.

The Run log's input fingerprint is a hash of each input table's
``to_csv(index=False)`` text. At a million rows, pandas spends seconds
formatting cells one by one; :func:`update_csv_hash` makes the same bytes
column by column (each distinct value formatted once, the rows joined by
Arrow) and feeds them to the hash in chunks, so the fingerprint of a master
does not change with the reader or the xlperf version.

Example:
    >>> import hashlib
    >>> df = pd.DataFrame({"id": ["E1", 'say "hi"', None], "x": [1.5, float("nan"), 1e16]})
    >>> a, b = hashlib.sha256(), hashlib.sha256()
    >>> update_csv_hash(a, df); b.update(df.to_csv(index=False).encode("utf-8"))
    >>> a.hexdigest() == b.hexdigest()
    True
"""

from __future__ import annotations

import csv
import io
import os
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from xlperf.io.cellxml import joined_bytes

CHUNK_ROWS = 65_536
_SPECIAL = (",", '"', "\r", "\n")


def csv_field(text: str, terminator: str = os.linesep) -> str:
    """One field as :mod:`csv` writes it in a row of several (minimal quoting, quotes doubled).

    Which characters make it quote differs between Python versions (``\\r``
    alone is not quoted by 3.11), so any text that might be quoted is written
    by :mod:`csv` itself.

    Example:
        >>> csv_field("plain"), csv_field('a"b'), csv_field("a,b", "\\n")
        ('plain', '"a""b"', '"a,b"')
    """
    if not any(c in text for c in _SPECIAL) and not any(c in text for c in terminator):
        return text
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=terminator).writerow([text, ""])
    return buffer.getvalue()[: -len(terminator) - 1]


def _texts(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(codes, field texts of the distinct values); code -1 is an empty field."""
    values = column.array
    if isinstance(values, pd.arrays.NumpyExtensionArray):
        values = values.to_numpy()
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return codes, [csv_field(t) for t in np.asarray(uniques).astype(str).tolist()]
    if isinstance(values, pd.Categorical):
        codes, uniques = values.codes, np.asarray(values.categories, dtype=object)
    else:
        codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
    return codes, [csv_field(u if isinstance(u, str) else str(u)) for u in uniques]


def _field_array(column: pd.Series) -> pa.Array:
    codes, texts = _texts(column)
    table = pa.array([*texts, ""], pa.string())
    codes = np.where(np.asarray(codes) < 0, len(texts), codes)
    return table.take(pa.array(codes))


def update_csv_hash(h: Any, df: pd.DataFrame) -> None:
    """Feed ``h`` the bytes of ``df.to_csv(index=False)`` (UTF-8), chunk by chunk."""
    eol = os.linesep
    header = io.StringIO()
    csv.writer(header, lineterminator=eol).writerow([str(c) for c in df.columns])
    h.update(header.getvalue().encode("utf-8"))
    if not len(df) or not len(df.columns):
        return
    fields = [_field_array(df.iloc[:, j]) for j in range(df.shape[1])]
    for start in range(0, len(df), CHUNK_ROWS):
        part = [f.slice(start, CHUNK_ROWS) for f in fields]
        if len(part) == 1:  # a lone empty field is written quoted
            part = [pc.if_else(pc.equal(part[0], ""), '""', part[0])]
        pieces = [p for f in part for p in (f, ",")][:-1]
        rows = pc.binary_join_element_wise(*pieces, eol, "")
        h.update(joined_bytes(rows))


__all__ = ["csv_field", "update_csv_hash"]
