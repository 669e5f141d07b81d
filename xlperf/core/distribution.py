"""Ranking and forced distribution (强制比例分布), vectorised with numpy.

Scores are compared rounded to 6 decimals (:func:`~xlperf.core.numeric.round6`).
Ranks are competition ranks like Excel's ``RANK.EQ``: ties share a rank and
the next rank skips. Quotas are applied from the best grade down, to the
counted members of each group (people excluded from the quotas keep their
grade and are not in n). A tied block at a quota boundary follows the tie
rule: ``demote`` (default) moves the whole block down, ``keep`` lets the
whole block keep the grade beyond the quota, ``break`` orders the block by
the tie-break order and cuts exactly at the quota.

Example:
    >>> import numpy as np
    >>> from xlperf.core.contract.grading import competition_rank
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
QUOTA_EXCEEDED_BY_TIE = "quota_exceeded_by_tie"
TIE_BROKEN = "tie_broken"
TIE_RULES = ("demote", "keep", "break")
EVENT_COLUMNS = [
    "position", "group", "kind", "from_grade", "to_grade", "allowed", "group_size", "reason_en", "reason_zh",
]  # fmt: skip

__all__ = ["absolute_grades", "forced_distribution", "DistributionOutcome"]


def absolute_grades(
    scores: np.ndarray, mins: np.ndarray, strict: np.ndarray | None = None
) -> np.ndarray:
    """The absolute grade index of each score (see :func:`xlperf.core.contract.grading.grade_index`)."""
    return grade_index(scores, mins, strict)


@dataclass(frozen=True)
class DistributionOutcome:
    """Final grades (indices), flags and the calibration trail."""

    grade: np.ndarray
    tie_at_quota: np.ndarray
    observation: np.ndarray
    calibration: pd.DataFrame
    events: pd.DataFrame
    quota_exceeded_by_tie: np.ndarray | None = None


@dataclass
class _State:
    """What the quota pass works on: keys, groups, counted members, current grades, flags."""

    s: np.ndarray
    g: np.ndarray
    labels: np.ndarray
    sizes: np.ndarray
    order: np.ndarray
    cur: np.ndarray
    tie: np.ndarray
    exceeded: np.ndarray
    events: list[pd.DataFrame]


def _start(scores, absolute, groups, counted: np.ndarray, tie_order) -> _State:
    """Rounded keys, group codes, counted sizes and the rank order (ties by ``tie_order``)."""
    s = round6(scores)
    g, labels = group_codes(groups, len(s))
    second = np.zeros(len(s)) if tie_order is None else np.asarray(tie_order)
    order = np.lexsort((second, -s, g))
    return _State(
        s, g, labels, np.bincount(g[counted], minlength=len(labels)), order[counted[order]],
        np.asarray(absolute, dtype=np.int64).copy(), np.zeros(len(s), dtype=bool),
        np.zeros(len(s), dtype=bool), [],
    )  # fmt: skip


def forced_distribution(
    scores: np.ndarray,
    absolute: np.ndarray,
    grade_names: list[str] | tuple[str, ...],
    quotas: dict[str, float],
    rounding: str = "floor",
    bottom: float = 0.0,
    groups: np.ndarray | None = None,
    *,
    counted: np.ndarray | None = None,
    ties: str = "demote",
    tie_order: np.ndarray | None = None,
) -> DistributionOutcome:
    """Apply the quota and bottom rules per scope group.

    ``absolute`` holds grade indices (0 = best). ``counted`` marks who the
    quotas and the bottom rule apply to (default everyone); the others keep
    their absolute grade and are not in n. ``ties`` is the tie rule and
    ``tie_order`` each employee's place in the tie-break order (used by
    ``break``). Returns final grade indices, the ``tie_at_quota``,
    ``quota_exceeded_by_tie`` and ``observation`` flags, a calibration table
    (per group and grade: quota, allowed, absolute and final counts of the
    counted members) and one event row per demotion or flag, with the reason
    in words.

    Example:
        >>> import numpy as np
        >>> out = forced_distribution(np.array([130.0, 125.0, 90.0]), np.array([0, 0, 2]),
        ...                           ["A", "B", "C"], {"A": 50}, "floor")
        >>> out.grade.tolist()
        [0, 1, 2]
    """
    if ties not in TIE_RULES:
        raise ValueError(f"ties must be one of {TIE_RULES}, got {ties!r}")
    n_all = len(scores)
    counted = np.ones(n_all, dtype=bool) if counted is None else np.asarray(counted, dtype=bool)
    st = _start(scores, absolute, groups, counted, tie_order)
    allowed_table: dict[int, np.ndarray] = {}
    for gi, grade in enumerate(grade_names[:-1]):
        pct = quotas.get(grade)
        if pct is not None:
            allowed = np.array(
                [quota_count(pct, int(n), rounding) for n in st.sizes], dtype=np.int64
            )
            allowed_table[gi] = allowed
            _apply_quota(st, gi, grade_names, float(pct), allowed, ties)
    obs = _flag_bottom(st, counted, float(bottom), rounding, grade_names)
    calibration = _calibration(
        st, counted, np.asarray(absolute), grade_names, quotas, allowed_table
    )
    ev = (
        pd.concat(st.events, ignore_index=True)
        if st.events
        else pd.DataFrame({c: [] for c in EVENT_COLUMNS})
    )
    return DistributionOutcome(st.cur, st.tie, obs, calibration, ev, st.exceeded)


def _boundary_block(
    st: _State, cand: np.ndarray, pos: np.ndarray, allow_c: np.ndarray
) -> np.ndarray:
    """Candidates in a tied block that straddles their group's quota boundary."""
    gs, sc = st.g[cand], st.s[cand]
    n_groups = len(st.labels)
    kept_score = np.full(n_groups, np.nan)
    out_score = np.full(n_groups, np.nan)
    last_kept, first_out = pos == allow_c - 1, pos == allow_c
    kept_score[gs[last_kept]] = sc[last_kept]
    out_score[gs[first_out]] = sc[first_out]
    boundary = np.where(kept_score == out_score, kept_score, np.nan)
    return sc == boundary[gs]


def _apply_quota(
    st: _State, gi: int, grade_names, pct: float, allowed: np.ndarray, ties: str
) -> None:
    cand = st.order[st.cur[st.order] == gi]
    if len(cand) == 0:
        return
    gs = st.g[cand]
    first = np.ones(len(cand), dtype=bool)
    first[1:] = gs[1:] != gs[:-1]
    start = np.maximum.accumulate(np.where(first, np.arange(len(cand)), 0))
    pos = np.arange(len(cand)) - start
    allow_c = allowed[gs]
    tied = _boundary_block(st, cand, pos, allow_c)
    over = pos >= allow_c
    if ties == "demote":
        demote = over | tied
    elif ties == "keep":
        demote = over & ~tied
        st.exceeded[cand[tied]] = True
        kept = grade_names[gi]
        _events(st, cand[tied], kept, kept, QUOTA_EXCEEDED_BY_TIE, allowed, _kept_reason(kept, pct))
    else:
        demote = over
    st.tie[cand[tied]] = True
    moved = cand[demote]
    st.cur[moved] = gi + 1
    if len(moved):
        kinds = np.where(tied[demote], TIE_BROKEN if ties == "break" else TIE_AT_QUOTA, "demoted")
        reason = _demote_reason(grade_names, gi, pct, kinds)
        _events(st, moved, grade_names[gi], grade_names[gi + 1], kinds, allowed, reason)


def _kept_reason(grade: str, pct: float) -> tuple[str, str]:
    return (
        f"tied at the {grade} quota boundary ({pct:g}%): the whole tied block keeps {grade} (ties: keep)",
        f"在{grade}等级比例({pct:g}%)边界并列：按规则并列者全部保留{grade}（超出比例）",
    )


def _demote_reason(
    grade_names, gi: int, pct: float, kinds: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    grade, nxt = grade_names[gi], grade_names[gi + 1]
    en = {
        TIE_AT_QUOTA: f"tied at the {grade} quota boundary ({pct:g}%): the whole tied block moves to {nxt}",
        TIE_BROKEN: f"tied at the {grade} quota boundary ({pct:g}%): after the tie-break order, moved to {nxt}",
        "demoted": f"{grade} quota {pct:g}% of the group is full: demoted to {nxt}",
    }
    zh = {
        TIE_AT_QUOTA: f"在{grade}等级比例({pct:g}%)边界并列：并列者整体调整为{nxt}",
        TIE_BROKEN: f"在{grade}等级比例({pct:g}%)边界并列：按并列排序规则调整为{nxt}",
        "demoted": f"{grade}等级比例({pct:g}%)已满：调整为{nxt}",
    }
    return np.array([en[k] for k in kinds], dtype=object), np.array(
        [zh[k] for k in kinds], dtype=object
    )


def _events(
    st: _State, who: np.ndarray, frm: str, to: str, kind, allowed: np.ndarray, reason
) -> None:
    if not len(who):
        return
    st.events.append(
        pd.DataFrame(
            {
                "position": who,
                "group": st.labels[st.g[who]],
                "kind": kind,
                "from_grade": frm,
                "to_grade": to,
                "allowed": allowed[st.g[who]],
                "group_size": st.sizes[st.g[who]],
                "reason_en": reason[0],
                "reason_zh": reason[1],
            }
        )
    )


def _flag_bottom(
    st: _State, counted: np.ndarray, bottom: float, rounding: str, grade_names
) -> np.ndarray:
    """The lowest rounding(bottom% × n) counted members get ``observation``; a boundary tie is left out."""
    obs = np.zeros(len(st.s), dtype=bool)
    if not bottom:
        return obs
    k = np.array([quota_count(bottom, int(n), rounding) for n in st.sizes], dtype=np.int64)
    asc = np.lexsort((st.s, st.g))
    asc = asc[counted[asc]]
    ga, sa = st.g[asc], st.s[asc]
    first = np.ones(len(asc), dtype=bool)
    first[1:] = ga[1:] != ga[:-1]
    pos = np.arange(len(asc)) - np.maximum.accumulate(np.where(first, np.arange(len(asc)), 0))
    ka = k[ga]
    inside = pos < ka
    in_score = np.full(len(st.labels), np.nan)
    out_score = np.full(len(st.labels), np.nan)
    last_in, first_out = (pos == ka - 1) & (ka > 0), pos == ka
    in_score[ga[last_in]] = sa[last_in]
    out_score[ga[first_out]] = sa[first_out]
    tied = sa == np.where(in_score == out_score, in_score, np.nan)[ga]
    obs[asc[inside & ~tied]] = True
    st.tie[asc[tied]] = True
    for who, kind, en, zh in (
        (asc[inside & ~tied], OBSERVATION, f"in the bottom {bottom:g}% of the group: observation period",
         f"位于末位{bottom:g}%：进入观察期"),
        (asc[tied], TIE_AT_QUOTA, f"tied at the bottom {bottom:g}% boundary: left out of observation",
         f"在末位{bottom:g}%边界并列：不列入观察期"),
    ):  # fmt: skip
        grades = np.asarray(grade_names, dtype=object)[st.cur[who]]
        if len(who):
            st.events.append(pd.DataFrame({
                "position": who, "group": st.labels[st.g[who]], "kind": kind, "from_grade": grades,
                "to_grade": grades, "allowed": k[st.g[who]], "group_size": st.sizes[st.g[who]],
                "reason_en": en, "reason_zh": zh,
            }))  # fmt: skip
    return obs


def _calibration(st: _State, counted, absolute, grade_names, quotas, allowed_table) -> pd.DataFrame:
    n_groups, n_grades = len(st.labels), len(grade_names)
    g = st.g[counted]

    def counts(grades: np.ndarray) -> np.ndarray:
        flat = np.bincount(g * n_grades + grades[counted], minlength=n_groups * n_grades)
        return flat.reshape(n_groups, n_grades)

    abs_counts, fin_counts = counts(absolute), counts(st.cur)
    rows = []
    for k, label in enumerate(st.labels):
        for gi, grade in enumerate(grade_names):
            pct = quotas.get(grade)
            allowed = allowed_table.get(gi)
            rows.append(
                {
                    "group": label,
                    "group_size": int(st.sizes[k]),
                    "grade": grade,
                    "quota_percent": float(pct) if pct is not None else None,
                    "allowed": int(allowed[k]) if allowed is not None else None,
                    "absolute_count": int(abs_counts[k, gi]),
                    "final_count": int(fin_counts[k, gi]),
                }
            )
    return pd.DataFrame(rows)
