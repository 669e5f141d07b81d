"""A ``close`` killed (SIGKILL) at its two critical points: never a history holding a period whose
master was not written; the history file always passes ``PRAGMA integrity_check``."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from period_builders import period_master, sha

from xlperf.cli import main
from xlperf.io.history import HistoryStore

Q1 = {f"E{i}": 60 + 7 * i for i in range(1, 9)}
Q2 = {f"E{i}": 130 - 6 * i for i in range(1, 9)}

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from xlperf.master import writer
    real = writer.StagedMaster.put_in_place
    def put_in_place(self, *args, **kwargs):
        if sys.argv[1] == "before-move":
            os.kill(os.getpid(), signal.SIGKILL)
        out = real(self, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)  # moved, not yet committed
        return out
    writer.StagedMaster.put_in_place = put_in_place
    from xlperf.cli import main
    main(sys.argv[2:])
    """
)


def _integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def closed_q1(tmp_path: Path) -> tuple[Path, Path]:
    q1 = period_master(tmp_path / "q1.xlsx", Q1, "2026Q1")
    assert main(["close", str(q1), "--period", "2026Q1", "--lang", "en"]) == 0
    q2 = period_master(tmp_path / "q2.xlsx", Q2, "2026Q2")
    return q2, tmp_path / "xlperf-history.sqlite"


@pytest.mark.parametrize("when", ["before-move", "after-move"])
def test_a_killed_close_leaves_a_whole_history_and_can_be_run_again(closed_q1, when):
    q2, history = closed_q1
    before = sha(q2)
    args = ["close", str(q2), "--period", "2026Q2", "--keep-backups", "0"]
    run = subprocess.run(
        [sys.executable, "-c", CHILD, when, *args], capture_output=True, timeout=300
    )
    assert run.returncode == -signal.SIGKILL, run.stderr.decode()
    assert _integrity(history) == "ok"
    store = HistoryStore(history)
    assert store.periods()["period"].tolist() == ["2026Q1"]  # the killed transaction rolled back
    assert len(store.show()) == len(Q1)
    if when == "before-move":
        assert sha(q2) == before
    else:  # the master already holds the close's outputs: the state a recalc leaves
        assert sha(q2) != before
    assert main(["close", str(q2), "--period", "2026Q2", "--lang", "en"]) == 0
    assert store.periods()["period"].tolist() == ["2026Q1", "2026Q2"]
    assert _integrity(history) == "ok"
