"""The contract itself: every method declares all its parts, and its faces cannot drift."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import BaseModel

from xlperf.core.contract import (
    METHODS,
    Cells,
    IndicatorRule,
    indicator_formula,
    input_faults,
    score_rule,
)
from xlperf.core.contract.excel import ALLOWED_FUNCTIONS, functions_used
from xlperf.core.scheme import load_scheme, shipped_schemes

INPUTS = ("actual", "target", "baseline")


@pytest.mark.parametrize("name", sorted(METHODS))
def test_every_method_declares_all_four_parts(name):
    m = METHODS[name]
    rule = m.example or IndicatorRule(name)
    # parameters: a pydantic model of the scheme keys it takes
    assert issubclass(m.params, BaseModel)
    assert m.params.model_config.get("extra") == "forbid"
    # validity: the inputs it reads and conditions on those inputs only
    assert set(m.inputs(rule)) <= set(INPUTS) and "actual" in m.inputs(rule)
    assert all(c.column in m.inputs(rule) and c.code for c in m.conditions(rule))
    # kernel: vectorised over arrays
    n = 7
    a, t, b = np.linspace(1.0, 2.0, n), np.full(n, 1.5), np.full(n, 1.0)
    assert m.kernel(rule, a, t, b).shape == (n,)
    # formula: uses only the cells of its inputs and allowed functions
    cells = Cells(
        "A1",
        "B1" if "target" in m.inputs(rule) else None,
        "C1" if "baseline" in m.inputs(rule) else None,
    )
    formula = indicator_formula(rule, cells.actual, cells.target, cells.baseline, "x")
    assert functions_used(formula) <= ALLOWED_FUNCTIONS
    # words for forms and docs
    assert m.describe_en(rule) and m.describe_zh(rule) and m.label_zh


@pytest.mark.parametrize("name", sorted(METHODS))
def test_missing_inputs_score_nan_and_are_named(name):
    m = METHODS[name]
    rule = m.example or IndicatorRule(name)
    for column in m.inputs(rule):
        arrays = {"actual": np.array([1.0]), "target": np.array([1.0]), "baseline": np.array([1.0])}
        arrays[column] = np.array([np.nan])
        assert np.isnan(score_rule(rule, arrays["actual"], arrays["target"], arrays["baseline"]))[0]
        codes = [
            f.code
            for f in input_faults(rule, arrays["actual"], arrays["target"], arrays["baseline"])
        ]
        assert f"DATA_MISSING_{column.upper()}" in codes


@pytest.mark.parametrize("key", sorted(shipped_schemes()))
def test_a_bare_method_name_takes_the_schemes_rating_map(key):
    scheme = load_scheme(shipped_schemes()[key])
    rule = scheme.method_rule("rating")
    expected = dict(scheme.rating_scale.map or {}) or {
        r: 100 * r / scheme.rating_scale.max for r in range(1, 6)
    }
    got = score_rule(rule, np.array([float(r) for r in expected]))
    want = np.clip(
        [float(v) for v in expected.values()], scheme.defaults.floor, scheme.defaults.cap
    )
    assert got.tolist() == want.tolist()


def test_digital_rating_four_is_one_hundred():
    """The bug this contract fixed: a rating of 4 on the digital scheme's map is 100, not 80."""
    scheme = load_scheme(shipped_schemes()["digital"])
    assert score_rule(scheme.method_rule("rating"), np.array([4.0])).tolist() == [100.0]
    assert score_rule(scheme.rating_rule, np.array([4.0])).tolist() == [100.0]
