"""Hypothesis strategies shared by the property tests (all of them live here)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import strategies as st

import xlperf
from xlperf.core.scheme_yaml import load_yaml

GRADE_NAMES = ("A", "B", "C", "D", "E")
#: few distinct values, so ties (also at quota boundaries) are common
TIE_PRONE = st.sampled_from(
    [55.0, 70.0, 80.0, 99.9999999, 100.0, 105.5, 110.0, 115.0, 120.0, 130.0]
)


@st.composite
def distribution_cases(draw):
    """Scores with ties, absolute grades from fixed bands, quotas, rounding, bottom and groups."""
    n = draw(st.integers(1, 40))
    scores = np.array(
        draw(st.lists(TIE_PRONE | st.floats(0, 150, allow_nan=False), min_size=n, max_size=n))
    )
    quotas = {
        g: draw(st.sampled_from([0, 5, 10, 12.5, 20, 29, 50]))
        for g in GRADE_NAMES[:-1]
        if draw(st.booleans())
    }
    groups = np.array(
        draw(st.lists(st.sampled_from(["X", "Y", "Z"]), min_size=n, max_size=n)), dtype=object
    )
    return {
        "scores": scores,
        "quotas": quotas,
        "rounding": draw(st.sampled_from(["floor", "round", "ceil"])),
        "bottom": draw(st.sampled_from([0, 10, 20, 33])),
        "groups": groups if draw(st.booleans()) else None,
    }


MINS = np.array([110.0, 100.0, 80.0, 60.0, 0.0])


def _value(rng: np.random.Generator, method: str, ind, scheme, role_target):
    """(actual, target, baseline) valid for the method."""
    if method in ("ratio", "linear") and not (
        method == "linear" and ind.method_keys.get("on") == "actual"
    ):
        target = (
            role_target if role_target is not None else float(rng.choice([1.0, 0.2, 50.0, 1000.0]))
        )
        return (
            float(rng.choice([0.0, 0.5, 0.8, 1.0, 1.2, 1.5, 2.0]) * target)
            + float(rng.uniform(0, target / 10)),
            None if role_target is not None else target,
            None,
        )
    if method == "inverse":
        target = role_target if role_target is not None else 1.0
        return (
            float(rng.choice([0.0, 0.5, 1.0, 1.3]) * target),
            None if role_target is not None else target,
            None,
        )
    if method == "growth":
        baseline = float(rng.choice([-200.0, 100.0, 5000.0]))
        return baseline + abs(baseline) * float(rng.uniform(-0.2, 0.5)), None, baseline
    if method == "bands":
        mins = [b["min"] for b in ind.method_keys["bands"]]
        return float(rng.choice(mins + [min(mins) - 1, max(mins) + 1])), None, None
    if method == "linear":
        xs = [p[0] for p in ind.method_keys["points"]]
        return float(rng.uniform(xs[0] - 5, xs[-1] + 5)), None, None
    if method == "rating":
        return (
            float(rng.integers(int(scheme.rating_scale.min), int(scheme.rating_scale.max) + 1)),
            None,
            None,
        )
    if method == "deduction":
        return float(rng.integers(0, 8)), None, None
    if method == "binary":
        t = ind.target if role_target is None else role_target
        return float(t) + float(rng.choice([-1.0, 0.0, 1.0])), None, None
    raise AssertionError(method)


@st.composite
def company_inputs(draw):
    """A shipped scheme and random valid Data, Ratings and Adjustments for it."""
    scheme = draw(varied_schemes())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.integers(1, 25))
    depts = ["D1", "D2", "D3"][: draw(st.integers(1, 3))]
    rows, ratings, adjustments = [], [], []
    for i in range(n):
        emp, role = f"E{i:03d}", scheme.roles[int(rng.integers(len(scheme.roles)))]
        dept = depts[int(rng.integers(len(depts)))]
        for item in role.indicators:
            ind = scheme.indicator_by_code[item.code]
            a, t, b = _value(
                rng, ind.method, ind, scheme, scheme.default_target(role.id, item.code)
            )
            rows.append((emp, dept, role.id, item.code, a, t, b))
        for dim in scheme.competencies:
            for rater in scheme.raters:
                if rater == "supervisor" or rng.random() < 0.6:
                    for _ in range(int(rng.integers(1, 3))):
                        ratings.append((emp, dim.code, rater, float(rng.integers(1, 6))))
        if rng.random() < 0.2:
            adjustments.append((emp, "points", float(rng.choice([2.0, 6.0, 12.0])), "r"))
        if rng.random() < 0.1:
            adjustments.append((emp, "factor", float(rng.choice([0.8, 1.1])), "r"))
    data = pd.DataFrame(
        rows,
        columns=["employee_id", "department", "role", "indicator", "actual", "target", "baseline"],
    )
    return (
        scheme,
        data,
        pd.DataFrame(ratings, columns=["employee_id", "dimension", "rater", "rating"]),
        pd.DataFrame(adjustments, columns=["employee_id", "kind", "value", "reason"]),
    )


@st.composite
def varied_schemes(draw):
    """A shipped scheme (together they use every method) with random distribution and limits.

    Scope, rounding, quotas (on any grade but the last), bottom percent and the
    adjustment cap are drawn; the result is parsed, so it is valid by construction.
    """
    key = draw(st.sampled_from(sorted(xlperf.shipped_schemes())))
    text = Path(xlperf.shipped_schemes()[key]).read_text(encoding="utf-8")
    raw = load_yaml(text, "strategies")
    grades = [g["grade"] for g in raw["grades"]]
    raw["distribution"] = {
        "scope": draw(st.sampled_from(["company", "department"])),
        "rounding": draw(st.sampled_from(["floor", "round", "ceil"])),
        "quotas": {
            g: draw(st.sampled_from([0, 5, 10, 12.5, 20, 29, 50]))
            for g in grades[:-1]
            if draw(st.booleans())
        },
        "bottom": draw(st.sampled_from([0, 10, 20, 33])),
    }
    cap = draw(st.sampled_from([None, 5, 10]))
    raw["adjustments"] = {} if cap is None else {"max_points": cap}
    return xlperf.parse_scheme(raw)


# The cross-face cases of tests/test_faces.py, in modules of their own (they are long).
from face_schemes import METHOD_PARAMS, generated_scheme_yaml  # noqa: E402
from face_strategies import (  # noqa: E402
    METHOD_INPUTS,
    Cell,
    FaceCase,
    FaceRow,
    face_cases,
    shipped_cases,
)

__all__ = [
    "GRADE_NAMES",
    "METHOD_INPUTS",
    "METHOD_PARAMS",
    "MINS",
    "Cell",
    "FaceCase",
    "FaceRow",
    "TIE_PRONE",
    "company_inputs",
    "distribution_cases",
    "face_cases",
    "generated_scheme_yaml",
    "shipped_cases",
    "varied_schemes",
]
