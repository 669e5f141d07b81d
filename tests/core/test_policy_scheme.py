"""Scheme keys of the policy: per-role KPI limits, tie-break keys, excluded roles; located errors."""

from __future__ import annotations

import pytest
from builders import data_rows, make_scheme

import xlperf

SIX = [{"code": f"K{i}", "name": f"指标{i}", "method": "ratio"} for i in range(1, 8)]


def _role(n, **extra):
    weights = [100 / n] * n
    weights[-1] = 100 - sum(weights[:-1])
    return {
        "id": "mgr",
        "name": "经理",
        "indicators": [{"code": f"K{i + 1}", "weight": round(w, 4)} for i, w in enumerate(weights)],
        **extra,
    }


def test_role_max_indicators_overrides_the_global_limit():
    make_scheme(indicators=SIX, roles=[_role(6, max_indicators=6)])
    with pytest.raises(xlperf.SchemeError) as exc:
        make_scheme(indicators=SIX, roles=[_role(7, max_indicators=6)])
    (p,) = exc.value.problems
    assert (p.code, p.where.path) == ("SCHEME_TOO_MANY_INDICATORS", "roles[0].indicators")
    assert "at most 6 KPI indicators (roles[0].max_indicators), got 7" in p.message
    with pytest.raises(xlperf.SchemeError) as exc:
        make_scheme(indicators=SIX, roles=[_role(6)])
    assert "(limits.max_indicators)" in exc.value.problems[0].message


def test_role_max_indicators_in_the_engine():
    scheme = make_scheme(indicators=SIX, roles=[_role(6, max_indicators=6)])
    rows = [("E1", "D", "mgr", f"K{i}", 90, 100, None) for i in range(1, 7)]
    rows.append(
        ("E1", "D", "mgr", "K7", 90, 100, 10)
    )  # a seventh row, outside the role, with a weight
    data = data_rows(
        rows, ("employee_id", "department", "role", "indicator", "actual", "target", "weight")
    )
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme, data)
    found = [p for p in exc.value.problems if p.code == "DATA_TOO_MANY_INDICATORS"]
    assert len(found) == 1 and "at most 6 are allowed (roles[0].max_indicators)" in found[0].message


@pytest.mark.parametrize(
    ("distribution", "path", "code"),
    [
        (
            {"tie_break": ["score_kpi", "emplyee_id"]},
            "distribution.tie_break[1]",
            "SCHEME_TIE_BREAK_UNKNOWN_KEY",
        ),
        (
            {"tie_break": ["employee_id", "score_kpi"]},
            "distribution.tie_break",
            "SCHEME_TIE_BREAK_NOT_UNIQUE",
        ),
        (
            {"exclude": {"roles": ["dept_head"]}},
            "distribution.exclude.roles[0]",
            "SCHEME_EXCLUDE_UNKNOWN_ROLE",
        ),
        ({"ties": "drop"}, "distribution.ties", "SCHEME_BAD_CHOICE"),
        ({"small_groups": "merge"}, "distribution.small_groups", "SCHEME_BAD_CHOICE"),
        ({"min_group": 0}, "distribution.min_group", "SCHEME_BAD_VALUE"),
        ({"exclude": {"role": ["rep"]}}, "distribution.exclude.role", "SCHEME_UNKNOWN_KEY"),
    ],
)
def test_bad_policy_keys_are_located_scheme_errors(distribution, path, code):
    with pytest.raises(xlperf.SchemeError) as exc:
        make_scheme(distribution=distribution)
    assert (path, code) in [(p.where.path, p.code) for p in exc.value.problems]


def test_unknown_excluded_role_suggests_the_closest():
    with pytest.raises(xlperf.SchemeError) as exc:
        make_scheme(distribution={"exclude": {"roles": ["rpe"]}})
    assert "did you mean 'rep'?" in exc.value.problems[0].hint


def test_new_policy_keys_do_not_change_an_old_fingerprint():
    plain = make_scheme()
    same = make_scheme(distribution={"ties": "demote", "small_groups": "pool", "exclude": {}})
    assert plain.fingerprint == same.fingerprint
    assert make_scheme(distribution={"ties": "keep"}).fingerprint != plain.fingerprint
