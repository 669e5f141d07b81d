"""The competency sheet (能力评估): employees × dimensions × rater groups, ratings from a drop-down.

Example:
    >>> from openpyxl import Workbook
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates.form.context import form_context
    >>> from xlperf.templates.form.roster import form_specs
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> ctx = form_context(s, form_specs(s, None, "role", 1)[0], "zh", "", "none")
    >>> out = write_competency(Workbook().active, ctx)
    >>> "E5" in out.inputs, out.names[0].name
    (True, 'XLPERF_RATINGS')
"""

from __future__ import annotations

from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from xlperf.templates import compiler as fc
from xlperf.templates import layout as L
from xlperf.templates.form import style as st
from xlperf.templates.form import validation as dv
from xlperf.templates.form.context import FormContext
from xlperf.templates.form.records import NamedRange, SheetOutput
from xlperf.templates.text import rater_name


def write_competency(ws: Worksheet, ctx: FormContext) -> SheetOutput:
    """Fill the competency sheet; returns its input cells (the ratings) and defined names."""
    s, lay, words = ctx.scheme, ctx.layout, ctx.words
    st.title(ws, ctx.text("title_competency", scheme=ctx.dn(s.scheme)), ctx.subtitle())
    raters = [
        ctx.text("rater_header", rater=rater_name(r, ctx.lang), weight=fc.num(s.raters[r]))
        for r in lay.raters
    ]
    labels = [words[k] for k in ("employee_id", "name", "dimension", "dimension_weight")]
    st.header(
        ws, L.HEADER_ROW, [*labels, *raters, words["dimension_score"], words["competency_score"]]
    )
    rating = dv.rating_rule(ws, ctx.lang, s.rating_rule)
    inputs: set[str] = set()
    for slot in lay.slots:
        for row, dim in slot.comp_rows:
            _dimension_row(ws, ctx, slot, (row, dim), (rating, inputs))
        _competency_score(ws, ctx, slot)
    return SheetOutput(frozenset(inputs), _finish(ws, ctx))


def _dimension_row(
    ws: Worksheet, ctx: FormContext, slot: L.Slot, at: tuple[int, str], into: tuple
) -> None:
    """One employee × dimension row: labels, one rating input per rater group, the dimension score."""
    (row, dim), (rating, inputs) = at, into
    s, lay = ctx.scheme, ctx.layout
    eid, ename = ctx.person_cells(slot)
    comp = s.competency_by_code[dim]
    for k, v in enumerate([eid, ename, ctx.dn(comp), float(comp.weight)], start=1):
        c = st.put(ws, row, k, v)
        c.border, c.alignment = st.BORDER, st.WRAP
    cells = []
    for k in range(len(lay.raters)):
        cell = f"{lay.rater_col(k)}{row}"
        ws[cell].border, ws[cell].alignment = st.BORDER, st.CENTER
        st.unlock(ws, cell, inputs)
        rating.add(cell)
        cells.append(cell)
    weights = [float(s.raters[r]) for r in lay.raters]
    c = ws[f"{lay.dim_score_col}{row}"]
    c.value = fc.dimension_formula(s.rating_rule, cells, weights, ctx.words["invalid"])
    c.number_format, c.border, c.fill = st.SCORE_FORMAT, st.BORDER, st.SCORE_FILL
    ws[f"{lay.comp_score_col}{row}"].border = st.BORDER
    ws[f"{lay.comp_score_col}{row}"].fill = st.SCORE_FILL


def _competency_score(ws: Worksheet, ctx: FormContext, slot: L.Slot) -> None:
    """The employee's competency score (weighted over dimensions) on the block's first row."""
    lay = ctx.layout
    r0, r1 = slot.comp_rows[0][0], slot.comp_rows[-1][0]
    c = ws[f"{lay.comp_score_col}{r0}"]
    c.value = fc.section_formula(
        f"{L.C_WEIGHT}{r0}:{L.C_WEIGHT}{r1}",
        f"{lay.dim_score_col}{r0}:{lay.dim_score_col}{r1}",
        r1 - r0 + 1,
        ctx.words["invalid"],
    )
    c.number_format, c.font = st.SCORE_FORMAT, Font(bold=True)
    for k in range(1, lay.comp_last_col + 1):
        ws.cell(r1, k).border = st.BLOCK_END


def _finish(ws: Worksheet, ctx: FormContext) -> tuple[NamedRange, ...]:
    lay, first = ctx.layout, L.FIRST_ROW
    last = lay.comp_last_row
    dim = lay.dim_score_col
    ws.conditional_formatting.add(
        f"{dim}{first}:{dim}{last}",
        FormulaRule(formula=[f'AND($A{first}<>"",{dim}{first}="")'], fill=st.MISSING_FILL),
    )
    invalid = fc.text_literal(ctx.words["invalid"])
    for col in (dim, lay.comp_score_col):
        ws.conditional_formatting.add(
            f"{col}{first}:{col}{last}",
            CellIsRule(
                operator="equal", formula=[invalid], fill=st.INVALID_FILL, font=st.INVALID_FONT
            ),
        )
    ws.freeze_panes = f"C{first}"
    raters = {lay.rater_col(k): 12 for k in range(len(lay.raters))}
    st.widths(ws, {"A": 11, "B": 10, "C": 14, "D": 10, **raters, dim: 11, lay.comp_score_col: 11})
    st.print_setup(ws, ctx.headers, f"{L.HEADER_ROW}:{L.HEADER_ROW}")
    first_r, last_r = lay.rater_col(0), lay.rater_col(len(lay.raters) - 1)
    st.protect(ws)
    return (NamedRange("XLPERF_RATINGS", "competency", f"${first_r}${first}:${last_r}${last}"),)
