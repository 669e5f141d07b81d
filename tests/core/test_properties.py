"""Invariants of the engine, checked with Hypothesis (strategies in tests/strategies.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from builders import make_scheme
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import GRADE_NAMES, MINS, company_inputs, distribution_cases

import xlperf
from xlperf.core.contract.grading import competition_rank
from xlperf.core.distribution import absolute_grades, forced_distribution
from xlperf.core.numeric import quota_count, round6

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from reference import reference_score  # noqa: E402

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(distribution_cases())
def test_forced_distribution_never_exceeds_a_quota(case):
    s, groups = case["scores"], case["groups"]
    absolute = absolute_grades(s, MINS)
    out = forced_distribution(
        s, absolute, GRADE_NAMES, case["quotas"], case["rounding"], case["bottom"], groups
    )
    labels = groups if groups is not None else np.zeros(len(s), dtype=object)
    for g in set(labels.tolist()):
        members = labels == g
        for gi, grade in enumerate(GRADE_NAMES[:-1]):
            if grade in case["quotas"]:
                allowed = quota_count(case["quotas"][grade], int(members.sum()), case["rounding"])
                assert ((out.grade == gi) & members).sum() <= allowed


@FAST
@given(distribution_cases())
def test_demotion_never_promotes_and_ties_share_a_grade(case):
    s = case["scores"]
    absolute = absolute_grades(s, MINS)
    out = forced_distribution(
        s, absolute, GRADE_NAMES, case["quotas"], case["rounding"], case["bottom"], case["groups"]
    )
    assert (out.grade >= absolute).all()
    key, labels = (
        round6(s),
        case["groups"] if case["groups"] is not None else np.zeros(len(s), dtype=object),
    )
    for i in range(len(s)):
        for j in range(len(s)):
            if labels[i] == labels[j] and key[i] == key[j]:
                assert out.grade[i] == out.grade[j]
    if not case["bottom"]:
        assert not out.observation.any()


@FAST
@given(
    st.lists(st.sampled_from([1.0, 2.5, 2.5000000001, 3.0, 7.0]), min_size=1, max_size=30),
    st.booleans(),
)
def test_ranks_are_consistent_with_scores(values, grouped):
    s = np.array(values)
    groups = (
        np.array(["a" if i % 3 else "b" for i in range(len(s))], dtype=object) if grouped else None
    )
    ranks = competition_rank(s, groups)
    key = round6(s)
    labels = groups if grouped else np.zeros(len(s), dtype=object)
    for i in range(len(s)):
        same = labels == labels[i]
        assert ranks[i] == 1 + int((same & (key > key[i])).sum())


@FAST
@given(
    st.lists(st.integers(1, 97), min_size=2, max_size=4).filter(lambda w: sum(w) < 100),
    st.lists(st.floats(0, 150, allow_nan=False), min_size=5, max_size=5),
)
def test_section_score_does_not_depend_on_how_weights_are_written(weights, actuals):
    weights = [*weights, 100 - sum(weights)]
    n = len(weights)
    indicators = [{"code": f"K{i}", "name": f"k{i}", "method": "ratio"} for i in range(n)]
    scheme = make_scheme(
        indicators=indicators,
        roles=[
            {
                "id": "r",
                "name": "r",
                "indicators": [{"code": f"K{i}", "weight": w} for i, w in enumerate(weights)],
            }
        ],
    )
    scores = []
    for written in (
        [w for w in weights],
        [w / 100 for w in weights],
        [f"{w}%" for w in weights],
        [None] * n,
    ):
        data = pd.DataFrame(
            [("E1", "D", "r", f"K{i}", actuals[i], 100.0, written[i]) for i in range(n)],
            columns=[
                "employee_id",
                "department",
                "role",
                "indicator",
                "actual",
                "target",
                "weight",
            ],
        )
        scores.append(xlperf.score(scheme, data).employees.loc[0, "score_kpi"])
    expected = sum(w * min(a, 150) for w, a in zip(weights, actuals, strict=False)) / 100
    assert np.allclose(scores, expected, atol=1e-9)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(company_inputs())
def test_engine_equals_the_per_row_reference(inputs):
    scheme, data, ratings, adjustments = inputs
    got = xlperf.score(scheme, data, ratings, adjustments).employees.set_index("employee_id")
    ref = reference_score(scheme, data, ratings, adjustments)
    assert set(got.index) == set(ref)
    for emp, p in ref.items():
        row = got.loc[emp]
        for sec in scheme.sections:
            assert abs(row[f"score_{sec.id}"] - p[f"score_{sec.id}"]) <= 1e-9
        assert abs(row["final_score"] - p["final_score"]) <= 1e-9
        assert (
            row["grade_absolute"],
            row["grade"],
            row["rank"],
            row["department_rank"],
            row["flags"],
        ) == (p["grade_absolute"], p["grade"], p["rank"], p["department_rank"], p["flags"]), emp
        assert row["bonus_factor"] == p["bonus_factor"]
