"""The words of a personal report (个人绩效看板), Chinese and English.

HR concepts come from the glossary (:mod:`xlperf.messages.glossary`); this module adds only
the report's own words and the sentences that explain each flag.

Example:
    >>> label("title", "zh"), label("title", "en")
    ('个人绩效看板', 'Personal performance report')
    >>> flag_words("tie_at_quota;observation", "zh")[1]
    '观察期：处于本组末位比例，进入观察期并制定改进计划'
"""

from __future__ import annotations

from xlperf.messages.glossary import TERMS, term

_OWN: dict[str, tuple[str, str]] = {
    "title": ("个人绩效看板", "Personal performance report"),
    "scheme": ("考核方案", "Scheme"),
    "result": ("考核结果", "Result"),
    "sections": ("分项得分", "Section scores"),
    "section": ("分项", "Section"),
    "score": ("得分", "Score"),
    "indicators": ("指标明细", "Indicators"),
    "chart": ("指标得分（100 = 达标）", "Indicator scores (100 = on target)"),
    "line_100": ("达标线 100", "On target (100)"),
    "pay": ("薪酬明细", "Pay"),
    "trend": ("近期考核期", "Recent periods"),
    "no_flags": ("无", "none"),
    "of": ("{rank} / {n}", "{rank} of {n}"),
    "item": ("项目", "Item"),
    "how": ("计算", "How it is worked out"),
    "amount": ("金额", "Amount"),
    "grade_factor": ("等级系数", "grade factor"),
    "capped": ("已按上限封顶", "capped at the limit"),
    "tier": ("档位", "tier"),
    "times": ("倍", "×"),
    "no_commission": ("不适用", "not applicable"),
    "pool_weight": ("分配权重", "share weight"),
    "chart_data": ("图表数据（不打印）", "Chart data (not printed)"),
    "generated": ("生成时间", "Generated"),
}

_PERIOD_KINDS = {
    "monthly": ("月度", "monthly"),
    "quarterly": ("季度", "quarterly"),
    "half-yearly": ("半年度", "half-yearly"),
    "annual": ("年度", "annual"),
}

#: what each flag xlperf sets means, in words HR can read out to the employee
_FLAG_MEANING: dict[str, tuple[str, str]] = {
    "observation": (
        "处于本组末位比例，进入观察期并制定改进计划",
        "in the bottom share of the group: an observation period with an improvement plan",
    ),
    "tie_at_quota": (
        "得分与比例边界上的同事并列，未作按比例调整",
        "tied with a colleague at a quota boundary: not moved by the quota",
    ),
    "quota_exceeded_by_tie": (
        "因并列，该等级人数超出比例",
        "a tie put more people in this grade than its quota",
    ),
    "excluded": ("不参与强制比例分布", "not counted in the forced distribution"),
    "talent_pool": (
        "连续多期表现突出，列入后备干部",
        "top grade several periods in a row: talent pool",
    ),
    "reassign_review": (
        "连续多期未达标，需进行调岗或淘汰评估",
        "below standard several periods in a row: reassignment review",
    ),
    "repeat_observation": ("连续多期处于观察期", "on observation several periods in a row"),
}


def label(key: str, lang: str) -> str:
    """A report word (a heading: capitalised in English): the report's own, else the glossary's.

    Example:
        >>> label("final_score", "en"), label("final_score", "zh")
        ('Final score', '综合得分')
    """
    zh, en = _OWN[key] if key in _OWN else TERMS[key]
    return en[:1].upper() + en[1:] if lang == "en" else zh


def period_kind(kind: str, lang: str) -> str:
    """The scheme's period kind in words (``quarterly`` → 季度)."""
    zh, en = _PERIOD_KINDS.get(kind, (kind, kind))
    return en if lang == "en" else zh


def flag_words(flags: object, lang: str) -> list[str]:
    """Each flag of a ``;``-joined flags cell as "name: what it means" (never the internal code).

    A flag a scheme's streak rule names but the glossary does not know is shown as the
    scheme spells it.

    Example:
        >>> flag_words("observation", "en")
        ['observation: in the bottom share of the group: an observation period with an improvement plan']
        >>> flag_words("", "zh"), flag_words(None, "zh")
        ([], [])
    """
    if not isinstance(flags, str) or not flags.strip():
        return []
    out = []
    for code in (f.strip() for f in flags.split(";")):
        if not code:
            continue
        name = term(code, lang) if code in TERMS else code
        meaning = _FLAG_MEANING.get(code)
        sep = "：" if lang != "en" else ": "
        out.append(f"{name}{sep}{meaning[1 if lang == 'en' else 0]}" if meaning else name)
    return out
