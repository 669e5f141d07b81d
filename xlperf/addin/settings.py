"""Where an open workbook keeps its xlperf settings: the scheme and the language.

The one lookup shared by the UDFs and the ribbon macros. The hidden sheet
``_xlperf`` holds ``key | value`` pairs in columns A:B (the layout the
template forms write, see :mod:`xlperf.templates.metadata`):

- ``scheme_yaml``: the scheme's YAML text, in that row's B cell and, when it
  is long, in the B cells of the rows below whose A cell is empty (chunks of
  at most 8,000 characters, concatenated in order);
- or ``scheme``: a path to a ``.yaml`` file (relative to the workbook's
  folder) or the name of a shipped scheme (``sales``);
- ``lang``: ``zh`` (default) or ``en``.

Without that sheet, a master workbook's ``Scheme`` sheet (the YAML in column
A from row 2, as ``xlperf collect`` writes it) is read, else A1 of a sheet
named ``Rules`` or ``规则`` (the scheme's YAML, path or shipped name).

``book`` is anything shaped like an xlwings ``Book``: ``.sheets`` (iterable, items
with ``.name`` and ``.range(address).value``; a multi-cell address gives rows of
values) and ``.fullname``.

Example::

    >>> scheme, lang = workbook_settings(xw.Book.caller())   # doctest: +SKIP
    >>> scheme.id, lang   # doctest: +SKIP
    ('sales-2026q1', 'zh')
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from xlperf.core.scheme import Scheme, load_scheme, parse_scheme_text, shipped_schemes

SETTINGS_SHEET = "_xlperf"
SETTINGS_BLOCK = "A1:B64"  # one read for every key; YAML up to ~50 chunks of 8,000 characters
YAML_KEY = "scheme_yaml"
SCHEME_KEY = "scheme"
LANG_KEY = "lang"
RULES_SHEETS = ("Rules", "规则")
#: a master workbook (xlperf collect) keeps its scheme's YAML in column A of this sheet, from row 2
MASTER_SCHEME_SHEET = "Scheme"
MASTER_SCHEME_BLOCK = "A2:A64"

_CACHE: dict[tuple[str, float], Scheme] = {}


def settings_rows(sheet: Any) -> dict[str, Any]:
    """The ``key | value`` pairs of a settings sheet, with the YAML chunks joined."""
    block = sheet.range(SETTINGS_BLOCK).value or []
    values: dict[str, Any] = {}
    yaml_parts: list[str] | None = None
    for row in block:
        key = str(row[0]).strip() if row and row[0] is not None else ""
        value = row[1] if row and len(row) > 1 else None
        if key == YAML_KEY:
            yaml_parts = [str(value or "")]
        elif not key and yaml_parts is not None and value not in (None, ""):
            yaml_parts.append(str(value))
        elif key:
            if yaml_parts is not None and YAML_KEY not in values:
                values[YAML_KEY] = "".join(yaml_parts)
            values.setdefault(key, value)
    if yaml_parts is not None and YAML_KEY not in values:
        values[YAML_KEY] = "".join(yaml_parts)
    return values


def workbook_settings(book: Any) -> tuple[Scheme | None, str]:
    """The workbook's scheme (None when it names none) and language.

    Parsed schemes are cached by content (and by file time for paths), so a
    recalculation does not parse the YAML again for every cell.
    """
    if book is None:
        return None, "zh"
    sheets = {sheet.name: sheet for sheet in book.sheets}
    lang = workbook_language(book)
    if SETTINGS_SHEET in sheets:
        values = settings_rows(sheets[SETTINGS_SHEET])
        text = str(values.get(YAML_KEY) or values.get(SCHEME_KEY) or "").strip()
        where = f"{SETTINGS_SHEET}!{YAML_KEY if values.get(YAML_KEY) else SCHEME_KEY}"
    elif MASTER_SCHEME_SHEET in sheets:
        rows = sheets[MASTER_SCHEME_SHEET].range(MASTER_SCHEME_BLOCK).value or []
        text = "".join(
            str(r[0] if isinstance(r, list) else r)
            for r in rows
            if r not in (None, [None]) and (r[0] if isinstance(r, list) else r) is not None
        ).strip()
        where = f"{MASTER_SCHEME_SHEET}!A2"
    else:
        found = [sheets[name] for name in RULES_SHEETS if name in sheets]
        if not found:
            return None, lang
        text = str(found[0].range("A1").value or "").strip()
        where = f"{found[0].name}!A1"
    if not text:
        return None, lang
    if "\n" not in text and text in shipped_schemes():
        return _cached(shipped_schemes()[text]), lang
    if "\n" not in text and text.lower().endswith((".yaml", ".yml")):
        path = Path(text)
        fullname = getattr(book, "fullname", None)
        if not path.is_absolute() and fullname:
            path = Path(os.path.dirname(fullname)) / path
        return _cached(path), lang
    key = (text, 0.0)
    if key not in _CACHE:
        _CACHE[key] = parse_scheme_text(text, source=where)
    return _CACHE[key], lang


def workbook_language(book: Any) -> str:
    """``en`` when the settings sheet says ``lang | en``, else ``zh``; never fails (messages need it)."""
    try:
        sheets = {sheet.name: sheet for sheet in book.sheets}
        if SETTINGS_SHEET in sheets:
            value = settings_rows(sheets[SETTINGS_SHEET]).get(LANG_KEY)
            if str(value or "").strip().lower() == "en":
                return "en"
    except Exception:  # noqa: BLE001 - any trouble reading it means the default
        pass
    return "zh"


def _cached(path: Path) -> Scheme:
    key = (str(path), path.stat().st_mtime if path.exists() else 0.0)
    if key not in _CACHE:
        _CACHE[key] = load_scheme(path)
    return _CACHE[key]
