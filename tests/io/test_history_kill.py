"""A close killed mid-write (SIGKILL from a child process) leaves the whole period or none of it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from builders import one_indicator_scheme, scores_table

import xlperf
from xlperf.io.history import HistoryStore

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

EMPLOYEES, INDICATORS = 60_000, 5

CHILD = r"""
import sys
import numpy as np
import pandas as pd
import xlperf
from xlperf.core.engine import Results
from xlperf.io.history import HistoryStore

path, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
scheme = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
ids = np.array([f"E{i:06d}" for i in range(n)], dtype=object)
emp = pd.DataFrame({"employee_id": ids, "name": "张三", "department": "销售一部", "role": "sales_rep",
                    "score_kpi": np.linspace(50, 130, n), "score_competency": 100.0,
                    "final_score": np.linspace(50, 130, n), "rank": np.arange(n, 0, -1),
                    "department_rank": np.arange(n, 0, -1), "grade_absolute": "B", "grade": "B",
                    "bonus_factor": 1.2, "flags": ""})
ind = pd.DataFrame({"employee_id": np.repeat(ids, k), "indicator": np.tile([f"I{j}" for j in range(k)], n),
                    "section": "kpi", "method": "ratio", "actual": 1.0, "target": 1.0, "baseline": np.nan,
                    "weight": 100.0 / k, "score": 100.0})
results = Results(scheme, emp, ind, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), period="2026Q2")
print("ready", flush=True)
HistoryStore(path).close_period("2026Q2", results, "sha256:big")
print("done", flush=True)
"""


def first_period(path) -> None:
    """A small closed period that must survive whatever happens to the next one."""
    small = one_indicator_scheme({"method": "ratio"})
    results = xlperf.score(
        small, scores_table({f"K{i}": 100 + i for i in range(5)}), period="2026Q1"
    )
    HistoryStore(path).close_period("2026Q1", results, "sha256:small")


def kill_while_writing(path, delay: float) -> tuple[bool, bool]:
    """Start the big close in a child, SIGKILL it ``delay`` s after its journal appears.

    Returns (journal seen before the kill, child killed rather than finished).
    """
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(EMPLOYEES), str(INDICATORS)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        journal = path.with_name(path.name + "-journal")
        deadline = time.monotonic() + 120
        while not journal.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        seen = journal.exists()
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=120)
        proc.stdout.close()
    return seen, proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("delay", [0.0, 0.25, 1.0])
def test_a_killed_close_leaves_the_period_whole_or_absent(tmp_path, delay):
    path = tmp_path / "xlperf-history.sqlite"
    first_period(path)
    seen, killed = kill_while_writing(path, delay)
    if delay == 0.0:
        assert seen and killed, "the child must be killed in the middle of its write"
    con = sqlite3.connect(path)  # opening rolls a killed write back from its journal
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        count = dict(
            con.execute("SELECT period, COUNT(*) FROM employee_results GROUP BY period").fetchall()
        )
        indicators = con.execute(
            "SELECT COUNT(*) FROM indicator_scores WHERE period = '2026Q2'"
        ).fetchone()[0]
        periods = [r[0] for r in con.execute("SELECT period FROM periods ORDER BY period")]
    finally:
        con.close()
    assert count.get("2026Q1") == 5
    whole = (
        count.get("2026Q2") == EMPLOYEES
        and indicators == EMPLOYEES * INDICATORS
        and "2026Q2" in periods
    )
    absent = "2026Q2" not in count and indicators == 0 and periods == ["2026Q1"]
    assert whole or absent
    if delay == 0.0:
        assert absent  # killed right after its first page was journalled: nothing of it stays
    store = HistoryStore(path)
    assert store.view().closed == frozenset(periods)
    if absent:  # the file takes the period afterwards, and no journal is left behind by that write
        small = one_indicator_scheme({"method": "ratio"})
        store.close_period(
            "2026Q2", xlperf.score(small, scores_table({"K1": 99}), period="2026Q2"), "h"
        )
        assert store.view().closed == frozenset({"2026Q1", "2026Q2"})
        assert not path.with_name(path.name + "-journal").exists()
