"""What a splice will do, decided before anything is written.

:func:`make_plan` reads both packages' workbook parts, decides each sheet's
fate (kept, replaced, inserted, values updated, removed), which source parts
go with the sheets that leave, and what cannot be kept (the refusals).

Example:
    >>> insert_at(["A", "B"], {"N": 0, "M": 9}, ["M", "N", "Z"])
    ['N', 'A', 'B', 'Z', 'M']
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from xlperf.errors import Location, Problem, WorkbookError
from xlperf.io.package.book import KINDS, Sheet, active_sheet, read_sheets
from xlperf.io.package.opc import Package, rels_part
from xlperf.messages import say

#: relationship types that cannot leave with an xlperf sheet without breaking what stays
_TIED = {
    "pivotTable": ("a pivot table", "数据透视表"),
    "slicer": ("a slicer", "切片器"),
    "timeline": ("a timeline", "日程表"),
}
#: relationship types an input sheet cannot keep while its rows are replaced
_TIED_TO_ROWS = {
    "pivotTable": ("a pivot table", "数据透视表"),
    "table": ("a table (list object)", "表格（列表对象）"),
}


@dataclass
class Plan:
    """The decisions of a splice (filled by :func:`make_plan`)."""

    src: Package
    donor: Package
    src_book: str
    donor_book: str
    src_root: etree._Element
    donor_root: etree._Element
    src_sheets: list[Sheet]
    donor_sheets: list[Sheet]
    replaced: dict[str, Sheet] = field(default_factory=dict)  # donor name → source sheet
    inserted: list[str] = field(default_factory=list)
    values: dict[str, Sheet] = field(default_factory=dict)  # donor name → source sheet
    removed: list[Sheet] = field(default_factory=list)
    dead_parts: set[str] = field(default_factory=set)
    order: list[str] = field(default_factory=list)
    active: str | None = None

    def donor_sheet(self, name: str) -> Sheet:
        return next(s for s in self.donor_sheets if s.name == name)


def insert_at(names: Sequence[str], positions: Mapping[str, int], new: Sequence[str]) -> list[str]:
    """``names`` with ``new`` added: at ``positions[name]`` when given, else at the end."""
    order = list(names) + [n for n in new if n not in positions]
    for name in sorted((n for n in new if n in positions), key=lambda n: positions[n]):
        order.insert(max(0, min(positions[name], len(order))), name)
    return order


@dataclass
class Fates:
    """Each sheet's fate, the parts that leave with the sheets, and what cannot be kept."""

    replaced: dict[str, Sheet] = field(default_factory=dict)
    inserted: list[str] = field(default_factory=list)
    values: dict[str, Sheet] = field(default_factory=dict)
    removed: list[Sheet] = field(default_factory=list)
    dead_parts: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


def decide(
    src: Package,
    src_sheets: list[Sheet],
    donor_names: Sequence[str],
    owned: Collection[str],
    values_only: Collection[str],
) -> Fates:
    """What happens to each sheet when a donor with ``donor_names`` is spliced into ``src``."""
    owned_cf = {n.casefold() for n in owned}
    values_cf = {n.casefold() for n in values_only}
    by_name = {s.name.casefold(): s for s in src_sheets}
    fates = Fates()
    for name in donor_names:
        mine = by_name.get(name.casefold())
        if mine is None:
            fates.inserted.append(name)
        elif name.casefold() in values_cf:
            fates.values[name] = mine
            fates.problems += _input_findings(src, mine)
        elif mine.name.casefold() in owned_cf:
            fates.replaced[name] = mine
        else:
            where = Location(file=src.path.name, sheet=mine.name)
            fates.problems.append(say("PACKAGE_USER_SHEET", where, sheet=mine.name))
    donor_cf = {n.casefold() for n in donor_names}
    fates.removed = [s for s in src_sheets if s.name.casefold() in owned_cf - donor_cf - values_cf]
    leaving = [*fates.replaced.values(), *fates.removed]
    fates.dead_parts = _dead_parts(src, leaving)
    for s in leaving:
        fates.problems += _tied_findings(src, s, fates.dead_parts)
    return fates


def make_plan(
    src: Package,
    donor: Package,
    owned: Collection[str],
    values_only: Collection[str],
    positions: Mapping[str, int],
) -> Plan:
    """Decide the splice; raise :class:`WorkbookError` with every refusal found."""
    src_book, donor_book = src.main_part(), donor.main_part()
    src_root, src_sheets = read_sheets(src, src_book)
    donor_root, donor_sheets = read_sheets(donor, donor_book)
    plan = Plan(src, donor, src_book, donor_book, src_root, donor_root, src_sheets, donor_sheets)
    fates = decide(src, src_sheets, [d.name for d in donor_sheets], owned, values_only)
    if fates.problems:
        raise WorkbookError(
            f"Cannot update {src.path.name} in place",
            fates.problems,
            f"无法就地更新 {src.path.name}",
        )
    plan.replaced, plan.inserted, plan.values = fates.replaced, fates.inserted, fates.values
    plan.removed, plan.dead_parts = fates.removed, fates.dead_parts
    names = {s.name: n for n, s in plan.replaced.items()}
    kept = [names.get(s.name, s.name) for s in src_sheets if s not in plan.removed]
    plan.order = insert_at(kept, positions, plan.inserted)
    plan.active = active_sheet(src_root, src_sheets)
    if plan.active in names:
        plan.active = names[plan.active]
    return plan


def preservation_findings(
    source: Path,
    sheets: Sequence[str],
    *,
    owned: Collection[str],
    values_only: Collection[str] = (),
) -> list[Problem]:
    """What a splice of a donor holding ``sheets`` into ``source`` would refuse (empty: none).

    The same checks :func:`~xlperf.io.package.splice` makes before writing,
    for a caller that wants to refuse before it computes anything.

    Example:
        >>> preservation_findings(Path("master.xlsx"), ["Results", "Data"],
        ...                       owned={"Results"}, values_only={"Data"})  # doctest: +SKIP
        []
    """
    try:
        src = Package(Path(source))
    except WorkbookError as err:
        return list(err.problems)
    try:
        _, src_sheets = read_sheets(src, src.main_part())
        return decide(src, src_sheets, sheets, owned, values_only).problems
    except WorkbookError as err:
        return list(err.problems)
    finally:
        src.close()


def _dead_parts(src: Package, leaving: list[Sheet]) -> set[str]:
    """The parts only the leaving sheets use (the sheets' own parts included)."""
    parts = frozenset(s.part for s in leaving)
    roots = [r.target for r in src.rels("") if not r.external]
    alive = src.reach(roots, skip=parts)
    return src.reach(parts) - alive


def _input_findings(src: Package, sheet: Sheet) -> list[Problem]:
    where = Location(file=src.path.name, sheet=sheet.name)
    if sheet.kind != "worksheet":
        en, zh = KINDS.get(sheet.kind, (sheet.kind, sheet.kind))
        params = {"sheet": sheet.name, "part": sheet.part}
        return [_bilingual("PACKAGE_INPUT_NOT_WORKSHEET", where, "kind", (en, zh), params)]
    return [
        _cannot_keep(where, sheet.name, kinds, r.target)
        for r in src.rels(sheet.part)
        if (kinds := _TIED_TO_ROWS.get(r.type)) and not r.external
    ]


def _tied_findings(src: Package, sheet: Sheet, dead: set[str]) -> list[Problem]:
    where = Location(file=src.path.name, sheet=sheet.name)
    found = []
    for part in sorted(src.reach([sheet.part]) & dead):
        for r in src.rels(part):
            kinds = _TIED.get(r.type)
            if kinds and r.target in dead:
                found.append(_cannot_keep(where, sheet.name, kinds, r.target))
    return found


def _cannot_keep(where: Location, sheet: str, kinds: tuple[str, str], part: str) -> Problem:
    params = {"sheet": sheet, "part": part, "subject": part}
    return _bilingual("PACKAGE_CANNOT_KEEP", where, "what", kinds, params)


def _bilingual(
    code: str, where: Location, key: str, value: tuple[str, str], params: dict[str, str]
) -> Problem:
    """A problem whose ``key`` parameter is itself a word in each language."""
    en = say(code, where, **{**params, key: value[0]})
    zh = say(code, where, **{**params, key: value[1]})
    return replace(en, message_zh=zh.message_zh, hint_zh=zh.hint_zh)


def rels_of(parts: set[str]) -> set[str]:
    """The relationship parts of ``parts``."""
    return {rels_part(p) for p in parts}
