"""BONUS_AMOUNT and COMMISSION: pay amounts by the workbook scheme's ``pay`` rules, exact.

Every formula is :mod:`xlperf.core.pay.kernels`, on the same exact decimals
as the engine (:mod:`xlperf.core.pay.exact`), rounded half-up to the scheme's
``rounding`` step, so a cell shows the amount ``xlperf score`` pays:

- bonus = R(min(base × bonus factor(grade) × C × factor, cap_multiple × base)), C the
  team coefficient when ``team_coefficient: true`` (else 1), ``factor`` the pay
  factor (1 when empty). Budget fitting needs the whole company: it is not applied
  (``fit_to_budget: true`` schemes: the amount before fitting);
- commission, mode ``multiple``: R(base × the multiple of the tier completion
  100·actual/target reaches, at 6 decimals); mode ``brackets``: R(Σ rateᵢ × the
  actual's part in bracket i) (target unused). A row without a base, or without
  an actual, earns 0 (not applicable).

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> sales = load_scheme(shipped_schemes()["sales"])
    >>> bonus_amounts(sales, [[10000.0]], [["A"]], [[1.1]], [[0.8]], "en")
    [[13200.0]]
    >>> commissions(sales, [[1200000.0], [1199999.99]], [[1000000.0]], [[2000.0]], "en")
    [[6000.0], [2000.0]]
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

from udfs.cells import (
    UdfError,
    broadcast,
    grid,
    message,
    need_scheme,
    numbers,
    settings_of,
    spill,
    texts,
)
from xlperf.core.pay import kernels as k
from xlperf.core.pay.checks import step_of
from xlperf.core.pay.exact import exact_decimals, to_decimals
from xlperf.core.pay.rules import PayRules
from xlperf.core.scheme import Scheme

#: the Chinese words of the pay functions' arguments
ARGUMENT_ZH = {"base": "基数", "coefficient": "团队系数", "factor": "薪酬系数"}


def need_pay(scheme: Scheme) -> PayRules:
    """The scheme's pay rules, or the message that it has none."""
    if scheme.pay is None:
        raise UdfError("UDF_PAY_NO_PAY")
    return scheme.pay


def _say(code: str, lang: str, argument: str, value: float | None = None) -> str:
    shown = "" if value is None else f"{value:g}"
    return message(
        code, lang, argument=argument, argument_zh=ARGUMENT_ZH.get(argument, argument), value=shown
    )


def _amounts(steps: np.ndarray, step: Decimal) -> np.ndarray:
    """Whole rounding steps as the numbers a cell holds (the float nearest the exact amount)."""
    return np.array([float(d) for d in to_decimals(steps, step)], dtype=float)


def _optional(
    value: Any, shape: tuple[int, ...], argument: str, messages: np.ndarray, lang: str
) -> np.ndarray:
    """A positive factor per cell (1 when empty); a message where it is not a number or not > 0."""
    if value is None:
        return np.ones(shape)
    p = numbers(grid(value))
    values = np.array(broadcast(p.values, shape, argument), dtype=float)
    missing, invalid = broadcast(p.missing, shape, argument), broadcast(p.invalid, shape, argument)
    for idx in zip(*np.nonzero(invalid), strict=True):
        messages[idx] = message(
            "UDF_NOT_A_NUMBER", lang, argument=argument, argument_zh=ARGUMENT_ZH[argument]
        )
    for idx in zip(*np.nonzero(~missing & ~invalid & ~(values > 0)), strict=True):
        messages[idx] = _say("UDF_PAY_NOT_POSITIVE", lang, argument, values[idx])
    return np.where(missing, 1.0, values)


def _bases(base: Any, lang: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bases ≥ 0, their blanks, and the messages of the cells that are not."""
    p = numbers(grid(base))
    messages = np.full(p.values.shape, None, dtype=object)
    for idx in zip(*np.nonzero(p.invalid), strict=True):
        messages[idx] = message(
            "UDF_NOT_A_NUMBER", lang, argument="base", argument_zh=ARGUMENT_ZH["base"]
        )
    for idx in zip(*np.nonzero(p.ok & (p.values < 0)), strict=True):
        messages[idx] = _say("UDF_PAY_NEGATIVE", lang, "base", p.values[idx])
    return np.asarray(p.values, dtype=float), np.asarray(p.missing), messages


def bonus_amounts(
    scheme: Scheme, base: Any, grade: Any, coefficient: Any, factor: Any, lang: str
) -> list[list[Any]]:
    """The bonus amount of each base with its grade, team coefficient and pay factor."""
    rules = need_pay(scheme)
    values, blank, messages = _bases(base, lang)
    shape = values.shape
    grades = broadcast(texts(grid(grade)), shape, "grade")
    coef = _optional(coefficient, shape, "coefficient", messages, lang)
    pf = _optional(factor, shape, "factor", messages, lang)
    lookup = {g.lower(): i for i, g in enumerate(scheme.grade_names)}
    index = np.array(
        [lookup.get(g.lower(), -1) for g in grades.reshape(-1)], dtype=np.int64
    ).reshape(shape)
    for idx in zip(*np.nonzero((index < 0) & (grades != "")), strict=True):
        messages[idx] = message(
            "UDF_UNKNOWN_GRADE", lang, value=grades[idx], choices=", ".join(scheme.grade_names)
        )
    messages[blank | (grades == "")] = ""
    out = np.full(shape, np.nan)
    ok = messages == None  # noqa: E711 - elementwise on an object array
    if ok.any():
        b = exact_decimals(values[ok])
        table = exact_decimals([scheme.bonus.get(g, 0.0) for g in scheme.grade_names])
        c = k.team_coefficient(rules.bonus.team_coefficient, coef[ok])
        raw = k.bonus_before_cap(b, table.take(index[ok]), c, exact_decimals(pf[ok]))
        amount, _ = k.capped(raw, k.bonus_cap(b, rules.bonus.cap_multiple))
        step = step_of(rules)
        out[ok] = _amounts(k.money(amount, step), step)
    return spill(out, messages)


def _commission_steps(rules: PayRules, a: np.ndarray, t: np.ndarray, b: np.ndarray) -> np.ndarray:
    com = rules.commission
    base = exact_decimals(b)
    if com.mode == "multiple":
        index = k.tier_index(k.completion(a, t), com.tiers)
        amount = k.commission_by_multiple(base, k.tier_multiples(index, com.tiers), k.ones(len(a)))
    else:
        amount = k.commission_by_brackets(exact_decimals(a), com.brackets, k.ones(len(a)))
    return k.money(amount, step_of(rules))


def commissions(scheme: Scheme, actual: Any, target: Any, base: Any, lang: str) -> list[list[Any]]:
    """The commission of each actual against its target with its commission base."""
    rules = need_pay(scheme)
    if rules.commission is None:
        raise UdfError("UDF_PAY_NO_COMMISSION")
    first = grid(actual)
    shape = first.shape
    a = numbers(first)
    bases, no_base, messages = _bases(broadcast(grid(base), shape, "base"), lang)
    t = numbers(grid(target if target is not None else [[None]]))
    tv = np.array(broadcast(t.values, shape, "target"), dtype=float)
    t_missing, t_invalid = (
        broadcast(t.missing, shape, "target"),
        broadcast(t.invalid, shape, "target"),
    )
    earns = a.ok & ~no_base & (messages == None)  # noqa: E711 - elementwise
    if rules.commission.mode == "multiple":
        for idx in zip(*np.nonzero(earns & t_invalid), strict=True):
            messages[idx] = message("UDF_NOT_A_NUMBER", lang, argument="target")
        for idx in zip(*np.nonzero(earns & t_missing), strict=True):
            messages[idx] = message("DATA_MISSING_TARGET", lang)
        for idx in zip(*np.nonzero(earns & ~t_missing & ~t_invalid & ~(tv > 0)), strict=True):
            messages[idx] = message("DATA_TARGET_NOT_POSITIVE", lang, value=f"{tv[idx]:g}")
    for idx in zip(*np.nonzero(a.invalid), strict=True):
        messages[idx] = message("UDF_NOT_A_NUMBER", lang, argument="actual")
    messages[a.missing & no_base] = ""
    out = np.zeros(shape)  # no base or no actual: not applicable, 0
    ok = earns & (messages == None)  # noqa: E711 - elementwise
    if ok.any():
        out[ok] = _amounts(
            _commission_steps(rules, a.values[ok], tv[ok], bases[ok]), step_of(rules)
        )
    return spill(out, messages)


def bonus_amount(
    base: Any, grade: Any, coefficient: Any, factor: Any, caller: Any
) -> list[list[Any]]:
    """``BONUS_AMOUNT`` over the workbook's scheme."""
    scheme, lang = settings_of(caller)
    return bonus_amounts(need_scheme(scheme), base, grade, coefficient, factor, lang)


def commission(actual: Any, target: Any, base: Any, caller: Any) -> list[list[Any]]:
    """``COMMISSION`` over the workbook's scheme."""
    scheme, lang = settings_of(caller)
    return commissions(need_scheme(scheme), actual, target, base, lang)


__all__ = ["bonus_amount", "bonus_amounts", "commission", "commissions"]
