"""Largest-remainder allocation: share whole steps exactly in proportion to weights.

Within each group, the share of ``total`` is ``total × wᵢ / Σw`` whole steps
rounded down; the steps left over go one each to the largest remainders,
ties broken by rank (better first), then by employee id (ascending). The
shares of a group always add up to its total exactly; a group whose
weights sum to 0 gets nothing (reported unallocated by the caller).

Remainders are compared exactly: a float key orders them (true division of
integers is correctly rounded, so it never reverses two different
remainders), and only a float tie at the cut is resolved with the integers.

Example:
    >>> import numpy as np
    >>> w = np.array([1, 1, 1], dtype=object)
    >>> largest_remainder(w, np.zeros(3, dtype=np.int64), [100], np.array([2, 1, 2]),
    ...                   np.array(["E3", "E1", "E2"], dtype=object)).tolist()
    [33, 34, 33]
"""

from __future__ import annotations

import numpy as np

from xlperf.core.pay.exact import add, floordiv, group_sums, mod, mul, ratio, where


def _positions(group_sorted: np.ndarray) -> np.ndarray:
    """Position of each element inside its run of equal group codes."""
    n = len(group_sorted)
    first = np.r_[True, group_sorted[1:] != group_sorted[:-1]] if n else np.zeros(0, bool)
    start = np.maximum.accumulate(np.where(first, np.arange(n), 0)) if n else first.astype(int)
    return np.arange(n) - start


def largest_remainder(
    weights: np.ndarray,
    group: np.ndarray,
    totals,
    rank: np.ndarray,
    ids: np.ndarray,
) -> np.ndarray:
    """Whole steps per element: each group's ``totals[g]`` split by ``weights`` (ints ≥ 0).

    Example:
        >>> largest_remainder(np.array([1, 2]), np.zeros(2, dtype=np.int64), [10], np.array([1, 2]),
        ...                   np.array(["E1", "E2"], dtype=object)).tolist()
        [3, 7]
    """
    n_groups = len(totals)
    tot = np.empty(n_groups, dtype=object)
    tot[:] = [int(t) for t in totals]
    tot = tot.astype(np.int64) if all(abs(t) < 2**62 for t in tot) else tot
    weight_sum = group_sums(weights, group, n_groups)
    w_sum = weight_sum[group]
    live = np.asarray(w_sum > 0, dtype=bool)
    safe = where(live, w_sum, 1)
    product = mul(tot[group], weights)
    floor = where(live, floordiv(product, safe), 0)
    rem = where(live, mod(product, safe), 0)
    left = add(tot, mul(group_sums(floor, group, n_groups), -1))
    left = np.asarray(where(np.asarray(weight_sum > 0, dtype=bool), left, 0)).astype(np.int64)
    frac = ratio(rem, safe)
    # ids decide only inside a run of equal float keys at the cut: settled below
    order = np.lexsort((np.asarray(rank), -frac, group))
    pos = _positions(group[order])
    extra_sorted = pos < left[group[order]]
    extra = np.zeros(len(weights), dtype=bool)
    extra[order] = extra_sorted
    _settle_float_ties(
        extra, order, pos, left, group, frac, rem, rank, np.asarray(ids, dtype=object)
    )
    return np.asarray(floor).astype(np.int64) + extra


def _settle_float_ties(extra, order, pos, left, group, frac, rem, rank, ids) -> None:
    """Where the cut falls inside a run of equal float keys, choose within it exactly.

    Inside the run the order is the exact one: remainder (as integers), then
    rank, then employee id.
    """
    g_sorted = group[order]
    cut_in = pos == left[g_sorted] - 1
    cut_out = pos == left[g_sorted]
    inside = dict(zip(g_sorted[cut_in].tolist(), frac[order][cut_in].tolist(), strict=True))
    outside = dict(zip(g_sorted[cut_out].tolist(), frac[order][cut_out].tolist(), strict=True))
    for g, key in inside.items():
        if outside.get(g) != key:
            continue
        members = np.flatnonzero((group == g) & (frac == key))
        chosen = int(extra[members].sum())
        ranked = sorted(members.tolist(), key=lambda i: (-int(rem[i]), int(rank[i]), str(ids[i])))
        extra[members] = False
        extra[ranked[:chosen]] = True


__all__ = ["largest_remainder"]
