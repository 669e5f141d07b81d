"""A minimal, honest fake of the xlwings objects XlwingsBook touches.

Only what xlwings really offers: ``Book.sheets`` (iterable, ``[name]``,
``.add(name, after=)``), ``Sheet.name/.range(addr)/.used_range/.clear()``,
``Range.options(ndim=2).value`` (a 2-D list; writing a 2-D list at one cell
expands it, as xlwings does), ``Range.number_format``, ``Range.column_width``,
``Range.clear_contents()``, ``Range.add_hyperlink``, ``Range.row/.column``
and ``Book.app.status_bar``.
"""

from __future__ import annotations

import types

from openpyxl.utils.cell import column_index_from_string, range_boundaries


class FakeRange:
    def __init__(self, sheet: FakeSheet, addr: str) -> None:
        self.sheet = sheet
        if ":" in addr and addr.replace(":", "").isalpha():  # whole columns "F:G"
            a, b = addr.split(":")
            self.bounds = (column_index_from_string(a), 1, column_index_from_string(b), 1_048_576)
        else:
            self.bounds = range_boundaries(addr if ":" in addr else f"{addr}:{addr}")
        self.ndim = None

    def options(self, ndim=None, **_):
        self.ndim = ndim
        return self

    @property
    def row(self) -> int:
        return self.bounds[1]

    @property
    def column(self) -> int:
        return self.bounds[0]

    @property
    def value(self):
        c1, r1, c2, r2 = self.bounds
        rows = [
            [self.sheet.cells.get((r, c)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)
        ]
        if self.ndim == 2:
            return rows
        return rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else rows

    @value.setter
    def value(self, v) -> None:
        c1, r1, _, _ = self.bounds
        rows = v if isinstance(v, list) and v and isinstance(v[0], list) else [[v]]
        for i, r in enumerate(rows):
            for j, x in enumerate(r):
                if x is None:
                    self.sheet.cells.pop((r1 + i, c1 + j), None)
                elif isinstance(x, str) and x.startswith("'"):
                    self.sheet.cells[(r1 + i, c1 + j)] = x[
                        1:
                    ]  # Excel keeps the text, hides the apostrophe
                else:
                    self.sheet.cells[(r1 + i, c1 + j)] = x

    @property
    def number_format(self):
        return self.sheet.formats.get(self.bounds)

    @number_format.setter
    def number_format(self, fmt: str) -> None:
        self.sheet.formats[self.bounds] = fmt

    @property
    def column_width(self):
        return self.sheet.widths.get(self.bounds[0])

    @column_width.setter
    def column_width(self, w: float) -> None:
        self.sheet.widths[self.bounds[0]] = w

    def clear_contents(self) -> None:
        c1, r1, c2, r2 = self.bounds
        for key in [k for k in self.sheet.cells if r1 <= k[0] <= r2 and c1 <= k[1] <= c2]:
            del self.sheet.cells[key]

    def add_hyperlink(self, address: str, text_to_display=None, screen_tip=None) -> None:
        self.sheet.links[(self.bounds[1], self.bounds[0])] = address


class FakeSheet:
    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: dict[tuple[int, int], object] = {}
        self.formats: dict = {}
        self.widths: dict = {}
        self.links: dict = {}
        self.api = types.SimpleNamespace(PageSetup=types.SimpleNamespace())  # Excel's PageSetup

    def range(self, addr: str) -> FakeRange:
        return FakeRange(self, addr)

    @property
    def used_range(self) -> FakeRange:
        if not self.cells:
            return FakeRange(self, "A1")
        rows = [r for r, _ in self.cells]
        cols = [c for _, c in self.cells]
        from openpyxl.utils import get_column_letter

        return FakeRange(
            self,
            f"{get_column_letter(min(cols))}{min(rows)}:{get_column_letter(max(cols))}{max(rows)}",
        )

    def delete(self) -> None:
        self.parent._list.remove(self)

    def clear(self) -> None:
        self.cells.clear()
        self.formats.clear()
        self.links.clear()


class FakeSheets:
    def __init__(self) -> None:
        self._list: list[FakeSheet] = []

    def __iter__(self):
        return iter(list(self._list))

    def __len__(self) -> int:
        return len(self._list)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self._list[key]
        for s in self._list:
            if s.name == key:
                return s
        raise KeyError(key)

    def add(self, name=None, before=None, after=None) -> FakeSheet:
        s = FakeSheet(name or f"Sheet{len(self._list) + 1}")
        s.parent = self
        pos = self._list.index(after) + 1 if after is not None else 0
        self._list.insert(pos, s)
        return s


class FakeApp:
    def __init__(self) -> None:
        self.status_bar = False
        self.history: list = []

    def __setattr__(self, key, value):
        if key == "status_bar" and hasattr(self, "history"):
            self.history.append(value)
        object.__setattr__(self, key, value)


class FakeBook:
    def __init__(self, fullname: str = "/tmp/master.xlsx") -> None:
        self.sheets = FakeSheets()
        self.app = FakeApp()
        self.fullname = fullname
        self.saved = None

    def save(self, path=None) -> None:
        self.saved = path
