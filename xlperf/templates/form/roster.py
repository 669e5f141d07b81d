"""The roster (花名册): validated people, and the forms (specs) to build for them.

Example:
    >>> import pandas as pd
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> people = roster_people(s, pd.DataFrame(
    ...     {"工号": ["E1", "E2"], "姓名": ["甲", "乙"], "部门": ["华东", "华北"], "岗位": ["销售专员"] * 2}))
    >>> [spec.group for spec in form_specs(s, people, "department")]
    ['华东', '华北']
"""

from __future__ import annotations

import pandas as pd

from xlperf.core.scheme import Scheme
from xlperf.core.suggest import closest
from xlperf.core.tables import Table
from xlperf.errors import InputError, Location, ProblemList
from xlperf.messages import say
from xlperf.templates.form.records import FormSpec, Person
from xlperf.templates.metadata import content_id

BLANK_SLOTS = 10


def roster_people(scheme: Scheme, roster: pd.DataFrame) -> list[Person]:
    """Validate a roster table and return its people; raise InputError listing every problem."""
    t = Table.wrap(roster, "roster")
    problems = ProblemList()
    problems.extend(t.problems.items)
    if not t.ok:
        problems.raise_if_any(InputError, "The roster cannot be used; nothing was written.")
    if len(t.df) == 0:
        problems.append(say("FORM_ROSTER_EMPTY", Location(file=t.file, sheet=t.sheet)))
        problems.raise_if_any(InputError, "The roster is empty; nothing was written.")
    ids, depts, roles = t.text("employee_id"), t.text("department"), t.text("role")
    names = t.text("name") if "name" in t.df.columns else [""] * len(ids)
    rows = t.df["_row"].to_numpy()
    seen: dict[str, int] = {}
    people = []
    for eid, name, dept, role_text, row in zip(ids, names, depts, roles, rows, strict=True):
        person = _person(scheme, t, problems, seen, (eid, name, dept, role_text, int(row)))
        if person is not None:
            people.append(person)
    problems.raise_if_any(
        InputError, f"The roster has {len(problems)} problem(s); nothing was written."
    )
    return people


def _person(
    scheme: Scheme,
    t: Table,
    problems: ProblemList,
    seen: dict[str, int],
    values: tuple[str, str, str, str, int],
) -> Person | None:
    """One roster row as a Person, or None (its problems added)."""
    eid, name, dept, role_text, row = values
    if eid == "":
        problems.append(say("DATA_EMPTY_ID", t.where(row, "employee_id")[0]))
        return None
    if eid in seen:
        where = t.where(row, "employee_id")[0]
        problems.append(say("FORM_ROSTER_DUPLICATE_ID", where, employee=eid, first=seen[eid]))
    seen.setdefault(eid, row)
    if dept == "":
        problems.append(say("DATA_EMPTY_DEPARTMENT", t.where(row, "department")[0], employee=eid))
    role = scheme.resolve_role(role_text)
    if role is None:
        choices = [r.id for r in scheme.roles] + [r.name for r in scheme.roles]
        problems.append(
            say(
                "DATA_UNKNOWN_ROLE",
                t.where(row, "role")[0],
                employee=eid,
                value=role_text,
                candidate=closest(role_text, choices),
                choices=", ".join(r.id for r in scheme.roles),
            )
        )
        return None
    return Person(eid, name, dept, role)


def roster_fingerprint(people: list[Person] | None) -> str:
    """A short hash of the whole roster (``none`` without one): forms record which roster they came from."""
    if not people:
        return "none"
    text = "\n".join(f"{p.employee_id}\t{p.name}\t{p.department}\t{p.role}" for p in people)
    return content_id(text, n=16)


def form_specs(
    scheme: Scheme, people: list[Person] | None, per: str, slots: int = BLANK_SLOTS
) -> list[FormSpec]:
    """What to build: one spec per department/role, or a blank one per role."""
    if people is None:
        return [
            FormSpec(r.id, "role", (None,) * slots, (r.id,) * slots, blank_role=r.id)
            for r in scheme.roles
        ]
    role_order = {r.id: k for k, r in enumerate(scheme.roles)}
    groups: dict[str, list[Person]] = {}
    for p in people:
        groups.setdefault(p.department if per == "department" else p.role, []).append(p)
    specs = []
    for g in sorted(groups, key=lambda x: (role_order.get(x, 0), x)):
        members = (
            sorted(groups[g], key=lambda p: (role_order[p.role], p.department))
            if per == "department"
            else groups[g]
        )
        specs.append(FormSpec(g, per, tuple(members), tuple(p.role for p in members)))
    return specs
