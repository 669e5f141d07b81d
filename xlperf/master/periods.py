"""Which history a master run uses and which period it calculates (recalc, validate, close, the ribbon).

A master's history is ``xlperf-history.sqlite`` beside it, or a file chosen
with ``--history``. Recalculating uses the one beside the master when it
exists; a file named explicitly must exist (a mistyped path would silently
count no earlier periods) — except for ``close``, which creates it.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> PeriodRun.for_master(folder / "master.xlsx", period="2026Q1")
    PeriodRun(history=None, period='2026Q1', reopen=False)
    >>> PeriodRun.for_master(folder / "master.xlsx", folder / "h.sqlite", create=True).history.name
    'h.sqlite'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xlperf.core.engine.periods import select_period
from xlperf.core.history.view import HistoryView
from xlperf.core.scheme import Scheme
from xlperf.errors import InputError, Location, ProblemList
from xlperf.io.history import HistoryStore, default_history_path
from xlperf.master.inputs import MasterInputs
from xlperf.messages import say


def require_history(path: str | Path) -> Path:
    """``path`` when a file is there; else a located :class:`~xlperf.errors.InputError` (HIST_NO_FILE).

    Example:
        >>> try:
        ...     require_history("/no/such/xlperf-history.sqlite")
        ... except InputError as err:
        ...     print(err.problems[0].code)
        HIST_NO_FILE
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(
            f"No history file at {p}; nothing was written.",
            [say("HIST_NO_FILE", Location(file=str(p)), file=str(p))],
            f"{p} 处没有历史文件，未写入任何文件。",
        )
    return p


@dataclass(frozen=True)
class PeriodRun:
    """The history file in use (None: none), the period calculated, and whether it is being reopened."""

    history: Path | None = None
    period: str | None = None
    reopen: bool = False

    @classmethod
    def for_master(
        cls,
        master: str | Path | None,
        history: str | Path | None = None,
        period: str | None = None,
        *,
        reopen: bool = False,
        create: bool = False,
    ) -> PeriodRun:
        """``history`` when given (it must exist unless ``create``), else the one beside ``master``
        when it exists (with ``create``: beside the master in any case)."""
        if history is not None:
            path = Path(history) if create else require_history(history)
        elif master is None:
            path = None
        else:
            beside = default_history_path(master)
            path = beside if create or beside.is_file() else None
        return cls(path, period, reopen)

    @property
    def store(self) -> HistoryStore | None:
        return HistoryStore(self.history) if self.history is not None else None

    def view(self) -> HistoryView | None:
        """The closed periods for the engine (as if ``period`` were open when reopening); None without a history."""
        store = self.store
        if store is None:
            return None
        return store.view(self.period, reopen=self.reopen) if self.reopen else store.view()


def data_period(scheme: Scheme, inputs: MasterInputs) -> str:
    """The period of the Data sheet (its only one, by the period / 期间 column); raises a located
    :class:`~xlperf.errors.InputError` when it names none or several."""
    problems = ProblemList()
    sel = select_period(scheme, inputs.data, None, None, problems)
    if sel.period is None and not problems.errors:
        problems.append(
            say(
                "PERIOD_REQUIRED",
                Location(path="period"),
                what_en="closing a period",
                what_zh="关闭考核期",
            )
        )
    problems.raise_if_any(
        InputError, "The period is not known; nothing was written.", "考核期未知，未写入任何文件。"
    )
    return sel.period.id
