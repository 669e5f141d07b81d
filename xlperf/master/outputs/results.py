"""The Results sheet: the ranked table of employees.

With ``lang="en"`` the headers are exactly the contract's result columns
(employee_id ... flags) so scripts can read them; in Chinese the glossary's words.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> result_headers(load_scheme(shipped_schemes()["sales"]), "zh")[4:7]
    ['业绩指标得分', '能力态度得分', '综合得分']
"""

from __future__ import annotations

from xlperf.core.engine import Results, result_columns
from xlperf.core.scheme import Scheme
from xlperf.io.workbook import Workbook, block_ref, cell_ref
from xlperf.master import sheets as S
from xlperf.master.outputs.common import write_table
from xlperf.master.outputs.pay import MONEY_COLUMNS, money_format
from xlperf.messages.glossary import TERMS, term

GRADE_COLORS = ["C6EFCE", "DDEBF7", "FFFFFF", "FFEB9C", "FFC7CE"]


def output_columns(scheme: Scheme, employees) -> list[str]:
    """The contract's columns, then what policy, periods and pay add (as the engine ordered them)."""
    contract = result_columns(scheme)
    return contract + [c for c in employees.columns if c not in contract]


def column_header(scheme: Scheme, column: str, lang: str) -> str:
    """A column's header: the contract name in English, the glossary's word in Chinese."""
    if lang != "zh":
        return column
    sections = {f"score_{s.id}": f"{s.name}得分" for s in scheme.sections}
    if column in sections:
        return sections[column]
    if column.startswith("streak_") and column[7:] in TERMS:
        return f"{term(column[7:], 'zh')}{term('streak', 'zh')}"
    return term(column, "zh") if column in TERMS else column


def result_headers(scheme: Scheme, lang: str, columns: list[str] | None = None) -> list[str]:
    """Results sheet headers: contract names in English, glossary words in Chinese."""
    return [column_header(scheme, c, lang) for c in (columns or result_columns(scheme))]


def write_results_sheet(book: Workbook, scheme: Scheme, results: Results, lang: str) -> str:
    name = S.sheet("results", lang)
    book.replace_sheet(name, 0 if name not in book.sheet_names() else None)
    cols = output_columns(scheme, results.employees)
    emp = results.employees.sort_values(["rank", "department", "employee_id"], kind="stable")[cols]
    headers = result_headers(scheme, lang, cols)
    write_table(book, name, headers, emp)
    n, w = len(emp), len(headers)
    caps = book.capabilities
    if "table" in caps and n:
        book.add_table(name, block_ref(1, 1, n + 1, w), f"xlperf_results_{lang}")
    if "number_format" in caps and n:
        for j, c in enumerate(cols, start=1):
            if c.startswith("score_") or c in ("final_score", "bonus_factor"):
                book.number_format(name, block_ref(2, j, n, 1), "0.00")
            elif c in MONEY_COLUMNS:
                book.number_format(name, block_ref(2, j, n, 1), money_format(2))
    if "conditional_format" in caps and n:
        _grade_colors(book, name, scheme, cols, n)
    if "column_width" in caps:
        book.column_widths(name, {cell_ref(1, j)[:-1]: 14 for j in range(1, w + 1)})
    return name


def _grade_colors(book: Workbook, name: str, scheme: Scheme, cols: list[str], n: int) -> None:
    gcol = cols.index("grade") + 1
    letter = cell_ref(2, gcol)[:-1]
    grades = scheme.grade_names
    for i, g in enumerate(grades):
        color = GRADE_COLORS[min(i, len(GRADE_COLORS) - 1)] if i < len(grades) - 1 else "FFC7CE"
        if color != "FFFFFF":
            book.conditional_fill(name, block_ref(2, gcol, n, 1), f'${letter}2="{g}"', color)
    fcol = cols.index("flags") + 1
    fl = cell_ref(2, fcol)[:-1]
    book.conditional_fill(name, block_ref(2, fcol, n, 1), f"LEN(${fl}2)>0", "FCE4D6")
