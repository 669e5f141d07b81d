"""read_form: the contract with the collect step — inputs back, tampering and bad input named by cell."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from form_fill import fill_form, random_inputs, roster_for

import xlperf
from xlperf.errors import WorkbookError
from xlperf.templates import layout as L
from xlperf.templates.builder import build_forms
from xlperf.templates.reader import DATA_COLUMNS, RATING_COLUMNS, read_form
from xlperf.templates.text import T

SALES = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
ZH = T["zh"]


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("reader")
    roster = roster_for(SALES, per_role=2)
    form = build_forms(SALES, roster, folder / "forms")[0]  # 华东
    rng = random.Random(3)
    inputs = {
        eid: random_inputs(SALES, SALES.resolve_role(role), rng)
        for eid, role in zip(roster["工号"], roster["岗位"], strict=True)
    }
    return fill_form(form, SALES, inputs, folder / "filled.xlsx"), inputs


def _tampered(src: Path, tmp_path: Path, change) -> Path:
    wb = openpyxl.load_workbook(src)
    change(wb)
    out = tmp_path / "tampered.xlsx"
    wb.save(out)
    return out


def test_reads_back_exactly_what_was_typed(filled):
    path, inputs = filled
    form = read_form(path, SALES)
    assert form.ok, [str(p) for p in form.problems]
    assert list(form.data.columns) == DATA_COLUMNS and list(form.ratings.columns) == RATING_COLUMNS
    assert form.meta["department"] == "华东" and form.meta["scheme_id"] == SALES.id
    assert set(form.data["department"]) == {"华东"}
    for row in form.data.itertuples():
        a, t, b = inputs[row.employee_id].kpi[row.indicator]
        assert row.actual == pytest.approx(a)
        if t is not None:
            assert row.target == pytest.approx(t)
        if b is not None:
            assert row.baseline == pytest.approx(b)
        role = SALES.role_by_id[row.role]
        assert row.weight == next(ri.weight for ri in role.indicators if ri.code == row.indicator)
    for row in form.ratings.itertuples():
        assert row.rating == inputs[row.employee_id].ratings[(row.dimension, row.rater)]
    n = len(form.data["employee_id"].unique())
    assert len(form.ratings) == sum(
        len(inputs[e].ratings) for e in form.data["employee_id"].unique()
    )
    assert n == 3  # 华东 holds half of the 6 employees, rounded up by the roster's order
    xlperf.score(SALES, form.data, form.ratings)  # the engine accepts it as it is


@pytest.mark.parametrize(
    ("what", "sheet_key", "cell", "value"),
    [
        ("weight", "sheet_kpi", "I5", 50),
        ("target", "sheet_kpi", "J6", 0.05),
        ("formula", "sheet_kpi", "M5", "=100"),
        ("label", "sheet_kpi", "F5", "销售额"),
        ("header", "sheet_summary", "H4", "等级"),
        ("dimension weight", "sheet_competency", "E3", 10),  # row 3: the weights
    ],
)
def test_tampering_names_the_cell(filled, tmp_path, what, sheet_key, cell, value):
    path = _tampered(filled[0], tmp_path, lambda wb: wb[ZH[sheet_key]].__setitem__(cell, value))
    form = read_form(path, SALES)
    hits = [p for p in form.problems if p.where.cell == cell and p.where.sheet == ZH[sheet_key]]
    assert hits and "locked cell changed" in hits[0].message, [str(p) for p in form.problems]
    assert hits[0].message_zh and "锁定单元格" in hits[0].message_zh


def test_deleted_row_is_tampering(filled, tmp_path):
    path = _tampered(filled[0], tmp_path, lambda wb: wb[ZH["sheet_kpi"]].delete_rows(7))
    form = read_form(path, SALES)
    assert not form.ok
    assert any(
        p.where.sheet == ZH["sheet_kpi"] and p.where.cell and p.where.cell.endswith("7")
        for p in form.problems
    )


def test_renamed_sheet(filled, tmp_path):
    path = _tampered(
        filled[0], tmp_path, lambda wb: setattr(wb[ZH["sheet_competency"]], "title", "能力")
    )
    form = read_form(path, SALES)
    text = [str(p) for p in form.problems]
    assert any("missing (renamed or deleted)" in t and "能力" in t for t in text), text
    assert form.data.empty


def test_missing_and_invalid_inputs(filled, tmp_path):
    def change(wb):
        ws = wb[ZH["sheet_kpi"]]
        ws["L5"] = None
        ws["L6"] = "很多"
        ws["J5"] = -3  # a target the manager types (SALES_REV has none in the scheme)
        wb[ZH["sheet_competency"]]["E5"] = 7

    form = read_form(_tampered(filled[0], tmp_path, change), SALES)
    cells = {(p.where.sheet, p.where.cell): p for p in form.problems}
    assert "missing" in cells[(ZH["sheet_kpi"], "L5")].message
    assert "not a number" in cells[(ZH["sheet_kpi"], "L6")].message
    assert "target must be > 0" in cells[(ZH["sheet_kpi"], "J5")].message
    assert "not on the scale" in cells[(ZH["sheet_competency"], "E5")].message
    assert all("locked cell" not in p.message for p in form.problems)  # inputs are not tampering
    assert np.isnan(form.data.iloc[0]["actual"])


def test_a_dimension_without_any_rating(filled, tmp_path):
    def change(wb):
        ws = wb[ZH["sheet_competency"]]
        for row in range(5, 5 + SALES.raters_max):  # the first employee's rater rows
            ws[f"E{row}"] = None  # the first dimension's ratings

    form = read_form(_tampered(filled[0], tmp_path, change), SALES)
    assert any(
        p.where.cell == "E5" and "no rating for dimension" in p.message for p in form.problems
    )


def test_other_scheme_or_version(filled):
    market = xlperf.load_scheme(xlperf.shipped_schemes()["market"])
    form = read_form(filled[0], market)
    assert not form.ok and "not market-2026q1" in form.problems[0].message
    bumped = xlperf.parse_scheme(
        {
            **SALES.model_dump(mode="json"),
            "scheme": {**SALES.scheme.model_dump(mode="json"), "version": 2},
        }
    )
    assert "v1, not sales-2026q1 v2" in read_form(filled[0], bumped).problems[0].message


def test_not_a_form(tmp_path):
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "plain.xlsx")
    form = read_form(tmp_path / "plain.xlsx", SALES)
    assert "not an xlperf form" in form.problems[0].message
    (tmp_path / "junk.xlsx").write_text("hello")
    with pytest.raises(WorkbookError, match="Cannot read"):
        read_form(tmp_path / "junk.xlsx", SALES)


def test_blank_form_reads_the_typed_employee_list(tmp_path):
    form = build_forms(SALES, None, tmp_path / "forms")[1]  # sales_manager
    rng = random.Random(9)
    people = [("M1", "甲", "华南"), ("M2", "乙", "华南")]
    inputs = {p[0]: random_inputs(SALES, "sales_manager", rng) for p in people}
    contents = read_form(
        fill_form(form, SALES, inputs, tmp_path / "f.xlsx", employees=people), SALES
    )
    assert contents.ok, [str(p) for p in contents.problems]
    assert sorted(contents.data["employee_id"].unique()) == ["M1", "M2"]
    assert set(contents.data["department"]) == {"华南"} and set(contents.data["role"]) == {
        "sales_manager"
    }
    assert contents.meta["blank"] == "1"
    assert L.META_SHEET == "_xlperf"


def test_blank_form_with_a_duplicate_id(tmp_path):
    form = build_forms(SALES, None, tmp_path / "forms")[0]
    people = [("D1", "甲", "华南"), ("D1", "乙", "华南")]
    rng = random.Random(2)
    inputs = {"D1": random_inputs(SALES, "sales_rep", rng)}
    contents = read_form(
        fill_form(form, SALES, inputs, tmp_path / "f.xlsx", employees=people), SALES
    )
    assert any(p.where.cell == "A6" and "appears twice" in p.message for p in contents.problems)
    assert len(contents.data) == len(SALES.role_by_id["sales_rep"].indicators)
