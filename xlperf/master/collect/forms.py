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
    replaces: str = ""  # "<file> collected <time>" of the return it replaces

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
        found = sorted(f for f in p.glob("*.xls[xm]") if not f.name.startswith(("~$", "."))) if p.is_dir() else [p]
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
    dept = str(meta.get("department") or "") or ",".join(sorted({str(d) for d in data.get("department", pd.Series(dtype=object)).dropna()}))
    roles = ",".join(sorted({str(r) for r in data.get("role", pd.Series(dtype=object)).dropna()}))
    form_id = str(meta.get("form_id") or meta.get("template_id") or fp)
    employees = int(data["employee_id"].nunique()) if len(data) else 0
    entry = FormEntry(path, "accepted", form_id, dept, roles, str(meta.get("template_id", "")), fp, employees)
    entry.data, entry.ratings = data, form.ratings
    entry.problems = list(form.problems)
    if any(p.severity != "warning" for p in form.problems):
        entry.status = "rejected"
    return entry


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
        return FormEntry(path, "rejected", problems=[say("COLLECT_FORM_NOT_FOUND", Location(file=str(path)))])
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
            e.reject(say("COLLECT_SAME_FORM_TWICE", Location(file=str(e.path)), first=first.path.name), "duplicate")
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
                    a.problems.append(say("COLLECT_EMPLOYEE_IN_TWO_FORMS", Location(file=str(a.path)),
                                          employee=emp, other=b.path.name))
    for e in entries:
        if id(e) in clashing:
            e.status = "rejected"
