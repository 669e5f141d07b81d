"""Random text in any input cell never gives a traceback, a non-finite score or a formula (issue 10)."""

from __future__ import annotations

import json
import math

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlperf.cli import main
from xlperf.core.scheme import shipped_schemes

SALES = shipped_schemes()["sales"]
COLUMNS = [
    "employee_id",
    "name",
    "department",
    "role",
    "indicator",
    "actual",
    "target",
    "baseline",
    "weight",
]
GOOD = [
    ["E1", "张三", "销售一部", "sales_rep", "SALES_REV", 110, 100, None, None],
    ["E1", "张三", "销售一部", "sales_rep", "SALES_GROWTH", 1.12, None, 1.0, None],
    ["E1", "张三", "销售一部", "sales_rep", "CSAT", 92, None, None, None],
    ["E1", "张三", "销售一部", "sales_rep", "MARKET_SHARE", 0.2, 0.2, None, None],
    ["E1", "张三", "销售一部", "sales_rep", "NEW_CUST", 12, 10, None, None],
    ["E2", "李四", "销售一部", "sales_rep", "SALES_REV", 90, 100, None, None],
    ["E2", "李四", "销售一部", "sales_rep", "SALES_GROWTH", 1.05, None, 1.0, None],
    ["E2", "李四", "销售一部", "sales_rep", "CSAT", 85, None, None, None],
    ["E2", "李四", "销售一部", "sales_rep", "MARKET_SHARE", 0.18, 0.2, None, None],
    ["E2", "李四", "销售一部", "sales_rep", "NEW_CUST", 8, 10, None, None],
]
RATINGS = pd.DataFrame(
    [
        (e, d, "supervisor", 4)
        for e in ("E1", "E2")
        for d in ("PRO", "EXEC", "TEAM", "INNOV", "RESP")
    ],
    columns=["employee_id", "dimension", "rater", "rating"],
)
NASTY = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "inf",
            "-inf",
            "nan",
            "1e999",
            "TRUE",
            "=1+1",
            "+1",
            "-1+1",
            "@SUM(A1)",
            '=HYPERLINK("x","y")',
            "0,2236",
            "1_000",
            "８５％",
            "#DIV/0!",
            "N/A",
            "",
            " ",
            "\t=1",
            "\r",
            "１,２３４",
        ]
    ),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**20), 10**20),
    st.booleans(),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(
        st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, len(COLUMNS) - 1), NASTY),
        min_size=1,
        max_size=4,
    ),
    suffix=st.sampled_from([".json", ".xlsx"]),
)
def test_random_text_in_any_cell(tmp_path_factory, cells, suffix):
    folder = tmp_path_factory.mktemp("h")
    rows = [list(r) for r in GOOD]
    for r, c, v in cells:
        rows[r][c] = v
    data, ratings = folder / "d.xlsx", folder / "r.csv"
    pd.DataFrame(rows, columns=COLUMNS).to_excel(data, index=False)
    RATINGS.to_csv(ratings, index=False)
    out = folder / f"o{suffix}"
    code = main(
        [
            "score",
            "--scheme",
            str(SALES),
            "--data",
            str(data),
            "--ratings",
            str(ratings),
            "--out",
            str(out),
            "--lang",
            "en",
        ]
    )
    assert code in (0, 3), code  # 1 would be an internal error (a traceback caught)
    if code == 3:
        assert not out.exists()
        return
    if suffix == ".json":
        payload = json.loads(out.read_text(encoding="utf-8"), parse_constant=_refuse)
        for e in payload["employees"]:
            assert e["final_score"] is None or math.isfinite(e["final_score"])
            assert e["final_score"] is not None
    else:
        wb = openpyxl.load_workbook(out)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}: {cell.value!r}"


def _refuse(name: str):
    raise AssertionError(f"JSON holds {name}")
