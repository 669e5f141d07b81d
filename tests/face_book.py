"""A workbook as the UDFs see it through xlwings, holding one scheme's YAML in ``_xlperf``.

Only what :func:`xlperf.addin.settings.workbook_settings` reads exists: ``book.sheets``
(items with ``name`` and ``range(address).value``) and ``book.fullname``; the caller is
a range whose ``sheet.book`` is the workbook, as xlwings passes it.

Example:
    >>> from xlperf.addin.settings import workbook_settings
    >>> workbook_settings(book_with_yaml("scheme: [unclosed").sheets[0].book)[1]
    'zh'
"""

from __future__ import annotations

from typing import Any

from xlperf.addin.settings import SETTINGS_SHEET, YAML_KEY


class Range:
    def __init__(self, value: Any, sheet: Any = None) -> None:
        self.value, self.sheet = value, sheet


class Sheet:
    def __init__(self, name: str, rows: list[list[Any]], book: Any = None) -> None:
        self.name, self.rows, self.book = name, rows, book

    def range(self, address: str) -> Range:
        return Range(self.rows, self)


class Book:
    def __init__(self, scheme_yaml: str) -> None:
        rows = [["key", "value"], [YAML_KEY, scheme_yaml]] + [[None, None]] * 62
        self.fullname = "/tmp/faces.xlsx"
        self.sheets = [Sheet(SETTINGS_SHEET, rows, self)]


def book_with_yaml(scheme_yaml: str) -> Book:
    return Book(scheme_yaml)


def caller_in(book: Book) -> Range:
    """The calling cell, as xlwings passes it."""
    return Range(None, Sheet("Data", [], book))
