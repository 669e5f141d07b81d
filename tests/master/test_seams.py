"""Nothing lost at the seams: batches, re-returns, concurrent runs, locks, decorated masters, modes."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xlperf.cli import main
from xlperf.core.scheme import load_scheme, shipped_schemes
from xlperf.demo.data import make_company
from xlperf.io.lock import master_lock
from xlperf.master.cycle import fill_form
from xlperf.templates.builder import build_forms

SALES_FILE = shipped_schemes()["sales"]
SALES = load_scheme(SALES_FILE)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def company():
    return make_company(seed=5, size=60)


@pytest.fixture(scope="module")
def returned(tmp_path_factory, company) -> list[Path]:
    """Three filled sales forms (销售一部, 销售二部, 大客户部), each in a folder of its own."""
    folder = tmp_path_factory.mktemp("seams")
    depts = [d for d, k in company.department_scheme.items() if k == "sales"]
    roster = company.roster[company.roster["department"].isin(depts)]
    forms = build_forms(SALES, roster, folder / "forms", "zh")
    out = []
    for i, f in enumerate(forms):
        target = folder / f"batch{i}" / f.name
        out.append(fill_form(f, SALES, company.data["sales"], company.ratings["sales"], target))
    return out


def collect(*args: object) -> int:
    return main(["collect", *map(str, args), "--scheme", str(SALES_FILE), "--lang", "en"])


def data_ids(master: Path) -> list[str]:
    wb = openpyxl.load_workbook(master, read_only=True)
    ws = wb["数据"] if "数据" in wb.sheetnames else wb["Data"]
    return [str(r[0]) for r in ws.iter_rows(min_row=2, values_only=True) if r and r[0]]


def form_ids(form: Path) -> set[str]:
    from xlperf.templates.reader import read_form

    return set(read_form(form, SALES).data["employee_id"].astype(str))


def test_two_batches_collected_in_turn_keep_both(returned, tmp_path):
    master = tmp_path / "master.xlsx"
    assert collect(returned[0], "--out", master) == 0
    assert collect(returned[1].parent, "--out", master) == 0
    ids = set(data_ids(master))
    assert form_ids(returned[0]) | form_ids(returned[1]) == ids
    sources = list(openpyxl.load_workbook(master)["Sources"].iter_rows(values_only=True))
    assert [r[-1] for r in sources[1:]] == ["current", "current"]


def test_a_form_returned_again_replaces_its_own_rows_only(returned, tmp_path, capsys):
    master = tmp_path / "master.xlsx"
    assert collect(returned[0], returned[1], "--out", master) == 0
    before = data_ids(master)
    again = tmp_path / "again" / returned[0].name
    again.parent.mkdir()
    wb = openpyxl.load_workbook(returned[0])
    wb.save(again)  # the same form, returned a second time (different bytes)
    capsys.readouterr()
    assert collect(again, "--out", master) == 0
    assert "replaces the return of" in capsys.readouterr().out
    after = data_ids(master)
    assert sorted(after) == sorted(before)  # nothing lost, nothing doubled
    states = [
        r[-1]
        for r in openpyxl.load_workbook(master)["Sources"].iter_rows(min_row=2, values_only=True)
    ]
    assert sorted(states) == ["current", "current", "replaced"]


def _blank_form_for(
    company, tmp_path: Path, employee: str, folder: str, dept: str | None = None
) -> Path:
    """A blank per-role form in which a manager typed ``employee``'s id, name and department."""
    import json

    from xlperf.templates import layout as L

    row = company.roster[company.roster["employee_id"] == employee].iloc[0]
    blank = [
        f
        for f in build_forms(SALES, None, tmp_path / folder / "blank", "zh")
        if json.loads(
            dict(openpyxl.load_workbook(f)[L.META_SHEET].iter_rows(values_only=True, max_col=2))[
                "slots"
            ]
        )[0]
        == row["role"]
    ][0]
    wb = openpyxl.load_workbook(blank)
    meta = dict(wb[L.META_SHEET].iter_rows(values_only=True, max_col=2))
    summary = wb[json.loads(meta["sheets"])["summary"]]
    summary[f"{L.S_ID}{L.FIRST_ROW}"] = employee
    summary[f"{L.S_NAME}{L.FIRST_ROW}"] = row["name"]
    summary[f"{L.S_DEPT}{L.FIRST_ROW}"] = dept or row["department"]
    typed = tmp_path / folder / "typed.xlsx"
    wb.save(typed)
    return fill_form(
        typed,
        SALES,
        company.data["sales"],
        company.ratings["sales"],
        tmp_path / folder / blank.name,
    )


def test_an_employee_in_two_forms_merges_neither_and_names_both(company, tmp_path, capsys):
    employee = company.roster[company.roster["department"] == "销售一部"]["employee_id"].iloc[0]
    a = _blank_form_for(company, tmp_path, employee, "a")
    b = _blank_form_for(company, tmp_path, employee, "b", dept="销售二部")  # another manager's copy
    shutil.copy(b, a.with_name("other.xlsx"))
    master = tmp_path / "master.xlsx"
    capsys.readouterr()
    assert collect(a, a.with_name("other.xlsx"), "--out", master) == 3
    out = capsys.readouterr().out
    assert (
        out.count(f"employee {employee} is also in") == 2 and "other.xlsx" in out and a.name in out
    )
    assert not master.exists()


def test_replace_all_starts_afresh_and_says_so(returned, tmp_path, capsys):
    master = tmp_path / "master.xlsx"
    assert collect(returned[0], "--out", master) == 0
    capsys.readouterr()
    assert collect(returned[1], "--out", master, "--replace-all") == 0
    assert "started afresh" in capsys.readouterr().out
    assert set(data_ids(master)) == form_ids(returned[1])


def test_a_run_with_every_form_rejected_writes_no_master(returned, tmp_path):
    bad = tmp_path / "bad" / returned[0].name
    bad.parent.mkdir()
    wb = openpyxl.load_workbook(returned[0])
    wb[wb.sheetnames[1]]["I5"] = 99  # a locked weight
    wb.save(bad)
    master = tmp_path / "master.xlsx"
    assert collect(returned[1], "--out", master) == 0
    digest = master.read_bytes()
    assert collect(bad, "--out", master) == 3
    assert master.read_bytes() == digest


def test_out_naming_a_returned_form_is_refused(returned, tmp_path):
    form = tmp_path / returned[0].name
    shutil.copy(returned[0], form)
    digest = form.read_bytes()
    assert collect(form, "--out", form) == 2
    assert form.read_bytes() == digest


def test_a_second_run_waits_then_exits_4_naming_the_holder(returned, tmp_path, capsys):
    master = tmp_path / "master.xlsx"
    assert collect(returned[0], "--out", master) == 0
    digest = master.read_bytes()
    with master_lock(master, "recalc", wait=1):
        capsys.readouterr()
        assert main(["recalc", str(master), "--lang", "en", "--wait", "0.3"]) == 4
        err = capsys.readouterr().err
    assert "'recalc'" in err and "since" in err
    assert master.read_bytes() == digest


def test_concurrent_collects_of_disjoint_batches_lose_nothing(returned, tmp_path):
    master = tmp_path / "master.xlsx"
    cmd = [
        sys.executable,
        "-m",
        "xlperf.cli",
        "collect",
        "--scheme",
        str(SALES_FILE),
        "--out",
        str(master),
        "--wait",
        "120",
    ]
    procs = [
        subprocess.Popen([*cmd, str(f)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for f in returned
    ]
    codes = [p.wait(300) for p in procs]
    assert all(c in (0, 4) for c in codes), codes
    got = set(data_ids(master))
    for form, code in zip(returned, codes, strict=True):
        if code == 0:
            assert form_ids(form) <= got  # every exit-0 run's form is in the master
    assert codes.count(0) == len(returned)  # with a long --wait every run gets its turn


def test_in_place_recalc_keeps_the_mode_bits(returned, tmp_path):
    master = tmp_path / "master.xlsx"
    assert collect(returned[0], "--out", master) == 0
    os.chmod(master, 0o600)
    assert main(["recalc", str(master), "--lang", "en"]) == 0
    assert stat.S_IMODE(master.stat().st_mode) == 0o600


def test_backups_keep_the_newest_n(returned, tmp_path):
    master = tmp_path / "master.xlsx"
    assert collect(returned[0], "--out", master) == 0
    for _ in range(4):
        assert main(["recalc", str(master), "--lang", "en", "--keep-backups", "2"]) == 0
    backups = list(tmp_path.glob("master.backup-*.xlsx"))
    assert len(backups) == 2
    for b in backups:
        assert "Data" in openpyxl.load_workbook(b, read_only=True).sheetnames  # whole, readable


def test_a_failed_personal_run_leaves_the_previous_folder(returned, tmp_path, monkeypatch):
    master = tmp_path / "master.xlsx"
    assert collect(returned[0], "--out", master) == 0
    pdir = tmp_path / "personal"
    assert main(["recalc", str(master), "--personal", str(pdir), "--lang", "en"]) == 0
    before = sorted(p.name for p in pdir.iterdir())
    from xlperf.master.personal import staging

    calls = {"n": 0}
    real = staging.write_report

    def failing(report, path):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(report, path)

    monkeypatch.setattr(staging, "write_report", failing)
    digest = master.read_bytes()
    assert main(["recalc", str(master), "--personal", str(pdir), "--lang", "en"]) == 3
    assert sorted(p.name for p in pdir.iterdir()) == before
    assert master.read_bytes() == digest  # all or nothing: the master was not replaced either
    assert not [p for p in tmp_path.iterdir() if "xlperf-tmp" in p.name]


def test_a_scheme_id_that_is_no_file_name_is_refused(tmp_path, capsys):
    text = SALES_FILE.read_text(encoding="utf-8").replace("id: sales-2026q1", "id: ../../evil")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    out = tmp_path / "forms"
    assert main(["template", "--scheme", str(bad), "--out", str(out), "--lang", "en"]) == 3
    assert "scheme.id" in capsys.readouterr().err
    assert not out.exists() or not list(out.iterdir())


def test_decorated_master_keeps_every_user_part(returned, tmp_path):
    """collect --replace-all and an in-place recalc on a master HR decorated in Excel: every part
    that is not xlperf's comes back byte-identical (chart sheet, sparklines, x14 validation, form
    control, comments, conditional formats, rich text, pivot table, VBA, printer settings...)."""
    sys.path.insert(0, str(ROOT / "tests" / "io"))
    from package_builders import build_source

    src = build_source(tmp_path)
    with zipfile.ZipFile(src) as z:
        before = {n: z.read(n) for n in z.namelist()}
        sheets = _sheet_parts(z)
    assert collect(returned[0], "--out", src, "--replace-all") == 0
    assert main(["recalc", str(src), "--lang", "en"]) == 0
    registers = {
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/calcChain.xml",
    }
    with zipfile.ZipFile(src) as z:
        after = {n: z.read(n) for n in z.namelist()}
    ours = {
        sheets[n]
        for n in sheets
        if n in {"Data", "Ratings", "Results", "Dashboard", "Validation", "结果", "Scheme"}
    }
    kept = [
        n
        for n in before
        if n not in registers and n not in ours and not _owned_part(n, before, ours)
    ]
    assert kept, "the decorated master has user parts"
    for name in kept:
        assert name in after, f"{name} was dropped"
        assert after[name] == before[name], f"{name} changed"
    assert set(data_ids(src)) == form_ids(returned[0])


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    from xlperf.io.readers import sheet_parts

    return sheet_parts(z)


def _owned_part(name: str, before: dict, ours: set[str]) -> bool:
    """Parts that belong to an xlperf sheet (its rels, drawing, chart, comments, tables)."""
    for part in ours:
        folder, base = part.rsplit("/", 1)
        if name == f"{folder}/_rels/{base}.rels":
            return True
        rels = before.get(f"{folder}/_rels/{base}.rels", b"").decode("utf-8", "replace")
        if name.rsplit("/", 1)[-1] in rels:
            return True
    return name in _xlperf_drawings(before, ours)


def _xlperf_drawings(before: dict, ours: set[str]) -> set[str]:
    import re

    found = set()
    for part in ours:
        folder, base = part.rsplit("/", 1)
        rels = before.get(f"{folder}/_rels/{base}.rels", b"").decode("utf-8", "replace")
        for target in re.findall(r'Target="([^"]+)"', rels):
            name = os.path.normpath(os.path.join(folder, target)).replace("\\", "/")
            found.add(name)
            rels_name = name.replace("drawings/", "drawings/_rels/") + ".rels"
            found.add(rels_name)
            drels = before.get(rels_name, b"").decode("utf-8", "replace")
            for t in re.findall(r'Target="([^"]+)"', drels):
                found.add(
                    os.path.normpath(os.path.join(os.path.dirname(name), t)).replace("\\", "/")
                )
    return found
