"""Judging returned forms: each is read, checked and either accepted (with its rows) or rejected.

A form is known by its form id (the issued form's id; forms built before
form ids existed are known by their template id). Two forms of this run with
an employee in common are both rejected, naming both files and cells.

Example:
    >>> expand([])
    []
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from xlperf.core.scheme import Scheme
from xlperf.errors import Location, Problem, WorkbookError
from xlperf.messages import say


@dataclass
class FormEntry:
    """The verdict on one returned form, and its rows when accepted."""

    path: Path
    status: str  # accepted | rejected | duplicate
    form_id: str = ""
    department: str = ""
    roles: str = ""
    template_id: str = ""
    file_hash: str = ""
    employees: int = 0
    problems: list[Problem] = field(default_factory=list)
    data: pd.DataFrame | None = None
    ratings: pd.DataFrame | None = None
    replaces: str = ""  # the file of the return it replaces
    replaced_at: str = ""  # when that return was collected
    #: where each employee's id is in the form: employee id → (sheet, cell)
    id_cells: dict[str, tuple[str | None, str]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """What identifies a return: the issued form, its department and roles (blank forms are
        issued once and filled for many departments)."""
        return form_key(self.form_id, self.department, self.roles)

    def reject(self, problem: Problem, status: str = "rejected") -> None:
        self.status = status
        self.problems.append(problem)


def form_key(form_id: object, department: object, roles: object) -> str:
    """``form id|department|roles``: the key of a form's rows in the master."""
    return f"{form_id or ''}|{department or ''}|{roles or ''}"


def expand(paths: list[str | Path], exclude: Path | None = None) -> list[Path]:
    """Files as given; folders contribute their ``*.xlsx``/``*.xlsm`` (never Excel's ``~$`` files,
    hidden files, or ``exclude`` — the master itself)."""
    out: list[Path] = []
    for p in map(Path, paths):
        found = (
            sorted(f for f in p.glob("*.xls[xm]") if not f.name.startswith(("~$", ".")))
            if p.is_dir()
            else [p]
        )
        out.extend(f for f in found if exclude is None or f.resolve() != exclude.resolve())
    return out


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def _entry(path: Path, form, fp: str) -> FormEntry:
    meta = form.meta
    data = form.data
    dept = str(meta.get("department") or "") or ",".join(
        sorted({str(d) for d in data.get("department", pd.Series(dtype=object)).dropna()})
    )
    roles = ",".join(sorted({str(r) for r in data.get("role", pd.Series(dtype=object)).dropna()}))
    form_id = str(meta.get("form_id") or meta.get("template_id") or fp)
    employees = int(data["employee_id"].nunique()) if len(data) else 0
    entry = FormEntry(
        path, "accepted", form_id, dept, roles, str(meta.get("template_id", "")), fp, employees
    )
    entry.data, entry.ratings = data, form.ratings
    entry.id_cells = employee_cells(form)
    entry.problems = list(form.problems)
    if any(p.severity != "warning" for p in form.problems):
        entry.status = "rejected"
    return entry


def employee_cells(form) -> dict[str, tuple[str | None, str]]:
    """Employee id → (sheet, cell) of the id in the form's summary sheet (first row of each id)."""
    from xlperf.templates import layout as L
    from xlperf.templates.reader.cells import FormCells

    snap = form.snapshot
    try:
        n = len(json.loads(str(form.meta.get("slots") or "[]")))
    except ValueError:
        return {}
    if snap is None or "summary" not in snap.values:
        return {}
    cells = FormCells(str(form.path), snap.names, snap.values)
    out: dict[str, tuple[str | None, str]] = {}
    for k in range(n):
        cell = f"{L.S_ID}{L.FIRST_ROW + k}"
        if eid := cells.text("summary", cell):
            out.setdefault(eid, (snap.names.get("summary"), cell))
    return out


def _at(e: FormEntry, employee: str) -> tuple[Location, str]:
    """Where ``employee`` is in ``e``: its location, and the same as text (file (sheet!cell))."""
    sheet, cell = e.id_cells.get(employee, (None, None))
    where = Location(file=str(e.path), sheet=sheet, cell=cell)
    return where, f"{e.path.name} ({sheet}!{cell})" if cell else e.path.name


def read_forms(paths: list[Path], scheme: Scheme, verify=None, advance=None) -> list[FormEntry]:
    """Read and judge every form on its own (``verify(path, form)`` adds authentication problems;
    ``advance(1)`` is called after each form)."""
    entries: list[FormEntry] = []
    for path in paths:
        entries.append(_read_one(path, scheme, verify))
        if advance is not None:
            advance(1)
    return entries


def _read_one(path: Path, scheme: Scheme, verify) -> FormEntry:
    from xlperf.templates.reader import read_form

    if not path.is_file():
        return FormEntry(
            path, "rejected", problems=[say("COLLECT_FORM_NOT_FOUND", Location(file=str(path)))]
        )
    fp = file_hash(path)
    try:
        form = read_form(path, scheme)
    except WorkbookError as err:
        return FormEntry(path, "rejected", file_hash=fp, problems=list(err.problems))
    if verify is not None:
        form.problems.extend(verify(path, form))
    return _entry(path, form, fp)


def judge_together(entries: list[FormEntry]) -> None:
    """Across this run: the same file twice, the same form twice, an employee in two forms."""
    by_hash: dict[str, FormEntry] = {}
    by_form: dict[str, FormEntry] = {}
    for e in [x for x in entries if x.status == "accepted"]:
        first = by_hash.get(e.file_hash) or by_form.get(e.key)
        if first is not None:
            e.reject(
                say("COLLECT_SAME_FORM_TWICE", Location(file=str(e.path)), first=first.path.name),
                "duplicate",
            )
            continue
        by_hash[e.file_hash], by_form[e.key] = e, e
    owner: dict[str, FormEntry] = {}
    clashing: set[int] = set()
    for e in [x for x in entries if x.status == "accepted"]:
        for emp in map(str, e.data["employee_id"].unique()):
            other = owner.setdefault(emp, e)
            if other is not e:
                clashing |= {id(e), id(other)}
                for a, b in ((e, other), (other, e)):
                    where, _ = _at(a, emp)
                    a.problems.append(
                        say(
                            "COLLECT_EMPLOYEE_IN_TWO_FORMS",
                            where,
                            employee=emp,
                            other=_at(b, emp)[1],
                        )
                    )
    for e in entries:
        if id(e) in clashing:
            e.status = "rejected"
