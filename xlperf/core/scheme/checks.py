"""The semantic checks of a scheme, one function per part (called by :mod:`.validation`).

Example:
    >>> print(file_name_problem("sales/../x"))
    path separators or '..'
    >>> file_name_problem("sales-2026q1") is None
    True
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from xlperf.core.contract import METHOD_NAMES, METHODS, needs_positive_target
from xlperf.core.scheme.problems import Checker, method_param_problems
from xlperf.core.suggest import closest

if TYPE_CHECKING:
    from xlperf.core.scheme.model import Scheme
    from xlperf.core.scheme.records import Indicator

_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?$", re.IGNORECASE)
_FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
MAX_ID_LENGTH = 64


def file_name_problem(value: str) -> str | None:
    """Why an id cannot be part of a file name, or None when it can."""
    if "/" in value or "\\" in value or ".." in value:
        return "path separators or '..'"
    if _FORBIDDEN.search(value):
        return 'characters <>:"|?* or control characters'
    if _RESERVED.match(value):
        return "a name Windows reserves"
    if value != value.strip(" .") or not value:
        return "leading or trailing spaces or dots"
    if len(value) > MAX_ID_LENGTH:
        return f"longer than {MAX_ID_LENGTH} characters"
    return None


def check_identity(c: Checker, s: Scheme) -> None:
    info = getattr(s, "scheme", None)
    if info is not None:
        reason = file_name_problem(info.id)
        if reason:
            c.add("scheme.id", "SCHEME_ID_NOT_FILENAME", value=info.id, reason=reason)


def check_competency(c: Checker, s: Scheme) -> None:
    section_ids = [x.id for x in s.sections]
    if s.competency_section not in section_ids and "competency_section" in s.model_fields_set:
        c.add(
            "competency_section",
            "SCHEME_UNKNOWN_SECTION",
            value=s.competency_section,
            choices=", ".join(section_ids),
            candidate=closest(s.competency_section, section_ids),
        )
    comp = s.competency
    if comp is not None and comp.weight > 0:
        if not s.competencies:
            c.add(
                "competencies",
                "SCHEME_COMPETENCY_WITHOUT_DIMENSIONS",
                section=comp.id,
                weight=f"{comp.weight:g}",
            )
        if not s.raters:
            c.add("raters", "SCHEME_NO_RATERS")
    c.weights("competencies", [x.weight for x in s.competencies])
    for name, w in s.raters.items():
        if w <= 0:
            c.add(f"raters.{name}", "SCHEME_RATER_WEIGHT", value=f"{w:g}")


def check_scale(c: Checker, s: Scheme) -> None:
    scale = s.rating_scale
    if scale.min >= scale.max:
        c.add("rating_scale", "SCHEME_SCALE_ORDER", min=f"{scale.min:g}", max=f"{scale.max:g}")
    for k in scale.map or {}:
        if not scale.min <= k <= scale.max:
            c.add(
                f"rating_scale.map.{k:g}",
                "SCHEME_MAP_OFF_SCALE",
                min=f"{scale.min:g}",
                max=f"{scale.max:g}",
                value=f"{k:g}",
            )
    if s.defaults.floor > s.defaults.cap:
        c.add(
            "defaults",
            "SCHEME_FLOOR_ABOVE_CAP",
            floor=f"{s.defaults.floor:g}",
            cap=f"{s.defaults.cap:g}",
        )


def check_indicators(c: Checker, s: Scheme) -> dict[str, Indicator]:
    """Method, parameters, section, clamp and target of each indicator; returns the good ones."""
    good: dict[str, Indicator] = {}
    section_ids = [x.id for x in s.sections]
    for idx, ind in enumerate(s.indicators):
        path = f"indicators[{idx}]"
        if ind.method not in METHODS:
            c.add(
                f"{path}.method",
                "SCHEME_UNKNOWN_METHOD",
                value=ind.method,
                choices=", ".join(METHOD_NAMES),
                candidate=closest(ind.method, METHOD_NAMES),
            )
            continue
        if ind.section is not None and ind.section not in section_ids:
            c.add(
                f"{path}.section",
                "SCHEME_UNKNOWN_SECTION",
                value=ind.section,
                choices=", ".join(section_ids),
                candidate=closest(ind.section, section_ids),
            )
        elif section_ids and (ind.section or section_ids[0]) == s.competency_section:
            c.add(
                f"{path}.section",
                "SCHEME_KPI_IN_COMPETENCY",
                code=ind.code,
                section=s.competency_section,
            )
        if not method_param_problems(c, path, ind):
            continue
        rule = s.rule(ind.code)
        if rule.floor > rule.cap:
            c.add(path, "SCHEME_FLOOR_ABOVE_CAP", floor=f"{rule.floor:g}", cap=f"{rule.cap:g}")
        for suffix, code, params in METHODS[ind.method].checks(rule):
            c.add(f"{path}.{suffix}", code, **params)
        if ind.method == "rating":
            scale = s.rating_scale
            for k in ind.method_keys.get("map") or {}:
                if not scale.min <= float(k) <= scale.max:
                    c.add(
                        f"{path}.map.{k}",
                        "SCHEME_MAP_OFF_SCALE",
                        min=f"{scale.min:g}",
                        max=f"{scale.max:g}",
                        value=k,
                    )
        if ind.target is not None and needs_positive_target(rule) and ind.target <= 0:
            c.add(
                f"{path}.target",
                "SCHEME_TARGET_NOT_POSITIVE",
                method=ind.method,
                value=f"{ind.target:g}",
            )
        good[ind.code] = ind
    return good


def check_roles(
    c: Checker, s: Scheme, good: dict[str, Indicator], known: set[str], partial: bool
) -> None:
    first_section = s.sections[0].id if s.sections else None
    for r_idx, role in enumerate(s.roles):
        sums: dict[str, list[float]] = {}
        seen: set[str] = set()
        for i_idx, ri in enumerate(role.indicators):
            path = f"roles[{r_idx}].indicators[{i_idx}]"
            if ri.code in seen:
                c.add(f"{path}.code", "SCHEME_DUPLICATE_ROLE_INDICATOR", code=ri.code, role=role.id)
            seen.add(ri.code)
            ind = good.get(ri.code)
            if ind is None:
                if ri.code not in known:
                    c.add(
                        f"{path}.code",
                        "SCHEME_UNKNOWN_INDICATOR",
                        value=ri.code,
                        candidate=closest(ri.code, sorted(known)),
                    )
                continue
            sums.setdefault(ind.section or first_section, []).append(float(ri.weight))
            target = ri.target if ri.target is not None else ind.target
            if target is not None and needs_positive_target(s.rule(ri.code)) and target <= 0:
                c.add(
                    f"{path}.target",
                    "SCHEME_TARGET_NOT_POSITIVE",
                    method=ind.method,
                    value=f"{target:g}",
                )
        _role_sums(c, s, r_idx, role, sums, good, partial)


def _role_sums(c: Checker, s: Scheme, r_idx: int, role, sums, good, partial: bool) -> None:
    from xlperf.core.contract.aggregation import weight_total, weights_sum_to_100

    path = f"roles[{r_idx}].indicators"
    for sec, weights in sums.items():
        if not weights_sum_to_100(weights):
            total = f"{weight_total(weights).normalize():f}"
            c.add(path, "SCHEME_ROLE_SECTION_WEIGHTS", section=sec, role=role.id, total=total)
    limit, setting = s.max_indicators_for(role.id)
    count = sum(1 for ri in role.indicators if ri.code in good)
    if count > limit:
        c.add(path, "SCHEME_TOO_MANY_INDICATORS", limit=limit, setting=setting, count=count)
    for sec in s.kpi_sections:
        if sec.weight > 0 and sec.id not in sums and not partial:
            c.add(
                path,
                "SCHEME_ROLE_SECTION_EMPTY",
                role=role.id,
                section=sec.id,
                weight=f"{sec.weight:g}",
            )


def check_grades(c: Checker, s: Scheme) -> None:
    from xlperf.core.contract.banded import bound_problems, bound_text

    bounds, strict = [g.bound for g in s.grades], [g.strict for g in s.grades]
    for idx, code, params in bound_problems(
        bounds, strict, "SCHEME_GRADES_ORDER", descending_only=True
    ):
        if idx is None:
            params = {
                "got": ", ".join(f"{g.grade}{bound_text(g.bound, g.strict)}" for g in s.grades)
            }
        c.add("grades" if idx is None else f"grades[{idx}]", code, **params)
    names = list(s.grade_names)
    choices = ", ".join(names)
    for g, pct in s.distribution.quotas.items():
        if g not in names:
            c.add(
                f"distribution.quotas.{g}",
                "SCHEME_UNKNOWN_GRADE",
                value=g,
                choices=choices,
                candidate=closest(g, names),
            )
        elif not 0 <= pct <= 100:
            c.add(f"distribution.quotas.{g}", "SCHEME_QUOTA_RANGE", value=f"{pct:g}")
    if names and names[-1] in s.quotas:
        c.add("distribution.quotas", "SCHEME_QUOTA_ON_LAST_GRADE", grade=names[-1])
    for g, f in s.bonus.items():
        if g not in names:
            c.add(
                f"bonus.{g}",
                "SCHEME_UNKNOWN_GRADE",
                value=g,
                choices=choices,
                candidate=closest(g, names),
            )
        elif f < 0:
            c.add(f"bonus.{g}", "SCHEME_BONUS_NEGATIVE", value=f"{f:g}")
    if s.bonus:
        for g in names:
            if g not in s.bonus:
                c.add("bonus", "SCHEME_BONUS_MISSING_GRADE", grade=g)
