"""``xlperf demo``'s four quarters: a talent_pool flag, a reassign_review flag, the annual roll-up."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from xlperf.cli import main
from xlperf.demo.data import make_company
from xlperf.demo.periods import run_periods
from xlperf.io.history import HistoryStore


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "periods"
    return run_periods(folder, make_company(seed=7, size=60), lang="en")


def test_the_star_reaches_the_talent_pool_and_the_struggler_a_reassignment_review(story):
    assert "talent_pool" in story.flags[story.star].split(";")
    assert "reassign_review" in story.flags[story.struggler].split(";")
    others = [f for e, f in story.flags.items() if e not in (story.star, story.struggler)]
    assert not any("talent_pool" in f for f in others)


def test_four_quarters_are_closed_and_rolled_up(story):
    store = HistoryStore(story.history)
    assert store.periods()["period"].tolist() == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert [p.name for p in story.masters] == [f"master_2026Q{q}.xlsx" for q in range(1, 5)]
    annual = pd.read_excel(story.annual[0], sheet_name="Results", engine="openpyxl").set_index(
        "employee_id"
    )
    quarters = annual[[f"final_score_Q{q}" for q in range(1, 5)]]
    assert ((quarters.mean(axis=1) - annual["final_score"]).abs() < 1e-9).all()  # 25/25/25/25
    assert annual.loc[story.star, "rank"] == 1


def test_the_struggler_s_plan_was_not_met(story):
    rows = list(openpyxl.load_workbook(story.masters[-1])["Improvement plans"].values)
    mine = [r for r in rows[1:] if r[0] == story.struggler]
    assert [(r[3], r[6]) for r in mine] == [("2026Q3", "not met"), ("2026Q4", "open")]


def test_the_last_master_shows_the_year(story):
    wb = openpyxl.load_workbook(story.masters[-1])
    history = list(wb["History"].values)
    assert history[0][3:7] == ("2026Q1", "2026Q2", "2026Q3", "2026Q4")
    star = next(r for r in history if r[0] == story.star)
    assert star[3:8] == ("A", "A", "A", "A", 4)
    assert len(wb["Dashboard"]._charts) == 4


def test_the_demo_command_writes_the_story(tmp_path: Path, capsys, monkeypatch):
    import xlperf.demo.cycle

    monkeypatch.setattr(
        xlperf.demo.cycle, "run_cycle", lambda *a, **k: []
    )  # tested on its own (slow)
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--size", "60", "--seed", "7", "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "talent_pool (four quarters of A)" in printed and "reassign_review" in printed
    assert str(out / "periods" / "annual_2026.xlsx") in printed


def test_running_the_story_again_replaces_the_folder_whole(story):
    again = run_periods(story.folder, make_company(seed=7, size=60), lang="en")
    assert sorted(p.name for p in again.folder.iterdir() if not p.name.startswith(".")) == [
        "annual_2026.xlsx",
        "master_2026Q1.xlsx",
        "master_2026Q2.xlsx",
        "master_2026Q3.xlsx",
        "master_2026Q4.xlsx",
        "xlperf-history.sqlite",
    ]
    assert len(HistoryStore(again.history).periods()) == 4  # a fresh history, not the old one's
    assert not list(again.folder.parent.glob(".*xlperf-tmp"))
