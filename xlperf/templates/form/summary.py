"""The summary sheet (汇总): section scores, final score, provisional grade and department rank.

On a blank form the employee list (id, name, department) is typed here and
the other sheets follow it.

Example:
    >>> from openpyxl import Workbook
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates.form.context import form_context
    >>> from xlperf.templates.form.roster import form_specs
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> ctx = form_context(s, form_specs(s, None, "role", 1)[0], "zh", "", "none")
    >>> out = write_summary(Workbook().active, ctx)
    >>> sorted(out.inputs), [n.name for n in out.names]
    (['A5', 'B5', 'C5'], ['XLPERF_EMPLOYEES', 'XLPERF_FINAL'])
"""

from __future__ import annotations

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from xlperf.templates import compiler as fc
from xlperf.templates import layout as L
from xlperf.templates.form import style as st
from xlperf.templates.form import validation as dv
from xlperf.templates.form.context import FormContext
from xlperf.templates.form.records import NamedRange, SheetOutput


def write_summary(ws: Worksheet, ctx: FormContext) -> SheetOutput:
    """Fill the summary sheet; returns its input cells (blank forms: the employee list) and names."""
    s, words = ctx.scheme, ctx.words
    st.title(ws, ctx.text("title_summary", scheme=ctx.dn(s.scheme)), ctx.subtitle())
    ws["A3"] = words["summary_note"]
    ws["A3"].font = Font(italic=True, color="C00000")
    sections = [f"{ctx.dn(x)}\n({fc.num(x.weight)}%)" for x in s.sections]
    rank = words["dept_rank"] if ctx.spec.per == "department" else words["dept_rank_form"]
    labels = [words[k] for k in ("employee_id", "name", "department", "role")]
    tail = [words[k] for k in ("final", "grade", "grade_label")]
    st.header(ws, L.HEADER_ROW, [*labels, *sections, *tail, rank, words["rank_key"]])
    inputs: set[str] = set()
    rules = dv.Rules()
    for slot in ctx.layout.slots:
        _employee(ws, ctx, slot, rules, inputs)
        _scores(ws, ctx, slot)
    return SheetOutput(frozenset(inputs), _finish(ws, ctx))


def _employee(
    ws: Worksheet, ctx: FormContext, slot: L.Slot, rules: dv.Rules, inputs: set[str]
) -> None:
    """Columns A:D: the roster's employee, or yellow inputs on a blank form; the role."""
    r = slot.summary_row
    p = ctx.spec.people[slot.index]
    role = ctx.scheme.role_by_id[slot.role]
    values = [p.employee_id, p.name, p.department] if p is not None else [None, None, None]
    for k, v in enumerate([*values, ctx.dn(role)], start=1):
        c = st.put(ws, r, k, v)
        c.border, c.alignment = st.BORDER, st.WRAP
    if p is None:
        text = rules.get("text", lambda: dv.text_rule(ws, ctx.lang))
        for col in (L.S_ID, L.S_NAME, L.S_DEPT):
            st.unlock(ws, f"{col}{r}", inputs)
            text.add(f"{col}{r}")


def _section_source(ctx: FormContext, slot: L.Slot, section_id: str) -> str | None:
    """Where a section's score of this employee is computed (KPI or competency sheet)."""
    lay, s = ctx.layout, ctx.scheme
    if lay.has_competency and section_id == s.competency_section:
        return ctx.ref("competency", f"{lay.comp_score_col}{slot.comp_rows[0][0]}")
    block = next((b for b in slot.section_blocks if b[0] == section_id), None)
    return ctx.ref("kpi", f"{L.K_SECTION_SCORE}{block[1]}") if block else None


def _scores(ws: Worksheet, ctx: FormContext, slot: L.Slot) -> None:
    """Section scores, final score, rank key, grade, grade label and rank of one employee."""
    s, lay, r = ctx.scheme, ctx.layout, slot.summary_row
    section_cells = []
    for k, section in enumerate(s.sections):
        cell = ws[f"{lay.section_col(k)}{r}"]
        src = _section_source(ctx, slot, section.id)
        cell.value = f'=IF({src}="","",{src})' if src else ""
        cell.number_format, cell.border, cell.fill = st.SCORE_FORMAT, st.BORDER, st.SCORE_FILL
        section_cells.append(f"{lay.section_col(k)}{r}")
    fin, key = f"{lay.final_col}{r}", f"{lay.key_col}{r}"
    weights = [float(x.weight) for x in s.sections]
    ws[fin] = fc.final_formula(weights, section_cells, ctx.words["invalid"])
    ws[key] = fc.round_key_formula(fin)
    ws[f"{lay.grade_col}{r}"] = fc.grade_formula(key, [(g.grade, float(g.min)) for g in s.grades])
    ws[f"{lay.label_col}{r}"] = _label_formula(ctx, f"{lay.grade_col}{r}")
    last = lay.summary_last_row
    ws[f"{lay.rank_col}{r}"] = fc.rank_formula(
        key,
        f"${lay.key_col}${L.FIRST_ROW}:${lay.key_col}${last}",
        f"${L.S_DEPT}{r}",
        f"${L.S_DEPT}${L.FIRST_ROW}:${L.S_DEPT}${last}",
    )
    for col in (lay.final_col, lay.grade_col, lay.label_col, lay.rank_col, lay.key_col):
        c = ws[f"{col}{r}"]
        c.border, c.fill, c.alignment = st.BORDER, st.SCORE_FILL, st.CENTER
    ws[fin].number_format = st.SCORE_FORMAT
    ws[fin].font = Font(bold=True)
    ws.row_dimensions[r].height = 20
    ws[key].number_format = "0.000000"


def _label_formula(ctx: FormContext, grade_cell: str) -> str:
    """The grade's meaning (from the scheme) next to the grade letter."""
    label = '""'
    for g in reversed(ctx.scheme.grades):
        grade, text = fc.text_literal(g.grade), fc.text_literal(ctx.dn(g))
        label = f"IF({grade_cell}={grade},{text},{label})"
    return f"={label}"


def _finish(ws: Worksheet, ctx: FormContext) -> tuple[NamedRange, ...]:
    s, lay, first = ctx.scheme, ctx.layout, L.FIRST_ROW
    last = lay.summary_last_row
    grades = f"{lay.grade_col}{first}:{lay.grade_col}{last}"
    for k, g in enumerate(s.grades):
        last_grade = k == len(s.grades) - 1
        color = (
            st.GRADE_FILLS[-1] if last_grade else st.GRADE_FILLS[min(k, len(st.GRADE_FILLS) - 1)]
        )
        fill = PatternFill("solid", fgColor=color)
        rule = CellIsRule(
            operator="equal", formula=[fc.text_literal(g.grade)], fill=fill, font=Font(bold=True)
        )
        ws.conditional_formatting.add(grades, rule)
    invalid = fc.text_literal(ctx.words["invalid"])
    ws.conditional_formatting.add(
        f"{lay.section_col(0)}{first}:{lay.final_col}{last}",
        CellIsRule(operator="equal", formula=[invalid], fill=st.INVALID_FILL, font=st.INVALID_FONT),
    )
    ws.column_dimensions[lay.key_col].hidden = True
    ws.freeze_panes = f"C{first}"
    sections = {lay.section_col(k): 13 for k in range(len(s.sections))}
    tail = {
        lay.final_col: 11,
        lay.grade_col: 10,
        lay.label_col: 14,
        lay.rank_col: 10,
        lay.key_col: 14,
    }
    st.widths(ws, {"A": 12, "B": 12, "C": 14, "D": 16, **sections, **tail})
    st.print_setup(ws, ctx.headers, f"{L.HEADER_ROW}:{L.HEADER_ROW}")
    names = []
    if ctx.spec.blank:
        names.append(
            NamedRange("XLPERF_EMPLOYEES", "summary", f"${L.S_ID}${first}:${L.S_DEPT}${last}")
        )
    names.append(
        NamedRange("XLPERF_FINAL", "summary", f"${lay.final_col}${first}:${lay.final_col}${last}")
    )
    st.protect(ws)
    return tuple(names)
