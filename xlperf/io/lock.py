"""One writer at a time: an inter-process lock on a master workbook (filelock).

Every command that writes a master (or the personal files of one) holds the
master's lock for its whole read-modify-write. A second run waits up to
``wait`` seconds, then gives up with :class:`~xlperf.errors.BusyError`
(exit 4) naming the holder's command and start time. The lock is
``.<name>.xlperf.lock`` beside the master; who holds it is written to
``.<name>.xlperf.lock.json`` once the lock is held (the lock file itself
cannot carry it: a waiting process truncates it when it tries).

Example:
    >>> import tempfile, pathlib
    >>> m = pathlib.Path(tempfile.mkdtemp()) / "master.xlsx"
    >>> with master_lock(m, "recalc", wait=1):
    ...     holder(m)["command"]
    'recalc'
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from xlperf.errors import BusyError, Location
from xlperf.io.oserrors import write_error
from xlperf.messages import say

DEFAULT_WAIT = 30.0


def lock_path(master: Path) -> Path:
    return master.with_name(f".{master.name}.xlperf.lock")


def _info_path(master: Path) -> Path:
    return master.with_name(f".{master.name}.xlperf.lock.json")


def holder(master: Path) -> dict[str, str]:
    """Who holds (or last held) the lock: command, pid, start time; {} when unknown."""
    try:
        return json.loads(_info_path(master).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def excel_owner_file(master: Path) -> Path | None:
    """Excel's ``~$<name>`` owner file beside the master, when Excel has it open."""
    owner = master.with_name("~$" + master.name)
    if owner.exists():
        return owner
    short = master.with_name("~$" + master.name[2:]) if len(master.name) > 2 else None
    return short if short is not None and short.exists() else None


def refuse_if_open_in_excel(master: Path) -> None:
    owner = excel_owner_file(master)
    if owner is not None:
        where = Location(file=str(master))
        raise BusyError(
            f"{master} is open in Excel",
            [say("BUSY_EXCEL_OPEN", where, owner=owner.name)],
            f"{master} 正在Excel中打开",
        )


@contextlib.contextmanager
def master_lock(master: str | Path, command: str, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the master's lock for the block; BusyError after ``wait`` seconds."""
    master = Path(master).resolve()
    lock = FileLock(str(lock_path(master)))
    try:
        master.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=max(float(wait), 0.0))
    except Timeout:
        info = holder(master)
        where = Location(file=str(master))
        problem = say(
            "BUSY_LOCKED",
            where,
            command=info.get("command", "?"),
            started=info.get("started", "?"),
            pid=info.get("pid", "?"),
            wait=f"{wait:g}",
        )
        raise BusyError(
            f"{master} is busy", [problem], f"{master} 正被另一个 xlperf 运行占用"
        ) from None
    except OSError as exc:  # after Timeout (an OSError too): a read-only or full folder
        raise write_error(master, exc) from None
    info = {
        "command": command,
        "pid": str(os.getpid()),
        "started": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
    try:
        with contextlib.suppress(
            OSError
        ):  # who holds it is a courtesy; a full disk says more later
            _info_path(master).write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        yield
    finally:
        with contextlib.suppress(OSError):
            _info_path(master).unlink()
        lock.release()


@contextlib.contextmanager
def master_locks(paths: list[Path], command: str, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Locks on several masters (source and --out), always taken in the same order."""
    with contextlib.ExitStack() as stack:
        for p in sorted({Path(x).resolve() for x in paths}):
            stack.enter_context(master_lock(p, command, wait))
        yield
