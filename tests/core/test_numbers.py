"""The one number parser: a hand-made table of cells, the fast paths, properties, and its users."""

from __future__ import annotations

import datetime as dt
import math
import time
from decimal import Decimal
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from builders import data_rows, make_scheme
from hypothesis import given, settings
from hypothesis import strategies as st

import udfs.xlperf_udfs as udfs
import xlperf
from xlperf.core import numbers as N
from xlperf.core.numbers import REASONS, NumberError, parse_number, parse_numbers
from xlperf.core.tables import Table
from xlperf.errors import Location
from xlperf.messages import CATALOGUE, say

MISSING = "missing"

# (cell, expected): a float (read as that number), MISSING, or the reason it is invalid.
# percent="fraction", text=True: how the engine reads its tables and the UDFs their arguments.
CASES = [
    # numbers as cells hold them
    (85, 85.0),
    (0.85, 0.85),
    (-3.5, -3.5),
    (0, 0.0),
    (np.float32(0.5), 0.5),
    (np.int64(7), 7.0),
    (Decimal("12.5"), 12.5),
    (float("inf"), "not_finite"),
    (float("-inf"), "not_finite"),
    (10**400, "not_finite"),
    (float("nan"), MISSING),
    (None, MISSING),
    (pd.NA, MISSING),
    # TRUE/FALSE and dates are not numbers
    (True, "boolean"),
    (False, "boolean"),
    (np.True_, "boolean"),
    ("TRUE", "boolean"),
    ("false", "boolean"),
    (dt.date(2026, 1, 2), "date"),
    (dt.datetime(2026, 1, 2, 3, 4), "date"),
    (pd.Timestamp("2026-01-02"), "date"),
    # empty text
    ("", MISSING),
    ("   ", MISSING),
    ("\u00a0", MISSING),
    ("\u3000", MISSING),
    ("\t\n", MISSING),
    # the grammar
    ("85", 85.0),
    ("  85 ", 85.0),
    ("+5", 5.0),
    ("-5", -5.0),
    ("0.2236", 0.2236),
    (".5", 0.5),
    ("5.", 5.0),
    ("007", 7.0),
    ("1e3", 1000.0),
    ("1.5E-2", 0.015),
    ("1e-999", 0.0),
    ("85%", 0.85),
    ("-5%", -0.05),
    ("0.1%", 0.001),
    ("85 %", 0.85),
    ("1e2%", 1.0),
    # thousands: only valid groups of three
    ("1,234", 1234.0),
    ("1,234,567.5", 1234567.5),
    ("-12,345.25", -12345.25),
    ("1,234%", 12.34),
    ("0,2236", "ambiguous_comma"),
    ("0,223", "ambiguous_comma"),
    ("1,23", "ambiguous_comma"),
    ("12,34,567", "ambiguous_comma"),
    ("1234,567", "ambiguous_comma"),
    ("1.234,5", "ambiguous_comma"),
    (",5", "ambiguous_comma"),
    ("1,2345", "ambiguous_comma"),
    # full-width forms and the minus sign
    ("１２３．５", 123.5),
    ("－５", -5.0),
    ("＋５", 5.0),
    ("８５％", 0.85),
    ("１，２３４", 1234.0),
    ("\u22125", -5.0),
    ("\u3000８５\u3000", 85.0),
    # text that merely looks numeric
    ("1_000", "text"),
    ("0x10", "text"),
    ("1.2.3", "text"),
    ("¥100", "text"),
    ("$5", "text"),
    ("100元", "text"),
    ("1 234", "text"),
    ("- 5", "text"),
    ("10²", "text"),  # NFKC at large would read 102
    ("①", "text"),
    ("٣", "text"),  # an Arabic-Indic digit: float() would take it
    ("85%%", "text"),
    ("%85", "text"),
    ("e5", "text"),
    (".", "text"),
    ("-", "text"),
    ("abc", "text"),
    ("'85", "text"),
    # not finite
    ("nan", "not_finite"),
    ("NaN", "not_finite"),
    ("inf", "not_finite"),
    ("-inf", "not_finite"),
    ("Infinity", "not_finite"),
    ("∞", "not_finite"),
    ("1e999", "not_finite"),
    ("-1e999", "not_finite"),
    ("9" * 400, "not_finite"),
    # Excel's error values
    ("#DIV/0!", "excel_error"),
    ("#N/A", "excel_error"),
    ("#n/a", "excel_error"),
    ("#VALUE!", "excel_error"),
    ("#REF!", "excel_error"),
    ("#NAME?", "excel_error"),
    ("#NUM!", "excel_error"),
    ("#NULL!", "excel_error"),
    ("#SPILL!", "excel_error"),
    ("Err:502", "excel_error"),
]


def _check(p, i: int, expected: object) -> None:
    got = (p.values[i], p.missing[i], p.invalid[i], p.reason[i])
    if expected == MISSING:
        assert np.isnan(got[0]) and got[1] and not got[2] and got[3] is None, got
    elif isinstance(expected, str):
        assert np.isnan(got[0]) and not got[1] and got[2] and got[3] == expected, got
    else:
        assert got[0] == expected and not got[1] and not got[2] and got[3] is None, got


@pytest.mark.parametrize(("cell", "expected"), CASES, ids=[repr(c)[:30] for c, _ in CASES])
def test_each_cell_alone(cell, expected):
    _check(parse_numbers([cell]), 0, expected)
    if expected == MISSING or isinstance(expected, str):
        with pytest.raises(NumberError) as err:
            parse_number(cell)
        assert err.value.reason == ("missing" if expected == MISSING else expected)
        assert err.value.code == REASONS[err.value.reason]
    else:
        assert parse_number(cell) == expected


def test_the_table_is_big_enough_and_covers_every_reason():
    assert len(CASES) >= 50
    seen = {e for _, e in CASES if isinstance(e, str)}
    assert seen == set(REASONS) - {"text_in_number_cell"}


def test_all_cells_in_one_column_read_as_each_alone():
    """One object column: distinct values are parsed once, True never merges with 1."""
    cells = [c for c, _ in CASES] * 3
    p = parse_numbers(cells)
    for i, (_, expected) in enumerate(CASES * 3):
        _check(p, i, expected)


@pytest.mark.parametrize(
    ("cell", "fraction", "points"),
    [("85%", 0.85, 85.0), ("30％", 0.3, 30.0), ("12.5%", 0.125, 12.5), ("1e2%", 1.0, 100.0)],
)
def test_percent_reads_as_a_fraction_or_as_points(cell, fraction, points):
    for mode, want in (("fraction", fraction), ("points", points)):
        p = parse_numbers([cell, "30"], percent=mode)
        assert p.values.tolist() == [want, 30.0]
        assert p.percent.tolist() == [True, False]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (85, 85.0),
        (0.85, 0.85),
        (None, MISSING),
        ("", MISSING),
        (" ", "text_in_number_cell"),  # Excel: " " is not "" and not a number
        ("\u3000", "text_in_number_cell"),
        ("85", "text_in_number_cell"),
        ("85%", "text_in_number_cell"),
        ("1,234", "text_in_number_cell"),
        ("1_000", "text_in_number_cell"),
        ("nan", "text_in_number_cell"),
        ("TRUE", "text_in_number_cell"),
        (True, "boolean"),
        ("#N/A", "excel_error"),
        (" #DIV/0! ", "excel_error"),
        (float("inf"), "not_finite"),
        (dt.datetime(2026, 1, 2), "date"),
    ],
)
def test_a_form_number_cell_must_hold_a_number(cell, expected):
    _check(parse_numbers([cell], text=False), 0, expected)


# -- fast paths ------------------------------------------------------------------


def test_float_and_int_arrays():
    p = parse_numbers(np.array([1.5, np.nan, np.inf, -np.inf, -0.0]))
    assert p.values[0] == 1.5 and p.missing.tolist() == [False, True, False, False, False]
    assert p.invalid.tolist() == [False, False, True, True, False]
    assert p.reason.tolist() == [None, None, "not_finite", "not_finite", None]
    assert np.isnan(p.values[2:4]).all()
    q = parse_numbers(np.arange(4, dtype=np.uint8))
    assert q.values.tolist() == [0, 1, 2, 3] and not q.missing.any() and not q.invalid.any()


def test_bool_date_and_nullable_dtypes():
    assert parse_numbers(np.array([True, False])).reason.tolist() == ["boolean"] * 2
    dates = parse_numbers(np.array(["2026-01-01", "NaT"], dtype="datetime64[D]"))
    assert dates.reason.tolist() == ["date", None] and dates.missing.tolist() == [False, True]
    ints = parse_numbers(pd.Series([1, None], dtype="Int64"))
    assert ints.values[0] == 1 and ints.missing.tolist() == [False, True]
    flags = parse_numbers(pd.Series([True, None], dtype="boolean"))
    assert flags.reason.tolist() == ["boolean", None] and flags.missing.tolist() == [False, True]
    text = parse_numbers(pd.Series(["85%", None], dtype="string"))
    assert text.values[0] == 0.85 and text.missing.tolist() == [False, True]
    cat = parse_numbers(pd.Series(["1", "x", "1"], dtype="category"))
    assert cat.values[0] == 1 and cat.reason.tolist() == [None, "text", None]


def test_shapes_are_kept_for_ranges():
    p = parse_numbers([[1, "x"], [None, "2%"]])
    assert p.values.shape == (2, 2) and p.reason[0, 1] == "text" and p.values[1, 1] == 0.02
    assert parse_numbers(np.array(5.0)).values.tolist() == [5.0]
    assert len(parse_numbers([])) == 0


def test_true_is_not_one_in_a_mixed_column():
    p = parse_numbers([1, True, 1.0, 0, False, "a", np.True_, Decimal(1)])
    assert p.invalid.tolist() == [False, True, False, False, True, True, True, False]
    assert p.values[[0, 2, 3, 7]].tolist() == [1.0, 1.0, 0.0, 1.0]
    p = parse_numbers([True, 1, "x"])  # the boolean comes first this time
    assert p.reason.tolist() == ["boolean", None, "text"] and p.values[1] == 1.0


def test_each_distinct_text_is_parsed_once_and_a_million_cells_are_fast():
    cells = np.array(["85%", "1,234", "abc", "", None, 3.5, "0,5", "1_000"] * 125_000, dtype=object)
    with mock.patch.object(N, "_parse_text", wraps=N._parse_text) as spy:
        start = time.perf_counter()
        p = parse_numbers(cells)
        elapsed = time.perf_counter() - start
    assert spy.call_count <= 6  # the distinct texts that are not plain numbers
    assert elapsed < 2.0, f"{elapsed:.2f} s for 1M cells"
    assert p.values[:2].tolist() == [0.85, 1234.0] and p.invalid.sum() == 3 * 125_000


def test_distinct_plain_numbers_as_text_read_like_float():
    texts = [repr(float(x)) for x in np.random.default_rng(1).normal(0, 1e6, 2000)]
    assert parse_numbers(texts).values.tolist() == [float(t) for t in texts]


# -- properties ------------------------------------------------------------------

NUMBERISH = st.text(alphabet="0123456789,.eE+-%  \u3000１２，．％－\u2212xa_#", max_size=12)
FINITE = st.floats(allow_nan=False, allow_infinity=False)
ANY_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    NUMBERISH,
    st.text(max_size=8),
    st.sampled_from([c for c, _ in CASES if isinstance(c, str)]),
)


@settings(max_examples=400, deadline=None)
@given(st.text() | NUMBERISH, st.sampled_from(["fraction", "points"]), st.booleans())
def test_any_text_never_raises_and_never_gives_a_non_finite_number(text, percent, allow_text):
    p = parse_numbers([text], percent=percent, text=allow_text)
    assert p.missing[0] + p.invalid[0] + p.ok[0] == 1
    if p.ok[0]:
        assert math.isfinite(p.values[0])
    else:
        assert np.isnan(p.values[0])
    assert (p.reason[0] is not None) == bool(p.invalid[0])
    assert p.reason[0] is None or p.reason[0] in REASONS


@settings(max_examples=300, deadline=None)
@given(st.lists(ANY_CELL, max_size=30))
def test_a_column_reads_cell_for_cell_like_single_cells(cells):
    column = parse_numbers(cells)
    for i, cell in enumerate(cells):
        alone = parse_numbers([cell])
        assert column.reason[i] == alone.reason[0] and column.missing[i] == alone.missing[0]
        assert column.values[i] == alone.values[0] or (
            np.isnan(column.values[i]) and np.isnan(alone.values[0])
        )


@given(FINITE)
def test_thousands_grouped_text_reads_back(x):
    assert parse_number(format(x, ",")) == x


@given(FINITE)
def test_repr_reads_back_also_in_full_width(x):
    assert parse_number(repr(x)) == x
    wide = repr(x).translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert parse_number(wide) == x


@given(st.floats(min_value=-1e300, max_value=1e300, allow_nan=False))
def test_percent_text_is_the_number_over_100(x):
    assert parse_number(f"{x!r}%", percent="points") == x
    assert math.isclose(parse_number(f"{x!r}%"), x / 100, rel_tol=1e-15, abs_tol=1e-300)


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=20))
def test_float_arrays_and_object_columns_agree(xs):
    a = parse_numbers(np.array(xs, dtype=float))
    b = parse_numbers(np.array(xs, dtype=object))
    assert a.reason.tolist() == b.reason.tolist() and a.missing.tolist() == b.missing.tolist()
    assert np.array_equal(a.values, b.values, equal_nan=True)


# -- messages and users ----------------------------------------------------------


@pytest.mark.parametrize("reason", sorted(REASONS))
def test_every_reason_has_a_message_in_both_languages(reason):
    m = CATALOGUE[REASONS[reason]]
    assert all((m.en, m.zh, m.hint_en, m.hint_zh, m.group_en, m.group_zh))
    assert m.fields() <= {"value", "column"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in m.zh + m.hint_zh)
    p = say(m.code, Location(file="d.csv", row=3), value="0,2236", column="实际值")
    for lang in ("en", "zh"):
        assert "{" not in p.render(lang)


def test_table_parse_exposes_reasons_and_numbers_keeps_its_shape():
    t = Table.wrap(pd.DataFrame({"工号": ["E1"] * 4, "实际值": ["85%", "inf", True, None]}), "data")
    values, missing, invalid = t.numbers("actual")
    assert values[0] == 0.85 and missing.tolist() == [False, False, False, True]
    assert invalid.tolist() == [False, True, True, False]
    assert t.parse("actual").reason.tolist() == [None, "not_finite", "boolean", None]
    assert t.parse("actual", percent="points").values[0] == 85.0
    assert t.parse("target").missing.all()


BAD_ACTUALS = [
    ("inf", "NUMBER_NOT_FINITE", "'inf' is not a finite number"),
    ("1e999", "NUMBER_NOT_FINITE", "'1e999' is not a finite number"),
    (float("-inf"), "NUMBER_NOT_FINITE", "'-inf' is not a finite number"),
    ("0,2236", "NUMBER_AMBIGUOUS_COMMA", "'0,2236' has a comma that is not a thousands separator"),
    (True, "NUMBER_BOOLEAN", "TRUE/FALSE is not a number (got TRUE)"),
    ("1_000", "NUMBER_TEXT", "expected a number, got text '1_000'"),
    ("#N/A", "NUMBER_EXCEL_ERROR", "the cell holds the Excel error #N/A"),
]


@pytest.mark.parametrize(("actual", "code", "text"), BAD_ACTUALS)
def test_the_engine_refuses_each_bad_actual_with_its_code_and_row(actual, code, text):
    scheme = make_scheme()
    rows = [("E1", "D", "rep", "REV", 100, 100), ("E1", "D", "rep", "COST", actual, 100)]
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme, data_rows(rows))
    (p,) = [p for p in exc.value.problems if p.code.startswith("NUMBER_")]
    assert (p.code, p.where.row, p.message) == (code, 3, text)
    assert p.message_zh and p.hint and "actual" in p.hint


def test_the_engine_reads_weights_with_the_parsers_percent_mask():
    rows = [
        ("E1", "D", "rep", "REV", 100, 100, "６０％"),
        ("E1", "D", "rep", "COST", 100, 100, 0.4),
    ]
    cols = ("employee_id", "department", "role", "indicator", "actual", "target", "weight")
    r = xlperf.score(make_scheme(), data_rows(rows, cols))
    assert r.indicators["weight"].tolist() == [60.0, 40.0]
    rows[1] = (*rows[1][:-1], "0,4")
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(make_scheme(), data_rows(rows, cols))
    assert [p.code for p in exc.value.problems][:1] == ["NUMBER_AMBIGUOUS_COMMA"]


@pytest.mark.parametrize("actual", ["inf", "1e999", float("inf"), "nan", True, "0,85", "1_000"])
def test_a_udf_argument_that_is_not_a_finite_number_is_an_invalid_argument(actual):
    assert udfs.KPI_SCORE(actual, 100, "ratio") == [["实际值必须是数字"]]
    assert udfs.KPI_SCORE([[actual]], [[100]], "ratio") == [["实际值必须是数字"]]


def test_udf_weights_use_the_parsers_percent_mask():
    assert udfs.WEIGHTED_SCORE([[100, 80]], [["７０％", "30%"]]) == [[94.0]]
    assert udfs.KPI_SCORE([["８５％"]], [[1]], "ratio") == [[pytest.approx(85.0)]]


@pytest.mark.parametrize("option", ["cap=inf", "cap=nan", "cap=1_000", "cap=1e999", "floor=TRUE"])
def test_udf_options_go_through_the_parser(option):
    assert udfs.KPI_SCORE(90, 100, "ratio", None, option) == [
        ["选项 " + option.split("=")[0] + " 必须是数字"]
    ]


def test_udf_options_still_read_ordinary_numbers():
    assert udfs.KPI_SCORE(200, 100, "ratio", None, "cap=１２０") == [[120.0]]
    assert udfs.KPI_SCORE(200, 100, "ratio", None, "cap=130%") == [[130.0]]
