"""Many raters (issue 14 item 8): one competency row per rater, up to the scheme's ``raters_max``.

Forms are filled with several raters of one group, missing groups, empty and
half-filled rater rows, a rated row without a group and an unrated
dimension; LibreOffice recalculates them; the dimension, competency and final
scores equal the engine fed by ``read_form`` (one Ratings row per rater and
dimension, with the rater's name); collect carries the rows into the master.
"""

from __future__ import annotations

import math

import openpyxl
import pandas as pd
import pytest
from form_fill import slots_of

import xlperf
from xlperf.errors import SchemeError
from xlperf.io import libreoffice
from xlperf.master.collect import collect_forms
from xlperf.templates import layout as L
from xlperf.templates.builder import build_forms
from xlperf.templates.reader import read_form
from xlperf.templates.text import T

BASE = {
    "scheme": {"id": "raters", "name": "多人评价", "version": 1},
    "rating_scale": {"min": 1, "max": 5, "map": {1: 40, 2: 60, 3: 80, 4: 100, 5: 120}},
    "sections": [
        {"id": "kpi", "name": "业绩", "weight": 50},
        {"id": "competency", "name": "能力", "weight": 50},
    ],
    "indicators": [{"code": "R", "name": "比率", "method": "ratio"}],
    "roles": [
        {"id": "r", "name": "专员", "indicators": [{"code": "R", "weight": 100, "target": 100}]}
    ],
    "competencies": [
        {"code": "PRO", "name": "专业", "weight": 60},
        {"code": "TEAM", "name": "协作", "weight": 40},
    ],
    "raters": {"supervisor": 50, "peer": 30, "self": 20},
    "grades": [{"grade": "A", "min": 100}, {"grade": "B", "min": 0}],
    "raters_max": 4,
}
SCHEME = xlperf.parse_scheme(BASE)
GROUP = {
    "zh": {"s": "上级", "p": "同事", "x": "自评"},
    "en": {"s": "Supervisor", "p": "Peers", "x": "Self"},
}

#: per employee, its rater rows: (group key or "" or raw text, rater name, PRO, TEAM); None = empty row
ROWS = {
    "E1": [("s", "王经理", 4, 5), ("p", "张三", 5, 3), ("p", "李四", 3, 4), ("p", "赵六", 2, 2)],
    "E2": [None, ("x", "", 5, 5)],  # only a self-assessment: the other groups' weights are shared
    "E3": [None, ("p", "P1", 4, None), ("p", "只填姓名", None, None), ("s", "S1", 3, 2)],
    "E4": [("s", "S", 4, 4), ("", "无类型", 3, 3)],  # a rated row without a group: invalid
    "E5": [("s", "S", 4, None)],  # TEAM unrated: the competency score waits
}
CLEAN, FAULTY = ("E1", "E2", "E3"), ("E4", "E5")


def test_raters_max_defaults_to_10_and_is_checked():
    assert (
        xlperf.parse_scheme({k: v for k, v in BASE.items() if k != "raters_max"}).raters_max == 10
    )
    for bad in (0, 51, "many"):
        with pytest.raises(SchemeError) as err:
            xlperf.parse_scheme({**BASE, "raters_max": bad})
        assert [p.where.path for p in err.value.problems] == ["raters_max"]


def test_the_layout_has_raters_max_rows_then_a_score_row():
    lay = L.plan(SCHEME, ["r", "r"])
    assert [s.rater_rows for s in lay.slots] == [(5, 6, 7, 8), (10, 11, 12, 13)]
    assert [s.comp_score_row for s in lay.slots] == [9, 14]


def _fill(form, out, lang):
    _, roles, names = slots_of(form)
    lay = L.plan(SCHEME, roles)
    wb = openpyxl.load_workbook(form)
    comp, summ, kpi = wb[names["competency"]], wb[names["summary"]], wb[names["kpi"]]
    for slot in lay.slots:
        eid = summ[f"A{slot.summary_row}"].value
        kpi[f"{L.K_ACTUAL}{slot.kpi_rows[0][0]}"] = 90
        for row, typed in zip(slot.rater_rows, ROWS[eid], strict=False):
            if typed is None:
                continue
            group, who, pro, team = typed
            comp[f"{L.C_GROUP}{row}"] = GROUP[lang].get(group, group) or None
            comp[f"{L.C_RATER}{row}"] = who or None
            comp[f"{lay.dim_col(0)}{row}"], comp[f"{lay.dim_col(1)}{row}"] = pro, team
    wb.save(out)
    return out


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("raters")
    roster = pd.DataFrame(
        {"工号": [*ROWS], "姓名": [*ROWS], "部门": ["甲"] * 3 + ["乙"] * 2, "岗位": "专员"}
    )
    filled = []
    for lang in ("zh", "en"):
        for form in build_forms(SCHEME, roster, folder / lang, lang=lang):
            filled.append((lang, _fill(form, folder / f"{lang}-{form.name}", lang)))
    return filled, folder


@pytest.fixture(scope="module")
def recalculated(forms):
    filled, folder = forms
    outs = libreoffice.recalculate([p for _, p in filled], folder / "lo")
    return [(lang, f, o) for (lang, f), o in zip(filled, outs, strict=True)]


def test_the_reader_gives_one_row_per_rater_and_dimension(forms):
    for lang, path in forms[0]:
        form = read_form(path, SCHEME)
        if read_form(path, SCHEME).meta["department"] == "甲":
            assert form.ok, [str(p) for p in form.problems]
            e1 = form.ratings[form.ratings.employee_id == "E1"]
            assert len(e1) == 8 and sorted(set(e1.rater_name)) == ["张三", "李四", "王经理", "赵六"]
            assert sorted(e1[e1.dimension == "PRO"].rating) == [2, 3, 4, 5]
            e3 = form.ratings[form.ratings.employee_id == "E3"]
            assert sorted(zip(e3.dimension, e3.rater, e3.rater_name, strict=True)) == [
                ("PRO", "peer", "P1"), ("PRO", "supervisor", "S1"), ("TEAM", "supervisor", "S1")
            ]  # fmt: skip
        else:
            codes = sorted((p.code, p.where.cell) for p in form.problems)
            lay = L.plan(SCHEME, ["r", "r"])
            assert codes == [
                ("FORM_DIMENSION_UNRATED", f"{lay.dim_col(1)}{lay.slots[1].rater_rows[0]}"),
                ("FORM_RATER_GROUP_UNKNOWN", f"{L.C_GROUP}{lay.slots[0].rater_rows[1]}"),
            ], lang


@pytest.mark.libreoffice
def test_libreoffice_equals_the_engine_with_many_raters(recalculated):
    bad = []
    for lang, filled, out in recalculated:
        form = read_form(filled, SCHEME)
        _, roles, names = slots_of(filled)
        lay = L.plan(SCHEME, roles)
        wb = openpyxl.load_workbook(out, data_only=True)
        comp, summ = wb[names["competency"]], wb[names["summary"]]
        if form.meta["department"] != "甲":
            e4, e5 = lay.slots
            assert comp[f"{lay.dim_col(0)}{e4.comp_score_row}"].value == T[lang]["invalid"]
            assert comp[f"{lay.dim_col(1)}{e5.comp_score_row}"].value in (None, "")
            assert comp[f"{lay.comp_score_col}{e5.comp_score_row}"].value in (None, "")
            continue
        res = xlperf.score(SCHEME, form.data, form.ratings)
        dims = res.dimensions.set_index(["employee_id", "dimension"])["score"]
        emp = res.employees.set_index("employee_id")
        for slot in lay.slots:
            eid = summ[f"A{slot.summary_row}"].value
            want = [float(dims[(eid, d)]) for d in lay.dimensions]
            want += [float(emp.loc[eid, "score_competency"])]
            cols = [lay.dim_col(k) for k in range(len(lay.dimensions))] + [lay.comp_score_col]
            for col, w in zip(cols, want, strict=True):
                got = comp[f"{col}{slot.comp_score_row}"].value
                if not (isinstance(got, float | int) and math.isclose(got, w, abs_tol=1e-9)):
                    bad.append(f"{lang} {eid} {col}: form {got!r}, engine {w!r}")
            got = summ[f"{lay.final_col}{slot.summary_row}"].value
            if not math.isclose(got, float(emp.loc[eid, "final_score"]), abs_tol=1e-9):
                bad.append(f"{lang} {eid} final: form {got!r}")
    assert not bad, "\n".join(bad)


def test_hand_computed_group_means():
    """E1's PRO: supervisor 100; peers (120 + 80 + 60)/3; weights 50/30 (self absent) → renormalised."""
    ratings = pd.DataFrame(
        [("E1", "PRO", g, v) for g, v in (("supervisor", 4), ("peer", 5), ("peer", 3), ("peer", 2))]
        + [("E1", "TEAM", "supervisor", 4)],
        columns=["employee_id", "dimension", "rater", "rating"],
    )
    data = pd.DataFrame(
        [("E1", "E1", "甲", "r", "R", 90)],
        columns=["employee_id", "name", "department", "role", "indicator", "actual"],
    )
    dims = xlperf.score(SCHEME, data, ratings).dimensions.set_index("dimension")["score"]
    assert dims["PRO"] == pytest.approx((50 * 100 + 30 * (120 + 80 + 60) / 3) / 80)


def test_collect_keeps_one_rating_row_per_rater_with_the_name(forms, tmp_path):
    zh_clean = [
        p
        for lang, p in forms[0]
        if lang == "zh" and read_form(p, SCHEME).meta["department"] == "甲"
    ]
    scheme_file = tmp_path / "raters.yaml"
    import yaml

    scheme_file.write_text(yaml.safe_dump(BASE, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "master.xlsx"
    rep = collect_forms(zh_clean, scheme_file, out, "en")
    assert [e.status for e in rep.entries] == ["accepted"]
    rows = list(openpyxl.load_workbook(out, read_only=True)["Ratings"].iter_rows(values_only=True))
    header = list(rows[0])
    who = header.index("rater_name")
    e1 = [r for r in rows[1:] if r[0] == "E1"]
    assert len(e1) == 8 and {r[who] for r in e1} == {"王经理", "张三", "李四", "赵六"}
