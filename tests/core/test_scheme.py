"""Scheme validation: every problem at once, with its path, expectation and a hint."""

from __future__ import annotations

import pytest
from builders import BASE_SCHEME, scheme_dict

import xlperf
from xlperf.errors import SchemeError


def problems_of(raw) -> list[str]:
    with pytest.raises(SchemeError) as exc:
        xlperf.parse_scheme(raw, source="s.yaml")
    return [str(p) for p in exc.value.problems]


def test_the_base_scheme_is_valid():
    s = xlperf.parse_scheme(BASE_SCHEME)
    assert s.rule("REV").cap == 150 and s.section_of("COST") == "kpi"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"sections": [{"id": "kpi", "name": "k", "weight": 90}]},
            "s.yaml: sections: expected weights summing to 100, got 90",
        ),
        ({"sections": [{"id": "kpi", "name": "k", "weight": 1.0}]}, "write 30, not 0.3"),
        (
            {
                "indicators": [
                    {"code": "REV", "name": "r", "method": "ratoi"},
                    {"code": "COST", "name": "c", "method": "inverse"},
                ]
            },
            "indicators[0].method: unknown method 'ratoi'",
        ),
        (
            {
                "indicators": [
                    {"code": "REV", "name": "r", "method": "ratoi"},
                    {"code": "COST", "name": "c", "method": "inverse"},
                ]
            },
            "did you mean 'ratio'?",
        ),
        (
            {
                "roles": [
                    {
                        "id": "rep",
                        "name": "p",
                        "indicators": [
                            {"code": "REVV", "weight": 60},
                            {"code": "COST", "weight": 40},
                        ],
                    }
                ]
            },
            "roles[0].indicators[0].code: unknown indicator 'REVV' (did you mean 'REV'?)",
        ),
        (
            {
                "roles": [
                    {
                        "id": "rep",
                        "name": "p",
                        "indicators": [
                            {"code": "REV", "weight": 60},
                            {"code": "COST", "weight": 30},
                        ],
                    }
                ]
            },
            "section 'kpi' in role 'rep' to sum to 100, got 90",
        ),
        (
            {
                "roles": [
                    {
                        "id": "rep",
                        "name": "p",
                        "indicators": [
                            {"code": "REV", "weight": "abc"},
                            {"code": "COST", "weight": 40},
                        ],
                    }
                ]
            },
            "roles[0].indicators[0].weight: expected",
        ),
        (
            {
                "roles": [
                    {
                        "id": "rep",
                        "name": "p",
                        "indicators": [
                            {"code": "REV", "wieght": 60},
                            {"code": "COST", "weight": 40},
                        ],
                    }
                ]
            },
            "roles[0].indicators[0].wieght: unknown key 'wieght' (did you mean 'weight'?)",
        ),
        (
            {"grades": [{"grade": "A", "min": 80}, {"grade": "B", "min": 90}]},
            "grades: expected grades ordered by min, strictly descending",
        ),
        ({"distribution": {"quotas": {"X": 10}}}, "distribution.quotas.X: unknown grade 'X'"),
        ({"distribution": {"quotas": {"D": 10}}}, "the last grade 'D' cannot have a quota"),
        ({"distribution": {"rounding": "nearest"}}, "distribution.rounding: expected one of"),
        ({"bonus": {"A": 1.5}}, "grade 'B' has no bonus factor"),
        (
            {
                "indicators": [
                    {"code": "REV", "name": "r", "method": "bands"},
                    {"code": "COST", "name": "c", "method": "inverse"},
                ]
            },
            "indicators[0].bands: required key is missing",
        ),
        (
            {
                "indicators": [
                    {"code": "REV", "name": "r", "method": "linear", "points": [[0, 0], [0, 100]]},
                    {"code": "COST", "name": "c", "method": "inverse"},
                ]
            },
            "expected strictly increasing x values",
        ),
        (
            {
                "indicators": [
                    {"code": "REV", "name": "r", "method": "deduction"},
                    {"code": "COST", "name": "c", "method": "inverse"},
                ]
            },
            "indicators[0].per: required key is missing",
        ),
        (
            {
                "indicators": [
                    {"code": "REV", "name": "r", "method": "ratio", "floor": 200},
                    {"code": "COST", "name": "c", "method": "inverse"},
                ]
            },
            "expected floor ≤ cap",
        ),
        ({"rating_scale": {"min": 5, "max": 1}}, "rating_scale: expected min < max"),
        ({"competency_section": "comp"}, "competency_section: unknown section 'comp'"),
        ({"limits": {"max_indicators": 1}}, "expected at most 1 KPI indicators"),
    ],
)
def test_scheme_problems_name_the_path(changes, expected):
    found = problems_of(scheme_dict(**changes))
    assert any(expected in p for p in found), found


def test_every_problem_is_reported_together():
    raw = scheme_dict(
        sections=[{"id": "kpi", "name": "k", "weight": 90}],
        roles=[
            {
                "id": "rep",
                "name": "p",
                "indicators": [{"code": "REVV", "weight": 60}, {"code": "COST", "weight": 40}],
            }
        ],
        distribution={"quotas": {"X": 10}},
    )
    raw["indicators"][1]["mehtod"] = "inverse"
    found = problems_of(raw)
    assert any("sections: expected weights summing to 100" in p for p in found)
    assert any("unknown indicator 'REVV'" in p for p in found)
    assert any("unknown grade 'X'" in p for p in found)
    assert any(
        "indicators[1].mehtod: unknown key 'mehtod' (did you mean 'method'?)" in p for p in found
    )


def test_missing_required_keys():
    found = problems_of({"scheme": {"id": "x"}})
    assert any("scheme.name: required key is missing" in p for p in found)
    assert any("sections: required key is missing" in p for p in found)


def test_yaml_on_key_stays_a_string(tmp_path):
    text = (
        "scheme: {id: y, name: y}\nsections: [{id: kpi, name: k, weight: 100}]\n"
        "indicators: [{code: P, name: p, method: linear, on: actual, points: [[0, 0], [10, 100]]}]\n"
        "roles: [{id: r, name: r, indicators: [{code: P, weight: 100}]}]\ngrades: [{grade: A, min: 0}]\n"
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    assert xlperf.load_scheme(path).rule("P").on == "actual"


def test_unreadable_scheme_files(tmp_path):
    with pytest.raises(SchemeError) as exc:
        xlperf.load_scheme(tmp_path / "missing.yaml")
    assert "no such file" in str(exc.value)
    bad = tmp_path / "bad.yaml"
    bad.write_text("scheme: {id: x\n  name: [", encoding="utf-8")
    with pytest.raises(SchemeError) as exc:
        xlperf.load_scheme(bad)
    assert "YAML syntax error" in str(exc.value) and "line" in str(exc.value)


def test_scheme_is_frozen():
    s = xlperf.parse_scheme(BASE_SCHEME)
    with pytest.raises(Exception) as exc:  # pydantic's frozen-instance error
        s.limits = None  # type: ignore[misc]
    assert "frozen" in str(exc.value).lower()


def test_messages_exist_in_chinese_too():
    with pytest.raises(SchemeError) as exc:
        xlperf.parse_scheme(scheme_dict(sections=[{"id": "kpi", "name": "k", "weight": 90}]))
    assert "权重合计应为100" in exc.value.render("zh")
