"""Appraisal schemes (考核方案) as data: load, validate once, then trust.

A scheme is a YAML file HR writes. :func:`load_scheme` parses it, checks the
structure with pydantic and the cross-references and sums with
:func:`_semantic_problems`, and reports *every* problem together with its path
in the file (``roles[2].indicators[1].weight``), what was expected, what was
found and a "did you mean" hint. What comes back is a frozen :class:`Scheme`
the engine never re-checks.

Example:
    >>> s = parse_scheme({
    ...     "scheme": {"id": "demo", "name": "演示"},
    ...     "sections": [{"id": "kpi", "name": "业绩", "weight": 100}],
    ...     "indicators": [{"code": "REV", "name": "收入", "method": "ratio"}],
    ...     "roles": [{"id": "rep", "name": "专员", "indicators": [{"code": "REV", "weight": 100}]}],
    ...     "grades": [{"grade": "A", "min": 100}, {"grade": "B", "min": 0}],
    ... })
    >>> s.rule("REV").cap
    150.0
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError

from xlperf.core.methods import METHOD_NAMES, IndicatorRule, needs_positive_target
from xlperf.core.numeric import ROUNDING_MODES
from xlperf.core.suggest import did_you_mean, did_you_mean_zh
from xlperf.errors import Location, ProblemList, SchemeError

WEIGHT_TOLERANCE = 0.01

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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SchemeInfo(_Model):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    name_en: str | None = None
    version: int | str = 1
    period: str = "quarterly"
    description: str | None = None


class RatingScale(_Model):
    min: float = 1
    max: float = 5
    map: dict[float, float] | None = None


class Defaults(_Model):
    floor: float = 0
    cap: float = 150


class Section(_Model):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    name_en: str | None = None
    weight: Points = Field(ge=0, le=100)


class Band(_Model):
    min: float
    score: float


class Indicator(_Model):
    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    name_en: str | None = None
    method: str
    section: str | None = None
    cap: float | None = None
    floor: float | None = None
    bands: tuple[Band, ...] | None = None
    points: tuple[tuple[float, float], ...] | None = None
    on: Literal["achievement", "actual"] = "achievement"
    map: dict[float, float] | None = None
    per: float | None = None
    lower: bool = False
    unit: Literal["number", "percent"] = "number"
    target: Rate | None = None
    source: str | None = None
    source_en: str | None = None
    description: str | None = None


class RoleIndicator(_Model):
    code: str = Field(min_length=1)
    weight: Points = Field(gt=0, le=100)
    target: Rate | None = None


class Role(_Model):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    name_en: str | None = None
    tier: str | None = None
    indicators: tuple[RoleIndicator, ...] = Field(min_length=1)


class Competency(_Model):
    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    name_en: str | None = None
    weight: Points = Field(gt=0, le=100)
    description: str | None = None
    description_en: str | None = None


class Grade(_Model):
    grade: str = Field(min_length=1)
    min: float
    label: str | None = None
    label_en: str | None = None
    max: Points | None = Field(default=None, ge=0, le=100)


class Distribution(_Model):
    scope: Literal["company", "department"] = "company"
    rounding: Literal["floor", "round", "ceil"] = "floor"
    quotas: dict[str, Points] = Field(default_factory=dict)
    bottom: Points = Field(default=0, ge=0, le=100)


class Limits(_Model):
    max_indicators: int = Field(default=5, ge=1)


class AdjustmentRules(_Model):
    max_points: float | None = Field(default=None, ge=0)


class Scheme(_Model):
    """A validated, frozen appraisal scheme. Build it with :func:`load_scheme`."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, ignored_types=(cached_property,))

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

    def rule(self, code: str) -> IndicatorRule:
        """The indicator's scoring rule with scheme defaults applied."""
        ind = self.indicator_by_code[code]
        rating_map = ind.map if ind.map is not None else self.rating_scale.map
        return IndicatorRule(
            method=ind.method,
            floor=float(ind.floor if ind.floor is not None else self.defaults.floor),
            cap=float(ind.cap if ind.cap is not None else self.defaults.cap),
            bands=tuple((float(b.min), float(b.score)) for b in (ind.bands or ())),
            points=tuple((float(x), float(y)) for x, y in (ind.points or ())),
            on=ind.on,
            rating_map=tuple(sorted((float(k), float(v)) for k, v in (rating_map or {}).items())),
            scale_min=float(self.rating_scale.min),
            scale_max=float(self.rating_scale.max),
            per=float(ind.per or 0.0),
            lower=ind.lower,
        )

    @cached_property
    def rating_rule(self) -> IndicatorRule:
        """How a competency rating turns into points: like the ``rating`` method, scheme clamp."""
        scale = self.rating_scale
        return IndicatorRule(
            method="rating",
            floor=float(self.defaults.floor),
            cap=float(self.defaults.cap),
            rating_map=tuple(sorted((float(k), float(v)) for k, v in (scale.map or {}).items())),
            scale_min=float(scale.min),
            scale_max=float(scale.max),
        )

    def default_target(self, role_id: str, code: str) -> float | None:
        """Target from the role, else from the indicator, else None."""
        for ri in self.role_by_id[role_id].indicators:
            if ri.code == code and ri.target is not None:
                return float(ri.target)
        ind = self.indicator_by_code.get(code)
        return float(ind.target) if ind is not None and ind.target is not None else None

    # -- resolving what users type ------------------------------------------------
    @cached_property
    def _indicator_words(self) -> dict[str, str]:
        return _word_index((i.code, (i.code, i.name, i.name_en)) for i in self.indicators)

    @cached_property
    def _role_words(self) -> dict[str, str]:
        return _word_index((r.id, (r.id, r.name, r.name_en)) for r in self.roles)

    @cached_property
    def _dimension_words(self) -> dict[str, str]:
        return _word_index((c.code, (c.code, c.name, c.name_en)) for c in self.competencies)

    @cached_property
    def _rater_words(self) -> dict[str, str]:
        return _word_index((r, (r, *RATER_ALIASES.get(r, ()))) for r in self.raters)

    def resolve_indicator(self, text: str) -> str | None:
        return self._indicator_words.get(_norm(text))

    def resolve_role(self, text: str) -> str | None:
        return self._role_words.get(_norm(text))

    def resolve_dimension(self, text: str) -> str | None:
        return self._dimension_words.get(_norm(text))

    def resolve_rater(self, text: str) -> str | None:
        return self._rater_words.get(_norm(text))

    def word_maps(self) -> dict[str, dict[str, str]]:
        """Lower-cased words → canonical code, for vectorised resolving."""
        return {
            "indicator": self._indicator_words,
            "role": self._role_words,
            "dimension": self._dimension_words,
            "rater": self._rater_words,
        }

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
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().lower()


def _word_index(entries: Any) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, words in entries:
        for w in words:
            if w:
                index.setdefault(_norm(w), canonical)
    return index


# -- loading -------------------------------------------------------------------


class _YamlLoader(yaml.SafeLoader):
    """YAML 1.2 booleans only: ``on:``, ``yes`` and ``no`` stay strings.

    PyYAML follows YAML 1.1, where the key ``on`` (used by the ``linear``
    method) would silently become ``True``.
    """


_YamlLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_scheme(path: str | Path) -> Scheme:
    """Read and validate a scheme YAML file; raise :class:`SchemeError` listing every problem.

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> load_scheme(shipped_schemes()["sales"]).scheme.id
        'sales-2026q1'
    """
    p = Path(path)
    name = str(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SchemeError(
            f"Scheme file not found: {name}",
            [_problem(name, "", f"no such file: {name}", "check the path given to --scheme", "找不到方案文件", "请检查 --scheme 的路径")],
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemeError(
            f"Cannot read scheme file {name}",
            [_problem(name, "", f"cannot read it as UTF-8 text: {exc.__class__.__name__}", "save the scheme as a UTF-8 YAML file", "无法以UTF-8文本读取", "请将方案另存为UTF-8编码的YAML文件")],
        ) from None
    return parse_scheme_text(text, source=name)


def parse_scheme_text(text: str, source: str = "<scheme>") -> Scheme:
    """Parse YAML text into a validated :class:`Scheme`."""
    try:
        raw = yaml.load(text, Loader=_YamlLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SchemeError(
            f"Scheme {source} is not valid YAML",
            [_problem(source, where, f"YAML syntax error: {getattr(exc, 'problem', exc)}", "check indentation, colons and quotes around that line", "YAML语法错误", "请检查该行附近的缩进、冒号和引号")],
        ) from None
    return parse_scheme(raw, source=source)


def _problem(file: str, path: str, msg: str, hint: str | None, msg_zh: str | None = None, hint_zh: str | None = None):
    from xlperf.errors import Problem

    return Problem(Location(file=file, path=path or None), msg, hint, msg_zh, hint_zh)


def _loc_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _model_for_path(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model whose field list a misspelt key at ``loc`` belongs to."""
    model: type[BaseModel] | None = Scheme
    for part in loc[:-1]:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        model = _model_in(field.annotation)
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The BaseModel class inside an annotation such as ``tuple[Role, ...] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def parse_scheme(raw: Any, source: str = "<scheme>") -> Scheme:
    """Validate a scheme given as plain data (dict); collect every problem."""
    problems = ProblemList()
    if not isinstance(raw, dict):
        problems.add(Location(file=source), f"expected a mapping of scheme keys at the top level, got {type(raw).__name__}", "start from one of the shipped schemes", message_zh="方案文件顶层应为键值映射", hint_zh="请以随附的示例方案为模板")
        problems.raise_if_any(SchemeError, f"Scheme {source} is invalid")
    try:
        scheme = Scheme.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        for err in errors:
            nested = any(o["loc"][: len(err["loc"])] == err["loc"] and len(o["loc"]) > len(err["loc"]) for o in errors)
            if err["type"] == "too_short" and nested:
                continue  # the list is only "empty" because its items failed; those are reported
            problems.extend([_pydantic_problem(source, err, _loc_path(err["loc"]))])
        problems.extend(_semantic_problems_raw(raw, source))
        raise SchemeError(f"Scheme {source} is invalid ({len(problems)} problem(s))", problems.items) from None
    problems.extend(_semantic_problems(scheme, source))
    problems.raise_if_any(SchemeError, f"Scheme {source} is invalid ({len(problems)} problem(s))")
    return scheme


def _pydantic_problem(source: str, err: dict[str, Any], path: str):
    kind = err["type"]
    got = err.get("input")
    got_text = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    if kind == "extra_forbidden":
        key = str(err["loc"][-1])
        model = _model_for_path(err["loc"])
        hint = did_you_mean(key, model.model_fields) if model else None
        hint_zh = did_you_mean_zh(key, model.model_fields) if model else None
        return _problem(source, path, f"unknown key '{key}'", hint or "remove it or check the spelling in docs/scheme.md", f"未知的键 '{key}'", hint_zh or "请删除或对照 docs/scheme.md 检查拼写")
    if kind == "missing":
        return _problem(source, path, "required key is missing", "add it (see docs/scheme.md)", "缺少必填项", "请补充（见 docs/scheme.md）")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return _problem(source, path, f"expected one of {expected}, got {got_text}", did_you_mean(str(got), re.findall(r"'([^']+)'", expected)), f"应为 {expected} 之一，实际为 {got_text}")
    msg = err["msg"]
    return _problem(source, path, f"expected {msg[0].lower() + msg[1:]}, got {got_text}", None, f"取值无效: {msg}，实际为 {got_text}")


def _semantic_problems_raw(raw: dict[str, Any], source: str) -> list:
    """Cross-checks we can still run when the structure has errors.

    Each top-level part, and each item of a list part, is validated on its own;
    what parses is assembled (unvalidated) so that a broken role does not hide
    a misspelt indicator code elsewhere.
    """
    fields: dict[str, Any] = {}
    for name, field in Scheme.model_fields.items():
        if name not in raw:
            continue
        adapter = TypeAdapter(field.annotation)
        try:
            fields[name] = adapter.validate_python(raw[name])
        except ValidationError:
            item_type = getattr(field.annotation, "__args__", (None,))[0]
            if isinstance(raw[name], list) and isinstance(item_type, type) and issubclass(item_type, BaseModel):
                good = []
                for item in raw[name]:
                    try:
                        good.append(item_type.model_validate(item))
                    except ValidationError:
                        continue
                fields[name] = tuple(good)
    if not fields.get("sections"):
        return []
    partial = Scheme.model_construct(**fields)
    raw_codes = {str(i.get("code")) for i in raw.get("indicators") or [] if isinstance(i, dict)}
    sections_complete = len(fields["sections"]) == len(raw["sections"])
    return _semantic_problems(partial, source, raw_codes, partial=True, check_section_sum=sections_complete)


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems = ProblemList()

    def add(self, path: str, msg: str, hint: str | None = None, msg_zh: str | None = None, hint_zh: str | None = None) -> None:
        self.problems.add(Location(file=self.source, path=path), msg, hint, message_zh=msg_zh, hint_zh=hint_zh)

    def unique(self, key: str, attr: str, items: Any) -> None:
        seen: dict[str, int] = {}
        for idx, item in enumerate(items):
            value = getattr(item, attr)
            if value in seen:
                self.add(f"{key}[{idx}].{attr}", f"'{value}' is used twice (also at {key}[{seen[value]}])", "give each one a unique value", f"'{value}' 重复（与 {key}[{seen[value]}] 相同）", "每项必须唯一")
            else:
                seen[value] = idx

    def check_weights(self, key: str, items: Any, attr: str = "weight") -> None:
        total = sum(float(getattr(i, attr)) for i in items)
        if items and abs(total - 100) > WEIGHT_TOLERANCE:
            hint = "weights are percent points: write 30, not 0.3" if abs(total - 1) <= WEIGHT_TOLERANCE else "adjust them so they add up to 100"
            self.add(key, f"expected weights summing to 100, got {total:g}", hint, f"权重合计应为100，实际为{total:g}", "权重按百分点填写，如30而非0.3" if abs(total - 1) <= WEIGHT_TOLERANCE else "请调整使合计为100")

    def check_roles(self, roles: Any, indicators: dict[str, Indicator], known_codes: set[str], sections: Any, comp_section: str, scheme: Scheme | None, partial: bool = False) -> None:
        first_section = sections[0].id if sections else None
        for r_idx, role in enumerate(roles):
            sums: dict[str, float] = {}
            seen: set[str] = set()
            for i_idx, ri in enumerate(role.indicators):
                path = f"roles[{r_idx}].indicators[{i_idx}]"
                if ri.code in seen:
                    self.add(f"{path}.code", f"indicator '{ri.code}' is listed twice in role '{role.id}'", "list each indicator once", f"岗位 '{role.id}' 中指标 '{ri.code}' 重复", "每个指标只列一次")
                seen.add(ri.code)
                ind = indicators.get(ri.code)
                if ind is None:
                    if ri.code not in known_codes:
                        self.add(f"{path}.code", f"unknown indicator '{ri.code}'", did_you_mean(ri.code, list(known_codes)) or "define it under indicators", f"未知指标 '{ri.code}'", did_you_mean_zh(ri.code, list(known_codes)) or "请先在 indicators 中定义")
                    continue
                sec = ind.section or first_section
                sums[sec] = sums.get(sec, 0.0) + float(ri.weight)
                if scheme is not None:
                    rule = scheme.rule(ri.code)
                    target = ri.target if ri.target is not None else ind.target
                    if target is not None and needs_positive_target(rule) and target <= 0:
                        self.add(f"{path}.target", f"expected a target > 0 for method '{ind.method}', got {target:g}", "targets of ratio-type methods must be positive", f"方法 '{ind.method}' 的目标值必须大于0，实际为{target:g}")
            for sec, total in sums.items():
                if abs(total - 100) > WEIGHT_TOLERANCE:
                    self.add(f"roles[{r_idx}].indicators", f"expected the weights of section '{sec}' in role '{role.id}' to sum to 100, got {total:g}", "weights are percent points; adjust them so they add up to 100", f"岗位 '{role.id}' 在 '{sec}' 部分的权重合计应为100，实际为{total:g}", "请调整使合计为100")
            if scheme is not None:
                kpi_count = sum(1 for ri in role.indicators if ri.code in indicators)
                if kpi_count > scheme.limits.max_indicators:
                    self.add(f"roles[{r_idx}].indicators", f"expected at most {scheme.limits.max_indicators} KPI indicators (limits.max_indicators), got {kpi_count}", "keep the core KPIs (每人核心KPI不超过5项)", f"每人核心KPI不超过{scheme.limits.max_indicators}项，实际为{kpi_count}项")
                for s in scheme.kpi_sections:
                    if s.weight > 0 and s.id not in sums and not partial:
                        self.add(f"roles[{r_idx}].indicators", f"role '{role.id}' has no indicator in section '{s.id}' (weight {s.weight:g})", "add indicators for that section or set its weight to 0", f"岗位 '{role.id}' 在 '{s.id}' 部分没有指标")


def _semantic_problems(
    s: Scheme, source: str, extra_codes: set[str] = frozenset(), partial: bool = False, check_section_sum: bool = True
) -> list:
    c = _Checker(source)
    c.unique("sections", "id", s.sections)
    c.unique("indicators", "code", s.indicators)
    c.unique("roles", "id", s.roles)
    c.unique("competencies", "code", s.competencies)
    c.unique("grades", "grade", s.grades)
    if check_section_sum:
        c.check_weights("sections", s.sections)
    section_ids = [x.id for x in s.sections]

    if s.competency_section not in section_ids and "competency_section" in s.model_fields_set:
        c.add("competency_section", f"unknown section '{s.competency_section}'", did_you_mean(s.competency_section, section_ids), f"未知的部分 '{s.competency_section}'")
    comp = s.competency
    if comp is not None and comp.weight > 0:
        if not s.competencies:
            c.add("competencies", f"section '{comp.id}' has weight {comp.weight:g} but no competency dimensions are defined", "list the dimensions with weights summing to 100", "能力部分权重大于0但未定义能力维度")
        if not s.raters:
            c.add("raters", "expected at least one rater group with a weight", "e.g. {supervisor: 50, peer: 20, self: 10, customer: 20}", "至少需要一个评价人类型")
    c.check_weights("competencies", s.competencies)
    for name, w in s.raters.items():
        if w <= 0:
            c.add(f"raters.{name}", f"expected a weight > 0, got {w:g}", "remove rater groups that do not count", "评价人权重必须大于0")

    scale = s.rating_scale
    if scale.min >= scale.max:
        c.add("rating_scale", f"expected min < max, got min {scale.min:g}, max {scale.max:g}", None, "评分尺度的最小值必须小于最大值")
    if scale.map:
        for k in scale.map:
            if not scale.min <= k <= scale.max:
                c.add(f"rating_scale.map.{k:g}", f"expected ratings within {scale.min:g}..{scale.max:g}, got {k:g}", None, "换算表中的评分超出尺度")
    if s.defaults.floor > s.defaults.cap:
        c.add("defaults", f"expected floor ≤ cap, got floor {s.defaults.floor:g}, cap {s.defaults.cap:g}", None, "下限不能大于上限")

    for idx, ind in enumerate(s.indicators):
        path = f"indicators[{idx}]"
        if ind.method not in METHOD_NAMES:
            c.add(f"{path}.method", f"unknown method '{ind.method}', expected one of {', '.join(METHOD_NAMES)}", did_you_mean(ind.method, METHOD_NAMES), f"未知的计分方法 '{ind.method}'", did_you_mean_zh(ind.method, METHOD_NAMES))
            continue
        if ind.section is not None and ind.section not in section_ids:
            c.add(f"{path}.section", f"unknown section '{ind.section}'", did_you_mean(ind.section, section_ids) or f"sections are {', '.join(section_ids)}", f"未知的部分 '{ind.section}'", did_you_mean_zh(ind.section, section_ids))
        elif (ind.section or s.sections[0].id) == s.competency_section:
            c.add(f"{path}.section", f"indicator '{ind.code}' is in the competency section '{s.competency_section}', which is scored from ratings", "put KPI indicators in another section", "KPI指标不能放在能力评估部分")
        rule = s.rule(ind.code)
        if rule.floor > rule.cap:
            c.add(path, f"expected floor ≤ cap, got floor {rule.floor:g}, cap {rule.cap:g}", None, "下限不能大于上限")
        if ind.method == "bands" and not ind.bands:
            c.add(f"{path}.bands", "method 'bands' needs a list of {min, score}", "e.g. [{min: 90, score: 120}, {min: 0, score: 60}]", "分档计分需要 bands 列表")
        if ind.bands and ind.method == "bands":
            mins = [b.min for b in ind.bands]
            if len(set(mins)) != len(mins):
                c.add(f"{path}.bands", "two bands have the same min", "give each band a different min", "两个分档的下限相同")
        if ind.method == "linear":
            pts = ind.points or ()
            if len(pts) < 2:
                c.add(f"{path}.points", f"method 'linear' needs at least 2 points [x, score], got {len(pts)}", "e.g. [[0, 0], [1, 100], [1.5, 130]]", "线性插值至少需要2个点")
            elif any(b[0] <= a[0] for a, b in zip(pts, pts[1:], strict=False)):
                c.add(f"{path}.points", "expected strictly increasing x values", "sort the points by x and remove duplicates", "各点的x必须严格递增")
        if ind.method == "deduction" and (ind.per is None or ind.per <= 0):
            c.add(f"{path}.per", f"method 'deduction' needs per > 0 (points per incident), got {ind.per}", "e.g. per: 20", "按次扣分需要 per > 0")
        if ind.method == "rating" and ind.map:
            for k in ind.map:
                if not scale.min <= k <= scale.max:
                    c.add(f"{path}.map.{k:g}", f"expected ratings within {scale.min:g}..{scale.max:g}, got {k:g}", None, "换算表中的评分超出尺度")
        if ind.target is not None and needs_positive_target(rule) and ind.target <= 0:
            c.add(f"{path}.target", f"expected a target > 0, got {ind.target:g}", None, "目标值必须大于0")

    valid_codes = {i.code for i in s.indicators if i.method in METHOD_NAMES}
    c.check_roles(s.roles, {k: v for k, v in s.indicator_by_code.items() if k in valid_codes}, {i.code for i in s.indicators} | set(extra_codes), s.sections, s.competency_section, s, partial)

    mins = [g.min for g in s.grades]
    if any(b >= a for a, b in zip(mins, mins[1:], strict=False)):
        c.add("grades", f"expected grades ordered by min, strictly descending, got {', '.join(f'{g.grade}≥{g.min:g}' for g in s.grades)}", "list the best grade first", "等级应按 min 从高到低排列")
    grade_names = list(s.grade_names)
    for g, pct in s.distribution.quotas.items():
        if g not in grade_names:
            c.add(f"distribution.quotas.{g}", f"unknown grade '{g}'", did_you_mean(g, grade_names) or f"grades are {', '.join(grade_names)}", f"未知等级 '{g}'", did_you_mean_zh(g, grade_names))
        elif not 0 <= pct <= 100:
            c.add(f"distribution.quotas.{g}", f"expected a percent between 0 and 100, got {pct:g}", None, "比例应在0到100之间")
    if grade_names and grade_names[-1] in s.quotas:
        c.add("distribution.quotas", f"the last grade '{grade_names[-1]}' cannot have a quota: nobody can be demoted below it", "remove that quota", "最后一个等级不能设置比例上限")
    for g in s.bonus:
        if g not in grade_names:
            c.add(f"bonus.{g}", f"unknown grade '{g}'", did_you_mean(g, grade_names) or f"grades are {', '.join(grade_names)}", f"未知等级 '{g}'", did_you_mean_zh(g, grade_names))
    if s.bonus:
        for g in grade_names:
            if g not in s.bonus:
                c.add("bonus", f"grade '{g}' has no bonus factor", f"add {g}: <factor>", f"等级 '{g}' 缺少奖金系数")
    for g, f in s.bonus.items():
        if f < 0:
            c.add(f"bonus.{g}", f"expected a factor ≥ 0, got {f:g}", None, "奖金系数不能为负")
    if s.distribution.rounding not in ROUNDING_MODES:  # pragma: no cover - Literal guards it
        c.add("distribution.rounding", "unknown rounding")
    return c.problems.items


def shipped_schemes() -> dict[str, Path]:
    """The schemes shipped with xlperf, by short name (file stem)."""
    folder = Path(__file__).resolve().parent.parent / "schemes"
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}
