"""Weight sums: exact decimals, 100 ± 0.01 inclusive, in the scheme and in the data (hand-computed)."""

from __future__ import annotations

import pytest
from builders import data_rows, make_scheme

import xlperf

THREE = [
    {"code": "A1", "name": "指标1", "method": "ratio"},
    {"code": "A2", "name": "指标2", "method": "ratio"},
    {"code": "A3", "name": "指标3", "method": "ratio"},
]

# (weights, passes): Σ in exact decimals; |Σ − 100| ≤ 0.01 passes
CASES = [
    ([33.33, 33.33, 33.34], True),  # 100.00
    ([33.33, 33.33, 33.33], True),  # 99.99: 0.01 off, inclusive
    ([33.34, 33.34, 33.33], True),  # 100.01
    ([33.33, 33.33, 33.32], False),  # 99.98: 0.02 off
    ([33.34, 33.34, 33.34], False),  # 100.02
    ([50, 49.99, 0.01], True),  # 100.00
]


def _role(weights):
    return [
        {
            "id": "r",
            "name": "岗位",
            "indicators": [
                {"code": c["code"], "weight": w} for c, w in zip(THREE, weights, strict=True)
            ],
        }
    ]


@pytest.mark.parametrize(("weights", "passes"), CASES)
def test_role_weights_in_the_scheme(weights, passes):
    if passes:
        make_scheme(indicators=THREE, roles=_role(weights))
        return
    with pytest.raises(xlperf.SchemeError) as exc:
        make_scheme(indicators=THREE, roles=_role(weights))
    assert [(p.code, p.where.path) for p in exc.value.problems] == [
        ("SCHEME_ROLE_SECTION_WEIGHTS", "roles[0].indicators")
    ]


@pytest.mark.parametrize(
    ("weights", "passes"),
    [([89.98, 10], False), ([89.99, 10], True), ([66.67, 33.33], True), ([70.005, 30.005], True)],
)
def test_section_weights_in_the_scheme(weights, passes):
    """Σ = 99.98 fails; 99.99, 100 and 100.01 pass."""
    sections = [
        {"id": "kpi", "name": "业绩", "weight": weights[0]},
        {"id": "x", "name": "其他", "weight": weights[1]},
    ]
    role = [{"id": "r", "name": "岗位", "indicators": [{"code": "REV", "weight": 100}]}]
    inds = [
        {"code": "REV", "name": "收入", "method": "ratio"},
        {"code": "X1", "name": "其他", "method": "ratio", "section": "x"},
    ]
    role[0]["indicators"].append({"code": "X1", "weight": 100})
    if passes:
        make_scheme(sections=sections, indicators=inds, roles=role)
        return
    with pytest.raises(xlperf.SchemeError) as exc:
        make_scheme(sections=sections, indicators=inds, roles=role)
    assert [p.code for p in exc.value.problems] == ["SCHEME_WEIGHTS_SUM"]


@pytest.mark.parametrize(("weights", "passes"), CASES)
def test_weights_in_the_data(weights, passes):
    scheme = make_scheme(indicators=THREE, roles=_role([33.33, 33.33, 33.34]))
    data = data_rows(
        [("E1", "D", "r", c["code"], 90, 100, w) for c, w in zip(THREE, weights, strict=True)],
        ("employee_id", "department", "role", "indicator", "actual", "target", "weight"),
    )
    if passes:
        res = xlperf.score(scheme, data)
        assert res.employees.loc[0, "score_kpi"] == pytest.approx(90.0)  # every score 90
        return
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme, data)
    assert [p.code for p in exc.value.problems] == ["DATA_WEIGHTS_SUM"]


def test_weights_in_the_data_as_percent_text():
    scheme = make_scheme(indicators=THREE, roles=_role([33.33, 33.33, 33.34]))
    data = data_rows(
        [("E1", "D", "r", c["code"], 90, 100, "33.33%") for c in THREE],
        ("employee_id", "department", "role", "indicator", "actual", "target", "weight"),
    )
    assert xlperf.score(scheme, data).employees.loc[0, "score_kpi"] == pytest.approx(90.0)
