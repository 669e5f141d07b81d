"""Pay (薪酬): bonus amounts, tiered commission and team pools, exact to the rounding step.

- :mod:`.rules`: the scheme's ``pay`` section (pydantic); :mod:`.checks`: its semantic checks;
- :mod:`.exact`: exact decimal columns and R(x) (half-up from ``Decimal(repr(x))``);
- :mod:`.allocation`: largest-remainder allocation (ties: rank, then employee id);
- :mod:`.kernels`: the formulas, one function each.

The engine applies them in :mod:`xlperf.core.engine.pay` after the final grade is known.

Example:
    >>> from decimal import Decimal
    >>> from xlperf.core.pay.exact import exact_decimals, round_half_up
    >>> round_half_up(exact_decimals([0.125, 2.675]), Decimal("0.01")).tolist()
    [13, 268]
"""

from xlperf.core.pay.rules import BonusRules, Bracket, CommissionRules, PayRules, PoolRules, Tier

__all__ = ["BonusRules", "Bracket", "CommissionRules", "PayRules", "PoolRules", "Tier"]
