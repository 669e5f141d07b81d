"""The parts of a scheme: frozen pydantic records of what HR writes in a scheme YAML.

Structure only; cross-checks live in :mod:`.validation`, reading in
:mod:`.loading`. Method-specific keys of an indicator (``bands``,
``points``, ``map``...) are declared by the method itself (see
:mod:`xlperf.core.contract`) and validated against it.

Example:
    >>> Section(id="kpi", name="业绩", weight="70%").weight
    70.0
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from xlperf.core.contract import METHODS, IndicatorRule
from xlperf.core.contract.banded import Bound
from xlperf.core.policy.rules import Exclude

#: Standard rater groups and the words users type for them.
RATER_ALIASES: dict[str, tuple[str, ...]] = {
    "supervisor": ("上级", "上级评估", "主管", "manager"),
    "peer": ("同事", "同事互评", "团队互评", "互评", "peers"),
    "self": ("自评", "本人", "自我评价"),
    "customer": ("客户", "客户评价", "customers", "client"),
    "subordinate": ("下级", "下属"),
}
RATER_NAMES_ZH = {k: v[0] for k, v in RATER_ALIASES.items()}


def _percent_number(value: Any) -> Any:
    """Accept ``30``, ``"30"`` and ``"30%"`` for a percent-point field (→ 30)."""
    if isinstance(value, str):
        text = value.strip().replace("％", "%")
        try:
            return float(text[:-1]) if text.endswith("%") else float(text)
        except ValueError:
            return value
    return value


def _rate_number(value: Any) -> Any:
    """Accept ``0.1``, ``"0.1"`` and ``"10%"`` for a rate field (→ 0.1)."""
    if isinstance(value, str):
        text = value.strip().replace("％", "%")
        try:
            return float(text[:-1]) / 100 if text.endswith("%") else float(text)
        except ValueError:
            return value
    return value


Points = Annotated[float, BeforeValidator(_percent_number)]
Rate = Annotated[float, BeforeValidator(_rate_number)]


class Model(BaseModel):
    """Base of every scheme record: frozen, no unknown keys, finite numbers."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )


class SchemeInfo(Model):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    name_en: str | None = None
    version: int | str = 1
    period: Literal["monthly", "quarterly", "half-yearly", "annual"] = "quarterly"
    description: str | None = None


class RatingScale(Model):
    min: float = 1
    max: float = 5
    map: dict[float, float] | None = None


class Defaults(Model):
    floor: float = 0
    cap: float = 150


class Section(Model):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    name_en: str | None = None
    weight: Points = Field(ge=0, le=100)


#: keys every indicator may have, whatever its method
INDICATOR_KEYS = (
    "code",
    "name",
    "name_en",
    "method",
    "section",
    "cap",
    "floor",
    "unit",
    "target",
    "source",
    "source_en",
    "description",
    "frequency",
    "allow_na",
)


class Indicator(Model):
    """An indicator; keys beyond :data:`INDICATOR_KEYS` belong to its method's parameters."""

    model_config = ConfigDict(
        extra="allow", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    name_en: str | None = None
    method: str
    section: str | None = None
    cap: float | None = None
    floor: float | None = None
    unit: Literal["number", "percent"] = "number"
    target: Rate | None = None
    source: str | None = None
    source_en: str | None = None
    description: str | None = None
    #: ``monthly``: one data row per month, the period's score the mean of the monthly scores
    frequency: Literal["monthly"] | None = None
    allow_na: bool = False

    @property
    def method_keys(self) -> dict[str, Any]:
        """The method-specific keys as written (``bands``, ``points``...)."""
        return dict(self.model_extra or {})

    def params(self):
        """The method's parameters, validated (raises pydantic's ValidationError)."""
        return METHODS[self.method].params.model_validate(self.method_keys)


class RoleIndicator(Model):
    code: str = Field(min_length=1)
    weight: Points = Field(gt=0, le=100)
    target: Rate | None = None


class Role(Model):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    name_en: str | None = None
    tier: str | None = None
    indicators: tuple[RoleIndicator, ...] = Field(min_length=1)
    max_indicators: int | None = Field(default=None, ge=1)


class Competency(Model):
    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    name_en: str | None = None
    weight: Points = Field(gt=0, le=100)
    description: str | None = None
    description_en: str | None = None


class Grade(Model, Bound):
    """A grade: ``min: x`` (final ≥ x) or ``above: x`` (final > x), at 6 decimals."""

    grade: str = Field(min_length=1)
    label: str | None = None
    label_en: str | None = None
    max: Points | None = Field(default=None, ge=0, le=100)


class Distribution(Model):
    scope: Literal["company", "department"] = "company"
    rounding: Literal["floor", "round", "ceil"] = "floor"
    quotas: dict[str, Points] = Field(default_factory=dict)
    bottom: Points = Field(default=0, ge=0, le=100)
    exclude: Exclude = Exclude()
    min_group: int | None = Field(default=None, ge=1)
    small_groups: Literal["pool", "absolute"] = "pool"
    ties: Literal["demote", "keep", "break"] = "demote"
    tie_break: tuple[str, ...] = ()


class Limits(Model):
    max_indicators: int = Field(default=5, ge=1)


class AdjustmentRules(Model):
    max_points: float | None = Field(default=None, ge=0)


def norm_word(text: Any) -> str:
    """How typed names are compared: whitespace folded, lower case."""
    return re.sub(r"\s+", " ", str(text)).strip().lower()


def word_index(entries: Any) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, words in entries:
        for w in words:
            if w:
                index.setdefault(norm_word(w), canonical)
    return index


def base_rule(
    method: str,
    defaults: Defaults,
    scale: RatingScale,
    floor: float | None = None,
    cap: float | None = None,
) -> IndicatorRule:
    """A method's rule with the scheme's clamp and rating scale (its map included), no parameters."""
    return IndicatorRule(
        method=method,
        floor=float(floor if floor is not None else defaults.floor),
        cap=float(cap if cap is not None else defaults.cap),
        scale_min=float(scale.min),
        scale_max=float(scale.max),
        rating_map=tuple(sorted((float(k), float(v)) for k, v in (scale.map or {}).items())),
    )


def indicator_rule(ind: Indicator, defaults: Defaults, scale: RatingScale) -> IndicatorRule:
    """The indicator's scoring rule: the method's parameters over :func:`base_rule`."""
    from dataclasses import replace

    base = base_rule(ind.method, defaults, scale, ind.floor, ind.cap)
    return replace(base, **ind.params().rule_fields())
