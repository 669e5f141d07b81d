"""The cycle manifest and the keyed tamper check: forged, moved, cleared, foreign and re-saved forms."""

from __future__ import annotations

import base64
import json
import os
import random
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from form_fill import fill_form, random_inputs, roster_for
from openpyxl.formula.tokenizer import Token, Tokenizer

import xlperf
from xlperf.cli import main
from xlperf.errors import BusyError, WorkbookError
from xlperf.io import libreoffice
from xlperf.templates import layout as L
from xlperf.templates import manifest as mf
from xlperf.templates.builder import build_forms
from xlperf.templates.metadata import fingerprint
from xlperf.templates.reader import read_form, read_snapshot
from xlperf.templates.seal import cell_mac, form_mac
from xlperf.templates.text import T
from xlperf.templates.verify import sealed_content, verify_form

SALES = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
SALES_PATH = str(xlperf.shipped_schemes()["sales"])
ZH = T["zh"]


@pytest.fixture(scope="module")
def cycle(tmp_path_factory) -> tuple[Path, mf.CycleManifest, Path]:
    """A roster cycle of the sales scheme: its folder, its manifest and the filled 华东 form."""
    folder = tmp_path_factory.mktemp("cycle")
    roster = roster_for(SALES, per_role=2)
    forms = build_forms(SALES, roster, folder / "forms", cycle=True)
    rng = random.Random(11)
    inputs = {
        eid: random_inputs(SALES, SALES.resolve_role(role), rng)
        for eid, role in zip(roster["工号"], roster["岗位"], strict=True)
    }
    filled = fill_form(forms[0], SALES, inputs, folder / "filled.xlsx")
    return folder, mf.load_manifest(folder / "forms" / mf.MANIFEST_NAME), filled


def _reseal_unkeyed(wb: openpyxl.Workbook) -> None:
    """What a forger with xlperf does: recompute every unkeyed fingerprint with xlperf's own code."""
    meta = wb[L.META_SHEET]
    names = json.loads(
        next(r[1] for r in meta.iter_rows(max_col=2, values_only=True) if r[0] == "sheets")
    )
    for key, cell, fp in meta.iter_rows(min_row=2, min_col=4, max_col=6):
        if key.value in names:
            fp.value = fingerprint(wb[names[key.value]][cell.value].value)


def _reseal_keyed(path: Path, key: bytes) -> None:
    """A forger who ran ``xlperf template`` himself: reseal with xlperf's own code under HIS key."""
    wb = openpyxl.load_workbook(path)
    meta = wb[L.META_SHEET]
    pairs = {k.value: v for k, v in meta.iter_rows(max_col=2)}
    form_id = pairs["form_id"].value
    names = json.loads(pairs["sheets"].value)
    for k, cell, _, mac in meta.iter_rows(min_row=2, min_col=4, max_col=7):
        if k.value in names:
            value = wb[names[k.value]][cell.value].value
            mac.value = cell_mac(key, form_id, k.value, cell.value, value)
    wb.save(path)
    pairs["mac"].value = form_mac(key, sealed_content(read_snapshot(path)))
    wb.save(path)


def _changed(src: Path, out: Path, change, reseal: bool = True) -> Path:
    wb = openpyxl.load_workbook(src)
    change(wb)
    if reseal:
        _reseal_unkeyed(wb)
    wb.save(out)
    return out


def _codes(problems) -> list[str]:
    return [p.code for p in problems]


def test_an_untouched_filled_form_verifies(cycle):
    _, manifest, filled = cycle
    form = read_form(filled, SALES)
    assert form.ok, [str(p) for p in form.problems]
    assert verify_form(form, manifest) == [] and verify_form(filled, manifest) == []


@pytest.mark.parametrize(
    ("what", "sheet_key", "cell", "value"),
    [
        ("weight", "sheet_kpi", "I5", 50),
        ("locked growth target", "sheet_kpi", "J6", 0.01),
        ("score formula", "sheet_kpi", "M5", "=120"),
        ("indicator label", "sheet_kpi", "F5", "销售额"),
        ("dimension weight", "sheet_competency", "D5", 10),
        ("grade formula", "sheet_summary", "J5", '="A"'),
    ],
)
def test_a_forgery_with_recomputed_fingerprints_is_rejected_at_its_cell(
    cycle, tmp_path, what, sheet_key, cell, value
):
    _, manifest, filled = cycle
    forged = _changed(
        filled, tmp_path / "forged.xlsx", lambda wb: wb[ZH[sheet_key]].__setitem__(cell, value)
    )
    form = read_form(forged, SALES)
    assert form.ok, f"{what}: the unkeyed check is fooled by the forger (as expected)"
    problems = verify_form(form, manifest)
    assert _codes(problems) == ["FORM_LOCKED_CHANGED"], [str(p) for p in problems]
    assert (problems[0].where.sheet, problems[0].where.cell) == (ZH[sheet_key], cell)


def test_numbers_moved_to_another_employee_are_rejected_naming_the_slot(cycle, tmp_path):
    """Swap who the first two employee blocks belong to: their numbers now count for the other one."""
    _, manifest, filled = cycle
    lay = L.plan(SALES, json.loads(read_form(filled, SALES).meta["slots"]))
    first, second = lay.slots[0], lay.slots[1]

    def swap(wb):
        summ, kpi = wb[ZH["sheet_summary"]], wb[ZH["sheet_kpi"]]
        a, b = summ[f"A{first.summary_row}"].value, summ[f"A{second.summary_row}"].value
        summ[f"A{first.summary_row}"], summ[f"A{second.summary_row}"] = b, a
        for slot, eid in ((first, b), (second, a)):
            for row, _, _ in slot.kpi_rows:
                kpi[f"A{row}"] = eid

    moved = _changed(filled, tmp_path / "moved.xlsx", swap)
    form = read_form(moved, SALES)
    assert form.ok  # unkeyed fingerprints recomputed: only the keyed check sees it
    problems = verify_form(form, manifest)
    slot_problems = [p for p in problems if p.code == "FORM_SLOT_MOVED"]
    assert [(p.where.sheet, p.where.cell) for p in slot_problems] == [
        (ZH["sheet_summary"], f"A{first.summary_row}"),
        (ZH["sheet_summary"], f"A{second.summary_row}"),
    ]
    issued = manifest.form(form.meta["form_id"]).slots[0].employee_id
    assert f"issued for employee {issued}" in slot_problems[0].message


def _clear_meta(wb):
    ws = wb[L.META_SHEET]
    for row in ws.iter_rows():
        for c in row:
            c.value = None


def _clear_columns(cols: str):
    def clear(wb):
        ws = wb[L.META_SHEET]
        for row in ws.iter_rows(min_row=1):
            for c in row:
                if c.column_letter in cols:
                    c.value = None

    return clear


def _set_meta(key: str, value: str):
    def change(wb):
        for k, v in wb[L.META_SHEET].iter_rows(max_col=2):
            if k.value == key:
                v.value = value

    return change


@pytest.mark.parametrize(
    ("name", "change", "code"),
    [
        ("cleared", _clear_meta, "FORM_META_CLEARED"),
        ("deleted", lambda wb: wb.remove(wb[L.META_SHEET]), "FORM_META_CLEARED"),
        ("fingerprint list cleared", _clear_columns("DEFG"), "FORM_LOCKED_LIST_CHANGED"),
        ("keyed column cleared", _clear_columns("G"), "FORM_CELL_MACS_MISSING"),
        ("department changed", _set_meta("department", "华北"), "FORM_META_CHANGED"),
        ("roster changed", _set_meta("roster_fingerprint", "0000"), "FORM_ROSTER_CHANGED"),
        ("form id removed", _set_meta("form_id", ""), "FORM_NO_FORM_ID"),
    ],
)
def test_a_changed_or_cleared_meta_sheet_is_rejected(cycle, tmp_path, name, change, code):
    _, manifest, filled = cycle
    path = _changed(filled, tmp_path / "meta.xlsx", change, reseal=False)
    problems = verify_form(path, manifest)
    assert code in _codes(problems), (name, [str(p) for p in problems])
    assert all(p.severity == "error" for p in problems)


def test_a_changed_meta_value_is_named_with_its_cell(cycle, tmp_path):
    _, manifest, filled = cycle
    path = _changed(filled, tmp_path / "m.xlsx", _set_meta("department", "华北"), reseal=False)
    (p,) = verify_form(path, manifest)
    assert p.where.sheet == L.META_SHEET and p.where.cell.startswith("B")
    assert "'department'" in p.message and "华北" in p.message


def test_a_form_of_another_cycle_or_no_cycle_is_rejected(cycle, tmp_path):
    _, manifest, _ = cycle
    roster = roster_for(SALES, per_role=2)
    other = build_forms(SALES, roster, tmp_path / "other", cycle=True)[0]
    plain = build_forms(SALES, roster, tmp_path / "plain")[0]
    for path, code, reason in (
        (other, "FORM_NOT_IN_CYCLE", "another cycle"),
        (plain, "FORM_NO_FORM_ID", "no form id"),
    ):
        problems = verify_form(path, manifest)
        assert _codes(problems) == [code], [str(p) for p in problems]
        assert reason in problems[0].message


@pytest.mark.libreoffice
def test_a_form_resaved_by_libreoffice_is_accepted(cycle, tmp_path):
    if not libreoffice.available():
        pytest.skip("LibreOffice (soffice) is not installed")
    _, manifest, filled = cycle
    (resaved,) = libreoffice.convert([filled], "xlsx", tmp_path)
    assert zipfile.ZipFile(resaved).read("xl/workbook.xml") != zipfile.ZipFile(filled).read(
        "xl/workbook.xml"
    )  # really rewritten by another program
    form = read_form(resaved, SALES)
    assert form.ok, [str(p) for p in form.problems]
    assert verify_form(form, manifest) == []


def test_without_a_manifest_one_warning_says_the_form_is_not_authenticated(cycle, tmp_path):
    _, _, filled = cycle
    problems = verify_form(read_form(filled, SALES), None)
    assert _codes(problems) == ["FORM_NOT_AUTHENTICATED"] and problems[0].severity == "warning"
    assert "not authenticated" in problems[0].message and "未经认证" in problems[0].message_zh
    edited = _changed(
        filled,
        tmp_path / "e.xlsx",
        lambda wb: wb[ZH["sheet_kpi"]].__setitem__("I5", 9),
        reseal=False,
    )
    codes = _codes(verify_form(edited, None))
    assert codes == ["FORM_LOCKED_CHANGED", "FORM_NOT_AUTHENTICATED"]  # the accident is still found


@pytest.mark.parametrize(
    ("how", "row", "count"),
    [("delete", 7, 1), ("delete", 12, 2), ("insert", 9, 1), ("insert", 6, 3)],
)
def test_a_deleted_or_inserted_row_is_one_problem_at_the_row(cycle, tmp_path, how, row, count):
    _, manifest, filled = cycle

    def change(wb):
        ws = wb[ZH["sheet_kpi"]]
        (ws.delete_rows if how == "delete" else ws.insert_rows)(row, count)

    path = _changed(filled, tmp_path / "rows.xlsx", change, reseal=False)
    code = "FORM_ROWS_DELETED" if how == "delete" else "FORM_ROWS_INSERTED"
    for problems in (read_form(path, SALES).problems, verify_form(path, manifest)):
        kpi = [p for p in problems if p.where.sheet == ZH["sheet_kpi"]]
        assert [(p.code, p.where.cell) for p in kpi] == [(code, f"A{row}")], [
            str(p) for p in problems
        ]
        assert f"{count} row(s)" in kpi[0].message
        assert len(problems) <= 3, [str(p) for p in problems]  # not one per moved cell


_REF = re.compile(
    r"^(?P<sheet>(?:'[^']+'|[^'!]+)!)?(?P<a>\$?[A-Z]+\$?)(?P<ra>\d+)(?::(?P<b>\$?[A-Z]+\$?)(?P<rb>\d+))?$"
)


def _moved_range(ref: str, own: bool, sheet: str, row: int) -> str:
    """One reference after Excel deleted ``row`` of ``sheet``: rows below move up, a deleted cell is #REF!."""
    m = _REF.match(ref)
    if m is None:
        return ref
    prefix = m.group("sheet") or ""
    if not ((not prefix and own) or prefix.strip("!").strip("'") == sheet):
        return ref
    ra = int(m.group("ra"))
    if m.group("b") is None:
        if ra == row:
            return "#REF!"
        return f"{prefix}{m.group('a')}{ra - (ra > row)}"
    rb = int(m.group("rb"))
    return f"{prefix}{m.group('a')}{ra - (ra > row)}:{m.group('b')}{rb - (rb >= row)}"


def _excel_delete_row(wb: openpyxl.Workbook, sheet: str, row: int) -> None:
    """Delete a row as Excel does: the cells below move up and every reference to them follows."""
    wb[sheet].delete_rows(row)
    for ws in wb.worksheets:
        for cells in ws.iter_rows():
            for c in cells:
                if c.data_type != "f" or not isinstance(c.value, str):
                    continue
                tok = Tokenizer(c.value)
                for t in tok.items:
                    if t.type == Token.OPERAND and t.subtype == Token.RANGE:
                        t.value = _moved_range(t.value, ws.title == sheet, sheet, row)
                c.value = tok.render()


def test_a_row_deleted_in_excel_is_one_problem_even_with_moved_references(cycle, tmp_path):
    """Excel moves the references to the rows below, on every sheet: still one problem, at the row."""
    _, manifest, filled = cycle
    path = _changed(
        filled,
        tmp_path / "excel.xlsx",
        lambda wb: _excel_delete_row(wb, ZH["sheet_kpi"], 7),
        reseal=False,
    )
    wb = openpyxl.load_workbook(path)
    assert "N9" in wb[ZH["sheet_summary"]]["E6"].value  # the summary followed the moved rows
    for problems in (read_form(path, SALES).problems, verify_form(path, manifest)):
        shifts = [
            (p.code, p.where.sheet, p.where.cell)
            for p in problems
            if p.code.startswith("FORM_ROWS")
        ]
        assert shifts == [("FORM_ROWS_DELETED", ZH["sheet_kpi"], "A7")], [str(p) for p in problems]
        # the only other cells named: those that referred to the deleted row itself (#REF!)
        others = [p for p in problems if not p.code.startswith("FORM_ROWS")]
        assert all("#REF!" in p.message for p in others), [str(p) for p in others]
        assert len(others) <= 2


# -- the manifest -------------------------------------------------------------------


def _roster_csv(path: Path) -> str:
    path.write_text(
        "工号,姓名,部门,岗位\nE1,张三,华东,销售专员\nE2,李四,华北,大客户经理\n", encoding="utf-8"
    )
    return str(path)


def test_two_template_runs_join_one_cycle(tmp_path):
    out = tmp_path / "forms"
    assert (
        main(
            [
                "template",
                "--scheme",
                SALES_PATH,
                "--roster",
                _roster_csv(tmp_path / "r.csv"),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    first = mf.load_manifest(out / mf.MANIFEST_NAME)
    assert stat.S_IMODE(os.stat(out / mf.MANIFEST_NAME).st_mode) == 0o600
    assert main(["template", "--scheme", SALES_PATH, "--out", str(out), "--lang", "en"]) == 0
    joined = mf.load_manifest(out / mf.MANIFEST_NAME)
    assert joined.key == first.key and joined.created == first.created
    assert joined.forms[:2] == first.forms and len(joined.forms) == 2 + len(SALES.roles)
    assert len({f.form_id for f in joined.forms}) == len(joined.forms)
    assert stat.S_IMODE(os.stat(out / mf.MANIFEST_NAME).st_mode) == 0o600
    by_file = {f.file: f for f in joined.forms}
    forms = sorted(out.glob("*.xlsx"))
    assert sorted(by_file) == [p.name for p in forms]
    east = by_file["sales-2026q1_华东.xlsx"]
    assert east.department == "华东" and [s.employee_id for s in east.slots] == ["E1"]
    assert [code for _, code in east.slots[0].kpi_rows] == [
        ri.code for ri in SALES.role_by_id["sales_rep"].indicators
    ]
    secret = joined.secret()
    for p in forms:  # the key never appears in a form
        with zipfile.ZipFile(p) as z:
            blob = b"".join(z.read(n) for n in z.namelist())
        assert (
            joined.key.encode() not in blob
            and secret.hex().encode() not in blob
            and secret not in blob
        )
        assert verify_form(p, joined) == []


def test_concurrent_template_runs_both_land_in_the_manifest(tmp_path):
    out = tmp_path / "forms"
    cmd = [
        sys.executable,
        "-m",
        "xlperf.cli",
        "template",
        "--scheme",
        SALES_PATH,
        "--out",
        str(out),
    ]
    procs = [
        subprocess.Popen([*cmd, "--lang", lang], stderr=subprocess.PIPE) for lang in ("zh", "en")
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0], [p.stderr.read().decode() for p in procs]
    manifest = mf.load_manifest(out / mf.MANIFEST_NAME)
    assert len(manifest.forms) == 2 * len(SALES.roles)
    assert sorted(f.file for f in manifest.forms) == sorted(p.name for p in out.glob("*.xlsx"))


def test_a_held_cycle_makes_a_second_writer_wait_then_give_up(tmp_path):
    import filelock

    lock = filelock.FileLock(str(tmp_path / f".{mf.MANIFEST_NAME}.lock"))
    with lock, pytest.raises(BusyError) as err:
        with mf.cycle(tmp_path, wait=0.2):
            pass
    assert err.value.exit_code == 4 and err.value.problems[0].code == "FORM_CYCLE_BUSY"


def test_a_failed_manifest_write_takes_the_forms_back(tmp_path, monkeypatch):
    out = tmp_path / "forms"
    build_forms(SALES, None, out, cycle=True)
    before = (out / mf.MANIFEST_NAME).read_bytes()
    names = sorted(p.name for p in out.glob("*.xlsx"))

    def failing(manifest, path):
        raise WorkbookError("disk full", [])

    monkeypatch.setattr(mf, "write_manifest", failing)
    roster = roster_for(SALES, per_role=1)
    with pytest.raises(WorkbookError):
        build_forms(SALES, roster, out, cycle=True)
    assert sorted(p.name for p in out.glob("*.xlsx")) == names
    assert (out / mf.MANIFEST_NAME).read_bytes() == before


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (None, "FORM_MANIFEST_UNREADABLE", "file not found"),
        ("{not json", "FORM_MANIFEST_INVALID", "not JSON (line 1"),
        (
            '{"format": "xlperf-cycle/1", "created": "x", "key": "c2hvcnQ=", "forms": []}',
            "FORM_MANIFEST_INVALID",
            "key",
        ),
        (
            '{"format": "xlperf-cycle/1", "created": "x", "key": "%s", "forms": {}}',
            "FORM_MANIFEST_INVALID",
            "forms",
        ),
        (
            '{"format": "other", "created": "x", "key": "%s"}',
            "FORM_MANIFEST_INVALID",
            "format 'other'",
        ),
        (b"\xff\xfe\x00", "FORM_MANIFEST_INVALID", "not UTF-8"),
    ],
)
def test_a_missing_or_damaged_manifest_is_a_located_error(tmp_path, content, code, words):
    path = tmp_path / mf.MANIFEST_NAME
    key = base64.b64encode(bytes(32)).decode()
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content.replace("%s", key), encoding="utf-8")
    with pytest.raises(WorkbookError) as err:
        mf.load_manifest(path)
    (p,) = err.value.problems
    assert err.value.exit_code == 3 and p.code == code and words in p.message
    assert p.where.file == str(path) and p.message_zh and p.hint_zh


def test_template_refuses_to_join_a_damaged_manifest_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "forms"
    out.mkdir()
    (out / mf.MANIFEST_NAME).write_text("{}", encoding="utf-8")
    assert main(["template", "--scheme", SALES_PATH, "--out", str(out)]) == 3
    assert "Traceback" not in capsys.readouterr().err
    assert not list(out.glob("*.xlsx"))


# -- user text stays text -------------------------------------------------------------


def test_names_that_look_like_formulas_are_written_as_text(tmp_path):
    import pandas as pd

    evil = '=HYPERLINK("http://x","click")'
    roster = pd.DataFrame(
        [["=1+1", evil, "@SUM(A1)", "销售专员"]], columns=["工号", "姓名", "部门", "岗位"]
    )
    (path,) = build_forms(SALES, roster, tmp_path)
    wb = openpyxl.load_workbook(path)
    kpi, summ = wb[ZH["sheet_kpi"]], wb[ZH["sheet_summary"]]
    for c in (kpi["A5"], kpi["B5"], summ["A5"], summ["B5"]):
        assert c.data_type == "s", (c.coordinate, c.value)
    assert summ["B5"].value == evil
    form = read_form(path, SALES)
    assert set(form.data["employee_id"]) == {"=1+1"} and set(form.data["name"]) == {evil}
