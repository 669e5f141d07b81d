"""The Pay / 薪酬 sheet: per employee every input and factor of pay, per department the totals.

Top: one row per employee (department, then employee id): the bonus base, the
grade's bonus factor, the team coefficient, the pay factors, whether the cap
applied, the bonus amount; the commission base, completion %, the tier (or
the bracket reached), its multiple and the commission; the team pool, the
share weight and the pool share; the total. Below: per department the totals
and the reconciliation (Σ shares = pool), then the company line (Σ bonus vs
budget), then the pay warnings (over budget, a pool left unallocated).
Money cells are numbers (exact Decimals) with a currency format.

Example:
    >>> layout(4).departments_header, money_format(2)
    (9, '"¥"#,##0.00')
"""

from __future__ import annotations

from dataclasses import dataclass

from xlperf.core.engine import Results
from xlperf.core.engine.pay import MONEY_COLUMNS
from xlperf.core.pay.checks import step_of
from xlperf.io.workbook import Workbook, block_ref
from xlperf.master import sheets as S
from xlperf.master.outputs.common import clean
from xlperf.master.outputs.present import PrintContext, SheetSpec, present_sheet
from xlperf.messages.glossary import TERMS, term

#: the employee table's columns (Results.pay), in sheet order
DETAIL_COLUMNS = (
    "employee_id", "name", "department", "grade", "bonus_base", "bonus_factor",
    "team_coefficient", "pay_factor", "capped", "bonus_amount", "commission_base",
    "completion", "commission_rule", "commission_multiple", "commission", "pool",
    "pool_weight", "pool_share", "total_pay",
)  # fmt: skip
#: the department table's columns (Results.pay_departments), in sheet order
DEPARTMENT_COLUMNS = (
    "department", "employees", "bonus_total", "commission_total", "pool", "pool_shared",
    "pool_unallocated", "total_pay", "budget", "budget_difference", "status",
)  # fmt: skip
#: codes of the pay warnings shown under the tables
PAY_WARNINGS = (
    "PAY_OVER_BUDGET",
    "PAY_BUDGET_UNALLOCATED",
    "PAY_POOL_UNALLOCATED",
    "PAY_TEAM_NO_EMPLOYEES",
)

#: words of the sheet that are not glossary terms: key → (zh, en)
WORDS = {
    "title": ("薪酬明细（每位员工）", "Pay per employee"),
    "departments_title": ("各部门合计与核对", "Department totals and reconciliation"),
    "warnings_title": ("薪酬警示", "Pay warnings"),
    "capped": ("已封顶", "capped"),
    "completion": ("完成率(%)", "completion (%)"),
    "commission_rule_multiple": ("提成档位", "commission tier"),
    "commission_rule_brackets": ("提成阶梯", "commission bracket"),
    "commission_multiple": ("提成倍数", "commission multiple"),
    "pool_weight": ("分配权重", "share weight"),
    "employees": ("人数", "employees"),
    "bonus_total": ("绩效奖金合计", "bonus total"),
    "commission_total": ("提成合计", "commission total"),
    "pool_shared": ("已分配", "shared"),
    "pool_unallocated": ("未分配", "unallocated"),
    "budget_difference": ("预算差额", "difference to budget"),
    "status": ("核对", "check"),
    "yes": ("是", "yes"),
    "not_applicable": ("不适用", "not applicable"),
    "pool_reconciled": ("Σ分配 = 奖金池", "Σ shares = pool"),
    "pool_unallocated_status": ("奖金池未分配", "pool not allocated"),
    "within_budget": ("未超预算", "within budget"),
    "over_budget": ("超出预算", "over budget"),
    "fitted_to_budget": ("已按预算分配", "fitted to the budget"),
}


def word(key: str, lang: str) -> str:
    """A word of the sheet in ``lang``; a glossary term when the concept has one."""
    if key in WORDS:
        zh, en = WORDS[key]
        return zh if lang == "zh" else en
    return term(key, lang) if key in TERMS else key


def money_format(places: int) -> str:
    """The currency number format of money with ``places`` decimals."""
    return '"¥"#,##0' + ("." + "0" * places if places else "")


@dataclass(frozen=True)
class Layout:
    """Rows of the sheet (1-based) for ``n`` employees."""

    n: int

    @property
    def header(self) -> int:
        return 2

    @property
    def first(self) -> int:
        return 3

    @property
    def departments_header(self) -> int:
        return self.first + self.n + 2


def layout(n: int) -> Layout:
    return Layout(n)


def detail_headers(results: Results, lang: str) -> list[str]:
    mode = results.scheme.pay.commission.mode if results.scheme.pay.commission else "multiple"
    keys = [f"commission_rule_{mode}" if c == "commission_rule" else c for c in DETAIL_COLUMNS]
    return [word(k, lang) for k in keys]


def detail_rows(results: Results, lang: str) -> list[list]:
    """One row per employee (department, then employee id), in DETAIL_COLUMNS order."""
    pay = results.pay.sort_values(["department", "employee_id"], kind="stable")
    rows = []
    for rec in pay.to_dict(orient="records"):
        row = {c: clean(rec.get(c)) for c in DETAIL_COLUMNS}
        row["capped"] = word("yes", lang) if rec["capped"] else ""
        if not rec["commission_applicable"]:
            row["commission_rule"] = word("not_applicable", lang)
        rows.append([row[c] for c in DETAIL_COLUMNS])
    return rows


def department_rows(results: Results, lang: str) -> list[list]:
    """Per department its totals and reconciliation, then the company line."""
    statuses = {"pool_unallocated": "pool_unallocated_status"}
    rows = []
    for rec in results.pay_departments.to_dict(orient="records"):
        row = [clean(rec.get(c)) for c in DEPARTMENT_COLUMNS]
        if rec["level"] == "company":
            row[0] = term("company", lang)
        status = rec.get("status") or ""
        row[-1] = word(statuses.get(status, status), lang) if status else ""
        rows.append(row)
    return rows


def pay_warnings(results: Results, lang: str) -> list[str]:
    """The run's pay warnings, as the user reads them."""
    return [w.render(lang) for w in results.warnings if w.code in PAY_WARNINGS]


def is_pay_sheet(book: Workbook, name: str) -> bool:
    """Whether sheet ``name`` is a Pay sheet xlperf wrote (its title in either language): a
    sheet of HR's that happens to be called Pay is never removed."""
    if name not in book.sheet_names():
        return False
    rows = book.read_rows(name)
    first = rows[0][0] if rows and rows[0] else None
    return first in WORDS["title"]


def write_pay_sheet(
    book: Workbook, results: Results, lang: str, context: PrintContext | None = None
) -> str | None:
    """The Pay sheet (None, and no sheet, when no pay was computed), print-ready."""
    if results.pay is None:
        return None
    name = S.sheet("pay", lang)
    book.replace_sheet(name)
    at = layout(len(results.pay))
    departments = department_rows(results, lang)
    rows: list[list] = [
        [word("title", lang)],
        detail_headers(results, lang),
        *detail_rows(results, lang),
    ]
    rows += [[], [word("departments_title", lang)]]
    rows += [[word(c, lang) for c in DEPARTMENT_COLUMNS], *departments]
    warnings = pay_warnings(results, lang)
    if warnings:
        rows += [[], [word("warnings_title", lang)], *[[w] for w in warnings]]
    book.write_block(name, "A1", rows)
    _decorate(book, name, results, at, len(departments))
    spec = SheetSpec(n_rows=at.n, n_cols=len(rows[1]), header_row=2, id_cols=2, filter=False)
    present_sheet(book, name, spec, context or PrintContext(lang, period=results.period), rows)
    return name


def _decorate(book: Workbook, name: str, results: Results, at: Layout, n_departments: int) -> None:
    caps = book.capabilities
    if "number_format" in caps:
        money = money_format(max(2, -step_of(results.scheme.pay).as_tuple().exponent))
        blocks = (
            (DETAIL_COLUMNS, at.first, at.n),
            (DEPARTMENT_COLUMNS, at.departments_header + 1, n_departments),
        )
        for columns, top, count in blocks:
            for j, c in enumerate(columns, start=1):
                if c in MONEY_COLUMNS and count:
                    book.number_format(name, block_ref(top, j, count, 1), money)
        if at.n:
            book.number_format(
                name, block_ref(at.first, DETAIL_COLUMNS.index("completion") + 1, at.n, 1), "0.00"
            )


__all__ = [
    "DEPARTMENT_COLUMNS",
    "MONEY_COLUMNS",
    "DETAIL_COLUMNS",
    "layout",
    "money_format",
    "write_pay_sheet",
]
