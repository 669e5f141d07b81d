"""What a scoring method declares, side by side: parameters, inputs, validity, kernel, formula.

Each method is one module of :mod:`xlperf.core.contract.methods` holding a
``METHOD``. The engine, the form compiler and the UDFs only look methods up;
none restates a rule. A method's kernel gives the raw score before the clamp
to ``[floor, cap]``; its formula is the same arithmetic over cell references,
in the same order, so both agree to the last bit.

Example:
    >>> from xlperf.core.contract import METHODS
    >>> m = METHODS["ratio"]
    >>> m.formula(IndicatorRule("ratio"), Cells("L5", "J5"))
    '100*L5/J5'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict

from xlperf.core.contract.excel import Cells
from xlperf.core.contract.rule import IndicatorRule
from xlperf.core.contract.validity import Condition

Array = np.ndarray


class Entry(BaseModel):
    """An item of a parameter list (a band, a tier): frozen, no unknown keys, finite numbers."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Params(Entry):
    """The scheme keys a method takes besides the common ones (code, name, cap, floor...).

    ``rule_fields`` gives the :class:`IndicatorRule` fields they set.
    """

    def rule_fields(self) -> dict:
        return {}


def no_conditions(rule: IndicatorRule) -> tuple[Condition, ...]:
    return ()


def no_checks(rule: IndicatorRule) -> list[tuple[str, str, dict]]:
    return []


@dataclass(frozen=True)
class Method:
    """One scoring method of the contract.

    - ``params``: the pydantic model of its scheme keys (``bands``, ``points``...);
    - ``inputs(rule)``: the inputs it reads, among actual, target, baseline;
    - ``conditions(rule)``: validity of present inputs (see :mod:`.validity`);
    - ``kernel(rule, a, t, b)``: vectorised raw score (before the clamp);
    - ``formula(rule, cells)``: the raw score as a spreadsheet expression;
    - ``describe_en``/``describe_zh``: the rule in words, for forms and docs;
    - ``checks(rule)``: scheme problems of the parameters, as
      ``(path suffix, catalogue code, params)``.
    """

    name: str
    label_en: str
    label_zh: str
    params: type[Params]
    inputs: Callable[[IndicatorRule], tuple[str, ...]]
    kernel: Callable[[IndicatorRule, Array, Array, Array], Array]
    formula: Callable[[IndicatorRule, Cells], str]
    describe_en: Callable[[IndicatorRule], str]
    describe_zh: Callable[[IndicatorRule], str]
    conditions: Callable[[IndicatorRule], tuple[Condition, ...]] = no_conditions
    checks: Callable[[IndicatorRule], list[tuple[str, str, dict]]] = no_checks
    example: IndicatorRule | None = None


def fmt(x: float) -> str:
    """A number in words: ``fmt(120.0) == '120'``."""
    return f"{x:g}"


def clamp_en(r: IndicatorRule) -> str:
    return f", floor {fmt(r.floor)}, cap {fmt(r.cap)}" if r.floor else f", cap {fmt(r.cap)}"


def clamp_zh(r: IndicatorRule) -> str:
    return f", 下限{fmt(r.floor)}, 上限{fmt(r.cap)}" if r.floor else f", 上限{fmt(r.cap)}"


TARGET_POSITIVE = Condition("target", ">", 0.0, "DATA_TARGET_NOT_POSITIVE")
ACTUAL_NOT_NEGATIVE = Condition("actual", ">=", 0.0, "DATA_ACTUAL_NEGATIVE")
BASELINE_NOT_ZERO = Condition("baseline", "<>", 0.0, "DATA_BASELINE_ZERO")
