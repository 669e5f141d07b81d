"""Write scoring results to .csv, .xlsx or .json, chosen by the output's extension.

- ``.csv``: the per-employee table at OUT and the per-indicator table at
  ``<stem>.indicators.csv`` next to it (UTF-8 with BOM, so Excel shows Chinese).
- ``.xlsx``: sheets ``Results`` and ``Indicators`` (plus ``Calibration``, and
  ``Pay`` and ``PayDepartments`` when pay was computed).
- ``.json``: ``{"scheme": ..., "employees": [...], "indicators": [...]}`` (plus
  ``"pay"`` and ``"pay_departments"`` when pay was computed).

Scores are written with full precision; only presentation layers round.
Money (the pay columns) is written exactly: decimal text with two places (or
the rounding step's places when it has more) in CSV, JSON numbers written from
that text (never a float with binary noise, never NaN), and numbers with a
currency format in xlsx. :func:`write_payroll` writes the payroll CSV.
All files are written atomically: either every output is complete, or none changed.

Example:
    >>> output_paths("out/results.csv")
    [PosixPath('out/results.csv'), PosixPath('out/results.indicators.csv')]
"""

from __future__ import annotations

import json
import math
import re
import uuid
from decimal import Decimal
from pathlib import Path

import pandas as pd

from xlperf.core.engine import Results, pay_columns
from xlperf.core.engine.pay import MONEY_COLUMNS
from xlperf.core.pay.checks import step_of
from xlperf.errors import Location, Problem, UsageError
from xlperf.io.atomic import atomic_path
from xlperf.messages import say

FORMATS = (".csv", ".xlsx", ".json")
#: the sheets write_results puts in a workbook (a workbook holding others is not xlperf's)
OWN_SHEETS = ("Results", "Indicators", "Calibration", "Pay", "PayDepartments")
PAYROLL_COLUMNS = ("employee_id", "name", "department", "bonus_amount", "commission", "pool_share", "total_pay")


def output_paths(out: str | Path) -> list[Path]:
    p = Path(out)
    suffix = p.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(
            f"Unsupported output {p}",
            [Problem(Location(file=str(p)), f"unknown output type '{suffix or '(none)'}'", "use a name ending in .csv, .xlsx or .json", f"未知的输出类型 '{suffix or '(无)'}'", "请使用 .csv、.xlsx 或 .json 结尾的文件名")],
        )
    if suffix == ".csv":
        return [p, p.with_name(f"{p.stem}.indicators.csv")]
    return [p]


def _records(df: pd.DataFrame) -> list[dict]:
    out = []
    for rec in df.to_dict(orient="records"):
        out.append({k: (None if isinstance(v, float) and math.isnan(v) else (v.item() if hasattr(v, "item") else v)) for k, v in rec.items()})
    return out


def money_places(results: Results) -> int:
    """Decimal places money is written with: two, or the rounding step's when it has more."""
    if results.scheme.pay is None:
        return 2
    return max(2, -step_of(results.scheme.pay).as_tuple().exponent)


def _fixed(frame: pd.DataFrame, places: int, as_text: bool) -> pd.DataFrame:
    """Money columns as Decimals with ``places`` places (or their text); other columns as they are."""
    quantum = Decimal(1).scaleb(-places)
    out = frame.copy()
    for col in (c for c in frame.columns if c in MONEY_COLUMNS):
        values = [None if v is None else _at_least(v, quantum) for v in frame[col].tolist()]
        out[col] = pd.Series([None if v is None else str(v) for v in values] if as_text else values,
                             index=frame.index, dtype=object)
    return out


def _at_least(value: Decimal, quantum: Decimal) -> Decimal:
    """``value`` with at least the quantum's places, never rounded (an input base keeps its digits)."""
    q = value.quantize(quantum)
    return q if q == value else value


def _tables(results: Results) -> dict[str, pd.DataFrame]:
    """The frames written, by sheet name: Results first; pay columns and frames when pay was computed."""
    paid = pay_columns(results.scheme) if results.pay is not None else []
    tables = {
        "Results": results.employees[results.result_columns + paid],
        "Indicators": results.indicators,
        "Calibration": results.calibration,
    }
    if results.pay is not None:
        tables["Pay"] = results.pay
        tables["PayDepartments"] = results.pay_departments
    return tables


def json_text(payload: object, indent: int | None = 1) -> str:
    """JSON with every Decimal written as the number it is (``12000.10``, not a float's digits).

    Example:
        >>> json_text({"pay": Decimal("0.30"), "n": [1, None]}, indent=None)
        '{"pay": 0.30, "n": [1, null]}'
    """
    token = uuid.uuid4().hex

    def mark(value: object) -> str:
        if isinstance(value, Decimal) and value.is_finite():
            return f"{token}{value}{token}"
        raise TypeError(f"cannot write {type(value).__name__} as JSON")

    text = json.dumps(payload, ensure_ascii=False, indent=indent, default=mark, allow_nan=False)
    return re.sub(f'"{token}([-+0-9.E]+){token}"', r"\1", text)


def write_results(results: Results, out: str | Path) -> list[Path]:
    """Write ``results`` to ``out``; returns the paths written."""
    paths = output_paths(out)
    suffix = paths[0].suffix.lower()
    places = money_places(results)
    tables = _tables(results)
    if suffix == ".csv":
        emp = _fixed(tables["Results"], places, as_text=True)
        with atomic_path(paths[0]) as a, atomic_path(paths[1]) as b:
            emp.to_csv(a, index=False, encoding="utf-8-sig", float_format="%.17g")
            tables["Indicators"].to_csv(b, index=False, encoding="utf-8-sig", float_format="%.17g")
    elif suffix == ".xlsx":
        with atomic_path(paths[0]) as tmp:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
                for name, frame in tables.items():
                    _fixed(frame, places, as_text=False).to_excel(xw, sheet_name=name, index=False)
                    _currency_format(xw.sheets[name], frame, places)
    else:
        payload = {"scheme": {"id": results.scheme.id, "version": results.scheme.version}}
        keys = {"Results": "employees", "Indicators": "indicators", "Pay": "pay", "PayDepartments": "pay_departments"}
        for name, key in keys.items():
            if name in tables:
                payload[key] = _records(_fixed(tables[name], places, as_text=False))
        with atomic_path(paths[0]) as tmp:
            tmp.write_text(json_text(payload), encoding="utf-8")
    return paths


def _currency_format(ws, frame: pd.DataFrame, places: int) -> None:
    """A currency number format (¥, thousands, ``places`` decimals) on the money columns."""
    fmt = '"¥"#,##0.' + "0" * places
    for j, col in enumerate(frame.columns, start=1):
        if col in MONEY_COLUMNS:
            for (cell,) in ws.iter_rows(min_row=2, max_row=len(frame) + 1, min_col=j, max_col=j):
                cell.number_format = fmt


def write_payroll(results: Results, path: str | Path) -> Path:
    """Write the payroll CSV (one row per employee, by employee id) for upload to a payroll system.

    Columns: employee_id, name, department, bonus_amount, commission,
    pool_share, total_pay; money with two places (UTF-8 with BOM). Raises
    :class:`~xlperf.errors.UsageError` when no pay was computed.
    """
    p = Path(path)
    if results.pay is None:
        why = "the scheme has no pay section" if results.scheme.pay is None else "no Pay table was given"
        why_zh = "方案没有 pay（薪酬）部分" if results.scheme.pay is None else "未提供薪酬基数表"
        problem = say("PAY_NOT_COMPUTED", Location(file=str(p)), why=why, why_zh=why_zh)
        raise UsageError(f"Cannot write the payroll {p}", [problem], f"无法写入工资表 {p}")
    frame = results.employees[list(PAYROLL_COLUMNS)].sort_values("employee_id", kind="stable")
    frame = _fixed(frame, money_places(results), as_text=True)
    with atomic_path(p) as tmp:
        frame.to_csv(tmp, index=False, encoding="utf-8-sig")
    return p
