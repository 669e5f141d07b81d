"""KPI_SCORE: indicator scores through the contract, one call for a whole column.

The score is :func:`xlperf.core.contract.score_rule`, the cell's message for
inputs the rule cannot score comes from :func:`~xlperf.core.contract.input_faults`
(the Data table's own codes, e.g. ``DATA_TARGET_NOT_POSITIVE``), so a cell
says what ``xlperf score`` says about the same row. A cell that is not a
number says so; a row with no input at all stays empty.

Example:
    >>> kpi_score([[90.0], [None]], 100.0, "ratio", None, None, None)
    [[90.0], ['缺少实际值']]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from udfs.cells import broadcast, grid, message, need_scheme, numbers, settings_of, spill, texts
from udfs.rules import Options, parse_options, rule_for
from xlperf.core import contract
from xlperf.core.scheme import Scheme

INPUTS = ("actual", "target", "baseline")


@dataclass(frozen=True)
class Inputs:
    """The three input arguments, each as values, missing and invalid masks of one shape."""

    values: dict[str, np.ndarray]
    missing: dict[str, np.ndarray]
    invalid: dict[str, np.ndarray]


def read_inputs(actual: Any, target: Any, baseline: Any) -> Inputs:
    """The inputs through the number parser; target and baseline broadcast to the actuals.

    Example:
        >>> read_inputs([[90.0], ["x"]], 100.0, None).invalid["actual"].reshape(-1).tolist()
        [False, True]
    """
    first = grid(actual)
    values, missing, invalid = {}, {}, {}
    for name, value in zip(INPUTS, (first, target, baseline), strict=True):
        p = numbers(grid(value))
        values[name] = np.array(broadcast(p.values, first.shape, name), dtype=float)
        missing[name] = broadcast(p.missing, first.shape, name)
        invalid[name] = broadcast(p.invalid, first.shape, name)
    return Inputs(values, missing, invalid)


def _score_rows(rule: contract.IndicatorRule, rows: np.ndarray, inputs: Inputs, lang: str):
    """Scores and fault messages of the rows scored by ``rule``."""
    a, t, b = (inputs.values[name][rows] for name in INPUTS)
    scores = contract.score_rule(rule, a, t, b)
    found = np.full(a.shape, None, dtype=object)
    seen = {"actual": a, "target": t, "baseline": b}
    scale = f"{rule.scale_min:g}..{rule.scale_max:g}"
    # missing inputs come first in the list: reversed, they win over a failed condition
    for fault in reversed(contract.input_faults(rule, a, t, b)):
        for idx in zip(*np.nonzero(fault.mask), strict=True):
            value = f"{seen[fault.column][idx]:g}"
            found[idx] = message(fault.code, lang, value=value, scale=scale)
    return scores, found


def _scheme_for(codes: np.ndarray, caller: Any) -> tuple[Scheme | None, str]:
    """The workbook's scheme (needed unless every code is a method name) and language."""
    scheme, lang = settings_of(caller)
    if not all(c.lower() in contract.METHODS for c in codes if c):
        scheme = need_scheme(scheme)
    return scheme, lang


def kpi_score(
    actual: Any, target: Any, method_or_indicator: Any, baseline: Any, options: Any, caller: Any
) -> list[list[Any]]:
    """Indicator scores (or messages) for every cell of ``actual``; see ``KPI_SCORE``.

    Example:
        >>> kpi_score([[130.0], [95.0]], [[100.0], [0.0]], "ratio", None, "cap=120", None)
        [[120.0], ['目标值必须大于0，实际为0']]
    """
    inputs = read_inputs(actual, target, baseline)
    shape = inputs.values["actual"].shape
    code_cells = texts(grid(method_or_indicator))
    codes = broadcast(code_cells, shape, "method_or_indicator")
    distinct = np.unique(code_cells)  # the small grid: one cell is the common case
    opts: Options = parse_options(options)
    scheme, lang = _scheme_for(distinct, caller)
    values = np.full(shape, np.nan)
    messages = np.full(shape, None, dtype=object)
    for code in distinct:
        rows = codes == code if len(distinct) > 1 else np.ones(shape, dtype=bool)
        if not code:
            messages[rows] = message("UDF_METHOD_EMPTY", lang)
            continue
        rule, own_target = rule_for(code, scheme, opts)
        if own_target is not None:
            inputs.values["target"][rows & inputs.missing["target"]] = own_target
        values[rows], messages[rows] = _score_rows(rule, rows, inputs, lang)
    for name in reversed(INPUTS):  # the actual's message wins
        messages[inputs.invalid[name]] = message("UDF_NOT_A_NUMBER", lang, argument=name)
    blank = inputs.missing["actual"] & inputs.missing["target"] & inputs.missing["baseline"]
    messages[blank] = ""
    return spill(values, messages)
