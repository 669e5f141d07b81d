"""``xlperf close`` end to end: the master updated like recalc, the period recorded, all or nothing."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from period_builders import period_master, sha

from xlperf.cli import main
from xlperf.io import history as history_module
from xlperf.io.history import HistoryStore
from xlperf.io.lock import master_lock
from xlperf.master import writer as writer_module

Q1 = {"E1": 120, "E2": 105, "E3": 85, "E4": 65, "E5": 50}
Q2 = {"E1": 121, "E2": 95, "E3": 86, "E4": 62, "E5": 90}


@pytest.fixture
def master(tmp_path: Path) -> Path:
    return period_master(tmp_path / "master.xlsx", Q1, "2026Q1")


def close(master: Path, *args: str) -> int:
    return main(["close", str(master), "--lang", "en", "--keep-backups", "0", *args])


def hist(master: Path) -> Path:
    return master.parent / "xlperf-history.sqlite"


def test_close_recalculates_and_records_the_period(master: Path, capsys):
    assert close(master, "--period", "2026q1") == 0
    store = HistoryStore(hist(master))
    periods = store.periods()
    assert periods["period"].tolist() == ["2026Q1"] and periods["source"].tolist() == ["close"]
    assert periods["master_hash"].iloc[0] == sha(master)  # the hash of the master as written
    shown = store.show().set_index("employee_id")
    assert shown.loc[["E1", "E4", "E5"], "grade"].tolist() == ["A", "D", "E"]
    assert shown.loc["E5", "flags"] == "observation"
    wb = openpyxl.load_workbook(master)
    assert {"Results", "History", "Improvement plans", "Dashboard", "Run log"} <= set(wb.sheetnames)
    log = list(wb["Run log"].iter_rows(values_only=True))
    assert log[-1][8] == "ok; period 2026Q1 closed"
    plans = list(wb["Improvement plans"].iter_rows(values_only=True))
    assert plans[1][:7] == ("E5", None, "D1", "2026Q1", "2026-06-30", "X 50.00", "open")
    err = capsys.readouterr().err
    assert "period 2026Q1 closed: 5 employees" in err


def test_closing_again_exits_3_and_changes_nothing(master: Path, capsys):
    assert close(master, "--period", "2026Q1") == 0
    before = (sha(master), sha(hist(master)))
    capsys.readouterr()
    assert close(master, "--period", "2026Q1") == 3
    err = capsys.readouterr().err
    assert f"{hist(master)}: period 2026Q1 is already closed" in err
    assert (sha(master), sha(hist(master))) == before


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["--reopen"], 2, "--reason: reopening period 2026Q1 needs a reason"),
        (["--reopen", "--reason", "  "], 2, "--reason: reopening period 2026Q1 needs a reason"),
        (["--reason", "typo"], 2, "--reason: a reason (typo) was given"),
        (["--period", "2026Q5"], 3, "period: '2026Q5' is not a period id"),
        (
            ["--period", "2026-02"],
            3,
            "period: period 2026-02 is a month, but scheme p-1 is quarterly",
        ),
    ],
)
def test_refused_closes_write_nothing(master: Path, capsys, args, code, text):
    period = [] if "--period" in args else ["--period", "2026Q1"]
    before = sha(master)
    assert close(master, *period, *args) == code
    assert text in capsys.readouterr().err
    assert sha(master) == before and not hist(master).exists()


def test_reopen_needs_a_closed_period(master: Path, capsys):
    before = sha(master)
    assert close(master, "--period", "2026Q1", "--reopen", "--reason", "fix") == 3
    assert "period: period 2026Q1 is not closed" in capsys.readouterr().err
    assert sha(master) == before and not hist(master).exists()


def test_reopen_replaces_the_period_and_keeps_the_old_record(master: Path, tmp_path: Path):
    assert close(master, "--period", "2026Q1") == 0
    corrected = period_master(tmp_path / "master.xlsx", {**Q1, "E4": 101}, "2026Q1")
    assert close(corrected, "--period", "2026Q1", "--reopen", "--reason", "E4 corrected") == 0
    store = HistoryStore(hist(master))
    assert store.show().set_index("employee_id").loc["E4", "grade"] == "B"
    assert store.periods()["reopen_reason"].tolist() == ["E4 corrected"]
    log = store.audit_log()
    assert log["action"].tolist() == ["close", "reopen", "close"]
    old = json.loads(log["detail"].iloc[1])["old"]["employee_results"]
    assert {r["employee_id"]: r["grade"] for r in old}["E4"] == "D"
    run_log = list(openpyxl.load_workbook(master)["Run log"].iter_rows(values_only=True))
    assert run_log[-1][8] == "ok; period 2026Q1 closed again (E4 corrected)"


def test_the_next_quarter_counts_the_closed_one(master: Path, tmp_path: Path):
    assert close(master, "--period", "2026Q1") == 0
    q2 = period_master(tmp_path / "master.xlsx", Q2, "2026Q2")
    assert close(q2, "--period", "2026Q2", "--history", str(hist(master))) == 0
    shown = HistoryStore(hist(master)).show()
    q2_flags = shown[shown["period"] == "2026Q2"].set_index("employee_id")["flags"]
    assert q2_flags["E4"] == "observation;reassign_review"  # D, D (62 is the lowest of five)
    assert HistoryStore(hist(master)).plans().set_index("employee_id").loc["E5", "status"] == "met"


def test_invalid_inputs_write_nothing(tmp_path: Path, capsys):
    bad = period_master(tmp_path / "master.xlsx", {"E1": 100, "E2": "abc"}, "2026Q1")
    before = sha(bad)
    assert close(bad, "--period", "2026Q1") == 3
    assert "Data" in capsys.readouterr().err
    assert sha(bad) == before and not hist(bad).exists()


def test_a_file_that_is_not_a_history_is_refused(master: Path, capsys):
    not_history = master.parent / "notes.sqlite"
    con = sqlite3.connect(not_history)
    con.execute("CREATE TABLE notes (x)")
    con.close()
    before = (sha(master), sha(not_history))
    assert close(master, "--period", "2026Q1", "--history", str(not_history)) == 3
    assert "is not an xlperf history file" in capsys.readouterr().err
    assert (sha(master), sha(not_history)) == before


def test_a_busy_master_exits_4(master: Path, capsys):
    before = sha(master)
    with master_lock(master, "recalc", wait=1):
        assert close(master, "--period", "2026Q1", "--wait", "0.2") == 4
    assert sha(master) == before and not hist(master).exists()


def test_a_busy_history_exits_4_and_the_master_stays(master: Path, monkeypatch):
    assert close(master, "--period", "2026Q1") == 0
    q2 = period_master(master.parent / "q2.xlsx", Q2, "2026Q2")
    before = (sha(q2), sha(hist(master)))
    monkeypatch.setattr(history_module.HistoryStore, "__init__", _short_timeout)
    holder = sqlite3.connect(hist(master), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another run is writing the history
    try:
        assert close(q2, "--period", "2026Q2", "--history", str(hist(master))) == 4
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (sha(q2), sha(hist(master))) == before


def _short_timeout(self, path, *, timeout=10.0):
    self.path, self.timeout = Path(path), 0.2


def test_a_failed_master_write_leaves_the_history_without_the_period(
    master: Path, monkeypatch, capsys
):
    real = writer_module.os.replace

    def refuse_master(src, dst):
        if Path(dst) == master:
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(writer_module.os, "replace", refuse_master)
    before = sha(master)
    assert close(master, "--period", "2026Q1") == 3
    assert "master.xlsx" in capsys.readouterr().err
    assert sha(master) == before
    assert HistoryStore(hist(master)).periods().empty  # the transaction was rolled back
    assert not list(master.parent.glob(".*xlperf-tmp"))


def test_a_failed_history_commit_puts_the_master_back(master: Path, monkeypatch, capsys):
    assert close(master, "--period", "2026Q1") == 0
    q2 = period_master(master.parent / "q2.xlsx", Q2, "2026Q2")
    before = (sha(q2), HistoryStore(hist(master)).periods()["period"].tolist())

    @contextlib.contextmanager
    def commit_fails(con):
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        finally:
            con.execute("ROLLBACK")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(history_module, "write_transaction", commit_fails)
    assert close(q2, "--period", "2026Q2", "--history", str(hist(master))) == 3
    assert "disk I/O error" in capsys.readouterr().err
    assert (sha(q2), HistoryStore(hist(master)).periods()["period"].tolist()) == before
    assert not list(master.parent.glob(".*xlperf-tmp"))
