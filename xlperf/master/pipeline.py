"""The master-workbook pipeline: validate, score and write the output sheets.

Both the command line (closed files, :class:`~xlperf.io.openpyxl_book.OpenpyxlBook`)
and the Excel ribbon (open workbook, :class:`~xlperf.io.xlwings_book.XlwingsBook`)
call exactly :func:`recalc_book` and :func:`validate_book`.

Example:
    >>> from xlperf.io.openpyxl_book import OpenpyxlBook
    >>> book = OpenpyxlBook("master.xlsx")  # doctest: +SKIP
    >>> report = recalc_book(book, lang="en")  # doctest: +SKIP
    >>> book.save()  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from xlperf import __version__
from xlperf.core.engine import Results, score
from xlperf.core.scheme import Scheme, load_scheme, parse_scheme_text
from xlperf.errors import InputError, Location, Problem, SchemeError, WorkbookError, XlperfError
from xlperf.io.readers import SHEET_NAMES
from xlperf.io.workbook import Workbook, block_ref, cell_ref, read_frame
from xlperf.master import sheets as S

Progress = Callable[[str], None] | None


@dataclass
class RecalcReport:
    """What a recalculation did (printed by the CLI, shown by the ribbon)."""

    scheme_id: str
    scheme_version: str
    fingerprint: str
    employees: int
    indicator_rows: int
    ratings: int
    sheets: list[str] = field(default_factory=list)
    results: Results | None = None

    def summary(self, lang: str = "en") -> str:
        if lang == "zh":
            return f"已重算 {self.employees} 名员工（方案 {self.scheme_id} v{self.scheme_version}），写入：{'、'.join(self.sheets)}"
        return f"recalculated {self.employees} employees (scheme {self.scheme_id} v{self.scheme_version}); wrote {', '.join(self.sheets)}"


# -- scheme and inputs ---------------------------------------------------------------
def resolve_scheme(book: Workbook, scheme: Scheme | str | Path | None = None) -> Scheme:
    """The scheme given, else the one stored in the master's ``Scheme`` sheet."""
    if isinstance(scheme, Scheme):
        return scheme
    if scheme is not None:
        return load_scheme(scheme)
    if S.SCHEME_SHEET not in book.sheet_names():
        where = Location(file=_file(book))
        raise SchemeError(
            "No scheme for this master workbook",
            [
                Problem(
                    where,
                    f"the workbook has no '{S.SCHEME_SHEET}' sheet, so the scheme is unknown",
                    "pass --scheme S.yaml, or build the master with xlperf collect",
                    f"工作簿中没有 '{S.SCHEME_SHEET}' 工作表，无法确定考核方案",
                    "请使用 --scheme 指定方案文件，或用 xlperf collect 生成汇总表",
                )
            ],
        )
    rows = book.read_rows(S.SCHEME_SHEET)
    text = "".join(str(r[0]) for r in rows[1:] if r and r[0] is not None)
    stripped = text.strip()
    if stripped and "\n" not in stripped and stripped.lower().endswith((".yaml", ".yml")):
        base = book.path.parent if book.path else Path(".")
        path = Path(stripped) if Path(stripped).is_absolute() else base / stripped
        return load_scheme(path)
    return parse_scheme_text(text, f"{_file(book)}:{S.SCHEME_SHEET}")


def scheme_sheet_rows(yaml_text: str) -> list[list[str]]:
    """Rows for the ``Scheme`` sheet: header, then the YAML in chunks ≤ 8,000 characters."""
    chunks = [yaml_text[i : i + 8000] for i in range(0, len(yaml_text), 8000)] or [""]
    return [[S.SCHEME_HEADER], *[[c] for c in chunks]]


def _file(book: Workbook) -> str:
    return book.path.name if book.path else "workbook"


def _find_sheet(book: Workbook, kind: str) -> str | None:
    lowered = {n.strip().lower(): n for n in book.sheet_names()}
    for want in SHEET_NAMES[kind]:
        if want.lower() in lowered:
            return lowered[want.lower()]
    return None


def read_inputs(book: Workbook) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    """Data (required), Ratings and Adjustments (optional) as reader-format frames."""
    data_sheet = _find_sheet(book, "data")
    if data_sheet is None:
        raise InputError(
            "No Data sheet",
            [
                Problem(
                    Location(file=_file(book)),
                    f"the workbook has no Data sheet; sheets are {', '.join(book.sheet_names())}",
                    "add a sheet named Data (or 数据) with the indicator rows",
                    "工作簿中没有 Data（数据）工作表",
                    "请添加名为 Data 或 数据 的工作表",
                )
            ],
        )
    frames = []
    for kind in ("data", "ratings", "adjustments"):
        name = data_sheet if kind == "data" else _find_sheet(book, kind)
        if name is None:
            frames.append(None)
            continue
        df = read_frame(book, name)
        if kind != "data" and len(df) == 0:
            frames.append(None)
            continue
        frames.append(df)
    return frames[0], frames[1], frames[2]


def input_fingerprint(*frames: pd.DataFrame | None) -> str:
    """A short hash of the input tables' contents (not of formatting)."""
    h = hashlib.sha256()
    for df in frames:
        if df is not None:
            cols = [c for c in df.columns if c != "_row" and c not in S.OWNED_DATA_HEADERS]
            h.update(df[cols].to_csv(index=False).encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()[:16]


def _say(book: Workbook, progress: Progress, text: str) -> None:
    book.status(text)
    if progress:
        progress(text)


# -- validate ------------------------------------------------------------------------
def validate_book(
    book: Workbook, lang: str = "zh", scheme: Scheme | str | Path | None = None
) -> list[Problem]:
    """Every problem of the master's inputs (empty list: ready to recalculate). Changes nothing.

    Example:
        >>> validate_book(OpenpyxlBook("master.xlsx"))  # doctest: +SKIP
        []
    """
    try:
        sch = resolve_scheme(book, scheme)
        data, ratings, adjustments = read_inputs(book)
        score(sch, data, ratings, adjustments)
    except (InputError, SchemeError) as err:
        return list(err.problems)
    return []


def write_validation_sheet(book: Workbook, problems: list[Problem], lang: str = "zh") -> str:
    """The Validation sheet: one row per problem, with a hyperlink to the offending cell."""
    name = S.sheet("validation", lang)
    book.replace_sheet(name)
    rows: list[list] = [list(S.text("validation_cols", lang))]
    links = []
    for i, p in enumerate(problems, start=1):
        sheet_name, cell = p.where.sheet, p.where.cell
        if sheet_name and not cell and p.where.row:
            cell = f"A{p.where.row}"
        msg = p.message_zh if lang == "zh" and p.message_zh else p.message
        hint = p.hint_zh if lang == "zh" and p.hint_zh else p.hint
        rows.append([i, sheet_name or "", cell or (p.where.path or ""), msg, hint or ""])
        if sheet_name and cell and sheet_name in book.sheet_names():
            links.append((f"C{i + 1}", sheet_name, cell))
    if not problems:
        rows.append(["", "", "", S.text("validation_ok", lang), ""])
    book.write_block(name, "A1", rows)
    if "hyperlink" in book.capabilities:
        for at, sh, cell in links:
            book.hyperlink(name, at, sh, cell)
    if "column_width" in book.capabilities:
        book.column_widths(name, {"A": 6, "B": 14, "C": 10, "D": 80, "E": 50})
    return name


# -- recalc --------------------------------------------------------------------------
def recalc_book(
    book: Workbook,
    scheme: Scheme | str | Path | None = None,
    lang: str = "zh",
    progress: Progress = None,
) -> RecalcReport:
    """Validate, score and write Results, Calibration, Dashboard, Data scores and the Run log.

    Raises :class:`~xlperf.errors.InputError` (nothing written) when the inputs are invalid.

    Example:
        >>> report = recalc_book(OpenpyxlBook("master.xlsx"), lang="en")  # doctest: +SKIP
        >>> report.sheets  # doctest: +SKIP
        ['Results', 'Calibration', 'Dashboard', 'Data', 'Run log']
    """
    lang = "zh" if lang == "zh" else "en"
    _say(book, progress, "xlperf: reading inputs / 读取数据")
    sch = resolve_scheme(book, scheme)
    data, ratings, adjustments = read_inputs(book)
    _say(book, progress, "xlperf: scoring / 计算")
    results = score(sch, data, ratings, adjustments)  # raises before anything is written
    fp = input_fingerprint(data, ratings, adjustments)
    report = RecalcReport(
        sch.id,
        str(sch.version),
        fp,
        len(results.employees),
        len(results.indicators),
        0 if ratings is None else len(ratings),
        results=results,
    )
    _say(book, progress, "xlperf: writing results / 写入结果")
    other = "en" if lang == "zh" else "zh"
    for key in ("results", "calibration", "dashboard"):
        if S.sheet(key, other) in book.sheet_names():  # outputs of a run in the other language
            book.delete_sheet(S.sheet(key, other))
    report.sheets.append(write_results_sheet(book, sch, results, lang))
    report.sheets.append(write_calibration_sheet(book, results, lang))
    report.sheets.append(write_dashboard_sheet(book, sch, results, lang))
    report.sheets.append(write_data_scores(book, data, results, lang))
    report.sheets.append(append_log(book, sch, report, "ok" if lang == "en" else "成功", lang))
    _say(book, progress, None)
    return report


def _clean(v: object) -> object:
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, np.generic):
        v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return None
    if v is pd.NA or v is pd.NaT:
        return None
    return v


def _rows(df: pd.DataFrame) -> list[list]:
    cols = [df[c].astype(object).tolist() for c in df.columns]
    return [[_clean(v) for v in r] for r in zip(*cols, strict=True)] if cols else []


def result_headers(scheme: Scheme, lang: str) -> list[str]:
    """Results sheet headers: the contract's column names in English, Chinese labels in zh."""
    from xlperf.core.engine import result_columns

    cols = result_columns(scheme)
    if lang != "zh":
        return cols
    names = {f"score_{s.id}": f"{s.name}得分" for s in scheme.sections}
    return [S.RESULT_HEADERS_ZH.get(c) or names.get(c, c) for c in cols]


def write_results_sheet(book: Workbook, scheme: Scheme, results: Results, lang: str) -> str:
    name = S.sheet("results", lang)
    book.replace_sheet(name, 0 if name not in book.sheet_names() else None)
    emp = results.employees.sort_values(["rank", "department", "employee_id"], kind="stable")[
        results.result_columns
    ]
    headers = result_headers(scheme, lang)
    book.write_block(name, "A1", [headers, *_rows(emp)])
    n, w = len(emp), len(headers)
    ref = block_ref(1, 1, n + 1, w)
    caps = book.capabilities
    if "table" in caps and n:
        book.add_table(name, ref, f"xlperf_results_{lang}")
    if "number_format" in caps and n:
        for j, c in enumerate(results.result_columns, start=1):
            if c.startswith("score_") or c == "final_score":
                book.number_format(name, block_ref(2, j, n, 1), "0.00")
            elif c == "bonus_factor":
                book.number_format(name, block_ref(2, j, n, 1), "0.00")
    if "conditional_format" in caps and n:
        gcol = results.result_columns.index("grade") + 1
        letter = cell_ref(2, gcol)[:-1]
        grades = scheme.grade_names
        colors = ["C6EFCE", "DDEBF7", "FFFFFF", "FFEB9C", "FFC7CE"]
        for i, g in enumerate(grades):
            color = colors[min(i, len(colors) - 1)] if i < len(grades) - 1 else "FFC7CE"
            if color != "FFFFFF":
                book.conditional_fill(name, block_ref(2, gcol, n, 1), f'${letter}2="{g}"', color)
        fcol = results.result_columns.index("flags") + 1
        fl = cell_ref(2, fcol)[:-1]
        book.conditional_fill(name, block_ref(2, fcol, n, 1), f"LEN(${fl}2)>0", "FCE4D6")
    if "column_width" in caps:
        book.column_widths(name, {cell_ref(1, j)[:-1]: 14 for j in range(1, w + 1)})
    return name


def write_calibration_sheet(book: Workbook, results: Results, lang: str) -> str:
    name = S.sheet("calibration", lang)
    book.replace_sheet(name)
    company = "全公司" if lang == "zh" else "company"
    cal = results.calibration.assign(
        group=results.calibration["group"].where(results.calibration["group"].notna(), company)
    )
    rows: list[list] = [
        [S.text("calibration_title", lang)],
        list(S.text("calibration_cols", lang)),
        *_rows(cal),
    ]
    rows.append([])
    rows.append([S.text("events_title", lang)])
    rows.append(list(S.text("events_cols", lang)))
    ev = results.events
    names = results.employees.set_index("employee_id")["name"]
    kinds = S.text("kind", lang)
    reason = "reason_zh" if lang == "zh" else "reason_en"
    ev_start = len(rows) + 1
    for r in ev.itertuples(index=False):
        rows.append(
            [
                r.employee_id,
                _clean(names.get(r.employee_id)),
                _clean(r.group) or company,
                kinds.get(r.kind, r.kind),
                _clean(r.from_grade),
                _clean(r.to_grade),
                _clean(r.allowed),
                _clean(r.group_size),
                getattr(r, reason),
            ]
        )
    if ev.empty:
        rows.append([S.text("no_events", lang)])
    book.write_block(name, "A1", rows)
    caps = book.capabilities
    if "column_width" in caps:
        book.column_widths(
            name, {"A": 14, "B": 12, "C": 12, "D": 14, "E": 12, "F": 14, "G": 12, "H": 10, "I": 60}
        )
    if "conditional_format" in caps and not ev.empty:
        ref = block_ref(ev_start, 4, len(ev), 1)
        book.conditional_fill(name, ref, f'$D{ev_start}="{kinds["demoted"]}"', "FFEB9C")
        book.conditional_fill(name, ref, f'$D{ev_start}="{kinds["observation"]}"', "FFC7CE")
    return name


HIST_EDGES = [0, 60, 70, 80, 90, 100, 110, 120, 130]


def dashboard_tables(scheme: Scheme, results: Results, lang: str) -> dict[str, list[list]]:
    """The three tables behind the Dashboard charts (header row first)."""
    cal = results.calibration
    emp = results.employees
    grades = list(scheme.grade_names)
    by_grade = cal.groupby("grade", sort=False)
    grade_rows = []
    for g in grades:
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
    hist_rows = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        label = f"<{hi}" if lo == 0 else (f"≥{lo}" if hi == math.inf else f"{lo}–{hi}")
        hist_rows.append([label, int(((scores >= lo) & (scores < hi)).sum())])
    hist_rows[0][1] = int((scores < HIST_EDGES[1]).sum())
    score_cols = [f"score_{s.id}" for s in scheme.sections] + ["final_score"]
    means = emp.groupby("department", sort=True)[score_cols].mean()
    sec_names = [scheme.display_name(s, lang) for s in scheme.sections] + [
        S.text("dash_final", lang)
    ]
    dept_rows = [
        [d, *[round(float(v), 2) for v in row]]
        for d, row in zip(means.index, means.to_numpy(), strict=True)
    ]
    return {
        "grades": [list(S.text("dash_grades", lang)), *grade_rows],
        "hist": [list(S.text("dash_hist", lang)), *hist_rows],
        "dept": [[S.text("dash_dept", lang), *sec_names], *dept_rows],
    }


def write_dashboard_sheet(book: Workbook, scheme: Scheme, results: Results, lang: str) -> str:
    name = S.sheet("dashboard", lang)
    book.replace_sheet(name)
    t = dashboard_tables(scheme, results, lang)
    # tables on the left, charts to their right, one band per chart
    tops = {"grades": 1, "hist": 18, "dept": 35}
    for key, top in tops.items():
        book.write_block(name, f"A{top}", t[key])
    if "column_width" in book.capabilities:
        book.column_widths(name, {"A": 16, "B": 14, "C": 14, "D": 14, "E": 14})
    if "chart" in book.capabilities:
        g, h, d = t["grades"], t["hist"], t["dept"]
        book.add_chart(
            name,
            {
                "title": S.text("chart_grades", lang),
                "data": block_ref(1, 2, len(g), 3),
                "cats": block_ref(2, 1, len(g) - 1, 1),
                "anchor": "G1",
                "y_title": S.text("count", lang),
                "x_title": g[0][0],
            },
        )
        book.add_chart(
            name,
            {
                "title": S.text("chart_hist", lang),
                "data": block_ref(18, 2, len(h), 1),
                "cats": block_ref(19, 1, len(h) - 1, 1),
                "anchor": "G18",
                "y_title": S.text("count", lang),
                "x_title": h[0][0],
                "gap": 10,
            },
        )
        book.add_chart(
            name,
            {
                "title": S.text("chart_dept", lang),
                "data": block_ref(35, 2, len(d), len(d[0]) - 1),
                "cats": block_ref(36, 1, len(d) - 1, 1),
                "anchor": "G35",
                "y_title": S.text("score", lang),
                "x_title": d[0][0],
            },
        )
    return name


def write_data_scores(book: Workbook, data: pd.DataFrame, results: Results, lang: str) -> str:
    """Per-indicator score and method in owned columns to the right of the Data rows."""
    sheet = data.attrs.get("source", {}).get("sheet") or _find_sheet(book, "data")
    letters: dict[str, str] = data.attrs.get("letters", {})
    from openpyxl.utils import column_index_from_string

    owned = [column_index_from_string(v) for k, v in letters.items() if k in S.OWNED_DATA_HEADERS]
    user_cols = [
        column_index_from_string(v) for k, v in letters.items() if k not in S.OWNED_DATA_HEADERS
    ]
    first = min(owned) if owned else (max(user_cols) + 1 if user_cols else 1)
    if owned:
        book.clear_columns(sheet, first, max(owned) - first + 1)
    heads = S.DATA_OUTPUT[lang]
    book.write_block(sheet, cell_ref(1, first), [heads])
    ind = results.indicators
    rows = data["_row"].to_numpy()
    scores = ind["score"].to_numpy(dtype=float)
    methods = ind["method"].astype(object).to_numpy()
    # write contiguous runs of rows as one block (rows are normally contiguous)
    order = np.argsort(rows, kind="stable")
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and rows[order[end + 1]] == rows[order[end]] + 1:
            end += 1
        idx = order[start : end + 1]
        block = [[_clean(scores[i]), _clean(methods[i])] for i in idx]
        book.write_block(sheet, cell_ref(int(rows[idx[0]]), first), block)
        start = end + 1
    if "number_format" in book.capabilities and len(rows):
        book.number_format(
            sheet, block_ref(int(rows.min()), first, int(rows.max() - rows.min() + 1), 1), "0.00"
        )
    return sheet


def append_log(
    book: Workbook, scheme: Scheme, report: RecalcReport, outcome: str, lang: str
) -> str:
    name = next(
        (n for n in (S.SHEETS["log"]["en"], S.SHEETS["log"]["zh"]) if n in book.sheet_names()),
        S.sheet("log", lang),
    )
    if name not in book.sheet_names():
        book.replace_sheet(name)
        existing = 0
        book.write_block(name, "A1", [list(S.text("log_cols", lang))])
    else:
        existing = len([r for r in book.read_rows(name) if any(v is not None for v in r)]) - 1
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    book.write_block(
        name,
        f"A{existing + 2}",
        [
            [
                now,
                __version__,
                scheme.id,
                str(scheme.version),
                report.fingerprint,
                report.employees,
                report.indicator_rows,
                report.ratings,
                outcome,
            ]
        ],
    )
    if "column_width" in book.capabilities:
        book.column_widths(name, {"A": 20, "B": 12, "C": 18, "D": 12, "E": 20})
    return name


__all__ = [
    "RecalcReport",
    "recalc_book",
    "validate_book",
    "resolve_scheme",
    "write_validation_sheet",
    "XlperfError",
    "WorkbookError",
]


def forms_from_book(book: Workbook, scheme: Scheme, out_dir: str | Path, lang: str = "zh") -> list[Path]:
    """The ribbon's "New template": forms for the workbook's roster sheet, else blank forms per role.

    The roster is the sheet named Roster / 花名册 / 员工名单 (employee_id, name,
    department, role); without one, one blank form per role is written.
    """
    from xlperf.templates.builder import build_forms

    name = _find_sheet(book, "roster")
    roster = read_frame(book, name) if name is not None else None
    if roster is not None:
        roster.attrs["source"] = {"file": _file(book), "sheet": name}
    return build_forms(scheme, roster, out_dir, lang=lang)
