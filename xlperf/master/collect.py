"""``xlperf collect``: check returned forms and merge the good ones into the master workbook.

Each form is read with :func:`xlperf.templates.reader.read_form`, which checks
the template id, scheme id/version, the locked-cell fingerprints (tampering)
and the inputs. A form with any problem is rejected and never reaches the
master. The same file twice, or a second form for a department (or for an
employee) already collected, is reported and not merged.

Example:
    >>> rep = collect_forms(["returned/"], "sales.yaml", Path("master.xlsx"))  # doctest: +SKIP
    >>> [(e.path.name, e.status) for e in rep.entries]  # doctest: +SKIP
    [('sales-2026q1_华东.xlsx', 'accepted'), ('sales-2026q1_华北.xlsx', 'rejected')]
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from xlperf.core.scheme import load_scheme
from xlperf.errors import Location, Problem, UsageError, WorkbookError
from xlperf.io.atomic import atomic_path
from xlperf.io.openpyxl_book import OpenpyxlBook
from xlperf.master import sheets as S
from xlperf.master.build import ADJ_COLUMNS, DATA_COLUMNS, RATING_COLUMNS
from xlperf.master.pipeline import _rows, scheme_sheet_rows


@dataclass
class FormEntry:
    """The verdict on one returned form."""

    path: Path
    status: str  # accepted | rejected | duplicate
    department: str = ""
    template_id: str = ""
    fingerprint: str = ""
    employees: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass
class CollectReport:
    entries: list[FormEntry]
    master: Path | None = None
    report: Path | None = None

    @property
    def accepted(self) -> list[FormEntry]:
        return [e for e in self.entries if e.status == "accepted"]

    def render(self, lang: str = "en") -> str:
        words = (
            {"accepted": "接受", "rejected": "拒收", "duplicate": "重复"} if lang == "zh" else {}
        )
        lines = []
        for e in self.entries:
            lines.append(
                f"{words.get(e.status, e.status).upper() if lang != 'zh' else words[e.status]}: {e.path} ({e.department or '-'}, {e.employees})"
            )
            lines.extend(f"    - {p.render(lang)}" for p in e.problems)
        return "\n".join(lines)


def expand(paths: list[str | Path]) -> list[Path]:
    """Files as given; folders contribute their ``*.xlsx`` (not Excel's ``~$`` lock files)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.glob("*.xls[xm]") if not f.name.startswith(("~$", "."))))
        else:
            out.append(p)
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _problem(path: Path, en: str, zh: str, hint: str, hint_zh: str) -> Problem:
    return Problem(Location(file=str(path)), en, hint, zh, hint_zh)


def check_forms(
    paths: list[Path], scheme
) -> tuple[list[FormEntry], list[pd.DataFrame], list[pd.DataFrame]]:
    """Read and judge every form; returns entries plus the accepted data and ratings frames."""
    from xlperf.templates.reader import read_form

    entries: list[FormEntry] = []
    datas: list[pd.DataFrame] = []
    ratings: list[pd.DataFrame] = []
    seen_fp: dict[str, Path] = {}
    seen_dept: dict[str, Path] = {}
    seen_emp: dict[str, Path] = {}
    for path in paths:
        if not path.exists():
            entries.append(
                FormEntry(
                    path,
                    "rejected",
                    problems=[
                        _problem(
                            path, "file not found", "找不到文件", "check the path", "请检查路径"
                        )
                    ],
                )
            )
            continue
        fp = _sha(path)
        if fp in seen_fp:
            entries.append(
                FormEntry(
                    path,
                    "duplicate",
                    fingerprint=fp,
                    problems=[
                        _problem(
                            path,
                            f"the same form as {seen_fp[fp].name} (identical file); not merged twice",
                            f"与 {seen_fp[fp].name} 为同一表单（文件完全相同），不重复合并",
                            "remove the copy",
                            "请删除重复文件",
                        )
                    ],
                )
            )
            continue
        try:
            form = read_form(path, scheme)
        except WorkbookError as err:
            entries.append(FormEntry(path, "rejected", fingerprint=fp, problems=list(err.problems)))
            continue
        dept = str(form.meta.get("department") or "") or ",".join(
            sorted(set(map(str, form.data.get("department", pd.Series(dtype=object)).dropna())))
        )
        entry = FormEntry(
            path,
            "accepted",
            dept,
            str(form.meta.get("template_id", "")),
            fp,
            int(form.data["employee_id"].nunique()) if len(form.data) else 0,
        )
        if form.problems:
            entry.status, entry.problems = "rejected", list(form.problems)
        elif dept and dept in seen_dept:
            entry.status = "duplicate"
            entry.problems = [
                _problem(
                    path,
                    f"a second form for department {dept} (the first is {seen_dept[dept].name}); not merged",
                    f"部门 {dept} 的第二份表单（第一份为 {seen_dept[dept].name}），未合并",
                    "keep one form per department and collect again",
                    "每个部门只保留一份表单后重新汇总",
                )
            ]
        else:
            clash = sorted(set(map(str, form.data["employee_id"])) & set(seen_emp))
            if clash:
                entry.status = "duplicate"
                entry.problems = [
                    _problem(
                        path,
                        f"employees already collected from {seen_emp[clash[0]].name}: {', '.join(clash[:5])}; not merged",
                        f"员工已在 {seen_emp[clash[0]].name} 中汇总：{', '.join(clash[:5])}，未合并",
                        "keep one form per employee",
                        "每名员工只保留一份表单",
                    )
                ]
        if entry.status == "accepted":
            seen_fp[fp] = path
            if dept:
                seen_dept[dept] = path
            for e in map(str, form.data["employee_id"].unique()):
                seen_emp[e] = path
            datas.append(form.data)
            ratings.append(form.ratings)
        entries.append(entry)
    return entries, datas, ratings


def collect_forms(
    forms: list[str | Path], scheme_path: str | Path, out: Path, lang: str = "zh"
) -> CollectReport:
    """Judge the forms, write the per-file report and merge the accepted ones into ``out``."""
    scheme = load_scheme(scheme_path)
    yaml_text = Path(scheme_path).read_text(encoding="utf-8")
    paths = expand(forms)
    if not paths:
        raise UsageError(
            "No forms to collect",
            [
                Problem(
                    Location(),
                    "no .xlsx forms were found in the given files or folders",
                    "pass the returned forms or the folder holding them",
                    "在给定的文件或文件夹中没有找到 .xlsx 表单",
                    "请提供收回的表单或其所在文件夹",
                )
            ],
        )
    entries, datas, ratings = check_forms(paths, scheme)
    report = CollectReport(entries)
    report.report = write_report(out.with_name(out.stem + ".collect-report.csv"), entries, lang)
    if datas:
        report.master = write_collected(
            out,
            yaml_text,
            pd.concat(datas, ignore_index=True),
            pd.concat(ratings, ignore_index=True),
            [e for e in entries if e.status == "accepted"],
            lang,
        )
    return report


def write_report(path: Path, entries: list[FormEntry], lang: str) -> Path:
    head = (
        ["file", "status", "department", "sheet", "cell", "problem", "hint"]
        if lang != "zh"
        else ["文件", "结果", "部门", "工作表", "单元格", "问题", "建议"]
    )
    with atomic_path(path) as tmp, open(tmp, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(head)
        for e in entries:
            if not e.problems:
                w.writerow([str(e.path), e.status, e.department, "", "", "", ""])
            for p in e.problems:
                msg = p.message_zh if lang == "zh" and p.message_zh else p.message
                hint = p.hint_zh if lang == "zh" and p.hint_zh else p.hint
                w.writerow(
                    [
                        str(e.path),
                        e.status,
                        e.department,
                        p.where.sheet or "",
                        p.where.cell or (f"row {p.where.row}" if p.where.row else ""),
                        msg,
                        hint or "",
                    ]
                )
    return path


def write_collected(
    out: Path,
    yaml_text: str,
    data: pd.DataFrame,
    ratings: pd.DataFrame,
    accepted: list[FormEntry],
    lang: str,
) -> Path:
    """Data/Ratings/Sources/Scheme into ``out`` (new, or rebuilt in an existing master, keeping the user's sheets and Adjustments)."""
    from xlperf.master.save import preflight, save_book, tidy_package

    exists = out.exists()
    if exists:
        preflight(out, None)
    book = OpenpyxlBook(out) if exists else OpenpyxlBook.new()
    fill_master(book, yaml_text, data, ratings, _sources(accepted, lang), lang, keep_adjustments=exists)
    if exists:
        save_book(book, out, None)
    else:
        with atomic_path(out) as tmp:
            book.save(tmp)
            tidy_package(tmp)
    return out


def _sources(accepted: list[FormEntry], lang: str) -> pd.DataFrame:
    """The Sources sheet: file, department, template, fingerprint, head count and time of each form."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return pd.DataFrame(
        [[str(e.path), e.department, e.template_id, e.fingerprint, e.employees, now] for e in accepted],
        columns=["file", "department", "template_id", "fingerprint", "employees", "collected_at (UTC)"]
        if lang != "zh"
        else ["文件", "部门", "模板ID", "指纹", "员工数", "汇总时间(UTC)"],
    )


def fill_master(
    book,
    yaml_text: str | None,
    data: pd.DataFrame,
    ratings: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    keep_adjustments: bool = True,
) -> None:
    """Write Data, Ratings, (empty) Adjustments, Sources and the Scheme sheet into ``book``.

    ``book`` is any :class:`xlperf.io.workbook.Workbook`; an existing
    Adjustments sheet is kept (HR's own step), ``yaml_text`` None keeps the
    Scheme sheet as it is.
    """
    names = book.sheet_names()
    keep_adjustments = keep_adjustments and S.INPUT_SHEETS["adjustments"] in names
    for key, frame, cols in (
        ("data", data, DATA_COLUMNS),
        ("ratings", ratings, RATING_COLUMNS),
        ("adjustments", None, ADJ_COLUMNS),
    ):
        name = S.INPUT_SHEETS[key]
        if key == "adjustments" and keep_adjustments:
            continue
        book.replace_sheet(name)
        body = _rows(frame.reindex(columns=cols)) if frame is not None else []
        book.write_block(name, "A1", [cols, *body])
    src = S.sheet("sources", lang)
    book.replace_sheet(src)
    book.write_block(src, "A1", [list(sources.columns), *_rows(sources)])
    if yaml_text is not None:
        book.replace_sheet(S.SCHEME_SHEET)
        book.write_block(S.SCHEME_SHEET, "A1", scheme_sheet_rows(yaml_text))


def collect_into_book(book, folder: str | Path, lang: str = "zh", progress=None) -> CollectReport:
    """The ribbon's "Collect forms": merge the forms of ``folder`` into an open master.

    The scheme is the master's own (its Scheme sheet); the per-file report is
    written next to the forms as ``collect-report.csv``. Rejected forms never
    reach the master; when none is accepted the workbook is left unchanged.
    """
    from xlperf.master.pipeline import resolve_scheme

    scheme = resolve_scheme(book)
    own = book.path.resolve() if getattr(book, "path", None) else None
    paths = [p for p in expand([folder]) if p.resolve() != own]  # never the master itself
    if progress is not None:
        progress(message=f"{len(paths)} forms", fraction=0.1)
    entries, datas, ratings = check_forms(paths, scheme)
    report = CollectReport(entries)
    report.report = write_report(Path(folder) / "collect-report.csv", entries, lang)
    if datas:
        accepted = [e for e in entries if e.status == "accepted"]
        fill_master(book, None, pd.concat(datas, ignore_index=True), pd.concat(ratings, ignore_index=True), _sources(accepted, lang), lang)
    return report
