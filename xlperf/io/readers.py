"""Read the user's input tables from CSV or workbook files, keeping locations.

Each table comes back as a DataFrame with a ``_row`` column (the row number
the user sees; header = row 1) and ``attrs`` naming the file, the sheet and
each header's column letter, so validation can point at ``Data!E7``.

Workbooks are read with python-calamine (fast). Calamine shows Excel error
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
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
from openpyxl.utils import get_column_letter

from xlperf.errors import InputError, Location, Problem, WorkbookError

SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "data": ("Data", "数据", "KPI"),
    "ratings": ("Ratings", "评分", "能力评分"),
    "adjustments": ("Adjustments", "调整", "加减分"),
    "roster": ("Roster", "花名册", "员工名单"),
}
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _fail(path: Path, msg: str, hint: str, msg_zh: str, hint_zh: str, kind: type = WorkbookError):
    raise kind(f"Cannot read {path}", [Problem(Location(file=str(path)), msg, hint, msg_zh, hint_zh)])


def read_table(path: str | Path, kind: str, sheet: str | None = None) -> pd.DataFrame:
    """Read one input table (``kind`` is data, ratings, adjustments or roster)."""
    p = Path(path)
    if not p.exists():
        _fail(p, "file not found", "check the path", "找不到文件", "请检查路径")
    if p.is_dir():
        _fail(p, "this is a folder, not a file", "give the path of a .csv or .xlsx file", "这是文件夹而不是文件", "请提供 .csv 或 .xlsx 文件路径")
    suffix = p.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        df = _read_csv(p)
        sheet_name = None
    elif suffix in WORKBOOK_SUFFIXES:
        df, sheet_name = _read_workbook(p, kind, sheet)
    else:
        _fail(p, f"unsupported file type '{suffix or '(none)'}'", "save it as .xlsx or .csv", f"不支持的文件类型 '{suffix or '(无)'}'", "请另存为 .xlsx 或 .csv")
    if df.shape[1] == 0 or (len(df.columns) == 0):
        where = Location(file=str(p), sheet=sheet_name)
        raise InputError(f"{p} has no table", [Problem(where, "the sheet is empty: no header row was found", "put the column headers in row 1 and the data below", "工作表为空：未找到表头行", "请在第1行填写表头，数据写在下方")])
    df.attrs["source"] = {"file": str(p), "sheet": sheet_name}
    return df


def _read_csv(p: Path) -> pd.DataFrame:
    raw = p.read_bytes()
    if raw.startswith(OLE_MAGIC) or raw.startswith(b"PK\x03\x04"):
        _fail(p, "this is a workbook saved with a .csv name", "rename it to .xlsx", "该文件实为工作簿却以 .csv 命名", "请改名为 .xlsx")
    text = None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    if text is None:  # pragma: no cover - gb18030 decodes any byte string
        _fail(p, "cannot decode the text", "save the CSV as UTF-8", "无法解码文本", "请将CSV另存为UTF-8")
    rows = list(csv.reader(io.StringIO(text)))
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
    head = p.read_bytes()[:8]
    if head.startswith(OLE_MAGIC) and p.suffix.lower() != ".xls":
        _fail(p, "the workbook is encrypted (password-protected)", "open it in Excel, remove the password (File > Info > Protect Workbook) and save again", "工作簿已加密（设有密码）", "请在Excel中取消密码后重新保存")
    if p.suffix.lower() in (".xlsx", ".xlsm") and not zipfile.is_zipfile(p):
        _fail(p, "this is not an Excel workbook (the file is not an .xlsx package)", "open it and save it as .xlsx, or export it as .csv", "这不是Excel工作簿文件", "请另存为 .xlsx 或导出为 .csv")
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(p))
    except Exception as exc:  # calamine raises its own error types for damaged files
        _fail(p, f"the workbook cannot be opened ({exc.__class__.__name__})", "open it in Excel and save it again as .xlsx", "无法打开该工作簿", "请在Excel中打开并重新保存为 .xlsx")
    names = list(wb.sheet_names)
    chosen = _choose_sheet(p, names, kind, sheet)
    if p.suffix.lower() in (".xlsx", ".xlsm") and has_error_cells(p, chosen):
        rows = _openpyxl_rows(p, chosen)
    else:
        rows = wb.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    return _frame(rows, p), chosen


def _choose_sheet(p: Path, names: list[str], kind: str, sheet: str | None) -> str:
    if sheet is not None:
        if sheet not in names:
            from xlperf.core.suggest import did_you_mean

            _fail(p, f"there is no sheet named '{sheet}'; sheets are {', '.join(names)}", did_you_mean(sheet, names) or "check the sheet name", f"没有名为 '{sheet}' 的工作表", "请检查工作表名称", InputError)
        return sheet
    lowered = {n.strip().lower(): n for n in names}
    for want in SHEET_NAMES.get(kind, ()):
        if want.lower() in lowered:
            return lowered[want.lower()]
    if not names:
        _fail(p, "the workbook has no sheets", "add a sheet with the table", "工作簿没有工作表", "请添加包含数据的工作表", InputError)
    return names[0]


def _openpyxl_rows(p: Path, sheet: str) -> list[list]:
    import openpyxl

    wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    try:
        return [list(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part inside the package (``xl/worksheets/sheet1.xml``)."""
    wb = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(_REL)}
    out = {}
    for s in wb.iter(f"{_MAIN}sheet"):
        target = targets.get(s.get(_RID), "")
        part = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))
        )
        out[s.get("name", "")] = re.sub(r"^/", "", part)
    return out


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
    if has_error_cells(path, sheet):
        return _openpyxl_rows(path, sheet)
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
