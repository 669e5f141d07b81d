"""The calibration policy's scheme keys under ``distribution`` (强制比例分布的规则).

- ``exclude: {roles: [...], employees: [...]}``: people outside the quotas
  (a department head): they keep their provisional grade, are not counted in
  n and are never flagged for observation;
- ``min_group`` with ``small_groups: pool | absolute``: scope groups with
  fewer counted members are pooled into one group, or keep their
  provisional grades;
- ``ties: demote | keep | break`` with ``tie_break``: what happens to a tied
  block at a quota boundary (see :mod:`xlperf.core.distribution`).

Example:
    >>> Exclude(roles=["dept_head"]).roles, default_tie_break(["kpi", "competency"])
    (('dept_head',), ('score_kpi', 'score_competency', 'employee_id'))
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

TIE_RULES = ("demote", "keep", "break")
SMALL_GROUP_RULES = ("pool", "absolute")
#: the one tie-break key that is unique per employee (every list must end with it)
UNIQUE_KEY = "employee_id"


class Exclude(BaseModel):
    """Roles and employee ids left out of the quotas."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    roles: tuple[str, ...] = ()
    employees: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.roles or self.employees)


def tie_break_keys(section_ids: Iterable[str]) -> list[str]:
    """The keys a ``tie_break`` list may use: each section's score, then the employee id."""
    return [f"score_{s}" for s in section_ids] + [UNIQUE_KEY]


def default_tie_break(section_ids: Iterable[str]) -> tuple[str, ...]:
    """``ties: break`` without ``tie_break``: section scores in scheme order, then the id."""
    return tuple(tie_break_keys(section_ids))
