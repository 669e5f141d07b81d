"""The History sheet (历史): each employee's last four final grades side by side, and the streaks.

The periods are the last four of the scheme's kind among the closed periods
and the period being calculated (``Results.period``), oldest first; an
employee absent in a period has an empty cell there. The streak lengths are
the current period's (``streak_<flag>``). Without results (the ribbon's
"History" button) they are counted as of the latest closed period, by the
same rule as the engine's.

Example:
    >>> from xlperf.core.history.view import HistoryView
    >>> view = HistoryView.of([("2025Q4", "E1", 121.0, "A", ""), ("2026Q1", "E1", 90.0, "C", ""),
    ...                        ("2026Q1", "E2", 100.0, "B", "")])
    >>> recent_periods(view.records, "quarterly")
    ['2025Q4', '2026Q1']
    >>> grade_grid(view.records, ["2025Q4", "2026Q1"]).loc["E1"].tolist()
    ['A', 'C']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlperf.core.engine import Results
from xlperf.core.history.streaks import apply_streaks, streak_column
from xlperf.core.history.view import HistoryView
from xlperf.core.periods import period_or_none
from xlperf.core.scheme import Scheme
from xlperf.io.workbook import Workbook, block_ref, cell_ref
from xlperf.master import sheets as S
from xlperf.master.outputs.common import frame_rows
from xlperf.master.outputs.naming import flag_words
from xlperf.master.outputs.present import INTEGER, PrintContext, SheetSpec, present_sheet
from xlperf.master.outputs.results import GRADE_COLORS, column_header
from xlperf.messages.glossary import term

#: how many periods the sheet shows side by side
LAST = 4
CURRENT = ("employee_id", "name", "department", "final_score", "grade", "flags")


def recent_periods(records: pd.DataFrame, kind: str, last: int = LAST) -> list[str]:
    """The last ``last`` distinct periods of ``kind`` in ``records``, oldest first."""
    parsed = [period_or_none(p) for p in records["period"].astype(str).unique()]
    ours = sorted((p for p in parsed if p is not None and p.kind == kind), key=lambda p: p.ordinal)
    return [p.id for p in ours[-last:]]


def grade_grid(records: pd.DataFrame, periods: list[str]) -> pd.DataFrame:
    """Employee × period: the final grade (None where the employee is absent)."""
    recs = records[records["period"].isin(periods)]
    wide = recs.pivot_table(index="employee_id", columns="period", values="grade", aggfunc="first")
    return wide.reindex(columns=periods).astype(object).where(lambda f: f.notna(), None)


def combined_records(view: HistoryView, results: Results | None) -> pd.DataFrame:
    """The closed records, and the period being calculated from ``results`` (when it has one)."""
    recs = view.records[["period", *CURRENT]]
    if results is None or results.period is None:
        return recs.reset_index(drop=True)
    now = results.employees.reindex(columns=list(CURRENT)).assign(period=results.period)
    now["employee_id"] = now["employee_id"].astype(str)
    return pd.concat([recs[recs["period"] != results.period], now], ignore_index=True)


def trends(
    scheme: Scheme, view: HistoryView, results: Results | None, last: int = 8
) -> dict[str, pd.DataFrame]:
    """Per employee: period, final score and grade of their last ``last`` periods, oldest first.

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> s = load_scheme(shipped_schemes()["sales"])
        >>> v = HistoryView.of([("2026Q2", "E1", 101.0, "B", ""), ("2026Q1", "E1", 121.0, "A", "")])
        >>> trends(s, v, None)["E1"].values.tolist()
        [['2026Q1', 121.0, 'A'], ['2026Q2', 101.0, 'B']]
    """
    recs = combined_records(view, results)
    kind = scheme.scheme.period
    parsed = {p: period_or_none(p) for p in recs["period"].astype(str).unique()}
    order = {p: q.ordinal for p, q in parsed.items() if q is not None and q.kind == kind}
    recs = recs[recs["period"].isin(list(order))].assign(_order=lambda f: f["period"].map(order))
    recs = recs.sort_values(["employee_id", "_order"], kind="stable")
    cols = ["period", "final_score", "grade"]
    return {
        str(e): g[cols].tail(last).reset_index(drop=True) for e, g in recs.groupby("employee_id")
    }


def latest_streaks(scheme: Scheme, view: HistoryView, latest: str) -> pd.DataFrame:
    """Streak lengths as of the closed period ``latest`` (employees absent there: 0)."""
    recs = view.records
    at = recs[recs["period"] == latest][["employee_id", "grade", "flags"]]
    before = HistoryView.of(recs[recs["period"] != latest], None, view.closed - {latest})
    out = apply_streaks(at.reset_index(drop=True), scheme.streaks, period_or_none(latest), before)
    return out.set_index("employee_id")


def history_frame(
    scheme: Scheme, view: HistoryView, results: Results | None = None
) -> pd.DataFrame:
    """The sheet's table: employee, name, department, the grades of the last four periods,
    the streak lengths and the latest flags (one row per employee of ``results``, else of those periods)."""
    recs = combined_records(view, results)
    periods = recent_periods(recs, scheme.scheme.period)
    streaks = [streak_column(r.flag) for r in scheme.streaks]
    if results is not None:
        people = results.employees.assign(employee_id=results.employees["employee_id"].astype(str))
        people = people.set_index("employee_id")
    else:
        shown = recs[recs["period"].isin(periods)].assign(
            _order=lambda f: f["period"].map(periods.index)
        )
        people = shown.sort_values("_order", kind="stable").groupby("employee_id").last()
        if periods and streaks:
            counted = latest_streaks(scheme, view, periods[-1])
            people = people.join(counted[streaks], how="left")
    frame = people.reindex(columns=["name", "department"]).join(grade_grid(recs, periods))
    for c in streaks:
        values = people[c] if c in people.columns else pd.Series(0, index=people.index)
        frame[c] = values.reindex(frame.index).fillna(0).astype(np.int64)
    frame["flags"] = people["flags"].reindex(frame.index).fillna("")
    frame = frame.reset_index().rename(columns={"index": "employee_id"})
    return frame.sort_values(["department", "employee_id"], kind="stable").reset_index(drop=True)


def history_headers(scheme: Scheme, frame: pd.DataFrame, lang: str) -> list[str]:
    """Glossary words for the fixed columns, the period ids as they are, streak names."""
    out = []
    for c in frame.columns:
        if c in ("employee_id", "name", "department", "flags"):
            out.append(term(c, lang))
        elif c.startswith("streak_"):
            out.append(column_header(scheme, c, lang))
        else:
            out.append(str(c))
    return out


def write_history_sheet(
    book: Workbook,
    scheme: Scheme,
    view: HistoryView,
    results: Results | None,
    lang: str,
    context: PrintContext | None = None,
) -> str:
    """Write (replace) the History / 历史 sheet; returns its name."""
    name = S.sheet("history", lang)
    book.replace_sheet(name)
    frame = history_frame(scheme, view, results)
    n_periods = sum(1 for c in frame.columns if period_or_none(c) is not None)
    if not n_periods:
        book.write_block(name, "A1", [[S.text("history_none", lang)]])
        return name
    if lang == "zh":
        frame["flags"] = frame["flags"].map(lambda f: flag_words(f, lang))
    header = history_headers(scheme, frame, lang)
    rows = [header, *frame_rows(frame)]
    book.write_block(name, "A1", rows)
    n = len(frame)
    caps = book.capabilities
    streaks = {
        j: INTEGER for j, c in enumerate(frame.columns, start=1) if str(c).startswith("streak_")
    }
    spec = SheetSpec(
        n_rows=n, n_cols=len(header), id_cols=2, formats=streaks, table=f"xlperf_history_{lang}"
    )
    period = results.period if results is not None else None
    present_sheet(
        book,
        name,
        spec,
        context or PrintContext(lang, scheme.display_name(scheme.scheme, lang), period),
        rows,
    )
    if "conditional_format" in caps and n:
        ref = block_ref(2, 4, n, n_periods)
        first = cell_ref(2, 4)
        grades = scheme.grade_names
        for i, g in enumerate(grades):
            color = GRADE_COLORS[min(i, len(GRADE_COLORS) - 1)] if i < len(grades) - 1 else "FFC7CE"
            if color != "FFFFFF":
                book.conditional_fill(name, ref, f'{first}="{g}"', color)
    return name
