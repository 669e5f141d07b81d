"""The documented HR cycle, end to end, for ``xlperf demo``.

1. ``xlperf template``: forms per department for a 300-person demo company;
2. a script stands in for the managers and fills the forms: one manager
   changes a locked weight (tampering), another leaves an actual empty;
3. ``xlperf collect``: accepts the good forms, rejects those two with cell addresses;
4. ``xlperf recalc``: Results, Calibration and Dashboard in each master.

Example:
    >>> paths = run_cycle(Path("xlperf-demo/cycle"))  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from xlperf.core.scheme import shipped_schemes
from xlperf.demo.data import make_company
from xlperf.io.openpyxl_book import OpenpyxlBook
from xlperf.master.build import ADJ_COLUMNS
from xlperf.master.collect import collect_forms
from xlperf.master.cycle import fill_form
from xlperf.master.pipeline import _rows, recalc_book
from xlperf.master.save import save_book


def run_cycle(outdir: Path, lang: str = "zh", seed: int = 7, size: int = 300) -> list[Path]:
    """Run the whole cycle under ``outdir``; returns every file written."""
    from xlperf.templates.builder import build_forms

    outdir = Path(outdir)
    company = make_company(seed=seed, size=size)
    files = shipped_schemes()
    written: list[Path] = []
    counts = pd.Series(company.department_scheme).value_counts()
    bad_key = str(counts.index[0])  # the scheme with the most departments keeps good forms too
    for key, scheme in company.schemes.items():
        bad = iter(("tamper", "incomplete") if key == bad_key else ())
        depts = [d for d, k in company.department_scheme.items() if k == key]
        roster = company.roster[company.roster["department"].isin(depts)]
        forms = build_forms(scheme, roster, outdir / "1-forms" / key, lang)
        written.extend(forms)
        returned = []
        for form in forms:
            how = next(bad, None) if len(forms) > 1 else None
            out = outdir / "2-returned" / key / form.name
            returned.append(
                fill_form(
                    form,
                    scheme,
                    company.data[key],
                    company.ratings[key],
                    out,
                    tamper=how == "tamper",
                    incomplete=how == "incomplete",
                )
            )
        written.extend(returned)
        master = outdir / "3-master" / f"master_{key}.xlsx"
        rep = collect_forms(returned, files[key], master, lang)
        written.append(rep.report)
        print(rep.render(lang))
        if rep.master is None:
            continue
        book = OpenpyxlBook(master)
        present = set(
            book.wb["Data"].iter_cols(min_col=1, max_col=1, values_only=True).__next__()[1:]
        )
        adj = company.adjustments[key]
        adj = adj[adj["employee_id"].isin(present)].reindex(columns=ADJ_COLUMNS)
        book.replace_sheet("Adjustments")
        book.write_block("Adjustments", "A1", [ADJ_COLUMNS, *_rows(adj)])
        recalc_book(book, lang=lang)
        save_book(book, master, None)
        for old in master.parent.glob(f"{master.stem}.backup-*"):
            old.unlink()  # a fresh demo needs no backup of its own first draft
        written.append(master)
    return written
