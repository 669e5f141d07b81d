"""Scheme validation: every problem at once, each with its path in the file and a hint.

Two passes. :func:`structure_problems` turns pydantic's findings (unknown
keys, wrong types, missing keys) into located problems with "did you mean"
hints. :func:`semantic_problems` checks what the structure cannot: unique
ids, weight sums (exact decimals, ±0.01), cross-references, method
parameters, grade order, quotas, bonus factors and file-safe ids. When the
structure is broken, the semantic pass still runs on the parts that parse,
so one bad role does not hide a misspelt code elsewhere.

Example:
    >>> [p.code for p in structure_problems({"sections": [{"id": "k", "nmae": "x", "weight": 1}]},
    ...                                    "s.yaml")][:2]
    ['SCHEME_MISSING_KEY', 'SCHEME_UNKNOWN_KEY']
"""

from __future__ import annotations

import re
from typing import Any, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from xlperf.core.contract import METHOD_NAMES, METHODS, needs_positive_target
from xlperf.core.contract.aggregation import weight_total, weights_sum_to_100
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


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The BaseModel class inside an annotation such as ``tuple[Role, ...] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
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
        model = _model_in(field.annotation)
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
        return say("SCHEME_UNKNOWN_KEY", where, key=key, candidate=closest(key, model.model_fields) if model else None)
    if kind == "missing":
        return say("SCHEME_MISSING_KEY", where, key=str(err["loc"][-1]))
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return say("SCHEME_BAD_CHOICE", where, expected=expected, got=_got(got),
                   candidate=closest(str(got), re.findall(r"'([^']+)'", expected)))
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return say("SCHEME_NOT_A_MAPPING_AT", where, got=_got(got))
    msg = err["msg"]
    expected = "a finite number" if kind == "finite_number" else msg[0].lower() + msg[1:]
    return say("SCHEME_BAD_VALUE", where, expected=expected, got=_got(got))


def _indicator_keys(raw: dict[str, Any], source: str) -> list[Problem]:
    """Unknown keys of indicators whose method is missing or unknown (else the method judges)."""
    every = set(INDICATOR_KEYS).union(*(m.params.model_fields for m in METHODS.values()))
    out = []
    for idx, ind in enumerate(raw.get("indicators") or []):
        if not isinstance(ind, dict) or ind.get("method") in METHODS:
            continue
        for key in ind:
            if str(key) not in every:
                where = Location(file=source, path=f"indicators[{idx}].{key}")
                out.append(say("SCHEME_UNKNOWN_KEY", where, key=key, candidate=closest(str(key), sorted(every))))
    return out


def structure_problems(raw: dict[str, Any], source: str) -> list[Problem]:
    """Pydantic's findings on the whole scheme, one problem each (nested duplicates left out)."""
    try:
        Scheme.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        out = _indicator_keys(raw, source)
        for err in errors:
            nested = any(
                o["loc"][: len(err["loc"])] == err["loc"] and len(o["loc"]) > len(err["loc"])
                for o in errors
            )
            if err["type"] == "too_short" and nested:
                continue  # the list is only "empty" because its items failed; those are reported
            out.append(pydantic_problem(source, err))
        return out
    return []


def partial_scheme(raw: dict[str, Any]) -> tuple[Scheme, bool]:
    """The parts of ``raw`` that parse, assembled unvalidated; and whether sections all parsed."""
    fields: dict[str, Any] = {}
    for name, field in Scheme.model_fields.items():
        if name not in raw:
            continue
        try:
            fields[name] = TypeAdapter(field.annotation).validate_python(raw[name])
        except ValidationError:
            item = _model_in(field.annotation)
            if isinstance(raw[name], list) and item is not None:
                fields[name] = tuple(_good_items(item, raw[name]))
    complete = len(fields.get("sections", ())) == len(raw.get("sections") or ())
    for name, field in Scheme.model_fields.items():
        if name not in fields and not field.is_required():
            fields[name] = field.get_default(call_default_factory=True)
    for name in ("sections", "indicators", "roles", "grades"):
        fields.setdefault(name, ())
    return Scheme.model_construct(**fields), complete


def _good_items(item: type[BaseModel], values: list[Any]) -> list[BaseModel]:
    good = []
    for v in values:
        try:
            good.append(item.model_validate(v))
        except ValidationError:
            continue
    return good


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
                self.add(f"{key}[{idx}].{attr}", "SCHEME_DUPLICATE_ID", value=value, other=f"{key}[{seen[value]}]")
            else:
                seen[value] = idx

    def weights(self, path: str, weights: list[float]) -> None:
        if weights and not weights_sum_to_100(weights):
            total = f"{weight_total(weights).normalize():f}"
            fractions = abs(weight_total(weights) - 1) <= 0.01
            self.add(path, "SCHEME_WEIGHTS_FRACTIONS" if fractions else "SCHEME_WEIGHTS_SUM", total=total)


def semantic_problems(
    s: Scheme,
    source: str,
    *,
    partial: bool = False,
    check_section_sum: bool = True,
    extra_codes: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Everything the structure cannot check, on a full or a partial scheme."""
    from xlperf.core.pay.checks import check_pay
    from xlperf.core.scheme import checks

    c = Checker(source)
    for key, attr, items in (
        ("sections", "id", s.sections),
        ("indicators", "code", s.indicators),
        ("roles", "id", s.roles),
        ("competencies", "code", s.competencies),
        ("grades", "grade", s.grades),
    ):
        c.unique(key, attr, items)
    if check_section_sum:
        c.weights("sections", [x.weight for x in s.sections])
    checks.check_identity(c, s)
    checks.check_competency(c, s)
    checks.check_scale(c, s)
    good = checks.check_indicators(c, s)
    known = {i.code for i in s.indicators} | set(extra_codes)
    checks.check_roles(c, s, good, known, partial)
    checks.check_grades(c, s)
    check_pay(c, s)
    return c.items


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
            c.add(f"{path}.{key}", "SCHEME_KEY_NOT_FOR_METHOD", key=key, method=ind.method, keys=keys)
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


__all__ = [
    "METHOD_NAMES",
    "Checker",
    "loc_path",
    "method_param_problems",
    "needs_positive_target",
    "partial_scheme",
    "pydantic_problem",
    "semantic_problems",
    "structure_problems",
]
