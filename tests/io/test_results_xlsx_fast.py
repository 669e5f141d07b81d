"""write_xlsx_sheets through the bulk cell writer: values, looks and a file other programs open."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openxml_audit import OpenXmlValidator
from python_calamine import CalamineWorkbook

from xlperf.io import libreoffice
from xlperf.io.results_writer import write_xlsx_sheets

HOSTILE = ["=1+1", '=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "http://x.y", "1e5", " a "]


def results_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "employee_id": ["E1", "E2", "E3"],
            "name": ["张三", "=1+1", "@a"],
            "final_score": [101.25, np.nan, np.inf],
            "rank": [1, 2, 3],
            "bonus_amount": [Decimal("12000.10"), None, Decimal("0.30")],
            "pool_share": [Decimal("-0.01"), Decimal("99999999.99"), Decimal("1")],
        }
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fast") / "results.xlsx"
    write_xlsx_sheets(path, {"Results": results_frame(), "Empty": results_frame().iloc[:0]})
    return path


@pytest.mark.parametrize(
    ("cell", "value", "number_format"),
    [
        ("A2", "E1", "General"),
        ("B3", "=1+1", "General"),
        ("B4", "@a", "General"),
        ("C2", 101.25, "0.0"),
        ("C3", None, "0.0"),  # NaN: an empty cell
        ("C4", None, "0.0"),  # +inf: an empty cell
        ("D3", 2, "0"),
        ("E2", 12000.1, '"¥"#,##0.00'),
        ("E3", None, '"¥"#,##0.00'),
        ("F2", -0.01, '"¥"#,##0.00'),
        ("F3", 99999999.99, '"¥"#,##0.00'),
    ],
)
def test_cells_read_back_with_their_formats(written, cell, value, number_format):
    ws = openpyxl.load_workbook(written)["Results"]
    assert ws[cell].value == value
    if value is not None:
        assert ws[cell].number_format == number_format
        assert ws[cell].font.name == "等线"


def test_text_is_always_a_string_and_money_is_written_to_the_cent(written):
    ws = openpyxl.load_workbook(written)["Results"]
    assert ws["B3"].data_type == "s" and ws["B4"].data_type == "s"
    assert [Decimal(str(ws[c].value)) for c in ("E2", "E4", "F2", "F3")] == [
        Decimal("12000.10"),
        Decimal("0.30"),
        Decimal("-0.01"),
        Decimal("99999999.99"),
    ]


@pytest.mark.parametrize("sheet", ["Results", "Empty"])
def test_the_whole_header_row_is_bold_and_nothing_else(written, sheet):
    ws = openpyxl.load_workbook(written)[sheet]
    assert [c.font.b for c in ws[1]] == [True] * 6
    assert [c.value for c in ws[1]] == list(results_frame().columns)
    assert not any(c.font.b for row in ws.iter_rows(min_row=2) for c in row)


def test_the_print_ready_look_is_kept(written):
    ws = openpyxl.load_workbook(written)["Results"]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == "A1:F4"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$1:$1"
    assert ws.column_dimensions["E"].width > 10
    assert openpyxl.load_workbook(written)["Empty"].max_row == 1


def test_the_file_passes_openxml_audit(written):
    # inline strings draw an Excel_InlineStrCells warning (as the masters' do), never an error
    result = OpenXmlValidator().validate(str(written))
    assert result.is_valid, [e.description for e in result.errors][:3]


def test_concatenated_arrow_text_and_dates_are_written(tmp_path):
    part = pd.Series(["a", None], dtype="string[pyarrow]")
    text = pd.concat([part, part], ignore_index=True)  # an Arrow column of two chunks
    when = [dt.date(2026, 3, 31), None, dt.date(2026, 1, 2), None]
    path = tmp_path / "h.xlsx"
    write_xlsx_sheets(path, {"History": pd.DataFrame({"t": text, "due_date": when})})
    ws = openpyxl.load_workbook(path)["History"]
    assert [ws[f"A{r}"].value for r in range(2, 6)] == ["a", None, "a", None]
    assert ws["B2"].value == dt.datetime(2026, 3, 31) and ws["B2"].number_format == "yyyy-mm-dd"


PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.sampled_from(HOSTILE) | PRINTABLE, min_size=1, max_size=20))
def test_any_text_reads_back_as_the_same_string(tmp_path, texts):
    path = tmp_path / "t.xlsx"
    write_xlsx_sheets(path, {"S": pd.DataFrame({"text": texts})})
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python()
    assert [r[0] for r in rows[1:]] == texts


@pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice is not installed")
def test_libreoffice_opens_it(written, tmp_path):
    (converted,) = libreoffice.convert([written], "xlsx", tmp_path / "lo")
    ws = openpyxl.load_workbook(converted)["Results"]
    assert [ws["B3"].value, ws["E2"].value, ws["C3"].value] == ["=1+1", 12000.1, None]
