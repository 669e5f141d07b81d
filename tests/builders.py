"""Builders for schemes and input tables used by the core tests (no checked-in data blobs).

Imported as ``from builders import ...`` (the tests folder is on sys.path through
``tests/conftest.py``); a plain module, so no other folder's conftest can shadow it.
"""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd

import xlperf

BASE_SCHEME: dict[str, Any] = {
    "scheme": {"id": "t-1", "name": "测试方案", "version": 1},
    "rating_scale": {"min": 1, "max": 5},
    "defaults": {"floor": 0, "cap": 150},
    "sections": [{"id": "kpi", "name": "业绩", "weight": 100}],
    "indicators": [
        {"code": "REV", "name": "收入", "method": "ratio"},
        {"code": "COST", "name": "费用", "method": "inverse"},
    ],
    "roles": [
        {
            "id": "rep",
            "name": "专员",
            "indicators": [{"code": "REV", "weight": 60}, {"code": "COST", "weight": 40}],
        }
    ],
    "grades": [
        {"grade": "A", "min": 110},
        {"grade": "B", "min": 100},
        {"grade": "C", "min": 80},
        {"grade": "D", "min": 0},
    ],
}


def scheme_dict(**changes: Any) -> dict[str, Any]:
    """A copy of the small test scheme with top-level keys replaced."""
    raw = copy.deepcopy(BASE_SCHEME)
    raw.update(copy.deepcopy(changes))
    return raw


def make_scheme(**changes: Any) -> xlperf.Scheme:
    return xlperf.parse_scheme(scheme_dict(**changes))


def one_indicator_scheme(indicator: dict[str, Any], **changes: Any) -> xlperf.Scheme:
    """A scheme with a single indicator X (weight 100) configured as given."""
    ind = {"code": "X", "name": "指标X", **indicator}
    return make_scheme(
        indicators=[ind],
        roles=[{"id": "r", "name": "岗位", "indicators": [{"code": "X", "weight": 100}]}],
        **changes,
    )


def data_rows(
    rows: list[tuple],
    columns: tuple[str, ...] = (
        "employee_id",
        "department",
        "role",
        "indicator",
        "actual",
        "target",
    ),
) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def scores_table(
    final_scores: dict[str, float], department: str | dict[str, str] = "D1"
) -> pd.DataFrame:
    """Data rows giving each employee exactly ``final_score`` with a single ratio indicator X (target 100)."""
    rows = []
    for emp, score in final_scores.items():
        dept = department[emp] if isinstance(department, dict) else department
        rows.append((emp, dept, "r", "X", score, 100.0))
    return data_rows(rows)
