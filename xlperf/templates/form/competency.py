"""The competency sheet (能力评估): per employee one row per rater, then the dimension scores.

Each employee has ``raters_max`` rater rows (the scheme's limit): the rater
group (a drop-down of the scheme's groups, locked when there is only one),
the rater's name or id, and one rating per dimension from the scale's
drop-down. Empty rows are ignored; several raters of one group are averaged,
then the groups present are weighted (the engine's rule). The score row
under them holds each dimension's score and the competency score.

Example:
    >>> from openpyxl import Workbook
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates.form.context import form_context
    >>> from xlperf.templates.form.roster import form_specs
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> ctx = form_context(s, form_specs(s, None, "role", 1)[0], "zh", "", "none")
    >>> out = write_competency(Workbook().active, ctx)
    >>> sorted(c for c in out.inputs if c.endswith("5")), out.names[0].name
    (['C5', 'D5', 'E5', 'F5', 'G5', 'H5', 'I5'], 'XLPERF_RATINGS')
"""

from __future__ import annotations

from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from xlperf.core.contract.aggregation import dimension_formula_rows
from xlperf.templates import compiler as fc
from xlperf.templates import layout as L
from xlperf.templates.form import style as st
from xlperf.templates.form import validation as dv
from xlperf.templates.form.context import FormContext
from xlperf.templates.form.records import NamedRange, SheetOutput
from xlperf.templates.text import rater_name


def group_words(ctx: FormContext) -> list[tuple[str, float]]:
    """The rater groups as the form names them, with their weights (the drop-down's choices)."""
    return [(rater_name(r, ctx.lang), float(w)) for r, w in ctx.scheme.raters.items()]


def write_competency(ws: Worksheet, ctx: FormContext) -> SheetOutput:
    """Fill the competency sheet; returns its input cells (groups, raters, ratings) and names."""
    s, lay, words = ctx.scheme, ctx.layout, ctx.words
    st.title(ws, ctx.text("title_competency", scheme=ctx.dn(s.scheme)), ctx.subtitle())
    dims = [s.competency_by_code[d] for d in lay.dimensions]
    labels = [words[k] for k in ("employee_id", "name", "rater_group", "rater_who")]
    st.header(ws, L.HEADER_ROW, [*labels, *(ctx.dn(d) for d in dims), words["competency_score"]])
    _weights(ws, ctx, dims)
    validations = _validations(ws, ctx)
    inputs: set[str] = set()
    for slot in lay.slots:
        for row in slot.rater_rows:
            _rater_row(ws, ctx, slot, row, (validations, inputs))
        _score_row(ws, ctx, slot)
    return SheetOutput(frozenset(inputs), _finish(ws, ctx))


def _weights(ws: Worksheet, ctx: FormContext, dims: list) -> None:
    """Row 3: each dimension's weight above its column (the competency score weighs by them)."""
    lay = ctx.layout
    c = ws[f"{L.C_RATER}{L.C_WEIGHT_ROW}"]
    c.value, c.alignment = ctx.words["dimension_weight"], st.CENTER
    for k, d in enumerate(dims):
        c = ws[f"{lay.dim_col(k)}{L.C_WEIGHT_ROW}"]
        c.value, c.border, c.alignment = float(d.weight), st.BORDER, st.CENTER


def _validations(ws: Worksheet, ctx: FormContext) -> tuple:
    """The rater-group drop-down (None with one group), the rater text check, the rating drop-down."""
    words = [w for w, _ in group_words(ctx)]
    group = None
    if len(words) > 1:
        group = dv.group_rule(ws, ctx.lang, words)
    who = dv.rule(ws, "textLength", ctx.lang, ctx.words["input_rater_who"], ctx.words["error_text"],
                  operator="between", formula1="1", formula2="50")  # fmt: skip
    return group, who, dv.rating_rule(ws, ctx.lang, ctx.scheme.rating_rule)


def _rater_row(ws: Worksheet, ctx: FormContext, slot: L.Slot, row: int, into: tuple) -> None:
    """One rater of one employee: group, name or id and a rating per dimension (inputs)."""
    (group, who, rating), inputs = into
    eid, ename = ctx.person_cells(slot)
    only = None if group is not None else group_words(ctx)[0][0]
    for k, v in enumerate([eid, ename, only], start=1):
        c = st.put(ws, row, k, v)
        c.border, c.alignment = st.BORDER, st.WRAP
    ratings = [f"{ctx.layout.dim_col(k)}{row}" for k in range(len(ctx.layout.dimensions))]
    typed = [(who, f"{L.C_RATER}{row}")] + [(rating, cell) for cell in ratings]
    if group is not None:
        typed.insert(0, (group, f"{L.C_GROUP}{row}"))
    for validation, cell in typed:
        ws[cell].border, ws[cell].alignment = st.BORDER, st.CENTER
        st.unlock(ws, cell, inputs)
        validation.add(cell)


def _score_row(ws: Worksheet, ctx: FormContext, slot: L.Slot) -> None:
    """Each dimension's score over the rater rows, and the competency score, on the score row."""
    s, lay, r = ctx.scheme, ctx.layout, slot.comp_score_row
    r0, r1 = slot.rater_rows[0], slot.rater_rows[-1]
    eid, ename = ctx.person_cells(slot)
    for k, v in enumerate([eid, ename, ctx.words["dimension_score"]], start=1):
        c = st.put(ws, r, k, v)
        c.border, c.font = st.BLOCK_END, Font(bold=True)
    groups = f"${L.C_GROUP}${r0}:${L.C_GROUP}${r1}"
    for k in range(len(lay.dimensions)):
        col = lay.dim_col(k)
        c = ws[f"{col}{r}"]
        c.value = dimension_formula_rows(
            s.rating_rule, f"{col}{r0}:{col}{r1}", groups, group_words(ctx), ctx.words["invalid"]
        )
        c.number_format, c.fill, c.alignment = st.SCORE_FORMAT, st.SCORE_FILL, st.CENTER
    first, last = lay.dim_col(0), lay.dim_col(len(lay.dimensions) - 1)
    c = ws[f"{lay.comp_score_col}{r}"]
    c.value = fc.section_formula(
        f"${first}${L.C_WEIGHT_ROW}:${last}${L.C_WEIGHT_ROW}",
        f"{first}{r}:{last}{r}",
        len(lay.dimensions),
        ctx.words["invalid"],
    )
    c.number_format, c.font, c.fill = st.SCORE_FORMAT, Font(bold=True), st.SCORE_FILL
    for k in range(1, lay.comp_last_col + 1):
        ws.cell(r, k).border = st.BLOCK_END


def _finish(ws: Worksheet, ctx: FormContext) -> tuple[NamedRange, ...]:
    lay, first = ctx.layout, L.FIRST_ROW
    last = lay.comp_last_row
    d0, d1 = lay.dim_col(0), lay.dim_col(len(lay.dimensions) - 1)
    label = fc.text_literal(ctx.words["dimension_score"])
    ws.conditional_formatting.add(
        f"{d0}{first}:{d1}{last}",
        FormulaRule(
            formula=[f'AND(${L.C_GROUP}{first}={label},$A{first}<>"",{d0}{first}="")'],
            fill=st.MISSING_FILL,
        ),
    )
    invalid = fc.text_literal(ctx.words["invalid"])
    ws.conditional_formatting.add(
        f"{d0}{first}:{lay.comp_score_col}{last}",
        CellIsRule(operator="equal", formula=[invalid], fill=st.INVALID_FILL, font=st.INVALID_FONT),
    )
    ws.freeze_panes = f"E{first}"
    dims = {lay.dim_col(k): 12 for k in range(len(lay.dimensions))}
    st.widths(ws, {"A": 11, "B": 10, "C": 12, "D": 16, **dims, lay.comp_score_col: 11})
    st.print_setup(ws, ctx.headers, f"{L.HEADER_ROW}:{L.HEADER_ROW}")
    st.protect(ws)
    return (NamedRange("XLPERF_RATINGS", "competency", f"${d0}${first}:${d1}${last}"),)
