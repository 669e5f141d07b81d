"""A minimal, honest stand-in for the xlwings objects the add-in touches.

Only what xlperf uses exists: ``Book.sheets`` (iterable, by name), ``Book.app``,
``Book.fullname``, ``Sheet.name``, ``Sheet.range(address).value`` (read and
write), ``App.status_bar`` (a property; False hands it back to Excel) and
``App.alert(prompt, title=..., mode=...)``. Anything else raises
AttributeError, as a typo against real xlwings would.
"""

from __future__ import annotations

from typing import Any


class FakeRange:
    __slots__ = ("_sheet", "_address")

    def __init__(self, sheet: FakeSheet, address: str) -> None:
        self._sheet, self._address = sheet, address.upper()

    @property
    def value(self) -> Any:
        # like xlwings: a single cell gives its value, a block gives rows of values
        if ":" not in self._address:
            return self._sheet.cells.get(self._address)
        (c0, r0), (c1, r1) = (_split(part) for part in self._address.split(":"))
        return [
            [self._sheet.cells.get(f"{chr(c)}{r}") for c in range(ord(c0), ord(c1) + 1)]
            for r in range(r0, r1 + 1)
        ]

    @value.setter
    def value(self, value: Any) -> None:
        self._sheet.cells[self._address] = value

    @property
    def sheet(self) -> FakeSheet:
        return self._sheet


def _split(address: str) -> tuple[str, int]:
    letters = address.rstrip("0123456789")
    return letters, int(address[len(letters) :])


class FakeSheet:
    __slots__ = ("name", "cells", "book")

    def __init__(self, name: str, cells: dict[str, Any] | None = None) -> None:
        self.name = name
        self.cells = {k.upper(): v for k, v in (cells or {}).items()}
        self.book: FakeBook | None = None

    def range(self, address: str) -> FakeRange:
        return FakeRange(self, address)


class FakeSheets:
    __slots__ = ("_sheets",)

    def __init__(self, sheets: list[FakeSheet]) -> None:
        self._sheets = sheets

    def __iter__(self):
        return iter(self._sheets)

    def __len__(self) -> int:
        return len(self._sheets)

    def __getitem__(self, key: str | int) -> FakeSheet:
        if isinstance(key, int):
            return self._sheets[key]
        for sheet in self._sheets:
            if sheet.name == key:
                return sheet
        raise KeyError(key)


class FakeApp:
    """Records what the user would see: status-bar texts and message boxes."""

    __slots__ = ("status_history", "alerts", "_status")

    def __init__(self) -> None:
        self.status_history: list[Any] = []
        self.alerts: list[tuple[str, str, str]] = []
        self._status: Any = False

    @property
    def status_bar(self) -> Any:
        return self._status

    @status_bar.setter
    def status_bar(self, value: Any) -> None:
        self._status = value
        self.status_history.append(value)

    def alert(
        self,
        prompt: str,
        title: str | None = None,
        buttons: str = "ok",
        mode: str | None = None,
        callback=None,
    ) -> str:
        self.alerts.append((prompt, title or "", mode or ""))
        return "ok"


class FakeBook:
    __slots__ = ("name", "fullname", "app", "sheets")

    def __init__(self, sheets: list[FakeSheet], fullname: str = "/tmp/master.xlsx") -> None:
        self.fullname = fullname
        self.name = fullname.rsplit("/", 1)[-1]
        self.app = FakeApp()
        self.sheets = FakeSheets(sheets)
        for sheet in sheets:
            sheet.book = self


def book_with_scheme(scheme: str | None = "sales", lang: str | None = None) -> FakeBook:
    """A workbook whose hidden ``_xlperf`` sheet names ``scheme`` and ``lang`` (key | value rows)."""
    sheets = [FakeSheet("Data")]
    if scheme is not None:
        sheets.append(settings_sheet(scheme=scheme, lang=lang))
    return FakeBook(sheets)


def settings_sheet(**values: Any) -> FakeSheet:
    """The ``_xlperf`` settings sheet: a ``key | value`` row per keyword, from row 2."""
    cells: dict[str, Any] = {"A1": "key", "B1": "value"}
    for row, (key, value) in enumerate(values.items(), start=2):
        cells[f"A{row}"], cells[f"B{row}"] = key, value
    return FakeSheet("_xlperf", cells)


def caller_in(book: FakeBook) -> FakeRange:
    """What xlwings passes as the reserved ``caller`` argument: the calling cell."""
    return book.sheets[0].range("A1")
