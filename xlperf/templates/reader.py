"""Read a returned appraisal form back: the contract with the collect step.

``read_form(path, scheme) -> FormContents``

- ``meta``: dict of the form's metadata (sheet ``_xlperf``): ``template_id``,
  ``scheme_id``, ``scheme_version``, ``scheme_fingerprint``, ``department``
  (the form's department for per-department forms, else ""), ``group``,
  ``per`` (department|role), ``lang``, ``blank`` ("1" for a blank per-role form),
  ``roster_fingerprint``, ``employees``, ``xlperf_version``, ``format`` (all str).
- ``data``: DataFrame in the engine's Data interchange columns
  ``employee_id, name, department, role, indicator, actual, target, baseline, weight``
  (one row per employee × indicator; role = role id, indicator = code,
  weight in percent points; empty numbers are NaN). Slots of a blank form
  without an employee id are left out.
- ``ratings``: DataFrame ``employee_id, dimension, rater, rating``, one row per
  filled rating cell (dimension and rater are scheme codes).
- ``problems``: list of :class:`xlperf.errors.Problem`, each naming the file,
  sheet and cell: not an xlperf form, another scheme or version, tampering
  (a locked cell whose content changed: label, weight, target, formula; a
  deleted/inserted row shows as shifted cells; a renamed or deleted sheet),
  missing inputs and invalid inputs. An empty list means the form is complete
  and untouched. ``FormContents.ok`` says the same.

Only input cells and locked cells are read, never formula results, so a
form saved by any program (or by a script, with no cached values) reads the
same. Unreadable files (not a workbook, encrypted) raise
:class:`~xlperf.errors.WorkbookError`; everything else is a problem.

Example:
    >>> form = read_form("sales-2026q1_华东.xlsx", scheme)  # doctest: +SKIP
    >>> form.ok, form.meta["department"], len(form.data)  # doctest: +SKIP
    (True, '华东', 15)
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from xlperf.core.methods import input_faults, needs_baseline, needs_target
from xlperf.core.numbers import REASONS, parse_numbers
from xlperf.core.scheme import Scheme
from xlperf.core.tables import COLUMNS
from xlperf.errors import Location, Problem, WorkbookError
from xlperf.messages import say
from xlperf.templates import layout as L
from xlperf.templates.metadata import YAML_NAME, fingerprint

DATA_COLUMNS = COLUMNS["data"]
RATING_COLUMNS = COLUMNS["ratings"]
MAX_TAMPER_PER_SHEET = 20


@dataclass
class FormContents:
    """What :func:`read_form` found in one form."""

    path: Path
    meta: dict[str, str]
    data: pd.DataFrame
    ratings: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _open(path: Path, **kw: object) -> openpyxl.Workbook:
    if not path.is_file():
        raise WorkbookError(
            f"Cannot read {path}",
            [
                Problem(
                    Location(file=str(path)),
                    "file not found",
                    "check the path",
                    "找不到文件",
                    "请检查路径",
                )
            ],
        )
    if not zipfile.is_zipfile(path):
        raise WorkbookError(
            f"Cannot read {path}",
            [
                Problem(
                    Location(file=str(path)),
                    "this is not an .xlsx workbook (or it is encrypted)",
                    "save the form as .xlsx without a password",
                    "不是 .xlsx 工作簿（或已加密）",
                    "请另存为无密码的 .xlsx",
                )
            ],
        )
    try:
        return openpyxl.load_workbook(path, **kw)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise WorkbookError(
            f"Cannot read {path}",
            [
                Problem(
                    Location(file=str(path)),
                    f"the workbook cannot be opened ({exc.__class__.__name__})",
                    "open it in Excel and save it again as .xlsx",
                    "无法打开工作簿",
                    "请在Excel中打开并重新另存为 .xlsx",
                )
            ],
        ) from None


def _meta_from(wb: openpyxl.Workbook) -> dict[str, str] | None:
    if L.META_SHEET not in wb.sheetnames:
        return None
    ws = wb[L.META_SHEET]
    meta: dict[str, str] = {}
    for row in ws.iter_rows(min_col=1, max_col=2, values_only=True):
        key, value = row
        if key in (None, "key"):
            continue
        if key == "scheme_yaml":
            break
        meta[str(key)] = "" if value is None else str(value)
    return meta


def read_meta(path: str | Path) -> dict[str, str]:
    """Only the metadata of a form (empty dict when the file is not an xlperf form)."""
    wb = _open(Path(path), read_only=True)
    try:
        return _meta_from(wb) or {}
    finally:
        wb.close()


def scheme_yaml_text(path: str | Path) -> str:
    """The exact scheme YAML stored in a form (cells of the defined name XLPERF_SCHEME_YAML, concatenated)."""
    wb = _open(Path(path))
    dn = wb.defined_names.get(YAML_NAME)
    if dn is None:
        raise WorkbookError(
            f"{path} carries no scheme",
            [
                Problem(
                    Location(file=str(path)),
                    "the form has no XLPERF_SCHEME_YAML range",
                    "use a form generated by xlperf template",
                    "表格中没有方案文本",
                    "请使用 xlperf template 生成的表格",
                )
            ],
        )
    parts = []
    for sheet, ref in dn.destinations:
        for row in wb[sheet][ref]:
            for c in row:
                parts.append("" if c.value is None else str(c.value))
    return "".join(parts)


def _number(value: object) -> tuple[float, str | None]:
    """(number, reason): a form's number cell must hold a number itself (``text=False``).

    Empty → (nan, None); text, TRUE/FALSE and error values → (nan, reason). The
    form's own formulas test ISNUMBER and its data validation is decimal-typed,
    so what the form shows as invalid is refused here, and the reverse.
    """
    p = parse_numbers([value], text=False)
    return float(p.values[0]), p.reason[0]


def _shown(value: object) -> str:
    """A cell value as the user sees it in the sheet."""
    return str(value).upper() if isinstance(value, bool) else _text(value)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Reader:
    def __init__(self, path: Path, scheme: Scheme) -> None:
        self.path, self.scheme = path, scheme
        self.problems: list[Problem] = []

    def add(
        self,
        sheet: str | None,
        cell: str | None,
        message: str,
        hint: str,
        message_zh: str,
        hint_zh: str,
        column: str | None = None,
    ) -> None:
        row = int(re.sub(r"[A-Z]+", "", cell)) if cell else None
        self.problems.append(
            Problem(
                Location(file=str(self.path), sheet=sheet, cell=cell, row=row, column=column),
                message,
                hint,
                message_zh,
                hint_zh,
            )
        )

    def bad_number(self, ws, cell: str, why: str, column: str) -> None:
        """The cell ``cell`` of ``ws`` holds no number: say why, naming the column's header."""
        header = ws[f"{re.sub(r'[0-9]+', '', cell)}{L.HEADER_ROW}"].value
        shown = str(header).replace("\n", " ") if header else column
        where = Location(
            file=str(self.path),
            sheet=ws.title,
            cell=cell,
            row=int(re.sub(r"[A-Z]+", "", cell)),
            column=column,
        )
        self.problems.append(say(REASONS[why], where, value=_shown(ws[cell].value), column=shown))

    def read(self) -> FormContents:
        wb = _open(self.path)
        empty = FormContents(
            self.path,
            {},
            pd.DataFrame(columns=DATA_COLUMNS),
            pd.DataFrame(columns=RATING_COLUMNS),
            self.problems,
        )
        meta = _meta_from(wb)
        if meta is None:
            self.add(
                None,
                None,
                "this is not an xlperf form: the metadata sheet _xlperf is missing",
                "use the form HR sent you (generated by xlperf template)",
                "这不是 xlperf 生成的考核表：缺少元数据表 _xlperf",
                "请使用人力资源部下发的考核表",
            )
            return empty
        empty.meta = meta
        s = self.scheme
        if meta.get("scheme_id") != s.id or meta.get("scheme_version") != str(s.version):
            self.add(
                L.META_SHEET,
                None,
                f"the form is for scheme {meta.get('scheme_id')} v{meta.get('scheme_version')}, not {s.id} v{s.version}",
                "collect it with its own scheme, or send the current form",
                f"该表格属于方案 {meta.get('scheme_id')} 第{meta.get('scheme_version')}版，而不是 {s.id} 第{s.version}版",
                "请用对应方案收集，或下发当前版本的表格",
            )
            return empty
        if meta.get("scheme_fingerprint") != s.fingerprint:
            self.add(
                L.META_SHEET,
                None,
                f"the form was built from a different content of scheme {s.id} v{s.version} (fingerprint {meta.get('scheme_fingerprint')} ≠ {s.fingerprint})",
                "regenerate the forms after changing a scheme, and raise its version",
                "表格生成时的方案内容与当前方案不同（同一版本号）",
                "修改方案后请提高版本号并重新生成表格",
            )
            return empty
        try:
            names: dict[str, str] = json.loads(meta.get("sheets", "{}"))
            roles: list[str] = json.loads(meta.get("slots", "[]"))
            lay = L.plan(s, roles)
        except (ValueError, KeyError):
            self.add(
                L.META_SHEET,
                None,
                "the form's metadata is damaged",
                "send the original form again",
                "表格元数据已损坏",
                "请重新下发原始表格",
            )
            return empty
        present = set(wb.sheetnames)
        extra = [n for n in wb.sheetnames if n not in names.values() and n != L.META_SHEET]
        sheets = {}
        for key, name in names.items():
            if name in present:
                sheets[key] = wb[name]
            else:
                found = f"; found instead: {', '.join(extra)}" if extra else ""
                self.add(
                    name,
                    None,
                    f"sheet '{name}' is missing (renamed or deleted){found}",
                    f"rename the sheet back to '{name}' or use the original form",
                    f"工作表「{name}」不存在（被重命名或删除）",
                    f"请将工作表名改回「{name}」或使用原始表格",
                )
        self.check_fingerprints(wb, names, sheets)
        if (
            "kpi" not in sheets
            or "summary" not in sheets
            or (lay.has_competency and "competency" not in sheets)
        ):
            return empty
        data, ratings = self.read_inputs(sheets, names, lay, meta.get("blank") == "1")
        return FormContents(self.path, meta, data, ratings, self.problems)

    def check_fingerprints(
        self, wb: openpyxl.Workbook, names: dict[str, str], sheets: dict
    ) -> None:
        meta_ws = wb[L.META_SHEET]
        counts: dict[str, int] = {}
        for key, cell, fp in meta_ws.iter_rows(min_col=4, max_col=6, min_row=2, values_only=True):
            if key is None or key not in sheets:
                continue
            ws = sheets[key]
            value = ws[cell].value
            if fingerprint(value) == fp:
                continue
            counts[key] = counts.get(key, 0) + 1
            if counts[key] > MAX_TAMPER_PER_SHEET:
                continue
            col = re.sub(r"\d+", "", cell)
            header = (
                ws[f"{col}{L.HEADER_ROW}"].value
                if key in ("kpi", "competency", "summary")
                else None
            )
            label = str(header).replace("\n", " ") if header else None
            shown = "(empty)" if value in (None, "") else repr(value)[:60]
            self.add(
                names[key],
                cell,
                f"locked cell changed: {shown} is not what the form was sent with",
                "locked cells (labels, weights, targets, formulas) must not be edited; undo the change or use the original form",
                f"锁定单元格被修改：当前内容 {shown} 与下发时不一致",
                "锁定单元格（标签、权重、目标、公式）不可修改；请撤销修改或使用原始表格",
                column=label,
            )
        for key, n in counts.items():
            if n > MAX_TAMPER_PER_SHEET:
                self.add(
                    names[key],
                    None,
                    f"{n} locked cells changed in all ({n - MAX_TAMPER_PER_SHEET} more not listed); rows were probably deleted, inserted or moved",
                    "use the original form: do not delete, insert or sort rows",
                    f"共有{n}个锁定单元格被修改，可能删除、插入或移动了行",
                    "请使用原始表格，不要删除、插入或排序行",
                )

    def read_inputs(
        self, sheets: dict, names: dict[str, str], lay: L.Layout, blank: bool
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        s = self.scheme
        kpi, summ = sheets["kpi"], sheets["summary"]
        rows: list[dict] = []
        rat_rows: list[dict] = []
        seen: dict[str, int] = {}
        for slot in lay.slots:
            r = slot.summary_row
            eid, name, dept = (_text(summ[f"{c}{r}"].value) for c in (L.S_ID, L.S_NAME, L.S_DEPT))
            if blank and eid == "":
                continue
            if eid in seen:
                self.add(
                    names["summary"],
                    f"{L.S_ID}{r}",
                    f"employee id {eid} appears twice (first in row {seen[eid]})",
                    "each employee gets one row; correct the id",
                    f"工号 {eid} 重复（首次出现在第{seen[eid]}行）",
                    "每位员工只占一行，请更正工号",
                    column="employee_id",
                )
                continue
            seen[eid] = r
            if eid == "":
                self.add(
                    names["summary"],
                    f"{L.S_ID}{r}",
                    "employee id is empty",
                    "fill in the employee id",
                    "工号为空",
                    "请填写工号",
                    column="employee_id",
                )
                continue
            if dept == "":
                self.add(
                    names["summary"],
                    f"{L.S_DEPT}{r}",
                    f"employee {eid} has no department",
                    "fill in the department",
                    f"员工 {eid} 的部门为空",
                    "请填写部门",
                    column="department",
                )
            role = s.role_by_id[slot.role]
            for row, code, _ in slot.kpi_rows:
                rule = s.rule(code)
                weight = float(next(ri.weight for ri in role.indicators if ri.code == code))
                target = s.default_target(slot.role, code)
                values = {
                    "actual": (L.K_ACTUAL, True),
                    "target": (L.K_TARGET, needs_target(rule) and target is None),
                    "baseline": (L.K_BASELINE, needs_baseline(rule)),
                }
                nums: dict[str, float] = {
                    "target": np.nan if target is None else float(target),
                    "baseline": np.nan,
                }
                for col_name, (col, read) in values.items():
                    if not read:
                        continue
                    cell = f"{col}{row}"
                    x, why = _number(kpi[cell].value)
                    if why is not None:
                        self.bad_number(kpi, cell, why, col_name)
                    elif np.isnan(x):
                        self.add(
                            names["kpi"],
                            cell,
                            f"{col_name} of {eid} / {code} is missing",
                            f"fill in the {col_name}",
                            f"员工 {eid} 指标 {code} 缺少{_ZH[col_name]}",
                            f"请填写{_ZH[col_name]}",
                            column=col_name,
                        )
                    nums[col_name] = x
                a, t, b = (np.array([nums[k]]) for k in ("actual", "target", "baseline"))
                for fault in input_faults(rule, a, t, b):
                    if fault.message.endswith("missing"):
                        continue  # reported above, with its cell
                    col = {"actual": L.K_ACTUAL, "target": L.K_TARGET, "baseline": L.K_BASELINE}[
                        fault.column
                    ]
                    self.add(
                        names["kpi"],
                        f"{col}{row}",
                        f"{fault.message} (employee {eid}, indicator {code})",
                        "correct the value",
                        f"{fault.message_zh}（员工 {eid}，指标 {code}）",
                        "请更正该值",
                        column=fault.column,
                    )
                rows.append(
                    {
                        "employee_id": eid,
                        "name": name,
                        "department": dept,
                        "role": slot.role,
                        "indicator": code,
                        "actual": nums["actual"],
                        "target": nums["target"],
                        "baseline": nums["baseline"],
                        "weight": weight,
                    }
                )
            if lay.has_competency:
                self.read_ratings(
                    sheets["competency"], names["competency"], lay, slot, eid, rat_rows
                )
        data = pd.DataFrame(rows, columns=DATA_COLUMNS)
        ratings = pd.DataFrame(rat_rows, columns=RATING_COLUMNS)
        return data, ratings

    def read_ratings(
        self, ws, sheet: str, lay: L.Layout, slot: L.Slot, eid: str, out: list[dict]
    ) -> None:
        rule = self.scheme.rating_rule
        keys = {k for k, _ in rule.rating_map}
        for row, dim in slot.comp_rows:
            filled = 0
            for k, rater in enumerate(lay.raters):
                cell = f"{lay.rater_col(k)}{row}"
                x, why = _number(ws[cell].value)
                if why is not None:
                    self.bad_number(ws, cell, why, rater)
                    continue
                if np.isnan(x):
                    continue
                if x < rule.scale_min or x > rule.scale_max or (keys and x not in keys):
                    lo, hi = f"{rule.scale_min:g}", f"{rule.scale_max:g}"
                    self.add(
                        sheet,
                        cell,
                        f"rating {ws[cell].value!r} of {eid} / {dim} / {rater} is not on the scale {lo}..{hi}",
                        f"choose a rating from {lo} to {hi}",
                        f"员工 {eid} 维度 {dim} 的评分 {ws[cell].value!r} 不在 {lo}..{hi} 范围内",
                        f"请选择 {lo} 到 {hi} 的评分",
                        column=rater,
                    )
                    continue
                filled += 1
                out.append({"employee_id": eid, "dimension": dim, "rater": rater, "rating": x})
            if filled == 0:
                first = f"{lay.rater_col(0)}{row}"
                self.add(
                    sheet,
                    first,
                    f"employee {eid} has no rating for dimension {dim}",
                    "every dimension needs at least one rater's rating",
                    f"员工 {eid} 的维度 {dim} 没有任何评分",
                    "每个维度至少需要一位评价人评分",
                    column=dim,
                )


_ZH = {"actual": "实际值", "target": "目标值", "baseline": "基准值"}


def read_form(path: str | Path, scheme: Scheme) -> FormContents:
    """Read one returned form (see the module docstring for the contract).

    Example:
        >>> form = read_form("returned/sales-2026q1_华东.xlsx", scheme)  # doctest: +SKIP
        >>> [str(p) for p in form.problems][:1]  # doctest: +SKIP
        ['returned/sales-2026q1_华东.xlsx: KPI考核!L7 (row 7, column actual): actual of E1 / CSAT is missing (fill in the actual)']
    """
    return _Reader(Path(path), scheme).read()
