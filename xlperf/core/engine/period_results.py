"""Periods in the computation: the spot-check mix after the final score, then streaks and plans.

Two calls from :func:`~xlperf.core.engine.compute.compute`:
:func:`mix_period_scores` right after the final score (before adjustments),
:func:`finish_periods` once grades, overrides and the bonus factor are final.

Example:
    >>> import numpy as np
    >>> mix_period_scores(np.array([90.0]), None)
    (array([90.]), {})
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from xlperf.core.engine.periods import PeriodInputs
from xlperf.core.engine.results import Results
from xlperf.core.history.plans import improvement_plans
from xlperf.core.history.spot import mix_spot_checks
from xlperf.core.history.streaks import apply_streaks


def mix_period_scores(
    final: np.ndarray, periods: PeriodInputs | None
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The final score with spot checks mixed in, and the columns that show the mix."""
    if periods is None or periods.spot is None:
        return final, {}
    spot = periods.spot
    mixed = mix_spot_checks(final, spot.mean, spot.weight)
    return mixed, {
        "appraisal_score": final,
        "spot_check_score": spot.mean,
        "spot_check_count": spot.count,
    }


def finish_periods(results: Results, periods: PeriodInputs | None) -> Results:
    """Streak columns and flags, improvement plans, the period and the monthly rows on ``results``."""
    scheme = results.scheme
    periods = periods or PeriodInputs()
    employees = apply_streaks(results.employees, scheme.streaks, periods.period, periods.history)
    plans = improvement_plans(
        scheme.improvement,
        employees,
        results.indicators,
        periods.period,
        periods.history,
        scheme.grade_names,
    )
    period = periods.period.id if periods.period is not None else None
    return replace(
        results, employees=employees, plans=plans, period=period, monthly=periods.monthly
    )
