"""``history import/show/export``, ``rollup``, and ``score``/``recalc`` with ``--history``/``--period``/
``--spot-checks``, end to end through ``xlperf.cli.main``: exit codes, located messages, nothing written
on refusal (the history compared by sha256)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from period_builders import Q_SCORES, period_data, period_master, period_scheme, sha, write_scheme

import xlperf
from xlperf.cli import main
from xlperf.io.history import HistoryStore

QUARTERS = {  # E1: 100 110 90 120 → 10/20/30/40 → 107.0 (B); E2 lacks Q3
    "2026Q1": {"E1": (100, "B"), "E2": (70, "D")},
    "2026Q2": {"E1": (110, "A"), "E2": (80, "C")},
    "2026Q3": {"E1": (90, "C")},
    "2026Q4": {"E1": (120, "A"), "E2": (95, "C")},
}


@pytest.fixture
def scheme_file(tmp_path: Path) -> Path:
    return write_scheme(tmp_path / "scheme.yaml")


def cli(*args: object) -> int:
    return main([*(str(a) for a in args), "--lang", "en"])


def results_csv(
    path: Path, rows: dict[str, tuple[float, str]], names: dict[str, str] | None = None
) -> Path:
    names = names or {}
    frame = pd.DataFrame(
        [
            {"工号": e, "姓名": names.get(e, ""), "部门": "D1", "综合得分": s, "最终等级": g}
            for e, (s, g) in rows.items()
        ]
    )
    frame.to_csv(path, index=False)
    return path


def import_quarters(tmp_path: Path, scheme_file: Path, history: Path, quarters=QUARTERS) -> None:
    for period, rows in quarters.items():
        source = results_csv(tmp_path / f"{period}.csv", rows, {"E1": '=HYPERLINK("http://x","y")'})
        assert (
            cli(
                "history",
                "import",
                source,
                "--period",
                period,
                "--scheme",
                scheme_file,
                "--history",
                history,
            )
            == 0
        )


# -- history import / show / export --------------------------------------------------------------


def test_import_then_show(tmp_path, scheme_file, capsys):
    history = tmp_path / "h.sqlite"
    import_quarters(tmp_path, scheme_file, history)
    capsys.readouterr()
    assert cli("history", "show", "--employee", "E2", "--history", history) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "employee",
        "ID",
        "name",
        "department",
        "period",
        "final",
        "score",
        "final",
        "grade",
        "bonus",
        "factor",
        "flags",
    ]
    assert [line.split()[:4] for line in lines[2:]] == [
        ["E2", "D1", "2026Q1", "70.00"],
        ["E2", "D1", "2026Q2", "80.00"],
        ["E2", "D1", "2026Q4", "95.00"],
    ]
    assert cli("history", "show", "--department", "D1", "--history", history) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2 + 7


def test_show_takes_one_filter(tmp_path):
    with pytest.raises(SystemExit) as exit_:
        cli("history", "show", "--employee", "E1", "--department", "D1")
    assert exit_.value.code == 2


@pytest.mark.parametrize(
    ("rows", "text"),
    [
        ({"E1": (100, "Z")}, "grade 'Z' of E1 is not a grade of the scheme"),
        ({"E1": (None, "A")}, "final score of E1 is missing"),
    ],
)
def test_an_import_that_does_not_fit_changes_nothing(tmp_path, scheme_file, capsys, rows, text):
    history = tmp_path / "h.sqlite"
    import_quarters(tmp_path, scheme_file, history, {"2026Q1": QUARTERS["2026Q1"]})
    before = sha(history)
    bad = results_csv(tmp_path / "bad.csv", rows)
    assert (
        cli(
            "history",
            "import",
            bad,
            "--period",
            "2026Q2",
            "--scheme",
            scheme_file,
            "--history",
            history,
        )
        == 3
    )
    assert text in capsys.readouterr().err
    assert sha(history) == before


def test_importing_a_closed_period_exits_3(tmp_path, scheme_file, capsys):
    history = tmp_path / "h.sqlite"
    import_quarters(tmp_path, scheme_file, history, {"2026Q1": QUARTERS["2026Q1"]})
    before = sha(history)
    again = tmp_path / "2026Q1.csv"
    assert (
        cli(
            "history",
            "import",
            again,
            "--period",
            "2026Q1",
            "--scheme",
            scheme_file,
            "--history",
            history,
        )
        == 3
    )
    assert "period 2026Q1 is already closed" in capsys.readouterr().err
    assert sha(history) == before


def test_export_csv_neutralises_formulas(tmp_path, scheme_file):
    history = tmp_path / "h.sqlite"
    import_quarters(tmp_path, scheme_file, history)
    out = tmp_path / "export.csv"
    assert cli("history", "export", out, "--history", history) == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 7
    assert {r["name"] for r in rows if r["employee_id"] == "E1"} == {'\'=HYPERLINK("http://x","y")'}


def test_export_xlsx_keeps_text_as_text(tmp_path, scheme_file):
    history = tmp_path / "h.sqlite"
    import_quarters(tmp_path, scheme_file, history)
    out = tmp_path / "export.xlsx"
    assert cli("history", "export", out, "--history", history) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["History", "Plans", "Periods"]
    names = [c for c in wb["History"]["B"][1:] if c.value and str(c.value).startswith("=")]
    assert names and all(c.data_type == "s" for c in names)
    assert (
        cli("history", "export", out, "--history", history) == 0
    )  # its own export may be replaced


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["show"], 3, "the history file does not exist"),
        (["export", "out.csv"], 3, "the history file does not exist"),
        (["export", "out.txt"], 2, "unknown export type '.txt'"),
    ],
)
def test_history_refusals(tmp_path, capsys, args, code, text):
    assert cli("history", *args, "--history", tmp_path / "none.sqlite") == code
    assert text in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()


# -- rollup ---------------------------------------------------------------------------------------


def test_rollup_weighs_the_quarters(tmp_path, scheme_file):
    history = tmp_path / "h.sqlite"
    quarters = {p: {"E1": rows["E1"]} for p, rows in QUARTERS.items()}
    import_quarters(tmp_path, scheme_file, history, quarters)
    out = tmp_path / "annual.csv"
    assert (
        cli("rollup", "--year", "2026", "--history", history, "--scheme", scheme_file, "--out", out)
        == 0
    )
    row = pd.read_csv(out).set_index("employee_id").loc["E1"]
    assert round(row["final_score"], 6) == 107.0 and row["grade"] == "B"
    assert [row[f"final_score_Q{i}"] for i in range(1, 5)] == [100, 110, 90, 120]


def test_rollup_with_a_missing_quarter_lists_the_employees(tmp_path, scheme_file, capsys):
    history = tmp_path / "h.sqlite"
    import_quarters(tmp_path, scheme_file, history)
    out = tmp_path / "annual.csv"
    assert (
        cli("rollup", "--year", "2026", "--history", history, "--scheme", scheme_file, "--out", out)
        == 3
    )
    assert "employee E2 has no closed result for 2026Q3" in capsys.readouterr().err
    assert not out.exists()


def test_rollup_allowing_missing_quarters_renormalises(tmp_path):
    scheme_file = write_scheme(
        tmp_path / "s.yaml",
        rollup={"weights": {"Q1": 10, "Q2": 20, "Q3": 30, "Q4": 40}, "allow_missing": True},
    )
    history = tmp_path / "h.sqlite"
    quarters = {p: {"E1": rows["E1"]} for p, rows in QUARTERS.items() if p != "2026Q3"}
    import_quarters(tmp_path, scheme_file, history, quarters)
    out = tmp_path / "annual.json"
    assert (
        cli("rollup", "--year", "2026", "--history", history, "--scheme", scheme_file, "--out", out)
        == 0
    )
    emp = pd.read_json(out, typ="series")["employees"][0]
    assert round(emp["final_score"], 6) == 114.285714 and emp["grade"] == "A"
    assert emp["periods_used"] == "2026Q1;2026Q2;2026Q4"


@pytest.mark.parametrize(
    ("year", "changes", "text"),
    [
        ("20x6", {}, "'20x6' is not a year"),
        ("2026", {"rollup": None}, "the scheme has no rollup key"),
        ("2025", {}, "the history has no closed quarterly periods of 2025"),
    ],
)
def test_rollup_refusals(tmp_path, scheme_file, capsys, year, changes, text):
    history = tmp_path / "h.sqlite"
    import_quarters(tmp_path, scheme_file, history, {"2026Q1": QUARTERS["2026Q1"]})
    if changes:
        raw = write_scheme(tmp_path / "other.yaml")
        raw.write_text(raw.read_text(encoding="utf-8").split("rollup:")[0], encoding="utf-8")
        scheme_file = raw
    out = tmp_path / "annual.xlsx"
    assert (
        cli("rollup", "--year", year, "--history", history, "--scheme", scheme_file, "--out", out)
        == 3
    )
    assert text in capsys.readouterr().err
    assert not out.exists()


# -- score and recalc with a history, a period, spot checks ----------------------------------------


@pytest.fixture
def closed_q1(tmp_path) -> Path:
    store = HistoryStore(tmp_path / "xlperf-history.sqlite")
    scheme = period_scheme()
    store.close_period(
        "2026Q1",
        xlperf.score(
            scheme, period_data(Q_SCORES[0], "2026Q1"), history=store.view(), period="2026Q1"
        ),
        None,
    )
    return store.path


def test_score_with_a_history_shows_streaks_and_plan_outcomes(tmp_path, scheme_file, closed_q1):
    data = tmp_path / "data.csv"
    pd.concat([period_data(Q_SCORES[0], "2026Q1"), period_data(Q_SCORES[1], "2026Q2")]).to_csv(
        data, index=False
    )
    out = tmp_path / "r.csv"
    args = ["score", "--scheme", scheme_file, "--data", data, "--history", closed_q1, "--out", out]
    assert cli(*args, "--period", "2026Q2") == 0
    emp = pd.read_csv(out, keep_default_na=False).set_index("employee_id")
    assert emp.loc["E1", "streak_talent_pool"] == 2 and emp.loc["E4", "streak_reassign_review"] == 2
    assert emp.loc["E4", "flags"] == "observation;reassign_review"
    plans = pd.read_csv(tmp_path / "r.plans.csv", keep_default_na=False)
    assert plans[
        ["employee_id", "period", "status", "outcome_period", "outcome_grade"]
    ].values.tolist() == [["E5", "2026Q1", "met", "2026Q2", "C"], ["E4", "2026Q2", "open", "", ""]]


@pytest.mark.parametrize(
    ("extra", "text"),
    [
        ([], "the data holds rows of 2 periods: 2026Q1, 2026Q2"),
        (["--period", "2026Q1"], "period 2026Q1 is already closed"),
        (["--period", "2026Q3"], "the data has no rows of period 2026Q3"),
    ],
)
def test_score_refuses_without_writing(tmp_path, scheme_file, closed_q1, capsys, extra, text):
    data = tmp_path / "data.csv"
    pd.concat([period_data(Q_SCORES[0], "2026Q1"), period_data(Q_SCORES[1], "2026Q2")]).to_csv(
        data, index=False
    )
    out, before = tmp_path / "r.xlsx", sha(closed_q1)
    assert (
        cli(
            "score",
            "--scheme",
            scheme_file,
            "--data",
            data,
            "--history",
            closed_q1,
            "--out",
            out,
            *extra,
        )
        == 3
    )
    assert text in capsys.readouterr().err
    assert not out.exists() and sha(closed_q1) == before


def test_score_with_a_missing_history_file_exits_3(tmp_path, scheme_file, capsys):
    data = tmp_path / "data.csv"
    period_data(Q_SCORES[0], "2026Q1").to_csv(data, index=False)
    out = tmp_path / "r.json"
    assert (
        cli(
            "score",
            "--scheme",
            scheme_file,
            "--data",
            data,
            "--history",
            tmp_path / "typo.sqlite",
            "--out",
            out,
        )
        == 3
    )
    assert "typo.sqlite: the history file does not exist" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "typo.sqlite").exists()


@pytest.mark.parametrize(
    ("spot", "code", "expected"),
    [
        ([("E1", "2026-01-10", 100), ("E1", "2026-03-31", 120)], 0, 98.0),  # 60 % × 90 + 40 % × 110
        ([("E1", "2026-04-01", 100)], 3, "outside"),
        ([("E1", "2026-01-10", 151)], 3, "150"),
    ],
)
def test_score_mixes_spot_checks(tmp_path, capsys, spot, code, expected):
    scheme_file = write_scheme(tmp_path / "s.yaml", spot_checks={"weight": 40})
    data, checks, out = tmp_path / "d.csv", tmp_path / "spot.csv", tmp_path / "r.csv"
    period_data({"E1": 90}, "2026Q1").to_csv(data, index=False)
    pd.DataFrame(spot, columns=["工号", "抽查日期", "抽查得分"]).to_csv(checks, index=False)
    assert (
        cli("score", "--scheme", scheme_file, "--data", data, "--spot-checks", checks, "--out", out)
        == code
    )
    if code == 0:
        emp = pd.read_csv(out).iloc[0]
        assert round(emp["final_score"], 6) == expected and emp["spot_check_count"] == 2
    else:
        assert expected in capsys.readouterr().err and not out.exists()


def test_recalc_uses_the_history_beside_the_master(tmp_path, closed_q1):
    master = period_master(tmp_path / "master.xlsx", Q_SCORES[1], "2026Q2")
    assert cli("recalc", master, "--keep-backups", "0") == 0
    wb = openpyxl.load_workbook(master)
    results = pd.DataFrame(
        list(wb["Results"].values)[1:], columns=next(wb["Results"].values)
    ).set_index("employee_id")
    assert results.loc["E1", "streak_talent_pool"] == 2
    assert [r[:7] for r in list(wb["Improvement plans"].values)[1:2]] == [
        ("E5", None, "D1", "2026Q1", "2026-06-30", "X 50.00", "met")
    ]


def test_recalc_of_a_closed_period_exits_3_and_changes_nothing(tmp_path, closed_q1, capsys):
    master = period_master(tmp_path / "master.xlsx", Q_SCORES[0], "2026Q1")
    before = (sha(master), sha(closed_q1))
    assert cli("recalc", master, "--period", "2026Q1") == 3
    assert "period: period 2026Q1 is already closed" in capsys.readouterr().err
    assert (sha(master), sha(closed_q1)) == before


def test_recalc_with_an_explicit_history(tmp_path, closed_q1):
    elsewhere = tmp_path / "sub"
    elsewhere.mkdir()
    master = period_master(elsewhere / "master.xlsx", Q_SCORES[1], None)  # no period column
    assert (
        cli("recalc", master, "--history", closed_q1, "--period", "2026Q2", "--keep-backups", "0")
        == 0
    )
    assert "History" in openpyxl.load_workbook(master).sheetnames


def test_recalc_personal_files_show_the_trend(tmp_path, closed_q1):
    master = period_master(tmp_path / "master.xlsx", Q_SCORES[1], "2026Q2")
    folder = tmp_path / "personal"
    assert cli("recalc", master, "--personal", folder, "--keep-backups", "0") == 0
    ws = openpyxl.load_workbook(next(folder.glob("E4_*.xlsx"))).active
    values = [tuple(r) for r in ws.iter_rows(values_only=True)]
    start = [v[:3] for v in values].index(("Period", "Final score", "Final grade"))
    assert [v[:3] for v in values[start + 1 :]] == [("2026Q1", 65, "D"), ("2026Q2", 62, "D")]
    assert len(ws._charts) == 2  # the indicator scores, the trend


@pytest.mark.parametrize("sheet", ["SpotChecks", "日常抽查"])
def test_recalc_reads_the_spot_checks_sheet(tmp_path, sheet):
    from xlperf.master.filebook import FileMaster
    from xlperf.master.writer import commit_master

    master = period_master(
        tmp_path / "master.xlsx", {"E1": 90, "E2": 100}, "2026Q1", spot_checks={"weight": 40}
    )
    book = FileMaster(master)
    book.replace_sheet(sheet)
    rows = [
        ["工号", "抽查日期", "抽查得分", "备注"],
        ["E1", "2026-01-10", 100, "=cmd"],
        ["E1", "2026-03-31", 120, ""],
        ["E2", "2026-02-01", 100, ""],
    ]
    book.write_block(sheet, "A1", rows)
    commit_master(book, master, keep_backups=0)
    assert cli("recalc", master, "--keep-backups", "0") == 0
    wb = openpyxl.load_workbook(master)
    frame = pd.DataFrame(
        list(wb["Results"].values)[1:], columns=next(wb["Results"].values)
    ).set_index("employee_id")
    assert round(frame.loc["E1", "final_score"], 6) == 98.0  # 60 % × 90 + 40 % × 110
    assert (
        round(frame.loc["E2", "final_score"], 6) == 100.0
        and frame.loc["E1", "spot_check_count"] == 2
    )
    assert wb[sheet]["D2"].data_type == "s"  # the user's note stays text
