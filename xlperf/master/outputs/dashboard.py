"""The Dashboard sheet: three tables, each with a native chart beside it; with a history a fourth,
the grade mix per period (the last eight closed periods and the one calculated, stacked columns).

Example:
    >>> hist_labels([0, 60, 70, math.inf])
    ['<60', '60–70', '≥70']
"""

from __future__ import annotations

import math

from xlperf.core.engine import Results
from xlperf.core.history.view import HistoryView
from xlperf.core.scheme import Scheme
from xlperf.io.workbook import Workbook, block_ref
from xlperf.master import sheets as S
from xlperf.master.outputs.history import combined_records, recent_periods
from xlperf.messages.glossary import term

HIST_EDGES = [0, 60, 70, 80, 90, 100, 110, 120, 130]
TOPS = {"grades": 1, "hist": 18, "dept": 35}
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
        grade_rows.append([g, int(allowed.sum()) if len(allowed) else None,
                           int(part["absolute_count"].sum()), int(part["final_count"].sum())])
    scores = emp["final_score"].to_numpy(dtype=float)
    edges = HIST_EDGES + [math.inf]
    counts = [int(((scores >= lo) & (scores < hi)).sum()) for lo, hi in zip(edges[:-1], edges[1:], strict=True)]
    counts[0] = int((scores < HIST_EDGES[1]).sum())
    score_cols = [f"score_{s.id}" for s in scheme.sections] + ["final_score"]
    means = emp.groupby("department", sort=True)[score_cols].mean()
    names = [scheme.display_name(s, lang) for s in scheme.sections] + [term("final_score", lang)]
    dept_rows = [[d, *[round(float(v), 2) for v in row]] for d, row in zip(means.index, means.to_numpy(), strict=True)]
    return {
        "grades": [list(S.text("dash_grades", lang)), *grade_rows],
        "hist": [list(S.text("dash_hist", lang)), *[list(x) for x in zip(hist_labels(edges), counts, strict=True)]],
        "dept": [[term("department", lang), *names], *dept_rows],
    }


def grade_mix_rows(scheme: Scheme, view: HistoryView, results: Results | None, lang: str) -> list[list]:
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


def write_dashboard_sheet(book: Workbook, scheme: Scheme, results: Results, lang: str,
                          history: HistoryView | None = None) -> str:
    """The Dashboard; with ``history`` (the closed periods) also the grade mix per period."""
    name = S.sheet("dashboard", lang)
    book.replace_sheet(name)
    t = dashboard_tables(scheme, results, lang)
    tops = dict(TOPS)
    if history is not None:
        t["mix"] = grade_mix_rows(scheme, history, results, lang)
        tops["mix"] = max(TOPS["dept"] + 17, TOPS["dept"] + len(t["dept"]) + 2)
    for key, top in tops.items():
        book.write_block(name, f"A{top}", t[key])
    if "column_width" in book.capabilities:
        book.column_widths(name, {"A": 16, "B": 14, "C": 14, "D": 14, "E": 14})
    if "chart" in book.capabilities:
        charts = [("grades", "chart_grades", "count", 60), ("hist", "chart_hist", "count", 10),
                  ("dept", "chart_dept", "score", 60)]
        if "mix" in t and len(t["mix"]) > 1:
            charts.append(("mix", "chart_periods", "count", 40))
        for key, title, y_title, gap in charts:
            table, top = t[key], tops[key]
            width = 3 if key == "grades" else len(table[0]) - 1
            book.add_chart(name, {
                "stacked": key == "mix",
                "title": S.text(title, lang),
                "data": block_ref(top, 2, len(table), width),
                "cats": block_ref(top + 1, 1, len(table) - 1, 1),
                "anchor": f"G{top}",
                "y_title": S.text(y_title, lang),
                "x_title": table[0][0],
                "gap": gap,
            })
    return name
