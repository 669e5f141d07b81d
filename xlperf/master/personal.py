"""Personal results (个人绩效看板): one printable workbook per employee for the results talk.

Example:
    >>> write_personal(results, Path("personal"), "zh")  # doctest: +SKIP
    [PosixPath('personal/E1001_张三.xlsx'), ...]
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Font

from xlperf.core.engine import Results
from xlperf.core.history.view import HistoryView
from xlperf.io.atomic import staging_directory, swap_directory, write_error
from xlperf.io.names import safe_name
from xlperf.io.textsafe import put
from xlperf.master.outputs.common import clean as _clean
from xlperf.master.outputs.history import trends
from xlperf.templates.ooxml import tidy as tidy_package

_LABELS = {
    "en": {
        "title": "Personal results",
        "id": "Employee ID",
        "name": "Name",
        "dept": "Department",
        "role": "Role",
        "final": "Final score",
        "rank": "Rank",
        "drank": "Department rank",
        "of": "of",
        "gabs": "Absolute grade",
        "grade": "Final grade",
        "bonus": "Bonus factor",
        "flags": "Flags",
        "ind": ["Indicator", "Section", "Method", "Actual", "Target", "Weight", "Score"],
        "sec": "Section scores",
        "trend": "Recent periods",
        "trend_cols": ["Period", "Final score", "Final grade"],
    },
    "zh": {
        "title": "个人绩效看板",
        "id": "工号",
        "name": "姓名",
        "dept": "部门",
        "role": "岗位",
        "final": "综合得分",
        "rank": "排名",
        "drank": "部门排名",
        "of": "/",
        "gabs": "预评等级",
        "grade": "最终等级",
        "bonus": "奖金系数",
        "flags": "标记",
        "ind": ["指标", "类别", "计分方法", "实际值", "目标值", "权重", "得分"],
        "sec": "各部分得分",
        "trend": "近期考核期",
        "trend_cols": ["考核期", "综合得分", "最终等级"],
    },
}


#: how many periods a personal file's trend shows
TREND_PERIODS = 8


@dataclass
class StagedFolder:
    """Files written into a temporary folder, waiting to replace ``target`` (or to be dropped)."""

    staging: Path
    target: Path
    names: list[str]

    def commit(self) -> list[Path]:
        swap_directory(self.staging, self.target)
        return [self.target / n for n in self.names]

    def drop(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def stage_personal(
    results: Results, outdir: Path, lang: str = "zh", history: HistoryView | None = None
) -> StagedFolder:
    """Every personal file written into a temporary folder beside ``outdir``; nothing replaced yet.

    With ``history`` (the closed periods) each file also shows the employee's last up to
    eight periods (final score and grade) with a line chart."""
    outdir = Path(outdir)
    staging = staging_directory(outdir)
    try:
        return StagedFolder(staging, outdir, _write_all(results, staging, lang, history))
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise write_error(outdir, exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_personal(
    results: Results, outdir: Path, lang: str = "zh", history: HistoryView | None = None
) -> list[Path]:
    """One .xlsx per employee in ``outdir``; returns the paths. All or nothing: ``outdir`` is
    replaced only when every file is written; on any failure it stays as it was."""
    return stage_personal(results, outdir, lang, history).commit()


def _write_all(
    results: Results, outdir: Path, lang: str, history: HistoryView | None = None
) -> list[str]:
    """Write each personal file into ``outdir``; returns the file names."""
    lab = _LABELS["zh" if lang == "zh" else "en"]
    emp = results.employees
    dept_sizes = emp.groupby("department")["employee_id"].transform("size")
    by_emp = dict(tuple(results.indicators.groupby("employee_id", sort=False)))
    trend = trends(results.scheme, history, results, TREND_PERIODS) if history is not None else {}
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, e in enumerate(emp.itertuples(index=False)):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = lab["title"]
        r = _summary(ws, results.scheme, e, lab, lang, (len(emp), int(dept_sizes.iloc[i])))
        r = _indicator_rows(ws, results.scheme, by_emp.get(e.employee_id), lab, lang, r)
        if str(e.employee_id) in trend:
            _trend(ws, trend[str(e.employee_id)], lab, r + 2)
        for col, w in zip("ABCDEFG", (18, 22, 12, 12, 12, 10, 10), strict=True):
            ws.column_dimensions[col].width = w
        ws.page_setup.orientation = "portrait"
        ws.page_setup.fitToWidth = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        name = safe_name(f"{e.employee_id}_{_clean(e.name) or ''}") + ".xlsx"
        if name in seen:
            name = safe_name(f"{e.employee_id}_{seen[name]}_{i}") + ".xlsx"
        seen[name] = i
        path = outdir / name
        wb.save(path)
        tidy_package(path)
        out.append(name)
    return out


def _summary(ws, scheme, e, lab: dict, lang: str, sizes: tuple[int, int]) -> int:
    """Title, the employee's result and section scores; returns the last row written."""
    ws["A1"] = f"{lab['title']} — {scheme.scheme.name}"
    ws["A1"].font = Font(bold=True, size=14)
    rows = [
        (lab["id"], e.employee_id),
        (lab["name"], _clean(e.name)),
        (lab["dept"], e.department),
        (lab["role"], e.role),
        (lab["final"], round(float(e.final_score), 2)),
        (lab["rank"], f"{int(e.rank)} {lab['of']} {sizes[0]}"),
        (lab["drank"], f"{int(e.department_rank)} {lab['of']} {sizes[1]}"),
        (lab["gabs"], e.grade_absolute),
        (lab["grade"], e.grade),
        (lab["bonus"], _clean(e.bonus_factor)),
        (lab["flags"], e.flags or ""),
    ]
    for r, (k, v) in enumerate(rows, start=3):
        ws.cell(r, 1, k).font = Font(bold=True)
        put(ws, r, 2, v)
    r = len(rows) + 4
    ws.cell(r, 1, lab["sec"]).font = Font(bold=True)
    for s in scheme.sections:
        r += 1
        put(ws, r, 1, scheme.display_name(s, lang))
        value = getattr(e, f"score_{s.id}")
        ws.cell(r, 2, _clean(round(float(value), 2)) if value == value else None)
    return r


def _indicator_rows(ws, scheme, ind, lab: dict, lang: str, r: int) -> int:
    """The indicator table below row ``r``; returns the last row written."""
    r += 2
    for j, h in enumerate(lab["ind"], start=1):
        ws.cell(r, j, h).font = Font(bold=True)
    if ind is None:
        return r
    for t in ind.itertuples(index=False):
        r += 1
        obj = scheme.indicator_by_code.get(t.indicator)
        label = scheme.display_name(obj, lang) if obj is not None else t.indicator
        values = [
            label,
            t.section,
            t.method,
            _clean(t.actual),
            _clean(t.target),
            _clean(t.weight),
            round(float(t.score), 2),
        ]
        for j, v in enumerate(values, start=1):
            put(ws, r, j, v)
    return r


def _trend(ws, trend, lab: dict, top: int) -> None:
    """The employee's last periods (period, final score, grade) and a line chart of the score."""
    ws.cell(top, 1, lab["trend"]).font = Font(bold=True)
    for j, h in enumerate(lab["trend_cols"], start=1):
        ws.cell(top + 1, j, h).font = Font(bold=True)
    for i, (period, score, grade) in enumerate(trend.itertuples(index=False), start=top + 2):
        put(ws, i, 1, period)
        ws.cell(i, 2, _clean(round(float(score), 2)) if score == score else None)
        put(ws, i, 3, _clean(grade))
    chart = LineChart()
    chart.title, chart.height, chart.width, chart.legend = lab["trend"], 6, 12, None
    end = top + 1 + len(trend)
    chart.add_data(Reference(ws, min_col=2, min_row=top + 1, max_row=end), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 2, max_row=end))
    ws.add_chart(chart, f"E{top}")
