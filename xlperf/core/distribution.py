"""Ranking and forced distribution (强制比例分布), vectorised with numpy.

Scores are compared rounded to 6 decimals (:func:`~xlperf.core.numeric.round6`).
Ranks are competition ranks like Excel's ``RANK.EQ``: ties share a rank and
the next rank skips. Quotas are applied from the best grade down; a quota
boundary never splits a tie.

Example:
    >>> import numpy as np
    >>> competition_rank(np.array([90.0, 95.0, 90.0, 80.0])).tolist()
    [2, 1, 2, 4]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlperf.core.contract.grading import grade_index, group_codes
from xlperf.core.numeric import quota_count, round6

TIE_AT_QUOTA = "tie_at_quota"
OBSERVATION = "observation"


def absolute_grades(scores: np.ndarray, mins: np.ndarray) -> np.ndarray:
    """The absolute grade index of each score (see :func:`xlperf.core.contract.grading.grade_index`)."""
    return grade_index(scores, mins)


@dataclass(frozen=True)
class DistributionOutcome:
    """Final grades (indices), flags and the calibration trail."""

    grade: np.ndarray
    tie_at_quota: np.ndarray
    observation: np.ndarray
    calibration: pd.DataFrame
    events: pd.DataFrame


def forced_distribution(
    scores: np.ndarray,
    absolute: np.ndarray,
    grade_names: list[str] | tuple[str, ...],
    quotas: dict[str, float],
    rounding: str = "floor",
    bottom: float = 0.0,
    groups: np.ndarray | None = None,
) -> DistributionOutcome:
    """Apply the quota and bottom rules per scope group.

    ``absolute`` holds grade indices (0 = best). Returns final grade indices,
    the ``tie_at_quota`` and ``observation`` flags, a calibration table (per
    group and grade: quota, allowed, absolute and final counts) and one event
    row per demotion or flag, with the reason in words.

    Example:
        >>> import numpy as np
        >>> out = forced_distribution(np.array([130.0, 125.0, 90.0]), np.array([0, 0, 2]),
        ...                           ["A", "B", "C"], {"A": 50}, "floor")
        >>> out.grade.tolist()
        [0, 1, 2]
    """
    s = round6(scores)
    n_all = len(s)
    g, labels = group_codes(groups, n_all)
    sizes = np.bincount(g, minlength=len(labels))
    cur = np.asarray(absolute, dtype=np.int64).copy()
    tie = np.zeros(n_all, dtype=bool)
    obs = np.zeros(n_all, dtype=bool)
    order = np.lexsort((-s, g))
    events: list[pd.DataFrame] = []
    allowed_table: dict[int, np.ndarray] = {}

    for gi, grade in enumerate(grade_names):
        pct = quotas.get(grade)
        if pct is None or gi == len(grade_names) - 1:
            continue
        allowed = np.array([quota_count(pct, int(n), rounding) for n in sizes], dtype=np.int64)
        allowed_table[gi] = allowed
        cand = order[cur[order] == gi]
        if len(cand) == 0:
            continue
        gs = g[cand]
        first = np.ones(len(cand), dtype=bool)
        first[1:] = gs[1:] != gs[:-1]
        start = np.maximum.accumulate(np.where(first, np.arange(len(cand)), 0))
        pos = np.arange(len(cand)) - start
        allow_c = allowed[gs]
        demote = pos >= allow_c
        # a quota boundary never splits a tie
        sc = s[cand]
        last_kept = pos == allow_c - 1
        first_out = pos == allow_c
        boundary = np.full(len(labels), np.nan)
        kept_score = np.full(len(labels), np.nan)
        kept_score[gs[last_kept]] = sc[last_kept]
        out_score = np.full(len(labels), np.nan)
        out_score[gs[first_out]] = sc[first_out]
        tied_groups = kept_score == out_score
        boundary[tied_groups] = kept_score[tied_groups]
        tied = sc == boundary[gs]
        demote |= tied
        moved = cand[demote]
        cur[moved] = gi + 1
        tie[cand[tied]] = True
        if len(moved):
            nxt = grade_names[gi + 1]
            tied_m = tied[demote]
            n_grp = sizes[g[moved]]
            reason_en = np.where(
                tied_m,
                f"tied at the {grade} quota boundary ({pct:g}%): the whole tied block moves to {nxt}",
                f"{grade} quota {pct:g}% of the group is full: demoted to {nxt}",
            )
            reason_zh = np.where(
                tied_m,
                f"在{grade}等级比例({pct:g}%)边界并列：并列者整体调整为{nxt}",
                f"{grade}等级比例({pct:g}%)已满：调整为{nxt}",
            )
            events.append(
                pd.DataFrame(
                    {
                        "position": moved,
                        "group": labels[g[moved]],
                        "kind": np.where(tied_m, TIE_AT_QUOTA, "demoted"),
                        "from_grade": grade,
                        "to_grade": nxt,
                        "allowed": allowed[g[moved]],
                        "group_size": n_grp,
                        "reason_en": reason_en,
                        "reason_zh": reason_zh,
                    }
                )
            )

    if bottom:
        k = np.array([quota_count(bottom, int(n), rounding) for n in sizes], dtype=np.int64)
        asc = np.lexsort((s, g))
        ga = g[asc]
        first = np.ones(n_all, dtype=bool)
        first[1:] = ga[1:] != ga[:-1]
        start = np.maximum.accumulate(np.where(first, np.arange(n_all), 0))
        pos = np.arange(n_all) - start
        ka = k[ga]
        sa = s[asc]
        inside = pos < ka
        last_in = pos == ka - 1
        first_out = pos == ka
        in_score = np.full(len(labels), np.nan)
        in_score[ga[last_in & (ka > 0)]] = sa[last_in & (ka > 0)]
        out_score = np.full(len(labels), np.nan)
        out_score[ga[first_out]] = sa[first_out]
        boundary = np.where(in_score == out_score, in_score, np.nan)
        tied = sa == boundary[ga]
        obs[asc[inside & ~tied]] = True
        tie[asc[tied]] = True
        flagged = np.concatenate([asc[inside & ~tied], asc[tied]])
        if len(flagged):
            is_tie = np.concatenate([np.zeros((inside & ~tied).sum(), bool), np.ones(tied.sum(), bool)])
            events.append(
                pd.DataFrame(
                    {
                        "position": flagged,
                        "group": labels[g[flagged]],
                        "kind": np.where(is_tie, TIE_AT_QUOTA, OBSERVATION),
                        "from_grade": np.asarray(grade_names, dtype=object)[cur[flagged]],
                        "to_grade": np.asarray(grade_names, dtype=object)[cur[flagged]],
                        "allowed": k[g[flagged]],
                        "group_size": sizes[g[flagged]],
                        "reason_en": np.where(
                            is_tie,
                            f"tied at the bottom {bottom:g}% boundary: left out of observation",
                            f"in the bottom {bottom:g}% of the group: observation period",
                        ),
                        "reason_zh": np.where(
                            is_tie,
                            f"在末位{bottom:g}%边界并列：不列入观察期",
                            f"位于末位{bottom:g}%：进入观察期",
                        ),
                    }
                )
            )

    calibration = _calibration(g, labels, sizes, np.asarray(absolute), cur, grade_names, quotas, allowed_table)
    cols = ["position", "group", "kind", "from_grade", "to_grade", "allowed", "group_size", "reason_en", "reason_zh"]
    ev = pd.concat(events, ignore_index=True) if events else pd.DataFrame({c: [] for c in cols})
    return DistributionOutcome(cur, tie, obs, calibration, ev)


def _calibration(g, labels, sizes, absolute, final, grade_names, quotas, allowed_table) -> pd.DataFrame:
    n_groups, n_grades = len(labels), len(grade_names)
    abs_counts = np.bincount(g * n_grades + absolute, minlength=n_groups * n_grades).reshape(n_groups, n_grades)
    fin_counts = np.bincount(g * n_grades + final, minlength=n_groups * n_grades).reshape(n_groups, n_grades)
    rows = []
    for k, label in enumerate(labels):
        for gi, grade in enumerate(grade_names):
            pct = quotas.get(grade)
            allowed = allowed_table.get(gi)
            rows.append(
                {
                    "group": label,
                    "group_size": int(sizes[k]),
                    "grade": grade,
                    "quota_percent": float(pct) if pct is not None else None,
                    "allowed": int(allowed[k]) if allowed is not None else None,
                    "absolute_count": int(abs_counts[k, gi]),
                    "final_count": int(fin_counts[k, gi]),
                }
            )
    return pd.DataFrame(rows)
