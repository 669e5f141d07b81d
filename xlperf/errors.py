"""One exception root for everything xlperf reports to a user.

Every error carries a list of :class:`Problem` records. A problem says *where*
(file, sheet, cell/row, column, or a path inside the scheme), *what* was
expected and what was received, and *what to do*. Problems are collected, never
raised one by one, so a user sees every mistake of a file in one run.

Example:
    >>> p = Problem(where=Location(file="s.yaml", path="roles[0].indicators[1].weight"),
    ...             message="expected a number > 0, got 'abc'", hint="type a weight such as 30")
    >>> str(p)
    "s.yaml: roles[0].indicators[1].weight: expected a number > 0, got 'abc' (type a weight such as 30)"
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where a problem is, as the user sees it.

    ``row`` is the spreadsheet row number (header = row 1) or the CSV line
    number; ``cell`` is an A1 reference when a single cell is known.
    """

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: str | None = None
    path: str | None = None

    def __str__(self) -> str:
        """``data.xlsx: Data!F9 (row 9, column F (实际值))`` or ``s.yaml: roles[0].weight``."""
        parts: list[str] = [self.file] if self.file else []
        detail: list[str] = []
        if self.row is not None:
            detail.append(f"row {self.row}")
        if self.column:
            detail.append(f"column {self.column}")
        if self.sheet and self.cell:
            head = f"{self.sheet}!{self.cell}"
        elif self.sheet:
            head = f"sheet {self.sheet}"
        else:
            head = self.cell or ""
        if head and detail:
            parts.append(f"{head} ({', '.join(detail)})")
        elif head or detail:
            parts.append(head or ", ".join(detail))
        if self.path:
            parts.append(self.path)
        return ": ".join(parts) if parts else "(input)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with its location and a hint."""

    where: Location
    message: str
    hint: str | None = None
    message_zh: str | None = None
    hint_zh: str | None = None

    def render(self, lang: str = "en") -> str:
        msg = self.message_zh if lang == "zh" and self.message_zh else self.message
        hint = self.hint_zh if lang == "zh" and self.hint_zh else self.hint
        text = f"{self.where}: {msg}"
        if hint:
            text += f" ({hint})" if lang != "zh" else f"（{hint}）"
        return text

    def __str__(self) -> str:
        return self.render("en")


class XlperfError(Exception):
    """Root of every error xlperf shows to a user.

    ``problems`` holds every problem found; ``str()`` lists them one per line.
    """

    exit_code = 1

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.problems: list[Problem] = list(problems)
        self.message = message
        super().__init__(self.render("en"))

    def render(self, lang: str = "en") -> str:
        lines = [self.message]
        lines.extend(f"  - {p.render(lang)}" for p in self.problems)
        return "\n".join(lines)


class SchemeError(XlperfError, ValueError):
    """The scheme file is missing, unreadable or invalid."""

    exit_code = 3


class InputError(XlperfError, ValueError):
    """Input tables (data, ratings, adjustments, roster, forms) failed validation."""

    exit_code = 3


class WorkbookError(XlperfError, OSError):
    """A file cannot be read or written as a workbook (not a workbook, encrypted, locked...)."""

    exit_code = 3


class UsageError(XlperfError, ValueError):
    """The command line was used wrongly."""

    exit_code = 2


@dataclass
class ProblemList:
    """Collects problems while validating; raise once at the end.

    Example:
        >>> probs = ProblemList()
        >>> probs.add(Location(path="sections"), "expected weights summing to 100, got 90")
        >>> try:
        ...     probs.raise_if_any(SchemeError, "scheme.yaml is invalid")
        ... except SchemeError as err:
        ...     print(err.render("en"))
        scheme.yaml is invalid
          - sections: expected weights summing to 100, got 90
    """

    items: list[Problem] = field(default_factory=list)

    def add(
        self,
        where: Location,
        message: str,
        hint: str | None = None,
        *,
        message_zh: str | None = None,
        hint_zh: str | None = None,
    ) -> None:
        self.items.append(Problem(where, message, hint, message_zh, hint_zh))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self, kind: type[XlperfError], message: str) -> None:
        if self.items:
            raise kind(message, self.items)
