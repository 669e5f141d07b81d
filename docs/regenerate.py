"""Regenerate the generated parts of the docs: the methods table and the problem codes.

Run: python docs/regenerate.py   (tests fail when these parts are stale)
"""

from __future__ import annotations

from pathlib import Path

from xlperf.core.contract import methods_markdown
from xlperf.messages import problems_markdown

DOCS = Path(__file__).resolve().parent


def _replace(path: Path, start: str, end: str, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    a = text.index(start) + len(start)
    b = text.index(end, a)
    path.write_text(text[:a] + body + text[b:], encoding="utf-8")


if __name__ == "__main__":
    _replace(
        DOCS / "scheme.md", "<!-- methods:start -->\n", "\n<!-- methods:end -->", methods_markdown()
    )
    _replace(
        DOCS / "problems.md", "<!-- codes:start -->\n", "<!-- codes:end -->", problems_markdown()
    )
    print("docs regenerated")
