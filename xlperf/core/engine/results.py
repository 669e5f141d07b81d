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
from xlperf.errors import Problem

#: the pay columns of ``Results.employees`` (after the contract's columns) when the scheme has pay
PAY_COLUMNS = ("bonus_base", "bonus_amount", "commission", "pool_share", "total_pay")


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
    indicators, each with its own score (None when there are none); ``pay``:
    per employee, every factor of their pay, and ``pay_departments``: per
    department the pay totals and the pool reconciliation, then a company line
    with Σ bonus vs budget (None when no pay was computed); ``warnings``:
    problems that did not stop the run (severity ``warning``).
    Columns beyond the contract's follow them in ``employees``
    (:func:`period_columns`, :func:`pay_columns`).
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
    pay: pd.DataFrame | None = None
    pay_departments: pd.DataFrame | None = None
    warnings: tuple[Problem, ...] = ()

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


def pay_columns(scheme: Scheme) -> list[str]:
    """The pay columns that follow the contract's columns when pay is computed.

    That is when the scheme has a ``pay`` section and a Pay table was given;
    otherwise ``Results.employees`` has none of them. Money is exact:
    Decimals quantized to the scheme's rounding step.

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> pay_columns(load_scheme(shipped_schemes()["market"]))
        []
    """
    return list(PAY_COLUMNS) if scheme.pay is not None else []
