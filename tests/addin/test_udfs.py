"""The worksheet functions against the engine, called as xlwings calls them.

xlwings hands a UDF 2-D lists for ranges (``ndim=2``), ``None`` for empty cells,
floats for numbers and the calling cell as ``caller``; a direct call may also
pass scalars or numpy arrays. Expected values come from ``xlperf.core`` (or are
computed by hand), never from the UDF module itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from addin_fakes import book_with_scheme, caller_in, settings_sheet
from hypothesis import given, settings
from hypothesis import strategies as st

import udfs.xlperf_udfs as u
from xlperf.core import contract as methods
from xlperf.core import distribution
from xlperf.core.engine import score
from xlperf.core.scheme import load_scheme, shipped_schemes


@pytest.fixture(scope="module")
def sales():
    return load_scheme(shipped_schemes()["sales"])


@pytest.fixture
def en():
    return caller_in(book_with_scheme("sales", "en"))


@pytest.fixture
def zh():
    return caller_in(book_with_scheme("sales"))


def col(values):
    """A column range as xlwings passes it with ndim=2."""
    return [[v] for v in values]


def flat(result):
    return [row[0] for row in result]


# --- KPI_SCORE ------------------------------------------------------------------------------

ACTUALS = [0.0, 35.0, 79.5, 100.0, 118.0, 250.0]
TARGETS = [100.0, 40.0, 80.0, 100.0, 100.0, 100.0]
BASELINES = [90.0, 30.0, 70.0, 100.0, 80.0, 50.0]


@pytest.mark.parametrize(
    "code",
    [
        "SALES_REV",
        "SALES_GROWTH",
        "CSAT",
        "MARKET_SHARE",
        "NEW_CUST",
        "COST",
        "COMPLAINTS",
        "NPS",
        "销售额达成率",
    ],
)
def test_kpi_score_by_indicator_matches_engine(code, sales, en):
    rule = sales.rule(sales.resolve_indicator(code))
    a, t, b = np.array(ACTUALS[1:]), np.array(TARGETS[1:]), np.array(BASELINES[1:])
    if code == "SALES_GROWTH":
        t = np.full_like(t, 0.1)
    if code == "COMPLAINTS":
        a = np.array([0.0, 1.0, 2.0, 5.0, 7.0])
    expected = methods.score_rule(rule, a, t, b)
    got = u.KPI_SCORE(col(a.tolist()), col(t.tolist()), [[code]], col(b.tolist()), None, en)
    assert np.allclose(flat(got), expected, rtol=0, atol=1e-12), (code, got, expected)


@pytest.mark.parametrize(
    ("method", "actual", "target", "baseline", "options", "expected"),
    [
        ("ratio", 90, 100, None, None, 90.0),
        ("ratio", 200, 100, None, None, 150.0),  # default cap 150
        ("ratio", 200, 100, None, "cap=120", 120.0),
        ("inverse", 80, 100, None, None, 125.0),
        ("inverse", 0, 100, None, None, 150.0),  # a = 0 scores the cap
        ("growth", 115, 0.3, 100, None, 50.0),  # g = 0.15, 100·0.15/0.3
        ("deduction", 2, None, None, "per=20", 60.0),
        ("binary", 40, 40, None, None, 100.0),
        ("binary", 41, 40, None, "lower=true", 0.0),
        ("bands", 85, None, None, [[90, 120], [80, 100], [0, 50]], 100.0),
        ("linear", 1.25, 1, None, [[0, 0], [1, 100], [1.5, 130]], 115.0),
        ("rating", 4, None, None, None, 80.0),
        ("RATIO", 50, 100, None, None, 50.0),
    ],
)
def test_kpi_score_by_method_hand_computed(method, actual, target, baseline, options, expected):
    assert u.KPI_SCORE(actual, target, method, baseline, options) == [[pytest.approx(expected)]]


def test_kpi_score_accepts_every_xlwings_shape(sales, en):
    expected = [[90.0], [120.0], [""]]  # an empty row stays empty
    as_lists = u.KPI_SCORE([[90.0], [120.0], [None]], [[100.0], [100.0], [None]], [["ratio"]])
    as_numpy = u.KPI_SCORE(
        np.array([[90.0], [120.0], [np.nan]]), np.array([[100.0], [100.0], [np.nan]]), "ratio"
    )
    as_1d = u.KPI_SCORE(np.array([90.0, 120.0, np.nan]), [100.0, 100.0, None], "ratio")
    assert as_lists == expected and as_numpy == expected and as_1d == expected
    one_target = u.KPI_SCORE([[90.0], [120.0], [None]], 100.0, "ratio")
    assert one_target == [[90.0], [120.0], ["缺少实际值"]]
    row = u.KPI_SCORE([[90.0, 120.0]], [[100.0, 100.0]], "ratio")
    assert row == [[90.0, 120.0]]


def test_kpi_score_per_row_indicator_codes(sales, en):
    got = u.KPI_SCORE(
        col([110.0, 92.0, 3.0]),
        col([100.0, None, None]),
        col(["SALES_REV", "CSAT", "COMPLAINTS"]),
        None,
        None,
        en,
    )
    assert flat(got) == [110.0, 120.0, 40.0]


def test_kpi_score_indicator_target_from_scheme(sales, en):
    # NPS declares target 40 in the scheme: an empty target cell uses it
    assert u.KPI_SCORE([[45.0]], [[None]], "NPS", None, None, en) == [[100.0]]


@pytest.mark.parametrize(
    ("actual", "target", "method", "en_message", "zh_message"),
    [
        (90, 0, "ratio", "target must be > 0", "目标值必须大于0"),
        (90, -5, "inverse", "target must be > 0", "目标值必须大于0"),
        (-1, 100, "inverse", "actual must be ≥ 0", "实际值不能为负数"),
        (90, None, "ratio", "target is missing", "缺少目标值"),
        ("abc", 100, "ratio", "actual must be a number", "实际值必须是数字"),
        ("#DIV/0!", 100, "ratio", "actual must be a number", "实际值必须是数字"),
        (90, "n/a", "ratio", "target must be a number", "目标值必须是数字"),
        (7, None, "rating", "rating 7 is not on the scale 1..5", "评分 7 不在 1..5 范围内"),
        (90, 100, "ratoi", "unknown method or indicator 'ratoi'", "未知的计分方法或指标 'ratoi'"),
    ],
)
def test_kpi_score_bad_inputs_give_short_messages(
    actual, target, method, en_message, zh_message, en, zh
):
    got_en = u.KPI_SCORE([[actual]], [[target]], [[method]], None, None, en)[0][0]
    got_zh = u.KPI_SCORE([[actual]], [[target]], [[method]], None, None, zh)[0][0]
    assert got_en.startswith(en_message) and got_zh.startswith(zh_message)


def test_kpi_score_growth_needs_nonzero_baseline(en):
    assert u.KPI_SCORE(110, 0.1, "growth", 0, None, en) == [["baseline must not be 0"]]


def test_percent_text_is_read_like_the_engine(en):
    # "85%" is 0.85, as the engine reads rate columns
    assert u.KPI_SCORE([["85%"]], [[1.0]], "ratio", None, None, en) == [[pytest.approx(85.0)]]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ([[1.0], [2.0]], [[1.0, 2.0, 3.0]], "ratio"),
            "target must be one cell or the same size as the first range",
        ),
        ((90, 100, "bands"), "method bands needs its (min, score) bands as options"),
        ((90, 100, "ratio", None, "cap=abc"), "option cap must be a number"),
        ((90, 100, "ratio", None, "colour=red"), "unknown option 'colour'"),
        (
            (90, 100, "SALES_REV"),
            "no scheme: name it in the sheet _xlperf (row 'scheme': a path or a shipped scheme)",
        ),
    ],
)
def test_kpi_score_bad_arguments(args, expected):
    padded = list(args) + [None] * (5 - len(args))
    assert u.KPI_SCORE(*padded, caller_in(_no_scheme_en())) == [[expected]]


def _no_scheme_en():
    from addin_fakes import FakeBook, FakeSheet

    return FakeBook([FakeSheet("Data"), settings_sheet(scheme=None, lang="en")])


def test_no_traceback_ever_reaches_a_cell(monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("engine bug")

    monkeypatch.setattr(methods, "score_rule", broken)
    assert u.KPI_SCORE(90, 100, "ratio") == [["#VALUE!"]]
    assert u.KPI_SCORE(object(), 100, "ratio") == [["#VALUE!"]]
    assert u.PERF_RANK([[1.0, 2.0]]) == [["得分必须是一列"]]


# --- A scored population: grades, ranks, forced distribution, bonus --------------------------


@pytest.fixture(scope="module")
def population(sales):
    rng = np.random.default_rng(7)
    n = 40
    ids = [f"E{i:03d}" for i in range(n)]
    depts = ["North" if i % 3 else "South" for i in range(n)]
    rows = []
    for i, emp in enumerate(ids):
        level = 0.75 + (i % 17) / 20  # repeats, so there are ties
        rows += [
            (emp, depts[i], "sales_rep", "SALES_REV", 100 * level, 100, None),
            (emp, depts[i], "sales_rep", "SALES_GROWTH", 1 + 0.1 * level, None, 1.0),
            (emp, depts[i], "sales_rep", "CSAT", 70 + 25 * (level - 0.75), None, None),
            (emp, depts[i], "sales_rep", "MARKET_SHARE", 0.2 * level, 0.2, None),
            (emp, depts[i], "sales_rep", "NEW_CUST", 10 * level, 10, None),
        ]
    data = pd.DataFrame(
        rows,
        columns=["employee_id", "department", "role", "indicator", "actual", "target", "baseline"],
    )
    dims = [c.code for c in sales.competencies]
    ratings = pd.DataFrame(
        [
            (emp, d, r, int(rng.integers(3, 6)) if i % 17 else 4)
            for i, emp in enumerate(ids)
            for d in dims
            for r in ("supervisor", "peer")
        ],
        columns=["employee_id", "dimension", "rater", "rating"],
    )
    results = score(sales, data, ratings)
    return data, results


def test_population_has_ties_and_demotions(population):
    _, results = population
    emp = results.employees
    assert emp["final_score"].round(6).duplicated().any()
    assert (emp["grade"] != emp["grade_absolute"]).any()


def test_weighted_score_matches_engine_section_score(population, sales, en):
    data, results = population
    ind = results.indicators
    for emp_id in ["E000", "E005", "E016"]:
        rows = ind[ind["employee_id"] == emp_id]
        got = u.WEIGHTED_SCORE([rows["score"].tolist()], [rows["weight"].tolist()], en)
        expected = results.employees.set_index("employee_id").loc[emp_id, "score_kpi"]
        assert got[0][0] == pytest.approx(expected, abs=1e-9)
        # the same employee down a column, weights as fractions and as percent text
        fractions = (rows["weight"] / 100).tolist()
        assert u.WEIGHTED_SCORE(col(rows["score"].tolist()), col(fractions), en)[0][
            0
        ] == pytest.approx(expected, abs=1e-9)
        texts = [f"{w:g}%" for w in rows["weight"]]
        assert u.WEIGHTED_SCORE([rows["score"].tolist()], [texts], en)[0][0] == pytest.approx(
            expected, abs=1e-9
        )


@pytest.mark.parametrize(
    ("scores", "weights", "expected"),
    [
        ([[100, 80]], [[60, 40]], 92.0),
        ([[100, 80], [50, 50]], [[60, 40]], None),  # two rows, one row of weights
        ([[100, 80]], [[60, 30]], "weights must sum to 100 (got 90)"),
        ([[100, None]], [[60, 40]], "a weighted score is missing or not a number"),
        ([[None, None]], [[60, 40]], ""),
        (
            [[100, 80]],
            [[60, 40, 0]],
            "weights must match the scores: one per score, or one row for all rows",
        ),
        ([[100, 80]], [[60, -40]], "weights must be > 0"),
    ],
)
def test_weighted_score_rules(scores, weights, expected, en):
    got = u.WEIGHTED_SCORE(scores, weights, en)
    if expected is None:
        assert got == [[92.0], [50.0]]
    else:
        assert got[0][0] == expected


def test_final_score_matches_engine(population, en):
    _, results = population
    emp = results.employees
    sections = emp[["score_kpi", "score_competency"]].to_numpy().tolist()
    got = u.FINAL_SCORE(sections, None, en)
    assert np.allclose(flat(got), emp["final_score"].to_numpy(), atol=1e-9)
    explicit = u.FINAL_SCORE(sections, [[70, 30]], en)
    assert np.allclose(flat(explicit), emp["final_score"].to_numpy(), atol=1e-9)


@pytest.mark.parametrize(
    ("sections", "weights", "expected"),
    [
        ([[100, 80]], [[70, 30]], 94.0),
        ([[100, 80]], [["70%", "30%"]], 94.0),
        ([[100, None]], [[70, 30]], "a section score is missing or not a number"),
        ([[100, 80, 1]], [[70, 30]], "expected 2 section scores per row, got 3"),
        ([[100, 80]], [[70, 20]], "section weights must sum to 100 (got 90)"),
    ],
)
def test_final_score_rules(sections, weights, expected, en):
    assert u.FINAL_SCORE(sections, weights, en)[0][0] == expected


def test_grade_band_matches_engine(population, sales, en):
    _, results = population
    emp = results.employees
    assert (
        flat(u.GRADE_BAND(col(emp["final_score"].tolist()), None, en))
        == emp["grade_absolute"].tolist()
    )


@pytest.mark.parametrize(
    ("score_value", "expected"),
    [(120, "A"), (119.9999999, "A"), (119.99, "B"), (100, "B"), (79.9, "D"), (-5, "E"), (None, "")],
)
def test_grade_band_thresholds_round_to_6_decimals(score_value, expected, en):
    assert u.GRADE_BAND([[score_value]], None, en) == [[expected]]


def test_grade_band_from_a_range_in_any_order():
    bands = [[60, "Pass"], [90, "Top"], [0, "Fail"]]
    assert flat(u.GRADE_BAND(col([95, 90, 89.9, 10]), bands)) == ["Top", "Top", "Pass", "Fail"]
    assert flat(u.GRADE_BAND(col([95]), [["Top", 90], ["Fail", 0]])) == ["Top"]
    expected = distribution.absolute_grades(np.array([95.0, 61.0]), np.array([90.0, 60.0, 0.0]))
    assert flat(u.GRADE_BAND(col([95, 61]), bands)) == [
        ["Top", "Pass", "Fail"][i] for i in expected
    ]


def test_perf_rank_matches_engine(population, en):
    _, results = population
    emp = results.employees
    assert flat(u.PERF_RANK(col(emp["final_score"].tolist()), None, en)) == emp["rank"].tolist()
    grouped = u.PERF_RANK(col(emp["final_score"].tolist()), col(emp["department"].tolist()), en)
    assert flat(grouped) == emp["department_rank"].tolist()


def test_perf_rank_hand_computed_with_blanks_and_text(en):
    assert flat(u.PERF_RANK(col([90.0, 95.0, 90.0, None, 80.0, "x"]), None, en)) == [
        2,
        1,
        2,
        "",
        4,
        "score must be a number",
    ]


def test_forced_grade_matches_engine(population, en):
    _, results = population
    emp = results.employees
    got = u.FORCED_GRADE(col(emp["final_score"].tolist()), None, None, en)
    assert flat(got) == emp["grade"].tolist()
    from_absolute = u.FORCED_GRADE(
        col(emp["final_score"].tolist()), None, col(emp["grade_absolute"].tolist()), en
    )
    assert flat(from_absolute) == emp["grade"].tolist()


def test_forced_grade_hand_computed_tie_at_quota(en):
    # Absolute: A A A B B B C C C E. A ≤ 10% of 10 → 1 kept, but the best two are tied,
    # so the whole tied block (and 125) moves to B. B ≤ 20% → 2 kept: the tied pair;
    # 125, 110, 105, 101 move to C. C, D, E have no quota.
    scores = [130, 130, 125, 110, 105, 101, 95, 90, 85, 50]
    got = flat(u.FORCED_GRADE(col(scores), None, None, en))
    assert got == ["B", "B", "C", "C", "C", "C", "C", "C", "C", "E"]


def test_forced_grade_groups_and_unknown_grades(en):
    scores = col([130.0, 125.0, 130.0, None])
    got = u.FORCED_GRADE(scores, col(["N", "N", "S", "S"]), col(["A", "Z", "A", None]), en)
    assert flat(got)[1] == "unknown grade 'Z'"
    assert flat(got)[3] == ""


def test_bonus_factor_matches_engine(population, en):
    _, results = population
    emp = results.employees
    assert flat(u.BONUS_FACTOR(col(emp["grade"].tolist()), en)) == emp["bonus_factor"].tolist()
    assert u.BONUS_FACTOR([["A", "e", None, "Q"]], en) == [[1.5, 0.0, "", "unknown grade 'Q'"]]


def test_functions_needing_a_scheme_say_so():
    no_scheme = caller_in(_no_scheme_en())
    message = "no scheme: name it in the sheet _xlperf (row 'scheme': a path or a shipped scheme)"
    assert u.BONUS_FACTOR("A", no_scheme) == [[message]]
    assert u.FORCED_GRADE([[1.0]], None, None, no_scheme) == [[message]]
    assert u.GRADE_BAND([[1.0]], None, no_scheme) == [[message]]


# --- XLPERF_CHECK ----------------------------------------------------------------------------


def _block(data: pd.DataFrame) -> list[list]:
    body = data.astype(object).where(data.notna(), None).to_numpy().tolist()
    return [list(data.columns)] + body


def test_check_clean_block_is_ok(population, en):
    data, _ = population
    assert u.XLPERF_CHECK(_block(data.head(10)), en) == [["OK"]]


def test_check_reports_engine_problems_with_rows(population, en, zh):
    data, _ = population
    bad = data.head(10).astype(object)
    bad.loc[0, "target"] = 0
    bad.loc[3, "actual"] = "abc"
    lines = flat(u.XLPERF_CHECK(_block(bad), en))
    assert any("row 2" in line and "target must be > 0" in line for line in lines), lines
    assert any("row 5" in line for line in lines), lines
    assert all("competency" not in line for line in lines)
    assert any("目标值必须大于0" in line for line in flat(u.XLPERF_CHECK(_block(bad), zh)))


def test_check_plain_block_cell_by_cell(en):
    assert u.XLPERF_CHECK([[1.0, "x"], [None, "#N/A"]], en) == [
        ["R1C2: 'x' is not a number"],
        ["R2C2: '#N/A' is not a number"],
    ]
    assert u.XLPERF_CHECK([[1.0, 2.0]], None) == [["无问题"]]


# --- The workbook's scheme -------------------------------------------------------------------


def test_scheme_from_yaml_text_path_and_rules_sheet(tmp_path, sales):
    from addin_fakes import FakeBook, FakeSheet

    from xlperf.addin.settings import workbook_settings

    text = shipped_schemes()["sales"].read_text(encoding="utf-8")
    as_text = FakeBook([settings_sheet(scheme=text, lang="en")])
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    as_path = FakeBook([settings_sheet(scheme="s.yaml")], fullname=str(tmp_path / "book.xlsx"))
    on_rules = FakeBook([FakeSheet("规则", {"A1": "sales"})])
    assert workbook_settings(as_text)[0].id == sales.id and workbook_settings(as_text)[1] == "en"
    assert workbook_settings(as_path) == (workbook_settings(as_path)[0], "zh")
    assert workbook_settings(as_path)[0].fingerprint == sales.fingerprint
    assert workbook_settings(on_rules)[0].id == sales.id
    assert workbook_settings(FakeBook([FakeSheet("Data")])) == (None, "zh")


def test_a_broken_scheme_gives_a_message_not_a_traceback():
    from addin_fakes import FakeBook

    book = FakeBook([settings_sheet(scheme="scheme: [unclosed", lang="en")])
    result = u.BONUS_FACTOR("A", caller_in(book))
    assert isinstance(result[0][0], str) and "YAML" in result[0][0]


# --- Properties --------------------------------------------------------------------------------


_cell = st.one_of(
    st.none(), st.floats(-1e6, 1e6, allow_nan=False), st.sampled_from(["abc", "#N/A", "85%", ""])
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(_cell, _cell), min_size=1, max_size=30),
    st.sampled_from(["ratio", "inverse", "binary", "deduction"]),
)
def test_one_call_on_a_column_equals_one_call_per_cell(rows, method):
    actual, target = [[a] for a, _ in rows], [[t] for _, t in rows]
    options = "per=10" if method == "deduction" else None
    column = flat(u.KPI_SCORE(actual, target, method, None, options))
    cells = [u.KPI_SCORE(a, t, method, None, options)[0][0] for a, t in rows]
    assert column == cells


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1e4), st.floats(0.01, 1e4)), min_size=1, max_size=30))
def test_valid_numbers_score_exactly_as_the_engine(rows):
    a = np.array([x for x, _ in rows])
    t = np.array([y for _, y in rows])
    expected = methods.score_rule(methods.IndicatorRule("ratio"), a, t)
    assert flat(u.KPI_SCORE(col(a.tolist()), col(t.tolist()), "ratio")) == expected.tolist()


def test_xlwings_metadata_hands_over_2d_ranges_with_error_text():
    """What xlwings reads from the decorators: every range argument arrives 2-D, and error
    cells arrive as text ('#DIV/0!') so they are reported, not read as empty."""
    from xlperf.addin.build import _load_fresh, udf_module_path
    from xlperf.addin.xlwings_stub import windows_udf_api

    with windows_udf_api():
        module = _load_fresh(udf_module_path())
    names = [
        "KPI_SCORE",
        "GRADE_BAND",
        "WEIGHTED_SCORE",
        "FINAL_SCORE",
        "FORCED_GRADE",
        "PERF_RANK",
        "BONUS_FACTOR",
        "XLPERF_CHECK",
    ]
    for name in names:
        info = getattr(module, name).__xlfunc__
        for arg in info["args"]:
            if arg["name"] == "caller":
                continue
            assert arg["options"].get("ndim") == 2, (name, arg["name"])
            assert arg["options"].get("err_to_str") is True, (name, arg["name"])
        assert [a["name"] for a in info["args"]][-1] == "caller", name


@pytest.mark.parametrize("key", sorted(shipped_schemes()))
def test_kpi_score_rating_method_equals_the_engine_on_every_shipped_scheme(key):
    """=KPI_SCORE(r,,"rating") must use the scheme's rating map like the engine (digital: 4 → 100)."""
    scheme = load_scheme(shipped_schemes()[key])
    caller = caller_in(book_with_scheme(key, "en"))
    ratings = [1.0, 2.0, 3.0, 4.0, 5.0]
    got = flat(u.KPI_SCORE(col(ratings), None, "rating", caller=caller))
    # the engine scores a rating-method indicator without its own map with the same rule
    rating_codes = [i.code for i in scheme.indicators if i.method == "rating" and not i.method_keys]
    rules = [scheme.rating_rule] + [scheme.rule(c) for c in rating_codes]
    for rule in rules:
        assert got == methods.score_rule(rule, np.array(ratings)).tolist()
    if key == "digital":
        assert got[3] == 100.0
