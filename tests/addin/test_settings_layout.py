"""The add-in reads the scheme from the settings sheet the template forms write.

An openpyxl-backed stand-in gives the same `.sheets` / `.range(address).value`
shape as xlwings, over a real generated form, so the two sides cannot drift.
"""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

import xlperf
from xlperf.addin.settings import settings_rows, workbook_settings
from xlperf.templates.builder import build_forms


class _Range:
    def __init__(self, ws, address: str) -> None:
        self.ws, self.address = ws, address

    @property
    def value(self):
        if ":" not in self.address:
            return self.ws[self.address].value
        c0, r0, c1, r1 = range_boundaries(self.address)
        return [[self.ws.cell(r, c).value for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)]


class _Sheet:
    def __init__(self, ws) -> None:
        self.ws, self.name = ws, ws.title

    def range(self, address: str) -> _Range:
        return _Range(self.ws, address)


class _Book:
    def __init__(self, path) -> None:
        wb = load_workbook(path)
        self.fullname = str(path)
        self.sheets = [_Sheet(ws) for ws in wb.worksheets]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_generated_form_names_its_scheme_and_language(tmp_path, lang):
    scheme = xlperf.load_scheme(xlperf.shipped_schemes()["digital"])
    roster = pd.DataFrame(
        {
            "employee_id": ["E1", "E2"],
            "name": ["甲", "乙"],
            "department": ["数字营销部"] * 2,
            "role": ["seo", "sdr"],
        }
    )
    [form] = build_forms(scheme, roster, tmp_path, lang=lang)
    found, found_lang = workbook_settings(_Book(form))
    assert found is not None and found.fingerprint == scheme.fingerprint
    assert found_lang == lang


def test_long_yaml_is_joined_from_chunks():
    from addin_fakes import FakeSheet

    text = "scheme: {id: x}\n" + "# padding\n" * 10
    cells = {
        "A1": "key",
        "B1": "value",
        "A2": "lang",
        "B2": "en",
        "A3": "scheme_yaml",
        "B3": text[:7],
        "B4": text[7:20],
        "B5": text[20:],
    }
    assert settings_rows(FakeSheet("_xlperf", cells))["scheme_yaml"] == text


def test_a_master_workbook_names_its_scheme_in_the_scheme_sheet(tmp_path):
    from xlperf.demo.data import make_company
    from xlperf.master.build import write_master

    company = make_company(seed=2, size=20)
    text = xlperf.shipped_schemes()["market"].read_text(encoding="utf-8")
    path = write_master(
        tmp_path / "m.xlsx",
        text,
        company.data["market"],
        company.ratings["market"],
        company.adjustments["market"],
    )
    found, lang = workbook_settings(_Book(path))
    assert found is not None and found.id == "market-2026q1" and lang == "zh"
