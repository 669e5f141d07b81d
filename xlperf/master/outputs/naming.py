"""Codes shown by their names: roles, indicators, sections, methods, flags and grade labels.

In a Chinese sheet HR sees the scheme's Chinese names, never a code such as
``sales_rep``; in English the codes stay (scripts read them), except where a
column only exists for people to read.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> role_names(s, "zh")["sales_rep"], indicator_names(s, "zh")["SALES_REV"]
    ('销售专员', '销售额达成率')
    >>> flag_words("observation;talent_pool", "zh"), flag_words("", "zh")
    ('观察期、后备干部', '')
"""

from __future__ import annotations

import pandas as pd

from xlperf.core.contract import METHODS
from xlperf.core.scheme import Scheme
from xlperf.messages.glossary import TERMS, term

#: how flags are joined in a sheet, per language
FLAG_JOIN = {"zh": "、", "en": "; "}


def role_names(scheme: Scheme, lang: str) -> dict[str, str]:
    """Role id → its name in ``lang``."""
    return {r.id: scheme.display_name(r, lang) for r in scheme.roles}


def indicator_names(scheme: Scheme, lang: str) -> dict[str, str]:
    """Indicator and competency code → its name in ``lang``."""
    out = {i.code: scheme.display_name(i, lang) for i in scheme.indicators}
    out.update({c.code: scheme.display_name(c, lang) for c in scheme.competencies})
    return out


def section_names(scheme: Scheme, lang: str) -> dict[str, str]:
    """Section id → its name in ``lang``."""
    return {s.id: scheme.display_name(s, lang) for s in scheme.sections}


def grade_labels(scheme: Scheme, lang: str) -> dict[str, str]:
    """Grade → its label in ``lang`` (``A`` → 表现突出)."""
    return {g.grade: scheme.display_name(g, lang) for g in scheme.grades}


def method_names(lang: str) -> dict[str, str]:
    """Method name → its label in ``lang`` (``ratio`` → the method's Chinese label)."""
    return {n: (m.label_zh if lang == "zh" else m.label_en) for n, m in METHODS.items()}


def flag_words(flags: object, lang: str) -> str:
    """``observation;talent_pool`` → the glossary's words, joined for ``lang``."""
    if not isinstance(flags, str) or not flags:
        return ""
    words = [term(f, lang) if f in TERMS else f for f in flags.split(";") if f]
    return FLAG_JOIN["zh" if lang == "zh" else "en"].join(words)


def mapped(series: pd.Series, names: dict[str, str]) -> pd.Series:
    """``series`` with each code replaced by its name (other values kept), on distinct values."""
    if series.empty:
        return series
    codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    shown = [names.get(u, u) if isinstance(u, str) else u for u in uniques]
    out = pd.Series(pd.array(shown, dtype=object)[codes] if len(shown) else [], index=series.index)
    return out.where(codes >= 0, None)


__all__ = [
    "flag_words",
    "grade_labels",
    "indicator_names",
    "mapped",
    "method_names",
    "role_names",
    "section_names",
]
