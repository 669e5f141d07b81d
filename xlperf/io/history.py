"""The history store: closed periods in one SQLite file (``xlperf-history.sqlite`` beside the master).

:class:`HistoryStore` closes a period (the results of a calculation, with
the master's hash), imports earlier results, and hands the core a
:class:`~xlperf.core.history.view.HistoryView`. A closed period is
immutable: closing it again is refused (exit 3) unless it is reopened with a
reason, and then the old record is kept in the audit log. Every write is ONE
transaction (``BEGIN IMMEDIATE`` … ``COMMIT``) and everything is validated
before it starts: a refused or killed write leaves the file as it was (see
:mod:`xlperf.io.history_schema` for the journal). Reading never creates the
file.

Example:
    >>> import tempfile, os, pandas as pd
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> store = HistoryStore(os.path.join(tempfile.mkdtemp(), "xlperf-history.sqlite"))
    >>> scheme = load_scheme(shipped_schemes()["sales"])
    >>> store.import_results(pd.DataFrame({"工号": ["E1"], "综合得分": [121], "最终等级": ["A"]}),
    ...                      "2025Q4", scheme).employees
    1
    >>> store.view().records[["period", "employee_id", "grade"]].values.tolist()
    [['2025Q4', 'E1', 'A']]
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from xlperf.core.engine import Results
from xlperf.core.history.imports import prepare_import
from xlperf.core.history.view import HistoryView
from xlperf.core.periods import Period, parse_period
from xlperf.core.scheme import Scheme
from xlperf.errors import InputError, Location, ProblemList, UsageError
from xlperf.io.atomic import atomic_path
from xlperf.io.history_rows import (
    EMPLOYEE_COLUMNS,
    INDICATOR_COLUMNS,
    build_view,
    employee_frame,
    indicator_frame,
    listing,
    pay_rows,
    plan_split,
    read_frame,
    records,
    section_rows,
    snapshot,
)
from xlperf.io.history_schema import audit, now_text, open_history, sqlite_errors, write_transaction
from xlperf.io.results_writer import csv_safe_frame, write_xlsx_sheets
from xlperf.messages import say

#: the history file's name beside the master
DEFAULT_NAME = "xlperf-history.sqlite"
EXPORT_TYPES = (".csv", ".xlsx")


def default_history_path(master: str | Path) -> Path:
    """``xlperf-history.sqlite`` in the master's folder.

    Example:
        >>> default_history_path("/data/sales/master.xlsx").as_posix()
        '/data/sales/xlperf-history.sqlite'
    """
    return Path(master).resolve().parent / DEFAULT_NAME


@dataclass(frozen=True)
class ClosedPeriod:
    """What a close or an import recorded."""

    period: str
    closed_at: str
    employees: int
    reopened: bool = False


def _refuse(code: str, where: Location, **params: object) -> InputError:
    return InputError(
        "The history was not changed.", [say(code, where, **params)], "历史文件未作任何更改。"
    )


class HistoryStore:
    """One history file; each method opens it, does one thing, and closes it."""

    def __init__(self, path: str | Path, *, timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.timeout = timeout

    @contextlib.contextmanager
    def _open(self, create: bool) -> Iterator[sqlite3.Connection | None]:
        con = open_history(self.path, create=create, timeout=self.timeout)
        try:
            with sqlite_errors(self.path):
                yield con
        finally:
            if con is not None:
                con.close()

    def _where(self) -> Location:
        return Location(file=str(self.path))

    # -- writing --------------------------------------------------------------------------
    def close_period(
        self,
        period: str,
        results: Results,
        master_hash: str | None,
        reopen_reason: str | None = None,
        *,
        before_commit: Callable[[], None] | None = None,
    ) -> ClosedPeriod:
        """Record ``results`` as the closed ``period``; ``reopen_reason`` replaces a closed one.

        Raises :class:`~xlperf.errors.InputError` (exit 3) when the period is
        already closed (and no reason is given), when a reason is given for a
        period that is not closed, or when the results are of another period.
        ``before_commit`` runs inside the transaction once every row is written,
        just before COMMIT (``xlperf close`` moves the master into place there):
        when it raises, nothing is recorded.
        """
        p = self._period(period, results.scheme, Location(path="period"))
        reason = None if reopen_reason is None else reopen_reason.strip()
        if reason == "":
            raise _refuse("HIST_REOPEN_NO_REASON", Location(path="reason"), period=p.id)
        if results.period is not None and results.period != p.id:
            raise _refuse(
                "HIST_RESULTS_PERIOD_MISMATCH",
                Location(path="period"),
                period=p.id,
                results_period=results.period,
            )
        emp = employee_frame(results)
        ind = indicator_frame(results)
        plans = plan_split(results, p.id)
        self._precheck(p.id, reason)
        with self._open(create=True) as con, write_transaction(con):
            reopened = self._check_closed(con, p.id, reason)
            closed_at = now_text()
            self._insert_period(
                con, p, results.scheme, closed_at, master_hash, "close", reason, len(emp)
            )
            self._write_close(con, p.id, results, emp, ind, plans)
            audit(
                con,
                "close",
                p.id,
                {
                    "scheme": results.scheme.id,
                    "version": str(results.scheme.version),
                    "master_hash": master_hash,
                    "employees": len(emp),
                    "reason": reason,
                },
            )
            if before_commit is not None:
                before_commit()
        return ClosedPeriod(p.id, closed_at, len(emp), reopened)

    def _write_close(self, con, pid: str, results: Results, emp, ind, plans) -> None:
        """Every row of a closing period (inside the caller's transaction)."""
        self._insert_results(con, pid, emp)
        con.executemany(
            "INSERT INTO section_scores VALUES (?, ?, ?, ?)", section_rows(results, pid)
        )
        con.executemany("INSERT INTO pay_amounts VALUES (?, ?, ?, ?)", pay_rows(results, pid))
        columns = ", ".join(INDICATOR_COLUMNS)
        con.executemany(
            f"INSERT INTO indicator_scores (period, {columns}) VALUES (?{', ?' * len(INDICATOR_COLUMNS)})",
            ((pid, *r) for r in records(ind, INDICATOR_COLUMNS)),
        )
        self._store_plans(con, *plans)

    def import_results(self, frame: pd.DataFrame, period: str, scheme: Scheme) -> ClosedPeriod:
        """Record earlier results (employee_id, final_score, grade …) as the closed ``period``.

        Every row is validated first (:func:`~xlperf.core.history.imports.prepare_import`);
        a period already closed is refused.
        """
        p = self._period(period, scheme, Location(path="period"))
        problems = ProblemList()
        table = prepare_import(scheme, frame, problems)
        n = len(problems.errors)
        problems.raise_if_any(
            InputError,
            f"The import does not fit the scheme ({n} problem(s)); the history was not changed.",
            f"导入数据与方案不符（{n} 个问题），历史文件未作任何更改。",
        )
        table = table.assign(grade_absolute=None, rank=None, department_rank=None)
        self._precheck(p.id, None)
        with self._open(create=True) as con, write_transaction(con):
            self._check_closed(con, p.id, None)
            closed_at = now_text()
            self._insert_period(con, p, scheme, closed_at, None, "import", None, len(table))
            self._insert_results(con, p.id, table)
            sections = [c for c in table.columns if c.startswith("score_")]
            con.executemany(
                "INSERT INTO section_scores VALUES (?, ?, ?, ?)",
                (
                    (p.id, e, c[len("score_") :], v)
                    for c in sections
                    for e, v in records(table, ["employee_id", c])
                ),
            )
            audit(
                con,
                "import",
                p.id,
                {"scheme": scheme.id, "version": str(scheme.version), "employees": len(table)},
            )
        return ClosedPeriod(p.id, closed_at, len(table))

    def _period(self, period: str, scheme: Scheme, where: Location) -> Period:
        kind = scheme.scheme.period
        parsed = parse_period(period, where=where)
        if parsed.kind == "annual" and scheme.rollup is not None:
            return parsed  # an annual roll-up may be kept beside the periods it came from
        return parse_period(period, kind, where, scheme.id)

    def _precheck(self, period: str, reason: str | None) -> None:
        """Refuse before anything is opened for writing (the write checks again, under its lock)."""
        with self._open(create=False) as con:
            row = (
                None
                if con is None
                else con.execute(
                    "SELECT closed_at FROM periods WHERE period = ?", (period,)
                ).fetchone()
            )
        if row is None and reason is not None:
            raise _refuse("HIST_REOPEN_NOT_CLOSED", Location(path="period"), period=period)
        if row is not None and reason is None:
            raise _refuse("HIST_PERIOD_CLOSED", self._where(), period=period, closed_at=row[0])

    def _check_closed(self, con: sqlite3.Connection, period: str, reason: str | None) -> bool:
        row = con.execute("SELECT closed_at FROM periods WHERE period = ?", (period,)).fetchone()
        if row is None:
            if reason is not None:
                raise _refuse("HIST_REOPEN_NOT_CLOSED", Location(path="period"), period=period)
            return False
        if reason is None:
            raise _refuse("HIST_PERIOD_CLOSED", self._where(), period=period, closed_at=row[0])
        audit(con, "reopen", period, {"reason": reason, "old": snapshot(con, period)})
        for table in (
            "periods",
            "employee_results",
            "section_scores",
            "pay_amounts",
            "indicator_scores",
            "improvement_plans",
        ):
            con.execute(f"DELETE FROM {table} WHERE period = ?", (period,))
        con.execute(
            "UPDATE improvement_plans SET status = 'open', outcome_period = NULL, outcome_grade = NULL "
            "WHERE outcome_period = ?",
            (period,),
        )
        return True

    @staticmethod
    def _insert_period(
        con, p: Period, scheme: Scheme, closed_at: str, master_hash, source, reason, n
    ) -> None:
        con.execute(
            "INSERT INTO periods VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                p.id,
                p.kind,
                scheme.id,
                str(scheme.version),
                scheme.fingerprint,
                closed_at,
                master_hash,
                source,
                reason,
                n,
            ),
        )

    @staticmethod
    def _insert_results(con: sqlite3.Connection, period: str, emp: pd.DataFrame) -> None:
        cols = ", ".join(EMPLOYEE_COLUMNS)
        con.executemany(
            f"INSERT INTO employee_results (period, {cols}) VALUES (?{', ?' * len(EMPLOYEE_COLUMNS)})",
            ((period, *r) for r in records(emp, EMPLOYEE_COLUMNS)),
        )

    @staticmethod
    def _store_plans(con: sqlite3.Connection, new: pd.DataFrame, outcomes: pd.DataFrame) -> None:
        con.executemany(
            "UPDATE improvement_plans SET status = ?, outcome_period = ?, outcome_grade = ? "
            "WHERE employee_id = ? AND period = ? AND status = 'open'",
            records(
                outcomes, ["status", "outcome_period", "outcome_grade", "employee_id", "period"]
            ),
        )
        cols = ["employee_id", "period", "name", "department", "due_date", "indicators", "status"]
        con.executemany(
            f"INSERT INTO improvement_plans ({', '.join(cols)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            records(new.fillna({"name": "", "department": "", "indicators": ""}), cols),
        )

    # -- reading --------------------------------------------------------------------------
    def view(self, period: str | None = None, *, reopen: bool = False) -> HistoryView:
        """The closed periods for the core; with ``reopen``, as if ``period`` were not closed yet."""
        with self._open(create=False) as con:
            return HistoryView.empty() if con is None else build_view(con, period, reopen)

    def show(self, employee: str | None = None, department: str | None = None) -> pd.DataFrame:
        """Every stored result (of one employee or department), in time order per employee."""
        with self._open(create=False) as con:
            return _empty_listing() if con is None else listing(con, employee, department)

    def periods(self) -> pd.DataFrame:
        """The closed periods: scheme, close time, master hash, source, reopen reason, employees."""
        with self._open(create=False) as con:
            return (
                pd.DataFrame()
                if con is None
                else read_frame(con, "SELECT * FROM periods ORDER BY period")
            )

    def plans(self) -> pd.DataFrame:
        """Every improvement plan with its status."""
        with self._open(create=False) as con:
            if con is None:
                return pd.DataFrame()
            return read_frame(con, "SELECT * FROM improvement_plans ORDER BY period, employee_id")

    def audit_log(self) -> pd.DataFrame:
        """The audit log, oldest first (``detail`` is JSON)."""
        with self._open(create=False) as con:
            return (
                pd.DataFrame()
                if con is None
                else read_frame(con, "SELECT * FROM audit_log ORDER BY id")
            )

    def export(
        self, path: str | Path, employee: str | None = None, department: str | None = None
    ) -> Path:
        """Write :meth:`show` to ``.csv``, or ``.xlsx`` with sheets History, Plans and Periods."""
        out = Path(path)
        suffix = out.suffix.lower()
        if suffix not in EXPORT_TYPES:
            raise UsageError(
                f"Unsupported export {out}",
                [say("HIST_EXPORT_TYPE", Location(file=str(out)), suffix=suffix or "(none)")],
            )
        table = self.show(employee, department)
        with atomic_path(out) as tmp:
            if suffix == ".csv":  # text a spreadsheet would run as a formula is neutralised
                csv_safe_frame(table).to_csv(
                    tmp, index=False, encoding="utf-8-sig", float_format="%.17g"
                )
            else:  # every text cell a string, never a formula
                sheets = {"History": table, "Plans": self.plans(), "Periods": self.periods()}
                write_xlsx_sheets(tmp, sheets)
        return out


def _empty_listing() -> pd.DataFrame:
    cols = [
        "employee_id",
        "name",
        "department",
        "role",
        "period",
        "final_score",
        "grade",
        "flags",
        "bonus_factor",
        "scheme_id",
        "source",
        "closed_at",
    ]
    return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
