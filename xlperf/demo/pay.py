"""The demo's pay inputs: bonus bases, commission bases, teams and one offence factor.

For a scheme with a ``pay`` section (the sales scheme): every employee gets a
quarterly bonus base (绩效奖金基数; managers more), those whose role has the
commission indicator a commission base (提成基数), the three sales
departments a team coefficient (团队系数) and 销售二部 a team bonus pool
(团队奖金池); one of its employees has a recorded offence: a ``pay_factor``
of 0.8 that cuts pay, never the score. (销售二部 is the sales form the demo's
cycle accepts, so the cycle's master shows both.) Deterministic for a given seed.

Example:
    >>> from xlperf.demo.data import make_company
    >>> p = demo_pay(make_company(seed=7, size=60), "sales")
    >>> sorted(p.teams["department"]), p.pay_factors["value"].tolist()
    (['大客户部', '销售一部', '销售二部'], [0.8])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlperf.demo.data import Company

#: department → (team coefficient, team bonus pool or None)
TEAMS = {"销售一部": (1.0, None), "销售二部": (1.1, 20000.0), "大客户部": (1.2, None)}
#: the department of the offence
OFFENCE_DEPARTMENT = "销售二部"
#: quarterly bonus bases of staff (one drawn per person) and of a manager
STAFF_BASES = (2000.0, 2500.0, 3000.0, 3500.0)
MANAGER_BASE = 6000.0
COMMISSION_BASE = 1500.0
OFFENCE = (0.8, "记过一次：当期薪酬按80%发放（不影响考核等级）")


@dataclass(frozen=True)
class DemoPay:
    """The Pay and Teams tables and the pay-factor adjustments of one scheme's employees."""

    pay: pd.DataFrame
    teams: pd.DataFrame
    pay_factors: pd.DataFrame

    def adjustments(self, adjustments: pd.DataFrame) -> pd.DataFrame:
        """The scheme's adjustments with the pay factors added."""
        return pd.concat([adjustments, self.pay_factors], ignore_index=True)

    def only(self, employees: Iterable[str]) -> DemoPay:
        """The rows of these employees (and of the departments they are in)."""
        keep = set(map(str, employees))
        pay = self.pay[self.pay["employee_id"].astype(str).isin(keep)].reset_index(drop=True)
        depts = set(pay["department"]) if "department" in pay else set()
        teams = self.teams[self.teams["department"].isin(depts)].reset_index(drop=True)
        factors = self.pay_factors[self.pay_factors["employee_id"].astype(str).isin(keep)]
        return DemoPay(pay, teams, factors.reset_index(drop=True))


def demo_pay(company: Company, key: str, seed: int = 7) -> DemoPay | None:
    """The pay inputs of scheme ``key``'s employees (None when the scheme has no pay)."""
    scheme = company.schemes[key]
    if scheme.pay is None:
        return None
    rng = np.random.default_rng(seed + 1000)  # its own stream: the rest of the demo is unchanged
    depts = [d for d, k in company.department_scheme.items() if k == key]
    members = company.roster[company.roster["department"].isin(depts)].reset_index(drop=True)
    manager = {r.id for r in scheme.roles if r.tier == "management"}
    indicator = scheme.pay.commission.indicator if scheme.pay.commission else None
    earns = {r.id for r in scheme.roles if any(i.code == indicator for i in r.indicators)}
    bases = rng.choice(STAFF_BASES, size=len(members))
    pay = pd.DataFrame({
        "employee_id": members["employee_id"],
        "department": members["department"],
        "bonus_base": np.where(members["role"].isin(manager), MANAGER_BASE, bases),
        "commission_base": np.where(members["role"].isin(earns), COMMISSION_BASE, np.nan),
    })  # fmt: skip
    teams = pd.DataFrame(
        [(d, *TEAMS[d]) for d in depts if d in TEAMS], columns=["department", "coefficient", "pool"]
    )
    adjusted = set(company.adjustments[key]["employee_id"].astype(str))
    order = members.sort_values("department", key=lambda d: d != OFFENCE_DEPARTMENT, kind="stable")
    offender = next((e for e in order["employee_id"] if str(e) not in adjusted), None)
    factors = pd.DataFrame(
        [(offender, "pay_factor", *OFFENCE)] if offender is not None else [],
        columns=["employee_id", "kind", "value", "reason"],
    )
    return DemoPay(pay, teams, factors)


__all__ = ["DemoPay", "demo_pay"]
