"""The Dashboard sheet: three tables, each with a native chart beside it; with a history a fourth,
the grade mix per period (the last eight closed periods and the one calculated, stacked columns);
with pay over its budget a warning line (row :data:`PAY_LINE`).

Example:
    >>> hist_labels([0, 60, 70, math.inf])
    ['<60', '60–70', '≥70']
"""

from __future__ import annotations

import math

import numpy as np

from xlperf.core.engine import Results
from xlperf.core.history.streaks import streak_column
from xlperf.core.history.view import HistoryView
from xlperf.core.scheme import Scheme
from xlperf.io.workbook import Workbook, block_ref, cell_ref
from xlperf.master import sheets as S
from xlperf.master.outputs.history import combined_records, recent_periods
from xlperf.master.outputs.present import (
    PrintContext,
    SheetSpec,
    fit_widths,
    present_sheet,
    rows_columns,
)
from xlperf.messages.glossary import TERMS, term

HIST_EDGES = [0, 60, 70, 80, 90, 100, 110, 120, 130]
#: the row of the over-budget warning (pay): first, above the tables, when there is one
PAY_LINE = 1
#: how many periods the grade-mix chart shows
MIX_PERIODS = 8


def hist_labels(edges: list[float]) -> list[str]:
    labels = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        labels.append(f"<{hi}" if lo == 0 else (f"≥{lo}" if hi == math.inf else f"{lo}–{hi}"))
    return labels


def dashboard_tables(scheme: Scheme, results: Results, lang: str) -> dict[str, list[list]]:
    """The three tables behind the Dashboard charts (header row first)."""
    cal, emp = results.calibration, results.employees
    by_grade = cal.groupby("grade", sort=False)
    grade_rows = []
    for g in scheme.grade_names:
        part = by_grade.get_group(g) if g in by_grade.groups else cal.iloc[0:0]
        allowed = part["allowed"].dropna()
        grade_rows.append(
            [
                g,
                int(allowed.sum()) if len(allowed) else None,
                int(part["absolute_count"].sum()),
                int(part["final_count"].sum()),
            ]
        )
    scores = emp["final_score"].to_numpy(dtype=float)
    edges = HIST_EDGES + [math.inf]
    counts = [
        int(((scores >= lo) & (scores < hi)).sum())
        for lo, hi in zip(edges[:-1], edges[1:], strict=True)
    ]
    counts[0] = int((scores < HIST_EDGES[1]).sum())
    score_cols = [f"score_{s.id}" for s in scheme.sections] + ["final_score"]
    means = emp.groupby("department", sort=True)[score_cols].mean()
    names = [scheme.display_name(s, lang) for s in scheme.sections] + [term("final_score", lang)]
    dept_rows = [
        [d, *[round(float(v), 2) for v in row]]
        for d, row in zip(means.index, means.to_numpy(), strict=True)
    ]
    return {
        "grades": [list(S.text("dash_grades", lang)), *grade_rows],
        "hist": [
            list(S.text("dash_hist", lang)),
            *[list(x) for x in zip(hist_labels(edges), counts, strict=True)],
        ],
        "dept": [[term("department", lang), *names], *dept_rows],
    }


def grade_mix_rows(
    scheme: Scheme, view: HistoryView, results: Results | None, lang: str
) -> list[list]:
    """Per period (oldest first): how many employees got each final grade (header row first).

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> s = load_scheme(shipped_schemes()["sales"])
        >>> v = HistoryView.of([("2026Q1", "E1", 121.0, "A", ""), ("2026Q1", "E2", 90.0, "C", "")])
        >>> grade_mix_rows(s, v, None, "en")
        [['period', 'A', 'B', 'C', 'D', 'E'], ['2026Q1', 1, 0, 1, 0, 0]]
    """
    recs = combined_records(view, results)
    periods = recent_periods(recs, scheme.scheme.period, MIX_PERIODS)
    counts = recs[recs["period"].isin(periods)].groupby(["period", "grade"]).size()
    rows = [[S.text("dash_periods", lang), *scheme.grade_names]]
    for p in periods:
        rows.append([p, *[int(counts.get((p, g), 0)) for g in scheme.grade_names]])
    return rows


def streak_summary(scheme: Scheme, results: Results, lang: str) -> list[list]:
    """Per streak rule: the periods it needs, how many reached it, how many are on the way.

    Example:
        >>> import pandas as pd
        >>> from types import SimpleNamespace
        >>> from xlperf.core.history.rules import StreakRule
        >>> s = SimpleNamespace(streaks=(StreakRule(flag="talent_pool", grades=("A",), periods=4),))
        >>> r = SimpleNamespace(employees=pd.DataFrame({"streak_talent_pool": [4, 2, 0, 5]}))
        >>> streak_summary(s, r, "zh")[1]
        ['后备干部', 4, 2, 1]
    """
    emp = results.employees
    rows = [list(S.text("dash_streaks", lang))]
    for rule in scheme.streaks:
        col = streak_column(rule.flag)
        n = emp[col].fillna(0).to_numpy(dtype=float) if col in emp else np.zeros(0)
        word = term(rule.flag, lang) if rule.flag in TERMS else rule.flag
        rows.append(
            [
                word,
                rule.periods,
                int((n >= rule.periods).sum()),
                int(((n > 0) & (n < rule.periods)).sum()),
            ]
        )
    return rows


def page_breaks(blocks: list[tuple[int, int]], capacity: int) -> tuple[int, ...]:
    """Rows that start a page so no block (its first and last row) crosses a page edge.

    Example:
        >>> page_breaks([(1, 15), (18, 32), (35, 49), (52, 66)], 36)
        (35,)
    """
    breaks, start = [], 1
    for top, bottom in blocks:
        if bottom >= start + capacity and top > start:
            breaks.append(top)
            start = top
    return tuple(breaks)


def dashboard_layout(tables: dict[str, list[list]]) -> dict[str, int]:
    """The top row of each table: the charted ones a chart's height apart, the others after them."""
    tops, row = {}, 1
    for key, table in tables.items():
        tops[key] = row
        row += max(CHART_ROWS + 3 if key in CHARTS else 0, len(table) + 2)
    return tops


#: chart size (cm) and how many rows it spans
CHART_CM = (13.0, 7.5)
CHART_ROWS = 15
#: the printable A4 landscape area (cm) inside xlperf's margins; a row's height and a width
#: unit (one Latin character) in cm at 100%, generous so Excel and LibreOffice both fit
PRINTABLE_CM = (26.7, 17.4)
ROW_CM = 0.56
CHAR_CM = 0.32
#: the charted tables: title, y-axis title, gap between columns
CHARTS = {
    "grades": ("chart_grades", "count", 60),
    "hist": ("chart_hist", "count", 10),
    "dept": ("chart_dept", "score", 60),
    "mix": ("chart_periods", "count", 40),
}


def dashboard_scale(widths: dict[str, float]) -> int:
    """The print scale (%) at which the tables and the charts beside them fit one page wide.

    Example:
        >>> dashboard_scale({"A": 10, "B": 10}), dashboard_scale({c: 14 for c in "ABCDEF"})
        (100, 65)
    """
    cm = (sum(widths.values()) + 2) * CHAR_CM + CHART_CM[0]
    return int(min(100.0, PRINTABLE_CM[0] / cm * 100))


def write_dashboard_sheet(
    book: Workbook,
    scheme: Scheme,
    results: Results,
    lang: str,
    history: HistoryView | None = None,
    context: PrintContext | None = None,
) -> str:
    """The Dashboard; with ``history`` (the closed periods) also the grade mix per period;
    with streak rules a streak summary. Printed one page wide, no chart across a page edge."""
    name = S.sheet("dashboard", lang)
    book.replace_sheet(name)
    t = dashboard_tables(scheme, results, lang)
    if history is not None:
        mix = grade_mix_rows(scheme, history, results, lang)
        if len(mix) > 1:
            t["mix"] = mix
    if scheme.streaks:
        t["streaks"] = streak_summary(scheme, results, lang)
    over = [w.render(lang) for w in results.warnings if w.code == "PAY_OVER_BUDGET"]
    if over:
        t = {"pay": [[f"{term('warning', lang)}: {over[0]}"]], **t}
    tops = dashboard_layout(t)
    for key, top in tops.items():
        book.write_block(name, f"A{top}", t[key])
    n_cols = max(len(table[0]) for table in t.values())
    every = [row for table in t.values() for row in table]
    widths = {
        k: min(v, 20.0) for k, v in fit_widths([None] * n_cols, rows_columns(every, n_cols)).items()
    }
    scale = dashboard_scale(widths)
    widths[cell_ref(1, n_cols + 1)[:-1]] = 2.0
    blocks = [
        (top, top + max(CHART_ROWS if key in CHARTS else 0, len(t[key])) - 1)
        for key, top in tops.items()
    ]
    capacity = int(PRINTABLE_CM[1] / (ROW_CM * scale / 100))
    spec = SheetSpec(
        n_rows=0,
        n_cols=n_cols,
        repeat_header=False,
        fit_width=0,
        scale=scale,
        row_breaks=page_breaks(blocks, capacity),
        widths=widths,
    )
    present_sheet(book, name, spec, context or PrintContext(lang, period=results.period))
    if "chart" in book.capabilities:
        anchor = cell_ref(1, n_cols + 2)[:-1]
        for key, top in tops.items():
            if key in CHARTS:
                _chart(book, name, t[key], top, key, lang, anchor)
    return name


def _chart(
    book: Workbook, name: str, table: list[list], top: int, key: str, lang: str, column: str
) -> None:
    title, y_title, gap = CHARTS[key]
    width = 3 if key == "grades" else len(table[0]) - 1
    book.add_chart(
        name,
        {
            "stacked": key == "mix",
            "title": S.text(title, lang),
            "data": block_ref(top, 2, len(table), width),
            "cats": block_ref(top + 1, 1, len(table) - 1, 1),
            "anchor": f"{column}{top}",
            "y_title": S.text(y_title, lang),
            "x_title": table[0][0],
            "gap": gap,
            "width": CHART_CM[0],
            "height": CHART_CM[1],
        },
    )
