"""Pay on the final grades: bonus amounts, commission, pool shares and totals, exact.

Runs last in :func:`~xlperf.core.engine.compute.compute`, on the final grade
(after forced distribution). The formulas are :mod:`xlperf.core.pay.kernels`;
here they are applied to the employees and the results laid out:

- five columns for ``Results.employees`` (``bonus_base, bonus_amount, commission,
  pool_share, total_pay``), Decimals quantized to the rounding step;
- ``Results.pay``: per employee, every factor used;
- ``Results.pay_departments``: per department the totals and the pool
  reconciliation (Σ shares = pool), and a company line with Σ bonus vs budget.

Example:
    >>> tier_label(Tier(above=120, multiple=3)), bracket_label(Bracket.model_validate({"from": 1e6, "rate": 0.03}))
    ('>120%: ×3', '≥1,000,000: 3%')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from xlperf.core.contract.grading import competition_rank, group_codes
from xlperf.core.engine.adjustments import PreparedAdjustments
from xlperf.core.engine.data import PreparedData
from xlperf.core.engine.pay_inputs import PreparedPay
from xlperf.core.engine.results import PAY_COLUMNS
from xlperf.core.pay import kernels as k
from xlperf.core.pay.checks import step_of
from xlperf.core.pay.exact import (
    Exact,
    decimal_of,
    exact_decimals,
    exact_to_decimals,
    group_sums,
    times,
    to_decimals,
    trimmed,
    whole_steps,
)
from xlperf.core.pay.rules import Bracket, Tier
from xlperf.core.scheme import Scheme
from xlperf.errors import Location, Problem
from xlperf.messages import say

#: columns holding money in Results.employees, Results.pay and Results.pay_departments
MONEY_COLUMNS = frozenset(
    {
        *PAY_COLUMNS,
        "commission_base",
        "pool",
        "bonus_total",
        "commission_total",
        "pool_shared",
        "pool_unallocated",
        "budget",
        "budget_difference",
    }
)


@dataclass(frozen=True)
class PayBasis:
    """What pay needs from the appraisal, per employee in engine order."""

    employees: pd.DataFrame  # employee_id, name, department, role
    grade: np.ndarray  # final grade index
    final: np.ndarray
    department_rank: np.ndarray  # ties of a department's pool
    actual: np.ndarray  # the commission indicator's actual (NaN: no such row)
    target: np.ndarray

    @property
    def ids(self) -> np.ndarray:
        return self.employees["employee_id"].to_numpy(dtype=object)

    def company_rank(self) -> np.ndarray:
        """Company-wide competition rank: the tie order of the budget."""
        return competition_rank(self.final)


@dataclass(frozen=True)
class PayOutcome:
    columns: dict[str, np.ndarray]
    detail: pd.DataFrame | None
    departments: pd.DataFrame | None
    warnings: tuple[Problem, ...] = ()


def pay_basis(
    scheme: Scheme,
    d: PreparedData,
    grade: np.ndarray,
    final: np.ndarray,
    department_rank: np.ndarray,
) -> PayBasis:
    """The basis of pay: final grades, scores, ranks and the commission indicator's inputs."""
    n = len(d.employees)
    actual, target = np.full(n, np.nan), np.full(n, np.nan)
    com = scheme.pay.commission if scheme.pay is not None else None
    if com is not None and com.indicator in d.ind_codes:
        rows = (d.ind == d.ind_codes.index(com.indicator)) & d.has_id
        actual[d.emp[rows]] = d.actual[rows]
        target[d.emp[rows]] = d.target[rows]
    return PayBasis(
        d.employees,
        np.asarray(grade),
        np.asarray(final),
        np.asarray(department_rank),
        actual,
        target,
    )


def tier_label(t: Tier) -> str:
    return f"{'>' if t.strict else '≥'}{t.bound:g}%: ×{t.multiple:g}"


def bracket_label(b: Bracket) -> str:
    return f"≥{b.start:,.10g}: {b.rate * 100:.10g}%"


def _labels(texts: list[str], index: np.ndarray) -> np.ndarray:
    return np.asarray([*texts, ""], dtype=object)[np.where(index >= 0, index, len(texts))]


@dataclass(frozen=True)
class _Bonus:
    steps: np.ndarray
    base: Exact
    factor: Exact
    coefficient: Exact
    capped: np.ndarray
    weight: Exact  # base × grade factor × P: the pool weight `bonus_weight`


@dataclass(frozen=True)
class _Teams:
    codes: np.ndarray  # department code per employee
    labels: np.ndarray  # departments, sorted
    coefficient: np.ndarray  # per department (1 when the Teams table has none)
    pool: np.ndarray  # per department (NaN: no pool)


def _teams(p: PreparedPay, b: PayBasis) -> _Teams:
    """Each employee's department code, and the Teams values per department."""
    codes, labels = group_codes(b.employees["department"].to_numpy(dtype=object), len(b.grade))
    idx = pd.Index(p.teams["department"], dtype=object).get_indexer(labels)
    at = np.where(idx >= 0, idx, len(p.teams))  # the last entry: no Teams row
    coefficient = np.append(p.teams["coefficient"].to_numpy(dtype=float), 1.0)[at]
    pool = np.append(p.teams["pool"].to_numpy(dtype=float), np.nan)[at]
    return _Teams(codes, labels, coefficient, pool)


def _bonus(
    scheme: Scheme,
    p: PreparedPay,
    b: PayBasis,
    teams: _Teams,
    pf: Exact,
    step: Decimal,
    warnings: list,
) -> _Bonus:
    rules = scheme.pay.bonus
    base = exact_decimals(p.bonus_base)
    factor = exact_decimals([scheme.bonus.get(g, 0.0) for g in scheme.grade_names]).take(b.grade)
    coef = k.team_coefficient(rules.team_coefficient, teams.coefficient).take(teams.codes)
    amount, hit = k.capped(
        k.bonus_before_cap(base, factor, coef, pf), k.bonus_cap(base, rules.cap_multiple)
    )
    if not rules.fit_to_budget:
        steps = k.money(amount, step)
    elif np.any(amount.units != 0):
        budget = whole_steps(decimal_of(rules.budget), step)
        steps = k.fit_to_budget(amount, budget, b.company_rank(), b.ids)
    else:
        steps = np.zeros(len(amount), dtype=np.int64)
        warnings.append(
            say(
                "PAY_BUDGET_UNALLOCATED",
                Location(path="pay.bonus.budget"),
                budget=f"{rules.budget:,.2f}",
            )
        )
    return _Bonus(steps, base, factor, coef, hit, times(times(base, factor), pf))


@dataclass(frozen=True)
class _Commission:
    steps: np.ndarray
    applicable: np.ndarray
    completion: np.ndarray
    rule: np.ndarray
    multiple: np.ndarray


def _commission(
    scheme: Scheme, p: PreparedPay, b: PayBasis, pf: Exact, step: Decimal
) -> _Commission:
    com = scheme.pay.commission
    n = len(b.grade)
    none = np.full(n, None, dtype=object)
    if com is None:
        return _Commission(
            np.zeros(n, np.int64),
            np.zeros(n, bool),
            np.full(n, np.nan),
            np.full(n, "", object),
            none,
        )
    ok = ~np.isnan(p.commission_base) & np.isfinite(b.actual)
    base = exact_decimals(np.where(ok, p.commission_base, 0.0))
    if com.mode == "multiple":
        c = np.where(ok, k.completion(b.actual, b.target), np.nan)
        idx = np.where(ok, k.tier_index(c, com.tiers), -1)
        mult = k.tier_multiples(idx, com.tiers)
        amount = k.commission_by_multiple(base, mult, pf)
        rule = _labels([tier_label(t) for t in com.tiers], idx)
        multiple = np.where(ok, exact_to_decimals(mult, plain_form=True), None)
    else:
        c = np.full(n, np.nan)
        x = exact_decimals(np.where(ok, b.actual, 0.0))
        amount = k.commission_by_brackets(x, com.brackets, pf)
        idx = np.where(ok, k.bracket_index(b.actual, com.brackets), -1)
        rule = _labels([bracket_label(x) for x in sorted(com.brackets, key=lambda x: x.start)], idx)
        multiple = none
    steps = np.where(ok, k.money(amount, step), 0).astype(np.int64)
    return _Commission(steps, ok, c, rule, multiple)


@dataclass(frozen=True)
class _Pools:
    steps: np.ndarray
    codes: np.ndarray  # department code per employee
    labels: np.ndarray  # departments, sorted
    pool_steps: np.ndarray  # per department (0: no pool)
    members: np.ndarray  # positions of the employees in a department with a pool
    weights: Exact  # their share weights
    unallocated: np.ndarray  # per department: a pool with every weight 0


def _pools(
    scheme: Scheme, b: PayBasis, teams: _Teams, bonus_weight: Exact, step: Decimal
) -> _Pools:
    n = len(b.grade)
    codes, labels, pools = teams.codes, teams.labels, teams.pool
    pool_steps = np.array(
        [whole_steps(decimal_of(q), step) if q > 0 else 0 for q in np.nan_to_num(pools)],
        dtype=np.int64,
    )
    members = np.flatnonzero(pool_steps[codes] > 0)
    split = scheme.pay.pool.split
    units = k.pool_weights(split, bonus_weight.take(members), b.final[members])
    weights = Exact(
        units, bonus_weight.places if split == "bonus_weight" else (6 if split == "score" else 0)
    )
    steps = np.zeros(n, dtype=np.int64)
    steps[members] = k.pool_shares(
        units, codes[members], pool_steps, b.department_rank[members], b.ids[members]
    )
    sums = group_sums(units, codes[members], len(labels))
    unallocated = (pool_steps > 0) & (sums == 0).astype(bool)
    return _Pools(steps, codes, labels, pool_steps, members, weights, unallocated)


def _money(steps: np.ndarray, step: Decimal) -> np.ndarray:
    return to_decimals(steps, step)


def compute_pay(
    scheme: Scheme, p: PreparedPay | None, a: PreparedAdjustments | None, b: PayBasis
) -> PayOutcome | None:
    """Every employee's pay on the final grades (None when the scheme has no pay section)."""
    if scheme.pay is None:
        return None
    n = len(b.grade)
    if p is None:  # the scheme has pay but no Pay table was given: nothing to compute
        return PayOutcome({c: np.full(n, None, dtype=object) for c in PAY_COLUMNS}, None, None)
    step = step_of(scheme.pay)
    pf = k.pay_factor_product(a.pay_positions, a.pay_values, n) if a is not None else k.ones(n)
    warnings: list[Problem] = []
    teams = _teams(p, b)
    bonus = _bonus(scheme, p, b, teams, pf, step, warnings)
    com = _commission(scheme, p, b, pf, step)
    pools = _pools(scheme, b, teams, bonus.weight, step)
    total = bonus.steps + com.steps + pools.steps
    places = max(0, -step.as_tuple().exponent)
    columns = {
        "bonus_base": exact_to_decimals(bonus.base, places),
        "bonus_amount": _money(bonus.steps, step),
        "commission": _money(com.steps, step),
        "pool_share": _money(pools.steps, step),
        "total_pay": _money(total, step),
    }
    detail = _detail(scheme, p, b, pf, bonus, com, pools, columns, places)
    departments = _departments(scheme, p, pools, bonus, com, total, step, warnings)
    return PayOutcome(columns, detail, departments, tuple(warnings))


def _detail(scheme, p, b, pf, bonus, com, pools, columns, places) -> pd.DataFrame:
    n = len(b.grade)
    step = step_of(scheme.pay)
    pool, weight = np.full(n, None, dtype=object), np.full(n, None, dtype=object)
    pool[pools.members] = to_decimals(pools.pool_steps, step)[pools.codes[pools.members]]
    weight[pools.members] = exact_to_decimals(trimmed(pools.weights))
    has_base = ~np.isnan(p.commission_base)
    cbase = np.full(n, None, dtype=object)
    cbase[has_base] = exact_to_decimals(exact_decimals(p.commission_base[has_base]), places)
    text = {
        c: b.employees[c].reset_index(drop=True)
        for c in ("employee_id", "name", "department", "role")
    }
    return pd.DataFrame(
        {
            **text,
            "grade": pd.Series(np.asarray(scheme.grade_names, dtype=object)[b.grade], dtype=object),
            "bonus_base": columns["bonus_base"],
            "bonus_factor": exact_to_decimals(bonus.factor, plain_form=True),
            "team_coefficient": exact_to_decimals(bonus.coefficient, plain_form=True),
            "pay_factor": exact_to_decimals(pf, plain_form=True),
            "capped": bonus.capped,
            "bonus_amount": columns["bonus_amount"],
            "commission_base": cbase,
            "commission_applicable": com.applicable,
            "completion": com.completion,
            "commission_rule": pd.Series(com.rule, dtype=object),
            "commission_multiple": com.multiple,
            "commission": columns["commission"],
            "pool": pool,
            "pool_weight": weight,
            "pool_share": columns["pool_share"],
            "total_pay": columns["total_pay"],
        }
    )


def _sums(codes: np.ndarray, steps: np.ndarray, n_groups: int) -> np.ndarray:
    out = np.zeros(n_groups, dtype=np.int64)
    np.add.at(out, codes, steps)
    return out


def _departments(scheme, p, pools, bonus, com, total, step, warnings) -> pd.DataFrame:
    g = len(pools.labels)
    counts = np.bincount(pools.codes, minlength=g)
    shared = _sums(pools.codes, pools.steps, g)
    rows = pd.DataFrame(
        {
            "level": "department",
            "department": pools.labels,
            "employees": counts,
            "bonus_total": _money(_sums(pools.codes, bonus.steps, g), step),
            "commission_total": _money(_sums(pools.codes, com.steps, g), step),
            "pool": np.where(pools.pool_steps > 0, _money(pools.pool_steps, step), None),
            "pool_shared": _money(shared, step),
            "pool_unallocated": _money(pools.pool_steps - shared, step),
            "total_pay": _money(_sums(pools.codes, total, g), step),
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


__all__ = ["MONEY_COLUMNS", "PAY_COLUMNS", "PayBasis", "PayOutcome", "compute_pay", "pay_basis"]
