"""Where an open workbook keeps its xlperf settings: the scheme and the language.

The one lookup shared by the UDFs and the ribbon macros. The hidden sheet
``_xlperf`` holds, in B2, the scheme: its YAML text, a path to a ``.yaml`` file
(relative to the workbook's folder), or the name of a shipped scheme (``sales``);
in B3 the language, ``zh`` (default) or ``en``. Without that sheet, A1 of a sheet
named ``Rules`` or ``规则`` is read the same way.

``book`` is anything shaped like an xlwings ``Book``: ``.sheets`` (iterable, items
with ``.name`` and ``.range(address).value``) and ``.fullname``.

Example::

    >>> scheme, lang = workbook_settings(xw.Book.caller())   # doctest: +SKIP
    >>> scheme.id, lang
    ('sales-2026q1', 'zh')
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from xlperf.core.scheme import Scheme, load_scheme, parse_scheme_text, shipped_schemes

SETTINGS_SHEET = "_xlperf"
SCHEME_CELL = "B2"
LANG_CELL = "B3"
RULES_SHEETS = ("Rules", "规则")

_CACHE: dict[tuple[str, float], Scheme] = {}


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
        sheet, cell = sheets[SETTINGS_SHEET], SCHEME_CELL
    else:
        found = [sheets[name] for name in RULES_SHEETS if name in sheets]
        if not found:
            return None, lang
        sheet, cell = found[0], "A1"
    text = str(sheet.range(cell).value or "").strip()
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
        _CACHE[key] = parse_scheme_text(text, source=f"{sheet.name}!{cell}")
    return _CACHE[key], lang


def workbook_language(book: Any) -> str:
    """``en`` when ``_xlperf!B3`` says so, else ``zh``; never fails (messages need it)."""
    try:
        sheets = {sheet.name: sheet for sheet in book.sheets}
        if SETTINGS_SHEET in sheets:
            value = sheets[SETTINGS_SHEET].range(LANG_CELL).value
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
