"""Not-applicable indicators (allow_na): left out, remaining weights rescaled; errors located."""

from __future__ import annotations

import numpy as np
import pytest
from builders import data_rows, make_scheme

import xlperf
from xlperf.core.contract.aggregation import rescaled_weights

INDICATORS = [
    {"code": "REV", "name": "收入", "method": "ratio"},
    {"code": "COST", "name": "费用", "method": "inverse"},
    {"code": "NPS", "name": "净推荐值", "method": "ratio", "allow_na": True},
]
SECTIONS = [{"id": "kpi", "name": "业绩", "weight": 100}]


def scheme(**changes):
    role = {"id": "rep", "name": "专员", "indicators": [
        {"code": "REV", "weight": 40}, {"code": "COST", "weight": 30}, {"code": "NPS", "weight": 30}]}  # fmt: skip
    return make_scheme(
        **{"indicators": INDICATORS, "roles": [role], "sections": SECTIONS, **changes}
    )


def rows(nps_actual, cost_actual=100):
    return data_rows([
        ("E1", "D", "rep", "REV", 90, 100),  # 90
        ("E1", "D", "rep", "COST", cost_actual, 100),  # 100·100/cost
        ("E1", "D", "rep", "NPS", nps_actual, 40),
    ])  # fmt: skip


@pytest.mark.parametrize("word", ["N/A", "n/a", "NA", " na ", "不适用", "ＮＡ"])
def test_na_leaves_the_row_out_and_rescales(word):
    res = xlperf.score(scheme(), rows(word, cost_actual=80))
    # REV 90 (w 40), COST 100·100/80 = 125 (w 30); NPS left out → weights 40/70 and 30/70 of 100
    # = (40·90 + 30·125) / 70 = (3600 + 3750) / 70 = 105
    assert res.employees.loc[0, "score_kpi"] == pytest.approx(105.0, abs=1e-12)
    ind = res.indicators.set_index("indicator")
    assert ind["status"].to_dict() == {"REV": "", "COST": "", "NPS": "na"}
    assert np.isnan(ind.loc["NPS", "score"])


def test_without_na_every_weight_counts():
    res = xlperf.score(scheme(), rows(50, cost_actual=80))
    # NPS 100·50/40 = 125: (40·90 + 30·125 + 30·125) / 100 = (3600 + 3750 + 3750)/100 = 111
    assert res.employees.loc[0, "score_kpi"] == pytest.approx(111.0, abs=1e-12)
    assert (res.indicators["status"] == "").all()


def test_rescaled_weights_sum_to_100():
    w = rescaled_weights(np.array([40.0, 30.0, 30.0]), np.array([True, True, False]))
    # 40/70·100 = 57.142857…, 30/70·100 = 42.857142…
    assert w.tolist() == pytest.approx([4000 / 70, 3000 / 70, 0.0]) and w.sum() == pytest.approx(
        100.0
    )


def test_na_where_not_allowed_is_a_located_error():
    data = rows(50)
    data["actual"] = ["N/A", 100, 50]  # REV has no allow_na
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme(), data)
    (p,) = [p for p in exc.value.problems if p.code == "DATA_NA_NOT_ALLOWED"]
    assert p.where.row == 2 and "actual" in p.where.column
    assert "indicator REV cannot be marked not applicable ('N/A') for employee E1" in p.message
    assert "allow_na: true" in p.hint
    assert not any(p.code.startswith("NUMBER_") for p in exc.value.problems)


def test_na_on_every_indicator_of_a_section_is_an_error():
    both_na = [dict(i, allow_na=True) for i in INDICATORS]
    data = rows("不适用")
    data["actual"] = ["N/A", "NA", "不适用"]
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme(indicators=both_na), data)
    (p,) = exc.value.problems
    assert p.code == "DATA_NA_WHOLE_SECTION" and p.where.row == 2
    assert "every indicator of employee E1 in section 'kpi'" in p.message


def test_weights_are_still_checked_as_written():
    data = rows("N/A")
    data["weight"] = [40, 30, 20]  # 90 as written: an error even though NPS does not apply
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme(), data)
    assert [p.code for p in exc.value.problems] == ["DATA_WEIGHTS_SUM"]


def test_excel_error_na_is_not_not_applicable():
    with pytest.raises(xlperf.InputError) as exc:
        xlperf.score(scheme(), rows("#N/A"))
    assert [p.code for p in exc.value.problems] == ["NUMBER_EXCEL_ERROR"]


def test_allow_na_is_not_in_the_fingerprint_unless_set():
    a = scheme()
    b = scheme(indicators=[dict(i, allow_na=False) for i in INDICATORS])
    c = scheme(indicators=[{k: v for k, v in i.items() if k != "allow_na"} for i in INDICATORS])
    assert a.fingerprint != c.fingerprint  # NPS sets allow_na: true
    assert b.fingerprint == c.fingerprint  # false is the default: not hashed
