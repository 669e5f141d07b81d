"""One form as an openpyxl workbook: the sheets in order, names, protection and properties.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates.form.roster import form_specs
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> wb = build_workbook(s, form_specs(s, None, "role", 2)[0], "en", "yaml")
    >>> wb.sheetnames
    ['Instructions', 'KPI', 'Competency', 'Summary', 'Commitment letters', 'Rules', '_xlperf']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

import xlperf
from xlperf.core.scheme import Scheme
from xlperf.templates.form.competency import write_competency
from xlperf.templates.form.context import FormContext, form_context
from xlperf.templates.form.instructions import write_instructions
from xlperf.templates.form.kpi import write_kpi
from xlperf.templates.form.letters import write_letters
from xlperf.templates.form.meta_sheet import SealReceipt, locked_cells, write_meta
from xlperf.templates.form.records import FormSpec, SheetOutput
from xlperf.templates.form.rules import write_rules
from xlperf.templates.form.style import quote_sheet
from xlperf.templates.form.summary import write_summary
from xlperf.templates.seal import Seal

FIXED_TIME = datetime(2026, 1, 1)

#: the order the sheets are filled in (a later sheet refers to an earlier one's cells)
WRITERS: tuple[tuple[str, Callable[[Worksheet, FormContext], SheetOutput]], ...] = (
    ("kpi", write_kpi),
    ("competency", write_competency),
    ("summary", write_summary),
    ("letters", write_letters),
    ("rules", write_rules),
    ("instructions", write_instructions),
)


@dataclass(frozen=True)
class BuiltForm:
    """A form's workbook (not saved) and, when it was sealed, what the cycle manifest records."""

    workbook: Workbook
    receipt: SealReceipt | None


def build_workbook(
    scheme: Scheme,
    spec: FormSpec,
    lang: str = "zh",
    yaml_text: str = "",
    roster_fp: str = "none",
) -> Workbook:
    """One form as an openpyxl workbook (not saved, not sealed)."""
    return build_form(scheme, spec, lang, yaml_text, roster_fp).workbook


def build_form(
    scheme: Scheme,
    spec: FormSpec,
    lang: str = "zh",
    yaml_text: str = "",
    roster_fp: str = "none",
    seal: Seal | None = None,
) -> BuiltForm:
    """One form; cells are written in a fixed order. ``seal``: issue it in a cycle (keyed MACs)."""
    ctx = form_context(scheme, spec, lang, yaml_text, roster_fp)
    wb = Workbook()
    sheets = _create_sheets(wb, ctx)
    inputs: dict[str, frozenset[str]] = {}
    for key, write in WRITERS:
        if key not in sheets:
            continue
        out = write(sheets[key], ctx)
        inputs[key] = out.inputs
        for n in out.names:
            ref = f"{quote_sheet(ctx.names[n.sheet_key])}!{n.ref}"
            wb.defined_names[n.name] = DefinedName(n.name, attr_text=ref)
    receipt = write_meta(wb, ctx, locked_cells(sheets, inputs), seal)
    _finish(wb, ctx)
    return BuiltForm(wb, receipt)


def _create_sheets(wb: Workbook, ctx: FormContext) -> dict[str, Worksheet]:
    """The visible sheets, named in the form's language, in their final order."""
    sheets: dict[str, Worksheet] = {}
    first = wb.active
    for key, name in ctx.names.items():
        ws = first if key == "instructions" else wb.create_sheet()
        ws.title = name
        sheets[key] = ws
    return sheets


def _finish(wb: Workbook, ctx: FormContext) -> None:
    wb.calculation.fullCalcOnLoad = True
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.creator = f"xlperf {xlperf.__version__}"
    wb.properties.title = ctx.scheme.scheme.name
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.active = 1
