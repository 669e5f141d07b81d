"""Read the user's input tables from CSV or workbook files, keeping locations.

Each table comes back as a DataFrame with a ``_row`` column (the row number
the user sees; header = row 1) and ``attrs`` naming the file, the sheet and
each header's column letter, so validation can point at ``Data!E7``.

Every file is checked before it is parsed (:mod:`xlperf.io.intake`,
:mod:`xlperf.io.text_intake`): zip bombs, damaged or encrypted packages and
other documents are refused with a located problem, and the encoding and
delimiter of text files are detected. Workbooks are read with python-calamine (fast). Calamine shows Excel error
cells (``#DIV/0!``) as empty text, so a sheet whose XML holds an error-typed
cell (``t="e"``) is read with openpyxl instead, which reports error values as
they are.

Example:
    >>> import pandas as pd, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "d.csv")
    >>> pd.DataFrame({"工号": ["E1"], "实际值": [9]}).to_csv(p, index=False)
    >>> df = read_table(p, "data")
    >>> df.attrs["letters"], df["_row"].tolist()
    ({'工号': 'A', '实际值': 'B'}, [2])
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from xlperf.errors import InputError, Location
from xlperf.io.filecheck import check_path, refuse
from xlperf.io.intake import inspect_workbook
from xlperf.io.text_intake import DecodedText, read_text_file
from xlperf.io.zipcheck import corrupt_on_failure, safe_xml, sheet_targets
from xlperf.messages import say

SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "data": ("Data", "数据", "KPI"),
    "ratings": ("Ratings", "评分", "能力评分"),
    "adjustments": ("Adjustments", "调整", "加减分"),
    "roster": ("Roster", "花名册", "员工名单"),
    "overrides": ("Overrides", "校准调整"),
    "spot_checks": ("SpotChecks", "日常抽查", "Spot checks"),
    "history": ("Results", "结果", "History", "历史"),
    "pay": ("PayBase", "薪酬基数", "Pay"),
    "teams": ("Teams", "团队"),
}
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
#: sent to inspect_workbook, which names .xls, .xlsb and .ods for what they are
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_table(path: str | Path, kind: str, sheet: str | None = None) -> pd.DataFrame:
    """Read one input table (``kind`` is data, ratings, adjustments, roster, pay or teams).

    Every file first goes through :mod:`xlperf.io.intake` (workbooks) or
    :mod:`xlperf.io.text_intake` (text); ``attrs["source"]`` records the file,
    the sheet, and for text the encoding and delimiter that were detected.
    """
    p = Path(path)
    check_path(p)
    suffix = p.suffix.lower()
    source: dict[str, object] = {"file": str(p), "sheet": None}
    if suffix in TEXT_SUFFIXES:
        decoded = read_text_file(p)
        df = _read_csv(p, decoded)
        source.update(encoding=decoded.encoding, delimiter=decoded.delimiter, bom=decoded.bom)
    elif suffix in WORKBOOK_SUFFIXES:
        df, source["sheet"] = _read_workbook(p, kind, sheet)
    else:
        raise refuse(p, "FILE_UNSUPPORTED_TYPE", suffix=suffix or "(none)")
    if df.shape[1] == 0 or (len(df.columns) == 0):
        where = Location(file=str(p), sheet=source["sheet"])
        raise InputError(f"{p} has no table", [say("FILE_EMPTY_TABLE", where)])
    df.attrs["source"] = source
    return df


def _read_csv(p: Path, decoded: DecodedText) -> pd.DataFrame:
    reader = csv.reader(io.StringIO(decoded.text), delimiter=decoded.delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise refuse(p, "FILE_CSV_MALFORMED", line=reader.line_num, reason=str(exc)) from None
    return _frame(rows, p)


def _frame(rows: list[list], p: Path) -> pd.DataFrame:
    """First non-empty row is the header; blank rows are dropped, row numbers kept."""
    start = next((i for i, r in enumerate(rows) if any(_present(v) for v in r)), None)
    if start is None:
        return pd.DataFrame()
    header = [str(h).strip() if _present(h) else "" for h in rows[start]]
    while header and header[-1] == "":
        header.pop()
    width = len(header)
    body, numbers = [], []
    for i, r in enumerate(rows[start + 1 :], start=start + 2):
        cells = list(r[:width]) + [None] * (width - len(r))
        if any(_present(v) for v in cells):
            body.append([None if (isinstance(v, str) and v.strip() == "") else v for v in cells])
            numbers.append(i)
    names = [h if h else f"column {get_column_letter(j + 1)}" for j, h in enumerate(header)]
    df = pd.DataFrame(body, columns=names) if body else pd.DataFrame(columns=names)
    df = df.infer_objects()
    df["_row"] = numbers
    df.attrs["letters"] = {n: get_column_letter(j + 1) for j, n in enumerate(names)}
    return df


def _present(v: object) -> bool:
    return v is not None and not (isinstance(v, str) and v.strip() == "")


def _read_workbook(p: Path, kind: str, sheet: str | None) -> tuple[pd.DataFrame, str]:
    inspect_workbook(p)
    from python_calamine import CalamineWorkbook

    with corrupt_on_failure(p):
        wb = CalamineWorkbook.from_path(str(p))
        names = list(wb.sheet_names)
    chosen = _choose_sheet(p, names, kind, sheet)
    with corrupt_on_failure(p):
        if has_error_cells(p, chosen):
            rows = _openpyxl_rows(p, chosen)
        else:
            rows = wb.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    return _frame(rows, p), chosen


def _choose_sheet(p: Path, names: list[str], kind: str, sheet: str | None) -> str:
    if sheet is not None:
        if sheet not in names:
            from xlperf.core.suggest import closest

            hit = closest(sheet, names)
            problem = say(
                "FILE_SHEET_NOT_FOUND",
                Location(file=str(p)),
                sheet=sheet,
                sheets=", ".join(names),
                suggestion=f"; did you mean '{hit}'?" if hit else "",
                suggestion_zh=f"；是否应为 '{hit}'？" if hit else "",
            )
            raise InputError(f"Cannot read {p}", [problem])
        return sheet
    lowered = {n.strip().lower(): n for n in names}
    for want in SHEET_NAMES.get(kind, ()):
        if want.lower() in lowered:
            return lowered[want.lower()]
    if not names:
        raise InputError(f"Cannot read {p}", [say("FILE_NO_SHEETS", Location(file=str(p)))])
    return names[0]


def _openpyxl_rows(p: Path, sheet: str) -> list[list]:
    import openpyxl

    wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    try:
        return [list(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part inside the package (``xl/worksheets/sheet1.xml``).

    Parsed without DTDs or entities; a damaged package raises FILE_CORRUPT.
    """
    where = Path(z.filename or "workbook")
    book = safe_xml(z, "xl/workbook.xml", where)
    rels = safe_xml(z, "xl/_rels/workbook.xml.rels", where)
    return dict(sheet_targets(book, rels))


def has_error_cells(path: Path, sheet: str) -> bool:
    """Whether the sheet's XML holds an error-typed cell (``t="e"``): a fast byte search."""
    with zipfile.ZipFile(path) as z:
        part = sheet_parts(z).get(sheet)
        if part is None or part not in z.namelist():
            return True  # cannot tell: take the careful path
        with z.open(part) as fh:
            tail = b""
            while chunk := fh.read(1 << 20):
                if b't="e"' in tail + chunk:
                    return True
                tail = chunk[-8:]
    return False


def sheet_rows(path: Path, sheet: str) -> list[list]:
    """A sheet's rows as values: calamine, or openpyxl when the sheet holds error cells."""
    from python_calamine import CalamineWorkbook

    with corrupt_on_failure(path):
        if has_error_cells(path, sheet):
            return _openpyxl_rows(path, sheet)
        book = CalamineWorkbook.from_path(str(path))
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
