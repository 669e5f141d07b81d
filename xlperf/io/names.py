"""Output file names made from ids and names: one sanitising function for all of them.

No ``/``, ``\\``, ``..``, control characters or characters Windows forbids,
no Windows-reserved names (CON, NUL, COM1...), no leading or trailing dots
and spaces, and at most ``max_len`` characters (cut on a character, with a
short hash of the whole text so two long names never collide).

Example:
    >>> safe_name("../../etc/passwd"), safe_name("CON"), safe_name("销售一部/华东")
    ('____etc_passwd', '_CON', '销售一部_华东')
    >>> len(safe_name("x" * 300, max_len=40))
    40
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?$", re.IGNORECASE)
MAX_LEN = 80


def safe_name(text: object, max_len: int = MAX_LEN, empty: str = "_") -> str:
    """``text`` as one safe path component (never empty, never a path)."""
    raw = unicodedata.normalize("NFC", str(text))
    name = _FORBIDDEN.sub("_", raw)
    name = re.sub(r"\.{2,}", "_", name)
    name = name.strip(" .") or empty
    if _RESERVED.match(name):
        name = "_" + name
    if len(name) > max_len:
        digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:8]
        name = name[: max_len - 9].rstrip(" .") + "-" + digest
    return name
