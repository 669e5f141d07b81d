"""Period ids: parsing, kinds, calendar, neighbours across year boundaries (hand-computed tables)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlperf.core.periods import (
    Period,
    add_months,
    cell_date,
    cell_period,
    consecutive,
    parse_period,
    period_or_none,
    period_problem,
    year_periods,
)
from xlperf.errors import InputError, Location


@pytest.mark.parametrize(
    ("text", "pid", "kind", "start", "end"),
    [
        ("2026Q1", "2026Q1", "quarterly", "2026-01-01", "2026-03-31"),
        (" 2026q4 ", "2026Q4", "quarterly", "2026-10-01", "2026-12-31"),
        ("2026-Q2", "2026Q2", "quarterly", "2026-04-01", "2026-06-30"),
        ("2026-03", "2026-03", "monthly", "2026-03-01", "2026-03-31"),
        ("2024-02", "2024-02", "monthly", "2024-02-01", "2024-02-29"),
        ("2026H1", "2026H1", "half-yearly", "2026-01-01", "2026-06-30"),
        ("2026h2", "2026H2", "half-yearly", "2026-07-01", "2026-12-31"),
        ("2026", "2026", "annual", "2026-01-01", "2026-12-31"),
    ],
)
def test_period_ids_parse_with_their_calendar(text, pid, kind, start, end):
    p = parse_period(text)
    assert (p.id, p.kind, p.start.isoformat(), p.end.isoformat()) == (pid, kind, start, end)


@pytest.mark.parametrize(
    "text",
    [
        "2026Q5",
        "2026Q0",
        "2026-13",
        "2026-3",
        "2026-00",
        "26Q1",
        "Q1 2026",
        "2026H3",
        "二〇二六",
        "",
        "1899",
        "2026Q1x",
        "2026 Q1",
    ],
)
def test_ids_that_do_not_parse(text):
    assert period_or_none(text) is None
    with pytest.raises(InputError) as exc:
        parse_period(text, where=Location(path="period"))
    (problem,) = exc.value.problems
    assert problem.code == "PERIOD_BAD_ID"
    assert problem.where.path == "period"
    assert problem.message_zh and problem.hint


@pytest.mark.parametrize(
    ("pid", "prev", "nxt"),
    [
        ("2026Q1", "2025Q4", "2026Q2"),
        ("2025Q4", "2025Q3", "2026Q1"),
        ("2026-01", "2025-12", "2026-02"),
        ("2025-12", "2025-11", "2026-01"),
        ("2026H1", "2025H2", "2026H2"),
        ("2026", "2025", "2027"),
    ],
)
def test_previous_and_next_cross_year_boundaries(pid, prev, nxt):
    p = parse_period(pid)
    assert (p.previous().id, p.next().id) == (prev, nxt)
    assert consecutive(p.previous(), p) and consecutive(p, p.next())


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2025Q4", "2026Q1", True),
        ("2025Q3", "2026Q1", False),
        ("2026Q1", "2025Q4", False),
        ("2026Q1", "2026Q1", False),
        ("2025-12", "2026-01", True),
        ("2025Q4", "2026-01", False),
    ],
)
def test_consecutive(a, b, expected):
    assert consecutive(parse_period(a), parse_period(b)) is expected


def test_months_of_a_quarter_and_a_half_year():
    assert [m.id for m in parse_period("2025Q4").months()] == ["2025-10", "2025-11", "2025-12"]
    assert len(parse_period("2026H2").months()) == 6
    assert parse_period("2026-05").within("quarterly").id == "2026Q2"
    assert parse_period("2026-05").within("half-yearly").id == "2026H1"
    assert parse_period("2026Q2").contains(parse_period("2026-06"))
    assert not parse_period("2026Q2").contains(dt.date(2026, 7, 1))


@pytest.mark.parametrize(
    ("text", "kind", "code"),
    [
        ("2026-03", "quarterly", "PERIOD_WRONG_KIND"),
        ("2026Q1", "monthly", "PERIOD_WRONG_KIND"),
        ("2026", "quarterly", "PERIOD_WRONG_KIND"),
        ("2026Q1", "quarterly", None),
        ("x", "quarterly", "PERIOD_BAD_ID"),
    ],
)
def test_a_period_must_be_of_the_schemes_kind(text, kind, code):
    problem = period_problem(text, kind, Location(path="period"), "sales")
    assert (problem.code if problem else None) == code


def test_year_periods_and_their_keys():
    assert [p.key for p in year_periods(2026, "quarterly")] == ["Q1", "Q2", "Q3", "Q4"]
    assert [p.key for p in year_periods(2026, "monthly")][:2] == ["M1", "M2"]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-03-31", 3, "2026-06-30"),
        ("2025-12-31", 3, "2026-03-31"),
        ("2026-11-30", 3, "2027-02-28"),
        ("2027-11-30", 3, "2028-02-29"),
        ("2026-06-30", 6, "2026-12-31"),
        ("2026-01-15", 1, "2026-02-15"),
    ],
)
def test_add_months_keeps_month_ends(day, months, expected):
    assert add_months(dt.date.fromisoformat(day), months).isoformat() == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-15", dt.date(2026, 2, 15)),
        ("2026/2/5", dt.date(2026, 2, 5)),
        ("2026年2月15日", dt.date(2026, 2, 15)),
        (dt.datetime(2026, 2, 15, 9, 30), dt.date(2026, 2, 15)),
        (pd.Timestamp("2026-02-15"), dt.date(2026, 2, 15)),
        ("2026-02-15 00:00:00", dt.date(2026, 2, 15)),
        ("", None),
        (None, None),
        (float("nan"), None),
        (pd.NaT, None),
        ("2026-02-30", False),
        ("15/02/2026", False),
        (46068, False),
        ("yesterday", False),
    ],
)
def test_cell_dates(value, expected):
    assert cell_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2026, 3, 1), "2026-03"),
        (pd.Timestamp("2026-03-01"), "2026-03"),
        (dt.date(2026, 3, 2), False),
        (2026, "2026"),
        (2026.0, "2026"),
        ("2026q1", "2026Q1"),
        (True, False),
        ("", None),
        (None, None),
    ],
)
def test_cell_periods_read_excel_month_dates(value, expected):
    got = cell_period(value)
    assert (got.id if isinstance(got, Period) else got) == expected


periods = st.builds(
    lambda y, k, i: Period(
        y, k, (i % {"monthly": 12, "quarterly": 4, "half-yearly": 2, "annual": 1}[k]) + 1
    ),
    st.integers(2100, 2500),
    st.sampled_from(["monthly", "quarterly", "half-yearly", "annual"]),
    st.integers(0, 11),
)


@given(periods, st.integers(-200, 200))
def test_shifting_is_invertible_and_follows_the_calendar(p, n):
    q = p.shifted(n)
    assert q.shifted(-n) == p
    assert q.kind == p.kind
    assert (q.start > p.start) == (n > 0)
    assert parse_period(q.id) == q


@given(periods)
def test_next_starts_the_day_after_the_end(p):
    assert p.next().start == p.end + dt.timedelta(days=1)
    assert p.contains(p.start) and p.contains(p.end)
