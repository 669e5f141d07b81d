"""The calibration step of scoring: quotas under the policy, then the overrides, then the trail.

:func:`distribute` applies the forced distribution to the quota groups of
:mod:`.groups` (exclusions, small groups) with the scheme's tie rule;
:func:`calibrate` applies the calibration overrides and builds the
Calibration table — per group and grade: size, quota, allowed, provisional
and final counts, the group's handling (``quota``, ``pooled``,
``absolute``), the excluded people, any excess over a quota and a warning
when overrides or a kept tie caused it (never fixed silently) — and one event
per excluded person and per override.

Example:
    >>> import numpy as np, pandas as pd
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> emps = pd.DataFrame({"employee_id": [f"E{i}" for i in range(10)], "department": ["D"] * 10,
    ...                      "role": ["sales_rep"] * 10})
    >>> final = np.array([130.0, 125, 110, 105, 100, 95, 90, 85, 70, 50])
    >>> absolute = np.array([0, 0, 1, 1, 1, 2, 2, 2, 3, 4])
    >>> step = distribute(s, emps, final, absolute, np.c_[final, final])
    >>> out = calibrate(s, step, absolute, None)
    >>> out.grade.tolist()
    [0, 1, 1, 2, 2, 2, 2, 2, 3, 4]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlperf.core.distribution import EVENT_COLUMNS, DistributionOutcome, forced_distribution
from xlperf.core.numeric import quota_count
from xlperf.core.policy.groups import ABSOLUTE, QuotaGroups, quota_groups, tie_order
from xlperf.core.policy.overrides import PreparedOverrides, apply_overrides
from xlperf.core.scheme import Scheme
from xlperf.errors import Location
from xlperf.messages import say

EXCLUDED = "excluded"
OVERRIDE = "override"
#: the forced-distribution columns of the Calibration table, then those the policy adds
CALIBRATION_COLUMNS = [
    "group", "group_size", "grade", "quota_percent", "allowed", "absolute_count", "final_count",
]  # fmt: skip
POLICY_COLUMNS = ["handling", "excluded_count", "excess", "warning", "note_en", "note_zh"]


@dataclass(frozen=True)
class DistributionStep:
    """The quota groups and what the forced distribution made of them."""

    groups: QuotaGroups
    outcome: DistributionOutcome


@dataclass(frozen=True)
class CalibrationOutcome:
    """Final grades (after overrides), the grades before them, flags, the table and the trail."""

    grade: np.ndarray
    before_override: np.ndarray
    tie_at_quota: np.ndarray
    quota_exceeded_by_tie: np.ndarray
    observation: np.ndarray
    excluded: np.ndarray
    calibration: pd.DataFrame
    events: pd.DataFrame


def distribute(
    scheme: Scheme,
    employees: pd.DataFrame,
    final: np.ndarray,
    absolute: np.ndarray,
    sections: np.ndarray,
) -> DistributionStep:
    """The forced distribution over the policy's quota groups (``sections``: employees × sections)."""
    dist = scheme.distribution
    qg = quota_groups(scheme, employees)
    order = None
    if dist.ties == "break":
        order = tie_order(scheme, employees["employee_id"].to_numpy(dtype=object), sections)
    outcome = forced_distribution(
        final, absolute, list(scheme.grade_names), scheme.quotas, dist.rounding, float(dist.bottom),
        qg.labels, counted=qg.counted, ties=dist.ties, tie_order=order,
    )  # fmt: skip
    return DistributionStep(qg, outcome)


def calibrate(
    scheme: Scheme,
    step: DistributionStep,
    absolute: np.ndarray,
    overrides: PreparedOverrides | None,
) -> CalibrationOutcome:
    """Apply the overrides; the Calibration table and the events of the whole calibration."""
    qg, out = step.groups, step.outcome
    before = out.grade
    grade = apply_overrides(before, overrides)
    exceeded = out.quota_exceeded_by_tie
    if exceeded is None:
        exceeded = np.zeros(len(before), dtype=bool)
    table = calibration_table(scheme, qg, np.asarray(absolute), before, grade)
    parts = [out.events.assign(approved_by=None), _excluded_events(scheme, qg, absolute),
             _override_events(scheme, qg, before, grade, overrides)]  # fmt: skip
    present = [p for p in parts if len(p)]
    events = pd.concat(present, ignore_index=True) if present else _frame({})
    return CalibrationOutcome(
        grade, before, out.tie_at_quota, exceeded, out.observation, qg.excluded, table, events
    )


def _counts(
    code: np.ndarray, grades: np.ndarray, mask: np.ndarray, shape: tuple[int, int]
) -> np.ndarray:
    """(groups × grades) counts of the people in ``mask``."""
    flat = np.bincount(code[mask] * shape[1] + grades[mask], minlength=shape[0] * shape[1])
    return flat.reshape(shape)


def calibration_table(
    scheme: Scheme, qg: QuotaGroups, absolute: np.ndarray, before: np.ndarray, final: np.ndarray
) -> pd.DataFrame:
    """Per quota group and grade: counts of the members in n, the policy and any excess."""
    names = list(scheme.grade_names)
    code, groups = pd.factorize(pd.Series(qg.labels, dtype=object), sort=True)
    shape = (len(groups), len(names))
    members = ~qg.excluded
    counts = {k: _counts(code, np.asarray(v), members, shape) for k, v in
              (("abs", absolute), ("before", before), ("final", final))}  # fmt: skip
    excl = _counts(code, np.asarray(final), qg.excluded, shape)
    sizes = np.bincount(code[members], minlength=len(groups))
    rows = []
    for k, group in enumerate(groups):
        for gi, name in enumerate(names):
            row = _row(scheme, qg, str(group), int(sizes[k]), gi, name)
            row.update(absolute_count=int(counts["abs"][k, gi]), final_count=int(counts["final"][k, gi]),
                       excluded_count=int(excl[k, gi]))  # fmt: skip
            row.update(
                _excess(
                    str(group),
                    name,
                    row["allowed"],
                    int(counts["before"][k, gi]),
                    row["final_count"],
                )
            )
            notes = [x for x in (qg.note_en.get(group), row.pop("_en")) if x]
            notes_zh = [x for x in (qg.note_zh.get(group), row.pop("_zh")) if x]
            row.update(note_en="; ".join(notes), note_zh="；".join(notes_zh))
            rows.append(row)
    columns = [*CALIBRATION_COLUMNS, *POLICY_COLUMNS]
    return pd.DataFrame(rows).reindex(columns=columns) if rows else pd.DataFrame(columns=columns)


def _row(scheme: Scheme, qg: QuotaGroups, group: str, size: int, gi: int, name: str) -> dict:
    """The quota side of one Calibration row: the group's size, quota and allowed count."""
    quota_on = qg.handling.get(group) != ABSOLUTE and gi < len(scheme.grades) - 1
    pct = scheme.quotas.get(name) if quota_on else None
    allowed = None if pct is None else quota_count(pct, size, scheme.distribution.rounding)
    return {
        "group": group, "group_size": size, "grade": name,
        "quota_percent": None if pct is None else float(pct), "allowed": allowed,
        "handling": qg.handling.get(group, "quota"),
    }  # fmt: skip


def _excess(group: str, grade: str, allowed: int | None, before: int, final: int) -> dict:
    """Excess over the quota, and the warnings saying whether overrides or a kept tie caused it."""
    if allowed is None or final <= allowed:
        return {"excess": 0, "warning": "", "_en": "", "_zh": ""}
    codes = []
    if before > allowed:
        codes.append("CALIB_TIE_QUOTA_EXCESS")
    if final > max(before, allowed):
        codes.append("CALIB_OVERRIDE_QUOTA_EXCESS")
    shown = group or "company"
    problems = [say(c, Location(sheet="Calibration"), group=shown, grade=grade, count=final,
                    allowed=allowed, excess=final - allowed) for c in codes]  # fmt: skip
    return {
        "excess": final - allowed,
        "warning": ";".join(codes),
        "_en": "; ".join(p.message for p in problems),
        "_zh": "；".join(p.message_zh or p.message for p in problems),
    }


def _frame(rows: dict) -> pd.DataFrame:
    columns = [*EVENT_COLUMNS, "approved_by"]
    if not rows:
        return pd.DataFrame({c: [] for c in columns})
    return pd.DataFrame(rows).reindex(columns=columns)


def _excluded_events(scheme: Scheme, qg: QuotaGroups, absolute: np.ndarray) -> pd.DataFrame:
    who = np.flatnonzero(qg.excluded)
    names = np.asarray(scheme.grade_names, dtype=object)
    kept = names[np.asarray(absolute)[who]]
    return _frame({
        "position": who, "group": qg.labels[who], "kind": EXCLUDED, "from_grade": kept, "to_grade": kept,
        "allowed": None, "group_size": None,
        "reason_en": [f"excluded from quotas ({r}): keeps the provisional grade {g}, not counted in n"
                      for r, g in zip(qg.reason_en[who], kept, strict=True)],
        "reason_zh": [f"不参与比例（{r}）：保留预评等级{g}，不计入组人数"
                      for r, g in zip(qg.reason_zh[who], kept, strict=True)],
    })  # fmt: skip


def _override_events(
    scheme: Scheme,
    qg: QuotaGroups,
    before: np.ndarray,
    final: np.ndarray,
    ov: PreparedOverrides | None,
) -> pd.DataFrame:
    if ov is None or not len(ov.position):
        return _frame({})
    who = ov.position
    names = np.asarray(scheme.grade_names, dtype=object)
    return _frame({
        "position": who, "group": qg.labels[who], "kind": OVERRIDE,
        "from_grade": names[before[who]], "to_grade": names[final[who]], "allowed": None, "group_size": None,
        "reason_en": [f"calibration override: {r} (approved by {a})" for r, a in zip(ov.reason, ov.approved_by, strict=True)],
        "reason_zh": [f"校准调整：{r}（审批人：{a}）" for r, a in zip(ov.reason, ov.approved_by, strict=True)],
        "approved_by": ov.approved_by,
    })  # fmt: skip
