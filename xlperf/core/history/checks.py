"""Scheme checks of the period keys, each problem at its path (``streaks[1].grades[0]``).

Called once from :func:`xlperf.core.scheme.validation.semantic_problems`.

Example:
    >>> from xlperf.core.scheme import parse_scheme
    >>> from xlperf.errors import SchemeError
    >>> raw = {"scheme": {"id": "x", "name": "x"}, "sections": [{"id": "k", "name": "k", "weight": 100}],
    ...        "indicators": [{"code": "R", "name": "R", "method": "ratio"}],
    ...        "roles": [{"id": "r", "name": "r", "indicators": [{"code": "R", "weight": 100}]}],
    ...        "grades": [{"grade": "A", "min": 100}, {"grade": "B", "min": 0}],
    ...        "streaks": [{"flag": "talent_pool", "grades": ["AA"], "periods": 4}]}
    >>> try:
    ...     parse_scheme(raw)
    ... except SchemeError as err:
    ...     print(err.problems[0].code, err.problems[0].where.path)
    SCHEME_UNKNOWN_GRADE streaks[0].grades[0]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from xlperf.core.distribution import OBSERVATION, TIE_AT_QUOTA
from xlperf.core.periods import KIND_NAMES_ZH, year_periods
from xlperf.core.suggest import closest

if TYPE_CHECKING:
    from xlperf.core.scheme.model import Scheme
    from xlperf.core.scheme.problems import Checker

#: flags xlperf sets itself (a streak rule may count them, never set them)
BUILTIN_FLAGS = (OBSERVATION, TIE_AT_QUOTA, "quota_exceeded_by_tie")
#: the grade an improvement plan must reach unless ``improvement.met_grade`` says otherwise
DEFAULT_MET_GRADE = "C"
_FLAG_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def check_periods(c: Checker, s: Scheme) -> None:
    """Streaks, improvement plans and the roll-up against the rest of the scheme."""
    names = list(getattr(s, "grade_names", ()) or ())
    _check_streaks(c, tuple(getattr(s, "streaks", ()) or ()), names)
    improvement = getattr(s, "improvement", None)
    if improvement is not None and names:
        _check_met_grade(c, improvement.met_grade, names)
    rollup = getattr(s, "rollup", None)
    info = getattr(s, "scheme", None)
    if rollup is not None and info is not None:
        _check_rollup(c, rollup, info.period)


def _check_streaks(c: Checker, rules: tuple[Any, ...], names: list[str]) -> None:
    own = [r.flag for r in rules]
    known = [*BUILTIN_FLAGS, *own]
    c.unique("streaks", "flag", rules)
    for i, rule in enumerate(rules):
        path = f"streaks[{i}]"
        if not _FLAG_NAME.match(rule.flag):
            c.add(f"{path}.flag", "SCHEME_FLAG_NAME", value=rule.flag)
        elif rule.flag in BUILTIN_FLAGS:
            c.add(f"{path}.flag", "SCHEME_FLAG_RESERVED", value=rule.flag)
        if (rule.grades is None) == (rule.flags is None):
            c.add(path, "SCHEME_STREAK_CONDITION")
        for j, g in enumerate(rule.grades or ()):
            if names and g not in names:
                c.add(
                    f"{path}.grades[{j}]",
                    "SCHEME_UNKNOWN_GRADE",
                    value=g,
                    choices=", ".join(names),
                    candidate=closest(g, names),
                )
        for j, f in enumerate(rule.flags or ()):
            if f not in known:
                c.add(
                    f"{path}.flags[{j}]",
                    "SCHEME_UNKNOWN_FLAG",
                    value=f,
                    choices=", ".join(known),
                    candidate=closest(f, known),
                )


def _check_met_grade(c: Checker, met_grade: str | None, names: list[str]) -> None:
    if met_grade is None:
        if DEFAULT_MET_GRADE not in names:
            c.add("improvement", "SCHEME_MET_GRADE_MISSING", choices=", ".join(names))
    elif met_grade not in names:
        c.add(
            "improvement.met_grade",
            "SCHEME_UNKNOWN_GRADE",
            value=met_grade,
            choices=", ".join(names),
            candidate=closest(met_grade, names),
        )


def _check_rollup(c: Checker, rollup: Any, kind: str) -> None:
    if kind == "annual":
        c.add("rollup", "SCHEME_ROLLUP_FROM_ANNUAL")
        return
    keys = [p.key for p in year_periods(2000, kind)]
    for key in rollup.weights:
        if key not in keys:
            c.add(
                f"rollup.weights.{key}",
                "SCHEME_ROLLUP_KEY",
                value=key,
                kind=kind,
                kind_zh=KIND_NAMES_ZH[kind],
                choices=", ".join(keys),
                candidate=closest(str(key), keys),
            )
    c.weights("rollup.weights", [float(w) for w in rollup.weights.values()])
    for key, w in rollup.weights.items():
        if w < 0:
            c.add(
                f"rollup.weights.{key}", "SCHEME_BAD_VALUE", expected="a weight ≥ 0", got=f"{w:g}"
            )
