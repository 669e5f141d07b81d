"""The UDFs take every rule from the contract and every text from the catalogue.

Hand-computed cases for what changed when the UDFs stopped restating rules (options
validated by the method's own parameters and checks, weights checked in exact
decimals), and static checks of the ``udfs`` package: its codes exist, its modules and
functions are small, it imports no private name and defines no tolerance of its own.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from addin_fakes import book_with_scheme, caller_in

import udfs.xlperf_udfs as u
from xlperf.messages import CATALOGUE

UDF_DIR = Path(u.__file__).resolve().parent
EN = caller_in(book_with_scheme("sales", "en"))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((2, None, "deduction"), "method deduction needs per (points per incident) as options"),
        ((2, None, "deduction", None, "per=-5"), "option per is not valid for method deduction"),
        (
            (90, 100, "ratio", None, "floor=130; cap=120"),
            "expected floor ≤ cap, got floor 130, cap 120",
        ),
        (
            (1, 1, "linear", None, [[0, 0], [1, 100], [1, 120]]),
            "expected strictly increasing x values",
        ),
        (
            (85, None, "bands", None, [[80, 100], [80, 120]]),
            "expected bands strictly ordered by their bound, got ≥80, ≥80",
        ),
        ((85, None, "bands", None, [[0, 50], [90, 120], [80, 100]]), 100.0),  # any row order
        ((125, 100, "attainment", None, [[100, 100], [120, 130]]), 130.0),
        (
            (5, None, "linear", None, [[0, 0]]),
            "method linear needs its (x, score) points as options",
        ),
        ((2, None, "deduction", None, "per=20; cap=90"), 60.0),
        ((2.5, 2.5, "binary", None, "lower=是"), 100.0),
    ],
)
def test_options_are_the_methods_own_parameters(args, expected):
    padded = list(args) + [None] * (5 - len(args))
    assert u.KPI_SCORE(*padded, EN) == [[expected]]


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ([[60.01, 40]], pytest.approx(9201 / 100.01, abs=1e-12)),  # 100.01: on the tolerance
        ([[59.99, 40]], pytest.approx(9199 / 99.99, abs=1e-12)),  # 99.99: on the tolerance
        ([[60.02, 40]], "weights must sum to 100 (got 100.02)"),
        ([["60.01%", "40%"]], pytest.approx(9201 / 100.01, abs=1e-12)),
    ],
)
def test_weights_are_checked_in_exact_decimals(weights, expected):
    # a float sum of 60.01 + 40 is 100.01000000000001: a float tolerance refused it
    assert u.WEIGHTED_SCORE([[100, 80]], weights, EN) == [[expected]]


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ([[70.005, 30.005]], pytest.approx((7000.5 + 2400.4) / 100, abs=1e-12)),
        ([[70.01, 30.01]], "section weights must sum to 100 (got 100.02)"),
    ],
)
def test_section_weights_are_checked_in_exact_decimals(weights, expected):
    assert u.FINAL_SCORE([[100, 80]], weights, EN) == [[expected]]


def test_chinese_messages_use_the_glossary():
    zh = caller_in(book_with_scheme("sales"))
    assert u.FINAL_SCORE([[100, None]], [[70, 30]], zh) == [["分项得分缺失或不是数字"]]
    assert u.KPI_SCORE([[90]], [["x"]], "ratio", None, None, zh) == [["目标值必须是数字"]]
    assert u.FINAL_SCORE([[1, 2, 3]], None, zh) == [["每行应有2个分项得分，实际为3个"]]


# --- the package itself ---------------------------------------------------------------------


def _sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(UDF_DIR.glob("*.py"))}


def test_every_code_the_udfs_use_is_in_the_catalogue_and_every_udf_code_is_used():
    used = {
        c for text in _sources().values() for c in re.findall(r'"((?:UDF|SCHEME)_[A-Z_]+)"', text)
    }
    assert used - set(CATALOGUE) == set()
    assert {c for c in CATALOGUE if c.startswith("UDF_")} == {
        c for c in used if c.startswith("UDF_")
    }
    for code in (c for c in CATALOGUE if c.startswith("UDF_")):
        m = CATALOGUE[code]
        assert all((m.en, m.zh, m.hint_en, m.hint_zh)), code
        assert re.search(r"[\u4e00-\u9fff]", m.zh + m.hint_zh), code


@pytest.mark.parametrize("name", sorted(_sources()))
def test_modules_are_small_and_import_no_private_name(name):
    text = _sources()[name]
    assert len(text.splitlines()) < 400
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            assert node.end_lineno - node.lineno + 1 < 60, f"{name}: {node.name} is too long"
        if isinstance(node, ast.ImportFrom):
            private = [a.name for a in node.names if a.name.startswith("_")]
            assert not private, f"{name} imports {private} from {node.module}"
    assert "TOLERANCE" not in text, "the weight tolerance is the contract's"
