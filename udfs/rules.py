"""KPI_SCORE's scoring rule: a method or an indicator of the scheme, with the call's options.

Nothing here decides how a score is computed. A method name takes the
scheme's rule for that method (:meth:`~xlperf.core.scheme.Scheme.method_rule`:
its clamp and rating scale, map included), an indicator its own rule
(:meth:`~xlperf.core.scheme.Scheme.rule`). Options set the clamp and scale,
and the method's own parameters, which its pydantic model validates and
turns into rule fields exactly as a scheme's indicator keys are; the
method's checks and floor ≤ cap then apply, as in a scheme.

Example:
    >>> rule, target = rule_for("deduction", None, parse_options("per=20; cap=120"))
    >>> rule.per, rule.cap, target
    (20.0, 120.0, None)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pydantic

from udfs.cells import UdfError, grid, numbers
from xlperf.core import contract
from xlperf.core.numbers import parse_number
from xlperf.core.scheme import Scheme

#: options that set a field of the rule itself (every method has them)
RULE_OPTIONS = ("cap", "floor", "scale_min", "scale_max")
#: options that are a method's parameters (validated by its params model)
PARAM_OPTIONS = ("per", "lower", "on")
#: how a 2-column range of numbers becomes a method's list parameter, and what to call it;
#: a range is a table, so its rows may come in any order (bands: highest bound first,
#: as a scheme lists them; points: increasing x)
PAIR_PARAMS: dict[str, tuple[Any, bool, str, str]] = {
    "bands": (
        lambda x, y: {"min": x, "score": y},
        True,
        "its (min, score) bands",
        "(下限, 得分) 区间",
    ),
    "points": (lambda x, y: (x, y), False, "its (x, score) points", "(x, 得分) 点"),
}
_REQUIRED_WORDS = {"per": ("per (points per incident)", "per（每次扣分）")}
_TRUE_WORDS = ("1", "1.0", "true", "yes", "是")


@dataclass(frozen=True)
class Options:
    """What the ``options`` argument says: named values, and (x, y) pairs from a range."""

    values: dict[str, Any]
    pairs: tuple[tuple[float, float], ...] | None = None


def _option_value(key: str, value: Any) -> Any:
    if key not in RULE_OPTIONS + PARAM_OPTIONS:
        raise UdfError("UDF_UNKNOWN_OPTION", option=key)
    if key == "lower":
        return str(value).strip().lower() in _TRUE_WORDS
    if key == "on":
        return str(value).strip().lower()
    try:  # "cap=inf" and "cap=1_000" are refused, as everywhere
        return parse_number(value, percent="points")
    except (TypeError, ValueError):
        raise UdfError("UDF_OPTION_NOT_A_NUMBER", option=key) from None


def _named(items: list[tuple[str, Any]]) -> Options:
    return Options({key: _option_value(key, value) for key, value in items})


def parse_options(options: Any) -> Options:
    """``"cap=120; floor=0"`` text, a 2-column range of (name, value), or a 2-column
    range of numbers: the (min, score) bands or (x, score) points of the method.

    Example:
        >>> parse_options("cap=120；lower=yes").values, parse_options([[0, 0], [1, 100]]).pairs
        ({'cap': 120.0, 'lower': True}, ((0.0, 0.0), (1.0, 100.0)))
    """
    if options is None:
        return Options({})
    cells = grid(options)
    if cells.shape == (1, 1) and isinstance(cells[0, 0], str):
        text = cells[0, 0].replace("；", ";")
        pairs = [part.split("=", 1) for part in text.split(";") if part.strip()]
        if any(len(p) != 2 for p in pairs):
            raise UdfError("UDF_OPTIONS_FORMAT")
        return _named([(k.strip().lower(), v.strip()) for k, v in pairs])
    if cells.shape[1] != 2:
        raise UdfError("UDF_OPTIONS_SHAPE")
    p = numbers(cells)
    if not p.invalid[:, 0].any() and not p.missing[:, 0].all():
        rows = ~p.missing.any(axis=1)
        return Options({}, tuple((float(x), float(y)) for x, y in p.values[rows]))
    return _named([(str(k).strip().lower(), v) for k, v in cells if k is not None])


def _param_keys(method: str, opts: Options) -> dict[str, Any]:
    """The options that are parameters of ``method``, as scheme keys."""
    fields = contract.METHODS[method].params.model_fields
    keys = {k: v for k, v in opts.values.items() if k in fields}
    for name, (entry, descending, _, _) in PAIR_PARAMS.items():
        if name in fields and opts.pairs is not None:
            rows = sorted(opts.pairs, key=lambda p: p[0], reverse=descending)
            keys[name] = [entry(x, y) for x, y in rows]
    return keys


def _params(method: str, keys: dict[str, Any]) -> contract.Params:
    """The method's parameters, validated by its own model; a short message when they are not."""
    try:
        return contract.METHODS[method].params.model_validate(keys)
    except pydantic.ValidationError as err:
        first = err.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else method
        if first["type"] in ("missing", "too_short"):
            if name in PAIR_PARAMS:
                _, _, what, what_zh = PAIR_PARAMS[name]
            else:
                what, what_zh = _REQUIRED_WORDS.get(name, (name, name))
            raise UdfError(
                "UDF_OPTION_REQUIRED", method=method, what=what, what_zh=what_zh
            ) from None
        raise UdfError("UDF_OPTION_INVALID", option=name, method=method) from None


def _check(rule: contract.IndicatorRule) -> None:
    """The checks a scheme's indicator gets: floor ≤ cap, and the method's own."""
    if rule.floor > rule.cap:
        raise UdfError("SCHEME_FLOOR_ABOVE_CAP", floor=f"{rule.floor:g}", cap=f"{rule.cap:g}")
    for _, code, params in contract.METHODS[rule.method].checks(rule):
        raise UdfError(code, **params)


def rule_for(
    code: str, scheme: Scheme | None, opts: Options
) -> tuple[contract.IndicatorRule, float | None]:
    """The rule for a method name or an indicator code or name, and the indicator's own target.

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> digital = load_scheme(shipped_schemes()["digital"])
        >>> rule_for("rating", digital, Options({}))[0].rating_map[3]
        (4.0, 100.0)
        >>> rule_for("PAGE_SPEED", digital, Options({}))[1]
        2.5
    """
    name = code.lower()
    if name in contract.METHODS:
        base = scheme.method_rule(name) if scheme is not None else contract.IndicatorRule(name)
        keys: dict[str, Any] = {}
        own_target = None
    else:
        resolved = scheme.resolve_indicator(code) if scheme is not None else None
        if resolved is None:
            choices = ", ".join(contract.METHODS)
            raise UdfError("UDF_UNKNOWN_METHOD", value=code, choices=choices)
        indicator = scheme.indicator_by_code[resolved]
        base, keys = scheme.rule(resolved), indicator.method_keys
        own_target = float(indicator.target) if indicator.target is not None else None
    rule = replace(base, **{k: v for k, v in opts.values.items() if k in RULE_OPTIONS})
    params = _params(rule.method, keys | _param_keys(rule.method, opts))
    rule = replace(rule, **params.rule_fields())
    _check(rule)
    return rule, own_target
