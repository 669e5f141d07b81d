"""The shipped schemes carry the numbers of the HR practice digest (§7), and say which are choices."""

from __future__ import annotations

import pandas as pd
import pytest

import xlperf
from xlperf.demo.data import make_company


def _scheme(name: str) -> xlperf.Scheme:
    return xlperf.load_scheme(xlperf.shipped_schemes()[name])


def _weights(scheme: xlperf.Scheme, role: str) -> list[tuple[str, float]]:
    return [(i.code, i.weight) for i in scheme.role_by_id[role].indicators]


def test_market_strategy_role_as_the_source():
    # report on-time 20, campaign growth 30, brand influence (media exposure) 25, marketing cost 15, cross-dept 10
    assert _weights(_scheme("market"), "strategy") == [
        ("REPORT_ONTIME", 20), ("CAMPAIGN_GROWTH", 30), ("MEDIA_EXPOSURE", 25), ("MKT_COST", 15), ("XDEPT_RATING", 10),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("role", "given"),
    [
        ("seo", [("ORGANIC_SHARE", 30), ("TOP10_KW", 25), ("SEO_LEADS", 20)]),
        ("social", [("FOLLOWER_GROWTH", 20), ("ENGAGE_RATE", 30), ("COMMUNITY_RETENTION", 25)]),
        ("content", [("POSTS", 20), ("DWELL_TIME", 30), ("CONTENT_CONV", 30)]),
        ("sdr", [("LEAD_CONV", 40), ("OPP_RATE", 30), ("FIELD_COMPLETE", 20)]),
    ],
)
def test_digital_roles_weights_as_the_digest_gives_them(role, given):
    weights = _weights(_scheme("digital"), role)
    assert weights[: len(given)] == given
    assert sum(w for _, w in weights) == 100


def test_telecom_manager_has_the_ten_indicators():
    s = _scheme("telecom")
    assert _weights(s, "branch_manager") == [
        ("REV_CDMA", 25), ("REV_GSM", 20), ("REV_DATA", 15), ("REV_LEASED", 3), ("REV_PAGING", 2),
        ("REV_EXP_COEF", 10), ("USERS_CDMA", 10), ("USERS_GSM", 5), ("ARREARS", 5), ("CHURN", 5),
    ]  # fmt: skip
    assert s.max_indicators_for("branch_manager") == (10, "roles[0].max_indicators")
    assert s.max_indicators_for("account_manager") == (5, "limits.max_indicators")
    assert {s.indicator_by_code[c].method for c in ("ARREARS", "CHURN")} == {"inverse"}


def test_telecom_revenue_expense_coefficient_is_ten_points():
    # actual ÷ standard × 10: on target the coefficient adds 10 of the 100 KPI points
    s = _scheme("telecom")
    codes = [c for c, _ in _weights(s, "branch_manager")]
    data = pd.DataFrame({
        "employee_id": "M1", "department": "分公司", "role": "branch_manager", "indicator": codes,
        "actual": [100.0] * 8 + [0.02, 0.015], "target": [100.0] * 8 + [None, None],
    })  # fmt: skip
    data.loc[codes.index("REV_EXP_COEF"), ["actual", "target"]] = [
        1.8,
        1.5,
    ]  # 1.8 ÷ 1.5 × 10 = 12 points
    ratings = pd.DataFrame(
        {
            "employee_id": "M1",
            "rater": "supervisor",
            "dimension": [c.code for c in s.competencies],
            "rating": 5,
        }
    )
    res = xlperf.score(s, data, ratings)
    # KPI = (90 points on target from the other nine) + 12 = 102
    assert res.employees.loc[0, "score_kpi"] == pytest.approx(102.0)
    assert res.employees.loc[0, "flags"] == "excluded"  # the branch manager is outside the quotas


@pytest.mark.parametrize("name", sorted(xlperf.shipped_schemes()))
def test_every_shipped_scheme_states_its_source_and_choices(name):
    head = xlperf.shipped_schemes()[name].read_text(encoding="utf-8").split("\nscheme:", 1)[0]
    assert "#" in head and ("Choices" in head or "choice" in head.lower()), f"{name}.yaml header"


@pytest.mark.parametrize("name", ["market", "digital"])
def test_changed_schemes_header_says_digest(name):
    head = xlperf.shipped_schemes()[name].read_text(encoding="utf-8").split("\nscheme:", 1)[0]
    assert "digest" in head


def test_demo_company_still_scores():
    company = make_company(seed=11, size=90)
    for key, scheme in company.schemes.items():
        res = xlperf.score(
            scheme, company.data[key], company.ratings[key], company.adjustments[key]
        )
        assert res.employees["final_score"].notna().all()
