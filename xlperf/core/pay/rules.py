"""The ``pay:`` section of a scheme: rounding, bonus, commission and team pools.

Structure only (pydantic); the cross-checks (tiers ordered, the commission
indicator defined, budget > 0 ...) live in :mod:`.checks`. A commission tier
is an entry of a banded list (:class:`~xlperf.core.contract.banded.Bound`):
``min: x`` (completion ≥ x) or ``above: x`` (completion > x), exactly one;
brackets give ``from: x`` and a marginal ``rate``.

Example:
    >>> rules = PayRules.model_validate({
    ...     "bonus": {"team_coefficient": True, "cap_multiple": 3},
    ...     "commission": {"indicator": "SALES_REV", "tiers": [
    ...         {"min": 0, "multiple": 0}, {"min": 100, "multiple": 1}, {"above": 120, "multiple": 3}]}})
    >>> [(t.bound, t.strict) for t in rules.commission.tiers]
    [(0.0, False), (100.0, False), (120.0, True)]
    >>> Bracket.model_validate({"from": 1000000, "rate": "3%"}).model_dump()
    {'from': 1000000.0, 'rate': 0.03}
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from xlperf.core.contract.banded import Bound
from xlperf.core.scheme.records import Model, Rate


class Tier(Bound):
    """A commission tier on completion % (100·actual/target): ``min`` (≥) or ``above`` (>)."""

    multiple: float


class Bracket(Model):
    """A commission bracket: from ``from`` up to the next bracket's ``from``, at ``rate``."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        allow_inf_nan=False,
        serialize_by_alias=True,
    )

    start: float = Field(alias="from")
    rate: Rate


class BonusRules(Model):
    """bonus_amount = R(min(base × grade factor × C × P, cap_multiple × base))."""

    team_coefficient: bool = False
    cap_multiple: float | None = None
    budget: float | None = None
    fit_to_budget: bool = False


class CommissionRules(Model):
    """Commission from one indicator: ``multiple`` (tiers on completion) or ``brackets`` (on actual)."""

    indicator: str = Field(min_length=1)
    mode: Literal["multiple", "brackets"] = "multiple"
    tiers: tuple[Tier, ...] = ()
    brackets: tuple[Bracket, ...] = ()


class PoolRules(Model):
    """How a department's pool is shared: by bonus weight, by final score, or equally."""

    split: Literal["bonus_weight", "score", "equal"] = "bonus_weight"


class PayRules(Model):
    """The scheme's ``pay`` section; money is rounded half-up to ``rounding``."""

    rounding: float = 0.01
    bonus: BonusRules = BonusRules()
    commission: CommissionRules | None = None
    pool: PoolRules = PoolRules()


__all__ = ["BonusRules", "Bracket", "CommissionRules", "PayRules", "PoolRules", "Tier"]
