"""No output of xlperf contains a formula built from user text (issue 10, point 2).

Names, departments and reasons such as ``=HYPERLINK(...)``, ``=1+1``, ``+1``,
``-1+1`` and ``@SUM(A1)`` go through every command; every cell of every
workbook written is inspected by its type (a formula is ``data_type == "f"``),
CSV text that a spreadsheet would run starts with ``'``, and JSON has no
``NaN``/``Infinity``.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import openpyxl
import pytest

from xlperf.cli import main
from xlperf.core.scheme import load_scheme, shipped_schemes
from xlperf.demo.data import make_company
from xlperf.master.cycle import fill_form

SALES_FILE = shipped_schemes()["sales"]
#: user text that a spreadsheet would run; each carries a marker no xlperf formula contains
HOSTILE = [
    '=HYPERLINK("http://x","ZZQ1")',
    "=1+1+0.7071",
    "+1.4142",
    "-1+1.7320",
    "@SUM(A1)*2.2360",
]
MARKERS = ("ZZQ1", "0.7071", "1.4142", "1.7320", "2.2360", "HYPERLINK", "@SUM")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A small sales company whose names, one department and the reasons are hostile text."""
    folder = tmp_path_factory.mktemp("hostile")
    c = make_company(seed=3, size=40)
    depts = [d for d, k in c.department_scheme.items() if k == "sales"]
    roster = c.roster[c.roster["department"].isin(depts)].reset_index(drop=True)
    names = {e: HOSTILE[i % len(HOSTILE)] for i, e in enumerate(roster["employee_id"])}
    evil_dept = {depts[0]: HOSTILE[0]}
    roster["name"] = roster["employee_id"].map(names)
    roster["department"] = roster["department"].replace(evil_dept)
    data = c.data["sales"].copy()
    data["name"] = data["employee_id"].map(names).fillna(data["name"])
    data["department"] = data["department"].replace(evil_dept)
    adj = c.adjustments["sales"].copy()
    adj["reason"] = HOSTILE[1]
    paths = {}
    for kind, frame in (
        ("data", data),
        ("ratings", c.ratings["sales"]),
        ("adjustments", adj),
        ("roster", roster),
    ):
        paths[kind] = folder / f"{kind}.csv"
        frame.to_csv(paths[kind], index=False, encoding="utf-8-sig")
    return folder, paths, data, c.ratings["sales"]


def formula_cells(path: Path) -> list[str]:
    """Cells of a workbook whose formula carries user text (sheet!cell: formula)."""
    wb = openpyxl.load_workbook(path)
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" and any(m in str(c.value) for m in MARKERS):
                    found.append(f"{ws.title}!{c.coordinate}: {c.value}")
    return found


def hostile_strings_kept(path: Path) -> int:
    """How many cells hold one of the hostile texts, as text."""
    wb = openpyxl.load_workbook(path)
    return sum(
        1
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "s" and c.value in HOSTILE
    )


def test_score_writes_text_as_text_in_xlsx_csv_and_json(hostile):
    folder, paths, _, _ = hostile
    base = [
        "score",
        "--scheme",
        str(SALES_FILE),
        "--data",
        str(paths["data"]),
        "--ratings",
        str(paths["ratings"]),
        "--adjustments",
        str(paths["adjustments"]),
    ]
    for suffix in (".xlsx", ".csv", ".json"):
        out = folder / f"results{suffix}"
        assert main([*base, "--out", str(out)]) == 0
    assert formula_cells(folder / "results.xlsx") == []
    assert hostile_strings_kept(folder / "results.xlsx") > 0
    for p in (folder / "results.csv", folder / "results.indicators.csv"):
        for row in csv.reader(open(p, encoding="utf-8-sig")):
            for v in row:
                assert not v.startswith(FORMULA_START) or _is_number(v), f"{p.name}: {v!r}"
        assert "'=HYPERLINK" in p.read_text(encoding="utf-8-sig")
    payload = json.loads(
        (folder / "results.json").read_text(encoding="utf-8"), parse_constant=_no_constants
    )
    assert any(e["name"] in HOSTILE for e in payload["employees"])


def test_forms_master_and_every_output_sheet_keep_text_as_text(hostile, tmp_path):
    folder, paths, data, ratings = hostile
    scheme = load_scheme(SALES_FILE)
    forms_dir = tmp_path / "forms"
    assert (
        main(
            [
                "template",
                "--scheme",
                str(SALES_FILE),
                "--roster",
                str(paths["roster"]),
                "--out",
                str(forms_dir),
            ]
        )
        == 0
    )
    forms = sorted(forms_dir.glob("*.xlsx"))
    for f in forms:
        assert formula_cells(f) == [], f.name
    returned = [fill_form(f, scheme, data, ratings, tmp_path / "back" / f.name) for f in forms]
    master = tmp_path / "master.xlsx"
    assert (
        main(["collect", *map(str, returned), "--scheme", str(SALES_FILE), "--out", str(master)])
        == 0
    )
    personal = tmp_path / "personal"
    assert main(["recalc", str(master), "--personal", str(personal)]) == 0
    assert main(["validate", str(master)]) == 0
    for path in [master, *sorted(personal.glob("*.xlsx"))]:
        assert formula_cells(path) == [], path.name
    assert hostile_strings_kept(master) > 0


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _no_constants(name: str):
    raise AssertionError(f"JSON holds {name}")
