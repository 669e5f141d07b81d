"""What scoring returns: the :class:`Results` record and the contract's result columns.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> result_columns(load_scheme(shipped_schemes()["sales"]))[4:7]
    ['score_kpi', 'score_competency', 'final_score']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xlperf.core.history.streaks import streak_column
from xlperf.core.scheme import Scheme


@dataclass(frozen=True)
class Results:
    """What :func:`xlperf.score` returns.

    ``employees``: one row per employee (the contract's result columns, then
    :func:`policy_columns`);
    ``indicators``: one row per data row with the indicator score and method;
    ``dimensions``: per employee × competency dimension score;
    ``calibration`` and ``events``: the forced-distribution trail;
    ``period``: the period calculated (``2026Q1``; None when not known);
    ``plans``: improvement plans (outcomes of open ones, then new ones; None
    without ``improvement``); ``monthly``: the monthly rows of monthly
    indicators, each with its own score (None when there are none).
    Columns beyond the contract's follow them in ``employees``
    (:func:`period_columns`).
    """

    scheme: Scheme
    employees: pd.DataFrame
    indicators: pd.DataFrame
    dimensions: pd.DataFrame
    calibration: pd.DataFrame
    events: pd.DataFrame
    period: str | None = None
    plans: pd.DataFrame | None = None
    monthly: pd.DataFrame | None = None

    @property
    def result_columns(self) -> list[str]:
        return result_columns(self.scheme)


def result_columns(scheme: Scheme) -> list[str]:
    """The per-employee result columns of the contract, in order."""
    return [
        "employee_id",
        "name",
        "department",
        "role",
        *[f"score_{s.id}" for s in scheme.sections],
        "final_score",
        "rank",
        "department_rank",
        "grade_absolute",
        "grade",
        "bonus_factor",
        "flags",
    ]


def period_columns(scheme: Scheme) -> list[str]:
    """The per-employee columns periods add after the contract's: the spot-check mix, streaks.

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> period_columns(load_scheme(shipped_schemes()["sales"]))
        []
    """
    spot = ["appraisal_score", "spot_check_score", "spot_check_count"] if scheme.spot_checks else []
    return [*spot, *(streak_column(r.flag) for r in scheme.streaks)]


def policy_columns(scheme: Scheme) -> list[str]:
    """Per-employee columns the calibration policy adds after the contract columns.

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> policy_columns(load_scheme(shipped_schemes()["sales"]))
        ['grade_before_override']
    """
    return ["grade_before_override"]
