"""The package's registers of parts: content types, workbook relationships, calculation chain.

Each function edits a parsed part in place and says whether it changed, so
an unchanged register is written back byte for byte.

Example:
    >>> from xlperf.io.package.opc import parse
    >>> root = parse(b'<c:calcChain xmlns:c="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    ...              b'<c:c r="A1" i="1"/><c:c r="A2"/><c:c r="B1" i="2"/><c:c r="B2"/></c:calcChain>')
    >>> drop_calc_entries(root, {1})
    True
    >>> [(c.get("r"), c.get("i")) for c in root]
    [('B1', '2'), ('B2', None)]
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from lxml import etree

from xlperf.io.package.opc import CT, MAIN, PKG_REL, Package, relative, resolve

_OVERRIDE = f"{{{CT}}}Override"
_DEFAULT = f"{{{CT}}}Default"
_REL = f"{{{PKG_REL}}}Relationship"


def register_types(
    root: etree._Element,
    donor: Package,
    parts: Iterable[tuple[str, str, str | None]],
    dead: set[str],
) -> bool:
    """Content types: drop the dead parts' overrides, add the new parts' types.

    ``parts`` are (output name, donor part name, content type) of new parts.
    """
    changed = False
    for o in list(root.iter(_OVERRIDE)):
        if o.get("PartName", "").lstrip("/").lower() in dead:
            root.remove(o)
            changed = True
    overrides = {o.get("PartName", "").lstrip("/").lower(): o for o in root.iter(_OVERRIDE)}
    defaults = {d.get("Extension", "").lower(): d.get("ContentType") for d in root.iter(_DEFAULT)}
    for name, donor_part, kind in parts:
        if kind is None:
            continue
        ext = posixpath.splitext(name)[1].lstrip(".").lower()
        by_default = _donor_default(donor, donor_part) == kind
        if by_default and ext not in defaults:
            _insert_default(root, ext, kind)
            defaults[ext] = kind
            changed = True
        if by_default and defaults.get(ext) == kind:
            continue
        old = overrides.get(name.lower())
        if old is not None and old.get("ContentType") == kind:
            continue
        if old is None:
            old = etree.SubElement(root, _OVERRIDE)
            overrides[name.lower()] = old
        old.set("PartName", "/" + name)
        old.set("ContentType", kind)
        changed = True
    return changed


def _donor_default(donor: Package, part: str) -> str | None:
    ext = posixpath.splitext(part)[1].lstrip(".").lower()
    for o in donor.types.iter(_OVERRIDE):
        if o.get("PartName", "").lstrip("/").lower() == part.lower():
            return None
    for d in donor.types.iter(_DEFAULT):
        if d.get("Extension", "").lower() == ext:
            return d.get("ContentType")
    return None


def _insert_default(root: etree._Element, ext: str, kind: str) -> None:
    el = etree.Element(_DEFAULT, Extension=ext, ContentType=kind)
    last = None
    for i, child in enumerate(root):
        if child.tag == _DEFAULT:
            last = i
    root.insert(0 if last is None else last + 1, el)


def register_rels(
    root: etree._Element,
    book: str,
    drop_ids: set[str],
    sheets: Iterable[tuple[str, str, str]],
) -> bool:
    """Workbook relationships: drop ``drop_ids``; set (id, type, part) for the output sheets."""
    changed = False
    by_id = {}
    for r in list(root.iter(_REL)):
        if r.get("Id") in drop_ids:
            root.remove(r)
            changed = True
        else:
            by_id[r.get("Id")] = r
    for rid, full_type, part in sheets:
        target = relative(book, part)
        r = by_id.get(rid)
        if r is None:
            r = etree.SubElement(root, _REL, Id=rid)
        elif r.get("Type") == full_type and _same_target(book, r.get("Target", ""), part):
            continue
        r.set("Type", full_type)
        r.set("Target", target)
        changed = True
    return changed


def _same_target(book: str, target: str, part: str) -> bool:
    return resolve(book, target).lower() == part.lower()


def drop_calc_entries(root: etree._Element, sheet_ids: set[int]) -> bool:
    """Remove the chain's cells on ``sheet_ids`` (``i`` is inherited from the previous cell)."""
    changed = False
    current = None
    kept_last = None
    for c in list(root.iter(f"{{{MAIN}}}c")):
        if c.get("i") is not None:
            current = int(c.get("i"))
        if current in sheet_ids:
            root.remove(c)
            changed = True
            continue
        if changed and c.get("i") is None and kept_last != current:
            c.set("i", str(current))
        kept_last = current
    return changed
