"""Open a returned form safely and read its hidden sheet ``_xlperf`` and its cell values.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from openpyxl import Workbook
    >>> path = Path(tempfile.mkdtemp()) / "plain.xlsx"
    >>> Workbook().save(path)
    >>> read_meta(path)
    {}
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from xlperf.errors import Location, WorkbookError
from xlperf.io.intake import corrupt_on_failure, inspect_workbook
from xlperf.messages import say
from xlperf.templates import layout as L
from xlperf.templates.metadata import YAML_NAME
from xlperf.templates.reader.records import FormSnapshot, ListedCell

#: first column of the locked-cell list on ``_xlperf`` (sheet key, cell, fingerprint, keyed mac)
LIST_FIRST_COLUMN = 4


def open_form(path: Path, **kw: object) -> openpyxl.Workbook:
    """Open a form with openpyxl after the safety checks of :func:`inspect_workbook`."""
    inspect_workbook(path)
    with corrupt_on_failure(path):
        return openpyxl.load_workbook(path, **kw)


def meta_rows(wb: openpyxl.Workbook) -> dict[str, tuple[int, str]] | None:
    """key → (row, value) of ``_xlperf!A:B`` up to the YAML; None without the sheet."""
    if L.META_SHEET not in wb.sheetnames:
        return None
    ws = wb[L.META_SHEET]
    found: dict[str, tuple[int, str]] = {}
    for row, (key, value) in enumerate(ws.iter_rows(min_col=1, max_col=2, values_only=True), 1):
        if key in (None, "key"):
            continue
        if key == "scheme_yaml":
            break
        found[str(key)] = (row, "" if value is None else str(value))
    return found


def meta_from(wb: openpyxl.Workbook) -> dict[str, str] | None:
    """The metadata pairs of an open form; None when it has no ``_xlperf`` sheet."""
    rows = meta_rows(wb)
    return None if rows is None else {k: v for k, (_, v) in rows.items()}


def read_meta(path: str | Path) -> dict[str, str]:
    """Only the metadata of a form (empty dict when the file is not an xlperf form)."""
    wb = open_form(Path(path), read_only=True)
    try:
        return meta_from(wb) or {}
    finally:
        wb.close()


def yaml_from(wb: openpyxl.Workbook) -> str | None:
    """The scheme YAML stored in an open form (None without the XLPERF_SCHEME_YAML name)."""
    dn = wb.defined_names.get(YAML_NAME)
    if dn is None:
        return None
    parts = []
    for sheet, ref in dn.destinations:
        if sheet not in wb.sheetnames:
            return None
        for row in wb[sheet][ref]:
            for c in row if isinstance(row, tuple) else (row,):
                parts.append("" if c.value is None else str(c.value))
    return "".join(parts)


def scheme_yaml_text(path: str | Path) -> str:
    """The exact scheme YAML stored in a form (cells of the defined name XLPERF_SCHEME_YAML, concatenated)."""
    text = yaml_from(open_form(Path(path)))
    if text is None:
        where = Location(file=str(path))
        raise WorkbookError(f"{path} carries no scheme", [say("FORM_NO_SCHEME_TEXT", where)])
    return text


def _listed(wb: openpyxl.Workbook) -> tuple[ListedCell, ...]:
    ws = wb[L.META_SHEET]
    first = LIST_FIRST_COLUMN
    out = []
    rows = ws.iter_rows(min_col=first, max_col=first + 3, min_row=2, values_only=True)
    for key, cell, fp, mac in rows:
        if key is None or cell is None:
            continue
        out.append(
            ListedCell(
                str(key), str(cell), "" if fp is None else str(fp), "" if mac is None else str(mac)
            )
        )
    return tuple(out)


def _sheet_names(meta: dict[str, str]) -> dict[str, str]:
    try:
        names = json.loads(meta.get("sheets", "{}"))
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {}


def _values(wb: openpyxl.Workbook, names: dict[str, str]) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for key, name in names.items():
        if name not in wb.sheetnames or name == L.META_SHEET:
            continue
        out[key] = {
            c.coordinate: c.value
            for row in wb[name].iter_rows()
            for c in row
            if c.value is not None and c.value != ""
        }
    return out


def snapshot_of(wb: openpyxl.Workbook, file: str) -> FormSnapshot:
    """Everything authentication looks at, from an open form."""
    rows = meta_rows(wb)
    if rows is None:
        return FormSnapshot(file, {}, {}, "", {}, {}, (), has_sheet=False)
    meta = {k: v for k, (_, v) in rows.items()}
    names = _sheet_names(meta)
    return FormSnapshot(
        file,
        meta,
        {k: r for k, (r, _) in rows.items()},
        yaml_from(wb) or "",
        names,
        _values(wb, names),
        _listed(wb),
    )
