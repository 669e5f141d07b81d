"""The scheme keys of periods: ``streaks``, ``improvement``, ``spot_checks`` and ``rollup``.

Structure only (pydantic records, frozen, no unknown keys); the checks that
need the whole scheme (grades named, flags known, roll-up keys) live in
:mod:`xlperf.core.history.checks`.

Example:
    >>> StreakRule(flag="talent_pool", grades=["A"], periods=4).grades
    ('A',)
    >>> SpotCheckRule(weight="40%").weight, SpotCheckRule(weight=40).missing
    (40.0, 'error')
    >>> RollupRule(weights={"Q1": 25, "Q2": 25, "Q3": 25, "Q4": 25}).to
    'annual'
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from xlperf.core.scheme.records import Model, Points

#: the score range of a spot check (日常抽查), fixed by the practice digest
SPOT_SCORE_MIN, SPOT_SCORE_MAX = 0.0, 150.0


class StreakRule(Model):
    """``{flag: talent_pool, grades: [A], periods: 4}``: the flag after ``periods`` periods in a row.

    The condition is either final ``grades`` or ``flags`` carried (exactly one).
    """

    flag: str = Field(min_length=1)
    grades: tuple[str, ...] | None = None
    flags: tuple[str, ...] | None = None
    periods: int = Field(ge=1, le=60)


class ImprovementRule(Model):
    """``{months: 3}``: a plan for everyone on observation, due ``months`` after the period ends."""

    months: int = Field(ge=1, le=36)
    met_grade: str | None = None


class SpotCheckRule(Model):
    """``{weight: 40}``: the final score is (100 − weight)% appraisal + weight% mean spot check."""

    weight: Points = Field(gt=0, le=100)
    missing: Literal["error", "appraisal_only"] = "error"


class RollupRule(Model):
    """``{to: annual, weights: {Q1: 25, ...}, allow_missing: false}``: the year from its periods."""

    to: Literal["annual"] = "annual"
    weights: dict[str, Points] = Field(min_length=1)
    allow_missing: bool = False
