"""Semantic checks of the scheme's ``pay`` section, each problem at its scheme path.

Called once from :func:`xlperf.core.scheme.validation.semantic_problems`.

Example:
    >>> from xlperf.core.pay.rules import Tier
    >>> tiers_problem([Tier(min=0, multiple=0), Tier(above=100, multiple=1), Tier(min=100, multiple=2)])
    '≥0, >100, ≥100'
    >>> tiers_problem([Tier(min=0, multiple=0), Tier(above=100, multiple=1)]) is None
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from xlperf.core.contract import needs_positive_target
from xlperf.core.contract.banded import bound_problems, bound_text
from xlperf.core.numeric import round6
from xlperf.core.pay.exact import decimal_of, whole_steps
from xlperf.core.pay.rules import CommissionRules, PayRules, Tier
from xlperf.core.suggest import closest

if TYPE_CHECKING:
    from xlperf.core.scheme.model import Scheme
    from xlperf.core.scheme.problems import Checker


def _fmt(x: float) -> str:
    return f"{x:g}"


def tiers_problem(tiers: Sequence[Tier]) -> str | None:
    """The bounds as written when they are not strictly increasing at 6 decimals, else None."""
    keys = [float(round6(t.bound)) for t in tiers]
    if all(b > a for a, b in zip(keys, keys[1:], strict=False)):
        return None
    return ", ".join(bound_text(t.bound, t.strict) for t in tiers)


def check_pay(c: Checker, s: Scheme) -> None:
    """Every problem of ``s.pay`` (nothing when the scheme has no pay section).

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> from xlperf.core.scheme.problems import Checker
        >>> c = Checker("sales.yaml")
        >>> check_pay(c, load_scheme(shipped_schemes()["sales"]))
        >>> c.items
        []
    """
    pay: PayRules | None = getattr(s, "pay", None)
    if pay is None:
        return
    if pay.rounding <= 0:
        c.add("pay.rounding", "PAY_ROUNDING_NOT_POSITIVE", value=_fmt(pay.rounding))
    if not s.bonus:
        c.add("pay.bonus", "PAY_NEEDS_BONUS_FACTORS")
    _check_bonus(c, pay)
    if pay.commission is not None:
        _check_commission(c, s, pay.commission)


def _check_bonus(c: Checker, pay: PayRules) -> None:
    b = pay.bonus
    if b.cap_multiple is not None and b.cap_multiple <= 0:
        c.add("pay.bonus.cap_multiple", "PAY_CAP_NOT_POSITIVE", value=_fmt(b.cap_multiple))
    if b.budget is not None and b.budget <= 0:
        c.add("pay.bonus.budget", "PAY_BUDGET_NOT_POSITIVE", value=_fmt(b.budget))
    if b.fit_to_budget and b.budget is None:
        c.add("pay.bonus.fit_to_budget", "PAY_FIT_WITHOUT_BUDGET")
    if b.fit_to_budget and b.budget is not None and b.budget > 0 and pay.rounding > 0:
        step = decimal_of(pay.rounding)
        if whole_steps(decimal_of(b.budget), step) is None:
            c.add(
                "pay.bonus.budget", "PAY_BUDGET_NOT_MULTIPLE", value=_fmt(b.budget), step=str(step)
            )


def _check_commission(c: Checker, s: Scheme, com: CommissionRules) -> None:
    path = "pay.commission"
    codes = [i.code for i in s.indicators]
    if com.indicator not in codes:
        c.add(
            f"{path}.indicator",
            "PAY_COMMISSION_UNKNOWN_INDICATOR",
            value=com.indicator,
            candidate=closest(com.indicator, codes),
        )
    elif com.mode == "multiple" and not _reads_positive_target(s, com.indicator):
        method = s.indicator_by_code[com.indicator].method
        c.add(
            f"{path}.indicator",
            "PAY_COMMISSION_NEEDS_TARGET",
            indicator=com.indicator,
            method=method,
        )
    own, other = ("tiers", "brackets") if com.mode == "multiple" else ("brackets", "tiers")
    if not getattr(com, own):
        c.add(f"{path}.{own}", "PAY_COMMISSION_NO_LIST", mode=com.mode, key=own)
    if getattr(com, other):
        c.add(
            f"{path}.{other}",
            "PAY_COMMISSION_WRONG_LIST",
            mode=com.mode,
            key=other,
            other="brackets" if com.mode == "multiple" else "multiple",
        )
    _check_tiers(c, com)
    _check_brackets(c, com)


def _reads_positive_target(s: Scheme, code: str) -> bool:
    try:
        return needs_positive_target(s.rule(code))
    except Exception:  # the indicator's own parameters are broken: reported at the indicator
        return True


def _check_tiers(c: Checker, com: CommissionRules) -> None:
    path = "pay.commission.tiers"
    for i, t in enumerate(com.tiers):
        if t.multiple < 0:
            c.add(
                f"{path}[{i}].multiple", "PAY_NEGATIVE_RATE", key="multiple", value=_fmt(t.multiple)
            )
    bounds, strict = [t.bound for t in com.tiers], [t.strict for t in com.tiers]
    found = bound_problems(bounds, strict, "PAY_TIERS_NOT_INCREASING")
    for index, code, params in found:
        c.add(path if index is None else f"{path}[{index}]", code, **params)
    if not found and tiers_problem(com.tiers):  # ordered, but from the highest bound down
        c.add(path, "PAY_TIERS_NOT_INCREASING", got=tiers_problem(com.tiers))


def _check_brackets(c: Checker, com: CommissionRules) -> None:
    path = "pay.commission.brackets"
    for i, b in enumerate(com.brackets):
        if b.rate < 0:
            c.add(f"{path}[{i}].rate", "PAY_NEGATIVE_RATE", key="rate", value=_fmt(b.rate))
    starts = [b.start for b in com.brackets]
    if any(b <= a for a, b in zip(starts, starts[1:], strict=False)):
        c.add(path, "PAY_TIERS_NOT_INCREASING", got=", ".join(f"from {_fmt(x)}" for x in starts))


def step_of(pay: PayRules) -> Decimal:
    """The rounding step as the decimal written in the scheme (0.01, not the binary double).

    Example:
        >>> step_of(PayRules(rounding=0.05))
        Decimal('0.05')
    """
    return decimal_of(pay.rounding)


__all__ = ["check_pay", "step_of", "tiers_problem"]
