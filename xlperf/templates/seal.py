"""Keyed fingerprints (HMAC-SHA256) of a form's locked content, under the cycle's secret key.

A form issued in a cycle carries, in its hidden sheet ``_xlperf``, one MAC
per locked cell (to say WHICH cell changed) and one MAC over everything it
was issued with (the verdict): its form id, its metadata, its scheme's YAML,
its slots (which employee is in which row) and every locked cell. Values
are normalised first (:func:`xlperf.templates.metadata.normalize`), so a
form re-saved by Excel, WPS or LibreOffice still verifies. Without the key
nobody can compute them, so recomputing xlperf's unkeyed hashes after an
edit no longer helps.

Example:
    >>> key = bytes(32)
    >>> cell_mac(key, "F1", "kpi", "I5", 40) == cell_mac(key, "F1", "kpi", "I5", 40.0)
    True
    >>> cell_mac(key, "F1", "kpi", "I5", 40) == cell_mac(key, "F1", "kpi", "I6", 40)
    False
    >>> listed = ListedCell("kpi", "I5", "fp", cell_mac(key, "F1", "kpi", "I5", 40))
    >>> content = SealedContent("F1", (("scheme_id", "s"),), "yaml", ("E1",), ((listed, 40),))
    >>> len(form_mac(key, content))
    64
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from xlperf.templates.metadata import normalize

#: hex digits kept of a cell's MAC: enough to locate a change, never the verdict
CELL_MAC_HEX = 16
#: metadata keys that are not part of the sealed content
UNSEALED_KEYS = frozenset({"mac"})
SEAL_VERSION = 1


@dataclass(frozen=True)
class ListedCell:
    """One row of ``_xlperf!D:G``: a locked cell and its fingerprints as issued.

    ``fingerprint`` is an unkeyed hash (it locates accidental edits and proves
    nothing); ``mac`` is keyed with the cycle's secret (empty on forms built
    outside a cycle) and locates edits by someone without the key.
    """

    sheet_key: str
    cell: str
    fingerprint: str
    mac: str = ""


@dataclass(frozen=True)
class SealedContent:
    """What a form's MAC covers; built the same way when issuing and when verifying.

    ``cells``: each listed locked cell (with its stored fingerprints, so that
    the list on ``_xlperf`` is sealed too) and the value it holds.
    """

    form_id: str
    meta: tuple[tuple[str, object], ...]
    yaml_text: str
    slot_ids: tuple[str, ...]
    cells: tuple[tuple[ListedCell, object], ...]


@dataclass(frozen=True)
class Seal:
    """The cycle's key and the id of the form being issued."""

    key: bytes
    form_id: str


def new_form_id() -> str:
    """A random form id, e.g. ``F3fa2c9d1e07b4a65``."""
    return "F" + secrets.token_hex(8)


def cell_mac(key: bytes, form_id: str, sheet_key: str, cell: str, value: object) -> str:
    """The keyed fingerprint of one locked cell of one form."""
    message = "\x1f".join(("cell", form_id, sheet_key, cell, normalize(value)))
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()[:CELL_MAC_HEX]


def _canonical(content: SealedContent) -> bytes:
    payload = {
        "v": SEAL_VERSION,
        "form_id": content.form_id,
        "meta": sorted([k, normalize(v)] for k, v in content.meta if k not in UNSEALED_KEYS),
        "yaml": content.yaml_text.replace("\r\n", "\n"),
        "slots": [normalize(x) for x in content.slot_ids],
        "cells": sorted(
            [c.sheet_key, c.cell, normalize(v), c.fingerprint, c.mac] for c, v in content.cells
        ),
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def form_mac(key: bytes, content: SealedContent) -> str:
    """HMAC-SHA256 (hex) of a form's sealed content."""
    return hmac.new(key, _canonical(content), hashlib.sha256).hexdigest()


def same_mac(a: str, b: str) -> bool:
    """Compare two MACs in constant time."""
    return hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))
