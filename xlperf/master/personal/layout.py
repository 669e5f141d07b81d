"""One personal report as a one-page A4 workbook, written with xlsxwriter.

The page, top to bottom: title and scheme/period line; who (ID, name, department, role,
period); the result (final score, grades with labels, rank of n, flags in words); section
scores; the indicators (weight, target, actual, completion as a percent, score) and a chart of
their scores against a 100 line; the pay lines when there is pay; the trend when there is
history. A4 portrait, fitted to one page, fonts named (等线 with a CJK fallback in LibreOffice).
User text is always written as text, never as a formula or a link.

Example:
    >>> write_report(report, Path("E1_张三.xlsx"))  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from xlperf.master.personal.content import PersonalReport
from xlperf.master.personal.labels import label
from xlperf.master.personal.styles import COLUMN_WIDTHS, FONT, LAST_COL, Styles, page_setup

#: the hidden column holding the chart's 100 line (outside the print area)
LINE_COL = 9
#: rows the indicator chart takes (at the default row height)
CHART_ROWS = 14


def _open(path: Path) -> xlsxwriter.Workbook:
    options = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "in_memory": True,
        "default_format_properties": {"font_name": FONT, "font_size": 10},
    }
    return xlsxwriter.Workbook(str(path), options)


def write_report(report: PersonalReport, path: Path) -> None:
    """Write ``report`` as a one-page workbook at ``path``."""
    wb = _open(path)
    try:
        add_report_sheet(wb, Styles(wb), report, label("title", report.lang)[:31])
    finally:
        wb.close()


def write_report_book(reports: list[PersonalReport], path: Path) -> list[str]:
    """Many reports in one workbook, a one-page sheet each (named by employee ID); the sheet
    names in order. LibreOffice renders such a book to one PDF, a page per report."""
    wb = _open(path)
    names: list[str] = []
    try:
        st = Styles(wb)
        for i, report in enumerate(reports):
            name = _sheet_name(report.employee_id, i, set(names))
            add_report_sheet(wb, st, report, name)
            names.append(name)
    finally:
        wb.close()
    return names


def _sheet_name(employee_id: str, i: int, taken: set[str]) -> str:
    """A valid, unique sheet name from the ID (Excel: ≤ 31 characters, none of []:*?/\\)."""
    name = "".join("_" if ch in "[]:*?/\\'" else ch for ch in employee_id)[:31] or "_"
    return name if name.lower() not in {t.lower() for t in taken} else f"{i + 1}"[:31]


def add_report_sheet(wb, st: Styles, report: PersonalReport, sheet_name: str) -> None:
    """Lay ``report`` out on a new sheet of ``wb``."""
    ws = wb.add_worksheet(sheet_name)
    for col, width in enumerate(COLUMN_WIDTHS):
        ws.set_column(col, col, width)
    row = _head(ws, st, report)
    row = _result(ws, st, report, row + 1)
    row = _sections(ws, st, report, row + 1)
    row = _indicators(ws, wb, st, report, row + 1)
    if report.pay:
        row = _pay(ws, st, report, row + 1)
    if report.trend:
        row = _trend(ws, wb, st, report, row + 1)
    page_setup(ws, report, row)


def _band(ws, st: Styles, row: int, text: str) -> int:
    ws.merge_range(row, 0, row, LAST_COL, text, st.band)
    return row + 1


def _pair(ws, st: Styles, row: int, col: int, key: str, value: object, span: int = 1) -> None:
    """A label cell and its value (text as text, numbers as numbers)."""
    ws.write_string(row, col, key, st.key)
    fmt = st.value_num if isinstance(value, float) else st.value
    if span > 1:
        ws.merge_range(row, col + 1, row, col + span, "", fmt)
    if isinstance(value, float):
        ws.write_number(row, col + 1, value, fmt)
    elif value is None:
        ws.write_blank(row, col + 1, None, fmt)
    else:
        ws.write_string(row, col + 1, str(value), fmt)


def _head(ws, st: Styles, r: PersonalReport) -> int:
    lang = r.lang
    ws.merge_range(0, 0, 0, LAST_COL, label("title", lang), st.title)
    ws.merge_range(1, 0, 1, LAST_COL, f"{r.scheme_name} · {r.period}", st.subtitle)
    ws.set_row(0, 28)
    _pair(ws, st, 3, 0, label("employee_id", lang), r.employee_id)
    _pair(ws, st, 3, 2, label("name", lang), r.name, span=2)
    _pair(ws, st, 3, 5, label("period", lang), r.period)
    _pair(ws, st, 4, 0, label("department", lang), r.department)
    _pair(ws, st, 4, 2, label("role", lang), r.role, span=2)
    return 5


def _result(ws, st: Styles, r: PersonalReport, row: int) -> int:
    lang = r.lang
    row = _band(ws, st, row, label("result", lang))
    _pair(ws, st, row, 0, label("final_score", lang), r.final_score)
    _pair(ws, st, row, 2, label("grade", lang), r.grade, span=2)
    _pair(ws, st, row, 5, label("rank", lang), r.rank_text)
    row += 1
    _pair(ws, st, row, 0, label("grade_absolute", lang), r.grade_absolute)
    _pair(ws, st, row, 2, label("bonus_factor", lang), r.bonus_factor, span=2)
    _pair(ws, st, row, 5, label("department_rank", lang), r.department_rank_text)
    row += 1
    words = "\n".join(r.flags) if r.flags else label("no_flags", lang)
    ws.write_string(row, 0, label("flags", lang), st.key)
    ws.merge_range(row, 1, row, LAST_COL, words, st.wrap)
    ws.set_row(row, 18 * max(1, len(r.flags)))
    return row + 1


def _sections(ws, st: Styles, r: PersonalReport, row: int) -> int:
    lang = r.lang
    row = _band(ws, st, row, label("sections", lang))
    ws.merge_range(row, 0, row, 1, label("section", lang), st.head)
    ws.merge_range(row, 2, row, 3, label("weight", lang) + " %", st.head)
    ws.write_string(row, 4, label("score", lang), st.head)
    row += 1
    for s in r.sections:
        ws.merge_range(row, 0, row, 1, s.name, st.cell)
        ws.merge_range(row, 2, row, 3, "", st.cell_num)
        ws.write_number(row, 2, s.weight, st.cell_num)
        _num(ws, row, 4, s.score, st.score)
        row += 1
    return row


def _num(ws, row: int, col: int, value: float | None, fmt) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, value, fmt)


def _indicators(ws, wb, st: Styles, r: PersonalReport, row: int) -> int:
    lang = r.lang
    row = _band(ws, st, row, label("indicators", lang))
    heads = ("indicator", "section", "weight", "target", "actual", "completion", "score")
    for col, key in enumerate(heads):
        ws.write_string(row, col, label(key, lang) + (" %" if key == "weight" else ""), st.head)
    first = row + 1
    for line in r.indicators:
        row += 1
        ws.write_string(row, 0, line.name, st.cell)
        ws.write_string(row, 1, line.section, st.cell)
        for col, value, fmt in (
            (2, line.weight, st.cell_num),
            (3, line.target, st.cell_num),
            (4, line.actual, st.cell_num),
            (5, line.completion, st.percent),
            (6, line.score, st.score),
        ):
            _num(ws, row, col, value, fmt)
        ws.write_number(row, LINE_COL, 100)
    if r.indicators:
        _indicator_chart(ws, wb, r, first, row)
        row += CHART_ROWS
    return row + 1


def _indicator_chart(ws, wb, r: PersonalReport, first: int, last: int) -> None:
    """Indicator scores as columns against a 100 line (the hidden column outside the print area)."""
    sheet = ws.get_name()
    bars = wb.add_chart({"type": "column"})
    bars.add_series(
        {
            "name": label("indicator_score", r.lang),
            "categories": [sheet, first, 0, last, 0],
            "values": [sheet, first, 6, last, 6],
            "fill": {"color": "#4472C4"},
            "data_labels": {"value": True, "num_format": "0.0"},
        }
    )
    line = wb.add_chart({"type": "line"})
    line.add_series(
        {
            "name": label("line_100", r.lang),
            "categories": [sheet, first, 0, last, 0],
            "values": [sheet, first, LINE_COL, last, LINE_COL],
            "line": {"color": "#C00000", "width": 1.5, "dash_type": "dash"},
            "marker": {"type": "none"},
        }
    )
    bars.combine(line)
    bars.set_title({"name": label("chart", r.lang), "name_font": {"size": 11, "name": FONT}})
    bars.set_legend({"position": "bottom", "font": {"name": FONT}})
    bars.set_y_axis({"min": 0, "num_font": {"name": FONT}, "major_gridlines": {"visible": True}})
    bars.set_x_axis({"num_font": {"name": FONT}})
    bars.show_hidden_data()
    bars.set_size(
        {"width": sum(int(w * 7 + 5) for w in COLUMN_WIDTHS) - 8, "height": CHART_ROWS * 20 - 8}
    )
    ws.insert_chart(last + 1, 0, bars, {"x_offset": 4, "y_offset": 6, "object_position": 3})


def _pay(ws, st: Styles, r: PersonalReport, row: int) -> int:
    lang = r.lang
    row = _band(ws, st, row, label("pay", lang))
    ws.write_string(row, 0, label("item", lang), st.head)
    ws.merge_range(row, 1, row, 5, label("how", lang), st.head)
    ws.write_string(row, 6, label("amount", lang), st.head)
    for line in r.pay:
        row += 1
        ws.write_string(row, 0, line.item, st.key)
        ws.merge_range(row, 1, row, 5, line.how, st.wrap)
        _num(ws, row, 6, None if line.amount is None else float(line.amount), st.money)
        if len(line.how) > 60:
            ws.set_row(row, 30)
    return row + 1


def _trend(ws, wb, st: Styles, r: PersonalReport, row: int) -> int:
    lang = r.lang
    row = _band(ws, st, row, label("trend", lang))
    for col, key in enumerate(("period", "final_score", "grade")):
        ws.write_string(row, col, label(key, lang), st.head)
    first = row + 1
    for t in r.trend:
        row += 1
        ws.write_string(row, 0, t.period, st.cell)
        _num(ws, row, 1, t.score, st.score)
        ws.write_string(row, 2, t.grade, st.cell)
    chart = wb.add_chart({"type": "line"})
    sheet = ws.get_name()
    chart.add_series(
        {
            "name": label("final_score", lang),
            "categories": [sheet, first, 0, row, 0],
            "values": [sheet, first, 1, row, 1],
            "marker": {"type": "circle"},
        }
    )
    chart.set_legend({"none": True})
    chart.set_title({"none": True})
    height = max(5, row - first + 2) * 20
    chart.set_size({"width": sum(int(w * 7 + 5) for w in COLUMN_WIDTHS[3:]) - 12, "height": height})
    ws.insert_chart(first - 1, 3, chart, {"x_offset": 8, "object_position": 3})
    return max(row, first - 1 + height // 20)
