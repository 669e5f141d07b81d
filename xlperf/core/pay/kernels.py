"""The pay formulas of the contract, one function each, on whole columns, exact.

With R(x) rounding half-up to the scheme's ``rounding`` step (see
:func:`~xlperf.core.pay.exact.round_half_up`):

- P = Π pay factors (1 when none) — :func:`pay_factor_product`;
- C = the department's team coefficient, or 1 — :func:`team_coefficient`;
- bonus = R(min(base × grade factor × C × P, cap_multiple × base)) —
  :func:`bonus_before_cap`, :func:`bonus_cap`, :func:`capped`;
- fit to budget: the capped amounts scaled to the budget, largest remainder — :func:`fit_to_budget`;
- completion c = 100·actual/target, compared at 6 decimals; the tier is the last
  whose bound it reaches — :func:`completion`, :func:`tier_index`;
- commission (multiple) = R(commission_base × multiple × P) — :func:`commission_by_multiple`;
- commission (brackets) = R(P × Σ rateᵢ × max(0, min(x, fromᵢ₊₁) − fromᵢ)) — :func:`commission_by_brackets`;
- pool weights (bonus_weight | score | equal) and shares by largest remainder —
  :func:`pool_weights`, :func:`pool_shares`.

Example:
    >>> import numpy as np
    >>> base = exact_decimals([10000.0, 10000.0])
    >>> raw = bonus_before_cap(base, exact_decimals([1.5, 1.2]), exact_decimals([1.1]),
    ...                        pay_factor_product(np.array([1]), np.array([0.8]), 2))
    >>> amount, hit = capped(raw, bonus_cap(base, 1.6))
    >>> round_half_up(amount, Decimal("0.01")).tolist(), hit.tolist()
    ([1600000, 1056000], [True, False])
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from xlperf.core.contract.banded import step_index
from xlperf.core.numeric import round6
from xlperf.core.pay.allocation import largest_remainder
from xlperf.core.pay.exact import (
    Exact,
    clip_between,
    exact_decimals,
    minimum,
    mul,
    plus,
    round_half_up,
    times,
)
from xlperf.core.pay.rules import Bracket, Tier


def ones(n: int) -> Exact:
    """The factor 1 for ``n`` employees.

    Example:
        >>> ones(2).units.tolist(), ones(2).places
        ([1, 1], 0)
    """
    return Exact(np.ones(n, dtype=np.int64), 0)


def pay_factor_product(positions: np.ndarray, values: np.ndarray, n: int) -> Exact:
    """P per employee: the exact product of their pay factors (1 when they have none).

    Example:
        >>> p = pay_factor_product(np.array([0, 0, 2]), np.array([0.8, 0.9, 0.8]), 3)
        >>> [str(u / 10**p.places) for u in p.units]
        ['0.72', '1.0', '0.8']
    """
    positions = np.asarray(positions, dtype=np.int64)
    if not len(positions):
        return ones(n)
    each = exact_decimals(values)
    one = 10**each.places
    order = np.argsort(positions, kind="stable")
    pos = positions[order]
    first = np.r_[True, pos[1:] != pos[:-1]]
    nth = np.arange(len(pos)) - np.maximum.accumulate(np.where(first, np.arange(len(pos)), 0))
    units = np.ones(n, dtype=np.int64)
    for k in range(int(nth.max()) + 1):
        factor = np.full(
            n, one, dtype=each.units.dtype if isinstance(one, int) and one < 2**62 else object
        )
        factor[pos[nth == k]] = each.units[order][nth == k]
        units = mul(units, factor)
    return Exact(units, each.places * (int(nth.max()) + 1))


def team_coefficient(use: bool, coefficient: np.ndarray) -> Exact:
    """C: the coefficients when ``team_coefficient: true``, else 1.

    Example:
        >>> team_coefficient(True, np.array([1.1])).units.tolist(), team_coefficient(False, np.array([1.1])).units.tolist()
        ([11], [1])
    """
    return exact_decimals(coefficient) if use else ones(len(coefficient))


def bonus_before_cap(base: Exact, factor: Exact, coefficient: Exact, pay_factor: Exact) -> Exact:
    """base × grade factor × C × P, exact.

    Example:
        >>> x = bonus_before_cap(exact_decimals([8000.5]), exact_decimals([1.2]), exact_decimals([1.1]),
        ...                      exact_decimals([0.8]))
        >>> x.units.tolist(), x.places
        ([84485280], 4)
    """
    return times(times(times(base, factor), coefficient), pay_factor)


def bonus_cap(base: Exact, cap_multiple: float | None) -> Exact | None:
    """cap_multiple × base (None: no cap).

    Example:
        >>> bonus_cap(exact_decimals([10000.0]), 3).units.tolist(), bonus_cap(exact_decimals([1.0]), None)
        ([30000], None)
    """
    return None if cap_multiple is None else times(base, exact_decimals([cap_multiple]))


def capped(amount: Exact, cap: Exact | None) -> tuple[Exact, np.ndarray]:
    """min(amount, cap), and where the cap applied.

    Example:
        >>> amount, hit = capped(exact_decimals([37500.0, 20000.0]), exact_decimals([30000.0]))
        >>> amount.units.tolist(), hit.tolist()
        ([30000, 20000], [True, False])
    """
    if cap is None:
        return amount, np.zeros(len(amount), dtype=bool)
    return minimum(amount, cap)


def fit_to_budget(
    amounts: Exact, budget_steps: int, rank: np.ndarray, ids: np.ndarray
) -> np.ndarray:
    """The capped amounts scaled so their total is the budget exactly, in whole steps.

    Scaling by budget / Σ amounts and allocating by largest remainder is the
    budget split in proportion to the amounts (ties: rank, then id).

    Example:
        >>> fit_to_budget(exact_decimals([1.0, 1.0, 2.0]), 1001, np.array([1, 2, 3]),
        ...               np.array(["a", "b", "c"], dtype=object)).tolist()
        [250, 250, 501]
    """
    return largest_remainder(
        amounts.units, np.zeros(len(amounts), dtype=np.int64), [budget_steps], rank, ids
    )


def completion(actual: np.ndarray, target: np.ndarray) -> np.ndarray:
    """c = 100·actual/target (NaN where target is missing or not positive).

    Example:
        >>> completion(np.array([1200000.0, 5.0]), np.array([1000000.0, 0.0])).tolist()
        [120.0, nan]
    """
    a, t = np.asarray(actual, dtype=float), np.asarray(target, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(t > 0, 100.0 * a / np.where(t > 0, t, 1.0), np.nan)


def tier_index(c: np.ndarray, tiers: Sequence[Tier]) -> np.ndarray:
    """The tier whose bound round6(c) reaches, the highest (≥ min, > above); -1 below every tier.

    One lookup for every banded list (:func:`~xlperf.core.contract.banded.step_index`).

    Example:
        >>> ts = [Tier(min=0, multiple=0), Tier(min=100, multiple=1), Tier(min=120, multiple=3)]
        >>> tier_index(np.array([120.0, 119.999999, 119.9999996, -1.0, np.nan]), ts).tolist()
        [2, 1, 2, -1, -1]
    """
    idx = step_index(
        np.asarray(c, dtype=float), [t.bound for t in tiers], [t.strict for t in tiers]
    )
    return np.where(idx >= len(tiers), -1, idx)


def tier_multiples(index: np.ndarray, tiers: Sequence[Tier]) -> Exact:
    """Each employee's tier multiple (0 below every tier).

    Example:
        >>> m = tier_multiples(np.array([1, -1]), [Tier(min=0, multiple=0), Tier(min=120, multiple=3)])
        >>> m.units.tolist()
        [3, 0]
    """
    table = exact_decimals([0.0, *[t.multiple for t in tiers]])
    return table.take(np.asarray(index) + 1)


def commission_by_multiple(base: Exact, multiple: Exact, pay_factor: Exact) -> Exact:
    """commission_base × multiple × P, exact (R applied by the caller).

    Example:
        >>> c = commission_by_multiple(exact_decimals([5000.0]), exact_decimals([3.0]), exact_decimals([0.8]))
        >>> c.units.tolist(), c.places
        ([120000], 1)
    """
    return times(times(base, multiple), pay_factor)


def commission_by_brackets(actual: Exact, brackets: Sequence[Bracket], pay_factor: Exact) -> Exact:
    """P × Σᵢ rateᵢ × max(0, min(x, fromᵢ₊₁) − fromᵢ), the last bracket open-ended.

    Example:
        >>> bs = [Bracket.model_validate({"from": f, "rate": r}) for f, r in ((0, 0.02), (100, 0.03))]
        >>> c = commission_by_brackets(exact_decimals([150.0, 50.0]), bs, ones(2))
        >>> [u / 10**c.places for u in c.units.tolist()]
        [3.5, 1.0]
    """
    ordered = sorted(brackets, key=lambda b: b.start)
    total = Exact(np.zeros(len(actual), dtype=np.int64), 0)
    for i, b in enumerate(ordered):
        hi = exact_decimals([ordered[i + 1].start]) if i + 1 < len(ordered) else None
        part = clip_between(actual, exact_decimals([b.start]), hi)
        total = plus(total, times(part, exact_decimals([b.rate])))
    return times(total, pay_factor)


def bracket_index(actual: np.ndarray, brackets: Sequence[Bracket]) -> np.ndarray:
    """The highest bracket the actual enters (x > from); -1 when none.

    Example:
        >>> bs = [Bracket.model_validate({"from": f, "rate": 0.01}) for f in (0, 100)]
        >>> bracket_index(np.array([0.0, 100.0, 100.5]), bs).tolist()
        [-1, 0, 1]
    """
    starts = np.array(sorted(b.start for b in brackets), dtype=float)
    x = np.nan_to_num(np.asarray(actual, dtype=float), nan=-np.inf)
    return np.searchsorted(starts, x, side="left") - 1


def pool_weights(split: str, bonus_weight: Exact, final: np.ndarray) -> np.ndarray:
    """Integer share weights: base × factor × P (bonus_weight), round6(final) ≥ 0 (score), or 1.

    Example:
        >>> pool_weights("score", exact_decimals([1.0]), np.array([104.5])).tolist()
        [104500000]
    """
    if split == "bonus_weight":
        return bonus_weight.units
    if split == "score":
        micro = np.rint(np.clip(round6(final), 0, None) * 1e6).astype(np.int64)
        return micro.astype(object)
    return ones(len(final)).units


def pool_shares(
    weights: np.ndarray,
    dept: np.ndarray,
    pool_steps: Sequence[int],
    rank: np.ndarray,
    ids: np.ndarray,
) -> np.ndarray:
    """Each department's pool (whole steps) split by the weights; Σ shares = pool exactly.

    Example:
        >>> pool_shares(np.array([2, 1, 5]), np.array([0, 0, 1]), [100, 7], np.array([1, 2, 1]),
        ...             np.array(["a", "b", "c"], dtype=object)).tolist()
        [67, 33, 7]
    """
    return largest_remainder(weights, np.asarray(dept, dtype=np.int64), pool_steps, rank, ids)


def money(x: Exact, step: Decimal) -> np.ndarray:
    """R(x) in whole steps (see :func:`~xlperf.core.pay.exact.round_half_up`).

    Example:
        >>> money(exact_decimals([11000.055]), Decimal("0.01")).tolist()
        [1100006]
    """
    return round_half_up(x, step)


__all__ = [
    "bonus_before_cap",
    "bonus_cap",
    "bracket_index",
    "capped",
    "commission_by_brackets",
    "commission_by_multiple",
    "completion",
    "fit_to_budget",
    "money",
    "ones",
    "pay_factor_product",
    "pool_shares",
    "pool_weights",
    "team_coefficient",
    "tier_index",
    "tier_multiples",
]
