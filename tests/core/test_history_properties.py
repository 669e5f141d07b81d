"""Properties: streaks agree with walking back period by period; the roll-up is a weighted mean."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from xlperf.core.history.rollup import rollup_scores
from xlperf.core.history.rules import StreakRule
from xlperf.core.history.streaks import apply_streaks
from xlperf.core.history.view import HistoryView
from xlperf.core.periods import Period

CURRENT = Period(2026, "quarterly", 2)
GRADES = st.sampled_from(["A", "B", "D", "E", None])  # None: absent that quarter


@st.composite
def histories(draw):
    """Per employee, the grades of the 8 quarters before 2026Q2 (None = absent) and now."""
    n = draw(st.integers(1, 6))
    return [
        (
            draw(st.lists(GRADES, min_size=8, max_size=8)),
            draw(st.sampled_from(["A", "B", "D", "E"])),
        )
        for _ in range(n)
    ]


def walk_back(past: list, now: str, grades: set[str]) -> int:
    if now not in grades:
        return 0
    length = 1
    for g in reversed(past):  # past[-1] is 2026Q1
        if g is None or g not in grades:
            break
        length += 1
    return length


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(1, 5))
def test_streaks_equal_walking_back(cases, periods):
    records = [
        (CURRENT.shifted(k - 8).id, f"E{e}", 100.0, g, "")
        for e, (past, _) in enumerate(cases)
        for k, g in enumerate(past)
        if g is not None
    ]
    view = HistoryView.of(records, closed={CURRENT.shifted(k - 8).id for k in range(8)})
    emps = pd.DataFrame(
        {
            "employee_id": [f"E{e}" for e in range(len(cases))],
            "grade": [now for _, now in cases],
            "flags": "",
        }
    )
    rule = StreakRule(flag="run", grades=["D", "E"], periods=periods)
    out = apply_streaks(emps, [rule], CURRENT, view)
    expected = [walk_back(past, now, {"D", "E"}) for past, now in cases]
    assert out["streak_run"].tolist() == expected
    assert (out["flags"] == "run").tolist() == [x >= periods for x in expected]


@given(
    st.lists(st.tuples(st.floats(0, 150), st.booleans()), min_size=4, max_size=4),
    st.lists(st.integers(1, 50), min_size=4, max_size=4),
)
def test_rollup_is_the_renormalised_weighted_mean(quarters, weights):
    ids = [f"2026Q{i}" for i in range(1, 5)]
    present = [(pid, s) for pid, (s, here) in zip(ids, quarters, strict=True) if here]
    if not present:
        return
    recs = HistoryView.of([(pid, "E1", s, "B", "") for pid, s in present]).records
    got = rollup_scores(recs, dict(zip(ids, map(float, weights), strict=True)), "final_score").iloc[
        0
    ]
    w = {pid: float(x) for pid, x in zip(ids, weights, strict=True)}
    expected = sum(w[p] * s for p, s in present) / sum(w[p] for p, _ in present)
    assert np.isclose(got, expected, rtol=0, atol=1e-9)
    assert min(s for _, s in present) - 1e-9 <= got <= max(s for _, s in present) + 1e-9
