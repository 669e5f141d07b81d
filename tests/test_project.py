"""Project-level checks: layering, docs generated from the registry, demo, CLI basics."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import xlperf
from xlperf.cli import main
from xlperf.core.contract import METHOD_NAMES, methods_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_core_imports_no_excel_library():
    code = (
        "import sys, xlperf, xlperf.core.engine, xlperf.core.scheme, xlperf.core.distribution;"
        "bad = [m for m in ('xlwings', 'openpyxl', 'python_calamine') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core imported Excel libraries: {out.stdout}"


def test_scheme_doc_method_table_matches_registry():
    doc = (ROOT / "docs" / "scheme.md").read_text(encoding="utf-8")
    block = doc.split("<!-- methods:start -->\n", 1)[1].split("\n<!-- methods:end -->", 1)[0]
    assert block == methods_markdown(), (
        "docs/scheme.md method table is stale: paste methods_markdown() output"
    )
    for name in METHOD_NAMES:
        assert f"`{name}`" in block


def test_every_shipped_scheme_loads_and_is_named_in_docs():
    doc = (ROOT / "docs" / "scheme.md").read_text(encoding="utf-8")
    schemes = xlperf.shipped_schemes()
    assert {"sales", "market", "digital"} <= set(schemes)
    for key, path in schemes.items():
        scheme = xlperf.load_scheme(path)
        assert scheme.id
        assert f"`{key}.yaml`" in doc


def test_sales_scheme_follows_the_domain_digest():
    s = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
    rep = s.role_by_id["sales_rep"]
    assert [i.weight for i in rep.indicators] == [40, 20, 15, 15, 10]
    assert [(g.grade, g.min) for g in s.grades[:3]] == [("A", 120), ("B", 100), ("C", 80)]
    assert s.quotas == {"A": 10, "B": 20}
    assert s.distribution.bottom == 10


def test_market_scheme_strategy_role_and_mix():
    s = xlperf.load_scheme(xlperf.shipped_schemes()["market"])
    assert [i.weight for i in s.role_by_id["strategy"].indicators] == [20, 30, 25, 15, 10]
    assert [(x.id, x.weight) for x in s.sections] == [("kpi", 70), ("competency", 30)]


def test_digital_scheme_has_the_four_roles():
    s = xlperf.load_scheme(xlperf.shipped_schemes()["digital"])
    assert {"seo", "social", "content", "sdr"} <= set(s.role_by_id)


def test_demo_writes_results_that_open(tmp_path):
    out = tmp_path / "demo"
    code = main(["demo", "--out", str(out), "--size", "120"])
    assert code == 0
    results = sorted((out / "results").glob("*_results.xlsx"))
    assert [p.name for p in results] == [
        "digital_results.xlsx",
        "market_results.xlsx",
        "sales_results.xlsx",
    ]
    total = 0
    for p in results:
        frame = pd.read_excel(p, sheet_name="Results", engine="openpyxl")
        assert list(frame.columns[:4]) == ["employee_id", "name", "department", "role"]
        assert frame["final_score"].notna().all()
        total += len(frame)
    assert total == 120


def test_score_cli_writes_json_matching_the_api(tmp_path):
    company = __import__("xlperf.demo.data", fromlist=["make_company"]).make_company(
        seed=3, size=60
    )
    scheme_path = xlperf.shipped_schemes()["sales"]
    for kind in ("data", "ratings", "adjustments"):
        getattr(company, kind)["sales"].to_csv(tmp_path / f"{kind}.csv", index=False)
    out = tmp_path / "r.json"
    code = main(
        [
            "score",
            "--scheme",
            str(scheme_path),
            "--data",
            str(tmp_path / "data.csv"),
            "--ratings",
            str(tmp_path / "ratings.csv"),
            "--adjustments",
            str(tmp_path / "adjustments.csv"),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    api = xlperf.score(
        xlperf.load_scheme(scheme_path),
        company.data["sales"],
        company.ratings["sales"],
        company.adjustments["sales"],
    ).employees
    got = pd.DataFrame(payload["employees"]).set_index("employee_id")
    exp = api.set_index("employee_id")
    assert list(got.index) == list(exp.index)
    assert (got["final_score"] - exp["final_score"]).abs().max() < 1e-9
    assert (got["grade"] == exp["grade"]).all()


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["score", "--scheme", "x.yaml"])
    assert exc.value.code == 2
    assert (
        main(["score", "--scheme", "x.yaml", "--data", "d.csv", "--out", "r.txt", "--lang", "en"])
        == 2
    )
    assert "unknown output type '.txt'" in capsys.readouterr().err


def test_console_script_reports_without_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scheme: {id: x, name: y}\nsections: []\n", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "xlperf.cli",
            "score",
            "--scheme",
            str(bad),
            "--data",
            "d.csv",
            "--out",
            str(tmp_path / "o.csv"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert "sections" in proc.stderr
    assert not (tmp_path / "o.csv").exists()


def _import_cycles() -> list[list[str]]:
    """Strongly connected groups of modules (Tarjan) in the import graph of xlperf and udfs."""
    import grimp

    graph = grimp.build_graph("xlperf", "udfs")
    adj = {
        m: sorted(n for n in graph.find_modules_directly_imported_by(m) if n in graph.modules)
        for m in graph.modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in adj[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for m in sorted(adj):
        if m not in index:
            visit(m)
    return cycles


def test_no_import_cycles():
    assert _import_cycles() == []


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _sources() -> list[Path]:
    return sorted(p for d in ("xlperf", "udfs") for p in (ROOT / d).rglob("*.py"))


def test_modules_fit_in_a_head():
    too_long = {
        str(p.relative_to(ROOT)): n
        for p in _sources()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines: {too_long}"


def test_functions_fit_in_a_head():
    import ast

    long = []
    for p in _sources():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{p.relative_to(ROOT)}:{node.lineno} {node.name} ({n} lines)")
    assert not long, "functions over 60 lines:\n" + "\n".join(long)
