"""What one personal report says: a typed record per employee, built from the Results.

Everything here is plain values in the report's language (names from the scheme, flags in
words, completion as a fraction to be shown as a percent); the layout module only places them.

Example:
    >>> import pandas as pd, xlperf
    >>> s = xlperf.parse_scheme({"scheme": {"id": "t", "name": "测试"},
    ...     "sections": [{"id": "kpi", "name": "业绩", "weight": 100}],
    ...     "indicators": [{"code": "X", "name": "收入", "method": "ratio"}],
    ...     "roles": [{"id": "rep", "name": "专员", "indicators": [{"code": "X", "weight": 100}]}],
    ...     "grades": [{"grade": "A", "min": 100, "label": "优秀"}, {"grade": "B", "min": 0}]})
    >>> data = pd.DataFrame({"employee_id": ["E1"], "name": ["张三"], "department": ["华东"],
    ...     "role": ["rep"], "indicator": ["X"], "actual": [120.2], "target": [100]})
    >>> (report,) = build_reports(xlperf.score(s, data), "zh")
    >>> report.role, round(report.indicators[0].completion, 6), report.rank_text, report.grade
    ('专员', 1.202, '1 / 1', 'A 优秀')
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlperf.core.engine import Results
from xlperf.core.history.view import HistoryView
from xlperf.core.pay.kernels import completion as completion_percent
from xlperf.master.personal.labels import flag_words, label, period_kind
from xlperf.master.personal.pay_lines import PayLine, pay_lines

#: how many periods a personal report's trend shows
TREND_PERIODS = 8


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator of the employee: ``completion`` is actual/target (1.202 shows as 120.2%)."""

    name: str
    section: str
    weight: float | None
    target: float | None
    actual: float | None
    completion: float | None
    score: float | None


@dataclass(frozen=True)
class SectionLine:
    name: str
    weight: float
    score: float | None


@dataclass(frozen=True)
class TrendLine:
    period: str
    score: float | None
    grade: str


@dataclass(frozen=True)
class PersonalReport:
    """Everything one employee's report shows, in the report's language."""

    lang: str
    scheme_name: str
    period: str
    employee_id: str
    name: str
    department: str
    role: str
    final_score: float | None
    rank_text: str
    department_rank_text: str
    grade: str
    grade_absolute: str
    bonus_factor: float | None
    flags: tuple[str, ...]
    sections: tuple[SectionLine, ...]
    indicators: tuple[IndicatorLine, ...]
    pay: tuple[PayLine, ...]
    trend: tuple[TrendLine, ...]


def number(v: object) -> float | None:
    """A finite float, or None (NaN, None, text).

    Example:
        >>> from decimal import Decimal
        >>> number(np.float64(2.5)), number(float("nan")), number(None), number(Decimal("1.5"))
        (2.5, None, None, 1.5)
    """
    if v is None or isinstance(v, str | bool):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def text(v: object) -> str:
    """A cell's text: None and NaN as ``""``."""
    return "" if v is None or (isinstance(v, float) and v != v) or v is pd.NA else str(v)


def build_reports(
    results: Results, lang: str = "zh", history: HistoryView | None = None
) -> Iterator[PersonalReport]:
    """One :class:`PersonalReport` per employee, in the Results' order."""
    lang = "en" if lang == "en" else "zh"
    scheme = results.scheme
    emp = results.employees
    by_emp = indicator_lines(scheme, results.indicators, lang)
    pay = _pay_rows(results)
    trend = _trends(results, history)
    scope = _group_sizes(results)
    for i, e in enumerate(emp.itertuples(index=False)):
        eid = str(e.employee_id)
        yield PersonalReport(
            lang=lang,
            scheme_name=scheme.display_name(scheme.scheme, lang),
            period=results.period or period_kind(scheme.scheme.period, lang),
            employee_id=eid,
            name=text(e.name),
            department=text(e.department),
            role=_role_name(scheme, e.role, lang),
            final_score=number(e.final_score),
            rank_text=_of(e.rank, scope[0][i], lang),
            department_rank_text=_of(e.department_rank, scope[1][i], lang),
            grade=_grade_text(scheme, e.grade, lang),
            grade_absolute=_grade_text(scheme, e.grade_absolute, lang),
            bonus_factor=number(e.bonus_factor),
            flags=tuple(flag_words(e.flags, lang)),
            sections=_sections(scheme, e, lang),
            indicators=by_emp.get(eid, ()),
            pay=pay_lines(pay.get(eid), lang) if pay else (),
            trend=trend.get(eid, ()),
        )


def _group_sizes(results: Results) -> tuple[np.ndarray, np.ndarray]:
    """Per employee: the size of the group ``rank`` counts in, and of the department."""
    emp = results.employees
    dept = emp.groupby("department", sort=False)["employee_id"].transform("size").to_numpy()
    by_dept = results.scheme.distribution.scope == "department"
    return (dept if by_dept else np.full(len(emp), len(emp))), dept


def _of(rank: object, n: int, lang: str) -> str:
    r = number(rank)
    return "" if r is None else label("of", lang).format(rank=int(r), n=int(n))


def _role_name(scheme, role: object, lang: str) -> str:
    obj = scheme.role_by_id.get(text(role))
    return scheme.display_name(obj, lang) if obj is not None else text(role)


def _grade_text(scheme, grade: object, lang: str) -> str:
    """``B 良好``: the grade and its label from the scheme."""
    g = text(grade)
    obj = next((x for x in scheme.grades if x.grade == g), None)
    if obj is None or not (obj.label or obj.label_en):
        return g
    return f"{g} {scheme.display_name(obj, lang)}"


def _sections(scheme, e, lang: str) -> tuple[SectionLine, ...]:
    return tuple(
        SectionLine(
            scheme.display_name(s, lang), float(s.weight), number(getattr(e, f"score_{s.id}"))
        )
        for s in scheme.sections
    )


#: methods whose score is a function of actual/target, so that ratio reads as completion
COMPLETION_METHODS = ("ratio", "attainment")


def indicator_lines(scheme, ind: pd.DataFrame, lang: str) -> dict[str, tuple[IndicatorLine, ...]]:
    """Every employee's indicator lines, built once for the whole table (in data order)."""
    if ind.empty:
        return {}
    names = {c: scheme.display_name(i, lang) for c, i in scheme.indicator_by_code.items()}
    sections = {s.id: scheme.display_name(s, lang) for s in scheme.sections}
    actual = ind["actual"].to_numpy(dtype=float)
    target = ind["target"].to_numpy(dtype=float)
    done = completion_percent(actual, target) / 100.0
    # actual/target means completion only for these methods (growth's target is a rate, a
    # deduction's a count...): elsewhere the column stays blank rather than show a false %
    methods = {c: i.method for c, i in scheme.indicator_by_code.items()}
    meaningful = np.array([methods.get(text(c)) in COMPLETION_METHODS for c in ind["indicator"]])
    done = np.where(meaningful, done, np.nan)
    columns = (
        [names.get(text(c), text(c)) for c in ind["indicator"].tolist()],
        [sections.get(text(c), text(c)) for c in ind["section"].tolist()],
        [number(v) for v in ind["weight"].tolist()],
        [number(v) for v in target.tolist()],
        [number(v) for v in actual.tolist()],
        [number(v) for v in done.tolist()],
        [number(v) for v in ind["score"].tolist()],
    )
    lines = [IndicatorLine(*values) for values in zip(*columns, strict=True)]
    out: dict[str, list[IndicatorLine]] = {}
    for eid, line in zip(ind["employee_id"].astype(str).tolist(), lines, strict=True):
        out.setdefault(eid, []).append(line)
    return {k: tuple(v) for k, v in out.items()}


def _pay_rows(results: Results) -> dict[str, dict]:
    """The pay detail by employee id (each employee gets only their own row)."""
    if results.pay is None or results.pay.empty:
        return {}
    return {str(r["employee_id"]): r for r in results.pay.to_dict("records")}


def _trends(results: Results, history: HistoryView | None) -> dict[str, tuple[TrendLine, ...]]:
    if history is None:
        return {}
    from xlperf.master.outputs.history import trends

    found = trends(results.scheme, history, results, TREND_PERIODS)
    return {
        eid: tuple(TrendLine(text(p), number(s), text(g)) for p, s, g in t.itertuples(index=False))
        for eid, t in found.items()
    }


__all__ = ["IndicatorLine", "PersonalReport", "SectionLine", "TrendLine", "build_reports"]
