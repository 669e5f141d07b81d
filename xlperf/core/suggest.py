"""'Did you mean …?' hints for unknown names.

Example:
    >>> did_you_mean("SALES_RV", ["SALES_REV", "CSAT"])
    "did you mean 'SALES_REV'?"
    >>> did_you_mean("zzz", ["SALES_REV"]) is None
    True
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    options = [str(c) for c in choices]
    lowered = {o.lower(): o for o in options}
    if str(word).lower() in lowered:
        return lowered[str(word).lower()]
    hits = difflib.get_close_matches(str(word).lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[hits[0]] if hits else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    hit = closest(word, choices)
    return f"did you mean '{hit}'?" if hit is not None else None


def did_you_mean_zh(word: str, choices: Iterable[str]) -> str | None:
    hit = closest(word, choices)
    return f"是否应为 '{hit}'？" if hit is not None else None
