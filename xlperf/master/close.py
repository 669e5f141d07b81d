"""Closing a period (关闭考核期): recalculate the master, validate, record the period — all or nothing.

:func:`close_master` (the command line, on a master file) does, under the
master's lock:

1. the history's checks (:func:`check_closable`): a file that is not an xlperf
   history or is of a newer version, a period already closed (without a
   reopen), a reopen of a period that is not closed — refused, nothing written;
2. the recalculation, exactly as ``recalc`` (with the closed periods before
   it; a reopened period is left out of them): invalid inputs are refused,
   nothing written;
3. the master written completely to its temporary file beside it, and its sha256;
4. ONE history transaction recording the period; inside it, once every row
   is written and just before COMMIT, the master is moved into place (its
   backup kept, and an undo link);
5. COMMIT.

If the move fails the transaction rolls back: neither file changed. If COMMIT
fails the master is put back from the undo link: neither changed. Only a kill
in the instant between the move and COMMIT leaves the master recalculated
while the history lacks the period: the state a plain ``recalc`` leaves, and
running ``close`` again completes it. The other order (commit, then move)
would instead leave a history holding a period whose master was never
written, which only a reopen could repair.

:func:`close_book` is the ribbon's "Close period" on the open workbook: the
same checks and recalculation; the workbook is saved, then the period recorded.

Example:
    >>> close_outcome("2026Q1", None, "en"), close_outcome("2026Q1", "E2 corrected", "zh")
    ('ok; period 2026Q1 closed', '成功；重新关闭考核期 2026Q1（原因：E2 corrected）')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xlperf.core.engine import Results
from xlperf.core.periods import parse_period
from xlperf.core.scheme import Scheme
from xlperf.errors import InputError, Location, WorkbookError
from xlperf.io.backups import DEFAULT_KEEP
from xlperf.io.history import ClosedPeriod, HistoryStore
from xlperf.io.lock import DEFAULT_WAIT
from xlperf.io.workbook import Workbook
from xlperf.master.filebook import FileMaster
from xlperf.master.inputs import read_inputs, resolve_scheme
from xlperf.master.periods import PeriodRun, data_period
from xlperf.master.recalc import Progress, RecalcReport, recalc_book
from xlperf.master.writer import StagedMaster, file_digest, master_session, stage_master
from xlperf.messages import say

PERIOD_ARGUMENT = Location(path="period")


@dataclass(frozen=True)
class CloseReport:
    """What a close did: the recalculation, the record, the history file, the master's backup."""

    recalc: RecalcReport
    closed: ClosedPeriod
    history: Path
    backup: Path | None = None

    def summary(self, lang: str = "en") -> str:
        c, r = self.closed, self.recalc
        if lang == "zh":
            verb = "已重新关闭" if c.reopened else "已关闭"
            return (
                f"考核期 {c.period} {verb}：{c.employees} 名员工（方案 {r.scheme_id} 第{r.scheme_version}版），"
                f"历史文件 {self.history}"
            )
        verb = "closed again" if c.reopened else "closed"
        return (
            f"period {c.period} {verb}: {c.employees} employees (scheme {r.scheme_id} v{r.scheme_version}); "
            f"history {self.history}"
        )


def close_outcome(period: str, reason: str | None, lang: str) -> str:
    """The Run log's outcome of a close."""
    if lang == "zh":
        return (
            f"成功；重新关闭考核期 {period}（原因：{reason}）"
            if reason
            else f"成功；关闭考核期 {period}"
        )
    return (
        f"ok; period {period} closed again ({reason})" if reason else f"ok; period {period} closed"
    )


def _refuse(code: str, where: Location, **params: object) -> InputError:
    return InputError(
        "The period cannot be closed; nothing was written.",
        [say(code, where, **params)],
        "无法关闭考核期，未写入任何文件。",
    )


def check_closable(store: HistoryStore, period: str, reason: str | None) -> str:
    """The period's id once the history allows closing it (``reason``: a reopen); raises otherwise.

    Refused (exit 3, the history untouched): a period id that does not parse,
    a file that is not an xlperf history or is newer, a period already closed
    without a reopen, a reopen of a period not closed, a reopen without a reason.
    """
    pid = parse_period(period, where=PERIOD_ARGUMENT).id
    if reason is not None and not reason.strip():
        raise _refuse("HIST_REOPEN_NO_REASON", Location(path="reason"), period=pid)
    closed = store.periods()
    row = closed[closed["period"] == pid] if len(closed) else closed
    if len(row) and reason is None:
        raise _refuse(
            "HIST_PERIOD_CLOSED",
            Location(file=str(store.path)),
            period=pid,
            closed_at=row["closed_at"].iloc[0],
        )
    if not len(row) and reason is not None:
        raise _refuse("HIST_REOPEN_NOT_CLOSED", PERIOD_ARGUMENT, period=pid)
    return pid


def _record(
    store: HistoryStore,
    period: str,
    results: Results,
    staged: StagedMaster,
    reason: str | None,
    keep_backups: int,
) -> tuple[ClosedPeriod, Path | None]:
    """The history transaction, with the master moved into place just before its COMMIT."""
    placed: dict[str, Path | None] = {}

    def move_master() -> None:
        placed["backup"] = staged.put_in_place(keep_backups, keep_undo=True)

    try:
        closed = store.close_period(
            period, results, staged.digest(), reason, before_commit=move_master
        )
    except BaseException:
        staged.undo()  # the COMMIT failed after the move: the previous master goes back
        raise
    return closed, placed.get("backup")


def close_master(
    master: str | Path,
    period: str,
    *,
    history: str | Path | None = None,
    reason: str | None = None,
    scheme: Scheme | str | Path | None = None,
    lang: str = "zh",
    wait: float = DEFAULT_WAIT,
    keep_backups: int = DEFAULT_KEEP,
    progress: Progress = None,
) -> CloseReport:
    """Close ``period`` of the master file (see the module text); ``reason`` reopens a closed one.

    ``history``: the history file (default ``xlperf-history.sqlite`` beside the
    master; created by the first close). Raises :class:`~xlperf.errors.InputError`
    (nothing written) when refused, :class:`~xlperf.errors.BusyError` when
    another run holds the master or the history.
    """
    master = Path(master)
    run = PeriodRun.for_master(master, history, None, reopen=reason is not None, create=True)
    with master_session(master, None, "close", wait):
        pid = check_closable(run.store, period, reason)
        run = PeriodRun(run.history, pid, run.reopen)
        book = FileMaster(master)
        report = recalc_book(
            book, scheme, lang, progress, periods=run, outcome=close_outcome(pid, reason, lang)
        )
        staged = stage_master(book, master)
        try:
            closed, backup = _record(run.store, pid, report.results, staged, reason, keep_backups)
        finally:
            staged.finish(keep_backups)
    return CloseReport(report, closed, run.history, backup)


def _not_saved() -> WorkbookError:
    return WorkbookError(
        "The workbook is not saved; nothing was written.",
        [say("HIST_BOOK_NOT_SAVED", Location(file="workbook"))],
        "工作簿尚未保存，未写入任何文件。",
    )


def close_book(
    book: Workbook,
    period: str | None = None,
    *,
    history: str | Path | None = None,
    lang: str = "zh",
    progress: Progress = None,
) -> CloseReport:
    """The ribbon's "Close period" on the open workbook: the checks and recalculation of
    :func:`close_master`; the workbook is saved, then the period recorded with its hash.

    ``period``: default the only period of the Data sheet's period (期间) column.
    """
    if book.path is None:
        raise _not_saved()
    run = PeriodRun.for_master(book.path, history, None, create=True)
    if period is None:
        period = data_period(resolve_scheme(book), read_inputs(book))
    pid = check_closable(run.store, period, None)
    run = PeriodRun(run.history, pid)
    report = recalc_book(
        book, None, lang, progress, periods=run, outcome=close_outcome(pid, None, lang)
    )
    book.save()
    closed = run.store.close_period(pid, report.results, file_digest(book.path))
    return CloseReport(report, closed, run.history)


def history_book(
    book: Workbook, *, history: str | Path | None = None, lang: str = "zh"
) -> list[str]:
    """The ribbon's "History": the History and Improvement plans sheets from the history beside the
    workbook (or ``history``), without recalculating; returns the sheets written."""
    from xlperf.master.outputs.history import write_history_sheet
    from xlperf.master.outputs.plans import write_plans_sheet

    if book.path is None and history is None:
        raise _not_saved()
    path = history if history is not None else PeriodRun.for_master(book.path, create=True).history
    store = HistoryStore(PeriodRun.for_master(None, path).history)
    scheme = resolve_scheme(book)
    view, plans = store.view(), store.plans()
    return [
        write_history_sheet(book, scheme, view, None, lang),
        write_plans_sheet(book, plans, lang),
    ]
