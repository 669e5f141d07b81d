"""Appraisal periods (考核期): ids ``2026Q1``, ``2026-03``, ``2026H1``, ``2026`` and their calendar.

A :class:`Period` knows its kind (the scheme's ``scheme.period``: monthly,
quarterly, half-yearly or annual), its first and last day, the months it
covers, and its neighbours; two periods of one kind are consecutive when the
second is the first's :meth:`~Period.next`, across a year boundary too
(``2025Q4`` → ``2026Q1``). Ids are read case-insensitively with spaces
trimmed (``2026q1`` is ``2026Q1``); ``2026-Q1`` and ``2026-H1`` are accepted
as well. A date cell on the first of a month (what Excel makes of a typed
``2026-03``) reads as that month.

Example:
    >>> p = parse_period("2025Q4")
    >>> p.next().id, p.start.isoformat(), p.end.isoformat()
    ('2026Q1', '2025-10-01', '2025-12-31')
    >>> [m.id for m in parse_period("2026Q1").months()]
    ['2026-01', '2026-02', '2026-03']
    >>> consecutive(parse_period("2025Q4"), parse_period("2026Q1"))
    True
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from xlperf.errors import InputError, Location, Problem
from xlperf.messages import say

#: the kinds a scheme's ``period`` may take, and how many periods of each a year has
KINDS: dict[str, int] = {"monthly": 12, "quarterly": 4, "half-yearly": 2, "annual": 1}
KIND_NAMES_ZH = {"monthly": "月度", "quarterly": "季度", "half-yearly": "半年度", "annual": "年度"}
KIND_NAMES_EN = {
    "monthly": "a month",
    "quarterly": "a quarter",
    "half-yearly": "a half-year",
    "annual": "a year",
}
_EXAMPLES = {"monthly": "2026-03", "quarterly": "2026Q1", "half-yearly": "2026H1", "annual": "2026"}

_PATTERNS = (
    (re.compile(r"^(\d{4})-?Q([1-4])$"), "quarterly"),
    (re.compile(r"^(\d{4})-?H([12])$"), "half-yearly"),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), "monthly"),
    (re.compile(r"^(\d{4})$"), "annual"),
)
_DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00)?)?$")


@dataclass(frozen=True, order=True)
class Period:
    """One period: ``year``, ``kind`` (a :data:`KINDS` key) and ``index`` (1-based within the year)."""

    year: int
    kind: str
    index: int

    @property
    def months_long(self) -> int:
        return 12 // KINDS[self.kind]

    @property
    def id(self) -> str:
        """The canonical id: ``2026Q1``, ``2026-03``, ``2026H1`` or ``2026``."""
        if self.kind == "quarterly":
            return f"{self.year}Q{self.index}"
        if self.kind == "half-yearly":
            return f"{self.year}H{self.index}"
        if self.kind == "monthly":
            return f"{self.year}-{self.index:02d}"
        return str(self.year)

    @property
    def key(self) -> str:
        """The period within its year, as a roll-up's weights name it: ``Q1``, ``H2``, ``M3``, ``Y``."""
        if self.kind == "annual":
            return "Y"
        return {"quarterly": "Q", "half-yearly": "H", "monthly": "M"}[self.kind] + str(self.index)

    @property
    def ordinal(self) -> int:
        """Periods of one kind counted from year 0: consecutive periods differ by one."""
        return self.year * KINDS[self.kind] + self.index - 1

    @property
    def first_month(self) -> int:
        return (self.index - 1) * self.months_long + 1

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        last = self.first_month + self.months_long - 1
        return dt.date(self.year, last, calendar.monthrange(self.year, last)[1])

    def months(self) -> tuple[Period, ...]:
        """The months the period covers, in order."""
        return tuple(
            Period(self.year, "monthly", m)
            for m in range(self.first_month, self.first_month + self.months_long)
        )

    def shifted(self, n: int) -> Period:
        """The period ``n`` steps later (earlier when ``n`` < 0) of the same kind."""
        per_year = KINDS[self.kind]
        year, idx = divmod(self.ordinal + n, per_year)
        return Period(year, self.kind, idx + 1)

    def previous(self) -> Period:
        return self.shifted(-1)

    def next(self) -> Period:
        return self.shifted(1)

    def contains(self, other: Period | dt.date) -> bool:
        """Whether a date, or a period of the same or a finer kind, lies inside this period."""
        if isinstance(other, Period):
            return self.start <= other.start and other.end <= self.end
        return self.start <= other <= self.end

    def within(self, kind: str) -> Period:
        """The period of ``kind`` (the same or coarser) that contains this one."""
        months = 12 // KINDS[kind]
        return Period(self.year, kind, (self.first_month - 1) // months + 1)

    def __str__(self) -> str:
        return self.id


def period_or_none(text: Any) -> Period | None:
    """The period an id names, or None when it does not parse.

    Example:
        >>> period_or_none(" 2026h2 "), period_or_none("2026Q5")
        (Period(year=2026, kind='half-yearly', index=2), None)
    """
    s = str(text).strip().upper()
    for pattern, kind in _PATTERNS:
        m = pattern.match(s)
        if m:
            year = int(m.group(1))
            if year < 1900:
                return None
            return Period(year, kind, int(m.group(2)) if kind != "annual" else 1)
    return None


def period_problem(
    text: Any, kind: str | None = None, where: Location | None = None, scheme: str = ""
) -> Problem | None:
    """Why ``text`` is not a period id (of ``kind`` when given), or None when it is one.

    Example:
        >>> period_problem("2026-03", "quarterly").code
        'PERIOD_WRONG_KIND'
        >>> period_problem("2026Q1", "quarterly") is None
        True
    """
    p = period_or_none(text)
    if p is None:
        return say("PERIOD_BAD_ID", where, value=str(text).strip())
    if kind is not None and p.kind != kind:
        return say(
            "PERIOD_WRONG_KIND",
            where,
            value=p.id,
            kind_en=KIND_NAMES_EN[p.kind],
            kind_zh=KIND_NAMES_ZH[p.kind],
            scheme=scheme,
            scheme_kind=kind,
            scheme_kind_zh=KIND_NAMES_ZH.get(kind, kind),
            example=_EXAMPLES.get(kind, "2026Q1"),
        )
    return None


def parse_period(
    text: Any, kind: str | None = None, where: Location | None = None, scheme: str = ""
) -> Period:
    """The period ``text`` names; raises :class:`~xlperf.errors.InputError` (located) when it does not.

    With ``kind`` the period must be of that kind (the scheme's ``period``).

    Example:
        >>> parse_period("2026-03").id
        '2026-03'
        >>> try:
        ...     parse_period("2026Q5", where=Location(path="period"))
        ... except InputError as err:
        ...     print(err.problems[0].render("en"))
        period: '2026Q5' is not a period id (write 2026Q1, 2026-03, 2026H1 or 2026)
    """
    problem = period_problem(text, kind, where, scheme)
    if problem is not None:
        raise InputError(
            "The period is not valid; nothing was written.",
            [problem],
            "考核期有误，未写入任何文件。",
        )
    return period_or_none(text)  # type: ignore[return-value]


def consecutive(a: Period, b: Period) -> bool:
    """Whether ``b`` immediately follows ``a`` (same kind).

    Example:
        >>> consecutive(parse_period("2026-12"), parse_period("2027-01")), consecutive(
        ...     parse_period("2026Q1"), parse_period("2026Q3"))
        (True, False)
    """
    return a.kind == b.kind and b.ordinal == a.ordinal + 1


def year_periods(year: int, kind: str) -> tuple[Period, ...]:
    """Every period of ``kind`` in ``year``, in order.

    Example:
        >>> [p.key for p in year_periods(2026, "half-yearly")]
        ['H1', 'H2']
    """
    return tuple(Period(year, kind, i) for i in range(1, KINDS[kind] + 1))


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; a month end stays a month end (2026-03-31 + 3 → 2026-06-30).

    Example:
        >>> add_months(dt.date(2026, 3, 31), 3), add_months(dt.date(2026, 11, 30), 3)
        (datetime.date(2026, 6, 30), datetime.date(2027, 2, 28))
    """
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(y, m + 1)[1]
    at_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(y, m + 1, last if at_end else min(day.day, last))


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    if value is pd.NaT:
        return True
    return isinstance(value, str) and not value.strip()


def cell_date(value: Any) -> dt.date | None | bool:
    """A date cell as a date; None when empty; False when it is not a date.

    Dates and date-times are taken as their day; text may be ``2026-02-15``,
    ``2026/2/15``, ``2026.2.15`` or ``2026年2月15日``. Numbers are refused
    (a serial day number is not a readable date).

    Example:
        >>> cell_date("2026/2/15"), cell_date(""), cell_date(46068)
        (datetime.date(2026, 2, 15), None, False)
    """
    if _is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    if not isinstance(value, str):
        return False
    m = _DATE_TEXT.match(value.strip())
    if not m:
        return False
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False


def cell_period(value: Any) -> Period | None | bool:
    """A period cell as a period; None when empty; False when it does not parse.

    A date on the first of a month (Excel turns a typed ``2026-03`` into one)
    reads as that month; a whole number such as 2026 reads as the year.

    Example:
        >>> cell_period(dt.datetime(2026, 3, 1)).id, cell_period(2026.0).id, cell_period("Q1")
        ('2026-03', '2026', False)
    """
    if _is_blank(value):
        return None
    if isinstance(value, dt.date) or hasattr(value, "to_pydatetime"):
        day = cell_date(value)
        if isinstance(day, dt.date) and day.day == 1 and not _has_time(value):
            return Period(day.year, "monthly", day.month)
        return False
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float) and float(value).is_integer():
        value = str(int(value))
    return period_or_none(value) or False


def _has_time(value: Any) -> bool:
    return isinstance(value, dt.datetime) and (value.hour, value.minute, value.second) != (0, 0, 0)
