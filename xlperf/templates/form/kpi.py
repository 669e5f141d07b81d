"""The KPI sheet (KPI考核): one row per employee × indicator, inputs in yellow, scores as formulas.

Example:
    >>> from openpyxl import Workbook
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates.form.context import form_context
    >>> from xlperf.templates.form.roster import form_specs
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> ctx = form_context(s, form_specs(s, None, "role", 1)[0], "zh", "", "none")
    >>> out = write_kpi(Workbook().active, ctx)
    >>> sorted(c for c in out.inputs if c.endswith("5")), out.names[0].name
    (['J5', 'L5'], 'XLPERF_ACTUAL')
"""

from __future__ import annotations

from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from xlperf.core.contract import describe, needs_baseline, needs_positive_target, needs_target
from xlperf.templates import compiler as fc
from xlperf.templates import layout as L
from xlperf.templates.form import style as st
from xlperf.templates.form import validation as dv
from xlperf.templates.form.context import FormContext
from xlperf.templates.form.records import NamedRange, SheetOutput

WIDTHS = dict(
    zip("ABCDEFGHIJKLMN", (11, 10, 13, 12, 14, 18, 30, 16, 8, 11, 11, 12, 10, 10), strict=True)
)


def write_kpi(ws: Worksheet, ctx: FormContext) -> SheetOutput:
    """Fill the KPI sheet; returns its input cells and defined names."""
    st.title(ws, ctx.text("title_kpi", scheme=ctx.dn(ctx.scheme.scheme)), ctx.subtitle())
    st.header(ws, L.HEADER_ROW, [ctx.words[c] for c in L.KPI_COLUMNS])
    inputs: set[str] = set()
    rules = dv.Rules()
    for slot in ctx.layout.slots:
        for row, code, section in slot.kpi_rows:
            _labels(ws, ctx, slot, (row, code, section))
            _inputs(ws, ctx, (row, code, slot.role), rules, inputs)
            _score(ws, ctx, row, code)
        _section_scores(ws, ctx, slot)
        last = slot.kpi_rows[-1][0]
        for k in range(1, len(L.KPI_COLUMNS) + 1):
            ws.cell(last, k).border = st.BLOCK_END
    return SheetOutput(frozenset(inputs), _finish(ws, ctx))


def _source(ctx: FormContext, ind: object) -> str:
    text = ind.source_en if ctx.lang == "en" and ind.source_en else ind.source
    return text or ctx.words["na"]


def _labels(ws: Worksheet, ctx: FormContext, slot: L.Slot, at: tuple[int, str, str]) -> None:
    """The locked columns A:I of one row: who, which indicator, its rule, source and weight."""
    row, code, section = at
    s = ctx.scheme
    eid, ename = ctx.person_cells(slot)
    role = s.role_by_id[slot.role]
    ind = s.indicator_by_code[code]
    weight = next(ri.weight for ri in role.indicators if ri.code == code)
    values = [
        eid,
        ename,
        ctx.dn(role),
        ctx.dn(s.section_by_id[section]),
        code,
        ctx.dn(ind),
        describe(s.rule(code), ctx.lang),
        _source(ctx, ind),
        float(weight),
    ]
    for k, v in enumerate(values, start=1):
        c = st.put(ws, row, k, v)
        c.border, c.alignment = st.BORDER, st.WRAP
    ws[f"{L.K_WEIGHT}{row}"].number_format = "General"
    ws.row_dimensions[row].height = 30


def _unit(ctx: FormContext, code: str, column: str) -> str:
    percent = st.number_format(ctx.scheme, code, column) == st.PERCENT_FORMAT
    return ctx.words["unit_percent" if percent else "unit_number"]


def _inputs(
    ws: Worksheet, ctx: FormContext, at: tuple[int, str, str], rules: dv.Rules, inputs: set[str]
) -> None:
    """Target, baseline and actual of one row: a locked value or "—", or a validated input."""
    row, code, role = at
    s, words, lang = ctx.scheme, ctx.words, ctx.lang
    rule, ind = s.rule(code), s.indicator_by_code[code]
    name = ctx.dn(ind)
    cells = {
        c: f"{col}{row}"
        for c, col in (("target", L.K_TARGET), ("baseline", L.K_BASELINE), ("actual", L.K_ACTUAL))
    }
    for column, cell in cells.items():
        ws[cell].border = st.BORDER
        ws[cell].number_format = st.number_format(s, code, column)
        ws[cell].alignment = st.MIDDLE
    target = s.default_target(role, code)
    if needs_target(rule) and target is not None:
        ws[cells["target"]] = float(target)
    elif needs_target(rule):
        st.unlock(ws, cells["target"], inputs)
        positive = needs_positive_target(rule)
        key = "input_target" if positive else "input_target_any"
        msg = ctx.text(key, indicator=name, unit=_unit(ctx, code, "target"))
        rules.get(("t", code), lambda: dv.target_rule(ws, lang, msg, positive)).add(cells["target"])
    else:
        ws[cells["target"]] = words["na"]
        ws[cells["target"]].alignment = st.CENTER
    if needs_baseline(rule):
        st.unlock(ws, cells["baseline"], inputs)
        msg = ctx.text("input_baseline", indicator=name, unit=_unit(ctx, code, "baseline"))
        rules.get(("b", code), lambda: dv.baseline_rule(ws, lang, msg)).add(cells["baseline"])
    else:
        ws[cells["baseline"]] = words["na"]
        ws[cells["baseline"]].alignment = st.CENTER
    st.unlock(ws, cells["actual"], inputs)
    msg = ctx.text("input_actual", indicator=name, unit=_unit(ctx, code, "actual"))
    rules.get(("a", code), lambda: dv.actual_rule(ws, lang, rule, msg)).add(cells["actual"])


def _score(ws: Worksheet, ctx: FormContext, row: int, code: str) -> None:
    """The indicator score (the contract's formula) and the styled section-score cell."""
    rule = ctx.scheme.rule(code)
    acell, tcell, bcell = f"{L.K_ACTUAL}{row}", f"{L.K_TARGET}{row}", f"{L.K_BASELINE}{row}"
    t_ref = tcell if needs_target(rule) else None
    b_ref = bcell if needs_baseline(rule) else None
    sc = ws[f"{L.K_SCORE}{row}"]
    sc.value = fc.indicator_formula(rule, acell, t_ref, b_ref, ctx.words["invalid"])
    sc.number_format, sc.border, sc.fill = st.SCORE_FORMAT, st.BORDER, st.SCORE_FILL
    sc.alignment = st.MIDDLE
    ss = ws[f"{L.K_SECTION_SCORE}{row}"]
    ss.border, ss.fill, ss.alignment = st.BORDER, st.SCORE_FILL, st.MIDDLE


def _section_scores(ws: Worksheet, ctx: FormContext, slot: L.Slot) -> None:
    for _section, r0, r1 in slot.section_blocks:
        c = ws[f"{L.K_SECTION_SCORE}{r0}"]
        c.value = fc.section_formula(
            f"{L.K_WEIGHT}{r0}:{L.K_WEIGHT}{r1}",
            f"{L.K_SCORE}{r0}:{L.K_SCORE}{r1}",
            r1 - r0 + 1,
            ctx.words["invalid"],
        )
        c.number_format = st.SCORE_FORMAT
        c.font = Font(bold=True)


def _finish(ws: Worksheet, ctx: FormContext) -> tuple[NamedRange, ...]:
    """Conditional formats, panes, widths, printing and protection; the sheet's defined names."""
    last = ctx.layout.kpi_last_row
    first = L.FIRST_ROW
    ws.conditional_formatting.add(
        f"{L.K_ACTUAL}{first}:{L.K_ACTUAL}{last}",
        FormulaRule(
            formula=[f'AND(${L.K_ID}{first}<>"",{L.K_ACTUAL}{first}="")'], fill=st.MISSING_FILL
        ),
    )
    invalid = fc.text_literal(ctx.words["invalid"])
    for col in (L.K_SCORE, L.K_SECTION_SCORE):
        ws.conditional_formatting.add(
            f"{col}{first}:{col}{last}",
            CellIsRule(
                operator="equal", formula=[invalid], fill=st.INVALID_FILL, font=st.INVALID_FONT
            ),
        )
    ws.freeze_panes = f"C{first}"
    st.widths(ws, WIDTHS)
    st.print_setup(ws, ctx.headers, f"{L.HEADER_ROW}:{L.HEADER_ROW}")
    ws.auto_filter.ref = None
    st.protect(ws)
    return tuple(
        NamedRange(name, "kpi", f"${col}${first}:${col}${last}")
        for name, col in (
            ("XLPERF_ACTUAL", L.K_ACTUAL),
            ("XLPERF_TARGET", L.K_TARGET),
            ("XLPERF_BASELINE", L.K_BASELINE),
        )
    )
