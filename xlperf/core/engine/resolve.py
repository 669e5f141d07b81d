"""Typed words → scheme codes, on distinct values only (a 1M-row column has few distinct words).

Example:
    >>> import pandas as pd
    >>> from xlperf.core.tables import Table
    >>> t = Table.wrap(pd.DataFrame({"工号": ["E1", "E2"], "岗位": ["销售专员", "x"]}), "roster")
    >>> resolve(t, "role", {"销售专员": "sales_rep"}, ["sales_rep"]).tolist()
    [0, -1]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlperf.core.scheme.records import norm_word
from xlperf.core.tables import Table


def resolve(t: Table, column: str, words: dict[str, str], canon: list[str]) -> np.ndarray:
    """Index of each cell's canonical code in ``canon`` (-1 when unknown or empty)."""
    codes, labels = t.codes(column)
    index = {c: i for i, c in enumerate(canon)}
    mapped = np.array([index.get(words.get(norm_word(u), ""), -1) for u in labels], dtype=np.int64)
    return mapped[codes]


def employee_positions(t: Table, emp_index: pd.Index) -> np.ndarray:
    """Position of each row's employee in ``emp_index`` (-1 when unknown)."""
    codes, labels = t.codes("employee_id")
    if not len(emp_index):
        return np.full(len(codes), -1, dtype=np.int64)
    return emp_index.get_indexer(pd.Index(labels, dtype=object))[codes]
