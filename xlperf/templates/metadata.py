"""The hidden metadata sheet ``_xlperf`` and the locked-cell fingerprints.

Layout of ``_xlperf`` (state ``veryHidden``, protected):

- ``A:B`` from row 1: ``key | value`` pairs (``format``, ``template_id``,
  ``scheme_id``, ``scheme_version``, ``scheme_fingerprint``, ``lang``, ``per``,
  ``group``, ``department``, ``roster_fingerprint``, ``sheets`` (JSON: sheet key →
  name), ``slots`` (JSON: role id per employee slot), ``blank``,
  ``scheme_yaml_sha256``, ``xlperf_version``...).
- the scheme's YAML text, cut into chunks of at most 8,000 characters in
  consecutive cells of column ``B`` below the key/value pairs; the workbook-level
  defined name ``XLPERF_SCHEME_YAML`` refers to exactly those cells.
  Concatenate them in order to get the exact text.
- ``D:F`` from row 1: ``sheet key | cell | fingerprint`` for every non-empty
  locked cell of the visible sheets (labels, weights, targets, formulas); on a
  form issued in a cycle, ``G`` holds each cell's keyed MAC, and the pairs
  include ``form_id`` and ``mac`` (see :mod:`xlperf.templates.seal`).

Example:
    >>> normalize("=if( a1 = \\"x\\" , 1 ,2)") == normalize("=IF(A1=\\"x\\",1,2)")
    True
    >>> normalize(40) == normalize(40.0)
    True
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

YAML_CHUNK = 8000
YAML_NAME = "XLPERF_SCHEME_YAML"
FORMAT_VERSION = "1"
FP_COLUMNS = ("D", "E", "F")

_STRING = re.compile(r'"(?:[^"]|"")*"')
_NUMBER = re.compile(r"(?<![A-Z0-9_.$])\d+(?:\.\d*)?(?:E[+-]?\d+)?(?![0-9A-Z(])")


def _norm_formula(text: str) -> str:
    out = []
    pos = 0
    for m in _STRING.finditer(text):
        out.append(_norm_code(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_norm_code(text[pos:]))
    return "=" + "".join(out).lstrip("=")


def _norm_code(code: str) -> str:
    # Spreadsheet programs re-serialise formulas: spacing, case, quotes around
    # sheet names and the _xlfn. prefix may change without changing meaning.
    code = re.sub(r"\s+", "", code).upper().replace("'", "").replace("_XLFN.", "")
    # numbers: LibreOffice writes at most 15 significant digits
    return _NUMBER.sub(lambda m: format(float(m.group(0)), ".12g"), code)


def normalize(value: object) -> str:
    """A cell's content in a form that survives a save by Excel, WPS or LibreOffice."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        return format(float(value), ".12g")
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n")
    if text.startswith("="):
        return _norm_formula(text)
    return text


def fingerprint(value: object) -> str:
    """A short unkeyed hash of a cell's normalized content (finds accidents, proves nothing)."""
    return hashlib.sha256(normalize(value).encode("utf-8")).hexdigest()[:12]


def content_id(*parts: object, n: int = 12) -> str:
    """A deterministic id from content (used for template ids)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:n]
