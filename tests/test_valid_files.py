"""Every kind of workbook xlperf writes passes openxml-audit with no errors (warnings allowed).

One test per kind, each built the way a user builds it (the command line, or
the demo's own cycle for forms collected into a master), in Chinese, small.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator

from xlperf.cli import main
from xlperf.core.scheme import shipped_schemes
from xlperf.demo.cycle import run_cycle
from xlperf.demo.data import make_company
from xlperf.demo.periods import run_periods


def audit_errors(path: Path) -> list[str]:
    """The descriptions of openxml-audit's errors for ``path`` (empty when valid)."""
    assert path.is_file(), path
    result = OpenXmlValidator().validate(str(path))
    return [e.description for e in result.errors if "ERROR" in str(e.severity).upper()]


def assert_valid(path: Path) -> None:
    errors = audit_errors(path)
    assert not errors, (path.name, errors[:5])


@pytest.fixture(scope="module")
def cycle_master(tmp_path_factory) -> Path:
    """The demo cycle's sales master: forms collected, adjusted and recalculated (with pay)."""
    folder = tmp_path_factory.mktemp("cycle")
    run_cycle(folder, lang="zh", size=40)
    return folder / "3-master" / "master_sales.xlsx"


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """The history file of the demo's four closed quarters (market scheme)."""
    story = run_periods(tmp_path_factory.mktemp("periods"), make_company(seed=7, size=60))
    return story.history


def test_a_form_is_valid(tmp_path: Path) -> None:
    assert main(["template", "--scheme", str(shipped_schemes()["sales"]), "--out", str(tmp_path), "--quiet"]) == 0  # fmt: skip
    forms = sorted(tmp_path.glob("*.xlsx"))
    assert forms
    assert_valid(forms[0])


def test_a_master_after_collect_and_recalc_is_valid(cycle_master: Path) -> None:
    assert_valid(cycle_master)


def test_score_results_are_valid(tmp_path: Path) -> None:
    company = make_company(seed=3, size=40)
    args = ["score", "--scheme", str(shipped_schemes()["sales"]), "--quiet"]
    for kind, tables in (("data", company.data), ("ratings", company.ratings), ("adjustments", company.adjustments)):  # fmt: skip
        path = tmp_path / f"{kind}.csv"
        tables["sales"].to_csv(path, index=False, encoding="utf-8-sig")
        args += [f"--{kind}", str(path)]
    assert main([*args, "--out", str(tmp_path / "results.xlsx")]) == 0
    assert_valid(tmp_path / "results.xlsx")


def test_a_personal_report_is_valid(cycle_master: Path, tmp_path: Path) -> None:
    master = shutil.copy(cycle_master, tmp_path / "master.xlsx")
    personal = tmp_path / "personal"
    assert main(["recalc", str(master), "--personal", str(personal), "--quiet"]) == 0
    reports = sorted(personal.rglob("*.xlsx"))
    assert reports
    assert_valid(reports[0])


def test_the_addin_is_valid(tmp_path: Path) -> None:
    assert main(["addin", "build", "--out", str(tmp_path / "xlperf.xlam"), "--quiet"]) == 0
    assert_valid(tmp_path / "xlperf.xlam")


def test_a_history_export_is_valid(history: Path, tmp_path: Path) -> None:
    out = tmp_path / "history.xlsx"
    assert main(["history", "export", str(out), "--history", str(history), "--quiet"]) == 0
    assert_valid(out)


def test_a_rollup_is_valid(history: Path, tmp_path: Path) -> None:
    out = tmp_path / "annual.xlsx"
    market = str(shipped_schemes()["market"])
    assert main(["rollup", "--year", "2026", "--history", str(history), "--scheme", market, "--out", str(out), "--quiet"]) == 0  # fmt: skip
    assert_valid(out)


def test_the_audit_reports_an_error_in_a_broken_workbook(
    cycle_master: Path, tmp_path: Path
) -> None:
    """The check can fail: a worksheet with an element out of schema order is an error."""
    import zipfile

    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(cycle_master) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData", b"<bogus/><sheetData", 1)
            dst.writestr(item, data)
    assert audit_errors(broken)
