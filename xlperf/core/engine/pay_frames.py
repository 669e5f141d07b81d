"""The pay frames: per employee every factor used, per department the totals and reconciliation.

``Results.pay`` (:func:`detail_frame`) and ``Results.pay_departments``
(:func:`departments_frame`): a row per department (Σ shares = pool, or the pool
reported unallocated) and a company line (Σ bonus vs budget; over budget is a
warning).

Example:
    >>> money_sums(np.array([0, 1, 1]), np.array([5, 7, 8]), 2).tolist()
    [5, 15]
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from xlperf.core.engine.pay_inputs import PreparedPay
from xlperf.core.pay.checks import step_of
from xlperf.core.pay.exact import (
    decimal_of,
    exact_decimals,
    exact_to_decimals,
    to_decimals,
    trimmed,
)
from xlperf.errors import Location
from xlperf.messages import say


def detail_frame(scheme, p, b, pf, bonus, com, pools, columns, places, order=None) -> pd.DataFrame:
    """``Results.pay``: per employee every factor used; rows in ``order`` (engine positions)."""
    n = len(b.grade)
    order = np.arange(n) if order is None else np.asarray(order)
    step = step_of(scheme.pay)
    pool, weight = np.full(n, None, dtype=object), np.full(n, None, dtype=object)
    pool[pools.members] = to_decimals(pools.pool_steps, step)[pools.codes[pools.members]]
    weight[pools.members] = exact_to_decimals(trimmed(pools.weights))
    has_base = ~np.isnan(p.commission_base)
    cbase = np.full(n, None, dtype=object)
    cbase[has_base] = exact_to_decimals(exact_decimals(p.commission_base[has_base]), places)
    text = {
        c: b.employees[c].iloc[order].reset_index(drop=True)
        for c in ("employee_id", "name", "department", "role")
    }
    grade = np.asarray(scheme.grade_names, dtype=object)[b.grade]
    values = {
        "grade": grade,
        "bonus_base": columns["bonus_base"],
        "bonus_factor": exact_to_decimals(bonus.factor, plain_form=True),
        "team_coefficient": exact_to_decimals(bonus.coefficient, plain_form=True),
        "pay_factor": exact_to_decimals(pf, plain_form=True),
        "capped": bonus.capped,
        "bonus_amount": columns["bonus_amount"],
        "commission_base": cbase,
        "commission_applicable": com.applicable,
        "completion": com.completion,
        "commission_rule": com.rule,
        "commission_multiple": com.multiple,
        "commission": columns["commission"],
        "pool": pool,
        "pool_weight": weight,
        "pool_share": columns["pool_share"],
        "total_pay": columns["total_pay"],
    }
    text_kept = {"grade", "commission_rule"}  # object, not converted to Arrow strings
    return pd.DataFrame(
        {
            **text,
            **{
                k: pd.Series(v[order], dtype=object) if k in text_kept else v[order]
                for k, v in values.items()
            },
        }
    )


def money_sums(codes: np.ndarray, steps: np.ndarray, n_groups: int) -> np.ndarray:
    out = np.zeros(n_groups, dtype=np.int64)
    np.add.at(out, codes, steps)
    return out


def departments_frame(scheme, p, pools, bonus, com, total, step, warnings) -> pd.DataFrame:
    g = len(pools.labels)
    counts = np.bincount(pools.codes, minlength=g)
    shared = money_sums(pools.codes, pools.steps, g)
    rows = pd.DataFrame(
        {
            "level": "department",
            "department": pools.labels,
            "employees": counts,
            "bonus_total": to_decimals(money_sums(pools.codes, bonus.steps, g), step),
            "commission_total": to_decimals(money_sums(pools.codes, com.steps, g), step),
            "pool": np.where(pools.pool_steps > 0, to_decimals(pools.pool_steps, step), None),
            "pool_shared": to_decimals(shared, step),
            "pool_unallocated": to_decimals(pools.pool_steps - shared, step),
            "total_pay": to_decimals(money_sums(pools.codes, total, g), step),
            "budget": None,
            "budget_difference": None,
            "status": np.where(
                pools.unallocated,
                "pool_unallocated",
                np.where(pools.pool_steps > 0, "pool_reconciled", ""),
            ),
        }
    )
    teams_rows = dict(zip(p.teams["department"], p.teams["_row"], strict=True))
    for label, pool in zip(
        pools.labels[pools.unallocated], rows["pool"][pools.unallocated], strict=True
    ):
        where = _teams_location(p, teams_rows.get(label))
        warnings.append(
            say("PAY_POOL_UNALLOCATED", where, subject=label, department=label, pool=f"{pool:,}")
        )
    return pd.concat(
        [rows, _company_line(scheme, bonus, com, pools, total, step, warnings)], ignore_index=True
    )


def _teams_location(p: PreparedPay, row) -> Location:
    t = p.teams_table
    if t is None:
        return Location()
    return t.where(int(row), "pool")[0] if row is not None else Location(file=t.file, sheet=t.sheet)


def _company_line(scheme, bonus, com, pools, total, step, warnings) -> pd.DataFrame:
    rules = scheme.pay.bonus
    bonus_total = Decimal(int(bonus.steps.sum())) * step
    budget = decimal_of(rules.budget) if rules.budget is not None else None
    status = ""
    if budget is not None:
        status = (
            "fitted_to_budget"
            if rules.fit_to_budget
            else ("over_budget" if bonus_total > budget else "within_budget")
        )
    if status == "over_budget":
        excess = bonus_total - budget
        warnings.append(
            say(
                "PAY_OVER_BUDGET",
                Location(path="pay.bonus.budget"),
                total=f"{bonus_total:,}",
                budget=f"{budget:,}",
                excess=f"{excess:,}",
            )
        )
    pool_total = int(pools.pool_steps.sum())
    shared = int(pools.steps.sum())
    return pd.DataFrame(
        [
            {
                "level": "company",
                "department": "",
                "employees": len(bonus.steps),
                "bonus_total": bonus_total,
                "commission_total": Decimal(int(com.steps.sum())) * step,
                "pool": Decimal(pool_total) * step if pool_total else None,
                "pool_shared": Decimal(shared) * step,
                "pool_unallocated": Decimal(pool_total - shared) * step,
                "total_pay": Decimal(int(total.sum())) * step,
                "budget": budget,
                "budget_difference": None if budget is None else bonus_total - budget,
                "status": status,
            }
        ]
    )


__all__ = ["departments_frame", "detail_frame", "money_sums"]
