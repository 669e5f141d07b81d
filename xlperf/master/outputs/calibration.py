"""The Calibration sheet: per group and grade the quota and the counts, then every event with its reason.

Example:
    >>> group_label(None, "zh"), group_label("销售一部", "zh")
    ('全公司', '销售一部')
"""

from __future__ import annotations

from xlperf.core.engine import Results
from xlperf.io.workbook import Workbook, block_ref
from xlperf.master import sheets as S
from xlperf.master.outputs.common import clean, frame_rows
from xlperf.messages.glossary import term


def group_label(group: object, lang: str) -> str:
    """A calibration group's name; the whole company when the scope is company-wide."""
    value = clean(group)
    return str(value) if value not in (None, "") else term("company", lang)


def _event_rows(results: Results, lang: str) -> list[list]:
    emp = results.employees.set_index("employee_id")
    kinds = {k: term(k, lang) for k in ("demoted", "tie_at_quota", "observation")}
    reason = "reason_zh" if lang == "zh" else "reason_en"
    rows = []
    for r in results.events.itertuples(index=False):
        rows.append([
            r.employee_id,
            clean(emp["name"].get(r.employee_id)),
            group_label(r.group, lang),
            kinds.get(r.kind, r.kind),
            clean(emp["final_score"].get(r.employee_id)),
            clean(r.from_grade),
            clean(r.to_grade),
            clean(r.allowed),
            clean(r.group_size),
            getattr(r, reason),
        ])
    return rows


def write_calibration_sheet(book: Workbook, results: Results, lang: str) -> str:
    name = S.sheet("calibration", lang)
    book.replace_sheet(name)
    cal = results.calibration.copy()
    cal["group"] = [group_label(g, lang) for g in cal["group"]]
    rows: list[list] = [[S.text("calibration_title", lang)], list(S.text("calibration_cols", lang)), *frame_rows(cal)]
    rows += [[], [S.text("events_title", lang)], list(S.text("events_cols", lang))]
    ev_start = len(rows) + 1
    events = _event_rows(results, lang)
    rows += events or [[S.text("no_events", lang)]]
    book.write_block(name, "A1", rows)
    caps = book.capabilities
    if "column_width" in caps:
        widths = dict(zip("ABCDEFGHIJ", (14, 12, 14, 14, 12, 12, 12, 10, 10, 60), strict=True))
        book.column_widths(name, widths)
    if "number_format" in caps and events:
        book.number_format(name, block_ref(ev_start, 5, len(events), 1), "0.00")
    if "conditional_format" in caps and events:
        ref = block_ref(ev_start, 4, len(events), 1)
        book.conditional_fill(name, ref, f'$D{ev_start}="{term("demoted", lang)}"', "FFEB9C")
        book.conditional_fill(name, ref, f'$D{ev_start}="{term("observation", lang)}"', "FFC7CE")
    return name
