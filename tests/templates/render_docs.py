"""Make the picture in docs/templates.md: a sales form for 华东, filled by a script, rendered by LibreOffice.

Run from the repository root::

    python tests/templates/render_docs.py          # writes docs/img/template-*.png
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from form_fill import fill_form, random_inputs, roster_for  # noqa: E402

import xlperf  # noqa: E402
from xlperf.io.libreoffice import render_png  # noqa: E402
from xlperf.templates.builder import build_forms  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PAGES = {2: "template-kpi.png", 4: "template-summary.png"}


def main() -> int:
    scheme = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
    roster = roster_for(scheme, per_role=2)
    with tempfile.TemporaryDirectory() as tmp:
        form = build_forms(scheme, roster, Path(tmp) / "forms")[0]
        rng = random.Random(4)
        inputs = {
            e: random_inputs(scheme, scheme.resolve_role(r), rng)
            for e, r in zip(roster["工号"], roster["岗位"], strict=True)
        }
        filled = fill_form(form, scheme, inputs, Path(tmp) / "sales-form.xlsx")
        pngs = render_png(filled, Path(tmp) / "img", first_page_only=False, dpi=100)
        for page, name in PAGES.items():
            shutil.copy(pngs[page - 1], ROOT / "docs" / "img" / name)
            print(ROOT / "docs" / "img" / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
