"""The forms' native formulas, recalculated by LibreOffice, give the engine's numbers.

Every shipped scheme, zh per-department and en per-role forms, employees on
target (tests ROUND(x, 6) at a grade boundary), random and edge inputs (caps,
floors, band edges, ends of linear curves, inverse at 0, negative baselines,
missing rater groups), and ties. A mismatch names sheet and cell.
"""

from __future__ import annotations

import math

import openpyxl
import pytest
from form_fill import slots_of

import xlperf
from xlperf.templates import layout as L
from xlperf.templates.reader import read_form
from xlperf.templates.text import T

pytestmark = pytest.mark.libreoffice
TOL = 1e-9


def _close(got: object, want: float) -> bool:
    return (
        isinstance(got, int | float)
        and not isinstance(got, bool)
        and math.isclose(float(got), float(want), rel_tol=0, abs_tol=TOL)
    )


def _mismatches(case) -> list[str]:
    s, res = case.scheme, case.results
    ind = res.indicators.set_index(["employee_id", "indicator"])["score"]
    emp = res.employees.set_index("employee_id")
    dims = res.dimensions.set_index(["employee_id", "dimension"])["score"]
    bad: list[str] = []
    for original, recalculated, contents in zip(
        case.filled, case.recalculated, case.contents, strict=True
    ):
        # a per-role form ranks among the form's own employees of each department
        ranks = (
            emp["department_rank"]
            if case.per == "department"
            else xlperf.score(s, contents.data, contents.ratings).employees.set_index(
                "employee_id"
            )["department_rank"]
        )
        _, roles, names = slots_of(original)
        lay = L.plan(s, roles)
        wb = openpyxl.load_workbook(recalculated, data_only=True)
        kpi, summ = wb[names["kpi"]], wb[names["summary"]]
        comp = wb[names["competency"]] if "competency" in names else None
        where = f"{recalculated.name}"

        def check(ws, cell: str, want: object, what: str, where: str = where) -> None:
            got = ws[cell].value
            ok = _close(got, want) if isinstance(want, float) else got == want
            if not ok:
                bad.append(
                    f"{where}: {ws.title}!{cell} ({what}): LibreOffice {got!r}, engine {want!r}"
                )

        for slot in lay.slots:
            eid = str(summ[f"{L.S_ID}{slot.summary_row}"].value)
            for row, code, _ in slot.kpi_rows:
                check(kpi, f"{L.K_SCORE}{row}", float(ind[(eid, code)]), f"{eid} {code} score")
            for sec, r0, _ in slot.section_blocks:
                check(
                    kpi,
                    f"{L.K_SECTION_SCORE}{r0}",
                    float(emp.loc[eid, f"score_{sec}"]),
                    f"{eid} section {sec}",
                )
            if comp is not None:
                for k, dim in enumerate(lay.dimensions):
                    check(
                        comp,
                        f"{lay.dim_col(k)}{slot.comp_score_row}",
                        float(dims[(eid, dim)]),
                        f"{eid} dimension {dim}",
                    )
                check(
                    comp,
                    f"{lay.comp_score_col}{slot.comp_score_row}",
                    float(emp.loc[eid, f"score_{s.competency_section}"]),
                    f"{eid} competency",
                )
            r = slot.summary_row
            for k, sec in enumerate(s.sections):
                check(
                    summ,
                    f"{lay.section_col(k)}{r}",
                    float(emp.loc[eid, f"score_{sec.id}"]),
                    f"{eid} summary {sec.id}",
                )
            check(
                summ,
                f"{lay.final_col}{r}",
                float(emp.loc[eid, "final_score"]),
                f"{eid} final score",
            )
            check(summ, f"{lay.grade_col}{r}", emp.loc[eid, "grade_absolute"], f"{eid} grade")
            check(summ, f"{lay.rank_col}{r}", int(ranks[eid]), f"{eid} department rank")
    return bad


@pytest.mark.parametrize(
    "key",
    [
        "sales-zh-department",
        "sales-en-role",
        "market-zh-department",
        "market-en-role",
        "digital-zh-department",
        "digital-en-role",
    ],
)
def test_libreoffice_matches_the_engine(recalculated, key):
    case = recalculated[key]
    assert all(c.ok for c in case.contents), [str(p) for c in case.contents for p in c.problems]
    bad = _mismatches(case)
    assert not bad, f"{len(bad)} mismatches, first ones:\n" + "\n".join(bad[:20])


def test_the_cases_cover_every_method_ties_caps_and_floors(cases):
    methods = set()
    ties = caps = floors = 0
    boundary = 0
    for case in cases.values():
        s, res = case.scheme, case.results
        methods |= {s.indicator_by_code[c].method for c in res.indicators["indicator"]}
        for code, score in zip(res.indicators["indicator"], res.indicators["score"], strict=True):
            rule = s.rule(code)
            caps += score == rule.cap
            floors += score == rule.floor
        for _, g in res.employees.groupby("department"):
            ties += g["department_rank"].duplicated().sum()
        f = res.employees["final_score"]
        # just under 100 in floating point, 100 at 6 decimals: the grade with min 100 needs ROUND
        boundary += (
            (f < 100) & (f.round(6) == 100) & (res.employees["grade_absolute"] == "B")
        ).sum()
    assert methods == {
        "ratio",
        "inverse",
        "growth",
        "bands",
        "linear",
        "rating",
        "deduction",
        "binary",
    }
    assert ties > 0 and caps > 0 and floors > 0 and boundary > 0


def test_missing_and_invalid_inputs_show_empty_or_visibly_invalid(recalculated, edge_form):
    wb = openpyxl.load_workbook(edge_form.recalculated, data_only=True)
    s = edge_form.scheme
    _, roles, names = slots_of(edge_form.filled)
    lay = L.plan(s, roles)
    kpi, summ, comp = wb[names["kpi"]], wb[names["summary"]], wb[names["competency"]]
    inv = T["zh"]["invalid"]
    by_id = {str(summ[f"A{sl.summary_row}"].value): sl for sl in lay.slots}
    missing, invalid, bad_rating, complete = (
        by_id[x]
        for x in (edge_form.missing, edge_form.invalid, edge_form.bad_rating, edge_form.complete)
    )
    first_row = missing.kpi_rows[0][0]
    assert kpi[f"M{first_row}"].value in (None, ""), (
        "KPI!M: a missing actual must leave the score empty"
    )
    assert kpi[f"N{first_row}"].value in (None, "")
    assert summ[f"{lay.final_col}{missing.summary_row}"].value in (None, "")
    assert summ[f"{lay.grade_col}{missing.summary_row}"].value in (None, "")
    assert summ[f"{lay.rank_col}{missing.summary_row}"].value in (None, "")
    r = invalid.kpi_rows[0][0]
    assert kpi[f"M{r}"].value == inv and kpi[f"N{r}"].value == inv
    assert summ[f"{lay.final_col}{invalid.summary_row}"].value == inv
    assert comp[f"{lay.dim_col(0)}{bad_rating.comp_score_row}"].value == inv
    assert summ[f"{lay.final_col}{bad_rating.summary_row}"].value == inv
    assert isinstance(summ[f"{lay.final_col}{complete.summary_row}"].value, float | int)
    assert (
        summ[f"{lay.rank_col}{complete.summary_row}"].value == 1
    )  # the only complete employee in 测试部
    # and the blank form's complete employee scores like the engine
    form = read_form(edge_form.filled, s)
    x3 = xlperf.score(
        s, form.data[form.data.employee_id == "X3"], form.ratings[form.ratings.employee_id == "X3"]
    ).employees.iloc[0]
    assert _close(summ[f"{lay.final_col}{complete.summary_row}"].value, x3.final_score)
    assert summ[f"{lay.grade_col}{complete.summary_row}"].value == x3.grade_absolute
    # empty slots of the blank form stay empty
    empty = lay.slots[-1]
    assert summ[f"{lay.final_col}{empty.summary_row}"].value in (None, "")
    assert kpi[f"A{empty.kpi_rows[0][0]}"].value in (None, "")


def test_recalculated_forms_still_read_back_untampered(recalculated):
    """LibreOffice re-serialises formulas; the fingerprints must survive a save by another program."""
    for case in recalculated.values():
        for p in case.recalculated:
            form = read_form(p, case.scheme)
            assert form.ok, [str(x) for x in form.problems][:5]
            break


def test_edge_form_problems_name_the_cells(edge_form):
    form = read_form(edge_form.filled, edge_form.scheme)
    text = [str(p) for p in form.problems]
    assert any("L5" in t and "actual" in t and "missing" in t for t in text), text
    assert any("L10" in t and "not a number" in t for t in text), text
    assert any("not on the scale" in t for t in text), text
    assert set(form.data["employee_id"]) == {"X0", "X1", "X2", "X3"}


ERROR_VALUES = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")


def _error_cells(path) -> list[str]:
    wb = openpyxl.load_workbook(path, data_only=True)
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith(ERROR_VALUES):
                    out.append(f"{path.name}: {ws.title}!{c.coordinate} = {c.value}")
    return out


def test_no_formula_errors_anywhere(recalculated, edge_form):
    paths = [p for case in recalculated.values() for p in case.recalculated] + [
        edge_form.recalculated
    ]
    bad = [e for p in paths for e in _error_cells(p)]
    assert not bad, bad[:10]


def test_shipped_blank_forms_open_and_stay_empty_in_libreoffice(recalculated):
    from conftest import RECALCULATED_EXTRA

    shipped = {k: v for k, v in RECALCULATED_EXTRA.items() if k.startswith("shipped:")}
    assert len(shipped) == 2 * sum(
        len(xlperf.load_scheme(p).roles) for p in xlperf.shipped_schemes().values()
    )
    for key, path in shipped.items():
        assert not _error_cells(path), key
        wb = openpyxl.load_workbook(path, data_only=True)
        lang = "en" if "/en/" in key else "zh"
        summ = wb[T[lang]["sheet_summary"]]
        finals = [c.value for c in summ[L.FIRST_ROW] if c.value not in (None, "")]
        assert finals == [summ[f"D{L.FIRST_ROW}"].value], (
            key,
            finals,
        )  # only the role label: no score
