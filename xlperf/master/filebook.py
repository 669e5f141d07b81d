"""A master workbook on disk, as the Workbook interface: reads from the file, writes into a donor.

xlperf's sheets are written into a small fresh workbook (the *donor*); on
:meth:`FileMaster.commit` they are spliced into a copy of the user's package
(:func:`xlperf.io.package.splice`), so every part of the workbook that is not
xlperf's comes back byte-identical. The user's sheets are read with the fast
reader and never loaded whole.

Example:
    >>> book = FileMaster(None)          # a new master
    >>> book.replace_sheet("数据"); book.write_block("数据", "A1", [["工号"], ["E1"]])
    >>> book.read_rows("数据")
    [['工号'], ['E1']]
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

from xlperf.io.atomic import temporary_name
from xlperf.io.fastread import sheet_frame
from xlperf.io.intake import inspect_workbook
from xlperf.io.package import splice
from xlperf.io.readers import sheet_rows
from xlperf.io.xlsxwriter_book import XlsxwriterBook
from xlperf.master import sheets as S


class FileMaster:
    """The Workbook interface over a master file (or a new one): user sheets read, xlperf's written."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path is not None else None
        self.donor = XlsxwriterBook.new()
        self.capabilities = self.donor.capabilities
        self.exists = self.path is not None and self.path.exists()
        facts = inspect_workbook(self.path) if self.exists else None
        self.source_names: list[str] = [name for name, _ in facts.sheets] if facts else []
        self.removed: set[str] = set()
        self.positions: dict[str, int] = {}
        self._cache: dict[str, list[list[Any]]] = {}
        self._frames: dict[str, Future] = {}

    # -- reading ------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        names = [n for n in self.source_names if n not in self.removed]
        names += [n for n in self.donor.sheet_names() if n not in names]
        return names

    def _written(self, sheet: str) -> bool:
        return sheet in self.donor.sheet_names()

    def raw_rows(self, sheet: str) -> list[list[Any]]:
        if self._written(sheet):
            return self.donor.raw_rows(sheet)
        if sheet not in self._cache:
            self._cache[sheet] = sheet_rows(self.path, sheet)
        return self._cache[sheet]

    def prefetch(self, sheets: list[str]) -> None:
        """Start reading these sheets in bulk, side by side (the reader lets go of the interpreter)."""
        todo = [n for n in sheets if n not in self._frames and not self._written(n)]
        if self.exists and todo:
            pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="xlperf-read")
            self._frames.update({n: pool.submit(sheet_frame, self.path, n) for n in todo})
            pool.shutdown(wait=False)

    def frame(self, sheet: str) -> pd.DataFrame | None:
        """A sheet of the file as a reader-format frame, read in bulk (None: read its rows)."""
        if self._written(sheet) or not self.exists or sheet in self._cache:
            return None
        pending = self._frames.pop(sheet, None)
        return pending.result() if pending is not None else sheet_frame(self.path, sheet)

    def read_rows(self, sheet: str) -> list[list[Any]]:
        if self._written(sheet):
            return self.donor.read_rows(sheet)
        out = [[None if v == "" else v for v in r] for r in self.raw_rows(sheet)]
        while out and all(v is None for v in out[-1]):
            out.pop()
        return out

    # -- writing: into the donor --------------------------------------------
    def replace_sheet(self, sheet: str, index: int | None = None) -> None:
        self.donor.replace_sheet(sheet)
        self.removed.discard(sheet)
        if sheet not in self.source_names and index is not None:
            self.positions[sheet] = index

    def delete_sheet(self, sheet: str) -> None:
        if sheet in self.source_names:
            self.removed.add(sheet)
        self.donor.delete_sheet(sheet)

    def __getattr__(self, name: str) -> Any:
        # write_block, write_frame, add_table, number_format, conditional_fill, add_chart,
        # hyperlink, column_widths, clear_columns, freeze: xlperf's sheets live in the donor
        if name in {
            "write_block",
            "write_frame",
            "add_table",
            "number_format",
            "conditional_fill",
            "add_chart",
            "hyperlink",
            "column_widths",
            "clear_columns",
            "freeze",
            "page_setup",
            "autofilter",
            "set_font",
            "hide_sheet",
        }:
            return getattr(self.donor, name)
        raise AttributeError(name)

    def status(self, text: str | None) -> None:
        return None

    # -- committing ---------------------------------------------------------
    def commit(self, out: Path) -> None:
        """Write the master with xlperf's sheets to ``out`` (a temporary path of the caller)."""
        written = self.donor.sheet_names()
        if not self.exists:
            self.donor.save(out)
            return
        values_only = {n for n in written if n in S.INPUT_SHEETS and n in self.source_names}
        replaced = {n for n in written if n in self.source_names} - values_only
        owned = replaced | self.removed
        foreign = sorted(n for n in owned if n not in S.OWNED)
        if foreign:  # pragma: no cover - the pipeline only ever writes its own sheets
            raise RuntimeError(f"xlperf would replace user sheets {foreign}")
        donor = temporary_name(out.with_name(out.name + ".donor.xlsx"))
        try:
            bodies = self.donor.save_donor(donor)
            splice(
                self.path,
                donor,
                out,
                owned=owned,
                values_only=values_only,
                positions=self.positions,
                bodies=bodies,
            )
        finally:
            with contextlib.suppress(OSError):
                donor.unlink()

    def save(self, path: str | Path | None = None) -> None:
        self.commit(Path(path) if path is not None else self.path)
