"""The :class:`Scheme`: a validated, frozen appraisal scheme and its lookups.

Build it with :func:`xlperf.core.scheme.load_scheme`; the engine never
re-checks it.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> s = load_scheme(shipped_schemes()["digital"])
    >>> s.rule("CONTENT_QUALITY").rating_map[-1], s.resolve_role("SEO专员")
    ((5.0, 120.0), 'seo')
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from pydantic import ConfigDict, Field

from xlperf.core.contract import IndicatorRule
from xlperf.core.history.rules import ImprovementRule, RollupRule, SpotCheckRule, StreakRule
from xlperf.core.pay.rules import PayRules
from xlperf.core.scheme.records import (
    RATER_ALIASES,
    AdjustmentRules,
    Competency,
    Defaults,
    Distribution,
    Grade,
    Indicator,
    Limits,
    Model,
    Points,
    RatingScale,
    Role,
    SchemeInfo,
    Section,
    base_rule,
    indicator_rule,
    norm_word,
    word_index,
)


class Scheme(Model):
    """A validated, frozen appraisal scheme. Build it with :func:`load_scheme`."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        allow_inf_nan=False,
        ignored_types=(cached_property,),
    )

    scheme: SchemeInfo
    rating_scale: RatingScale = RatingScale()
    defaults: Defaults = Defaults()
    sections: tuple[Section, ...] = Field(min_length=1)
    competency_section: str = "competency"
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    roles: tuple[Role, ...] = Field(min_length=1)
    competencies: tuple[Competency, ...] = ()
    raters: dict[str, Points] = Field(default_factory=lambda: {"supervisor": 100.0})
    grades: tuple[Grade, ...] = Field(min_length=1)
    distribution: Distribution = Distribution()
    bonus: dict[str, float] = Field(default_factory=dict)
    limits: Limits = Limits()
    adjustments: AdjustmentRules = AdjustmentRules()
    streaks: tuple[StreakRule, ...] = ()
    improvement: ImprovementRule | None = None
    spot_checks: SpotCheckRule | None = None
    rollup: RollupRule | None = None
    pay: PayRules | None = None

    # -- lookups (derived, cached; the model itself is frozen) -----------------
    @property
    def id(self) -> str:
        return self.scheme.id

    @property
    def version(self) -> int | str:
        return self.scheme.version

    @cached_property
    def indicator_by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}

    @cached_property
    def role_by_id(self) -> dict[str, Role]:
        return {r.id: r for r in self.roles}

    @cached_property
    def section_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    @cached_property
    def competency_by_code(self) -> dict[str, Competency]:
        return {c.code: c for c in self.competencies}

    def section_of(self, code: str) -> str:
        """The section an indicator belongs to (default: the first section)."""
        return self.indicator_by_code[code].section or self.sections[0].id

    @property
    def competency(self) -> Section | None:
        """The competency section, if the scheme has one."""
        return self.section_by_id.get(self.competency_section)

    @property
    def kpi_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.id != self.competency_section)

    @cached_property
    def quotas(self) -> dict[str, float]:
        """Grade → maximum percent, from ``distribution.quotas`` and ``grades[].max``."""
        out = {g.grade: float(g.max) for g in self.grades if g.max is not None}
        out.update({k: float(v) for k, v in self.distribution.quotas.items()})
        return out

    @property
    def grade_names(self) -> tuple[str, ...]:
        return tuple(g.grade for g in self.grades)

    @property
    def grade_steps(self) -> tuple[tuple[str, float, bool], ...]:
        """``(grade, bound, strict)`` best first: ``strict`` for ``above`` (see contract.grading)."""
        return tuple((g.grade, g.bound, g.strict) for g in self.grades)

    def max_indicators_for(self, role_id: str) -> tuple[int, str]:
        """The role's KPI limit and the setting it comes from (``roles[i].max_indicators`` first)."""
        for idx, role in enumerate(self.roles):
            if role.id == role_id and role.max_indicators is not None:
                return role.max_indicators, f"roles[{idx}].max_indicators"
        return self.limits.max_indicators, "limits.max_indicators"

    def rule(self, code: str) -> IndicatorRule:
        """The indicator's scoring rule with scheme defaults applied."""
        return indicator_rule(self.indicator_by_code[code], self.defaults, self.rating_scale)

    @cached_property
    def rating_rule(self) -> IndicatorRule:
        """How a rating turns into points (competencies, and method ``rating`` without its own map)."""
        return base_rule("rating", self.defaults, self.rating_scale)

    def method_rule(self, method: str) -> IndicatorRule:
        """A bare method's rule under this scheme: its clamp and rating scale (map included)."""
        return base_rule(method, self.defaults, self.rating_scale)

    def default_target(self, role_id: str, code: str) -> float | None:
        """Target from the role, else from the indicator, else None."""
        for ri in self.role_by_id[role_id].indicators:
            if ri.code == code and ri.target is not None:
                return float(ri.target)
        ind = self.indicator_by_code.get(code)
        return float(ind.target) if ind is not None and ind.target is not None else None

    # -- resolving what users type ------------------------------------------------
    @cached_property
    def _words(self) -> dict[str, dict[str, str]]:
        return {
            "indicator": word_index((i.code, (i.code, i.name, i.name_en)) for i in self.indicators),
            "role": word_index((r.id, (r.id, r.name, r.name_en)) for r in self.roles),
            "dimension": word_index(
                (c.code, (c.code, c.name, c.name_en)) for c in self.competencies
            ),
            "rater": word_index((r, (r, *RATER_ALIASES.get(r, ()))) for r in self.raters),
        }

    def resolve_indicator(self, text: str) -> str | None:
        return self._words["indicator"].get(norm_word(text))

    def resolve_role(self, text: str) -> str | None:
        return self._words["role"].get(norm_word(text))

    def resolve_dimension(self, text: str) -> str | None:
        return self._words["dimension"].get(norm_word(text))

    def resolve_rater(self, text: str) -> str | None:
        return self._words["rater"].get(norm_word(text))

    def word_maps(self) -> dict[str, dict[str, str]]:
        """Lower-cased words → canonical code, for vectorised resolving."""
        return dict(self._words)

    def display_name(self, obj: Any, lang: str) -> str:
        """``name_en`` (or ``label_en``) in English when given, else the name."""
        if lang == "en":
            for attr in ("name_en", "label_en"):
                value = getattr(obj, attr, None)
                if value:
                    return value
        for attr in ("name", "label"):
            value = getattr(obj, attr, None)
            if value:
                return value
        return str(getattr(obj, "grade", getattr(obj, "code", "")))

    @cached_property
    def fingerprint(self) -> str:
        """A stable hash of the scheme's content (not of its file's formatting)."""
        from xlperf.core.scheme.fingerprint import scheme_fingerprint

        return scheme_fingerprint(self)
