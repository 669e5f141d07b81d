"""What scoring returns: the :class:`Results` record and the contract's result columns.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> result_columns(load_scheme(shipped_schemes()["sales"]))[4:7]
    ['score_kpi', 'score_competency', 'final_score']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xlperf.core.scheme import Scheme
from xlperf.errors import Problem

#: the pay columns of ``Results.employees`` (after the contract's columns) when the scheme has pay
PAY_COLUMNS = ("bonus_base", "bonus_amount", "commission", "pool_share", "total_pay")


@dataclass(frozen=True)
class Results:
    """What :func:`xlperf.score` returns.

    ``employees``: one row per employee (the contract's result columns);
    ``indicators``: one row per data row with the indicator score and method;
    ``dimensions``: per employee × competency dimension score;
    ``calibration`` and ``events``: the forced-distribution trail;
    ``pay``: per employee, every factor of their pay (when pay was computed);
    ``pay_departments``: per department the pay totals and the pool
    reconciliation, then a company line with Σ bonus vs budget;
    ``warnings``: problems that did not stop the run (severity ``warning``).
    """

    scheme: Scheme
    employees: pd.DataFrame
    indicators: pd.DataFrame
    dimensions: pd.DataFrame
    calibration: pd.DataFrame
    events: pd.DataFrame
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


def pay_columns(scheme: Scheme) -> list[str]:
    """The pay columns that follow the contract's columns (none when the scheme has no pay).

    Money is exact: Decimals quantized to the scheme's rounding step (None when
    no Pay table was given).

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> pay_columns(load_scheme(shipped_schemes()["market"]))
        []
    """
    return list(PAY_COLUMNS) if scheme.pay is not None else []
