"""load_yaml: hostile scheme YAML refused with code, path and line, in bounded time and memory."""

from __future__ import annotations

import time
import tracemalloc

import hostile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xlperf
from xlperf.core.scheme import parse_scheme
from xlperf.core.scheme_yaml import MAX_DEPTH, MAX_NODES, load_yaml
from xlperf.errors import SchemeError


def _problems(text: str) -> list[tuple[str, str | None, str]]:
    with pytest.raises(SchemeError) as info:
        load_yaml(text, "s.yaml")
    assert info.value.exit_code == 3
    assert all(p.where.file == "s.yaml" for p in info.value.problems)
    return [(p.code, p.where.path, p.render("en")) for p in info.value.problems]


# kind, code, path, words of the English message (the line)
HOSTILE = [
    ("billion_laughs", "SCHEME_TOO_LARGE", "e", "more than 50000 values (line 5)"),
    ("deep", "SCHEME_TOO_DEEP", "scheme." + ".".join(f"k{i}" for i in range(32)), "(line 34)"),
    ("deep_flow", "SCHEME_TOO_DEEP", "scheme" + "[0]" * 32, "nested more than 32 levels"),
    (
        "duplicate_keys",
        "SCHEME_DUPLICATE_KEY",
        "scheme.id",
        "key 'id' appears twice (line 3, first at line 2)",
    ),
    ("nan", "SCHEME_NOT_FINITE", "defaults.cap", "'.nan' is not a finite number (line 2)"),
    (
        "inf",
        "SCHEME_NOT_FINITE",
        "roles[0].indicators[0].weight",
        "'-.inf' is not a finite number (line 4)",
    ),
    ("not_mapping", "SCHEME_NOT_MAPPING", None, "got a list"),
    ("syntax_error", "SCHEME_YAML_SYNTAX", None, "line 3, column 8"),
]


@pytest.mark.parametrize(("kind", "code", "path", "words"), HOSTILE)
def test_hostile_yaml_is_refused_with_code_path_and_line(tmp_path, kind, code, path, words):
    text = hostile.yaml_file(tmp_path, kind).read_text(encoding="utf-8")
    got = _problems(text)
    assert (got[0][0], got[0][1]) == (code, path)
    assert words in got[0][2]


def test_every_duplicate_is_reported_not_only_the_first():
    got = _problems(hostile.YAML_TEXTS["duplicate_keys"])
    assert [(c, p) for c, p, _ in got] == [
        ("SCHEME_DUPLICATE_KEY", "scheme.id"),
        ("SCHEME_DUPLICATE_KEY", "roles[0].weight"),
    ]


def test_all_problems_of_a_text_at_once():
    text = "grades: {a: 1, a: 2}\ncap: .nan\nfloor: -.INF\nx: !!python/name:os.system ''\n"
    got = [(c, p) for c, p, _ in _problems(text)]
    assert got == [
        ("SCHEME_DUPLICATE_KEY", "grades.a"),
        ("SCHEME_NOT_FINITE", "cap"),
        ("SCHEME_NOT_FINITE", "floor"),
        ("SCHEME_YAML_TAG", "x"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: {on: 1, off: 2}", {"a": {"on": 1, "off": 2}}),  # YAML 1.2: 'on' stays a key
        ("a: yes\nb: no\nc: On", {"a": "yes", "b": "no", "c": "On"}),
        ("a: true\nb: False\nc: TRUE", {"a": True, "b": False, "c": True}),
        ("a: 1e3\nb: 1.5\nc: 12", {"a": "1e3", "b": 1.5, "c": 12}),
        ("q: 'nan'\nn: Nan\nm: \"inf\"", {"q": "nan", "n": "Nan", "m": "inf"}),  # quoted or a name
        ("b: &b {x: 1, y: 2}\nc: {<<: *b, x: 3}", {"b": {"x": 1, "y": 2}, "c": {"x": 3, "y": 2}}),
        ("a: ~\nb:", {"a": None, "b": None}),
    ],
)
def test_safe_values_load_as_before(text, value):
    assert load_yaml(text, "s.yaml") == value


@pytest.mark.parametrize(
    ("text", "code", "path"),
    [
        ("cap: nan", "SCHEME_NOT_FINITE", "cap"),  # plain text a number field would take as NaN
        ("cap: -Infinity", "SCHEME_NOT_FINITE", "cap"),
        ("cap: 1e999", "SCHEME_NOT_FINITE", "cap"),
        ("cap: 1.0e+999", "SCHEME_NOT_FINITE", "cap"),
        ("cap: .NaN", "SCHEME_NOT_FINITE", "cap"),
        ("w: [1, .inf]", "SCHEME_NOT_FINITE", "w[1]"),
        ("k: " + "9" * 400, "SCHEME_NOT_FINITE", "k"),
        ("a: {x: 1, x: 2}", "SCHEME_DUPLICATE_KEY", "a.x"),  # on one line
        ("a: !!python/object/apply:os.system [ls]", "SCHEME_YAML_TAG", "a"),
        ("d: 2026-02-30", "SCHEME_YAML_SYNTAX", "d"),
        ("a: &a [*a]", "SCHEME_TOO_LARGE", "a[0]"),  # an alias inside its own anchor
        ("", "SCHEME_NOT_MAPPING", None),
        ("42", "SCHEME_NOT_MAPPING", None),
        ("a: 1\n---\nb: 2", "SCHEME_YAML_SYNTAX", None),
        ("a: \x07", "SCHEME_YAML_SYNTAX", None),
        ("a: *missing", "SCHEME_YAML_SYNTAX", None),
        ("{[a]: 1}", "SCHEME_YAML_SYNTAX", None),
    ],
)
def test_refusal_table(text, code, path):
    (got,) = _problems(text)
    assert got[:2] == (code, path)


def test_depth_limit_is_exact():
    nest = lambda n: "a: " + "[" * n + "1" + "]" * n  # noqa: E731 - the value sits at depth n + 1
    assert load_yaml(nest(MAX_DEPTH - 1), "s.yaml")["a"] is not None
    assert _problems(nest(MAX_DEPTH))[0][0] == "SCHEME_TOO_DEEP"


def test_aliases_that_deepen_the_document_are_too_deep():
    inner = "[" * 30 + "1" + "]" * 30
    got = _problems(f"a: &a {inner}\nb: [[[[*a]]]]\n")
    assert got[0][:2] == ("SCHEME_TOO_DEEP", "b[0][0][0][0]")


def test_node_budget_is_exact():
    # 'a' is a list of 99 scalars: 100 nodes; with k aliases to it, the list 'b' has 1 + 100 k
    # and the whole document 4 + 100 + 1 + 100 k (the root, two keys, 'a', 'b')
    items = ", ".join(["1"] * 99)
    k = (MAX_NODES - 104) // 100
    ok = f"a: &a [{items}]\nb: [" + ", ".join(["*a"] * k) + "]"
    assert load_yaml(ok, "s.yaml")["b"][0] == [1] * 99
    too_many = ok[:-1] + ", *a, *a]"
    assert _problems(too_many)[0][:2] == ("SCHEME_TOO_LARGE", "b")


@pytest.mark.parametrize(
    ("levels", "codes"),
    [
        (9, []),
        (15, ["SCHEME_TOO_LARGE"]),
        (30, ["SCHEME_TOO_LARGE"]),
        (300, ["SCHEME_TOO_LARGE", "SCHEME_TOO_DEEP"]),  # l_i is also i + 2 levels deep
    ],
)
def test_doubling_aliases_refused_in_bounded_time_and_memory(levels, codes):
    """l_i = [l_(i-1), l_(i-1)] expands to 2^(i+2) - 1 nodes: l14 (65,535) is over 50,000."""
    refused = bool(codes)
    text = "l0: &l0 [x, x]\n" + "".join(
        f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}]\n" for i in range(1, levels)
    )
    tracemalloc.start()
    started = time.perf_counter()
    try:
        got = _problems(text) if refused else load_yaml(text, "s.yaml")
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.perf_counter() - started < 2.0 and peak < 50 * 2**20
    if refused:
        assert [c for c, _, _ in got] == codes


def test_billion_laughs_in_bounded_time_and_memory():
    tracemalloc.start()
    started = time.perf_counter()
    try:
        got = _problems(hostile.YAML_TEXTS["billion_laughs"])
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert got[0][0] == "SCHEME_TOO_LARGE"
    assert time.perf_counter() - started < 1.0 and peak < 20 * 2**20


@pytest.mark.parametrize("key", sorted(xlperf.shipped_schemes()))
def test_shipped_schemes_load_the_same_as_before(key):
    path = xlperf.shipped_schemes()[key]
    raw = load_yaml(path.read_text(encoding="utf-8"), str(path))
    assert parse_scheme(raw, source=str(path)) == xlperf.load_scheme(path)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{},&*!?'\"\n .#|>~0159eE+")), max_size=120))
def test_any_text_loads_or_gives_located_scheme_errors(text):
    try:
        load_yaml(text, "s.yaml")
    except SchemeError as err:
        assert err.problems and all(p.code.startswith("SCHEME_") for p in err.problems)
