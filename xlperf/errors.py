"""One exception root for everything xlperf reports to a user.

Every error carries a list of :class:`Problem` records. A problem has a stable
``code`` (``DATA_MISSING_ACTUAL``), says *where* (file, sheet, cell/row,
column, or a path inside the scheme), *what* was expected and what was
received, and *what to do*, in English and Chinese. Problems are collected,
never raised one by one, so a user sees every mistake of a file in one run.
The texts come from one catalogue (:mod:`xlperf.messages`); build problems
with :func:`xlperf.messages.say`.

Example:
    >>> p = Problem(where=Location(file="s.yaml", path="roles[0].indicators[1].weight"),
    ...             message="expected a number > 0, got 'abc'", hint="type a weight such as 30")
    >>> str(p)
    "s.yaml: roles[0].indicators[1].weight: expected a number > 0, got 'abc' (type a weight such as 30)"
    >>> Location(file="d.xlsx", sheet="Data", cell="F9", row=9, column="F (实际值)").render("zh")
    'd.xlsx: Data!F9（第9行，F (实际值)列）'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

LANGS = ("zh", "en")


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

    def render(self, lang: str = "en") -> str:
        """``data.xlsx: Data!F9 (row 9, column F (实际值))`` or ``s.yaml: roles[0].weight``."""
        zh = lang == "zh"
        parts: list[str] = [self.file] if self.file else []
        detail: list[str] = []
        if self.row is not None:
            detail.append(f"第{self.row}行" if zh else f"row {self.row}")
        if self.column:
            detail.append(f"{self.column}列" if zh else f"column {self.column}")
        if self.sheet and self.cell:
            head = f"{self.sheet}!{self.cell}"
        elif self.sheet:
            head = f"工作表 {self.sheet}" if zh else f"sheet {self.sheet}"
        else:
            head = self.cell or ""
        sep = "，" if zh else ", "
        if head and detail:
            parts.append(f"{head}（{sep.join(detail)}）" if zh else f"{head} ({sep.join(detail)})")
        elif head or detail:
            parts.append(head or sep.join(detail))
        if self.path:
            parts.append(self.path)
        return ": ".join(parts) if parts else ("（输入）" if zh else "(input)")

    def __str__(self) -> str:
        return self.render("en")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with its code, location and a hint in both languages.

    ``subject`` names what varies between repeats of the same code (an
    employee id, a cell) so that repeats can be shown as one grouped line;
    ``severity`` is ``error`` or ``warning`` (a warning never stops a run).
    """

    where: Location
    message: str
    hint: str | None = None
    message_zh: str | None = None
    hint_zh: str | None = None
    code: str = "GENERIC"
    subject: str | None = None
    severity: str = "error"

    def text(self, lang: str = "en") -> tuple[str, str | None]:
        """(message, hint) in ``lang``; Chinese falls back to English only where no text exists."""
        if lang == "zh":
            return self.message_zh or self.message, self.hint_zh or self.hint
        return self.message, self.hint

    def render(self, lang: str = "en") -> str:
        msg, hint = self.text(lang)
        text = f"{self.where.render(lang)}: {msg}"
        if hint:
            text += f"（{hint}）" if lang == "zh" else f" ({hint})"
        return text

    def at(self, **where: object) -> Problem:
        """The same problem at another location (fields of :class:`Location` replaced)."""
        return replace(self, where=replace(self.where, **where))

    def __str__(self) -> str:
        return self.render("en")


class XlperfError(Exception):
    """Root of every error xlperf shows to a user.

    ``problems`` holds every problem found; ``str()`` lists them one per line.
    ``message_zh`` is the headline in Chinese (English when not given).
    """

    exit_code = 1

    def __init__(
        self, message: str, problems: Iterable[Problem] = (), message_zh: str | None = None
    ) -> None:
        self.problems: list[Problem] = list(problems)
        self.message = message
        self.message_zh = message_zh
        super().__init__(self.render("en"))

    def headline(self, lang: str = "en") -> str:
        if lang == "zh":
            return self.message_zh or _HEADLINES_ZH.get(type(self).__name__, self.message)
        return self.message

    def render(self, lang: str = "en") -> str:
        lines = [self.headline(lang)]
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


class BusyError(XlperfError, RuntimeError):
    """Another xlperf run (or Excel) holds the file; nothing was written."""

    exit_code = 4


_HEADLINES_ZH = {
    "SchemeError": "考核方案有误，未写入任何文件。",
    "InputError": "输入数据未通过校验，未写入任何文件。",
    "WorkbookError": "无法读取或写入文件，未写入任何文件。",
    "UsageError": "命令用法有误。",
    "BusyError": "文件正被其他程序使用，未写入任何文件。",
    "XlperfError": "出现问题，未写入任何文件。",
}


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
        code: str = "GENERIC",
        subject: str | None = None,
    ) -> None:
        self.items.append(Problem(where, message, hint, message_zh, hint_zh, code, subject))

    def append(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity != "warning"]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(
        self, kind: type[XlperfError], message: str, message_zh: str | None = None
    ) -> None:
        """Raise ``kind`` with every problem when at least one is an error (not a warning)."""
        if self.errors:
            raise kind(message, self.items, message_zh)
