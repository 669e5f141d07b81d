"""The typed records the form modules pass each other: who is in a form, and what a sheet produced.

Example:
    >>> spec = FormSpec("sales_rep", "role", (None, None), ("sales_rep", "sales_rep"), blank_role="sales_rep")
    >>> spec.blank, len(spec.people)
    (True, 2)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    """One roster row, validated."""

    employee_id: str
    name: str
    department: str
    role: str


@dataclass(frozen=True)
class FormSpec:
    """One form to build: its group (department or role) and its employee slots."""

    group: str
    per: str
    people: tuple[Person | None, ...]  # None = a blank slot
    roles: tuple[str, ...]
    blank_role: str | None = None

    @property
    def blank(self) -> bool:
        return self.blank_role is not None


@dataclass(frozen=True)
class NamedRange:
    """A workbook-level defined name: ``XLPERF_ACTUAL`` → a range of one sheet."""

    name: str
    sheet_key: str
    ref: str


@dataclass(frozen=True)
class SheetOutput:
    """What building one sheet produced besides its cells: its input cells and its defined names."""

    inputs: frozenset[str] = frozenset()
    names: tuple[NamedRange, ...] = ()
