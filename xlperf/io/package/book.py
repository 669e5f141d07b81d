"""The workbook part: its sheets, defined names and window, read and rewritten.

:func:`read_sheets` lists a package's sheets in tab order. :func:`rewrite_workbook`
gives the source's ``xl/workbook.xml`` its new sheet list, carries defined
names over (``localSheetId`` renumbered, names of removed sheets dropped,
the donor's names for its sheets added) and keeps ``activeTab`` and
``firstSheet`` on a visible sheet in range.

Example:
    >>> names = renumber_local({0: "Data", 1: "Results"}, ["Results", "Data"])
    >>> names
    {0: 1, 1: 0}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from xlperf.io.package.opc import DOC_REL, MAIN, Package, broken, parse, strict

_RID = f"{{{DOC_REL}}}id"
_SHEET_TYPES = {"worksheet", "chartsheet", "dialogsheet", "xlMacrosheet", "xlIntlMacrosheet"}
#: sheet kinds as the user knows them, for messages
KINDS = {
    "worksheet": ("worksheet", "普通工作表"),
    "chartsheet": ("chart sheet", "图表工作表"),
    "dialogsheet": ("dialog sheet", "对话框工作表"),
    "xlMacrosheet": ("macro sheet", "宏表"),
    "xlIntlMacrosheet": ("macro sheet", "宏表"),
}


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook, as listed in the workbook part."""

    name: str
    sheet_id: int
    rid: str
    state: str | None
    part: str
    kind: str
    rel_type: str


def tag(local: str) -> str:
    return f"{{{MAIN}}}{local}"


def read_sheets(pkg: Package, book_part: str) -> tuple[etree._Element, list[Sheet]]:
    """The parsed workbook part and its sheets in tab order."""
    root = parse(pkg.read(book_part), book_part)
    if root.nsmap.get(root.prefix, "").startswith("http://purl.oclc.org/"):
        raise strict(book_part)
    if root.tag != tag("workbook"):
        raise broken(book_part, "not a SpreadsheetML workbook")
    rels = {r.id: r for r in pkg.rels(book_part)}
    sheets = []
    for el in root.iter(tag("sheet")):
        rel = rels.get(el.get(_RID, ""))
        if rel is None or rel.external or rel.type not in _SHEET_TYPES:
            raise broken(book_part, f"sheet '{el.get('name')}' has no part")
        sheets.append(
            Sheet(
                el.get("name", ""),
                int(el.get("sheetId", "0")),
                rel.id,
                el.get("state"),
                rel.target,
                rel.type,
                rel.full_type,
            )
        )
    return root, sheets


def renumber_local(old: Mapping[int, str], new_order: Sequence[str]) -> dict[int, int]:
    """Old ``localSheetId`` → new one, for the sheets that are still there (by name)."""
    where = {n.casefold(): i for i, n in enumerate(new_order)}
    return {i: where[n.casefold()] for i, n in old.items() if n.casefold() in where}


@dataclass(frozen=True)
class BookEdit:
    """What the new workbook part holds.

    ``sheets`` are the output sheets in tab order (``rid`` and ``sheet_id``
    already chosen); ``keep_names_of`` are the source sheets whose local
    names stay (kept and values-only sheets); ``donor_names`` are the donor's
    ``definedName`` elements with ``localSheetId`` already set to the output
    index (global ones have none); ``active`` the sheet to show first.
    """

    sheets: Sequence[Sheet]
    source_order: Sequence[str]
    keep_names_of: frozenset[str]
    donor_names: Sequence[etree._Element]
    active: str | None


def rewrite_workbook(root: etree._Element, edit: BookEdit) -> None:
    """Apply ``edit`` to the parsed source workbook part ``root`` (in place)."""
    _rewrite_sheets(root, edit.sheets)
    new_order = [s.name for s in edit.sheets]
    _rewrite_names(root, edit, new_order)
    _rewrite_view(root, edit, new_order)
    calc = root.find(tag("calcPr"))
    if calc is None:
        calc = etree.SubElement(root, tag("calcPr"))
        _place(root, calc, "calcPr")
    calc.set("fullCalcOnLoad", "1")


def _rewrite_sheets(root: etree._Element, sheets: Sequence[Sheet]) -> None:
    holder = root.find(tag("sheets"))
    old = {el.get(_RID): el for el in holder}
    for el in list(holder):
        holder.remove(el)
    for s in sheets:
        el = old.get(s.rid)
        if el is None:
            el = etree.Element(tag("sheet"), nsmap=None)
        el.set("name", s.name)
        el.set("sheetId", str(s.sheet_id))
        if s.state:
            el.set("state", s.state)
        elif "state" in el.attrib:
            del el.attrib["state"]
        el.set(_RID, s.rid)
        holder.append(el)


def _rewrite_names(root: etree._Element, edit: BookEdit, new_order: list[str]) -> None:
    holder = root.find(tag("definedNames"))
    old_index = dict(enumerate(edit.source_order))
    keep = {n.casefold() for n in edit.keep_names_of}
    moved = renumber_local({i: n for i, n in old_index.items() if n.casefold() in keep}, new_order)
    donor_global = {
        el.get("name", "").casefold() for el in edit.donor_names if el.get("localSheetId") is None
    }
    if holder is None:
        if not edit.donor_names:
            return
        holder = etree.SubElement(root, tag("definedNames"))
        _place(root, holder, "definedNames")
    for el in list(holder):
        local = el.get("localSheetId")
        if local is None:
            if el.get("name", "").casefold() in donor_global:
                holder.remove(el)
            continue
        if not local.isdigit() or int(local) not in moved:
            holder.remove(el)
        else:
            el.set("localSheetId", str(moved[int(local)]))
    for el in edit.donor_names:
        holder.append(el)
    if len(holder) == 0:
        root.remove(holder)


def _rewrite_view(root: etree._Element, edit: BookEdit, new_order: list[str]) -> None:
    visible = [i for i, s in enumerate(edit.sheets) if not s.state]
    fallback = visible[0] if visible else 0
    active = fallback
    if edit.active is not None:
        active = next(
            (i for i in visible if new_order[i].casefold() == edit.active.casefold()), fallback
        )
    for view in root.iter(tag("workbookView")):
        _set_default_zero(view, "activeTab", active)
        first = int(view.get("firstSheet", "0") or 0)
        if first > active:
            _set_default_zero(view, "firstSheet", active)


def _set_default_zero(el: etree._Element, key: str, value: int) -> None:
    if int(el.get(key, "0") or 0) != value:
        el.set(key, str(value))


#: children of <workbook> in schema order (where a new element goes)
_ORDER = [
    "fileVersion",
    "fileSharing",
    "workbookPr",
    "workbookProtection",
    "bookViews",
    "sheets",
    "functionGroups",
    "externalReferences",
    "definedNames",
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
]


def _place(root: etree._Element, el: etree._Element, local: str) -> None:
    rank = _ORDER.index(local)
    root.remove(el)
    for i, child in enumerate(root):
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name in _ORDER and _ORDER.index(name) > rank:
            root.insert(i, el)
            return
    root.append(el)


def active_sheet(root: etree._Element, sheets: Sequence[Sheet]) -> str | None:
    """The name of the sheet the source opens on."""
    view = next(root.iter(tag("workbookView")), None)
    index = int(view.get("activeTab", "0") or 0) if view is not None else 0
    return sheets[index].name if 0 <= index < len(sheets) else None
