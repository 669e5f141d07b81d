"""xlperf.io.libreoffice: clear errors without LibreOffice, and one recalculation round trip."""

from __future__ import annotations

import openpyxl
import pytest

from xlperf.errors import WorkbookError, XlperfError
from xlperf.io import libreoffice


def _book(path, formula="=A1*2"):
    wb = openpyxl.Workbook()
    wb.active["A1"] = 21
    wb.active["B1"] = formula
    wb.save(path)
    return path


def test_not_installed_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(libreoffice, "soffice_path", lambda: None)
    assert not libreoffice.available()
    with pytest.raises(XlperfError, match="LibreOffice is not installed"):
        libreoffice.recalculate([_book(tmp_path / "a.xlsx")], tmp_path / "out")


def test_bad_arguments(tmp_path, monkeypatch):
    monkeypatch.setattr(libreoffice, "soffice_path", lambda: "/bin/true")
    with pytest.raises(WorkbookError, match="file not found"):
        libreoffice.convert([tmp_path / "missing.xlsx"], "pdf", tmp_path / "out")
    (tmp_path / "x").mkdir()
    a, b = _book(tmp_path / "a.xlsx"), _book(tmp_path / "x" / "a.xlsx")
    with pytest.raises(WorkbookError, match="same name"):
        libreoffice.convert([a, b], "pdf", tmp_path / "out")
    with pytest.raises(WorkbookError, match="would overwrite itself"):
        libreoffice.recalculate([a], tmp_path)
    assert libreoffice.convert([], "pdf", tmp_path / "out") == []


def test_a_converter_that_writes_nothing_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(libreoffice, "soffice_path", lambda: "/bin/true")
    with pytest.raises(WorkbookError, match="could not convert"):
        libreoffice.recalculate([_book(tmp_path / "a.xlsx")], tmp_path / "out")


@pytest.mark.libreoffice
@pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) is not installed")
def test_recalculation_is_forced_on_load(tmp_path):
    # openpyxl writes no cached values: without the private profile LibreOffice would keep none
    out = libreoffice.recalculate(
        [_book(tmp_path / "a.xlsx", "=_xlfn.RANK.EQ(A1,A1:A1)+A1*2")], tmp_path / "out"
    )
    assert openpyxl.load_workbook(out[0], data_only=True).active["B1"].value == 43
