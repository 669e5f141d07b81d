"""The rules sheet (考核规则): the whole scheme as a person reads it (read only).

Example:
    >>> from openpyxl import Workbook
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates.form.context import form_context
    >>> from xlperf.templates.form.roster import form_specs
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> ctx = form_context(s, form_specs(s, None, "role", 1)[0], "en", "", "none")
    >>> ws = Workbook().active
    >>> _ = write_rules(ws, ctx)
    >>> ws["A3"].value, ws["B4"].value
    ('Scheme', '1')
"""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from xlperf.core.contract import describe
from xlperf.templates import compiler as fc
from xlperf.templates.form import style as st
from xlperf.templates.form.context import FormContext
from xlperf.templates.form.records import SheetOutput
from xlperf.templates.text import rater_name

BLOCK_FONT = Font(bold=True, color="1F4E78", size=12)
#: a row whose text is longer than this gets a taller row
LONG_TEXT = 48


class _Lines:
    """Writes the sheet line by line from row 3."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws, self.row = ws, 3

    def skip(self) -> None:
        self.row += 1

    def line(self, *values: object, bold: bool = False, head: bool = False) -> None:
        for k, v in enumerate(values, start=1):
            c = st.put(self.ws, self.row, k, v)
            c.alignment = st.WRAP
            if head:
                c.font, c.fill, c.border = st.HEADER_FONT, st.HEADER_FILL, st.BORDER
            elif bold:
                c.font = BLOCK_FONT
            elif len(values) > 1:
                c.border = st.BORDER
        if len(values) > 1 and any(isinstance(v, str) and len(v) > LONG_TEXT for v in values):
            self.ws.row_dimensions[self.row].height = 30
        self.row += 1


def write_rules(ws: Worksheet, ctx: FormContext) -> SheetOutput:
    """Fill the rules sheet block by block."""
    st.title(ws, ctx.text("title_rules", scheme=ctx.dn(ctx.scheme.scheme)), None)
    out = _Lines(ws)
    for block in (_scheme, _sections, _indicators, _roles, _competencies, _grades, _distribution):
        block(out, ctx)
    out.line(ctx.words["yaml_note"])
    st.widths(ws, {"A": 20, "B": 34, "C": 18, "D": 60, "E": 12, "F": 20})
    st.print_setup(ws, ctx.headers, None)
    st.protect(ws)
    return SheetOutput()


def _scheme(out: _Lines, ctx: FormContext) -> None:
    s, w = ctx.scheme, ctx.words
    out.line(w["rules_scheme"], f"{ctx.dn(s.scheme)} ({s.id})")
    out.line(w["rules_version"], str(s.version))
    out.line(w["rules_period"], ctx.period)
    out.line(w["rules_fingerprint"], s.fingerprint)
    out.skip()


def _sections(out: _Lines, ctx: FormContext) -> None:
    w = ctx.words
    out.line(w["rules_sections"], bold=True)
    out.line("id", w["section"], w["weight"], head=True)
    for x in ctx.scheme.sections:
        out.line(x.id, ctx.dn(x), float(x.weight))
    out.skip()


def _indicators(out: _Lines, ctx: FormContext) -> None:
    s, w = ctx.scheme, ctx.words
    out.line(w["rules_indicators"], bold=True)
    keys = ("code", "indicator", "section", "method", "rules_unit", "source")
    out.line(*(w[k] for k in keys), head=True)
    for ind in s.indicators:
        unit = w["unit_percent_word"] if ind.unit == "percent" else w["unit_number_word"]
        source = (ind.source_en if ctx.lang == "en" and ind.source_en else ind.source) or w["na"]
        section = ctx.dn(s.section_by_id[s.section_of(ind.code)])
        out.line(ind.code, ctx.dn(ind), section, describe(s.rule(ind.code), ctx.lang), unit, source)
    out.skip()


def _roles(out: _Lines, ctx: FormContext) -> None:
    s, w = ctx.scheme, ctx.words
    out.line(w["rules_roles"], bold=True)
    out.line(w["role"], w["code"], w["indicator"], w["weight"], w["target"], head=True)
    for role in s.roles:
        for ri in role.indicators:
            target = s.default_target(role.id, ri.code)
            shown = w["na"] if target is None else target
            name = ctx.dn(s.indicator_by_code[ri.code])
            out.line(ctx.dn(role), ri.code, name, float(ri.weight), shown)
            if target is not None:
                out.ws.cell(out.row - 1, 5).number_format = st.number_format(s, ri.code, "target")


def _competencies(out: _Lines, ctx: FormContext) -> None:
    s, w = ctx.scheme, ctx.words
    if not s.competencies:
        return
    out.skip()
    out.line(w["rules_competencies"], bold=True)
    out.line(w["code"], w["dimension"], w["dimension_weight"], head=True)
    for c in s.competencies:
        out.line(c.code, ctx.dn(c), float(c.weight))
    out.skip()
    out.line(w["rules_raters"], bold=True)
    for r, weight in s.raters.items():
        out.line(rater_name(r, ctx.lang), float(weight))
    lo, hi = fc.num(s.rating_scale.min), fc.num(s.rating_scale.max)
    scale = ctx.text("scale_text", lo=lo, hi=hi)
    mapping = s.rating_rule.rating_map
    if mapping:
        scale += "; " + ", ".join(f"{fc.num(k)}→{fc.num(v)}" for k, v in mapping)
    out.line(w["rules_scale"], scale)


def _grades(out: _Lines, ctx: FormContext) -> None:
    s, w = ctx.scheme, ctx.words
    out.skip()
    out.line(w["rules_grades"], bold=True)
    keys = ("grade", "grade_label", "rules_min", "rules_quota", "rules_bonus")
    out.line(*(w[k] for k in keys), head=True)
    for g in s.grades:
        quota, bonus = s.quotas.get(g.grade), s.bonus.get(g.grade)
        out.line(
            g.grade,
            ctx.dn(g),
            float(g.min),
            w["na"] if quota is None else float(quota),
            w["na"] if bonus is None else float(bonus),
        )
    out.skip()


def _distribution(out: _Lines, ctx: FormContext) -> None:
    w, d = ctx.words, ctx.scheme.distribution
    out.line(w["rules_distribution"], bold=True)
    out.line(w["rules_scope"], w[f"scope_{d.scope}"])
    out.line(w["rules_rounding"], w[f"rounding_{d.rounding}"])
    out.line(w["rules_bottom"], float(d.bottom))
    out.skip()
