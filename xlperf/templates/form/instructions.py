"""The instructions sheet (说明): how to fill in the form, in the form's language.

Example:
    >>> from openpyxl import Workbook
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates.form.context import form_context
    >>> from xlperf.templates.form.roster import form_specs
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> ctx = form_context(s, form_specs(s, None, "role", 1)[0], "zh", "", "none")
    >>> ws = Workbook().active
    >>> _ = write_instructions(ws, ctx)
    >>> ws["A4"].value.startswith("空白表")
    True
"""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from xlperf.templates import compiler as fc
from xlperf.templates import layout as L
from xlperf.templates.form import style as st
from xlperf.templates.form.context import FormContext
from xlperf.templates.form.records import SheetOutput

TOP = Alignment(wrap_text=True, vertical="top")


def write_instructions(ws: Worksheet, ctx: FormContext) -> SheetOutput:
    """One numbered instruction per row from row 4 (blank forms: how to type the employee list first)."""
    s, words = ctx.scheme, ctx.words
    st.title(ws, ctx.text("title_instructions", scheme=ctx.dn(s.scheme)), ctx.subtitle())
    names = {k: ctx.names.get(k, "") for k in L.SHEET_KEYS}
    lo, hi = fc.num(s.rating_scale.min), fc.num(s.rating_scale.max)
    lines = words["instructions"].format(lo=lo, hi=hi, **names).split("\n")
    if ctx.spec.blank:
        lines.insert(0, words["instructions_blank"].format(**names))
    for k, line in enumerate(lines, start=4):
        c = ws.cell(k, 1, line)
        c.alignment = TOP
        ws.row_dimensions[k].height = 34
    ws.column_dimensions["A"].width = 120
    st.print_setup(ws, ctx.headers, None)
    ws.print_options.horizontalCentered = False
    st.protect(ws)
    return SheetOutput()
