"""Issue 14 in the forms: ``attainment``, ``above``, ``range`` and N/A, recalculated by LibreOffice.

One scheme uses every new rule; its forms (zh and en) are filled with values
on and around each boundary, recalculated in one LibreOffice call, and every
indicator, section and final score and every grade is compared with the
engine fed by ``read_form``. An employee whose whole section is N/A shows the
form's invalid marker, and the engine refuses him (DATA_NA_WHOLE_SECTION).
"""

from __future__ import annotations

import math

import openpyxl
import pandas as pd
import pytest
from form_fill import slots_of

import xlperf
from xlperf.errors import XlperfError
from xlperf.io import libreoffice
from xlperf.templates import layout as L
from xlperf.templates.builder import build_forms
from xlperf.templates.reader import read_form
from xlperf.templates.text import T

pytestmark = pytest.mark.libreoffice

SCHEME = xlperf.parse_scheme(
    {
        "scheme": {"id": "fidelity", "name": "保真测试", "version": 1},
        "sections": [
            {"id": "kpi", "name": "业绩", "weight": 60},
            {"id": "ops", "name": "运营", "weight": 40},
        ],
        "indicators": [
            {
                "code": "ATT",
                "name": "完成率",
                "method": "attainment",
                "bands": [
                    {"min": 120, "score": 120},
                    {"min": 100, "score": 100},
                    {"above": 80, "score": 80},
                    {"min": 0, "score": 50},
                ],
            },
            {"code": "RNG", "name": "进度", "method": "range"},
            {
                "code": "BND",
                "name": "分档",
                "method": "bands",
                "bands": [
                    {"above": 90, "score": 120},
                    {"min": 60, "score": 100},
                    {"min": 0, "score": 50},
                ],
            },
            {
                "code": "N1",
                "name": "可不适用一",
                "method": "ratio",
                "section": "ops",
                "allow_na": True,
            },
            {
                "code": "N2",
                "name": "可不适用二",
                "method": "ratio",
                "section": "ops",
                "allow_na": True,
            },
            {
                "code": "N3",
                "name": "可不适用三",
                "method": "ratio",
                "section": "ops",
                "allow_na": True,
            },
        ],
        "roles": [
            {
                "id": "r",
                "name": "专员",
                "max_indicators": 6,
                "indicators": [
                    {"code": "ATT", "weight": 40, "target": 100},
                    {"code": "RNG", "weight": 30},
                    {"code": "BND", "weight": 30},
                    {"code": "N1", "weight": 50, "target": 100},
                    {"code": "N2", "weight": 30, "target": 100},
                    {"code": "N3", "weight": 20, "target": 10},
                ],
            }
        ],
        "grades": [
            {"grade": "A", "above": 100},
            {"grade": "B", "min": 90},
            {"grade": "C", "above": 50},
            {"grade": "D", "min": 0},
        ],
    }
)

#: per employee: ATT actual, RNG (actual, goal, start), BND actual, N1, N2, N3 actuals
ROWS = {
    "E01": (
        120,
        (16000, 20000, 12000),
        90,
        "N/A",
        90,
        10,
    ),  # attainment exactly 120; BND at an `above` bound
    "E02": (
        119.9999996,
        (20000, 20000, 12000),
        90.0000004,
        "不适用",
        "na",
        5,
    ),  # 120 at 6 decimals; N3 alone
    "E03": (119.999994, (25, 50, 0), 90.000001, 80, "NA", 12),  # not 120; start 0; just above 90
    "E04": (
        80,
        (0.025, 0.02, 0.03),
        60,
        100,
        100,
        10,
    ),  # exactly 80 is not above 80; goal below start
    "E05": (80.000001, (10, 20, 10), 59.9999996, 0, 120, 10),  # just above 80; BND 60 at 6 decimals
    "E06": (100, (20, 20, 10), 60, 100, 100, 10),  # final exactly 100: B (A is above 100)
    "E07": (100, (20.0000001, 20, 10), 60, 100, 100, 10),  # final 100.000000 at 6 decimals: B
    "E08": (100, (20.00001, 20, 10), 60, 100, 100, 10),  # final just above 100: A
}
#: a whole section marked N/A: the form shows invalid, the engine refuses it
WHOLE_SECTION_NA = ("E09", (100, (20, 20, 10), 60, "N/A", "n/a", "不适用"))


def _roster() -> pd.DataFrame:
    ids = [*ROWS, WHOLE_SECTION_NA[0]]
    return pd.DataFrame({"工号": ids, "姓名": ids, "部门": "测试部", "岗位": "专员"})


def _fill(form, out):
    _, roles, names = slots_of(form)
    lay = L.plan(SCHEME, roles)
    wb = openpyxl.load_workbook(form)
    kpi, summ = wb[names["kpi"]], wb[names["summary"]]
    values = {**ROWS, WHOLE_SECTION_NA[0]: WHOLE_SECTION_NA[1]}
    for slot in lay.slots:
        att, (ra, rt, rb), bnd, n1, n2, n3 = values[summ[f"A{slot.summary_row}"].value]
        typed = {
            "ATT": (att,),
            "RNG": (ra, rt, rb),
            "BND": (bnd,),
            "N1": (n1,),
            "N2": (n2,),
            "N3": (n3,),
        }
        for row, code, _ in slot.kpi_rows:
            for col, v in zip((L.K_ACTUAL, L.K_TARGET, L.K_BASELINE), typed[code], strict=False):
                kpi[f"{col}{row}"] = v
    wb.save(out)
    return out


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fidelity")
    filled = []
    for lang in ("zh", "en"):
        (form,) = build_forms(SCHEME, _roster(), folder / lang, lang=lang)
        filled.append((lang, _fill(form, folder / f"filled-{lang}.xlsx")))
    outs = libreoffice.recalculate([p for _, p in filled], folder / "lo")
    return [(lang, f, o) for (lang, f), o in zip(filled, outs, strict=True)]


def _close(got, want) -> bool:
    return isinstance(got, int | float) and math.isclose(got, want, rel_tol=0, abs_tol=1e-9)


def test_the_form_reads_back_cleanly_with_na_words_for_the_engine(forms):
    for _, filled, _ in forms:
        form = read_form(filled, SCHEME)
        assert form.ok, [str(p) for p in form.problems]
        actual = form.data.set_index(["employee_id", "indicator"])["actual"]
        assert actual[("E01", "N1")] == "N/A" and actual[("E02", "N2")] == "na"
        assert actual[("E03", "N1")] == 80


@pytest.mark.parametrize("which", [0, 1], ids=["zh", "en"])
def test_libreoffice_equals_the_engine_at_every_boundary(forms, which):
    lang, filled, recalculated = forms[which]
    form = read_form(filled, SCHEME)
    data = form.data[form.data.employee_id != WHOLE_SECTION_NA[0]]
    res = xlperf.score(SCHEME, data)
    ind = res.indicators.set_index(["employee_id", "indicator"])
    emp = res.employees.set_index("employee_id")
    _, roles, names = slots_of(filled)
    lay = L.plan(SCHEME, roles)
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    kpi, summ = wb[names["kpi"]], wb[names["summary"]]
    bad = []
    for slot in lay.slots:
        eid = summ[f"A{slot.summary_row}"].value
        if eid == WHOLE_SECTION_NA[0]:
            continue
        for row, code, _ in slot.kpi_rows:
            got = kpi[f"{L.K_SCORE}{row}"].value
            if ind.loc[(eid, code), "status"] == "na":
                ok = got == T[lang]["na_score"]
            else:
                ok = _close(got, float(ind.loc[(eid, code), "score"]))
            bad += (
                []
                if ok
                else [f"{eid} {code}: form {got!r}, engine {ind.loc[(eid, code), 'score']!r}"]
            )
        for sec, r0, _ in slot.section_blocks:
            got, want = kpi[f"{L.K_SECTION_SCORE}{r0}"].value, float(emp.loc[eid, f"score_{sec}"])
            bad += [] if _close(got, want) else [f"{eid} {sec}: form {got!r}, engine {want!r}"]
        r = slot.summary_row
        got, want = summ[f"{lay.final_col}{r}"].value, float(emp.loc[eid, "final_score"])
        bad += [] if _close(got, want) else [f"{eid} final: form {got!r}, engine {want!r}"]
        got, want = summ[f"{lay.grade_col}{r}"].value, emp.loc[eid, "grade_absolute"]
        bad += [] if got == want else [f"{eid} grade: form {got!r}, engine {want!r}"]
    assert not bad, "\n".join(bad)


def test_the_boundaries_land_where_the_issue_says(forms):
    """Hand-computed: the engine side of the values above (the form must equal it, see above)."""
    form = read_form(forms[0][1], SCHEME)
    res = xlperf.score(SCHEME, form.data[form.data.employee_id != WHOLE_SECTION_NA[0]])
    ind = res.indicators.set_index(["employee_id", "indicator"])["score"]
    grade = res.employees.set_index("employee_id")["grade_absolute"]
    assert [ind[(e, "ATT")] for e in ("E01", "E02", "E03", "E04", "E05")] == [120, 120, 100, 50, 80]
    assert [ind[(e, "BND")] for e in ("E01", "E02", "E03", "E05")] == [100, 100, 120, 100]
    assert [ind[(e, "RNG")] for e in ("E01", "E03", "E04")] == pytest.approx([50, 50, 50])
    ops = res.employees.set_index("employee_id")["score_ops"]
    assert ops["E01"] == pytest.approx((30 * 90 + 20 * 100) / 50)  # N1 N/A: 30 and 20 rescaled
    assert ops["E02"] == pytest.approx(50)  # only N3 (5 of 10) applies
    assert [grade[e] for e in ("E06", "E07", "E08")] == ["B", "B", "A"]


def test_a_whole_section_of_na_is_invalid_in_the_form_and_refused_by_the_engine(forms):
    lang, filled, recalculated = forms[0]
    _, roles, names = slots_of(filled)
    lay = L.plan(SCHEME, roles)
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    kpi, summ = wb[names["kpi"]], wb[names["summary"]]
    slot = next(s for s in lay.slots if summ[f"A{s.summary_row}"].value == WHOLE_SECTION_NA[0])
    ops_first = next(r0 for sec, r0, _ in slot.section_blocks if sec == "ops")
    assert kpi[f"{L.K_SECTION_SCORE}{ops_first}"].value == T[lang]["invalid"]
    assert summ[f"{lay.final_col}{slot.summary_row}"].value == T[lang]["invalid"]
    form = read_form(filled, SCHEME)
    with pytest.raises(XlperfError) as err:
        xlperf.score(SCHEME, form.data[form.data.employee_id == WHOLE_SECTION_NA[0]])
    assert "DATA_NA_WHOLE_SECTION" in {p.code for p in err.value.problems}
