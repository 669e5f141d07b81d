"""The history file's SQLite schema: versioned, migrated, checked on every open.

The file is one SQLite database in rollback-journal mode (``journal_mode=DELETE``,
``synchronous=FULL``): while a write runs SQLite keeps a ``-journal`` file
beside it, and a write that is killed is rolled back from that journal the
next time the file is opened, so the database is always as before the write
or as after it. Rollback journal rather than WAL because the history is then
ONE file between runs (a WAL database keeps ``-wal``/``-shm`` files that
must be copied with it).

A ``meta`` table names the application (``xlperf-history``) and the
``schema_version``; :data:`MIGRATIONS` lists the statements that bring a file
from one version to the next. A file of a newer version, or one that is not
an xlperf history, is refused with a located message.

Example:
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "h.sqlite")
    >>> con = open_history(path, create=True)
    >>> schema_version(con), con.execute("PRAGMA journal_mode").fetchone()[0]
    (1, 'delete')
    >>> con.close()
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from xlperf.errors import BusyError, Location, WorkbookError
from xlperf.messages import say

APPLICATION = "xlperf-history"
#: the schema version this xlperf writes (and the newest it reads)
SCHEMA_VERSION = 1
#: written into the SQLite header (``PRAGMA application_id``): "xlph"
APPLICATION_ID = 0x786C7068
SQLITE_HEADER = b"SQLite format 3\x00"
#: page cache of a connection, KiB
CACHE_KIB = 256 * 1024

_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE periods (
        period TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        scheme_id TEXT NOT NULL,
        scheme_version TEXT NOT NULL,
        scheme_fingerprint TEXT,
        closed_at TEXT NOT NULL,
        master_hash TEXT,
        source TEXT NOT NULL CHECK (source IN ('close', 'import')),
        reopen_reason TEXT,
        employees INTEGER NOT NULL)""",
    """CREATE TABLE employee_results (
        period TEXT NOT NULL,
        employee_id TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        department TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL DEFAULT '',
        final_score REAL,
        grade_absolute TEXT,
        grade TEXT NOT NULL,
        rank INTEGER,
        department_rank INTEGER,
        bonus_factor REAL,
        flags TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (period, employee_id))""",
    "CREATE INDEX employee_results_by_employee ON employee_results (employee_id)",
    """CREATE TABLE section_scores (
        period TEXT NOT NULL, employee_id TEXT NOT NULL, section TEXT NOT NULL, score REAL,
        PRIMARY KEY (period, employee_id, section))""",
    """CREATE TABLE pay_amounts (
        period TEXT NOT NULL, employee_id TEXT NOT NULL, item TEXT NOT NULL, amount TEXT NOT NULL,
        PRIMARY KEY (period, employee_id, item))""",
    """CREATE TABLE indicator_scores (
        period TEXT NOT NULL, employee_id TEXT NOT NULL, indicator TEXT NOT NULL,
        month TEXT NOT NULL DEFAULT '', section TEXT, method TEXT,
        actual REAL, target REAL, baseline REAL, weight REAL, score REAL,
        PRIMARY KEY (period, employee_id, indicator, month))""",
    """CREATE TABLE improvement_plans (
        employee_id TEXT NOT NULL,
        period TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        department TEXT NOT NULL DEFAULT '',
        due_date TEXT,
        indicators TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('open', 'met', 'not met')),
        outcome_period TEXT,
        outcome_grade TEXT,
        PRIMARY KEY (employee_id, period))""",
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        period TEXT,
        detail TEXT NOT NULL)""",
)

#: (version reached, statements): applied in order, each version in the same transaction as the rest
MIGRATIONS: list[tuple[int, tuple[str, ...]]] = [(1, _V1)]


def now_text() -> str:
    """The current time as stored: UTC, ISO 8601, seconds.

    Example:
        >>> now_text().endswith("+00:00")
        True
    """
    return datetime.now(UTC).isoformat(timespec="seconds")


def not_a_history(path: Path, reason: str) -> WorkbookError:
    return WorkbookError(
        f"{path} is not an xlperf history file; nothing was written.",
        [say("HIST_NOT_A_HISTORY", Location(file=str(path)), reason=reason)],
        f"{path} 不是 xlperf 历史文件，未写入任何文件。",
    )


def unreadable(path: Path, reason: str) -> WorkbookError:
    return WorkbookError(
        f"Cannot open {path}; nothing was written.",
        [say("HIST_UNREADABLE", Location(file=str(path)), reason=reason)],
        f"无法打开 {path}，未写入任何文件。",
    )


def busy(path: Path) -> BusyError:
    return BusyError(
        f"{path} is being written by another run; nothing was written.",
        [say("HIST_BUSY", Location(file=str(path)))],
        f"{path} 正被另一进程写入，未写入任何文件。",
    )


@contextlib.contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    """SQLite's exceptions as xlperf errors (busy: exit 4; not a database, damaged: exit 3)."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise busy(path) from None
        raise unreadable(path, text) from None
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "not a database" in text:
            raise not_a_history(path, "not an SQLite database") from None
        raise unreadable(path, text) from None


@contextlib.contextmanager
def write_transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT; any exception rolls the whole write back."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def audit(con: sqlite3.Connection, action: str, period: str | None, detail: dict) -> None:
    """One audit-log entry (inside the caller's transaction)."""
    con.execute(
        "INSERT INTO audit_log (at, action, period, detail) VALUES (?, ?, ?, ?)",
        (now_text(), action, period, json.dumps(detail, ensure_ascii=False, default=str)),
    )


def _fresh(path: Path) -> bool:
    """No file, an empty one, or a database without tables (a first write that was killed)."""
    return not path.exists() or path.stat().st_size == 0


def _settle(con: sqlite3.Connection) -> None:
    """Rollback journal, full sync, a large page cache (set only once the file is known to be ours)."""
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA synchronous=FULL")
    # a large close then spills (and syncs the journal) rarely; the memory is only used when needed
    con.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise unreadable(path, exc.strerror or exc.__class__.__name__) from None
    if head != SQLITE_HEADER:
        raise not_a_history(path, "not an SQLite database")


def schema_version(con: sqlite3.Connection) -> int:
    """The file's schema version (0: a database with no tables yet)."""
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return 0
    if "meta" not in tables:
        raise ValueError("no meta table")
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("application") != APPLICATION:
        raise ValueError(f"application is {meta.get('application')!r}")
    try:
        return int(meta["schema_version"])
    except (KeyError, ValueError):
        raise ValueError("no schema version") from None


def _migrate(con: sqlite3.Connection, found: int) -> None:
    with write_transaction(con):
        again = schema_version(con)  # another run may have migrated meanwhile
        for version, statements in MIGRATIONS:
            if version <= again:
                continue
            for sql in statements:
                con.execute(sql)
            if version == 1:
                con.execute(
                    "INSERT INTO meta (key, value) VALUES ('application', ?)", (APPLICATION,)
                )
                con.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")
                con.execute("INSERT INTO meta (key, value) VALUES ('created_at', ?)", (now_text(),))
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            else:
                con.execute(
                    "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),)
                )
            if found:
                audit(con, "migrate", None, {"from": found, "to": version})


def open_history(
    path: str | Path, *, create: bool, timeout: float = 10.0
) -> sqlite3.Connection | None:
    """A connection to the history at ``path``, migrated to :data:`SCHEMA_VERSION`.

    None when there is no history yet and ``create`` is false (nothing is
    created by reading). Raises :class:`~xlperf.errors.WorkbookError` for a
    file that is not an xlperf history or is of a newer version.
    """
    p = Path(path)
    if _fresh(p) and not create:
        return None
    if not _fresh(p):
        _check_header(p)
    with sqlite_errors(p):
        con = sqlite3.connect(p, timeout=timeout, isolation_level=None)
        try:
            found = schema_version(con)
        except ValueError as exc:
            con.close()
            raise not_a_history(p, str(exc)) from None
        if found > SCHEMA_VERSION:
            con.close()
            raise WorkbookError(
                f"{p} was written by a newer xlperf; nothing was written.",
                [
                    say(
                        "HIST_NEWER_VERSION",
                        Location(file=str(p)),
                        found=found,
                        supported=SCHEMA_VERSION,
                    )
                ],
                f"{p} 由更新版本的 xlperf 写入，未写入任何文件。",
            )
        if found == 0 and not create:
            con.close()
            return None
        _settle(con)
        if found < SCHEMA_VERSION:
            _migrate(con, found)
    return con
