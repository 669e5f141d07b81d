"""Progress of long jobs: a bar with counts and ETA on a terminal, one summary line otherwise.

Library functions take a :class:`Progress` (the silent base class by default) and call
``start(label, total)``, ``advance(n)``, ``stage(text)`` and ``finish()``; the command line
picks the kind with :func:`progress_for`: a rich bar on a terminal, :class:`LineProgress` (one
line per job when it ends) when the output is a file or a pipe, and :class:`Progress` (nothing
at all) with ``--quiet``. Everything goes to stderr, so stdout stays for paths.

Example:
    >>> import io
    >>> out = io.StringIO()
    >>> p = LineProgress(out, "en", clock=iter([0.0, 2.5]).__next__)
    >>> p.start("personal reports", 3); p.advance(2); p.advance(); p.finish()
    >>> out.getvalue()
    'personal reports: 3/3 in 2.5 s\\n'
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class Progress:
    """Shows nothing: the default of every library function, and ``--quiet``."""

    def start(self, label: str, total: int | None = None) -> None:
        """A job begins: ``total`` items (None: counted in stages only)."""

    def advance(self, n: int = 1) -> None:
        """``n`` more items are done."""

    def stage(self, text: str) -> None:
        """The job moved to a named step (``scoring``); shown on a terminal only."""

    def finish(self) -> None:
        """The job ended (a summary line when not on a terminal)."""


class LineProgress(Progress):
    """One line per job when it ends: ``label: done/total in s``; nothing while it runs."""

    def __init__(
        self, stream: TextIO, lang: str = "zh", clock: Callable[[], float] = time.perf_counter
    ):
        self.stream, self.lang, self.clock = stream, lang, clock
        self.label, self.total, self.done, self.began = "", None, 0, 0.0

    def start(self, label: str, total: int | None = None) -> None:
        self.label, self.total, self.done, self.began = label, total, 0, self.clock()

    def advance(self, n: int = 1) -> None:
        self.done += n

    def finish(self) -> None:
        seconds = self.clock() - self.began
        count = f" {self.done}/{self.total}" if self.total is not None else ""
        if self.lang == "en":
            line = f"{self.label}:{count} in {seconds:.1f} s"
        else:
            line = f"{self.label}：{count.strip()}{'，' if count else ''}用时 {seconds:.1f} 秒"
        print(line, file=self.stream, flush=True)


class TerminalProgress(Progress):
    """A rich progress bar with counts, elapsed time and ETA (a spinner for stage-only jobs)."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console

        self.console = Console(file=stream)
        self.bar = None
        self.task = None

    def start(self, label: str, total: int | None = None) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bar

        self.finish()
        columns = [SpinnerColumn(), TextColumn("{task.description}")]
        if total is not None:
            columns += [BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
        self.bar = Bar(*columns, TimeElapsedColumn(), console=self.console, transient=False)
        self.bar.start()
        self.task = self.bar.add_task(label, total=total)
        self.label = label

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, n)

    def stage(self, text: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, description=f"{self.label} · {text}")

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.update(self.task, description=self.label)
            self.bar.stop()
            self.bar = None


def progress_for(quiet: bool, lang: str = "zh", stream: TextIO | None = None) -> Progress:
    """The progress a command shows: nothing when ``quiet``, a bar on a terminal, else one line.

    Example:
        >>> import io
        >>> type(progress_for(True)).__name__, type(progress_for(False, stream=io.StringIO())).__name__
        ('Progress', 'LineProgress')
    """
    if quiet:
        return Progress()
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return TerminalProgress(stream)
    return LineProgress(stream, lang)
