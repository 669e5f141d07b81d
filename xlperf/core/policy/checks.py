"""Scheme checks of the calibration policy (called once from scheme validation).

Example:
    >>> from xlperf.core.scheme import parse_scheme, shipped_schemes
    >>> from xlperf.core.scheme_yaml import load_yaml
    >>> raw = load_yaml(shipped_schemes()["sales"].read_text(encoding="utf-8"), "sales.yaml")
    >>> raw["distribution"]["tie_break"] = ["score_kpi", "emplyee_id"]
    >>> try:
    ...     parse_scheme(raw)
    ... except Exception as exc:
    ...     print([p.where.path for p in exc.problems])
    ['distribution.tie_break[1]', 'distribution.tie_break']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlperf.core.policy.rules import UNIQUE_KEY, tie_break_keys
from xlperf.core.suggest import closest

if TYPE_CHECKING:
    from xlperf.core.scheme.model import Scheme
    from xlperf.core.scheme.problems import Checker


def policy_problems(c: Checker, s: Scheme) -> None:
    """Excluded roles must be the scheme's; ``tie_break`` keys must exist and end unique."""
    dist = s.distribution
    role_ids = [r.id for r in s.roles]
    for idx, role in enumerate(dist.exclude.roles):
        if s.roles and s.resolve_role(role) is None:
            c.add(
                f"distribution.exclude.roles[{idx}]",
                "SCHEME_EXCLUDE_UNKNOWN_ROLE",
                value=role,
                choices=", ".join(role_ids),
                candidate=closest(role, role_ids),
            )
    if not dist.tie_break:
        return
    keys = tie_break_keys(x.id for x in s.sections)
    for idx, key in enumerate(dist.tie_break):
        if key not in keys:
            c.add(
                f"distribution.tie_break[{idx}]",
                "SCHEME_TIE_BREAK_UNKNOWN_KEY",
                value=key,
                choices=", ".join(keys),
                candidate=closest(key, keys),
            )
    if dist.tie_break[-1] != UNIQUE_KEY:
        c.add(
            "distribution.tie_break",
            "SCHEME_TIE_BREAK_NOT_UNIQUE",
            last=dist.tie_break[-1],
            key=UNIQUE_KEY,
        )
