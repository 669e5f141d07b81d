"""The scoring contract, stated once: methods, validity, aggregation, grades, ranks.

Every scoring method is one module of :mod:`xlperf.core.contract.methods`
declaring its parameters, inputs, validity conditions, vectorised kernel and
spreadsheet formula side by side (see :class:`~.method.Method`). The engine,
the form compiler and the UDFs look methods up in :data:`METHODS` and call
:func:`score_rule`, :func:`input_faults` and :func:`indicator_formula`; none
of them restates a rule.

Example:
    >>> import numpy as np
    >>> rule = IndicatorRule("ratio", cap=120)
    >>> score_rule(rule, np.array([90.0, 130.0]), np.array([100.0, 100.0])).tolist()
    [90.0, 120.0]
    >>> indicator_formula(rule, "L5", "J5", None, "invalid")
    '=IF(OR(L5="",J5=""),"",IF(AND(ISNUMBER(L5),ISNUMBER(J5),J5>0),MIN(120,MAX(0,100*L5/J5)),"invalid"))'
"""

from __future__ import annotations

import importlib
import pkgutil

import numpy as np

from xlperf.core.contract import methods as _methods_pkg
from xlperf.core.contract.excel import Cells, wrap
from xlperf.core.contract.method import Method, Params
from xlperf.core.contract.rule import IndicatorRule
from xlperf.core.contract.validity import InputFault, faults


def _discover() -> dict[str, Method]:
    found: dict[str, Method] = {}
    for info in sorted(pkgutil.iter_modules(_methods_pkg.__path__), key=lambda m: m.name):
        method = importlib.import_module(f"{_methods_pkg.__name__}.{info.name}").METHOD
        found[method.name] = method
    return found


#: every scoring method, by name (one module each)
METHODS: dict[str, Method] = _discover()
METHOD_NAMES: tuple[str, ...] = tuple(METHODS)


def _arrays(a, t, b) -> dict[str, np.ndarray]:
    a = np.asarray(a, dtype=float)
    full = np.full(a.shape, np.nan)
    t = full if t is None else np.broadcast_to(np.asarray(t, dtype=float), a.shape)
    b = full if b is None else np.broadcast_to(np.asarray(b, dtype=float), a.shape)
    return {"actual": a, "target": t, "baseline": b}


def input_faults(rule: IndicatorRule, a, t=None, b=None) -> list[InputFault]:
    """Which rows have inputs the rule cannot score: missing inputs, failed conditions.

    Example:
        >>> [f.code for f in input_faults(IndicatorRule("ratio"), [1.0], [0.0])]
        ['DATA_TARGET_NOT_POSITIVE']
    """
    m = METHODS[rule.method]
    return faults(m.inputs(rule), m.conditions(rule), _arrays(a, t, b))


def score_rule(rule: IndicatorRule, a, t=None, b=None) -> np.ndarray:
    """Score arrays with one rule: the method's kernel, then the clamp to ``[floor, cap]``.

    Rows whose inputs are invalid (see :func:`input_faults`) score NaN, never
    a plausible number.
    """
    arrays = _arrays(a, t, b)
    m = METHODS[rule.method]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        raw = m.kernel(rule, arrays["actual"], arrays["target"], arrays["baseline"])
        out = np.clip(raw, rule.floor, rule.cap)
    bad = np.zeros(arrays["actual"].shape, dtype=bool)
    for fault in faults(m.inputs(rule), m.conditions(rule), arrays):
        bad |= fault.mask
    return np.where(bad, np.nan, out)


def indicator_formula(
    rule: IndicatorRule,
    actual: str,
    target: str | None = None,
    baseline: str | None = None,
    invalid: str = "invalid",
) -> str:
    """The indicator-score formula of ``rule`` over the given input cells."""
    m = METHODS[rule.method]
    cells = Cells(actual, target, baseline)
    required = [cells.of(c) for c in m.inputs(rule)]
    conditions = [c.excel(cells) for c in m.conditions(rule)]
    return wrap(required, conditions, m.formula(rule, cells), rule.floor, rule.cap, invalid)


def needs_target(rule: IndicatorRule) -> bool:
    return "target" in METHODS[rule.method].inputs(rule)


def needs_baseline(rule: IndicatorRule) -> bool:
    return "baseline" in METHODS[rule.method].inputs(rule)


def needs_positive_target(rule: IndicatorRule) -> bool:
    """Whether the method divides by the target (so the target must be > 0)."""
    return any(c.column == "target" and c.op == ">" for c in METHODS[rule.method].conditions(rule))


def describe(rule: IndicatorRule, lang: str = "zh") -> str:
    """The rule in words, e.g. ``"实际/目标 ×100, 上限120"``."""
    m = METHODS[rule.method]
    return m.describe_zh(rule) if lang == "zh" else m.describe_en(rule)


def methods_markdown() -> str:
    """The registry as a Markdown table (docs/scheme.md embeds it; a test keeps it current)."""
    lines = [
        "| method | what it scores | 中文 | scheme keys | reads | example rule in words |",
        "|---|---|---|---|---|---|",
    ]
    for name, m in METHODS.items():
        rule = m.example or IndicatorRule(name)
        keys = ", ".join(f"`{k}`" for k in m.params.model_fields) or "—"
        reads = ", ".join(m.inputs(rule))
        text = m.describe_en(rule).replace("|", "\\|")
        lines.append(f"| `{name}` | {m.label_en} | {m.label_zh} | {keys} | {reads} | {text} |")
    return "\n".join(lines)


__all__ = [
    "METHODS",
    "METHOD_NAMES",
    "Cells",
    "IndicatorRule",
    "InputFault",
    "Method",
    "Params",
    "describe",
    "indicator_formula",
    "input_faults",
    "methods_markdown",
    "needs_baseline",
    "needs_positive_target",
    "needs_target",
    "score_rule",
]
