"""collect authenticates every form against the cycle manifest (``--cycle``, or the one it finds).

Forgers here use xlperf's own code: the unkeyed fingerprints recomputed after an edit, or a whole
form resealed under a key of their own ``xlperf template`` run. Only the cycle's key tells.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xlperf.cli import main
from xlperf.core.scheme import load_scheme, shipped_schemes
from xlperf.demo.data import make_company
from xlperf.io import libreoffice
from xlperf.master.collect import collect_forms
from xlperf.master.cycle import fill_form
from xlperf.templates import layout as L
from xlperf.templates import manifest as mf
from xlperf.templates.builder import build_forms
from xlperf.templates.metadata import fingerprint
from xlperf.templates.reader import read_form, read_snapshot
from xlperf.templates.seal import cell_mac, form_mac
from xlperf.templates.verify import sealed_content

SALES_FILE = shipped_schemes()["sales"]
SALES = load_scheme(SALES_FILE)
KPI, SUMMARY = "KPI考核", "汇总"


@pytest.fixture(scope="module")
def company():
    return make_company(seed=5, size=60)


@pytest.fixture(scope="module")
def issued(tmp_path_factory, company) -> tuple[Path, list[Path]]:
    """A sales cycle: its manifest (in the forms folder) and the three filled forms, returned
    into a folder of their own (no manifest there)."""
    folder = tmp_path_factory.mktemp("cycle")
    depts = [d for d, k in company.department_scheme.items() if k == "sales"]
    roster = company.roster[company.roster["department"].isin(depts)]
    forms = build_forms(SALES, roster, folder / "forms", "zh", cycle=True)
    returned = [
        fill_form(
            f, SALES, company.data["sales"], company.ratings["sales"], folder / "returned" / f.name
        )
        for f in forms
    ]
    return mf.manifest_path(folder / "forms"), returned


@pytest.fixture(scope="module")
def other_cycle(tmp_path_factory, company) -> Path:
    """The manifest of another cycle that issued the same forms (same scheme, same roster)."""
    folder = tmp_path_factory.mktemp("other")
    depts = [d for d, k in company.department_scheme.items() if k == "sales"]
    roster = company.roster[company.roster["department"].isin(depts)]
    build_forms(SALES, roster, folder, "zh", cycle=True)
    return mf.manifest_path(folder)


def collect(*args: object) -> int:
    return main(["collect", *map(str, args), "--scheme", str(SALES_FILE), "--lang", "en"])


def data_ids(master: Path) -> set[str]:
    wb = openpyxl.load_workbook(master, read_only=True)
    ws = wb["数据"] if "数据" in wb.sheetnames else wb["Data"]
    return {str(r[0]) for r in ws.iter_rows(min_row=2, values_only=True) if r and r[0]}


def form_ids(form: Path) -> set[str]:
    return set(read_form(form, SALES).data["employee_id"].astype(str))


def copies(forms: list[Path], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(f, folder / f.name)) for f in forms]


def _meta(wb: openpyxl.Workbook) -> dict[str, object]:
    return dict(wb[L.META_SHEET].iter_rows(max_col=2, values_only=True))


def recompute_unkeyed(wb: openpyxl.Workbook) -> None:
    """What a forger with xlperf does after an edit: recompute every unkeyed fingerprint
    (``_xlperf!F``) with xlperf's own hashing code."""
    names = json.loads(_meta(wb)["sheets"])
    for key, cell, fp in wb[L.META_SHEET].iter_rows(min_row=2, min_col=4, max_col=6):
        if key.value in names:
            fp.value = fingerprint(wb[names[key.value]][cell.value].value)


def forged(src: Path, out: Path, change) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.load_workbook(src)
    change(wb)
    recompute_unkeyed(wb)
    wb.save(out)
    assert read_form(out, SALES).ok, "the unkeyed check alone is fooled by this forgery"
    return out


def resealed_with_own_key(src: Path, out: Path, change, key: bytes) -> Path:
    """A forger who ran ``xlperf template`` himself: edits, then reseals everything under HIS key."""
    out.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.load_workbook(src)
    change(wb)
    recompute_unkeyed(wb)
    meta = wb[L.META_SHEET]
    pairs = {k.value: v for k, v in meta.iter_rows(max_col=2)}
    names, form_id = json.loads(pairs["sheets"].value), pairs["form_id"].value
    for k, cell, _, mac in meta.iter_rows(min_row=2, min_col=4, max_col=7):
        if k.value in names:
            value = wb[names[k.value]][cell.value].value
            mac.value = cell_mac(key, form_id, k.value, cell.value, value)
    wb.save(out)
    pairs["mac"].value = form_mac(key, sealed_content(read_snapshot(out)))
    wb.save(out)
    return out


def set_cell(sheet: str, cell: str, value: object):
    return lambda wb: wb[sheet].__setitem__(cell, value)


def swap_first_two_slots(wb: openpyxl.Workbook) -> None:
    """Give the first employee's numbers to the second and back: ids swapped on every row."""
    lay = L.plan(SALES, json.loads(_meta(wb)["slots"]))
    a, b = lay.slots[0], lay.slots[1]
    summ, kpi = wb[SUMMARY], wb[KPI]
    ida, idb = summ[f"A{a.summary_row}"].value, summ[f"A{b.summary_row}"].value
    for slot, eid in ((a, idb), (b, ida)):
        summ[f"A{slot.summary_row}"] = eid
        for row, _, _ in slot.kpi_rows:
            kpi[f"A{row}"] = eid


# -- wired into collect --------------------------------------------------------------------


def test_issued_forms_are_accepted_and_the_run_says_it_authenticated(issued, tmp_path, capsys):
    manifest, returned = issued
    master = tmp_path / "master.xlsx"
    assert collect(returned[0].parent, "--out", master, "--cycle", manifest) == 0
    out, err = capsys.readouterr()
    assert "not authenticated" not in out + err
    assert f"authenticated with {manifest}" in err
    assert data_ids(master) == set().union(*map(form_ids, returned))


@pytest.mark.parametrize(
    ("what", "change", "sheet", "cell", "code"),
    [
        ("a locked weight", set_cell(KPI, "I5", 50), KPI, "I5", "FORM_LOCKED_CHANGED"),
        ("a locked growth target", set_cell(KPI, "J6", 0.01), KPI, "J6", "FORM_LOCKED_CHANGED"),
        ("a score formula", set_cell(KPI, "M5", "=120"), KPI, "M5", "FORM_LOCKED_CHANGED"),
        (
            "numbers moved to another employee",
            swap_first_two_slots,
            SUMMARY,
            "A5",
            "FORM_SLOT_MOVED",
        ),
    ],
)
def test_a_forgery_with_recomputed_fingerprints_is_rejected_at_its_cell(
    issued, tmp_path, capsys, what, change, sheet, cell, code
):
    manifest, returned = issued
    bad = forged(returned[0], tmp_path / "in" / returned[0].name, change)
    good = copies([returned[1]], tmp_path / "in")[0]
    master = tmp_path / "master.xlsx"
    capsys.readouterr()
    assert collect(bad, good, "--out", master, "--cycle", manifest) == 3
    out = capsys.readouterr().out
    assert f"REJECTED: {bad}" in out and f"ACCEPTED: {good}" in out, what
    rep = list(
        csv.DictReader(open(master.with_name("master.collect-report.csv"), encoding="utf-8-sig"))
    )
    named = [(r["sheet"], r["cell"], r["code"]) for r in rep if r["file"] == str(bad)]
    assert (sheet, cell, code) in named, (what, named)
    assert data_ids(master) == form_ids(good)  # the forged rows never reach the master
    assert not data_ids(master) & form_ids(returned[0])


def test_a_form_resealed_under_a_forgers_own_key_is_rejected(issued, tmp_path):
    manifest, returned = issued
    bad = resealed_with_own_key(
        returned[0], tmp_path / "in" / returned[0].name, set_cell(KPI, "I5", 50), bytes(range(32))
    )
    rep = collect_forms([bad], SALES_FILE, tmp_path / "master.xlsx", "en", cycle=manifest)
    (entry,) = rep.entries
    assert entry.status == "rejected" and rep.master is None
    assert "FORM_SEAL_FOREIGN" in [p.code for p in entry.problems], [str(p) for p in entry.problems]
    assert not (tmp_path / "master.xlsx").exists()


def test_a_forged_form_alone_leaves_the_master_as_it_was(issued, tmp_path):
    manifest, returned = issued
    master = tmp_path / "master.xlsx"
    assert collect(returned[1], "--out", master, "--cycle", manifest) == 0
    before = master.read_bytes()
    bad = forged(returned[0], tmp_path / "in" / returned[0].name, set_cell(KPI, "I5", 50))
    assert collect(bad, "--out", master, "--cycle", manifest) == 3
    assert master.read_bytes() == before


@pytest.mark.libreoffice
def test_a_form_resaved_by_libreoffice_is_accepted_by_collect(issued, tmp_path):
    if not libreoffice.available():
        pytest.skip("LibreOffice (soffice) is not installed")
    manifest, returned = issued
    (resaved,) = libreoffice.convert([returned[0]], "xlsx", tmp_path / "lo")
    with zipfile.ZipFile(resaved) as a, zipfile.ZipFile(returned[0]) as b:
        assert a.read("xl/workbook.xml") != b.read("xl/workbook.xml")  # really rewritten
    master = tmp_path / "master.xlsx"
    rep = collect_forms([resaved], SALES_FILE, master, "en", cycle=manifest)
    assert [(e.status, e.problems) for e in rep.entries] == [("accepted", [])]
    assert rep.cycle == manifest and data_ids(master) == form_ids(returned[0])


# -- which manifest ------------------------------------------------------------------------


def test_without_any_manifest_one_grouped_warning_and_the_forms_go_in(issued, tmp_path, capsys):
    _, returned = issued
    master = tmp_path / "master.xlsx"
    assert (
        main(
            ["collect", str(returned[0].parent), "--scheme", str(SALES_FILE), "--out", str(master)]
        )
        == 0
    )
    out, err = capsys.readouterr()
    warned = [line for line in out.splitlines() if "未经认证" in line]
    assert len(warned) == 1 and warned[0].startswith("警告")  # Chinese by default, one line
    assert f"{len(returned)}份表格" in warned[0] and returned[0].name in warned[0]
    assert "未认证" in err
    assert data_ids(master) == set().union(*map(form_ids, returned))
    rep = list(
        csv.reader(open(master.with_name("master.collect-report.csv"), encoding="utf-8-sig"))
    )
    assert [r[7] for r in rep].count("COLLECT_NOT_AUTHENTICATED") == 1
    assert collect(returned[0], "--out", tmp_path / "en.xlsx") == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if "without authentication" in x]
    assert line.startswith("WARNING") and "1 form(s) collected without authentication" in line


def test_a_manifest_of_another_cycle_makes_every_form_foreign(issued, other_cycle, tmp_path):
    _, returned = issued
    master = tmp_path / "master.xlsx"
    rep = collect_forms(returned, SALES_FILE, master, "en", cycle=other_cycle)
    assert [e.status for e in rep.entries] == ["rejected"] * len(returned)
    for e in rep.entries:
        assert [p.code for p in e.problems] == ["FORM_NOT_IN_CYCLE"], [str(p) for p in e.problems]
        assert e.problems[0].where.sheet == L.META_SHEET and e.form_id in e.problems[0].message
    assert rep.master is None and not master.exists()


@pytest.mark.parametrize("where", ["beside the master", "beside the forms", "its folder named"])
def test_the_manifest_is_found_beside_the_master_else_beside_the_forms(issued, tmp_path, where):
    manifest, returned = issued
    forms = copies(returned[:2], tmp_path / "returned")
    master = tmp_path / "master" / "master.xlsx"
    master.parent.mkdir()
    cycle = None
    if where == "beside the master":
        shutil.copy(manifest, master.parent / mf.MANIFEST_NAME)
    elif where == "beside the forms":
        shutil.copy(manifest, forms[0].parent / mf.MANIFEST_NAME)
    else:
        cycle = manifest.parent
    bad = forged(forms[0], forms[0], set_cell(KPI, "I5", 50))
    rep = collect_forms([forms[0].parent], SALES_FILE, master, "en", cycle=cycle)
    assert rep.cycle is not None and rep.cycle.name == mf.MANIFEST_NAME and not rep.warnings
    assert [(e.path.name, e.status) for e in rep.entries] == [
        (bad.name, "rejected"),
        (forms[1].name, "accepted"),
    ]


def test_the_manifest_beside_the_master_comes_first(issued, other_cycle, tmp_path):
    manifest, returned = issued
    forms = copies(returned[:1], tmp_path / "returned")
    shutil.copy(
        other_cycle, forms[0].parent / mf.MANIFEST_NAME
    )  # a stray manifest of another cycle
    master = tmp_path / "master" / "master.xlsx"
    master.parent.mkdir()
    shutil.copy(manifest, master.parent / mf.MANIFEST_NAME)
    rep = collect_forms(forms, SALES_FILE, master, "en")
    assert [e.status for e in rep.entries] == ["accepted"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "the cycle manifest cannot be read: file not found"),
        ("{not json", "the cycle manifest is not valid: not JSON"),
        ("{}", "the cycle manifest is not valid"),
    ],
)
def test_a_missing_or_damaged_manifest_stops_the_run_before_writing(
    issued, tmp_path, capsys, content, words
):
    _, returned = issued
    named = tmp_path / "cycle" / mf.MANIFEST_NAME
    named.parent.mkdir()
    if content is not None:
        named.write_text(content, encoding="utf-8")
    master = tmp_path / "master.xlsx"
    assert collect(returned[0], "--out", master, "--cycle", named) == 3
    err = capsys.readouterr().err
    assert words in err
    assert str(named) in err and "Traceback" not in err
    assert not master.exists() and not master.with_name("master.collect-report.csv").exists()


def test_a_damaged_manifest_beside_the_master_is_not_skipped(issued, tmp_path, capsys):
    """A manifest that is there but damaged never lets the forms in as merely unauthenticated."""
    _, returned = issued
    master = tmp_path / "master.xlsx"
    (tmp_path / mf.MANIFEST_NAME).write_text('{"format": "xlperf-cycle/1"}', encoding="utf-8")
    assert collect(returned[0], "--out", master) == 3
    assert "not valid" in capsys.readouterr().err
    assert not master.exists()


def test_forms_beside_two_different_manifests_are_a_usage_error(
    issued, other_cycle, tmp_path, capsys
):
    manifest, returned = issued
    a = copies(returned[:1], tmp_path / "a")[0]
    b = copies(returned[1:2], tmp_path / "b")[0]
    shutil.copy(manifest, a.parent / mf.MANIFEST_NAME)
    shutil.copy(other_cycle, b.parent / mf.MANIFEST_NAME)
    master = tmp_path / "m" / "master.xlsx"
    assert collect(a.parent, b.parent, "--out", master) == 2
    err = capsys.readouterr().err
    assert "2 different cycle manifests" in err and "--cycle" in err
    assert not master.parent.exists() or not master.exists()


# -- concurrency ---------------------------------------------------------------------------


def test_concurrent_collects_with_the_manifest_never_lose_a_form(issued, tmp_path):
    manifest, returned = issued
    master = tmp_path / "master.xlsx"
    cmd = [
        sys.executable, "-m", "xlperf.cli", "collect", "--scheme", str(SALES_FILE),
        "--out", str(master), "--cycle", str(manifest), "--wait", "120", "--lang", "en",
    ]  # fmt: skip
    procs = [
        subprocess.Popen([*cmd, str(f)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for f in returned
    ]
    codes = [p.wait(300) for p in procs]
    errors = [p.stderr.read().decode() for p in procs]
    assert all(c in (0, 4) for c in codes), errors
    got = data_ids(master)
    for form, code in zip(returned, codes, strict=True):
        if code == 0:
            assert form_ids(form) <= got  # never exit 0 with the form lost
    assert codes.count(0) == len(returned)  # with a long --wait every run gets its turn
    sources = list(openpyxl.load_workbook(master)["Sources"].iter_rows(min_row=2, values_only=True))
    assert sorted(Path(r[1]).name for r in sources) == sorted(f.name for f in returned)


# -- the demo ------------------------------------------------------------------------------


def test_the_demo_collects_in_two_batches_against_its_manifest_and_keeps_both(tmp_path):
    from xlperf.demo.cycle import run_cycle

    written = run_cycle(tmp_path, lang="en", size=60)
    manifests = [p for p in written if p.name == mf.MANIFEST_NAME]
    assert manifests and all(mf.load_manifest(p).forms for p in manifests)
    report = [p for p in written if p.name.endswith(".collect-report.csv")]
    rows = [r for p in report for r in csv.DictReader(open(p, encoding="utf-8-sig"))]
    assert not [r for r in rows if r["code"] == "COLLECT_NOT_AUTHENTICATED"]
    rejected = {r["file"] for r in rows if r["status"] == "rejected"}
    assert len(rejected) == 2
    for key in ("sales", "market", "digital"):
        master = tmp_path / "3-master" / f"master_{key}.xlsx"
        scheme = load_scheme(shipped_schemes()[key])
        returned = sorted((tmp_path / "2-returned" / key).glob("*.xlsx"))
        expected = set().union(
            *(
                set(read_form(f, scheme).data["employee_id"].astype(str))
                for f in returned
                if str(f) not in rejected
            )
        )
        assert data_ids(master) == expected, key
        sources = list(
            openpyxl.load_workbook(master)["Sources"].iter_rows(min_row=2, values_only=True)
        )
        assert len(sources) == len([f for f in returned if str(f) not in rejected]), key
