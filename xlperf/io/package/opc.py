"""Reading an OOXML (OPC) package: parts, content types, relationships, what reaches what.

Every XML part a user made is parsed with entity resolution and network
access off (:data:`PARSER`). Part names are package paths without the
leading slash (``xl/worksheets/sheet1.xml``).

Example:
    >>> resolve("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml")
    'xl/drawings/drawing1.xml'
    >>> rels_part("xl/worksheets/sheet1.xml")
    'xl/worksheets/_rels/sheet1.xml.rels'
    >>> relative("xl/worksheets/sheet1.xml", "xl/drawings/drawing2.xml")
    '../drawings/drawing2.xml'
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, unquote

from lxml import etree

from xlperf.errors import Location, WorkbookError
from xlperf.messages import say

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
STRICT = "http://purl.oclc.org/ooxml/"
CONTENT_TYPES = "[Content_Types].xml"
PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, remove_comments=False
)


@dataclass(frozen=True)
class Rel:
    """One relationship of a part: its id, short type (``worksheet``), target part or URL."""

    id: str
    type: str
    full_type: str
    target: str
    external: bool


def parse(data: bytes, part: str = "") -> etree._Element:
    """Parse a user's XML part safely; a damaged part is a :class:`WorkbookError`."""
    try:
        return etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        raise broken(part, f"XML error: {exc}") from None


def serialize(root: etree._Element) -> bytes:
    """A part's XML with the declaration Excel writes."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def broken(part: str, detail: str) -> WorkbookError:
    return WorkbookError(
        "Damaged workbook", [say("PACKAGE_BROKEN", Location(), detail=detail, part=part)]
    )


def rels_part(part: str) -> str:
    """The relationships part of ``part`` (``""`` is the package itself)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source: str, target: str) -> str:
    """The part name a relationship target of ``source`` points at."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def relative(source: str, part: str) -> str:
    """The relative target that points from ``source`` at ``part``."""
    return quote(posixpath.relpath(part, posixpath.dirname(source) or "."), safe="/._-~")


class Package:
    """A zip package opened for reading (a file, or bytes in memory): entries, types, relationships."""

    def __init__(self, path: Path | BinaryIO) -> None:
        self._file = None if isinstance(path, str | Path) else path
        self.path = Path(path) if self._file is None else Path("workbook")
        try:
            self.zip = zipfile.ZipFile(self.path if self._file is None else self._file)
        except (zipfile.BadZipFile, OSError) as exc:
            raise WorkbookError(
                f"Cannot read {self.path}",
                [say("PACKAGE_NOT_XLSX", Location(file=str(self.path)), detail=str(exc))],
            ) from None
        self.infos = {i.filename: i for i in self.zip.infolist()}
        self.order = [i.filename for i in self.zip.infolist()]
        self._lower = {n.lower(): n for n in self.order}
        self._rels: dict[str, list[Rel]] = {}
        if CONTENT_TYPES not in self.infos:
            raise WorkbookError(
                f"Cannot read {self.path}",
                [
                    say(
                        "PACKAGE_NOT_XLSX",
                        Location(file=str(self.path)),
                        detail="no [Content_Types].xml",
                    )
                ],
            )
        self.types = parse(self.read(CONTENT_TYPES), CONTENT_TYPES)

    def close(self) -> None:
        self.zip.close()

    @contextlib.contextmanager
    def raw(self) -> Iterator[BinaryIO]:
        """The package's bytes, for copying entries as they are stored."""
        if self._file is not None:
            yield self._file
            return
        with open(self.path, "rb") as fh:
            yield fh

    def name(self, part: str) -> str | None:
        """The stored entry name of ``part`` (part names are case-insensitive)."""
        return part if part in self.infos else self._lower.get(part.lower())

    def has(self, part: str) -> bool:
        return self.name(part) is not None

    def read(self, part: str) -> bytes:
        name = self.name(part)
        if name is None:
            raise broken(part, "missing part")
        return self.zip.read(name)

    def rels(self, part: str) -> list[Rel]:
        """The relationships of ``part`` (empty when it has none)."""
        if part not in self._rels:
            name = rels_part(part)
            self._rels[part] = read_rels(self.read(name), part, name) if self.has(name) else []
        return self._rels[part]

    def content_type(self, part: str) -> str | None:
        """The content type of ``part``: its Override, else the Default of its extension."""
        for o in self.types.iter(f"{{{CT}}}Override"):
            if o.get("PartName", "").lstrip("/").lower() == part.lower():
                return o.get("ContentType")
        ext = posixpath.splitext(part)[1].lstrip(".").lower()
        for d in self.types.iter(f"{{{CT}}}Default"):
            if d.get("Extension", "").lower() == ext:
                return d.get("ContentType")
        return None

    def main_part(self) -> str:
        """The workbook part (``xl/workbook.xml``), from the package relationships."""
        for r in self.rels(""):
            if r.type == "officeDocument" and not r.external:
                if r.full_type.startswith(STRICT):
                    raise strict(r.target)
                return r.target
        raise broken("_rels/.rels", "no workbook part")

    def reach(self, starts: Iterable[str], skip: frozenset[str] = frozenset()) -> set[str]:
        """Every part reachable from ``starts`` through relationships, not entering ``skip``."""
        seen: set[str] = set()
        todo = [s for s in starts if s not in skip]
        while todo:
            part = todo.pop()
            if part in seen or not self.has(part):
                continue
            seen.add(part)
            todo.extend(
                r.target for r in self.rels(part) if not r.external and r.target not in skip
            )
        return seen


def strict(part: str) -> WorkbookError:
    return WorkbookError("Strict Open XML", [say("PACKAGE_STRICT", Location(), part=part)])


def read_rels(data: bytes, source: str, name: str) -> list[Rel]:
    """Parse a ``.rels`` part of ``source``; targets are resolved to part names."""
    out = []
    for r in parse(data, name).iter(f"{{{PKG_REL}}}Relationship"):
        full = r.get("Type", "")
        external = r.get("TargetMode") == "External"
        target = r.get("Target", "")
        out.append(
            Rel(
                r.get("Id", ""),
                full.rsplit("/", 1)[-1],
                full,
                target if external else resolve(source, target),
                external,
            )
        )
    return out


def next_id(taken: Iterable[str], prefix: str = "rId") -> str:
    """The first ``prefix<n>`` not in ``taken``.

    Example:
        >>> next_id(["rId1", "rId3"])
        'rId2'
    """
    used = set(taken)
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


def fresh_name(part: str, taken: set[str]) -> str:
    """``part`` renumbered to the lowest free number in its folder (``drawing1.xml`` → ``drawing2.xml``).

    Example:
        >>> fresh_name("xl/drawings/drawing1.xml", {"xl/drawings/drawing1.xml"})
        'xl/drawings/drawing2.xml'
    """
    folder, name = posixpath.split(part)
    m = re.match(r"^(.*?)(\d*)(\.[^.]+)$", name)
    stem, ext = (m.group(1), m.group(3)) if m else (name, "")
    lowered = {t.lower() for t in taken}
    n = 1
    while posixpath.join(folder, f"{stem}{n}{ext}").lower() in lowered:
        n += 1
    return posixpath.join(folder, f"{stem}{n}{ext}")
