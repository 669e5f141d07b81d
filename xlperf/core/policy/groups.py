"""Who the quotas apply to, in which group, and in which order a tie is broken.

- :func:`quota_groups`: the scope groups after the policy — excluded people
  (``distribution.exclude``) leave the count; groups with fewer counted
  members than ``min_group`` are pooled into one group (``small_groups:
  pool``) or keep their provisional grades (``absolute``). Each group's
  handling is stated in words for the calibration table.
- :func:`tie_order`: each employee's place in the ``tie_break`` order
  (section scores descending at 6 decimals, then the id ascending).

Example:
    >>> import pandas as pd
    >>> from xlperf.core.scheme import parse_scheme, shipped_schemes
    >>> from xlperf.core.scheme_yaml import load_yaml
    >>> raw = load_yaml(shipped_schemes()["sales"].read_text(encoding="utf-8"), "sales.yaml")
    >>> raw["distribution"].update(scope="department", min_group=3, exclude={"employees": ["E1"]})
    >>> emps = pd.DataFrame({"employee_id": ["E1", "E2", "E3", "E4", "E5", "E6"],
    ...                      "department": ["X", "X", "X", "Y", "Y", "Z"], "role": ["sales_rep"] * 6})
    >>> qg = quota_groups(parse_scheme(raw), emps)
    >>> qg.labels.tolist(), qg.counted.tolist()
    (['X+Y+Z', 'X+Y+Z', 'X+Y+Z', 'X+Y+Z', 'X+Y+Z', 'X+Y+Z'], [False, True, True, True, True, True])
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from xlperf.core.numeric import round6
from xlperf.core.policy.rules import UNIQUE_KEY, default_tie_break
from xlperf.core.scheme import Scheme

QUOTA, POOLED, ABSOLUTE = "quota", "pooled", "absolute"


@dataclass(frozen=True)
class QuotaGroups:
    """Each employee's quota group and whether they count; each group's handling in words."""

    labels: np.ndarray
    counted: np.ndarray
    excluded: np.ndarray
    reason_en: np.ndarray
    reason_zh: np.ndarray
    handling: dict[str, str] = field(default_factory=dict)
    note_en: dict[str, str] = field(default_factory=dict)
    note_zh: dict[str, str] = field(default_factory=dict)


def excluded_people(
    scheme: Scheme, employees: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who ``distribution.exclude`` leaves out of the quotas, and why (en, zh)."""
    rule = scheme.distribution.exclude
    ids = employees["employee_id"].astype(str).to_numpy(dtype=object)
    roles = employees["role"].astype(str).to_numpy(dtype=object)
    ex_roles = [r for r in (scheme.resolve_role(x) for x in rule.roles) if r is not None]
    by_role = np.isin(roles, ex_roles)
    by_id = np.isin(ids, [str(e).strip() for e in rule.employees])
    out = by_role | by_id
    en = np.full(len(ids), "", dtype=object)
    zh = np.full(len(ids), "", dtype=object)
    for i in np.flatnonzero(out):  # only the excluded few get a reason
        listed = bool(by_id[i])
        en[i] = (
            "listed in distribution.exclude.employees"
            if listed
            else f"role {roles[i]} is in distribution.exclude.roles"
        )
        zh[i] = (
            "列于 distribution.exclude.employees"
            if listed
            else f"岗位 {roles[i]} 列于 distribution.exclude.roles"
        )
    return out, en, zh


def quota_groups(scheme: Scheme, employees: pd.DataFrame) -> QuotaGroups:
    """The quota group of each employee after exclusions and the small-group rule."""
    dist = scheme.distribution
    n = len(employees)
    excluded, reason_en, reason_zh = excluded_people(scheme, employees)
    if dist.scope == "department":
        labels = employees["department"].astype(str).to_numpy(dtype=object)
    else:
        labels = np.full(n, "", dtype=object)
    counted = ~excluded
    out = QuotaGroups(labels, counted, excluded, reason_en, reason_zh)
    sizes = pd.Series(counted.astype(int)).groupby(labels).sum()
    for label in sizes.index:
        out.handling[label] = QUOTA
    if dist.min_group is None:
        return out
    small = sorted(str(k) for k, v in sizes.items() if v < dist.min_group)
    if not small:
        return out
    in_small = np.isin(labels, small)
    if dist.small_groups == "absolute":
        for label in small:
            _note(out, label, ABSOLUTE, _absolute_text(int(sizes[label]), dist.min_group))
        return replace(out, counted=counted & ~in_small)
    pooled = "+".join(small)
    total = int(sizes[small].sum())
    parts = [
        ", ".join(f"{k or company} ({int(sizes[k])})" for k in small)
        for company in ("company", "全公司")
    ]
    for label in small:
        del out.handling[label]
    _note(out, pooled, POOLED, _pooled_text(parts, dist.min_group, total, len(small)))
    return replace(out, labels=np.where(in_small, pooled, labels).astype(object))


def _note(out: QuotaGroups, label: str, handling: str, text: tuple[str, str]) -> None:
    out.handling[label] = handling
    out.note_en[label], out.note_zh[label] = text


def _absolute_text(n: int, min_group: int) -> tuple[str, str]:
    return (
        f"{n} counted, fewer than min_group {min_group}: provisional grades kept, no quotas, no observation",
        f"计入比例的人数为{n}，少于最小组人数{min_group}：保留预评等级，不执行比例与末位规则",
    )


def _pooled_text(parts: list[str], min_group: int, total: int, k: int) -> tuple[str, str]:
    if k == 1:
        return (
            f"{parts[0]} is smaller than min_group {min_group} and no other group is: quotas apply to it alone",
            f"{parts[1]} 少于最小组人数{min_group}，无其他小组可合并：单独执行比例",
        )
    return (
        f"pooled groups smaller than min_group {min_group}: {parts[0]}; quotas apply to the pool of {total}",
        f"少于最小组人数{min_group}的小组合并：{parts[1]}；合并后按{total}人执行比例",
    )


def tie_order(scheme: Scheme, ids: np.ndarray, section_scores: np.ndarray) -> np.ndarray:
    """Each employee's place in the tie-break order (0 first): section scores descending, ids ascending.

    Section scores compare at 6 decimals; a missing score comes last.
    """
    section_ids = [x.id for x in scheme.sections]
    keys = scheme.distribution.tie_break or default_tie_break(section_ids)
    columns = []
    for key in keys:
        if key == UNIQUE_KEY:
            columns.append(pd.factorize(pd.Series(ids, dtype=object).astype(str), sort=True)[0])
        else:
            v = round6(section_scores[:, section_ids.index(key.removeprefix("score_"))])
            columns.append(np.where(np.isnan(v), np.inf, -v))
    order = np.lexsort(columns[::-1])
    place = np.empty(len(ids), dtype=np.int64)
    place[order] = np.arange(len(ids))
    return place
