"""The three amounts of pay, each on every employee at once: bonus, commission, pool shares.

Each part applies :mod:`xlperf.core.pay.kernels` to the employees and keeps what
the Pay detail shows (factors, tiers, weights); :mod:`.pay` assembles them.

Example:
    >>> tier_label(Tier(above=120, multiple=3)), bracket_label(Bracket.model_validate({"from": 1e6, "rate": 0.03}))
    ('>120%: ×3', '≥1,000,000: 3%')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from xlperf.core.contract.grading import competition_rank
from xlperf.core.engine.pay_inputs import PreparedPay
from xlperf.core.pay import kernels as k
from xlperf.core.pay.exact import (
    Exact,
    decimal_of,
    exact_decimals,
    exact_to_decimals,
    group_sums,
    times,
    whole_steps,
)
from xlperf.core.pay.rules import Bracket, Tier
from xlperf.core.scheme import Scheme
from xlperf.errors import Location
from xlperf.messages import say


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

    def ids_at(self, positions: np.ndarray) -> np.ndarray:
        return self.employees["employee_id"].iloc[positions].to_numpy(dtype=object)

    def company_rank(self) -> np.ndarray:
        """Company-wide competition rank: the tie order of the budget."""
        return competition_rank(self.final)


def tier_label(t: Tier) -> str:
    return f"{'>' if t.strict else '≥'}{t.bound:g}%: ×{t.multiple:g}"


def bracket_label(b: Bracket) -> str:
    return f"≥{b.start:,.10g}: {b.rate * 100:.10g}%"


def labels_of(texts: list[str], index: np.ndarray) -> np.ndarray:
    return np.asarray([*texts, ""], dtype=object)[np.where(index >= 0, index, len(texts))]


@dataclass(frozen=True)
class BonusPart:
    steps: np.ndarray
    base: Exact
    factor: Exact
    coefficient: Exact
    capped: np.ndarray
    weight: Exact  # base × grade factor × P: the pool weight `bonus_weight`


@dataclass(frozen=True)
class TeamValues:
    codes: np.ndarray  # department code per employee
    labels: np.ndarray  # departments, sorted
    coefficient: np.ndarray  # per department (1 when the Teams table has none)
    pool: np.ndarray  # per department (NaN: no pool)


def team_values(p: PreparedPay, b: PayBasis) -> TeamValues:
    """Each employee's department code, and the Teams values per department."""
    codes, uniques = pd.factorize(b.employees["department"], sort=True)
    labels = np.asarray(uniques, dtype=object)
    idx = pd.Index(p.teams["department"], dtype=object).get_indexer(labels)
    at = np.where(idx >= 0, idx, len(p.teams))  # the last entry: no Teams row
    coefficient = np.append(p.teams["coefficient"].to_numpy(dtype=float), 1.0)[at]
    pool = np.append(p.teams["pool"].to_numpy(dtype=float), np.nan)[at]
    return TeamValues(codes, labels, coefficient, pool)


def bonus_part(
    scheme: Scheme,
    p: PreparedPay,
    b: PayBasis,
    teams: TeamValues,
    pf: Exact,
    step: Decimal,
    warnings: list,
) -> BonusPart:
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
    return BonusPart(steps, base, factor, coef, hit, times(times(base, factor), pf))


@dataclass(frozen=True)
class CommissionPart:
    steps: np.ndarray
    applicable: np.ndarray
    completion: np.ndarray
    rule: np.ndarray
    multiple: np.ndarray


def commission_part(
    scheme: Scheme, p: PreparedPay, b: PayBasis, pf: Exact, step: Decimal
) -> CommissionPart:
    com = scheme.pay.commission
    n = len(b.grade)
    none = np.full(n, None, dtype=object)
    if com is None:
        return CommissionPart(
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
        rule = labels_of([tier_label(t) for t in com.tiers], idx)
        multiple = np.where(ok, exact_to_decimals(mult, plain_form=True), None)
    else:
        c = np.full(n, np.nan)
        x = exact_decimals(np.where(ok, b.actual, 0.0))
        amount = k.commission_by_brackets(x, com.brackets, pf)
        idx = np.where(ok, k.bracket_index(b.actual, com.brackets), -1)
        rule = labels_of(
            [bracket_label(x) for x in sorted(com.brackets, key=lambda x: x.start)], idx
        )
        multiple = none
    steps = np.where(ok, k.money(amount, step), 0).astype(np.int64)
    return CommissionPart(steps, ok, c, rule, multiple)


@dataclass(frozen=True)
class PoolPart:
    steps: np.ndarray
    codes: np.ndarray  # department code per employee
    labels: np.ndarray  # departments, sorted
    pool_steps: np.ndarray  # per department (0: no pool)
    members: np.ndarray  # positions of the employees in a department with a pool
    weights: Exact  # their share weights
    unallocated: np.ndarray  # per department: a pool with every weight 0


def pool_part(
    scheme: Scheme, b: PayBasis, teams: TeamValues, bonus_weight: Exact, step: Decimal
) -> PoolPart:
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
        units, codes[members], pool_steps, b.department_rank[members], b.ids_at(members)
    )
    sums = group_sums(units, codes[members], len(labels))
    unallocated = (pool_steps > 0) & (sums == 0).astype(bool)
    return PoolPart(steps, codes, labels, pool_steps, members, weights, unallocated)


__all__ = [
    "BonusPart",
    "CommissionPart",
    "PayBasis",
    "PoolPart",
    "TeamValues",
    "bonus_part",
    "bracket_label",
    "commission_part",
    "pool_part",
    "team_values",
    "tier_label",
]
