"""The hidden sheet ``_xlperf``: the form's metadata, its scheme's YAML and its locked-cell fingerprints.

See :mod:`xlperf.templates.metadata` for the layout.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates.form.context import form_context
    >>> from xlperf.templates.form.roster import form_specs
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> ctx = form_context(s, form_specs(s, None, "role", 1)[0], "zh", "", "none")
    >>> [k for k, _ in meta_pairs(ctx)][:3]
    ['format', 'template_id', 'scheme_id']
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

import xlperf
from xlperf.templates import layout as L
from xlperf.templates.form.context import FormContext
from xlperf.templates.form.style import quote_sheet
from xlperf.templates.metadata import FORMAT_VERSION, YAML_CHUNK, YAML_NAME, content_id, fingerprint
from xlperf.templates.seal import ListedCell, Seal, SealedContent, cell_mac, form_mac


@dataclass(frozen=True)
class LockedCell:
    """A non-empty locked cell of a visible sheet, as built."""

    sheet_key: str
    cell: str
    value: object


def meta_pairs(ctx: FormContext) -> list[tuple[str, str]]:
    """The ``key | value`` pairs of ``_xlperf!A:B``, in order."""
    people = [p for p in ctx.spec.people if p is not None]
    depts = sorted({p.department for p in people})
    per_department = ctx.spec.per in ("department", "department_role")
    return [
        ("format", FORMAT_VERSION),
        ("template_id", ctx.template_id),
        ("scheme_id", ctx.scheme.id),
        ("scheme_version", str(ctx.scheme.version)),
        ("scheme_fingerprint", ctx.scheme.fingerprint),
        ("lang", ctx.lang),
        ("per", ctx.spec.per),
        ("group", ctx.spec.group),
        ("department", depts[0] if per_department and depts else ""),
        ("blank", "1" if ctx.spec.blank else "0"),
        ("roster_fingerprint", ctx.roster_fp),
        ("employees", str(len(people))),
        ("sheets", json.dumps(dict(ctx.names), ensure_ascii=False, sort_keys=True)),
        ("slots", json.dumps(list(ctx.spec.roles))),
        ("layout", L.FORM_LAYOUT),
        ("scheme_yaml_sha256", content_id(ctx.yaml_text, n=64)),
        ("xlperf_version", xlperf.__version__),
    ]


def locked_cells(
    sheets: Mapping[str, Worksheet], inputs: Mapping[str, frozenset[str]]
) -> list[LockedCell]:
    """Every non-empty cell of the visible sheets that is not an input, sheet by sheet."""
    out = []
    for key, ws in sheets.items():
        skip = inputs.get(key, frozenset())
        for row in ws.iter_rows():
            for c in row:
                if c.value is None or c.value == "" or c.coordinate in skip:
                    continue
                out.append(LockedCell(key, c.coordinate, c.value))
    return out


@dataclass(frozen=True)
class SealReceipt:
    """What the cycle manifest records about a sealed form."""

    form_id: str
    mac: str
    meta: tuple[tuple[str, str], ...]  # the pairs as written, without the mac
    cells: Mapping[str, int]  # locked cells listed, per sheet key


def slot_ids(ctx: FormContext) -> tuple[str, ...]:
    """The employee of each slot as issued ("" for a blank slot): part of the sealed content."""
    return tuple(p.employee_id if p is not None else "" for p in ctx.spec.people)


def listing(cells: list[LockedCell], seal: Seal | None) -> list[ListedCell]:
    """The rows of ``_xlperf!D:G``: unkeyed fingerprints, and keyed MACs when sealed."""
    return [
        ListedCell(
            c.sheet_key,
            c.cell,
            fingerprint(c.value),
            cell_mac(seal.key, seal.form_id, c.sheet_key, c.cell, c.value) if seal else "",
        )
        for c in cells
    ]


def _sealed(
    pairs: list[tuple[str, str]],
    ctx: FormContext,
    cells: list[LockedCell],
    listed: list[ListedCell],
    seal: Seal,
) -> tuple[list[tuple[str, str]], SealReceipt]:
    """The pairs with the form id (after the template id) and the form's MAC (last)."""
    at = next(k for k, (key, _) in enumerate(pairs) if key == "template_id") + 1
    pairs = [*pairs[:at], ("form_id", seal.form_id), *pairs[at:]]
    content = SealedContent(
        seal.form_id,
        tuple(pairs),
        ctx.yaml_text,
        slot_ids(ctx),
        tuple(zip(listed, (c.value for c in cells), strict=True)),
    )
    mac = form_mac(seal.key, content)
    counts = Counter(c.sheet_key for c in cells)
    return [*pairs, ("mac", mac)], SealReceipt(seal.form_id, mac, tuple(pairs), dict(counts))


def write_meta(
    wb: Workbook, ctx: FormContext, cells: list[LockedCell], seal: Seal | None = None
) -> SealReceipt | None:
    """Add ``_xlperf`` (very hidden, protected): the pairs, the YAML chunks and the fingerprints.

    With a ``seal`` the form also gets its form id, its MAC and one keyed MAC
    per locked cell; the key itself is never written.
    """
    pairs, receipt, listed = meta_pairs(ctx), None, listing(cells, seal)
    if seal is not None:
        pairs, receipt = _sealed(pairs, ctx, cells, listed, seal)
    ws = wb.create_sheet(L.META_SHEET)
    ws.cell(1, 1, "key")
    ws.cell(1, 2, "value")
    row = 1
    for key, value in pairs:
        row += 1
        ws.cell(row, 1, key)
        ws.cell(row, 2, value).data_type = "s"
    first, last = _write_yaml(ws, row + 1, ctx.yaml_text)
    wb.defined_names[YAML_NAME] = DefinedName(
        YAML_NAME, attr_text=f"{quote_sheet(L.META_SHEET)}!$B${first}:$B${last}"
    )
    _write_fingerprints(ws, listed, sealed=seal is not None)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
    return receipt


def _write_yaml(ws: Worksheet, row: int, text: str) -> tuple[int, int]:
    """The scheme's YAML in chunks of column B from ``row``; returns the first and last row."""
    chunks = [text[i : i + YAML_CHUNK] for i in range(0, len(text), YAML_CHUNK)] or [""]
    ws.cell(row, 1, "scheme_yaml")
    for k, chunk in enumerate(chunks):
        c = ws.cell(row + k, 2)
        c.value = chunk
        c.data_type = "s"  # never read as a formula, even when a chunk starts with "="
    return row, row + len(chunks) - 1


def _write_fingerprints(ws: Worksheet, listed: list[ListedCell], sealed: bool) -> None:
    """``D:F`` (``D:G`` when sealed): sheet key | cell | unkeyed fingerprint | keyed MAC."""
    labels = ("sheet", "cell", "fingerprint") + (("mac",) if sealed else ())
    for col, label in zip("DEFG", labels, strict=False):
        ws[f"{col}1"] = label
    for row, c in enumerate(listed, start=2):
        ws.cell(row, 4, c.sheet_key)
        ws.cell(row, 5, c.cell)
        ws.cell(row, 6, c.fingerprint)
        if sealed:
            ws.cell(row, 7, c.mac)
