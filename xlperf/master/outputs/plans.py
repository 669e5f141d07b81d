"""The Improvement plans sheet (改进计划): the outcomes of earlier plans, then the period's new plans.

One row per plan: employee, name, department, the plan's period, its due
date, the indicators below target with their scores, the status (open, met,
not met, in the sheet's language) and, once judged, the period and grade
that decided it.

Example:
    >>> import pandas as pd
    >>> plans = pd.DataFrame({"employee_id": ["E1"], "name": ["甲"], "department": ["D"], "period": ["2026Q1"],
    ...                       "due_date": ["2026-06-30"], "indicators": ["REV 72.50"], "status": ["not met"],
    ...                       "outcome_period": ["2026Q2"], "outcome_grade": ["D"]})
    >>> plan_rows(plans, "zh")[0][6], plan_rows(plans, "en")[0][6]
    ('未达标', 'not met')
"""

from __future__ import annotations

import pandas as pd

from xlperf.core.history.view import MET, NOT_MET, OPEN, PLAN_COLUMNS
from xlperf.io.workbook import Workbook, block_ref
from xlperf.master import sheets as S
from xlperf.master.outputs.common import frame_rows
from xlperf.master.outputs.present import PrintContext, SheetSpec, present_sheet
from xlperf.messages.glossary import term

STATUS_TERMS = {OPEN: "plan_open", MET: "plan_met", NOT_MET: "plan_not_met"}


def plan_rows(plans: pd.DataFrame | None, lang: str) -> list[list]:
    """The plans as sheet rows, the status in ``lang``."""
    if plans is None or not len(plans):
        return []
    frame = plans.reindex(columns=list(PLAN_COLUMNS)).copy()
    frame["status"] = frame["status"].map(
        lambda s: term(STATUS_TERMS[s], lang) if s in STATUS_TERMS else s
    )
    frame = frame.fillna({"name": "", "department": "", "indicators": ""})
    return frame_rows(frame)


def write_plans_sheet(
    book: Workbook, plans: pd.DataFrame | None, lang: str, context: PrintContext | None = None
) -> str:
    """Write (replace) the Improvement plans / 改进计划 sheet; returns its name."""
    name = S.sheet("plans", lang)
    book.replace_sheet(name)
    rows = plan_rows(plans, lang)
    header = list(S.text("plans_cols", lang))
    every = [header, *(rows or [[S.text("plans_none", lang)]])]
    book.write_block(name, "A1", every)
    spec = SheetSpec(n_rows=len(rows), n_cols=len(header), id_cols=2, table=f"xlperf_plans_{lang}")
    present_sheet(book, name, spec, context or PrintContext(lang), every)
    if "conditional_format" in book.capabilities and rows:
        ref = block_ref(2, 7, len(rows), 1)
        book.conditional_fill(name, ref, f'$G2="{term("plan_not_met", lang)}"', "FFC7CE")
        book.conditional_fill(name, ref, f'$G2="{term("plan_met", lang)}"', "C6EFCE")
    return name
