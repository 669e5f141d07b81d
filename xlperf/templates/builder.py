"""Build the appraisal forms (考核表) from a scheme and a roster.

:func:`build_forms` writes one workbook per department (or per role) for a
roster, or a blank form per role without one. Every number in a form is a
native formula from :mod:`xlperf.templates.compiler`; the layout comes from
:mod:`xlperf.templates.layout`, the words from :mod:`xlperf.templates.text`.
All files are built in a temporary folder and moved into place only when
every one of them is complete.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> import tempfile
    >>> paths = build_forms(load_scheme(shipped_schemes()["sales"]), None, tempfile.mkdtemp())
    >>> [p.name for p in paths][:1]
    ['sales-2026q1_销售专员.xlsx']
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import yaml
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

import xlperf
from xlperf.core.contract import describe, needs_baseline, needs_positive_target, needs_target
from xlperf.core.scheme import Scheme
from xlperf.core.suggest import did_you_mean, did_you_mean_zh
from xlperf.core.tables import Table
from xlperf.errors import InputError, Location, Problem, ProblemList, UsageError, WorkbookError
from xlperf.templates import compiler as fc
from xlperf.templates import layout as L
from xlperf.templates.metadata import FORMAT_VERSION, YAML_CHUNK, YAML_NAME, content_id, fingerprint
from xlperf.templates.ooxml import tidy
from xlperf.templates.text import T, rater_name

BLANK_SLOTS = 10
FIXED_TIME = datetime(2026, 1, 1)

# -- styles ------------------------------------------------------------------------

_THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="1F4E78")
SUB_FONT = Font(italic=True, size=9, color="595959")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
SCORE_FILL = PatternFill("solid", fgColor="DDEBF7")
MISSING_FILL = PatternFill("solid", fgColor="F8CBAD")
INVALID_FILL = PatternFill("solid", fgColor="FF7C80")
GRADE_FILLS = ("C6EFCE", "E2EFDA", "FFFFFF", "FCE4D6", "F8CBAD")
WRAP = Alignment(wrap_text=True, vertical="center")
MIDDLE = Alignment(vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
UNLOCKED = Protection(locked=False)
SCORE_FORMAT = "0.00"


@dataclass(frozen=True)
class Person:
    employee_id: str
    name: str
    department: str
    role: str


@dataclass(frozen=True)
class FormSpec:
    """One form to build: its group (department or role) and its employee slots."""

    group: str
    per: str
    people: tuple[Person | None, ...]  # None = a blank slot
    roles: tuple[str, ...]
    blank_role: str | None = None

    @property
    def blank(self) -> bool:
        return self.blank_role is not None


# -- roster --------------------------------------------------------------------------


def roster_people(scheme: Scheme, roster: pd.DataFrame) -> list[Person]:
    """Validate a roster table and return its people; raise InputError listing every problem."""
    t = Table.wrap(roster, "roster")
    problems = ProblemList()
    problems.extend(t.problems.items)
    if not t.ok:
        problems.raise_if_any(InputError, "The roster cannot be used; nothing was written.")
    if len(t.df) == 0:
        problems.add(
            Location(file=t.file, sheet=t.sheet),
            "the roster has no employees",
            "add one row per employee: employee_id, name, department, role",
            message_zh="花名册没有员工",
            hint_zh="请按每人一行填写工号、姓名、部门、岗位",
        )
        problems.raise_if_any(InputError, "The roster is empty; nothing was written.")
    ids, depts, roles_raw = t.text("employee_id"), t.text("department"), t.text("role")
    names = t.text("name") if "name" in t.df.columns else [""] * len(ids)
    rows = t.df["_row"].to_numpy()
    role_choices = [r.id for r in scheme.roles] + [r.name for r in scheme.roles]
    seen: dict[str, int] = {}
    people = []
    for eid, name, dept, role_text, row in zip(ids, names, depts, roles_raw, rows, strict=True):
        if eid == "":
            problems.add(
                t.where(row, "employee_id")[0],
                "employee id is empty",
                "fill in the employee id (工号)",
                message_zh="工号为空",
                hint_zh="请填写工号",
            )
            continue
        if eid in seen:
            problems.add(
                t.where(row, "employee_id")[0],
                f"duplicate employee id '{eid}' (first at row {seen[eid]})",
                "each employee appears once in the roster",
                message_zh=f"工号 '{eid}' 重复（首次出现在第{seen[eid]}行）",
                hint_zh="花名册中每位员工只能出现一次",
            )
        seen.setdefault(eid, int(row))
        if dept == "":
            problems.add(
                t.where(row, "department")[0],
                f"employee {eid} has no department",
                "fill in the department",
                message_zh=f"员工 {eid} 的部门为空",
                hint_zh="请填写部门",
            )
        role = scheme.resolve_role(role_text)
        if role is None:
            problems.add(
                t.where(row, "role")[0],
                f"unknown role '{role_text}' for employee {eid}",
                did_you_mean(role_text, role_choices)
                or f"roles in the scheme: {', '.join(r.id for r in scheme.roles)}",
                message_zh=f"员工 {eid} 的岗位 '{role_text}' 不在方案中",
                hint_zh=did_you_mean_zh(role_text, role_choices)
                or f"方案中的岗位：{', '.join(r.name for r in scheme.roles)}",
            )
            continue
        people.append(Person(eid, name, dept, role))
    problems.raise_if_any(
        InputError, f"The roster has {len(problems)} problem(s); nothing was written."
    )
    return people


def roster_fingerprint(people: list[Person] | None) -> str:
    if not people:
        return "none"
    text = "\n".join(f"{p.employee_id}\t{p.name}\t{p.department}\t{p.role}" for p in people)
    return content_id(text, n=16)


def form_specs(
    scheme: Scheme, people: list[Person] | None, per: str, slots: int = BLANK_SLOTS
) -> list[FormSpec]:
    """What to build: one spec per department/role, or a blank one per role."""
    if people is None:
        return [
            FormSpec(r.id, "role", (None,) * slots, (r.id,) * slots, blank_role=r.id)
            for r in scheme.roles
        ]
    role_order = {r.id: k for k, r in enumerate(scheme.roles)}
    groups: dict[str, list[Person]] = {}
    for p in people:
        groups.setdefault(p.department if per == "department" else p.role, []).append(p)
    specs = []
    for g in sorted(groups, key=lambda x: (role_order.get(x, 0), x)):
        members = (
            sorted(groups[g], key=lambda p: (role_order[p.role], p.department))
            if per == "department"
            else groups[g]
        )
        specs.append(FormSpec(g, per, tuple(members), tuple(p.role for p in members)))
    return specs


# -- helpers -----------------------------------------------------------------------


def _q(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _safe_file_part(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._") or "form"


def _header(ws: Worksheet, row: int, labels: list[str]) -> None:
    for k, label in enumerate(labels, start=1):
        c = ws.cell(row, k, label)
        c.font, c.fill, c.alignment, c.border = HEADER_FONT, HEADER_FILL, CENTER, BORDER
    ws.row_dimensions[row].height = 36


def _title(ws: Worksheet, title: str, subtitle: str | None, width: int) -> None:
    ws["A1"] = title
    ws["A1"].font = TITLE_FONT
    if subtitle:
        ws["A2"] = subtitle
        ws["A2"].font = SUB_FONT
    ws.row_dimensions[1].height = 24


def _widths(ws: Worksheet, widths: dict[str, float]) -> None:
    for col, w in widths.items():
        ws.column_dimensions[col].width = w


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False
    ws.protection.formatColumns = False  # let users widen columns
    ws.protection.formatRows = False


def _print_setup(
    ws: Worksheet,
    scheme_name: str,
    group: str,
    page_text: str,
    title_rows: str | None,
    landscape: bool = True,
) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddHeader.left.text = scheme_name
    ws.oddHeader.right.text = group
    ws.oddFooter.center.text = page_text
    ws.oddFooter.right.text = "xlperf"


def _dv(
    ws: Worksheet, kind: str, lang: str, prompt: str, error: str, **kw: object
) -> DataValidation:
    dv = DataValidation(
        type=kind,
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle="stop",
        **kw,
    )
    dv.prompt = prompt[:255]
    dv.errorTitle = T[lang]["error_title"][:32]
    dv.error = error[:255]
    ws.add_data_validation(dv)
    return dv


def _number_format(scheme: Scheme, code: str, column: str = "actual") -> str:
    """Percent when the indicator's unit is percent; a growth target is always a rate.

    A growth indicator's actual and baseline are levels (sales amounts), its
    target is the growth rate, so only the target is shown as a percent.
    """
    ind = scheme.indicator_by_code[code]
    if ind.method == "growth":
        return "0.00%" if column == "target" else "General"
    return "0.00%" if ind.unit == "percent" else "General"


def _text(lang: str, key: str, **kw: object) -> str:
    return T[lang][key].format(**kw)


# -- the workbook --------------------------------------------------------------------


class _Form:
    """Builds one workbook; cells are written in a fixed order (deterministic)."""

    def __init__(
        self, scheme: Scheme, spec: FormSpec, lang: str, yaml_text: str, roster_fp: str
    ) -> None:
        self.scheme, self.spec, self.lang, self.yaml_text = scheme, spec, lang, yaml_text
        self.t = T[lang]
        self.lay = L.plan(scheme, list(spec.roles))
        self.names = {k: self.t[f"sheet_{k}"] for k in L.SHEET_KEYS}
        if not self.lay.has_competency:
            del self.names["competency"]
        self.roster_fp = roster_fp
        self.template_id = "T" + content_id(
            scheme.fingerprint,
            lang,
            spec.per,
            spec.group,
            roster_fp,
            FORMAT_VERSION,
            yaml_text,
            n=11,
        )
        self.inputs: set[tuple[str, str]] = set()
        self.wb = Workbook()
        self.sheets: dict[str, Worksheet] = {}

    # -- small helpers
    def dn(self, obj: object) -> str:
        return self.scheme.display_name(obj, self.lang)

    def ref(self, key: str, cell: str) -> str:
        return f"{_q(self.names[key])}!{cell}"

    def unlock(self, ws: Worksheet, key: str, cell: str) -> None:
        c = ws[cell]
        c.protection = UNLOCKED
        c.fill = INPUT_FILL
        self.inputs.add((key, cell))

    @property
    def group_label(self) -> str:
        if self.spec.per == "role":
            role = self.scheme.role_by_id.get(self.spec.group)
            return self.dn(role) if role else self.spec.group
        return self.spec.group

    def subtitle(self) -> str:
        key = "subtitle" if self.spec.per == "department" else "subtitle_role"
        period = self.t.get(f"period_{self.scheme.scheme.period}", self.scheme.scheme.period)
        return _text(
            self.lang,
            key,
            group=self.group_label,
            period=period,
            scheme_id=self.scheme.id,
            version=self.scheme.version,
            template=self.template_id,
        )

    def person_cells(self, slot: L.Slot) -> tuple[object, object]:
        """KPI/competency id and name: values with a roster, formulas on the summary list when blank."""
        p = self.spec.people[slot.index]
        if p is not None:
            return p.employee_id, p.name
        r = slot.summary_row
        sid, sname = self.ref("summary", f"${L.S_ID}${r}"), self.ref("summary", f"${L.S_NAME}${r}")
        return f'=IF({sid}="","",{sid})', f'=IF({sname}="","",{sname})'

    # -- sheets
    def build(self) -> Workbook:
        wb = self.wb
        first = wb.active
        for key in self.names:
            ws = first if key == "instructions" else wb.create_sheet()
            ws.title = self.names[key]
            self.sheets[key] = ws
        self.build_kpi()
        if self.lay.has_competency:
            self.build_competency()
        self.build_summary()
        self.build_letters()
        self.build_rules()
        self.build_instructions()
        self.build_meta()
        wb.calculation.fullCalcOnLoad = True
        wb.security = WorkbookProtection(lockStructure=True)
        wb.properties.creator = f"xlperf {xlperf.__version__}"
        wb.properties.title = self.scheme.scheme.name
        wb.properties.created = FIXED_TIME
        wb.properties.modified = FIXED_TIME
        wb.active = 1
        return wb

    def build_kpi(self) -> None:
        ws, t, s, lay = self.sheets["kpi"], self.t, self.scheme, self.lay
        _title(ws, _text(self.lang, "title_kpi", scheme=self.dn(s.scheme)), self.subtitle(), 14)
        _header(ws, L.HEADER_ROW, [t[c] for c in L.KPI_COLUMNS])
        inv = t["invalid"]
        dvs: dict[tuple, DataValidation] = {}

        def validation(key: tuple, make) -> DataValidation:
            if key not in dvs:
                dvs[key] = make()
            return dvs[key]

        for slot in lay.slots:
            eid, ename = self.person_cells(slot)
            role = s.role_by_id[slot.role]
            for row, code, sec in slot.kpi_rows:
                ind = s.indicator_by_code[code]
                rule = s.rule(code)
                weight = next(ri.weight for ri in role.indicators if ri.code == code)
                target = s.default_target(slot.role, code)
                unit_of = {
                    c: t["unit_percent"]
                    if _number_format(s, code, c) == "0.00%"
                    else t["unit_number"]
                    for c in ("target", "baseline", "actual")
                }
                unit = unit_of["actual"]
                values = [
                    eid,
                    ename,
                    self.dn(role),
                    self.dn(s.section_by_id[sec]),
                    code,
                    self.dn(ind),
                    describe(rule, self.lang),
                    (ind.source_en if self.lang == "en" and ind.source_en else ind.source)
                    or t["na"],
                    float(weight),
                ]
                for k, v in enumerate(values, start=1):
                    c = ws.cell(row, k, v)
                    c.border, c.alignment = BORDER, WRAP
                ws[f"{L.K_WEIGHT}{row}"].number_format = "General"
                ws.row_dimensions[row].height = 30
                tcell, bcell, acell = (
                    f"{L.K_TARGET}{row}",
                    f"{L.K_BASELINE}{row}",
                    f"{L.K_ACTUAL}{row}",
                )
                for cell, column in ((tcell, "target"), (bcell, "baseline"), (acell, "actual")):
                    ws[cell].border = BORDER
                    ws[cell].number_format = _number_format(s, code, column)
                    ws[cell].alignment = MIDDLE
                if needs_target(rule):
                    if target is not None:
                        ws[tcell] = float(target)
                    else:
                        self.unlock(ws, "kpi", tcell)
                        positive = needs_positive_target(rule)
                        msg = _text(
                            self.lang,
                            "input_target" if positive else "input_target_any",
                            indicator=self.dn(ind),
                            unit=unit_of["target"],
                        )
                        dv = validation(
                            ("t", code),
                            lambda positive=positive, msg=msg: _dv(
                                ws,
                                "decimal",
                                self.lang,
                                msg,
                                t["error_positive"] if positive else t["error_number"],
                                operator="greaterThan" if positive else "between",
                                formula1="0" if positive else "-1E+307",
                                formula2=None if positive else "1E+307",
                            ),
                        )
                        dv.add(tcell)
                else:
                    ws[tcell] = t["na"]
                    ws[tcell].alignment = CENTER
                if needs_baseline(rule):
                    self.unlock(ws, "kpi", bcell)
                    msg = _text(
                        self.lang,
                        "input_baseline",
                        indicator=self.dn(ind),
                        unit=unit_of["baseline"],
                    )
                    validation(
                        ("b", code),
                        lambda msg=msg: _dv(
                            ws,
                            "decimal",
                            self.lang,
                            msg,
                            t["error_nonzero"],
                            operator="notEqual",
                            formula1="0",
                        ),
                    ).add(bcell)
                else:
                    ws[bcell] = t["na"]
                    ws[bcell].alignment = CENTER
                self.unlock(ws, "kpi", acell)
                validation(
                    ("a", code),
                    lambda ind=ind, rule=rule, unit=unit: self._actual_dv(ws, ind, rule, unit),
                ).add(acell)
                t_ref = tcell if needs_target(rule) else None
                b_ref = bcell if needs_baseline(rule) else None
                sc = ws[f"{L.K_SCORE}{row}"]
                sc.value = fc.indicator_formula(rule, acell, t_ref, b_ref, inv)
                sc.number_format, sc.border, sc.fill = SCORE_FORMAT, BORDER, SCORE_FILL
                sc.alignment = MIDDLE
                ss = ws[f"{L.K_SECTION_SCORE}{row}"]
                ss.border, ss.fill, ss.alignment = BORDER, SCORE_FILL, MIDDLE
            for _sec, r0, r1 in slot.section_blocks:
                c = ws[f"{L.K_SECTION_SCORE}{r0}"]
                c.value = fc.section_formula(
                    f"{L.K_WEIGHT}{r0}:{L.K_WEIGHT}{r1}",
                    f"{L.K_SCORE}{r0}:{L.K_SCORE}{r1}",
                    r1 - r0 + 1,
                    inv,
                )
                c.number_format = SCORE_FORMAT
                c.font = Font(bold=True)
            # a heavier line between employees makes the blocks readable on paper
            last = slot.kpi_rows[-1][0]
            for k in range(1, len(L.KPI_COLUMNS) + 1):
                cell = ws.cell(last, k)
                cell.border = Border(
                    left=_THIN, right=_THIN, top=_THIN, bottom=Side(style="medium", color="1F4E78")
                )
        last = lay.kpi_last_row
        rng = f"{L.K_ACTUAL}{L.FIRST_ROW}:{L.K_ACTUAL}{last}"
        ws.conditional_formatting.add(
            rng,
            FormulaRule(
                formula=[f'AND(${L.K_ID}{L.FIRST_ROW}<>"",{L.K_ACTUAL}{L.FIRST_ROW}="")'],
                fill=MISSING_FILL,
            ),
        )
        for col in (L.K_SCORE, L.K_SECTION_SCORE):
            ws.conditional_formatting.add(
                f"{col}{L.FIRST_ROW}:{col}{last}",
                CellIsRule(
                    operator="equal",
                    formula=[fc.text_literal(inv)],
                    fill=INVALID_FILL,
                    font=Font(bold=True, color="9C0006"),
                ),
            )
        ws.freeze_panes = f"C{L.FIRST_ROW}"
        _widths(
            ws,
            {
                "A": 11,
                "B": 10,
                "C": 13,
                "D": 12,
                "E": 14,
                "F": 18,
                "G": 30,
                "H": 16,
                "I": 8,
                "J": 11,
                "K": 11,
                "L": 12,
                "M": 10,
                "N": 10,
            },
        )
        _print_setup(
            ws,
            self.dn(s.scheme),
            self.group_label,
            t["header_footer_page"],
            f"{L.HEADER_ROW}:{L.HEADER_ROW}",
        )
        ws.auto_filter.ref = None
        self.define("XLPERF_ACTUAL", "kpi", f"${L.K_ACTUAL}${L.FIRST_ROW}:${L.K_ACTUAL}${last}")
        self.define("XLPERF_TARGET", "kpi", f"${L.K_TARGET}${L.FIRST_ROW}:${L.K_TARGET}${last}")
        self.define(
            "XLPERF_BASELINE", "kpi", f"${L.K_BASELINE}${L.FIRST_ROW}:${L.K_BASELINE}${last}"
        )
        _protect(ws)

    def _actual_dv(self, ws: Worksheet, ind, rule, unit: str) -> DataValidation:
        t, lang = self.t, self.lang
        msg = _text(lang, "input_actual", indicator=self.dn(ind), unit=unit)
        if rule.method == "rating":
            return self._rating_dv(ws, rule)
        if rule.method in ("inverse", "deduction"):
            msg = msg if rule.method == "inverse" else _text(lang, "input_count")
            return _dv(
                ws,
                "decimal",
                lang,
                msg,
                t["error_nonneg"],
                operator="greaterThanOrEqual",
                formula1="0",
            )
        return _dv(
            ws,
            "decimal",
            lang,
            msg,
            t["error_number"],
            operator="between",
            formula1="-1E+307",
            formula2="1E+307",
        )

    def _rating_dv(self, ws: Worksheet, rule) -> DataValidation:
        lo, hi = fc.num(rule.scale_min), fc.num(rule.scale_max)
        values = [k for k, _ in rule.rating_map] if rule.rating_map else None
        if (
            values is None
            and float(rule.scale_min).is_integer()
            and float(rule.scale_max).is_integer()
        ):
            values = list(range(int(rule.scale_min), int(rule.scale_max) + 1))
        prompt = _text(self.lang, "input_rating", lo=lo, hi=hi)
        error = _text(self.lang, "error_rating", lo=lo, hi=hi)
        if values is not None and len(values) <= 20:
            return _dv(
                ws,
                "list",
                self.lang,
                prompt,
                error,
                formula1='"' + ",".join(fc.num(v) for v in values) + '"',
            )
        return _dv(
            ws, "decimal", self.lang, prompt, error, operator="between", formula1=lo, formula2=hi
        )

    def build_competency(self) -> None:
        ws, t, s, lay = self.sheets["competency"], self.t, self.scheme, self.lay
        _title(
            ws,
            _text(self.lang, "title_competency", scheme=self.dn(s.scheme)),
            self.subtitle(),
            lay.comp_last_col,
        )
        raters = [
            _text(
                self.lang,
                "rater_header",
                rater=rater_name(r, self.lang),
                weight=fc.num(s.raters[r]),
            )
            for r in lay.raters
        ]
        _header(
            ws,
            L.HEADER_ROW,
            [
                t["employee_id"],
                t["name"],
                t["dimension"],
                t["dimension_weight"],
                *raters,
                t["dimension_score"],
                t["competency_score"],
            ],
        )
        inv = t["invalid"]
        rule = s.rating_rule
        dv = self._rating_dv(ws, rule)
        weights = [float(s.raters[r]) for r in lay.raters]
        for slot in lay.slots:
            eid, ename = self.person_cells(slot)
            for row, dim in slot.comp_rows:
                comp = s.competency_by_code[dim]
                for k, v in enumerate([eid, ename, self.dn(comp), float(comp.weight)], start=1):
                    c = ws.cell(row, k, v)
                    c.border, c.alignment = BORDER, WRAP
                cells = []
                for k in range(len(lay.raters)):
                    cell = f"{lay.rater_col(k)}{row}"
                    ws[cell].border, ws[cell].alignment = BORDER, CENTER
                    self.unlock(ws, "competency", cell)
                    dv.add(cell)
                    cells.append(cell)
                c = ws[f"{lay.dim_score_col}{row}"]
                c.value = fc.dimension_formula(rule, cells, weights, inv)
                c.number_format, c.border, c.fill = SCORE_FORMAT, BORDER, SCORE_FILL
                ws[f"{lay.comp_score_col}{row}"].border = BORDER
                ws[f"{lay.comp_score_col}{row}"].fill = SCORE_FILL
            r0, r1 = slot.comp_rows[0][0], slot.comp_rows[-1][0]
            c = ws[f"{lay.comp_score_col}{r0}"]
            c.value = fc.section_formula(
                f"{L.C_WEIGHT}{r0}:{L.C_WEIGHT}{r1}",
                f"{lay.dim_score_col}{r0}:{lay.dim_score_col}{r1}",
                r1 - r0 + 1,
                inv,
            )
            c.number_format, c.font = SCORE_FORMAT, Font(bold=True)
            for k in range(1, lay.comp_last_col + 1):
                ws.cell(r1, k).border = Border(
                    left=_THIN, right=_THIN, top=_THIN, bottom=Side(style="medium", color="1F4E78")
                )
        last = lay.comp_last_row
        first_r, last_r = lay.rater_col(0), lay.rater_col(len(lay.raters) - 1)
        ws.conditional_formatting.add(
            f"{lay.dim_score_col}{L.FIRST_ROW}:{lay.dim_score_col}{last}",
            FormulaRule(
                formula=[f'AND($A{L.FIRST_ROW}<>"",{lay.dim_score_col}{L.FIRST_ROW}="")'],
                fill=MISSING_FILL,
            ),
        )
        for col in (lay.dim_score_col, lay.comp_score_col):
            ws.conditional_formatting.add(
                f"{col}{L.FIRST_ROW}:{col}{last}",
                CellIsRule(
                    operator="equal",
                    formula=[fc.text_literal(inv)],
                    fill=INVALID_FILL,
                    font=Font(bold=True, color="9C0006"),
                ),
            )
        ws.freeze_panes = f"C{L.FIRST_ROW}"
        _widths(
            ws,
            {
                "A": 11,
                "B": 10,
                "C": 14,
                "D": 10,
                **{lay.rater_col(k): 12 for k in range(len(lay.raters))},
                lay.dim_score_col: 11,
                lay.comp_score_col: 11,
            },
        )
        _print_setup(
            ws,
            self.dn(s.scheme),
            self.group_label,
            t["header_footer_page"],
            f"{L.HEADER_ROW}:{L.HEADER_ROW}",
        )
        self.define("XLPERF_RATINGS", "competency", f"${first_r}${L.FIRST_ROW}:${last_r}${last}")
        _protect(ws)

    def build_summary(self) -> None:
        ws, t, s, lay = self.sheets["summary"], self.t, self.scheme, self.lay
        sec_labels = [f"{self.dn(x)}\n({fc.num(x.weight)}%)" for x in s.sections]
        _title(ws, _text(self.lang, "title_summary", scheme=self.dn(s.scheme)), self.subtitle(), 10)
        ws["A3"] = t["summary_note"]
        ws["A3"].font = Font(italic=True, color="C00000")
        _header(
            ws,
            L.HEADER_ROW,
            [
                t["employee_id"],
                t["name"],
                t["department"],
                t["role"],
                *sec_labels,
                t["final"],
                t["grade"],
                t["grade_label"],
                t["dept_rank"] if self.spec.per == "department" else t["dept_rank_form"],
                t["rank_key"],
            ],
        )
        inv = t["invalid"]
        last = lay.summary_last_row
        grades = [(g.grade, float(g.min)) for g in s.grades]
        labels = [(g.grade, self.dn(g)) for g in s.grades]
        text_dv = None
        for slot in lay.slots:
            r = slot.summary_row
            p = self.spec.people[slot.index]
            role = s.role_by_id[slot.role]
            vals = [p.employee_id, p.name, p.department] if p is not None else [None, None, None]
            for k, v in enumerate([*vals, self.dn(role)], start=1):
                c = ws.cell(r, k, v)
                c.border, c.alignment = BORDER, WRAP
            if p is None:
                if text_dv is None:
                    text_dv = _dv(
                        ws,
                        "textLength",
                        self.lang,
                        t["input_id"],
                        t["error_text"],
                        operator="between",
                        formula1="1",
                        formula2="50",
                    )
                for col in (L.S_ID, L.S_NAME, L.S_DEPT):
                    self.unlock(ws, "summary", f"{col}{r}")
                    text_dv.add(f"{col}{r}")
            sec_cells = []
            for k, sec in enumerate(s.sections):
                col = lay.section_col(k)
                cell = ws[f"{col}{r}"]
                if lay.has_competency and sec.id == s.competency_section:
                    src = self.ref("competency", f"{lay.comp_score_col}{slot.comp_rows[0][0]}")
                else:
                    block = next((b for b in slot.section_blocks if b[0] == sec.id), None)
                    src = self.ref("kpi", f"{L.K_SECTION_SCORE}{block[1]}") if block else None
                cell.value = f'=IF({src}="","",{src})' if src else ""
                cell.number_format, cell.border, cell.fill = SCORE_FORMAT, BORDER, SCORE_FILL
                sec_cells.append(f"{col}{r}")
            fin = f"{lay.final_col}{r}"
            key = f"{lay.key_col}{r}"
            ws[fin] = fc.final_formula([float(x.weight) for x in s.sections], sec_cells, inv)
            ws[key] = fc.round_key_formula(fin)
            ws[f"{lay.grade_col}{r}"] = fc.grade_formula(key, grades)
            label = '""'
            for g, lab in reversed(labels):
                label = (
                    f"IF({lay.grade_col}{r}={fc.text_literal(g)},{fc.text_literal(lab)},{label})"
                )
            ws[f"{lay.label_col}{r}"] = f"={label}"
            ws[f"{lay.rank_col}{r}"] = fc.rank_formula(
                key,
                f"${lay.key_col}${L.FIRST_ROW}:${lay.key_col}${last}",
                f"${L.S_DEPT}{r}",
                f"${L.S_DEPT}${L.FIRST_ROW}:${L.S_DEPT}${last}",
            )
            for col in (lay.final_col, lay.grade_col, lay.label_col, lay.rank_col, lay.key_col):
                c = ws[f"{col}{r}"]
                c.border, c.fill, c.alignment = BORDER, SCORE_FILL, CENTER
            ws[fin].number_format = SCORE_FORMAT
            ws[fin].font = Font(bold=True)
            ws.row_dimensions[r].height = 20
            ws[key].number_format = "0.000000"
        grade_rng = f"{lay.grade_col}{L.FIRST_ROW}:{lay.grade_col}{last}"
        for k, g in enumerate(s.grades):
            color = (
                GRADE_FILLS[min(k, len(GRADE_FILLS) - 1)]
                if k < len(s.grades) - 1
                else GRADE_FILLS[-1]
            )
            ws.conditional_formatting.add(
                grade_rng,
                CellIsRule(
                    operator="equal",
                    formula=[fc.text_literal(g.grade)],
                    fill=PatternFill("solid", fgColor=color),
                    font=Font(bold=True),
                ),
            )
        first_sec = lay.section_col(0)
        ws.conditional_formatting.add(
            f"{first_sec}{L.FIRST_ROW}:{lay.final_col}{last}",
            CellIsRule(
                operator="equal",
                formula=[fc.text_literal(inv)],
                fill=INVALID_FILL,
                font=Font(bold=True, color="9C0006"),
            ),
        )
        ws.column_dimensions[lay.key_col].hidden = True
        ws.freeze_panes = f"C{L.FIRST_ROW}"
        _widths(
            ws,
            {
                "A": 12,
                "B": 12,
                "C": 14,
                "D": 16,
                **{lay.section_col(k): 13 for k in range(len(s.sections))},
                lay.final_col: 11,
                lay.grade_col: 10,
                lay.label_col: 14,
                lay.rank_col: 10,
                lay.key_col: 14,
            },
        )
        _print_setup(
            ws,
            self.dn(s.scheme),
            self.group_label,
            t["header_footer_page"],
            f"{L.HEADER_ROW}:{L.HEADER_ROW}",
        )
        if self.spec.blank:
            self.define(
                "XLPERF_EMPLOYEES", "summary", f"${L.S_ID}${L.FIRST_ROW}:${L.S_DEPT}${last}"
            )
        self.define(
            "XLPERF_FINAL", "summary", f"${lay.final_col}${L.FIRST_ROW}:${lay.final_col}${last}"
        )
        _protect(ws)

    def build_letters(self) -> None:
        ws, t, s, lay = self.sheets["letters"], self.t, self.scheme, self.lay
        period = t.get(f"period_{s.scheme.period}", s.scheme.period)
        row = 1
        breaks = []
        for slot in lay.slots:
            p = self.spec.people[slot.index]
            role = s.role_by_id[slot.role]
            ws.cell(row, 1, t["letter_title"]).font = TITLE_FONT
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
            ws.cell(row, 1).alignment = Alignment(horizontal="center")
            ws.row_dimensions[row].height = 26
            row += 1
            if p is not None:
                line = _text(
                    self.lang,
                    "letter_employee",
                    name=p.name,
                    id=p.employee_id,
                    dept=p.department,
                    role=self.dn(role),
                )
            else:
                r = slot.summary_row
                refs = {"name": L.S_NAME, "id": L.S_ID, "dept": L.S_DEPT}
                marked = _text(
                    self.lang,
                    "letter_employee",
                    name="\x00name\x00",
                    id="\x00id\x00",
                    dept="\x00dept\x00",
                    role=self.dn(role),
                )
                pieces = []
                for k, part in enumerate(marked.split("\x00")):
                    if k % 2:
                        pieces.append(self.ref("summary", f"${refs[part]}${r}"))
                    elif part:
                        pieces.append(fc.text_literal(part))
                line = "=" + "&".join(pieces)
            ws.cell(row, 1, line)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
            row += 1
            ws.cell(
                row, 1, _text(self.lang, "letter_intro", period=period, scheme=self.dn(s.scheme))
            ).alignment = WRAP
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
            ws.row_dimensions[row].height = 32
            row += 1
            _header(ws, row, [t["indicator"], t["weight"], t["target"], t["source"], t["method"]])
            row += 1
            for krow, code, _ in slot.kpi_rows:
                ind = s.indicator_by_code[code]
                rule = s.rule(code)
                src = self.ref("kpi", f"${L.K_TARGET}${krow}")
                weight = next(ri.weight for ri in role.indicators if ri.code == code)
                target: object = f'=IF({src}="","",{src})' if needs_target(rule) else t["na"]
                source = (
                    ind.source_en if self.lang == "en" and ind.source_en else ind.source
                ) or t["na"]
                for k, v in enumerate(
                    [self.dn(ind), float(weight), target, source, describe(rule, self.lang)],
                    start=1,
                ):
                    c = ws.cell(row, k, v)
                    c.border, c.alignment = BORDER, WRAP
                ws.cell(row, 2).number_format = "General"
                ws.cell(row, 3).number_format = _number_format(s, code, "target")
                ws.row_dimensions[row].height = 32
                row += 1
            row += 1
            ws.cell(row, 1, t["letter_sign_employee"])
            row += 2
            ws.cell(row, 1, t["letter_sign_manager"])
            breaks.append(row)
            row += 2
        for r in breaks[:-1]:
            ws.row_breaks.append(Break(id=r + 1))
        _widths(ws, {"A": 22, "B": 9, "C": 12, "D": 18, "E": 40})
        _print_setup(
            ws, self.dn(s.scheme), self.group_label, t["header_footer_page"], None, landscape=False
        )
        _protect(ws)

    def build_rules(self) -> None:
        ws, t, s = self.sheets["rules"], self.t, self.scheme
        _title(ws, _text(self.lang, "title_rules", scheme=self.dn(s.scheme)), None, 6)
        row = 3

        def line(*values: object, bold: bool = False, head: bool = False) -> None:
            nonlocal row
            for k, v in enumerate(values, start=1):
                c = ws.cell(row, k, v)
                c.alignment = WRAP
                if head:
                    c.font, c.fill, c.border = HEADER_FONT, HEADER_FILL, BORDER
                elif bold:
                    c.font = Font(bold=True, color="1F4E78", size=12)
                elif len(values) > 1:
                    c.border = BORDER
            if len(values) > 1 and any(isinstance(v, str) and len(v) > 48 for v in values):
                ws.row_dimensions[row].height = 30
            row += 1

        period = t.get(f"period_{s.scheme.period}", s.scheme.period)
        line(t["rules_scheme"], f"{self.dn(s.scheme)} ({s.id})")
        line(t["rules_version"], str(s.version))
        line(t["rules_period"], period)
        line(t["rules_fingerprint"], s.fingerprint)
        row += 1
        line(t["rules_sections"], bold=True)
        line("id", t["section"], t["weight"], head=True)
        for x in s.sections:
            line(x.id, self.dn(x), float(x.weight))
        row += 1
        line(t["rules_indicators"], bold=True)
        line(
            t["code"],
            t["indicator"],
            t["section"],
            t["method"],
            t["rules_unit"],
            t["source"],
            head=True,
        )
        for ind in s.indicators:
            unit = t["unit_percent_word"] if ind.unit == "percent" else t["unit_number_word"]
            source = (ind.source_en if self.lang == "en" and ind.source_en else ind.source) or t[
                "na"
            ]
            line(
                ind.code,
                self.dn(ind),
                self.dn(s.section_by_id[s.section_of(ind.code)]),
                describe(s.rule(ind.code), self.lang),
                unit,
                source,
            )
        row += 1
        line(t["rules_roles"], bold=True)
        line(t["role"], t["code"], t["indicator"], t["weight"], t["target"], head=True)
        for role in s.roles:
            for ri in role.indicators:
                target = s.default_target(role.id, ri.code)
                line(
                    self.dn(role),
                    ri.code,
                    self.dn(s.indicator_by_code[ri.code]),
                    float(ri.weight),
                    t["na"] if target is None else target,
                )
                if target is not None:
                    ws.cell(row - 1, 5).number_format = _number_format(s, ri.code, "target")
        if s.competencies:
            row += 1
            line(t["rules_competencies"], bold=True)
            line(t["code"], t["dimension"], t["dimension_weight"], head=True)
            for c in s.competencies:
                line(c.code, self.dn(c), float(c.weight))
            row += 1
            line(t["rules_raters"], bold=True)
            for r, w in s.raters.items():
                line(rater_name(r, self.lang), float(w))
            line(
                t["rules_scale"],
                _text(
                    self.lang,
                    "scale_text",
                    lo=fc.num(s.rating_scale.min),
                    hi=fc.num(s.rating_scale.max),
                )
                + (
                    "; "
                    + ", ".join(f"{fc.num(k)}→{fc.num(v)}" for k, v in s.rating_rule.rating_map)
                    if s.rating_rule.rating_map
                    else ""
                ),
            )
        row += 1
        line(t["rules_grades"], bold=True)
        line(
            t["grade"],
            t["grade_label"],
            t["rules_min"],
            t["rules_quota"],
            t["rules_bonus"],
            head=True,
        )
        for g in s.grades:
            quota = s.quotas.get(g.grade)
            bonus = s.bonus.get(g.grade)
            line(
                g.grade,
                self.dn(g),
                float(g.min),
                t["na"] if quota is None else float(quota),
                t["na"] if bonus is None else float(bonus),
            )
        row += 1
        line(t["rules_distribution"], bold=True)
        d = s.distribution
        line(t["rules_scope"], t[f"scope_{d.scope}"])
        line(t["rules_rounding"], t[f"rounding_{d.rounding}"])
        line(t["rules_bottom"], float(d.bottom))
        row += 1
        line(t["yaml_note"])
        _widths(ws, {"A": 20, "B": 34, "C": 18, "D": 60, "E": 12, "F": 20})
        _print_setup(ws, self.dn(s.scheme), self.group_label, t["header_footer_page"], None)
        _protect(ws)

    def build_instructions(self) -> None:
        ws, t, s = self.sheets["instructions"], self.t, self.scheme
        _title(
            ws, _text(self.lang, "title_instructions", scheme=self.dn(s.scheme)), self.subtitle(), 1
        )
        names = {k: self.names.get(k, "") for k in L.SHEET_KEYS}
        text = t["instructions"].format(
            lo=fc.num(s.rating_scale.min), hi=fc.num(s.rating_scale.max), **names
        )
        lines = text.split("\n")
        if self.spec.blank:
            lines.insert(0, t["instructions_blank"].format(**names))
        for k, line in enumerate(lines, start=4):
            c = ws.cell(k, 1, line)
            c.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[k].height = 34
        ws.column_dimensions["A"].width = 120
        _print_setup(ws, self.dn(s.scheme), self.group_label, t["header_footer_page"], None)
        ws.print_options.horizontalCentered = False
        _protect(ws)

    def define(self, name: str, key: str, ref: str) -> None:
        self.wb.defined_names[name] = DefinedName(name, attr_text=f"{_q(self.names[key])}!{ref}")

    def build_meta(self) -> None:
        ws = self.wb.create_sheet(L.META_SHEET)
        people = [p for p in self.spec.people if p is not None]
        depts = sorted({p.department for p in people})
        meta = {
            "format": FORMAT_VERSION,
            "template_id": self.template_id,
            "scheme_id": self.scheme.id,
            "scheme_version": str(self.scheme.version),
            "scheme_fingerprint": self.scheme.fingerprint,
            "lang": self.lang,
            "per": self.spec.per,
            "group": self.spec.group,
            "department": depts[0] if self.spec.per == "department" and depts else "",
            "blank": "1" if self.spec.blank else "0",
            "roster_fingerprint": self.roster_fp,
            "employees": str(len(people)),
            "sheets": json.dumps(self.names, ensure_ascii=False, sort_keys=True),
            "slots": json.dumps(list(self.spec.roles)),
            "scheme_yaml_sha256": content_id(self.yaml_text, n=64),
            "xlperf_version": xlperf.__version__,
        }
        row = 1
        ws.cell(row, 1, "key")
        ws.cell(row, 2, "value")
        for k, v in meta.items():
            row += 1
            ws.cell(row, 1, k)
            ws.cell(row, 2, v).data_type = "s"
        chunks = [
            self.yaml_text[i : i + YAML_CHUNK] for i in range(0, len(self.yaml_text), YAML_CHUNK)
        ] or [""]
        row += 1
        ws.cell(row, 1, "scheme_yaml")
        first = row
        for chunk in chunks:
            c = ws.cell(row, 2)
            c.value = chunk
            c.data_type = "s"  # never read as a formula, even when a chunk starts with "="
            row += 1
        self.wb.defined_names[YAML_NAME] = DefinedName(
            YAML_NAME, attr_text=f"{_q(L.META_SHEET)}!$B${first}:$B${row - 1}"
        )
        # fingerprints of every non-empty locked cell of the visible sheets
        fc_row = 1
        for col, v in zip("DEF", ("sheet", "cell", "fingerprint"), strict=True):
            ws[f"{col}{fc_row}"] = v
        for key, sheet in self.sheets.items():
            for row_cells in sheet.iter_rows():
                for c in row_cells:
                    if c.value is None or c.value == "" or (key, c.coordinate) in self.inputs:
                        continue
                    fc_row += 1
                    ws.cell(fc_row, 4, key)
                    ws.cell(fc_row, 5, c.coordinate)
                    ws.cell(fc_row, 6, fingerprint(c.value))
        ws.sheet_state = "veryHidden"
        ws.protection.sheet = True


# -- entry points --------------------------------------------------------------------


def scheme_yaml(scheme: Scheme) -> str:
    """YAML text for a scheme built in code (forms built from a file carry the file's text)."""
    return yaml.safe_dump(
        scheme.model_dump(mode="json", exclude_none=True), allow_unicode=True, sort_keys=False
    )


def form_filename(scheme: Scheme, spec: FormSpec, lang: str) -> str:
    if spec.per == "role" or spec.blank:
        role = scheme.role_by_id.get(spec.group)
        label = scheme.display_name(role, lang) if role else spec.group
    else:
        label = spec.group
    return f"{scheme.id}_{_safe_file_part(label)}.xlsx"


def build_workbook(
    scheme: Scheme,
    spec: FormSpec,
    lang: str = "zh",
    yaml_text: str | None = None,
    roster_fp: str = "none",
) -> Workbook:
    """One form as an openpyxl workbook (not saved)."""
    return _Form(
        scheme, spec, lang, yaml_text if yaml_text is not None else scheme_yaml(scheme), roster_fp
    ).build()


def build_forms(
    scheme: Scheme,
    roster: pd.DataFrame | None,
    outdir: str | Path,
    lang: str = "zh",
    per: str = "department",
    *,
    yaml_text: str | None = None,
    blank_slots: int = BLANK_SLOTS,
) -> list[Path]:
    """Write the appraisal forms; returns their paths. All or nothing.

    ``roster``: a table with employee_id, name, department, role (English or
    Chinese headers), or None for one blank form per role with ``blank_slots``
    editable employee rows. ``yaml_text``: the scheme file's text, stored in
    every form (default: the scheme dumped as YAML).

    Example:
        >>> import pandas as pd, tempfile
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> roster = pd.DataFrame({"工号": ["E1"], "姓名": ["张三"], "部门": ["华东"], "岗位": ["销售专员"]})
        >>> [p.name for p in build_forms(load_scheme(shipped_schemes()["sales"]), roster, tempfile.mkdtemp())]
        ['sales-2026q1_华东.xlsx']
    """
    if lang not in ("zh", "en"):
        raise UsageError(
            f"unknown language {lang!r}",
            [
                Problem(
                    Location(),
                    f"--lang must be zh or en, got {lang!r}",
                    "use --lang zh or --lang en",
                    f"--lang 只能是 zh 或 en，收到 {lang!r}",
                    "请使用 --lang zh 或 --lang en",
                )
            ],
        )
    if per not in ("department", "role"):
        raise UsageError(
            f"unknown grouping {per!r}",
            [
                Problem(
                    Location(),
                    f"--per must be department or role, got {per!r}",
                    "use --per department or --per role",
                    f"--per 只能是 department 或 role，收到 {per!r}",
                    "请使用 --per department 或 --per role",
                )
            ],
        )
    people = roster_people(scheme, roster) if roster is not None else None
    specs = form_specs(scheme, people, per, blank_slots)
    out = Path(outdir)
    _check_outdir(out)
    names = [form_filename(scheme, spec, lang) for spec in specs]
    text = yaml_text if yaml_text is not None else scheme_yaml(scheme)
    rfp = roster_fingerprint(people)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".xlperf-forms-", dir=out))
    except OSError as exc:
        raise _write_error(out, exc) from None
    written: list[Path] = []
    try:
        for spec, name in zip(specs, names, strict=True):
            build_workbook(scheme, spec, lang, text, rfp).save(staging / name)
            tidy(staging / name)
        for name in names:
            target = out / name
            os.replace(staging / name, target)
            written.append(target)
    except OSError as exc:
        for p in written:  # all or nothing: take back what was already moved
            p.unlink(missing_ok=True)
        raise _write_error(out, exc) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def _write_error(out: Path, exc: OSError) -> WorkbookError:
    return WorkbookError(
        f"Cannot write the forms to {out}",
        [
            Problem(
                Location(file=str(out)),
                f"the output folder is not writable ({exc.strerror or exc.__class__.__name__})",
                "choose a folder you can write to with --out",
                "输出文件夹不可写",
                "请用 --out 指定一个可写的文件夹",
            )
        ],
    )


def _check_outdir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise WorkbookError(
            f"Cannot write the forms to {out}",
            [
                Problem(
                    Location(file=str(out)),
                    "the output path is a file, not a folder",
                    "give a folder with --out",
                    "输出路径是文件而不是文件夹",
                    "请用 --out 指定文件夹",
                )
            ],
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(out, exc) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise _write_error(out, PermissionError(13, "Permission denied"))
