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
from openpyxl.styles import Font

from xlperf.core.engine import Results
from xlperf.io.atomic import staging_directory, swap_directory, write_error
from xlperf.io.names import safe_name
from xlperf.io.textsafe import put
from xlperf.master.outputs.common import clean as _clean
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
    },
}


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


def stage_personal(results: Results, outdir: Path, lang: str = "zh") -> StagedFolder:
    """Every personal file written into a temporary folder beside ``outdir``; nothing replaced yet."""
    outdir = Path(outdir)
    staging = staging_directory(outdir)
    try:
        return StagedFolder(staging, outdir, _write_all(results, staging, lang))
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise write_error(outdir, exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_personal(results: Results, outdir: Path, lang: str = "zh") -> list[Path]:
    """One .xlsx per employee in ``outdir``; returns the paths. All or nothing: ``outdir`` is
    replaced only when every file is written; on any failure it stays as it was."""
    return stage_personal(results, outdir, lang).commit()


def _write_all(results: Results, outdir: Path, lang: str) -> list[str]:
    """Write each personal file into ``outdir``; returns the file names."""
    lab = _LABELS["zh" if lang == "zh" else "en"]
    emp = results.employees
    n_all = len(emp)
    dept_sizes = emp.groupby("department")["employee_id"].transform("size")
    by_emp = dict(tuple(results.indicators.groupby("employee_id", sort=False)))
    scheme = results.scheme
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, e in enumerate(emp.itertuples(index=False)):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = lab["title"]
        ws["A1"] = f"{lab['title']} — {scheme.scheme.name}"
        ws["A1"].font = Font(bold=True, size=14)
        rows = [
            (lab["id"], e.employee_id),
            (lab["name"], _clean(e.name)),
            (lab["dept"], e.department),
            (lab["role"], e.role),
            (lab["final"], round(float(e.final_score), 2)),
            (lab["rank"], f"{int(e.rank)} {lab['of']} {n_all}"),
            (lab["drank"], f"{int(e.department_rank)} {lab['of']} {int(dept_sizes.iloc[i])}"),
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
            ws.cell(
                r,
                2,
                _clean(round(float(getattr(e, f"score_{s.id}")), 2))
                if getattr(e, f"score_{s.id}") == getattr(e, f"score_{s.id}")
                else None,
            )
        r += 2
        for j, h in enumerate(lab["ind"], start=1):
            ws.cell(r, j, h).font = Font(bold=True)
        ind = by_emp.get(e.employee_id)
        if ind is not None:
            for t in ind.itertuples(index=False):
                r += 1
                code = t.indicator
                obj = scheme.indicator_by_code.get(code)
                label = scheme.display_name(obj, lang) if obj is not None else code
                for j, v in enumerate(
                    [
                        label,
                        t.section,
                        t.method,
                        _clean(t.actual),
                        _clean(t.target),
                        _clean(t.weight),
                        round(float(t.score), 2),
                    ],
                    start=1,
                ):
                    put(ws, r, j, v)
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
