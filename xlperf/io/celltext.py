"""Text cells as SpreadsheetML: one string, or an Arrow array of them at once.

Text is always an inline string (``t="inlineStr"``), never a formula,
whatever it starts with; ``&``, ``<``, ``>`` are escaped, characters XML
cannot carry become Excel's ``_xHHHH_`` escapes, surrounding whitespace is
kept (``xml:space="preserve"``). The empty string is an empty cell (None),
as openpyxl writes it. Used by :mod:`xlperf.io.cellxml`.

Example:
    >>> text_fragment("a<b")
    ' t="inlineStr"><is><t>a&lt;b</t></is></c>'
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ILLEGAL_RE2 = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x{fffe}\\x{ffff}]"
_EDGE_SPACE = (" ", "\t", "\n", "\r")
_EMPTY = pa.scalar("", pa.string())


def escape_text(text: str) -> str:
    """Text for an XML element: ``&<>`` escaped, illegal characters as ``_xHHHH_``.

    Example:
        >>> escape_text("a&b<\\x01")
        'a&amp;b&lt;_x0001_'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def text_fragment(text: str) -> str:
    """What follows ``<c r="A1" s="…"`` for a text cell (an inline string)."""
    t = (
        '<t xml:space="preserve">'
        if text.startswith(_EDGE_SPACE) or text.endswith(_EDGE_SPACE)
        else "<t>"
    )
    return f' t="inlineStr"><is>{t}{escape_text(text)}</t></is></c>'


def text_fragments(strings: pa.Array) -> pa.Array:
    """:func:`text_fragment` of every string of an Arrow array at once (null and "" are null).

    Example:
        >>> text_fragments(pa.array(["a<b", " x", None, ""])).to_pylist()
        [' t="inlineStr"><is><t>a&lt;b</t></is></c>', ' t="inlineStr"><is><t xml:space="preserve"> x</t></is></c>', None, None]
    """
    escaped = strings
    for plain, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        escaped = pc.replace_substring(escaped, plain, entity)
    illegal = pc.match_substring_regex(strings, _ILLEGAL_RE2)
    if pc.any(illegal).as_py():
        fixed = [escape_text(t) if t is not None else None for t in strings.to_pylist()]
        escaped = pc.if_else(illegal, pa.array(fixed, pa.string()), escaped)
    edge = pc.match_substring_regex(strings, "^[ \\t\\n\\r]|[ \\t\\n\\r]$")
    opening = pc.if_else(edge, '<t xml:space="preserve">', "<t>")
    joined = pc.binary_join_element_wise(
        ' t="inlineStr"><is>', opening, escaped, "</t></is></c>", ""
    )
    empty = pc.equal(strings, _EMPTY)
    if pc.any(empty).as_py():
        joined = pc.if_else(empty, pa.scalar(None, pa.string()), joined)
    return joined


__all__ = ["escape_text", "text_fragment", "text_fragments"]
