"""The documented HR cycle, end to end, for ``xlperf demo``.

1. ``xlperf template``: forms per department for a 300-person demo company,
   issued in a cycle (``1-forms/<scheme>/xlperf-cycle.json``, the key HR keeps);
2. a script stands in for the managers and fills the forms: one manager
   changes a locked weight (tampering), another leaves an actual empty;
3. ``xlperf collect --cycle``: in two batches into one master; every form is
   authenticated against the manifest; the good ones are accepted, those two
   rejected with cell addresses, and the master holds both batches;
4. ``xlperf recalc``: Results, Calibration and Dashboard in each master; the sales master
   also gets HR's PayBase / 薪酬基数 and Teams / 团队 sheets, so its Pay sheet and the
   payroll CSV (``payroll``) show the amounts.

Example:
    >>> paths = run_cycle(Path("xlperf-demo/cycle"))  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from xlperf.core.scheme import shipped_schemes
from xlperf.demo.data import Company, make_company
from xlperf.demo.pay import DemoPay, demo_pay
from xlperf.io.results_writer import write_payroll
from xlperf.master import sheets as S
from xlperf.master.build import ADJ_COLUMNS
from xlperf.master.collect import collect_forms
from xlperf.master.cycle import fill_form
from xlperf.master.filebook import FileMaster
from xlperf.master.inputs import find_sheet
from xlperf.master.outputs.common import frame_rows
from xlperf.master.recalc import RecalcReport, recalc_book
from xlperf.master.writer import commit_master


def _return_forms(
    company: Company, key: str, forms: list[Path], outdir: Path, bad: bool
) -> list[Path]:
    """Managers fill the forms; with ``bad``, one tampers with a weight and one leaves an actual empty."""
    scheme = company.schemes[key]
    how = iter(("tamper", "incomplete") if bad and len(forms) > 1 else ())
    returned = []
    for form in forms:
        kind = next(how, None)
        out = outdir / "2-returned" / key / form.name
        returned.append(
            fill_form(
                form,
                scheme,
                company.data[key],
                company.ratings[key],
                out,
                tamper=kind == "tamper",
                incomplete=kind == "incomplete",
            )
        )
    return returned


def _collect_in_batches(
    returned: list[Path], scheme_file: Path, master: Path, lang: str, manifest: Path
) -> list[Path]:
    """Forms come back over days: collect them in two batches into one master.

    The first forms returned (the tampered and the incomplete one) come in the
    second batch, so the report the master keeps shows their rejection.
    """
    order = returned[2:] + returned[:2] if len(returned) > 2 else returned
    half = max(1, len(order) // 2)
    report = None
    for batch in (order[:half], order[half:]):
        if batch:
            rep = collect_forms(batch, scheme_file, master, lang, cycle=manifest)
            print(rep.render(lang))
            report = rep.report
    return [report] if report else []


def _paste(book: FileMaster, name: str, frame: pd.DataFrame) -> None:
    book.replace_sheet(name)
    book.write_block(name, "A1", [list(frame.columns), *frame_rows(frame)])


def _add_adjustments(
    company: Company, key: str, master: Path, lang: str, pay: DemoPay | None = None
) -> RecalcReport:
    """HR's own step: paste the adjustments (and the pay inputs) of the collected employees,
    then recalculate."""
    book = FileMaster(master)
    present = {str(r[0]) for r in book.read_rows(find_sheet(book, "data"))[1:] if r}
    adj = pay.adjustments(company.adjustments[key]) if pay is not None else company.adjustments[key]
    adj = adj[adj["employee_id"].astype(str).isin(present)].reindex(columns=ADJ_COLUMNS)
    _paste(book, find_sheet(book, "adjustments"), adj)
    if pay is not None:
        mine = pay.only(present)
        _paste(book, find_sheet(book, "pay") or S.sheet("paybase", lang), mine.pay)
        _paste(book, find_sheet(book, "teams") or S.sheet("teams", lang), mine.teams)
    report = recalc_book(book, lang=lang)
    commit_master(book, master, keep_backups=0)
    return report


def run_cycle(
    outdir: Path, lang: str = "zh", seed: int = 7, size: int = 300, payroll: Path | None = None
) -> list[Path]:
    """Run the whole cycle under ``outdir``; returns every file written.

    ``payroll``: where to write the sales master's payroll CSV (default ``outdir/payroll.csv``).
    """
    from xlperf.templates.builder import build_forms
    from xlperf.templates.manifest import manifest_path

    outdir = Path(outdir)
    company = make_company(seed=seed, size=size)
    files = shipped_schemes()
    written: list[Path] = []
    bad_key = str(pd.Series(company.department_scheme).value_counts().index[0])
    for key, scheme in company.schemes.items():
        depts = [d for d, k in company.department_scheme.items() if k == key]
        roster = company.roster[company.roster["department"].isin(depts)]
        forms = build_forms(scheme, roster, outdir / "1-forms" / key, lang, cycle=True)
        manifest = manifest_path(outdir / "1-forms" / key)
        returned = _return_forms(company, key, forms, outdir, key == bad_key)
        written += [*forms, manifest, *returned]
        master = outdir / "3-master" / f"master_{key}.xlsx"
        written += _collect_in_batches(returned, files[key], master, lang, manifest)
        if master.exists():
            pay = demo_pay(company, key, seed)
            report = _add_adjustments(company, key, master, lang, pay)
            written.append(master)
            if pay is not None and report.results is not None and report.results.pay is not None:
                written.append(write_payroll(report.results, payroll or outdir / "payroll.csv"))
    return written
