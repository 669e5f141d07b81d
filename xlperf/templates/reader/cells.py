"""Reading one input cell of a form: as text (ids, names) or as a number, with its location.

Example:
    >>> cells = FormCells("f.xlsx", {"kpi": "KPI"}, {"kpi": {"L5": "85", "A5": 1001.0}})
    >>> cells.text("kpi", "A5"), cells.number("kpi", "L5", "actual")
    ('1001', nan)
    >>> cells.problems[0].code, cells.problems[0].where.cell
    ('NUMBER_TEXT_IN_NUMBER_CELL', 'L5')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from xlperf.core.numbers import REASONS, parse_numbers
from xlperf.errors import Location, Problem
from xlperf.messages import say
from xlperf.templates import layout as L
from xlperf.templates.reader.locked import split_cell


def as_text(value: object) -> str:
    """An id or name cell as text (``1001.0`` → ``1001``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def shown(value: object) -> str:
    """A cell value as the user sees it in the sheet."""
    return str(value).upper() if isinstance(value, bool) else as_text(value)


@dataclass
class FormCells:
    """The values of a form's sheets (sheet key → cell → value) and the problems found reading them."""

    file: str
    names: Mapping[str, str]
    values: Mapping[str, Mapping[str, object]]
    problems: list[Problem] = field(default_factory=list)

    def value(self, key: str, cell: str) -> object:
        return self.values.get(key, {}).get(cell)

    def text(self, key: str, cell: str) -> str:
        return as_text(self.value(key, cell))

    def where(self, key: str, cell: str, column: str | None = None) -> Location:
        _, row = split_cell(cell)
        return Location(
            file=self.file, sheet=self.names.get(key), cell=cell, row=row, column=column
        )

    def add(self, code: str, at: tuple[str, str, str | None], **params: object) -> None:
        """Report ``code`` at ``at`` = (sheet key, cell, column name for the location)."""
        key, cell, column = at
        self.problems.append(say(code, self.where(key, cell, column), **params))

    def number(self, key: str, cell: str, column: str) -> float:
        """The number in ``cell`` (nan when empty or not a number; the latter is reported).

        A form's number cell must hold a number itself (``text=False``): text,
        TRUE/FALSE and error values are refused, exactly as the form's own
        formulas (ISNUMBER) and its data validation show them.
        """
        raw = self.value(key, cell)
        parsed = parse_numbers([raw], text=False)
        reason = parsed.reason[0]
        if reason is not None:
            col, _ = split_cell(cell)
            header = self.value(key, f"{col}{L.HEADER_ROW}")
            label = str(header).replace("\n", " ") if header else column
            self.add(REASONS[reason], (key, cell, column), value=shown(raw), column=label)
        return float(parsed.values[0])
