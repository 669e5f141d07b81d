"""Check a form's metadata against the scheme it is collected with, and find its layout again.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> meta = {"scheme_id": s.id, "scheme_version": "1", "scheme_fingerprint": s.fingerprint,
    ...         "sheets": '{"kpi": "KPI"}', "slots": '["sales_rep"]', "blank": "1"}
    >>> plan, problems = check_meta(meta, s, "f.xlsx")
    >>> plan.blank, len(plan.layout.slots), problems
    (True, 1, [])
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from xlperf.core.scheme import Scheme
from xlperf.errors import Location, Problem
from xlperf.messages import say
from xlperf.templates import layout as L


@dataclass(frozen=True)
class FormPlan:
    """Where a form keeps things: its sheet names, the roles of its slots, its layout."""

    names: Mapping[str, str]
    layout: L.Layout
    blank: bool
    form_layout: str = (
        L.FORM_LAYOUT
    )  # "1": one column per rater group (issued before the rater rows)


def form_layout_of(meta: Mapping[str, str]) -> str | None:
    """The form's competency layout ("1" when the form predates the key); None when unknown here.

    Example:
        >>> form_layout_of({}), form_layout_of({"layout": "2"}), form_layout_of({"layout": "3"})
        ('1', '2', None)
    """
    found = meta.get("layout") or "1"
    return found if found in L.FORM_LAYOUTS else None


def layout_problem(meta: Mapping[str, str], file: str, row: int | None = None) -> Problem:
    """The problem of a form whose layout this xlperf does not know (a newer release issued it).

    Example:
        >>> p = layout_problem({"layout": "3"}, "f.xlsx", 17)
        >>> p.code, p.where.cell
        ('FORM_LAYOUT_NEWER', 'B17')
    """
    where = Location(file=file, sheet=L.META_SHEET, cell=row and f"B{row}", row=row)
    return say("FORM_LAYOUT_NEWER", where, layout=meta.get("layout"), known=L.FORM_LAYOUT)


def check_meta(
    meta: Mapping[str, str], scheme: Scheme, file: str, layout_row: int | None = None
) -> tuple[FormPlan | None, list[Problem]]:
    """The form's plan, or None and the problem that stops reading it."""
    form_layout = form_layout_of(meta)
    if form_layout is None:
        return None, [layout_problem(meta, file, layout_row)]
    where = Location(file=file, sheet=L.META_SHEET)
    if meta.get("scheme_id") != scheme.id or meta.get("scheme_version") != str(scheme.version):
        problem = say(
            "FORM_OTHER_SCHEME",
            where,
            form_scheme=meta.get("scheme_id"),
            form_version=meta.get("scheme_version"),
            scheme=scheme.id,
            version=scheme.version,
        )
        return None, [problem]
    if meta.get("scheme_fingerprint") != scheme.fingerprint:
        problem = say(
            "FORM_SCHEME_CONTENT_CHANGED",
            where,
            scheme=scheme.id,
            version=scheme.version,
            form_fingerprint=meta.get("scheme_fingerprint"),
            fingerprint=scheme.fingerprint,
        )
        return None, [problem]
    try:
        names = json.loads(meta.get("sheets", "{}"))
        roles = json.loads(meta.get("slots", "[]"))
        layout = L.plan(scheme, list(roles))
        if not isinstance(names, dict):
            raise ValueError(names)
    except (ValueError, KeyError, TypeError):
        return None, [say("FORM_META_DAMAGED", where)]
    return FormPlan(names, layout, meta.get("blank") == "1", form_layout), []


def missing_sheets(plan: FormPlan, present: list[str], file: str) -> list[Problem]:
    """A problem per sheet of the form that is not in the workbook (renamed or deleted)."""
    extra = [n for n in present if n not in plan.names.values() and n != L.META_SHEET]
    found_en = f"; found instead: {', '.join(extra)}" if extra else ""
    found_zh = f"；现有：{'、'.join(extra)}" if extra else ""
    return [
        say(
            "FORM_SHEET_MISSING",
            Location(file=file, sheet=name),
            sheet=name,
            found=found_en,
            found_zh=found_zh,
        )
        for name in plan.names.values()
        if name not in present
    ]
