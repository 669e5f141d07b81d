"""Scheme problems: pydantic's findings and the semantic checks' findings, located by path.

Example:
    >>> loc_path(("roles", 2, "indicators", 0, "weight"))
    'roles[2].indicators[0].weight'
"""

from __future__ import annotations

import re
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from xlperf.core.contract import METHODS
from xlperf.core.contract.aggregation import weight_total, weights_sum_to_100
from xlperf.core.contract.banded import BOUND_ERRORS
from xlperf.core.scheme.model import Scheme
from xlperf.core.scheme.records import INDICATOR_KEYS, Indicator
from xlperf.core.suggest import closest
from xlperf.errors import Location, Problem
from xlperf.messages import say


def loc_path(loc: tuple[Any, ...]) -> str:
    """``("roles", 2, "weight")`` → ``roles[2].weight``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The BaseModel class inside an annotation such as ``tuple[Role, ...] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None


def _model_for_path(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model whose field list a misspelt key at ``loc`` belongs to."""
    model: type[BaseModel] | None = root
    for part in loc[:-1]:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        model = model_in(field.annotation)
    return model


def _got(value: Any) -> str:
    return type(value).__name__ if isinstance(value, dict | list) else repr(value)


def pydantic_problem(
    source: str, err: dict[str, Any], prefix: str = "", root: type[BaseModel] = Scheme
) -> Problem:
    """One pydantic error as a located problem."""
    path = prefix + ("." if prefix and err["loc"] and not isinstance(err["loc"][0], int) else "")
    path += loc_path(err["loc"])
    where = Location(file=source, path=path or None)
    kind, got = err["type"], err.get("input")
    if kind == "extra_forbidden":
        key = str(err["loc"][-1])
        model = _model_for_path(root, err["loc"])
        return say(
            "SCHEME_UNKNOWN_KEY",
            where,
            key=key,
            candidate=closest(key, model.model_fields) if model else None,
        )
    if kind == "missing":
        return say("SCHEME_MISSING_KEY", where, key=str(err["loc"][-1]))
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return say(
            "SCHEME_BAD_CHOICE",
            where,
            expected=expected,
            got=_got(got),
            candidate=closest(str(got), re.findall(r"'([^']+)'", expected)),
        )
    if kind in BOUND_ERRORS:
        return say(BOUND_ERRORS[kind], where)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return say("SCHEME_NOT_A_MAPPING_AT", where, got=_got(got))
    en, zh = expected_text(kind, err.get("ctx") or {}, err["msg"])
    return say("SCHEME_BAD_VALUE", where, expected=en, expected_zh=zh, got=_got(got))


#: what a pydantic error type expected, in both languages ({x} from the error's context)
EXPECTED = {
    "finite_number": ("a finite number", "有限的数字"),
    "float_parsing": ("a number", "数字"),
    "float_type": ("a number", "数字"),
    "int_parsing": ("a whole number", "整数"),
    "int_type": ("a whole number", "整数"),
    "int_from_float": ("a whole number", "整数"),
    "bool_parsing": ("true or false", "true 或 false"),
    "bool_type": ("true or false", "true 或 false"),
    "string_type": ("text", "文本"),
    "string_too_short": ("text that is not empty", "非空文本"),
    "too_short": ("at least {min_length} item(s)", "至少{min_length}项"),
    "too_long": ("at most {max_length} item(s)", "至多{max_length}项"),
    "greater_than": ("a number > {gt}", "大于{gt}的数字"),
    "greater_than_equal": ("a number ≥ {ge}", "不小于{ge}的数字"),
    "less_than": ("a number < {lt}", "小于{lt}的数字"),
    "less_than_equal": ("a number ≤ {le}", "不大于{le}的数字"),
    "list_type": ("a list", "列表"),
    "tuple_type": ("a list", "列表"),
    "dict_type": ("a mapping (key: value)", "键值映射"),
}


def expected_text(kind: str, ctx: dict[str, Any], msg: str) -> tuple[str, str]:
    """What was expected, in English and Chinese; pydantic's own words only as a last resort."""
    if kind in EXPECTED:
        en, zh = EXPECTED[kind]
        values = {k: v for k, v in ctx.items()}
        return en.format_map(_Keep(values)), zh.format_map(_Keep(values))
    text = msg[0].lower() + msg[1:] if msg else kind
    return text, f"符合要求的取值（{kind}）"


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Checker:
    """Collects located problems for one scheme file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[Problem] = []

    def add(self, path: str, code: str, **params: Any) -> None:
        self.items.append(say(code, Location(file=self.source, path=path or None), **params))

    def unique(self, key: str, attr: str, items: Any) -> None:
        seen: dict[str, int] = {}
        for idx, item in enumerate(items):
            value = getattr(item, attr)
            if value in seen:
                self.add(
                    f"{key}[{idx}].{attr}",
                    "SCHEME_DUPLICATE_ID",
                    value=value,
                    other=f"{key}[{seen[value]}]",
                )
            else:
                seen[value] = idx

    def weights(self, path: str, weights: list[float]) -> None:
        if weights and not weights_sum_to_100(weights):
            total = f"{weight_total(weights).normalize():f}"
            fractions = abs(weight_total(weights) - 1) <= 0.01
            self.add(
                path, "SCHEME_WEIGHTS_FRACTIONS" if fractions else "SCHEME_WEIGHTS_SUM", total=total
            )


def method_param_problems(c: Checker, path: str, ind: Indicator) -> bool:
    """The indicator's method keys against its method's parameters; True when they validate."""
    params = METHODS[ind.method].params
    other = set().union(*(m.params.model_fields for m in METHODS.values()))
    ok = True
    for key in ind.method_keys:
        if key in params.model_fields:
            continue
        ok = False
        cand = closest(key, [*params.model_fields, *INDICATOR_KEYS])
        if key in other:
            keys = ", ".join(params.model_fields) or "—"
            c.add(
                f"{path}.{key}", "SCHEME_KEY_NOT_FOR_METHOD", key=key, method=ind.method, keys=keys
            )
        else:
            c.add(f"{path}.{key}", "SCHEME_UNKNOWN_KEY", key=key, candidate=cand)
    if not ok:
        return False
    try:
        ind.params()
    except ValidationError as exc:
        c.items.extend(pydantic_problem(c.source, e, path, params) for e in exc.errors())
        return False
    return True
