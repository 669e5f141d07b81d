"""Builders for the period commands' tests: a one-indicator quarterly scheme with every period rule,
and masters whose Data gives each employee exactly the final score asked for.

Imported as ``from period_builders import ...`` (the tests folder is on sys.path).
With the ratio indicator X (target 100, cap 1000, weight 100) an employee's
final score is their actual; grades A ≥ 110, B ≥ 100, C ≥ 80, D ≥ 60, E below;
the bottom 20 % go on observation.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from builders import scheme_dict, scores_table

import xlperf
from xlperf.master.build import write_master

GRADES5 = [
    {"grade": g, "min": m} for g, m in (("A", 110), ("B", 100), ("C", 80), ("D", 60), ("E", 0))
]
RULES = {
    "streaks": [
        {"flag": "talent_pool", "grades": ["A"], "periods": 4},
        {"flag": "reassign_review", "grades": ["D", "E"], "periods": 2},
        {"flag": "repeat_observation", "flags": ["observation"], "periods": 2},
    ],
    "improvement": {"months": 3},
    "rollup": {"to": "annual", "weights": {"Q1": 10, "Q2": 20, "Q3": 30, "Q4": 40}},
}

#: two quarters of five employees: Q1 grades A B C D E (E5 on observation), Q2 A C C D C
Q_SCORES = (
    {"E1": 120, "E2": 105, "E3": 85, "E4": 65, "E5": 50},
    {"E1": 121, "E2": 95, "E3": 86, "E4": 62, "E5": 90},
)


def period_scheme_dict(**changes) -> dict:
    """The scheme as a dict (quarterly, five grades, bottom 20 %, streaks, plans, roll-up)."""
    raw = scheme_dict(
        scheme={"id": "p-1", "name": "考核期测试", "version": 1, "period": "quarterly"},
        indicators=[{"code": "X", "name": "指标X", "method": "ratio", "cap": 1000}],
        roles=[{"id": "r", "name": "岗位", "indicators": [{"code": "X", "weight": 100}]}],
        grades=GRADES5,
        distribution={"bottom": 20},
        bonus={"A": 1.5, "B": 1.2, "C": 1, "D": 0.8, "E": 0},
        **RULES,
    )
    raw.update(changes)
    return raw


def period_scheme(**changes) -> xlperf.Scheme:
    return xlperf.parse_scheme(period_scheme_dict(**changes))


def scheme_yaml(**changes) -> str:
    return yaml.safe_dump(period_scheme_dict(**changes), allow_unicode=True, sort_keys=False)


def write_scheme(path: Path, **changes) -> Path:
    path.write_text(scheme_yaml(**changes), encoding="utf-8")
    return path


def period_data(scores: dict[str, float], period: str | None, department="D1"):
    """Data rows giving each employee exactly ``scores[e]``, with a period (期间) column when given."""
    data = scores_table(scores, department)
    return data.assign(period=period) if period is not None else data


def period_master(
    path: Path, scores: dict[str, float], period: str | None, lang: str = "en", **changes
) -> Path:
    """A master (Data with its period column, the stored scheme) at ``path``."""
    return write_master(path, scheme_yaml(**changes), period_data(scores, period), lang=lang)


def sha(path: Path) -> str | None:
    """The file's sha256 (None when there is no file)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
