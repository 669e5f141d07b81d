"""The commitment letters (业绩承诺书): one printable page per employee, with signature lines.

Example:
    >>> from openpyxl import Workbook
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates.form.context import form_context
    >>> from xlperf.templates.form.roster import form_specs
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> ctx = form_context(s, form_specs(s, None, "role", 2)[0], "zh", "", "none")
    >>> ws = Workbook().active
    >>> _ = write_letters(ws, ctx)
    >>> ws["A1"].value, len(ws.row_breaks.brk)
    ('业绩承诺书', 1)
"""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from xlperf.core.contract import describe, needs_target
from xlperf.templates import compiler as fc
from xlperf.templates import layout as L
from xlperf.templates.form import style as st
from xlperf.templates.form.context import FormContext
from xlperf.templates.form.records import SheetOutput

LAST_COLUMN = 5


def write_letters(ws: Worksheet, ctx: FormContext) -> SheetOutput:
    """One letter per employee slot, a page break after each; nothing to fill in."""
    row = 1
    breaks = []
    for slot in ctx.layout.slots:
        row = _letter_head(ws, ctx, slot, row)
        row = _letter_indicators(ws, ctx, slot, row)
        row += 1
        ws.cell(row, 1, ctx.words["letter_sign_employee"])
        row += 2
        ws.cell(row, 1, ctx.words["letter_sign_manager"])
        breaks.append(row)
        row += 2
    for r in breaks[:-1]:
        ws.row_breaks.append(Break(id=r + 1))
    st.widths(ws, {"A": 22, "B": 9, "C": 12, "D": 18, "E": 40})
    st.print_setup(ws, ctx.headers, None, landscape=False)
    st.protect(ws)
    return SheetOutput()


def _merged(ws: Worksheet, row: int) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=LAST_COLUMN)


def _employee_line(ctx: FormContext, slot: L.Slot) -> str:
    """Who the letter is for: text with a roster, a formula on the summary's typed list when blank."""
    p = ctx.spec.people[slot.index]
    role = ctx.dn(ctx.scheme.role_by_id[slot.role])
    if p is not None:
        return ctx.text(
            "letter_employee", name=p.name, id=p.employee_id, dept=p.department, role=role
        )
    refs = {"name": L.S_NAME, "id": L.S_ID, "dept": L.S_DEPT}
    marked = ctx.text(
        "letter_employee", name="\x00name\x00", id="\x00id\x00", dept="\x00dept\x00", role=role
    )
    pieces = []
    for k, part in enumerate(marked.split("\x00")):
        if k % 2:
            pieces.append(ctx.ref("summary", f"${refs[part]}${slot.summary_row}"))
        elif part:
            pieces.append(fc.text_literal(part))
    return st.Formula("=" + "&".join(pieces))


def _letter_head(ws: Worksheet, ctx: FormContext, slot: L.Slot, row: int) -> int:
    """Title, employee line, commitment text and the table header; returns the next row."""
    words = ctx.words
    ws.cell(row, 1, words["letter_title"]).font = st.TITLE_FONT
    _merged(ws, row)
    ws.cell(row, 1).alignment = Alignment(horizontal="center")
    ws.row_dimensions[row].height = 26
    row += 1
    st.put(ws, row, 1, _employee_line(ctx, slot))
    _merged(ws, row)
    row += 1
    intro = ctx.text("letter_intro", period=ctx.period, scheme=ctx.dn(ctx.scheme.scheme))
    st.put(ws, row, 1, intro).alignment = st.WRAP
    _merged(ws, row)
    ws.row_dimensions[row].height = 32
    row += 1
    st.header(ws, row, [words[k] for k in ("indicator", "weight", "target", "source", "method")])
    return row + 1


def _letter_indicators(ws: Worksheet, ctx: FormContext, slot: L.Slot, row: int) -> int:
    """One line per indicator: name, weight, target (from the KPI sheet), source, rule."""
    s, words = ctx.scheme, ctx.words
    role = s.role_by_id[slot.role]
    for krow, code, _ in slot.kpi_rows:
        ind, rule = s.indicator_by_code[code], s.rule(code)
        src = ctx.ref("kpi", f"${L.K_TARGET}${krow}")
        weight = next(ri.weight for ri in role.indicators if ri.code == code)
        target = st.Formula(f'=IF({src}="","",{src})') if needs_target(rule) else words["na"]
        source = (ind.source_en if ctx.lang == "en" and ind.source_en else ind.source) or words[
            "na"
        ]
        values = [ctx.dn(ind), float(weight), target, source, describe(rule, ctx.lang)]
        for k, v in enumerate(values, start=1):
            c = st.put(ws, row, k, v)
            c.border, c.alignment = st.BORDER, st.WRAP
        ws.cell(row, 2).number_format = "General"
        ws.cell(row, 3).number_format = st.number_format(s, code, "target")
        ws.row_dimensions[row].height = 32
        row += 1
    return row
