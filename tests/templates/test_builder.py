"""Form structure: sheets, protection, validation, formats, print set-up, names, metadata; bad input."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from form_fill import roster_for
from openpyxl.utils import get_column_letter
from openxml_audit import OpenXmlValidator

import xlperf
from xlperf.errors import InputError, WorkbookError
from xlperf.templates import builder
from xlperf.templates import compiler as fc
from xlperf.templates import layout as L
from xlperf.templates.builder import build_forms
from xlperf.templates.reader import read_meta, scheme_yaml_text
from xlperf.templates.text import T

SALES = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
SALES_TEXT = xlperf.shipped_schemes()["sales"].read_text(encoding="utf-8")
ALL = {k: xlperf.load_scheme(p) for k, p in xlperf.shipped_schemes().items()}


@pytest.fixture(scope="module")
def sales_forms(tmp_path_factory) -> list[Path]:
    return build_forms(
        SALES, roster_for(SALES), tmp_path_factory.mktemp("sales"), yaml_text=SALES_TEXT
    )


@pytest.fixture(scope="module")
def sales_wb(sales_forms) -> openpyxl.Workbook:
    return openpyxl.load_workbook(sales_forms[0])


def test_one_form_per_department_with_every_sheet(sales_forms, sales_wb):
    assert [p.name for p in sales_forms] == ["sales-2026q1_华东.xlsx", "sales-2026q1_华北.xlsx"]
    zh = T["zh"]
    assert sales_wb.sheetnames == [
        zh["sheet_instructions"],
        zh["sheet_kpi"],
        zh["sheet_competency"],
        zh["sheet_summary"],
        zh["sheet_letters"],
        zh["sheet_rules"],
        "_xlperf",
    ]
    assert sales_wb["_xlperf"].sheet_state == "veryHidden"
    assert sales_wb.security.lockStructure


def test_kpi_rows_are_prefilled_and_only_inputs_unlocked(sales_wb):
    ws = sales_wb[T["zh"]["sheet_kpi"]]
    assert ws["E5"].value == "SALES_REV" and ws["F5"].value == "销售额达成率"
    assert ws["G5"].value == "实际/目标 ×100, 上限150"
    assert ws["I5"].value == 40 and ws["H5"].value == "CRM销售报表"
    assert ws.protection.sheet
    unlocked = {
        c.coordinate for row in ws.iter_rows(min_row=5) for c in row if c.protection.locked is False
    }
    cols = {"".join(ch for ch in x if ch.isalpha()) for x in unlocked}
    assert cols <= {L.K_TARGET, L.K_BASELINE, L.K_ACTUAL}
    assert ws["I5"].protection.locked and ws["M5"].protection.locked
    assert ws["M5"].value.startswith("=IF(")
    # growth target from the role, percent format; SALES_REV has no target in the scheme: an input
    assert ws["J6"].value == 0.1 and ws["J6"].number_format == "0.00%"
    assert ws["J5"].protection.locked is False
    assert ws.freeze_panes == "C5"
    assert ws.print_title_rows == "$4:$4" or ws.print_title_rows == "4:4"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert "销售部季度绩效考核" in ws.oddHeader.left.text


def test_every_input_has_validation_with_messages(sales_wb):
    for key in ("sheet_kpi", "sheet_competency"):
        ws = sales_wb[T["zh"][key]]
        inputs = {
            c.coordinate
            for row in ws.iter_rows(min_row=5)
            for c in row
            if c.protection.locked is False
        }
        covered = set()
        for dv in ws.data_validations.dataValidation:
            assert dv.prompt and dv.error and dv.showErrorMessage and dv.showInputMessage
            for rng in dv.sqref.ranges:
                covered |= {
                    f"{get_column_letter(c)}{r}"
                    for r in range(rng.min_row, rng.max_row + 1)
                    for c in range(rng.min_col, rng.max_col + 1)
                }
        assert inputs and inputs <= covered, sorted(inputs - covered)[:5]
    comp = sales_wb[T["zh"]["sheet_competency"]]
    lists = [dv for dv in comp.data_validations.dataValidation if dv.type == "list"]
    assert '"1,2,3,4,5"' in [dv.formula1 for dv in lists]  # the ratings (the rater groups too)


def test_conditional_formatting_and_names(sales_wb):
    summ = sales_wb[T["zh"]["sheet_summary"]]
    rules = [r for cf in summ.conditional_formatting for r in cf.rules]
    assert any(r.formula == ['"A"'] for r in rules)
    kpi = sales_wb[T["zh"]["sheet_kpi"]]
    assert any(r.type == "expression" for cf in kpi.conditional_formatting for r in cf.rules)
    for name in (
        "XLPERF_ACTUAL",
        "XLPERF_TARGET",
        "XLPERF_BASELINE",
        "XLPERF_RATINGS",
        "XLPERF_FINAL",
        "XLPERF_SCHEME_YAML",
    ):
        assert name in sales_wb.defined_names, name
    assert "预评等级" in [c.value for c in summ[L.HEADER_ROW]]
    assert "强制比例分布" in summ["A3"].value


def test_metadata_and_scheme_yaml(sales_forms):
    meta = read_meta(sales_forms[0])
    assert meta["scheme_id"] == "sales-2026q1" and meta["scheme_version"] == "1"
    assert meta["scheme_fingerprint"] == SALES.fingerprint
    assert meta["department"] == "华东" and meta["template_id"].startswith("T")
    assert meta["roster_fingerprint"] not in ("", "none")
    text = scheme_yaml_text(sales_forms[0])
    assert text == SALES_TEXT
    assert xlperf.parse_scheme.__module__  # the stored text is a loadable scheme:
    from xlperf.core.scheme import parse_scheme_text

    assert parse_scheme_text(text).fingerprint == SALES.fingerprint


def test_template_ids_are_deterministic_and_distinct(tmp_path):
    a = build_forms(SALES, roster_for(SALES), tmp_path / "a")
    b = build_forms(SALES, roster_for(SALES), tmp_path / "b")
    ids_a = [read_meta(p)["template_id"] for p in a]
    assert ids_a == [read_meta(p)["template_id"] for p in b]
    assert len(set(ids_a)) == len(ids_a)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


@pytest.mark.parametrize("name", sorted(ALL))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_blank_forms_for_every_scheme_pass_ooxml_validation(tmp_path, name, lang):
    scheme = ALL[name]
    paths = build_forms(scheme, None, tmp_path, lang=lang)
    assert len(paths) == len(scheme.roles)
    result = OpenXmlValidator().validate(str(paths[0]))
    assert result.is_valid, [e.description for e in result.errors][:5]
    wb = openpyxl.load_workbook(paths[0])
    summ = wb[T[lang]["sheet_summary"]]
    assert summ["A5"].protection.locked is False  # the editable employee list
    assert "XLPERF_EMPLOYEES" in wb.defined_names
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("=") and c.data_type == "f":
                    assert fc.functions_used(c.value) <= fc.ALLOWED_FUNCTIONS, (
                        ws.title,
                        c.coordinate,
                        c.value,
                    )


def test_percent_format_follows_the_indicator_unit(tmp_path):
    scheme = ALL["digital"]
    wb = openpyxl.load_workbook(build_forms(scheme, None, tmp_path)[0])
    ws = wb[T["zh"]["sheet_kpi"]]
    formats = {ws[f"E{r}"].value: ws[f"L{r}"].number_format for r in range(5, 10)}
    assert formats["ORGANIC_SHARE"] == "0.00%" and formats["SEO_LEADS"] == "General"


# -- bad input -------------------------------------------------------------------------


def _roster(rows):
    return pd.DataFrame(rows, columns=["employee_id", "name", "department", "role"])


def _nothing_in(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


def test_unknown_role_suggests_the_closest(tmp_path):
    with pytest.raises(InputError) as err:
        build_forms(
            SALES,
            _roster([["E1", "a", "D", "销售经里"], ["E2", "b", "D", "sales_rep"]]),
            tmp_path / "out",
        )
    text = err.value.render("en")
    assert (
        "unknown role '销售经里'" in text
        and "did you mean '销售经理'" in text
        and "row 2, column role" in text
    )
    assert err.value.exit_code == 3 and _nothing_in(tmp_path / "out")


def test_empty_roster(tmp_path):
    with pytest.raises(InputError, match="empty"):
        build_forms(SALES, _roster([]), tmp_path / "out")
    assert _nothing_in(tmp_path / "out")


def test_duplicate_ids(tmp_path):
    with pytest.raises(InputError) as err:
        build_forms(
            SALES,
            _roster([["E1", "a", "D", "sales_rep"], ["E1", "b", "D", "sales_rep"]]),
            tmp_path / "out",
        )
    assert "duplicate employee id 'E1' (first at row 2)" in err.value.render("en")
    assert "row 3" in err.value.render("en")


def test_missing_column(tmp_path):
    with pytest.raises(InputError, match="cannot be used"):
        build_forms(SALES, pd.DataFrame({"employee_id": ["E1"], "name": ["x"]}), tmp_path / "out")


@pytest.mark.skipif(os.name != "posix", reason="chmod semantics")
def test_unwritable_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(WorkbookError, match="Cannot write"):
            build_forms(SALES, None, folder)
    finally:
        folder.chmod(0o700)
    assert _nothing_in(folder)


def test_output_path_is_a_file_or_below_one(tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("x")
    with pytest.raises(WorkbookError, match="Cannot write"):
        build_forms(SALES, None, f)
    with pytest.raises(WorkbookError, match="not writable"):
        build_forms(SALES, None, f / "sub")


def test_failure_midway_leaves_nothing(tmp_path, monkeypatch):
    calls = {"n": 0}
    real = builder.tidy

    def flaky(path):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real(path)

    monkeypatch.setattr(builder, "tidy", flaky)
    with pytest.raises(WorkbookError):
        build_forms(SALES, None, tmp_path / "out")
    assert _nothing_in(tmp_path / "out")


@pytest.mark.parametrize("name", sorted(ALL))
def test_scheme_yaml_from_a_scheme_object_round_trips(name):
    from xlperf.core.scheme import parse_scheme_text

    scheme = ALL[name]
    assert parse_scheme_text(builder.scheme_yaml(scheme)).fingerprint == scheme.fingerprint
