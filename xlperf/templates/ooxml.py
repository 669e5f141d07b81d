"""Post-save clean-up of an openpyxl xlsx: schema-valid font elements, fixed timestamps.

openpyxl writes the children of ``<font>`` in an order the OOXML schema (and
the Open XML SDK) rejects (``color`` before ``sz``, ``name`` first). Excel
tolerates it, strict validators do not. :func:`tidy` rewrites the package
with the schema order and with fixed zip and document timestamps, so the
same content always gives the same bytes.

Example:
    >>> tidy("form.xlsx")  # doctest: +SKIP
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_FONT_ORDER = (
    "b",
    "i",
    "strike",
    "condense",
    "extend",
    "outline",
    "shadow",
    "u",
    "vertAlign",
    "sz",
    "color",
    "name",
    "family",
    "charset",
    "scheme",
)
_RANK = {f"{{{_NS}}}{k}": n for n, k in enumerate(_FONT_ORDER)}
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
FIXED_W3C_TIME = "2026-01-01T00:00:00Z"


def _fix_styles(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for font in root.iter(f"{{{_NS}}}font"):
        children = list(font)
        ordered = sorted(children, key=lambda e: _RANK.get(e.tag, len(_RANK)))
        if ordered != children:
            for e in children:
                font.remove(e)
            font.extend(ordered)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _fix_core(xml: bytes) -> bytes:
    text = xml.decode("utf-8")
    text = re.sub(
        r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
        rf"\g<1>{FIXED_W3C_TIME}\g<2>",
        text,
    )
    return text.encode("utf-8")


def tidy(path: str | Path) -> None:
    """Rewrite ``path`` in place (call it on a file nobody else sees yet)."""
    p = Path(path)
    with zipfile.ZipFile(p) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    tmp = p.with_suffix(p.suffix + ".tidy")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            if info.filename == "xl/styles.xml":
                data = _fix_styles(data)
            elif info.filename == "docProps/core.xml":
                data = _fix_core(data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            zout.writestr(zi, data)
    tmp.replace(p)
