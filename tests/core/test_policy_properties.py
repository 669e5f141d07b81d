"""Invariants of the calibration policy, checked with Hypothesis (case strategy from tests/strategies.py)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import GRADE_NAMES, MINS, distribution_cases

from xlperf.core.distribution import absolute_grades, forced_distribution
from xlperf.core.numeric import quota_count

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _labels(case) -> np.ndarray:
    n = len(case["scores"])
    return case["groups"] if case["groups"] is not None else np.zeros(n, dtype=object)


def _run(case, **kw):
    s = case["scores"]
    return forced_distribution(
        s,
        absolute_grades(s, MINS),
        GRADE_NAMES,
        case["quotas"],
        case["rounding"],
        case["bottom"],
        case["groups"],
        **kw,
    )


@FAST
@given(distribution_cases(), st.data())
def test_ties_break_never_exceeds_a_quota(case, data):
    n = len(case["scores"])
    order = np.array(data.draw(st.permutations(range(n))))
    counted = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    out = _run(case, ties="break", tie_order=order, counted=counted)
    labels = _labels(case)
    for g in set(labels.tolist()):
        members = (labels == g) & counted
        for gi, grade in enumerate(GRADE_NAMES[:-1]):
            if grade in case["quotas"]:
                allowed = quota_count(case["quotas"][grade], int(members.sum()), case["rounding"])
                assert ((out.grade == gi) & members).sum() <= allowed


@FAST
@given(distribution_cases(), st.data())
def test_ties_break_fills_a_quota_the_demote_rule_leaves_short(case, data):
    """break keeps at least as many in each grade as demote (demote only loses places to ties)."""
    n = len(case["scores"])
    order = np.array(data.draw(st.permutations(range(n))))
    best = _run(case, ties="break", tie_order=order).grade
    demote = _run(case).grade
    assert (best == 0).sum() >= (demote == 0).sum()


@FAST
@given(distribution_cases(), st.data())
def test_excluded_never_change_anyone_elses_count_basis(case, data):
    s = case["scores"]
    n = len(s)
    excluded = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    ties = data.draw(st.sampled_from(["demote", "keep", "break"]))
    order = np.arange(n)
    with_excluded = _run(case, counted=~excluded, ties=ties, tie_order=order)
    keep = ~excluded
    if keep.any():
        sub = dict(
            case, scores=s[keep], groups=None if case["groups"] is None else case["groups"][keep]
        )
        alone = _run(sub, ties=ties, tie_order=order[keep])
        assert with_excluded.grade[keep].tolist() == alone.grade.tolist()
        assert with_excluded.observation[keep].tolist() == alone.observation.tolist()
        assert with_excluded.tie_at_quota[keep].tolist() == alone.tie_at_quota.tolist()
    absolute = absolute_grades(s, MINS)
    assert (with_excluded.grade[excluded] == absolute[excluded]).all()
    assert not with_excluded.observation[excluded].any()
    assert not with_excluded.tie_at_quota[excluded].any()


@FAST
@given(distribution_cases())
def test_keep_never_demotes_a_tied_block_member_below_demote(case):
    keep = _run(case, ties="keep")
    demote = _run(case)
    assert (keep.grade <= demote.grade).all()
    assert (keep.grade >= absolute_grades(case["scores"], MINS)).all()
