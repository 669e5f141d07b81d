"""The Calibration sheet: per group and grade the quota and the counts, then every event with its reason.

Example:
    >>> group_label(None, "zh"), group_label("销售一部", "zh")
    ('全公司', '销售一部')
"""

from __future__ import annotations

from xlperf.core.engine import Results
from xlperf.io.workbook import Workbook, block_ref
from xlperf.master import sheets as S
from xlperf.master.outputs.common import clean
from xlperf.messages.glossary import term


def group_label(group: object, lang: str) -> str:
    """A calibration group's name; the whole company when the scope is company-wide."""
    value = clean(group)
    return str(value) if value not in (None, "") else term("company", lang)


KINDS = ("demoted", "tie_at_quota", "observation", "excluded", "override", "quota_exceeded_by_tie", "tie_broken")
TABLE = ["group", "group_size", "grade", "quota_percent", "allowed", "absolute_count", "final_count"]
POLICY = ["handling", "excluded_count", "excess", "warning"]


def table_rows(results: Results, lang: str) -> list[list]:
    """Per group and grade: the quota and the counts, the policy's handling, excess and warnings."""
    cal = results.calibration
    handling = S.text("handling", lang)
    note = "note_zh" if lang == "zh" else "note_en"
    rows = []
    for rec in cal.to_dict(orient="records"):
        row = [group_label(rec["group"], lang), *[clean(rec.get(c)) for c in TABLE[1:]]]
        row.append(handling.get(rec.get("handling"), clean(rec.get("handling"))))
        row += [clean(rec.get(c)) for c in POLICY[1:]]
        row.append(clean(rec.get(note)))
        rows.append(row)
    return rows


def _event_rows(results: Results, lang: str) -> list[list]:
    emp = results.employees
    names = dict(zip(emp["employee_id"].tolist(), emp["name"].tolist(), strict=True))
    scores = dict(zip(emp["employee_id"].tolist(), emp["final_score"].tolist(), strict=True))
    kinds = {k: term(k, lang) for k in KINDS}
    reason = "reason_zh" if lang == "zh" else "reason_en"
    rows = []
    for r in results.events.itertuples(index=False):
        rows.append([
            r.employee_id,
            clean(names.get(r.employee_id)),
            group_label(r.group, lang),
            kinds.get(r.kind, r.kind),
            clean(scores.get(r.employee_id)),
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
    rows: list[list] = [[S.text("calibration_title", lang)], list(S.text("calibration_cols", lang)), *table_rows(results, lang)]
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
