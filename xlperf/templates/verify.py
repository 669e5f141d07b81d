"""Authenticate a returned form against the cycle manifest (for collect).

``verify_form(form, manifest) -> list[Problem]``: an empty list means the
form's locked content, its metadata and its slots are exactly as issued in
this cycle, proved by the keyed MAC (HMAC-SHA256 under the cycle's key,
which never leaves the manifest). Otherwise each problem names what
differs: a form not issued in this cycle (unknown or missing form id), a
changed locked cell, a deleted or inserted row (one problem at the row), a
changed or cleared ``_xlperf`` sheet, a slot that now names another
employee, a roster other than the issued one. When no located difference is
found but the MAC still differs, one problem says the form is not as issued.

Without a manifest only the unkeyed checks are possible (they catch
accidents, not forgery); the answer then holds one warning,
``FORM_NOT_AUTHENTICATED``, saying the form was not authenticated.

``form`` is what :func:`xlperf.templates.reader.read_form` returned (its
problems are not repeated) or a path (the form is read here, no scheme needed).

Example:
    >>> from xlperf.templates.manifest import load_manifest
    >>> problems = verify_form("returned/sales-2026q1_华东.xlsx", load_manifest("forms/xlperf-cycle.json"))  # doctest: +SKIP
    >>> [p.code for p in problems]  # doctest: +SKIP
    ['FORM_SLOT_MOVED']
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from xlperf.errors import Location, Problem
from xlperf.messages import say
from xlperf.templates import layout as L
from xlperf.templates.manifest import CycleManifest, IssuedForm
from xlperf.templates.metadata import content_id, normalize
from xlperf.templates.reader import FormContents, read_snapshot, unkeyed_problems
from xlperf.templates.reader.locked import Findings, compare, findings_problems
from xlperf.templates.reader.records import FormSnapshot
from xlperf.templates.seal import ListedCell, SealedContent, cell_mac, form_mac, same_mac

#: when at least this share of the keyed cell MACs fail (and no row moved), the MACs themselves
#: were made with another key: the cells cannot be told apart, so one problem says so
FOREIGN_SHARE = 0.9


def verify_form(form: FormContents | str | Path, manifest: CycleManifest | None) -> list[Problem]:
    """The problems that stop ``form`` being accepted as issued in ``manifest``'s cycle (see module)."""
    if isinstance(form, FormContents):
        snap = form.snapshot or read_snapshot(form.path)
        seen = {(p.code, p.where.sheet, p.where.cell) for p in form.problems}
        found = verify_snapshot(snap, manifest)
        return [p for p in found if (p.code, p.where.sheet, p.where.cell) not in seen]
    snap = read_snapshot(form)
    if manifest is not None:
        return verify_snapshot(snap, manifest)
    if not snap.has_sheet:
        return [say("FORM_NOT_A_FORM", Location(file=snap.file))]
    return [*unkeyed_problems(snap)[0], *verify_snapshot(snap, None)]


def verify_snapshot(snap: FormSnapshot, manifest: CycleManifest | None) -> list[Problem]:
    """The keyed verdict on a form read once (see :func:`verify_form`)."""
    file = Location(file=snap.file)
    if manifest is None:
        return [say("FORM_NOT_AUTHENTICATED", file, subject=Path(snap.file).name)]
    meta_sheet = Location(file=snap.file, sheet=L.META_SHEET)
    if not snap.has_meta:
        return [say("FORM_META_CLEARED", meta_sheet)]
    form_id = snap.meta.get("form_id", "")
    issued = manifest.form(form_id) if form_id else None
    if issued is None:
        return [_not_in_cycle(snap, form_id)]
    key = manifest.secret()
    if same_mac(form_mac(key, sealed_content(snap)), issued.mac):
        return []
    problems = _located(snap, issued, key)
    return problems or [say("FORM_NOT_AS_ISSUED", meta_sheet)]


def _not_in_cycle(snap: FormSnapshot, form_id: str) -> Problem:
    where = Location(file=snap.file, sheet=L.META_SHEET)
    subject = Path(snap.file).name
    if not form_id:
        return say("FORM_NO_FORM_ID", where, subject=subject)
    return say("FORM_NOT_IN_CYCLE", where, form_id=form_id, subject=subject)


def slot_ids_in(snap: FormSnapshot) -> tuple[str, ...]:
    """The employee named in each slot of the form now ("" on a blank form)."""
    try:
        n = len(json.loads(snap.meta.get("slots", "[]")))
    except (ValueError, TypeError):
        return ()
    if snap.meta.get("blank") == "1":
        return ("",) * n
    summary = snap.values.get("summary", {})
    return tuple(normalize(summary.get(f"{L.S_ID}{L.FIRST_ROW + k}")) for k in range(n))


def sealed_content(snap: FormSnapshot) -> SealedContent:
    """What the form's MAC covers, as the form holds it now."""
    cells = tuple((c, snap.values.get(c.sheet_key, {}).get(c.cell)) for c in snap.listed)
    meta = tuple(snap.meta.items())
    return SealedContent(
        snap.meta.get("form_id", ""), meta, snap.yaml_text, slot_ids_in(snap), cells
    )


def _located(snap: FormSnapshot, issued: IssuedForm, key: bytes) -> list[Problem]:
    """Every difference from the issued form that can be named: metadata, list, cells, slots."""
    sealed = [c for c in snap.listed if c.mac]
    findings = _keyed_findings(snap, sealed, key, issued.form_id)
    slots = _slot_changes(snap, issued, {s.sheet_key for s in findings.shifts})
    moved = {(p.where.sheet, p.where.cell) for p in slots}
    cells = [
        p
        for p in findings_problems(findings, snap.names, snap.values, snap.file)
        if (p.where.sheet, p.where.cell) not in moved
    ]
    meta_sheet = Location(file=snap.file, sheet=L.META_SHEET)
    if not findings.shifts and sealed and len(findings.changed) >= FOREIGN_SHARE * len(sealed):
        cells = [say("FORM_SEAL_FOREIGN", meta_sheet, n=len(findings.changed))]
    unsealed = len(snap.listed) - len(sealed)
    if unsealed:
        cells.insert(0, say("FORM_CELL_MACS_MISSING", meta_sheet, n=unsealed))
    return [*_meta_changes(snap, issued), *_list_changes(snap, issued), *cells, *slots]


def _keyed_findings(
    snap: FormSnapshot, sealed: list[ListedCell], key: bytes, form_id: str
) -> Findings:
    """Each listed cell checked against its keyed MAC (what a forger cannot recompute)."""

    def keyed(item: ListedCell, value: object) -> bool:
        return same_mac(cell_mac(key, form_id, item.sheet_key, item.cell, value), item.mac)

    return compare(sealed, snap.values, keyed, snap.names)


def _meta_changes(snap: FormSnapshot, issued: IssuedForm) -> list[Problem]:
    out = []
    for key in sorted((set(issued.meta) | set(snap.meta)) - {"mac"}):
        found, was = snap.meta.get(key), issued.meta.get(key)
        if found is not None and was is not None and normalize(found) == normalize(was):
            continue
        row = snap.meta_rows.get(key)
        where = Location(file=snap.file, sheet=L.META_SHEET, cell=row and f"B{row}", row=row)
        shown, issued_shown = found or "(none)", was or "(none)"
        if key == "roster_fingerprint":
            out.append(say("FORM_ROSTER_CHANGED", where, found=shown, issued=issued_shown))
        else:
            out.append(say("FORM_META_CHANGED", where, key=key, found=shown, issued=issued_shown))
    if content_id(snap.yaml_text, n=64) != issued.meta.get("scheme_yaml_sha256"):
        where = Location(file=snap.file, sheet=L.META_SHEET)
        out.append(say("FORM_META_CHANGED", where, key="scheme_yaml", found="…", issued="…"))
    return out


def _list_changes(snap: FormSnapshot, issued: IssuedForm) -> list[Problem]:
    counts = Counter(c.sheet_key for c in snap.listed)
    out = []
    for key in sorted(set(counts) | set(issued.cells)):
        if counts.get(key, 0) != issued.cells.get(key, 0):
            where = Location(file=snap.file, sheet=L.META_SHEET)
            sheet = snap.names.get(key, key)
            found, was = counts.get(key, 0), issued.cells.get(key, 0)
            out.append(say("FORM_LOCKED_LIST_CHANGED", where, sheet=sheet, found=found, issued=was))
    return out


def _slot_changes(snap: FormSnapshot, issued: IssuedForm, shifted: set[str]) -> list[Problem]:
    """One problem per slot whose summary or KPI rows now name another employee than issued."""
    out = []
    for slot in issued.slots:
        if not slot.employee_id:
            continue
        cells = [("summary", slot.row)] + [("kpi", row) for row, _ in slot.kpi_rows]
        for sheet_key, row in cells:
            if sheet_key in shifted:
                continue
            cell = f"{L.S_ID if sheet_key == 'summary' else L.K_ID}{row}"
            now = snap.values.get(sheet_key, {}).get(cell)
            if normalize(now) == normalize(slot.employee_id):
                continue
            sheet = snap.names.get(sheet_key)
            where = Location(file=snap.file, sheet=sheet, cell=cell, row=row)
            found = "(empty)" if now in (None, "") else str(now)
            out.append(
                say(
                    "FORM_SLOT_MOVED",
                    where,
                    row=row,
                    issued=slot.employee_id,
                    found=found,
                    employee=slot.employee_id,
                )
            )
            break
    return out
