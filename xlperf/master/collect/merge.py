"""Merging accepted forms into what a master already holds, keyed by the form each row came from.

The master's Data and Ratings carry a ``form_id`` column (来源表单). Collecting
adds the accepted forms and keeps every row of every form not in this run; a
form returned again replaces only its own earlier rows. Columns the user
added to Data or Ratings are kept (empty for new rows). Masters written before
form ids existed get them from their Sources sheet (by department).

Example:
    >>> t = MasterTable(["工号", "姓名"], [["E1", "张三"]], "数据")
    >>> t.column("employee_id")
    0
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from xlperf.core.tables import ALIASES, COLUMNS
from xlperf.errors import Location, Problem
from xlperf.master.collect.forms import FormEntry
from xlperf.messages import say

FORM_ID = "form_id"
FORM_ID_HEADERS = {"en": "form_id", "zh": "来源表单"}
LEGACY = "(legacy)"


def _norm(h: object) -> str:
    return " ".join(str(h or "").split()).lower()


@dataclass
class MasterTable:
    """One input sheet as the user has it: header row, body rows, sheet name."""

    header: list[object]
    rows: list[list[object]]
    sheet: str
    kind: str = "data"
    problems: list[Problem] = field(default_factory=list)

    def column(self, canonical: str) -> int | None:
        """Index of a canonical column (any alias, or the form id header), None when absent."""
        words = {_norm(w) for w in ALIASES.get(self.kind, {}).get(canonical, (canonical,))}
        if canonical == FORM_ID:
            words = {_norm(w) for w in FORM_ID_HEADERS.values()}
        for i, h in enumerate(self.header):
            if _norm(h) in words:
                return i
        return None

    @classmethod
    def new(cls, kind: str, sheet: str, lang: str) -> MasterTable:
        header = [header_word(kind, c, lang) for c in COLUMNS[kind]]
        return cls([*header, FORM_ID_HEADERS["zh" if lang == "zh" else "en"]], [], sheet, kind)

    def ensure_columns(self) -> None:
        """Every interchange column present: missing ones are added after the user's own."""
        fid = self.column(FORM_ID)
        for canonical in COLUMNS[self.kind]:
            if self.column(canonical) is None:
                at = fid if fid is not None else len(self.header)
                self.header.insert(at, canonical)
                for row in self.rows:
                    row.insert(at, None) if len(row) > at else None
                fid = self.column(FORM_ID)

    def ensure_form_id(self, lang: str) -> int:
        idx = self.column(FORM_ID)
        if idx is None:
            self.header.append(FORM_ID_HEADERS["zh" if lang == "zh" else "en"])
            idx = len(self.header) - 1
        return idx


def header_word(kind: str, canonical: str, lang: str) -> str:
    """A new input sheet's header: the interchange name in English, its first Chinese alias in Chinese.

    Example:
        >>> header_word("data", "employee_id", "zh"), header_word("ratings", "rater", "zh")
        ('工号', '评价人类型')
    """
    if lang != "zh":
        return canonical
    return next((w for w in ALIASES[kind][canonical] if not w.isascii()), canonical)


def assign_legacy_ids(table: MasterTable, dept_to_form: dict[str, str], lang: str) -> None:
    """Rows of a master from before form ids: their form from Sources, by department."""
    idx = table.ensure_form_id(lang)
    dept = table.column("department")
    for row in table.rows:
        row.extend([None] * (len(table.header) - len(row)))
        if row[idx] in (None, ""):
            key = str(row[dept]) if dept is not None and row[dept] is not None else ""
            row[idx] = dept_to_form.get(key, LEGACY)


def _frame_rows(table: MasterTable, frame: pd.DataFrame, form_id: str) -> list[list[object]]:
    """A form's rows laid out under the master table's own headers."""
    idx = {c: table.column(c) for c in frame.columns}
    fid = table.column(FORM_ID)
    out = []
    for rec in frame.itertuples(index=False):
        row: list[object] = [None] * len(table.header)
        for c, v in zip(frame.columns, rec, strict=True):
            if idx[c] is not None and not (isinstance(v, float) and v != v):
                row[idx[c]] = v
        row[fid] = form_id
        out.append(row)
    return out


def kept_employees(table: MasterTable, replaced: set[str]) -> dict[str, tuple[str, int]]:
    """Employee → (form id, sheet row) of the rows that stay."""
    fid, emp = table.column(FORM_ID), table.column("employee_id")
    out: dict[str, tuple[str, int]] = {}
    for r, row in enumerate(table.rows, start=2):
        if emp is not None and row[emp] not in (None, "") and str(row[fid]) not in replaced:
            out.setdefault(str(row[emp]), (str(row[fid]), r))
    return out


def check_against_master(
    entries: list[FormEntry], data: MasterTable, files: dict[str, str]
) -> None:
    """An employee of a new form who is already in another form of the master: the new form is rejected."""
    replaced = {e.key for e in entries if e.status == "accepted"}
    kept = kept_employees(data, replaced)
    for e in [x for x in entries if x.status == "accepted"]:
        for emp in map(str, e.data["employee_id"].unique()):
            if emp in kept:
                form, row = kept[emp]
                where = Location(file=str(e.path))
                e.reject(
                    say(
                        "COLLECT_EMPLOYEE_IN_MASTER",
                        where,
                        employee=emp,
                        other=files.get(form, form),
                        sheet=data.sheet,
                        cell=f"A{row}",
                    )
                )
                break


def merged(table: MasterTable, entries: list[FormEntry], attr: str) -> MasterTable:
    """The table with the accepted forms' rows replacing their earlier rows, others kept."""
    accepted = [e for e in entries if e.status == "accepted"]
    gone = {e.key for e in accepted}
    table.ensure_columns()
    fid = table.column(FORM_ID)
    rows = [r for r in table.rows if str(r[fid]) not in gone]
    for e in accepted:
        frame = getattr(e, attr)
        if frame is not None and len(frame):
            rows.extend(_frame_rows(table, frame, e.key))
    return MasterTable(table.header, rows, table.sheet, table.kind)


def check_master_table(table: MasterTable, file: str) -> list[Problem]:
    """A master's input sheet edited by hand: a required column deleted, a row duplicated."""
    from xlperf.core.tables import REQUIRED
    from xlperf.io.workbook import cell_ref

    if not table.rows:
        return []
    out = []
    for canonical in REQUIRED[table.kind]:
        if table.column(canonical) is None:
            where = Location(file=file, sheet=table.sheet, row=1)
            out.append(say("MASTER_COLUMN_MISSING", where, column=canonical, sheet=table.sheet))
    emp, ind = (
        table.column("employee_id"),
        table.column("indicator" if table.kind == "data" else "dimension"),
    )
    if out or emp is None or ind is None:
        return out
    extra = table.column("rater") if table.kind == "ratings" else None
    seen: dict[tuple, int] = {}
    for r, row in enumerate(table.rows, start=2):
        key = (row[emp], row[ind], row[extra] if extra is not None else None)
        if row[emp] in (None, "") or table.kind == "ratings":
            continue  # several ratings per rater group are allowed (their mean counts)
        if key in seen:
            where = Location(file=file, sheet=table.sheet, cell=cell_ref(r, emp + 1), row=r)
            out.append(
                say(
                    "MASTER_DUPLICATE_ROW",
                    where,
                    employee=row[emp],
                    indicator=row[ind],
                    first=seen[key],
                )
            )
        else:
            seen[key] = r
    return out
