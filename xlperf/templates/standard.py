"""The standard forms shipped in ``workbooks/forms/``: blank per-role forms of every shipped scheme, zh and en.

Regenerate them after changing a scheme or the builder (a test fails until you do)::

    python -m xlperf.templates.standard            # writes workbooks/forms/<scheme>/<lang>/

Example:
    >>> import tempfile
    >>> paths = write_standard_forms(tempfile.mkdtemp())
    >>> sorted({p.parent.name for p in paths})
    ['en', 'zh']
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from xlperf.core.scheme import load_scheme, shipped_schemes
from xlperf.templates.builder import build_forms

LANGS = ("zh", "en")
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "workbooks" / "forms"


def write_standard_forms(outdir: str | Path = DEFAULT_DIR) -> list[Path]:
    """Write ``<outdir>/<scheme stem>/<lang>/*.xlsx``; replaces what was there (all or nothing)."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".standard-", dir=out))
    try:
        for stem, path in shipped_schemes().items():
            scheme = load_scheme(path)
            text = path.read_text(encoding="utf-8-sig")
            for lang in LANGS:
                build_forms(scheme, None, staging / stem / lang, lang=lang, yaml_text=text)
        for child in staging.iterdir():
            dest = out / child.name
            if dest.exists():
                shutil.rmtree(dest)
            child.rename(dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(p for p in out.rglob("*.xlsx") if not p.name.startswith("."))


def main() -> int:
    for p in write_standard_forms(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
