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


def check_meta(
    meta: Mapping[str, str], scheme: Scheme, file: str
) -> tuple[FormPlan | None, list[Problem]]:
    """The form's plan, or None and the problem that stops reading it."""
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
    return FormPlan(names, layout, meta.get("blank") == "1"), []


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
