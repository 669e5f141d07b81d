"""The native data validation of a form's input cells (drop-downs, number checks, messages).

Each kind of validation is made once per sheet (and per indicator) and then
extended to every cell it covers, so a form holds a handful of rules, not one
per cell. The rules agree with the reader: what a rule refuses, collect refuses.

Example:
    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> dv = number_rule(ws, "zh", "请填写数字", "error_number")
    >>> dv.type, dv.operator, dv.errorTitle
    ('decimal', 'between', '输入无效')
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xlperf.core.contract import IndicatorRule
from xlperf.templates import compiler as fc
from xlperf.templates.text import T

#: a drop-down lists at most this many ratings; a wider scale is a number check
MAX_LIST = 20


def rule(
    ws: Worksheet, kind: str, lang: str, prompt: str, error: str, **kw: object
) -> DataValidation:
    """A validation of ``kind`` on ``ws`` with its input message and stop alert in ``lang``."""
    dv = DataValidation(
        type=kind,
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle="stop",
        **kw,
    )
    dv.prompt = prompt[:255]
    dv.errorTitle = T[lang]["error_title"][:32]
    dv.error = error[:255]
    ws.add_data_validation(dv)
    return dv


def number_rule(ws: Worksheet, lang: str, prompt: str, error_key: str) -> DataValidation:
    """Any finite number."""
    error = T[lang][error_key]
    return rule(
        ws,
        "decimal",
        lang,
        prompt,
        error,
        operator="between",
        formula1="-1E+307",
        formula2="1E+307",
    )


def target_rule(ws: Worksheet, lang: str, prompt: str, positive: bool) -> DataValidation:
    """A target the manager types: > 0 when the method divides by it, else any number."""
    if not positive:
        return number_rule(ws, lang, prompt, "error_number")
    error = T[lang]["error_positive"]
    return rule(ws, "decimal", lang, prompt, error, operator="greaterThan", formula1="0")


def baseline_rule(ws: Worksheet, lang: str, prompt: str) -> DataValidation:
    """A baseline: any number but 0 (growth divides by it)."""
    error = T[lang]["error_nonzero"]
    return rule(ws, "decimal", lang, prompt, error, operator="notEqual", formula1="0")


def actual_rule(
    ws: Worksheet, lang: str, indicator_rule: IndicatorRule, prompt: str
) -> DataValidation:
    """An actual: a rating from the scale, a count ≥ 0, or any number, as the method needs."""
    if indicator_rule.method == "rating":
        return rating_rule(ws, lang, indicator_rule)
    if indicator_rule.method in ("inverse", "deduction"):
        if indicator_rule.method == "deduction":
            prompt = T[lang]["input_count"]
        error = T[lang]["error_nonneg"]
        return rule(ws, "decimal", lang, prompt, error, operator="greaterThanOrEqual", formula1="0")
    return number_rule(ws, lang, prompt, "error_number")


def rating_rule(ws: Worksheet, lang: str, indicator_rule: IndicatorRule) -> DataValidation:
    """A rating: a drop-down of the scale's points (or of the rating map), else a number check."""
    lo, hi = fc.num(indicator_rule.scale_min), fc.num(indicator_rule.scale_max)
    values = [k for k, _ in indicator_rule.rating_map] if indicator_rule.rating_map else None
    integral = (
        float(indicator_rule.scale_min).is_integer()
        and float(indicator_rule.scale_max).is_integer()
    )
    if values is None and integral:
        values = list(range(int(indicator_rule.scale_min), int(indicator_rule.scale_max) + 1))
    prompt = T[lang]["input_rating"].format(lo=lo, hi=hi)
    error = T[lang]["error_rating"].format(lo=lo, hi=hi)
    if values is not None and len(values) <= MAX_LIST:
        listed = '"' + ",".join(fc.num(v) for v in values) + '"'
        return rule(ws, "list", lang, prompt, error, formula1=listed)
    return rule(ws, "decimal", lang, prompt, error, operator="between", formula1=lo, formula2=hi)


def text_rule(ws: Worksheet, lang: str) -> DataValidation:
    """An employee's id, name or department on a blank form: 1 to 50 characters."""
    words = T[lang]
    return rule(
        ws,
        "textLength",
        lang,
        words["input_id"],
        words["error_text"],
        operator="between",
        formula1="1",
        formula2="50",
    )


class Rules:
    """Validations made on first use and shared by every later cell with the same key."""

    def __init__(self) -> None:
        self._made: dict[Hashable, DataValidation] = {}

    def get(self, key: Hashable, make: Callable[[], DataValidation]) -> DataValidation:
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]
