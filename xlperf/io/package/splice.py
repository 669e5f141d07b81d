"""Splice xlperf's own sheets (a small donor workbook) into a copy of the user's package.

See :mod:`xlperf.io.package` for the rules. The order of work: plan and
refuse (nothing written), build every changed part in memory (the
large input sheets as row-merged bytes), then write the output zip once:
unchanged entries copied raw, in the source's order.

Example:
    >>> splice(Path("master.xlsx"), Path("donor.xlsx"), Path("master.xlsx"),
    ...        owned={"Results", "Dashboard"}, values_only={"Data"})  # doctest: +SKIP
    SpliceReport(replaced=('Results', 'Dashboard'), ...)
"""

from __future__ import annotations

import copy
import os
import stat
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from xlperf.io.atomic import atomic_path
from xlperf.io.package.book import BookEdit, Sheet, rewrite_workbook, tag
from xlperf.io.package.merge_rows import merge_rows
from xlperf.io.package.opc import (
    CONTENT_TYPES,
    Package,
    broken,
    fresh_name,
    next_id,
    parse,
    rels_part,
    serialize,
)
from xlperf.io.package.plan import Plan, make_plan
from xlperf.io.package.registry import drop_calc_entries, register_rels, register_types
from xlperf.io.package.sheetxml import (
    CellWriter,
    RowsBody,
    set_dimension,
    shared_strings,
    sheet_data_open,
    split_sheet,
)
from xlperf.io.package.styles import StyleMerger
from xlperf.io.package.transplant import NewPart, Transplant, table_identities, vml_blocks
from xlperf.io.package.wholesale import merge_wholesale, replaces_wholesale
from xlperf.io.package.zipcopy import Streamed, ZipWriter


@dataclass(frozen=True)
class SpliceReport:
    """What a splice did: sheets by fate, parts removed/added/changed, user values dropped.

    ``values_dropped`` counts, per values-only sheet, the user's cells with a
    value at a coordinate the donor left empty (the donor's values win).
    """

    replaced: tuple[str, ...] = ()
    inserted: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    parts_removed: tuple[str, ...] = ()
    parts_added: tuple[str, ...] = ()
    parts_changed: tuple[str, ...] = ()
    values_dropped: Mapping[str, int] = field(default_factory=dict)
    copied_raw: int = 0


@dataclass
class _Out:
    """The changed and new entries of the output, by entry name."""

    entries: dict[str, Iterable[bytes]] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)
    dropped: dict[str, int] = field(default_factory=dict)


def splice(
    source: Path,
    donor: Path,
    out: Path,
    *,
    owned: Collection[str],
    values_only: Collection[str] = (),
    positions: Mapping[str, int] | None = None,
    bodies: Mapping[str, RowsBody] | None = None,
) -> SpliceReport:
    """Write ``out``: ``source`` with the donor's sheets spliced in (see the package docs).

    ``bodies`` (by donor sheet name) are rows rendered elsewhere that stand for
    those donor sheets' ``<sheetData>`` (see :mod:`xlperf.io.xlsxwriter_book`).
    Raises :class:`~xlperf.errors.WorkbookError` before writing anything when
    the source holds something that cannot be kept. ``out`` may be ``source``.
    """
    src, don = Package(Path(source)), Package(Path(donor))
    try:
        plan = make_plan(src, don, owned, values_only, positions or {})
        result = _build(plan, bodies or {})
        mode = stat.S_IMODE(os.stat(source).st_mode)
        with atomic_path(out) as tmp:
            copied = _write(src, result, tmp, src.infos[src.name(plan.src_book)].date_time)
            os.chmod(tmp, mode)
    finally:
        src.close()
        don.close()
    added = tuple(n for n in result.entries if not src.has(n))
    return SpliceReport(
        replaced=tuple(plan.replaced),
        inserted=tuple(plan.inserted),
        removed=tuple(s.name for s in plan.removed),
        updated=tuple(plan.values),
        parts_removed=tuple(sorted(n for n in result.gone if n not in result.entries)),
        parts_added=added,
        parts_changed=tuple(n for n in result.entries if src.has(n)),
        values_dropped=dict(result.dropped),
        copied_raw=copied,
    )


def _build(plan: Plan, bodies: Mapping[str, RowsBody]) -> _Out:
    src, don = plan.src, plan.donor
    out = _Out()
    styles_part = _rel_target(src, plan.src_book, "styles")
    donor_styles = _rel_target(don, plan.donor_book, "styles")
    if styles_part is None or donor_styles is None:
        raise broken(plan.src_book, "no style sheet")
    merger = StyleMerger(src.read(styles_part), don.read(donor_styles))
    sst = _rel_target(don, plan.donor_book, "sharedStrings")
    writer = CellWriter(merger.cell_xf, merger.dxf, shared_strings(don.read(sst) if sst else None))
    dead = {p.lower() for p in plan.dead_parts}
    out.gone = {src.name(p) for p in plan.dead_parts} | {
        src.name(r) for p in plan.dead_parts if src.has(r := rels_part(p))
    }
    alive = {n for n in src.order if n.lower() not in {g.lower() for g in out.gone}}
    transplant = Transplant(
        don,
        writer,
        set(alive),
        _identities(src, plan, alive),
        set().union(*(vml_blocks(src.read(n)) for n in alive if n.lower().endswith(".vml"))),
        bodies,
    )
    sheets = _output_sheets(plan, transplant)
    for name, sheet in plan.values.items():
        _values_sheet(src, don, plan.donor_sheet(name), sheet, writer, out, bodies.get(name))
    book_root = plan.src_root
    rewrite_workbook(book_root, _book_edit(plan, sheets))
    out.entries[src.name(plan.src_book)] = (serialize(book_root),)
    for part in transplant.parts:
        out.entries[src.name(part.name) or part.name] = part.chunks
    _registers(plan, sheets, transplant.parts, dead, out)
    if merger.changed:
        out.entries[src.name(styles_part)] = (merger.to_bytes(),)
    return out


def _rel_target(pkg: Package, book: str, kind: str) -> str | None:
    return next((r.target for r in pkg.rels(book) if r.type == kind and not r.external), None)


def _identities(src: Package, plan: Plan, alive: set[str]) -> tuple[set[int], set[str]]:
    ids, names = table_identities(src, alive)
    holder = plan.src_root.find(tag("definedNames"))
    for el in [] if holder is None else holder:
        names.add(el.get("name", "").casefold())
    return ids, names


def _output_sheets(plan: Plan, transplant: Transplant) -> list[Sheet]:
    """The output's sheets in tab order, writing the donor's ones as it goes."""
    rel_ids = [r.id for r in plan.src.rels(plan.src_book)]
    next_sheet_id = max([0, *(s.sheet_id for s in plan.src_sheets)]) + 1
    src_by_name = {s.name.casefold(): s for s in plan.src_sheets}
    for name, old in plan.replaced.items():  # a replaced sheet keeps its part name
        if plan.donor_sheet(name).kind == old.kind:
            transplant.taken.add(old.part)
    result = []
    for name in plan.order:
        if name in plan.inserted:
            d = plan.donor_sheet(name)
            rid = next_id(rel_ids)
            rel_ids.append(rid)
            part = fresh_name(d.part, transplant.taken)
            sheet = Sheet(name, next_sheet_id, rid, d.state, part, d.kind, d.rel_type)
            next_sheet_id += 1
        elif name in plan.replaced:
            d, old = plan.donor_sheet(name), plan.replaced[name]
            part = old.part if d.kind == old.kind else fresh_name(d.part, transplant.taken)
            sheet = Sheet(d.name, old.sheet_id, old.rid, old.state, part, d.kind, d.rel_type)
        else:
            result.append(src_by_name[name.casefold()])
            continue
        transplant.taken.add(part)
        transplant.sheet(d, sheet.part, selected=(name == plan.active))
        result.append(sheet)
    return result


def _values_sheet(
    src: Package,
    don: Package,
    donor: Sheet,
    sheet: Sheet,
    writer: CellWriter,
    out: _Out,
    body: RowsBody | None = None,
) -> None:
    mine = split_sheet(src.read(sheet.part), sheet.part)
    theirs = b"".join(body.chunks()) if body is not None else None
    if theirs is None:
        theirs = split_sheet(don.read(donor.part), donor.part).rows
    try:
        merged = None
        if body is not None and not mine.prefix and replaces_wholesale(mine.rows, theirs):
            merged = merge_wholesale(mine.rows, theirs, writer, body.ref)  # nothing else to keep
        if merged is None:
            merged = merge_rows(mine.rows, theirs, writer, mine.prefix)
    except ValueError as exc:
        raise broken(sheet.part, str(exc)) from None
    close = b"</" + mine.prefix + b"sheetData>"
    parts = (
        set_dimension(mine.head, mine.prefix, merged.ref or "A1"),
        sheet_data_open(mine.prefix),
        merged.xml,
        close,
        mine.tail,
    )
    out.entries[src.name(sheet.part)] = Streamed(parts)  # a big sheet: deflated fast
    out.dropped[sheet.name] = merged.dropped


def _book_edit(plan: Plan, sheets: list[Sheet]) -> BookEdit:
    index = {s.name: i for i, s in enumerate(sheets)}
    written = set(plan.replaced) | set(plan.inserted)
    names = []
    holder = plan.donor_root.find(tag("definedNames"))
    for el in [] if holder is None else holder:
        local = el.get("localSheetId")
        if local is None:
            names.append(copy.deepcopy(el))
            continue
        if not local.isdigit() or int(local) >= len(plan.donor_sheets):
            continue
        owner = plan.donor_sheets[int(local)].name
        if owner in written:
            new = copy.deepcopy(el)
            new.set("localSheetId", str(index[owner]))
            names.append(new)
    kept = {s.name for s in plan.src_sheets if s not in plan.removed} - {
        s.name for s in plan.replaced.values()
    }
    return BookEdit(sheets, [s.name for s in plan.src_sheets], frozenset(kept), names, plan.active)


def _registers(
    plan: Plan, sheets: list[Sheet], parts: list[NewPart], dead: set[str], out: _Out
) -> None:
    src = plan.src
    leaving = {s.rid for s in plan.removed}
    calc = _rel_target(src, plan.src_book, "calcChain")
    rewritten = {
        s.sheet_id for s in [*plan.replaced.values(), *plan.removed, *plan.values.values()]
    }
    if calc is not None and src.has(calc):
        root = parse(src.read(calc), calc)
        if drop_calc_entries(root, rewritten):
            if len(root) == 0:
                leaving |= {r.id for r in src.rels(plan.src_book) if r.type == "calcChain"}
                out.gone.add(src.name(calc))
                dead.add(calc.lower())
            else:
                out.entries[src.name(calc)] = (serialize(root),)
    new_sheets = [(s.rid, s.rel_type, s.part) for s in sheets if s.part in out.entries]
    rels_name = rels_part(plan.src_book)
    rels_root = parse(src.read(rels_name), rels_name)
    if register_rels(rels_root, plan.src_book, leaving, new_sheets):
        out.entries[src.name(rels_name)] = (serialize(rels_root),)
    types = copy.deepcopy(src.types)
    reused = {p.name.lower() for p in parts}
    new = [(p.name, p.source, p.content_type) for p in parts]
    if register_types(types, plan.donor, new, dead - reused):
        out.entries[CONTENT_TYPES] = (serialize(types),)


def _write(src: Package, result: _Out, path: Path, when: tuple[int, ...]) -> int:
    """Write the output zip: source order, changed entries in place, new ones last."""
    copied = 0
    with open(path, "w+b") as fh, open(src.path, "rb") as raw:
        writer = ZipWriter(fh)
        for name in src.order:
            info = src.infos[name]
            if name in result.entries:
                writer.write(
                    name,
                    result.entries[name],
                    date_time=info.date_time,
                    deflate=info.compress_type != 0,
                    external_attr=info.external_attr,
                )
            elif name not in result.gone:
                writer.copy_raw(raw, info)
                copied += 1
        for name, chunks in result.entries.items():
            if name not in src.infos:
                writer.write(name, chunks, date_time=when)
        writer.close()
    return copied


__all__ = ["splice", "SpliceReport"]
