"""The Results sheet: the ranked table of employees.

With ``lang="en"`` the headers are exactly the contract's result columns
(employee_id ... flags) so scripts can read them; in Chinese the glossary's words.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> result_headers(load_scheme(shipped_schemes()["sales"]), "zh")[4:7]
    ['业绩指标得分', '能力态度得分', '综合得分']
"""

from __future__ import annotations

import pandas as pd

from xlperf.core.engine import Results, result_columns
from xlperf.core.scheme import Scheme
from xlperf.io.workbook import Workbook, block_ref, cell_ref
from xlperf.master import sheets as S
from xlperf.master.outputs.common import write_table
from xlperf.master.outputs.naming import flag_words, grade_labels, mapped, role_names
from xlperf.master.outputs.present import (
    PrintContext,
    SheetSpec,
    fit_widths,
    formats_of,
    frame_columns,
    present_sheet,
)
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


def display_frame(
    scheme: Scheme, employees: pd.DataFrame, cols: list[str], lang: str
) -> pd.DataFrame:
    """The Results rows as HR reads them: in Chinese, roles by name, flags in words and
    each grade's label beside it (column ``grade_label``); in English the contract's values.

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> s = load_scheme(shipped_schemes()["sales"])
        >>> e = pd.DataFrame({"role": ["sales_rep"], "grade": ["A"], "flags": ["observation"]})
        >>> display_frame(s, e, ["role", "grade", "flags"], "zh").values.tolist()
        [['销售专员', 'A', '表现突出', '观察期']]
    """
    frame = employees[cols]
    if lang != "zh":
        return frame
    frame = frame.copy()
    if "role" in frame:
        frame["role"] = mapped(frame["role"], role_names(scheme, lang))
    if "flags" in frame:
        frame["flags"] = mapped(
            frame["flags"],
            {f: flag_words(f, lang) for f in frame["flags"].unique() if isinstance(f, str)},
        )
    if "grade" in frame:
        at = frame.columns.get_loc("grade") + 1
        frame.insert(at, "grade_label", mapped(frame["grade"], grade_labels(scheme, lang)))
    return frame


def write_results_sheet(
    book: Workbook, scheme: Scheme, results: Results, lang: str, context: PrintContext | None = None
) -> str:
    name = S.sheet("results", lang)
    book.replace_sheet(name, 0 if name not in book.sheet_names() else None)
    cols = output_columns(scheme, results.employees)
    emp = results.employees.sort_values(["rank", "department", "employee_id"], kind="stable")
    frame = display_frame(scheme, emp, cols, lang)
    cols = list(frame.columns)
    headers = result_headers(scheme, lang, cols)
    write_table(book, name, headers, frame)
    n, w = len(frame), len(headers)
    spec = SheetSpec(
        n_rows=n,
        n_cols=w,
        id_cols=2 if "name" in cols else 1,
        formats=formats_of(cols),
        table=f"xlperf_results_{lang}",
        widths=fit_widths(headers, frame_columns(frame)),
    )
    present_sheet(
        book, name, spec, context or PrintContext(lang, scheme_title(scheme, lang), results.period)
    )
    if "conditional_format" in book.capabilities and n:
        _grade_colors(book, name, scheme, cols, n)
    return name


def scheme_title(scheme: Scheme, lang: str) -> str:
    """The scheme's name in ``lang`` (the page header's title)."""
    return scheme.display_name(scheme.scheme, lang)


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
