"""Write scoring results to .csv, .xlsx or .json, chosen by the output's extension.

- ``.csv``: the per-employee table at OUT and the per-indicator table at
  ``<stem>.indicators.csv`` next to it (UTF-8 with BOM, so Excel shows Chinese);
  text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
  carriage return) gets a leading ``'`` (see :mod:`xlperf.io.textsafe`);
- ``.xlsx``: sheets ``Results``, ``Indicators`` and ``Calibration`` (and ``Pay``
  and ``PayDepartments`` when pay was computed); every text cell is a string,
  never a formula;
- improvement plans (a scheme with ``improvement``): ``<stem>.plans.csv``, a
  ``Plans`` sheet, a ``plans`` list in the JSON;
- ``.json``: ``{"scheme": ..., "employees": [...], "indicators": [...]}`` (and
  ``"pay"``, ``"pay_departments"`` when pay was computed), with ``null`` for a
  missing number, never ``NaN`` or ``Infinity``.

Scores are written with full precision; only presentation layers round.
Money (the pay columns) is written exactly: decimal text with two places (or
the rounding step's places when it has more) in CSV, JSON numbers written from
that text (never a float's binary digits), numbers with a currency format in
xlsx. :func:`write_payroll` writes the payroll CSV.
All files are written atomically: either every output is complete, or none changed.

Example:
    >>> output_paths("out/results.csv")
    [PosixPath('out/results.csv'), PosixPath('out/results.indicators.csv')]
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import uuid
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from openpyxl.utils import get_column_letter

from xlperf.core.engine import Results
from xlperf.core.engine.pay import MONEY_COLUMNS
from xlperf.core.pay.checks import step_of
from xlperf.errors import Location, UsageError
from xlperf.io.atomic import atomic_path
from xlperf.io.cellxml import Cells, SheetBody, implied_formats
from xlperf.io.package.assemble import write_with_bodies
from xlperf.io.page import FONT_NAME, FONT_SIZE, PAPER_A4, header_code
from xlperf.io.sheetlook import MONEY, column_format, fit_widths, frame_columns
from xlperf.io.textsafe import csv_text
from xlperf.messages import say

FORMATS = (".csv", ".xlsx", ".json")
XLSX_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
    "in_memory": True,
}
OWN_SHEETS = frozenset({"Results", "Indicators", "Calibration", "Plans", "Pay", "PayDepartments"})
PAYROLL_COLUMNS = (
    "employee_id",
    "name",
    "department",
    "bonus_amount",
    "commission",
    "pool_share",
    "total_pay",
)


def output_paths(out: str | Path, plans: bool = False) -> list[Path]:
    """The files an output name stands for (``plans``: the scheme makes improvement plans)."""
    p = Path(out)
    suffix = p.suffix.lower()
    if suffix not in FORMATS:
        where = Location(file=str(p))
        raise UsageError(
            f"Unsupported output {p}",
            [
                say(
                    "USAGE_OUTPUT_TYPE",
                    where,
                    suffix=suffix or "(none)",
                    choices=", ".join(FORMATS),
                )
            ],
        )
    if suffix == ".csv":
        extra = [p.with_name(f"{p.stem}.plans.csv")] if plans else []
        return [p, p.with_name(f"{p.stem}.indicators.csv"), *extra]
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


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: json_value(v) for k, v in rec.items()} for rec in df.to_dict(orient="records")]


def csv_safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell a spreadsheet would run as a formula neutralised (for CSV).

    Example:
        >>> csv_safe_frame(pd.DataFrame({"a": ["=1+1", "x"], "b": [-1.0, 2.0]})).values.tolist()
        [["'=1+1", -1.0], ['x', 2.0]]
    """
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype):
            out[c] = out[c].map(csv_text)
    return out


def money_places(results: Results) -> int:
    """Decimal places money is written with: two, or the rounding step's when it has more."""
    if results.scheme.pay is None:
        return 2
    return max(2, -step_of(results.scheme.pay).as_tuple().exponent)


def _at_least(value: Decimal, quantum: Decimal) -> Decimal:
    """``value`` with at least the quantum's places, never rounded (an input base keeps its digits)."""
    q = value.quantize(quantum)
    return q if q == value else value


def _fixed(frame: pd.DataFrame, places: int, as_text: bool) -> pd.DataFrame:
    """Money columns as Decimals with ``places`` places (or their text); other columns as they are."""
    quantum = Decimal(1).scaleb(-places)
    out = frame.copy()
    for col in (c for c in frame.columns if c in MONEY_COLUMNS):
        values = [None if v is None else _at_least(v, quantum) for v in frame[col].tolist()]
        shown = [None if v is None else str(v) for v in values] if as_text else values
        out[col] = pd.Series(shown, index=frame.index, dtype=object)
    return out


def _tables(results: Results) -> dict[str, pd.DataFrame]:
    """The frames written, by sheet name: Results first; plans and pay frames when there are any."""
    contract = results.result_columns
    extra = [c for c in results.employees.columns if c not in contract]
    tables = {
        "Results": results.employees[contract + extra],
        "Indicators": results.indicators,
        "Calibration": results.calibration,
    }
    if results.plans is not None:
        tables["Plans"] = results.plans
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


def write_xlsx_sheets(tmp: Path, frames: dict[str, pd.DataFrame], places: int = 2) -> None:
    """One sheet per frame; text is written as text (never a formula or a link); money exactly.

    xlsxwriter writes each sheet's structure and looks; the cells are rendered in
    bulk (:mod:`xlperf.io.cellxml`) as inline strings and exact numbers; NaN and
    ±inf are empty cells; the header row is bold.

    Example:
        >>> import tempfile, os, openpyxl
        >>> p = os.path.join(tempfile.mkdtemp(), "t.xlsx")
        >>> write_xlsx_sheets(p, {"S": pd.DataFrame({"a": ["=1+1"], "final_score": [1.25]})})
        >>> ws = openpyxl.load_workbook(p)["S"]
        >>> ws["A2"].data_type, ws["B2"].number_format, ws["B1"].font.b
        ('s', '0.0', True)
    """
    font = {"font_name": FONT_NAME, "font_size": FONT_SIZE, "font_charset": 134, "font_family": 2}
    options = XLSX_OPTIONS | {"default_format_properties": font}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, options)
    looks: dict[str, object] = {}
    header = book.add_format(
        {"bold": True, "font_scheme": "none"}
    )  # the named font, not the theme's
    fixed = {name: _fixed(frame, places, as_text=False) for name, frame in frames.items()}
    plans = {}
    for name, frame in frames.items():
        ws = book.add_worksheet(name)
        plans[name] = _cell_looks(book, fixed[name], places, looks)
        _print_ready(ws, frame, plans[name][0])
        for k, fmt in enumerate([header, *looks.values()]):
            ws.write_blank(len(frame) + 1, k, None, fmt)  # registers the format; rows are replaced
    book.close()
    bodies = {name: _sheet_body(fixed[name], header, *plans[name]) for name in frames}
    write_with_bodies(buffer, bodies, Path(tmp))


def _column_format(col: object, places: int) -> str | None:
    if col in MONEY_COLUMNS:
        return MONEY.replace("0.00", "0." + "0" * places)
    return column_format(str(col))


def _cell_looks(book, frame: pd.DataFrame, places: int, looks: dict[str, object]):
    """Each column's format (or None), and its dates' formats (per row, or None)."""
    columns, dates = [], []
    for j, col in enumerate(frame.columns):
        fmt = _column_format(col, places)
        columns.append(looks.setdefault(fmt, book.add_format({"num_format": fmt})) if fmt else None)
        implied = implied_formats(frame.iloc[:, j]) if len(frame) else None
        if implied is not None:
            for f in {f for f in implied if f is not None}:
                looks.setdefault(f, book.add_format({"num_format": f}))
        dates.append(implied)
    return columns, dates, looks


def _sheet_body(frame: pd.DataFrame, header, columns, dates, looks) -> SheetBody:
    """The header row (bold) and the frame's columns, each cell with its column's format."""
    n, w = frame.shape
    bold = header.xf_index or 0
    blocks = [Cells(1, 1, [np.array([c], dtype=object) for c in frame.columns])] if w else []
    styles = [[bold] * w] if w else []
    if n and w:
        blocks.append(Cells(2, 1, [frame.iloc[:, j] for j in range(w)]))
        styles.append(
            [_styles(fmt, implied, looks) for fmt, implied in zip(columns, dates, strict=True)]
        )
    return SheetBody(tuple(blocks), tuple(styles))


def _styles(fmt, implied: np.ndarray | None, looks: dict[str, object]) -> int | np.ndarray:
    xf = (fmt.xf_index or 0) if fmt is not None else 0
    if implied is None:
        return xf
    return np.array([xf if f is None else looks[f].xf_index or 0 for f in implied], dtype=np.int64)


def _print_ready(ws, frame: pd.DataFrame, formats: list) -> None:
    """Formats, fitted widths, frozen header, filter, A4 landscape one page wide with a header."""
    n, w = frame.shape
    widths = fit_widths(list(frame.columns), frame_columns(frame))
    for j, look in enumerate(formats):
        ws.set_column(j, j, widths.get(get_column_letter(j + 1), 10), look)
    if n and w:
        ws.freeze_panes(1, 2 if "name" in frame.columns else 1)
        ws.autofilter(0, 0, n, w - 1)
    ws.set_landscape()
    ws.set_paper(PAPER_A4)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_header(header_code(("xlperf", "", "内部资料 · 注意保密 / Confidential")))
    ws.set_footer(header_code(("{sheet}", "{page} / {pages}", "")))


def write_results(results: Results, out: str | Path) -> list[Path]:
    """Write ``results`` to ``out``; returns the paths written."""
    paths = output_paths(out, results.plans is not None)
    suffix = paths[0].suffix.lower()
    places = money_places(results)
    tables = _tables(results)
    if suffix == ".csv":
        frames = [tables["Results"], tables["Indicators"]]
        frames += [tables["Plans"]] if "Plans" in tables else []
        with contextlib.ExitStack() as stack:
            for frame, path in zip(frames, paths, strict=True):
                tmp = stack.enter_context(atomic_path(path))
                text = _fixed(csv_safe_frame(frame), places, as_text=True)
                text.to_csv(tmp, index=False, encoding="utf-8-sig", float_format="%.17g")
    elif suffix == ".xlsx":
        with atomic_path(paths[0]) as tmp:
            write_xlsx_sheets(tmp, tables, places)
    else:
        payload = {"scheme": {"id": results.scheme.id, "version": results.scheme.version}}
        keys = {
            "Results": "employees",
            "Indicators": "indicators",
            "Plans": "plans",
            "Pay": "pay",
            "PayDepartments": "pay_departments",
        }
        for name, key in keys.items():
            if name in tables:
                payload[key] = _records(_fixed(tables[name], places, as_text=False))
        with atomic_path(paths[0]) as tmp:
            tmp.write_text(json_text(payload), encoding="utf-8")
    return paths


def payroll_path(path: str | Path) -> Path:
    """The payroll file named by ``--payroll``: a ``.csv`` (a usage error otherwise).

    Example:
        >>> payroll_path("out/payroll.csv")
        PosixPath('out/payroll.csv')
    """
    p = Path(path)
    if p.suffix.lower() != ".csv":
        where = Location(file=str(p))
        problem = say("USAGE_OUTPUT_TYPE", where, suffix=p.suffix or "(none)", choices=".csv")
        raise UsageError(f"Unsupported payroll {p}", [problem])
    return p


def require_pay(results: Results, path: str | Path) -> None:
    """Raise :class:`~xlperf.errors.UsageError` (PAY_NOT_COMPUTED, at the payroll file) when
    ``results`` hold no pay: call it before writing anything."""
    if results.pay is not None:
        return
    p = Path(path)
    no_pay = results.scheme.pay is None
    why = "the scheme has no pay section" if no_pay else "no Pay table was given"
    why_zh = "方案没有 pay（薪酬）部分" if no_pay else "未提供薪酬基数表"
    problem = say("PAY_NOT_COMPUTED", Location(file=str(p)), why=why, why_zh=why_zh)
    raise UsageError(f"Cannot write the payroll {p}", [problem], f"无法写入工资表 {p}")


def payroll_frame(results: Results) -> pd.DataFrame:
    """The payroll's rows, by employee id, money as text with its places (see :func:`write_payroll`)."""
    frame = results.employees[list(PAYROLL_COLUMNS)].sort_values("employee_id", kind="stable")
    return _fixed(csv_safe_frame(frame), money_places(results), as_text=True)


def write_payroll(results: Results, path: str | Path) -> Path:
    """Write the payroll CSV (one row per employee, by employee id) for upload to a payroll system.

    Columns: employee_id, name, department, bonus_amount, commission,
    pool_share, total_pay; money with two places (UTF-8 with BOM; text that
    a spreadsheet would run gets a leading ``'``). Raises
    :class:`~xlperf.errors.UsageError` when no pay was computed.
    """
    p = Path(path)
    require_pay(results, p)
    frame = payroll_frame(results)
    with atomic_path(p) as tmp:
        frame.to_csv(tmp, index=False, encoding="utf-8-sig")
    return p


def foreign_sheets(path: Path, own: frozenset[str]) -> list[str]:
    """Sheets of an existing workbook that xlperf did not write (all of them when unreadable)."""
    from python_calamine import CalamineWorkbook

    try:
        names = CalamineWorkbook.from_path(str(path)).sheet_names
    except Exception:  # noqa: BLE001 - not a readable workbook: it is not ours either
        return ["(unreadable content)"]
    return [n for n in names if n not in own]
