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
        return self._sheet.cells.get(self._address)

    @value.setter
    def value(self, value: Any) -> None:
        self._sheet.cells[self._address] = value

    @property
    def sheet(self) -> FakeSheet:
        return self._sheet


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
    """A workbook whose hidden ``_xlperf`` sheet names ``scheme`` (B2) and ``lang`` (B3)."""
    sheets = [FakeSheet("Data")]
    if scheme is not None:
        sheets.append(FakeSheet("_xlperf", {"B2": scheme, "B3": lang}))
    return FakeBook(sheets)


def caller_in(book: FakeBook) -> FakeRange:
    """What xlwings passes as the reserved ``caller`` argument: the calling cell."""
    return book.sheets[0].range("A1")
