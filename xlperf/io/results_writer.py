"""Write scoring results to .csv, .xlsx or .json, chosen by the output's extension.

- ``.csv``: the per-employee table at OUT and the per-indicator table at
  ``<stem>.indicators.csv`` next to it (UTF-8 with BOM, so Excel shows Chinese).
- ``.xlsx``: sheets ``Results`` and ``Indicators`` (plus ``Calibration``).
- ``.json``: ``{"scheme": ..., "employees": [...], "indicators": [...]}``.

Scores are written with full precision; only presentation layers round.
All files are written atomically: either every output is complete, or none changed.

Example:
    >>> output_paths("out/results.csv")
    [PosixPath('out/results.csv'), PosixPath('out/results.indicators.csv')]
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from xlperf.core.engine import Results
from xlperf.errors import Location, Problem, UsageError
from xlperf.io.atomic import atomic_path

FORMATS = (".csv", ".xlsx", ".json")


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


def write_results(results: Results, out: str | Path) -> list[Path]:
    """Write ``results`` to ``out``; returns the paths written."""
    paths = output_paths(out)
    suffix = paths[0].suffix.lower()
    emp = results.employees[results.result_columns]
    ind = results.indicators
    if suffix == ".csv":
        with atomic_path(paths[0]) as a, atomic_path(paths[1]) as b:
            emp.to_csv(a, index=False, encoding="utf-8-sig", float_format="%.17g")
            ind.to_csv(b, index=False, encoding="utf-8-sig", float_format="%.17g")
    elif suffix == ".xlsx":
        with atomic_path(paths[0]) as tmp:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
                emp.to_excel(xw, sheet_name="Results", index=False)
                ind.to_excel(xw, sheet_name="Indicators", index=False)
                results.calibration.to_excel(xw, sheet_name="Calibration", index=False)
    else:
        payload = {
            "scheme": {"id": results.scheme.id, "version": results.scheme.version},
            "employees": _records(emp),
            "indicators": _records(ind),
        }
        with atomic_path(paths[0]) as tmp:
            tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return paths
