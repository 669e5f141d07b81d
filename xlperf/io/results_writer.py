"""Write scoring results to .csv, .xlsx or .json, chosen by the output's extension.

- ``.csv``: the per-employee table at OUT and the per-indicator table at
  ``<stem>.indicators.csv`` next to it (UTF-8 with BOM, so Excel shows Chinese);
  text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
  carriage return) gets a leading ``'`` (see :mod:`xlperf.io.textsafe`);
- ``.xlsx``: sheets ``Results``, ``Indicators`` and ``Calibration``; every text
  cell is a string, never a formula;
- ``.json``: ``{"scheme": ..., "employees": [...], "indicators": [...]}``, with
  ``null`` for a missing number, never ``NaN`` or ``Infinity``.

Scores are written with full precision; only presentation layers round.
All files are written atomically: either every output is complete, or none changed.

Example:
    >>> output_paths("out/results.csv")
    [PosixPath('out/results.csv'), PosixPath('out/results.indicators.csv')]
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

import pandas as pd

from xlperf.core.engine import Results
from xlperf.errors import Location, UsageError
from xlperf.io.atomic import atomic_path
from xlperf.io.textsafe import csv_text
from xlperf.messages import say

FORMATS = (".csv", ".xlsx", ".json")
OWN_SHEETS = frozenset({"Results", "Indicators", "Calibration"})


def output_paths(out: str | Path) -> list[Path]:
    p = Path(out)
    suffix = p.suffix.lower()
    if suffix not in FORMATS:
        where = Location(file=str(p))
        raise UsageError(
            f"Unsupported output {p}",
            [say("USAGE_OUTPUT_TYPE", where, suffix=suffix or "(none)", choices=", ".join(FORMATS))],
        )
    if suffix == ".csv":
        return [p, p.with_name(f"{p.stem}.indicators.csv")]
    return [p]


def json_value(v: object) -> object:
    """A cell as JSON: numbers as numbers (exact decimals kept), NaN and ±inf as null."""
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if v is pd.NA or v is pd.NaT:
        return None
    return v


class _Encoder(json.JSONEncoder):
    def default(self, o: object) -> object:
        if isinstance(o, Decimal):
            return float(o)  # money: two places; float(str) of a short decimal is exact to print
        return super().default(o)


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: json_value(v) for k, v in rec.items()} for rec in df.to_dict(orient="records")]


def _safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype):
            out[c] = out[c].map(csv_text)
    return out


def _write_xlsx(tmp: Path, frames: dict[str, pd.DataFrame]) -> None:
    options = {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": False}
    with pd.ExcelWriter(tmp, engine="xlsxwriter", engine_kwargs={"options": options}) as xw:
        for name, frame in frames.items():
            frame.to_excel(xw, sheet_name=name, index=False)


def write_results(results: Results, out: str | Path) -> list[Path]:
    """Write ``results`` to ``out``; returns the paths written."""
    paths = output_paths(out)
    suffix = paths[0].suffix.lower()
    contract = results.result_columns
    emp = results.employees[contract + [c for c in results.employees.columns if c not in contract]]
    ind = results.indicators
    if suffix == ".csv":
        with atomic_path(paths[0]) as a, atomic_path(paths[1]) as b:
            _safe_frame(emp).to_csv(a, index=False, encoding="utf-8-sig", float_format="%.17g")
            _safe_frame(ind).to_csv(b, index=False, encoding="utf-8-sig", float_format="%.17g")
    elif suffix == ".xlsx":
        with atomic_path(paths[0]) as tmp:
            _write_xlsx(tmp, {"Results": emp, "Indicators": ind, "Calibration": results.calibration})
    else:
        payload = {
            "scheme": {"id": results.scheme.id, "version": results.scheme.version},
            "employees": _records(emp),
            "indicators": _records(ind),
        }
        text = json.dumps(payload, ensure_ascii=False, indent=1, allow_nan=False, cls=_Encoder)
        with atomic_path(paths[0]) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return paths


def foreign_sheets(path: Path, own: frozenset[str]) -> list[str]:
    """Sheets of an existing workbook that xlperf did not write (all of them when unreadable)."""
    from python_calamine import CalamineWorkbook

    try:
        names = CalamineWorkbook.from_path(str(path)).sheet_names
    except Exception:  # noqa: BLE001 - not a readable workbook: it is not ours either
        return ["(unreadable content)"]
    return [n for n in names if n not in own]
