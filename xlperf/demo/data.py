"""A realistic sample company for the demo, the docs and the tests.

Several departments, each appraised with one of the shipped schemes, a few
hundred employees, KPI data around their targets, 360° ratings and a few
adjustments. Deterministic for a given seed.

Example:
    >>> company = make_company(seed=7, size=60)
    >>> sorted(company.schemes)
    ['digital', 'market', 'sales']
    >>> len(company.roster)
    60
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlperf.core.scheme import Scheme, load_scheme, shipped_schemes

#: department → (scheme key, share of headcount)
DEPARTMENTS: tuple[tuple[str, str, float], ...] = (
    ("销售一部", "sales", 0.22),
    ("销售二部", "sales", 0.20),
    ("大客户部", "sales", 0.10),
    ("市场管理部", "market", 0.16),
    ("品牌中心", "market", 0.10),
    ("数字营销部", "digital", 0.22),
)

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁龙林欣悦晨曦婷雪琳晶妍茜倩"

#: plausible targets per indicator when the role does not set one: (target, spread)
_DATA_TARGETS = {
    "SALES_REV": (1_200_000.0, 0.5),
    "MARKET_SHARE": (0.18, 0.3),
    "NEW_CUST": (12.0, 0.4),
    "CONVERSION": (0.22, 0.3),
    "MEDIA_EXPOSURE": (2_000_000.0, 0.5),
}


@dataclass(frozen=True)
class Company:
    """The sample company: its roster and, per scheme, the appraisal inputs."""

    roster: pd.DataFrame
    schemes: dict[str, Scheme]
    department_scheme: dict[str, str]
    data: dict[str, pd.DataFrame]
    ratings: dict[str, pd.DataFrame]
    adjustments: dict[str, pd.DataFrame]


def _names(rng: np.random.Generator, n: int) -> list[str]:
    out, seen = [], set()
    while len(out) < n:
        name = rng.choice(list(_SURNAMES)) + "".join(
            rng.choice(list(_GIVEN), size=rng.integers(1, 3))
        )
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def make_company(seed: int = 7, size: int = 300) -> Company:
    """Build the sample company with ``size`` employees (deterministic per seed)."""
    rng = np.random.default_rng(seed)
    schemes = {
        k: load_scheme(p)
        for k, p in shipped_schemes().items()
        if k in {"sales", "market", "digital"}
    }
    counts = _split(size, [share for _, _, share in DEPARTMENTS])
    names = _names(rng, size)
    rows, k = [], 0
    for (dept, key, _), n in zip(DEPARTMENTS, counts, strict=True):
        roles = [r.id for r in schemes[key].roles]
        # mostly staff roles, one manager-type role per department where the scheme has one
        manager = next((r.id for r in schemes[key].roles if r.tier == "management"), None)
        staff = [r for r in roles if r != manager] or roles
        for j in range(n):
            role = manager if (manager and j == 0) else staff[int(rng.integers(len(staff)))]
            rows.append(
                {
                    "employee_id": f"E{1001 + k:04d}",
                    "name": names[k],
                    "department": dept,
                    "role": role,
                }
            )
            k += 1
    roster = pd.DataFrame(rows)
    dept_scheme = {d: key for d, key, _ in DEPARTMENTS}
    data, ratings, adjustments = {}, {}, {}
    for key, scheme in schemes.items():
        members = roster[roster["department"].map(dept_scheme) == key].reset_index(drop=True)
        data[key] = kpi_rows(rng, scheme, members)
        ratings[key] = rating_rows(rng, scheme, members)
        adjustments[key] = _adjustment_rows(rng, members)
    return Company(roster, schemes, dept_scheme, data, ratings, adjustments)


def _split(total: int, shares: list[float]) -> list[int]:
    raw = np.array(shares) / sum(shares) * total
    out = np.floor(raw).astype(int)
    for i in np.argsort(-(raw - out))[: total - out.sum()]:
        out[i] += 1
    return [max(int(x), 1) for x in out]


def kpi_rows(
    rng: np.random.Generator,
    scheme: Scheme,
    members: pd.DataFrame,
    talents: dict[str, float] | None = None,
) -> pd.DataFrame:
    """KPI data rows for ``members``; ``talents`` sets some people's level (1.0 = on target)."""
    rows = []
    talents = talents or {}
    for emp in members.itertuples(index=False):
        talent = rng.normal(1.06, 0.14)  # a person's level carries across indicators
        talent = talents.get(emp.employee_id, talent)
        for item in scheme.role_by_id[emp.role].indicators:
            ind = scheme.indicator_by_code[item.code]
            role_target = scheme.default_target(emp.role, item.code)
            target, actual, baseline = _values(rng, ind, role_target, talent, scheme)
            rows.append(
                {
                    "employee_id": emp.employee_id,
                    "name": emp.name,
                    "department": emp.department,
                    "role": emp.role,
                    "indicator": item.code,
                    "actual": actual,
                    "target": None if role_target is not None else target,
                    "baseline": baseline,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "employee_id",
            "name",
            "department",
            "role",
            "indicator",
            "actual",
            "target",
            "baseline",
        ],
    )


def _values(rng, ind, role_target, talent, scheme) -> tuple[float | None, float, float | None]:
    m = ind.method
    rule = scheme.rule(ind.code)
    noise = float(rng.normal(0, 0.12))
    if m in ("ratio", "linear") and not (m == "linear" and rule.on == "actual"):
        base, spread = _DATA_TARGETS.get(ind.code, (1.0, 0.0))
        target = (
            role_target
            if role_target is not None
            else round(base * float(np.exp(rng.normal(0, spread / 2))), 2 if base < 10 else 0)
        )
        return target, round(target * max(talent + noise, 0.05), 4), None
    if m == "inverse":
        target = role_target if role_target is not None else 1.0
        return target, round(target * max(2 - talent + noise / 2, 0.3), 4), None
    if m == "growth":
        target = role_target if role_target is not None else 0.1
        baseline = round(float(rng.uniform(200, 2000)) * 1000, 0)
        growth = target * (talent + noise * 2)
        return target, round(baseline * (1 + growth), 0), baseline
    if m == "bands":
        mins = sorted(lo for lo, _ in rule.bands)
        lo, hi = mins[0], mins[-1]
        span = (hi - lo) or 1.0
        value = lo + span * float(np.clip(rng.normal(0.75 * talent, 0.25), -0.2, 1.4))
        return None, round(value, 4 if hi < 2 else 1), None
    if m == "linear":  # on the raw actual
        xs = [p[0] for p in rule.points]
        return None, float(max(round(xs[-2] * (talent + noise)), 0)), None
    if m == "rating":
        return (
            None,
            float(
                np.clip(
                    round(rng.normal(3.4 * talent, 0.8)),
                    scheme.rating_scale.min,
                    scheme.rating_scale.max,
                )
            ),
            None,
        )
    if m == "deduction":
        return None, float(rng.poisson(max(1.6 - talent, 0.1))), None
    if m == "binary":
        t = ind.target if role_target is None else role_target
        t = float(t if t is not None else 1.0)
        factor = (2 - talent) if rule.lower else talent
        return None, round(t * (factor + noise), 2), None
    raise ValueError(f"no demo values for method {m}")  # pragma: no cover - the registry is closed


def rating_rows(
    rng: np.random.Generator,
    scheme: Scheme,
    members: pd.DataFrame,
    levels: dict[str, float] | None = None,
) -> pd.DataFrame:
    """360° ratings for ``members``; ``levels`` sets some people's usual rating."""
    rows = []
    lo, hi = scheme.rating_scale.min, scheme.rating_scale.max
    per_group = {"supervisor": 1, "peer": 2, "self": 1, "customer": 1, "subordinate": 2}
    levels = levels or {}
    for emp in members.itertuples(index=False):
        level = rng.normal(4.0, 0.6)
        level = levels.get(emp.employee_id, level)
        for dim in scheme.competencies:
            for rater in scheme.raters:
                for _ in range(per_group.get(rater, 1)):
                    bias = 0.4 if rater == "self" else 0.0
                    value = float(np.clip(round(level + bias + rng.normal(0, 0.6)), lo, hi))
                    rows.append(
                        {
                            "employee_id": emp.employee_id,
                            "dimension": dim.code,
                            "rater": rater,
                            "rating": value,
                        }
                    )
    return pd.DataFrame(rows, columns=["employee_id", "dimension", "rater", "rating"])


def _adjustment_rows(rng: np.random.Generator, members: pd.DataFrame) -> pd.DataFrame:
    rows = []
    n = len(members)
    if n >= 10:
        picks = rng.choice(n, size=max(n // 25, 2), replace=False)
        for j, i in enumerate(picks):
            emp = members.iloc[int(i)]
            if j % 2 == 0:
                rows.append(
                    {
                        "employee_id": emp.employee_id,
                        "kind": "points",
                        "value": 3.0,
                        "reason": "特殊贡献加分：重大项目攻关",
                    }
                )
            else:
                rows.append(
                    {
                        "employee_id": emp.employee_id,
                        "kind": "factor",
                        "value": 0.8,
                        "reason": "月内记过一次，按80%计",
                    }
                )
    return pd.DataFrame(rows, columns=["employee_id", "kind", "value", "reason"])
