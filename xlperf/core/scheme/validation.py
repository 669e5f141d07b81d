"""Scheme validation: every problem at once, each with its path in the file and a hint.

Two passes. :func:`structure_problems` turns pydantic's findings (unknown
keys, wrong types, missing keys) into located problems with "did you mean"
hints. :func:`semantic_problems` checks what the structure cannot: unique
ids, weight sums (exact decimals, ±0.01), cross-references, method
parameters, grade order, quotas, bonus factors and file-safe ids. When the
structure is broken, the semantic pass still runs on the parts that parse,
so one bad role does not hide a misspelt code elsewhere.

Example:
    >>> codes = [p.code for p in structure_problems({"sections": [{"id": "k", "nmae": "x", "weight": 1}]},
    ...                                            "s.yaml")]
    >>> "SCHEME_UNKNOWN_KEY" in codes and "SCHEME_MISSING_KEY" in codes
    True
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from xlperf.core.contract import METHODS
from xlperf.core.history.checks import check_periods
from xlperf.core.pay.checks import check_pay
from xlperf.core.policy.checks import policy_problems
from xlperf.core.scheme import checks
from xlperf.core.scheme.model import Scheme
from xlperf.core.scheme.problems import Checker, model_in, pydantic_problem
from xlperf.core.scheme.records import INDICATOR_KEYS
from xlperf.core.suggest import closest
from xlperf.errors import Location, Problem
from xlperf.messages import say


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
                out.append(
                    say(
                        "SCHEME_UNKNOWN_KEY",
                        where,
                        key=key,
                        candidate=closest(str(key), sorted(every)),
                    )
                )
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
            item = model_in(field.annotation)
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


def semantic_problems(
    s: Scheme,
    source: str,
    *,
    partial: bool = False,
    check_section_sum: bool = True,
    extra_codes: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Everything the structure cannot check, on a full or a partial scheme."""
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
    check_periods(c, s)
    policy_problems(c, s)
    check_pay(c, s)
    return c.items


__all__ = ["partial_scheme", "semantic_problems", "structure_problems"]
