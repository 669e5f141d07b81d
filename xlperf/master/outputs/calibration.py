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
from xlperf.master.outputs.naming import flag_words
from xlperf.master.outputs.present import (
    SCORE,
    PrintContext,
    SheetSpec,
    fit_widths,
    present_sheet,
    rows_columns,
)
from xlperf.messages.glossary import TERMS, term


def group_label(group: object, lang: str) -> str:
    """A calibration group's name; the whole company when the scope is company-wide."""
    value = clean(group)
    return str(value) if value not in (None, "") else term("company", lang)


KINDS = (
    "demoted",
    "tie_at_quota",
    "observation",
    "excluded",
    "override",
    "quota_exceeded_by_tie",
    "tie_broken",
)
TABLE = [
    "group",
    "group_size",
    "grade",
    "quota_percent",
    "allowed",
    "absolute_count",
    "final_count",
]
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
        rows.append(
            [
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
            ]
        )
    return rows


def streak_rows(results: Results, lang: str) -> tuple[list[str], list[list]]:
    """The streaks block: header, then every employee with a current streak (longest first).

    Example:
        >>> import pandas as pd
        >>> from types import SimpleNamespace
        >>> emp = pd.DataFrame({"employee_id": ["E1", "E2"], "name": ["甲", "乙"], "department": ["D", "D"],
        ...                     "final_score": [121.0, 90.0], "grade": ["A", "C"], "flags": ["talent_pool", ""],
        ...                     "streak_talent_pool": [4, 0]})
        >>> streak_rows(SimpleNamespace(employees=emp), "zh")[1]
        [['E1', '甲', 'D', 121.0, 'A', '后备干部', 4]]
    """
    emp = results.employees
    cols = [c for c in emp.columns if str(c).startswith("streak_")]
    if not cols:
        return [], []
    header = [
        term(c, lang)
        for c in ("employee_id", "name", "department", "final_score", "grade", "flags")
    ]
    header += [streak_header(c, lang) for c in cols]
    some = emp[(emp[cols].fillna(0) > 0).any(axis=1)]
    some = some.sort_values(cols, ascending=False, kind="stable")
    rows = []
    for rec in some.to_dict(orient="records"):
        base = [
            clean(rec.get(c)) for c in ("employee_id", "name", "department", "final_score", "grade")
        ]
        counts = [int(clean(rec.get(c)) or 0) for c in cols]
        rows.append([*base, flag_words(rec.get("flags"), lang), *counts])
    return header, rows


def streak_header(column: str, lang: str) -> str:
    """``streak_talent_pool`` → 后备干部连续期数 / talent pool streak."""
    flag = column[len("streak_") :]
    word = term(flag, lang) if flag in TERMS else flag
    return f"{word}{term('streak', lang)}" if lang == "zh" else f"{word} {term('streak', lang)}"


def write_calibration_sheet(
    book: Workbook, results: Results, lang: str, context: PrintContext | None = None
) -> str:
    """The Calibration sheet: quotas per group and grade, the events (with scores), the streaks."""
    name = S.sheet("calibration", lang)
    book.replace_sheet(name)
    table = table_rows(results, lang)
    cols = list(S.text("calibration_cols", lang))
    rows: list[list] = [[S.text("calibration_title", lang)], cols, *table]
    rows += [[], [S.text("events_title", lang)], list(S.text("events_cols", lang))]
    ev_start = len(rows) + 1
    events = _event_rows(results, lang)
    rows += events or [[S.text("no_events", lang)]]
    s_header, s_rows = streak_rows(results, lang)
    s_start = len(rows) + 4
    if s_header:
        rows += [
            [],
            [S.text("streaks_title", lang)],
            s_header,
            *(s_rows or [[S.text("no_streaks", lang)]]),
        ]
    book.write_block(name, "A1", rows)
    spec = SheetSpec(
        n_rows=len(table),
        n_cols=len(cols),
        header_row=2,
        id_cols=1,
        formats={4: SCORE},
        table=f"xlperf_calibration_{lang}",
        widths=_widths(rows),
    )
    present_sheet(book, name, spec, context or PrintContext(lang, period=results.period), rows)
    caps = book.capabilities
    if "table" in caps and events:
        book.add_table(
            name, block_ref(ev_start - 1, 1, len(events) + 1, 10), f"xlperf_events_{lang}"
        )
    if "table" in caps and s_rows:
        book.add_table(
            name,
            block_ref(s_start - 1, 1, len(s_rows) + 1, len(s_header)),
            f"xlperf_streaks_{lang}",
        )
    if "number_format" in caps and events:
        book.number_format(name, block_ref(ev_start, 5, len(events), 1), SCORE)
    if "number_format" in caps and s_rows:
        book.number_format(name, block_ref(s_start, 4, len(s_rows), 1), SCORE)
    if "conditional_format" in caps and events:
        ref = block_ref(ev_start, 4, len(events), 1)
        book.conditional_fill(name, ref, f'$D{ev_start}="{term("demoted", lang)}"', "FFEB9C")
        book.conditional_fill(name, ref, f'$D{ev_start}="{term("observation", lang)}"', "FFC7CE")
    return name


def _widths(rows: list[list]) -> dict[str, float]:
    """Widths that fit every block's headers and values (titles span columns: not measured)."""
    body = [r for r in rows if len(r) > 1]
    n = max((len(r) for r in body), default=1)
    widths = fit_widths([None] * n, rows_columns(body, n))
    return {k: min(v, 36.0) for k, v in widths.items()}
