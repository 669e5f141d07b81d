"""The scheme stored inside a workbook: one format, one reader, one writer, versioned.

Format 2 (what xlperf writes): a sheet ``_xlperf`` holding ``key | value``
rows in columns A:B. ``xlperf_store`` gives the format version;
``scheme_yaml`` holds the scheme's YAML text in its B cell and, when long, in
the B cells of the following rows whose A cell is empty (chunks of at most
8,000 characters, concatenated in order); or ``scheme`` names a ``.yaml``
path (relative to the workbook) or a shipped scheme. Other keys (``lang``,
the forms' ``template_id``...) ride along.

Read and migrated by :func:`find_stored_scheme` from the three layouts
xlperf used before: the forms' ``_xlperf`` sheet (format 1: the same A:B
rows), a master's ``Scheme`` sheet (a header in A1, the YAML or a path in
column A from row 2), and A1 of a sheet named ``Rules``/``规则``. A master
written again gets format 2 (its old ``Scheme`` sheet is xlperf's own and goes).

Example:
    >>> rows = store_rows("scheme: {id: x}\\n", lang="en")
    >>> found = find_stored_scheme({"_xlperf": rows}.__getitem__, ["_xlperf"])
    >>> found.text, found.values["lang"], found.layout
    ('scheme: {id: x}\\n', 'en', 'store-2')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlperf.core.scheme import Scheme, load_scheme, parse_scheme_text, shipped_schemes
from xlperf.errors import Location, SchemeError
from xlperf.messages import say

STORE_SHEET = "_xlperf"
FORMAT_KEY = "xlperf_store"
FORMAT = "2"
YAML_KEY = "scheme_yaml"
SCHEME_KEY = "scheme"
CHUNK = 8000
LEGACY_MASTER_SHEET = "Scheme"
RULES_SHEETS = ("Rules", "规则")

RowsOf = Callable[[str], Sequence[Sequence[Any]]]


@dataclass(frozen=True)
class StoredScheme:
    """A scheme found in a workbook: YAML text (or a path / shipped name), where, and the other keys."""

    text: str
    where: str
    layout: str
    values: dict[str, Any] = field(default_factory=dict)


def store_rows(yaml_text: str, **values: object) -> list[list[object]]:
    """The ``_xlperf`` rows for a scheme's YAML and other keys (format 2)."""
    chunks = [yaml_text[i : i + CHUNK] for i in range(0, len(yaml_text), CHUNK)] or [""]
    rows: list[list[object]] = [["key", "value"], [FORMAT_KEY, FORMAT]]
    rows += [[k, "" if v is None else str(v)] for k, v in values.items()]
    rows.append([YAML_KEY, chunks[0]])
    rows += [[None, c] for c in chunks[1:]]
    return rows


def parse_store_rows(rows: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """The ``key | value`` pairs of a settings block, with the YAML chunks joined."""
    values: dict[str, Any] = {}
    parts: list[str] | None = None
    for row in rows:
        key = str(row[0]).strip() if row and row[0] is not None else ""
        value = row[1] if row and len(row) > 1 else None
        if key == YAML_KEY:
            parts = [str(value or "")]
        elif not key and parts is not None and YAML_KEY not in values:
            if value not in (None, ""):
                parts.append(str(value))
        elif key:
            if parts is not None and YAML_KEY not in values:
                values[YAML_KEY] = "".join(parts)
            values.setdefault(key, value)
    if parts is not None and YAML_KEY not in values:
        values[YAML_KEY] = "".join(parts)
    return values


def _legacy_master(rows: Sequence[Sequence[Any]]) -> str:
    return "".join(str(r[0]) for r in rows[1:] if r and r[0] is not None)


def find_stored_scheme(rows_of: RowsOf, sheet_names: Sequence[str]) -> StoredScheme | None:
    """The workbook's stored scheme in any layout xlperf has written, or None."""
    names = list(sheet_names)
    if STORE_SHEET in names:
        values = parse_store_rows(rows_of(STORE_SHEET))
        key = YAML_KEY if values.get(YAML_KEY) else SCHEME_KEY
        text = str(values.get(key) or "")
        if text.strip():
            layout = "store-" + str(values.get(FORMAT_KEY) or values.get("format") or "1")
            return StoredScheme(text, f"{STORE_SHEET}!{key}", layout, values)
    if LEGACY_MASTER_SHEET in names:
        text = _legacy_master(rows_of(LEGACY_MASTER_SHEET))
        if text.strip():
            return StoredScheme(text, f"{LEGACY_MASTER_SHEET}!A2", "master-sheet")
    for name in RULES_SHEETS:
        if name in names:
            rows = rows_of(name)
            text = str(rows[0][0]) if rows and rows[0] and rows[0][0] is not None else ""
            if text.strip():
                return StoredScheme(text, f"{name}!A1", "rules-a1")
    return None


def load_stored(stored: StoredScheme, base: Path | None, workbook: str) -> Scheme:
    """The scheme a stored entry means: YAML text, a shipped scheme's name, or a path."""
    text = stored.text.strip()
    if "\n" not in text and text in shipped_schemes():
        return load_scheme(shipped_schemes()[text])
    if "\n" not in text and text.lower().endswith((".yaml", ".yml")):
        path = Path(text)
        if not path.is_absolute() and base is not None:
            path = base / path
        return load_scheme(path)
    return parse_scheme_text(stored.text, f"{workbook}:{stored.where}")


def no_stored_scheme(workbook: str) -> SchemeError:
    problem = say("STORE_NO_SCHEME", Location(file=workbook), sheet=STORE_SHEET)
    return SchemeError("No scheme for this workbook", [problem], "该工作簿没有考核方案")
