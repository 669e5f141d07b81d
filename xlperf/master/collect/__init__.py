"""``collect``: check returned forms and merge the good ones into the master, keyed by form.

Collecting into an existing master adds the accepted forms and keeps every
row of every form not in this run; a form returned again replaces only its
own earlier rows (the report says whose return it replaces). An employee in
two different forms is an error naming both, and neither form's rows are
merged. ``replace_all`` starts the master's data afresh. A run where every
form is rejected writes no master. The whole run holds the master's lock.

Every form is authenticated against the cycle manifest (``cycle``, else the
``xlperf-cycle.json`` beside the master, else beside the forms; see
:mod:`xlperf.master.collect.authenticate`): a form not issued in the cycle,
or changed where it is locked, is rejected with its cell or slot. Without
any manifest the run goes on and warns once that the forms were not
authenticated.

Example:
    >>> rep = collect_forms(["returned/"], "sales.yaml", Path("master.xlsx"))  # doctest: +SKIP
    >>> [(e.path.name, e.status) for e in rep.entries]  # doctest: +SKIP
    [('sales-2026q1_华东.xlsx', 'accepted'), ('sales-2026q1_华北.xlsx', 'rejected')]
"""

from __future__ import annotations

from pathlib import Path

from xlperf.core.scheme import load_scheme
from xlperf.errors import InputError, Location, Problem, UsageError
from xlperf.io.lock import DEFAULT_WAIT
from xlperf.io.scheme_store import store_rows
from xlperf.master import sheets as S
from xlperf.master.collect.authenticate import (
    find_manifest,
    load_cycle,
    not_authenticated,
    verifier,
)
from xlperf.master.collect.forms import FormEntry, expand, judge_together, read_forms
from xlperf.master.collect.merge import (
    MasterTable,
    assign_legacy_ids,
    check_against_master,
    check_master_table,
    merged,
)
from xlperf.master.collect.report import CollectReport, write_report
from xlperf.master.collect.sources import Sources
from xlperf.master.filebook import FileMaster
from xlperf.master.inputs import find_sheet
from xlperf.master.outputs.log import now_text
from xlperf.master.writer import DEFAULT_KEEP, commit_master, master_session, same_file
from xlperf.messages import say

__all__ = ["CollectReport", "FormEntry", "collect_forms", "collect_into_book", "expand"]


def _table(book, kind: str, lang: str) -> MasterTable:
    name = find_sheet(book, kind)
    if name is None:
        return MasterTable.new(kind, S.sheet(kind, lang), lang)
    rows = book.read_rows(name)
    header = list(rows[0]) if rows else []
    body = [list(r) + [None] * (len(header) - len(r)) for r in rows[1:]]
    return MasterTable(header or MasterTable.new(kind, name, lang).header, body, name, kind)


def load_master(book, lang: str, replace_all: bool) -> tuple[MasterTable, MasterTable, Sources]:
    """The master's Data, Ratings and Sources as they are (empty with ``replace_all``)."""
    if replace_all or not book.sheet_names():
        fresh = []
        for kind in ("data", "ratings"):
            old = _table(book, kind, lang)
            table = MasterTable(old.header, [], old.sheet, kind)
            table.ensure_form_id(lang)
            fresh.append(table)
        return fresh[0], fresh[1], Sources.empty(lang)
    src_name = next((n for n in S.both("sources") if n in book.sheet_names()), None)
    sources = Sources.from_rows(book.read_rows(src_name), lang) if src_name else Sources.empty(lang)
    data, ratings = _table(book, "data", lang), _table(book, "ratings", lang)
    for table in (data, ratings):
        assign_legacy_ids(table, sources.dept_to_form(), lang)
    return data, ratings, sources


def _note_replaced(entries: list[FormEntry], sources: Sources) -> None:
    current = sources.current()
    for e in entries:
        old = current.get(e.key)
        if e.status == "accepted" and old is not None:
            e.replaces, e.replaced_at = str(old.get("file")), str(old.get("collected_at") or "")


def fill_master(
    book,
    data: MasterTable,
    ratings: MasterTable,
    sources: Sources,
    yaml_text: str | None,
    lang: str,
) -> None:
    """Write Data, Ratings, Sources, the stored scheme (and an empty Adjustments) into ``book``."""
    for table in (data, ratings):
        book.replace_sheet(table.sheet)
        book.write_block(table.sheet, "A1", [table.header, *table.rows])
    if find_sheet(book, "adjustments") is None:
        adj = MasterTable.new("adjustments", S.sheet("adjustments", lang), lang)
        book.replace_sheet(adj.sheet)
        book.write_block(adj.sheet, "A1", [adj.header[:-1]])
    name = next((n for n in S.both("sources") if n in book.sheet_names()), S.sheet("sources", lang))
    book.replace_sheet(name)
    book.write_block(name, "A1", sources.rows())
    if yaml_text is not None:
        book.replace_sheet(S.STORE_SHEET)
        book.write_block(S.STORE_SHEET, "A1", store_rows(yaml_text, lang=lang))
        if "hide" in book.capabilities:
            book.hide_sheet(S.STORE_SHEET)
        if S.LEGACY_SCHEME_SHEET in book.sheet_names():
            book.delete_sheet(S.LEGACY_SCHEME_SHEET)


def merge_entries(
    book, entries: list[FormEntry], lang: str, replace_all: bool
) -> tuple[MasterTable, MasterTable, Sources]:
    data, ratings, sources = load_master(book, lang, replace_all)
    file = str(book.path) if getattr(book, "path", None) else "workbook"
    problems = check_master_table(data, file) + check_master_table(ratings, file)
    if problems:
        raise InputError(
            "The master's data was edited by hand",
            problems,
            "汇总表的数据被手工改动，未写入任何文件。",
        )
    files = {key: str(r.get("file")) for key, r in sources.current().items()}
    check_against_master(entries, data, files)
    _note_replaced(entries, sources)
    accepted = [e for e in entries if e.status == "accepted"]
    sources.mark_replaced({e.key for e in accepted})
    when = now_text()
    for e in accepted:
        sources.add(
            (
                e.form_id,
                str(e.path),
                e.department,
                e.roles,
                e.template_id,
                e.file_hash,
                e.employees,
                when,
                "current",
            )
        )
    return merged(data, entries, "data"), merged(ratings, entries, "ratings"), sources


def _refuse_output_among_forms(out: Path, forms: list[str | Path], paths: list[Path]) -> None:
    if any(same_file(Path(f), out) for f in forms) or any(same_file(p, out) for p in paths):
        raise UsageError(
            f"Refusing to write {out}",
            [say("USAGE_OUTPUT_IS_INPUT", Location(file=str(out)), file=str(out))],
        )


def _authenticity(verify, manifest_path: Path | None):
    """The verifier of a run (the one given, else the manifest's) and the manifest it uses."""
    if verify is not None:
        return verify, None
    manifest = load_cycle(manifest_path)
    return (verifier(manifest), manifest_path) if manifest is not None else (None, None)


def _run_warnings(entries: list[FormEntry], verify, master: Path | None) -> list[Problem]:
    """One warning for the whole run when the accepted forms were not authenticated."""
    accepted = [e.path for e in entries if e.status == "accepted"]
    return [not_authenticated(accepted, master)] if verify is None and accepted else []


def collect_forms(
    forms: list[str | Path],
    scheme_path: str | Path,
    out: Path,
    lang: str = "zh",
    *,
    replace_all: bool = False,
    verify=None,
    cycle: str | Path | None = None,
    wait: float = DEFAULT_WAIT,
    keep_backups: int = DEFAULT_KEEP,
    progress=None,
) -> CollectReport:
    """Judge the forms and merge the accepted ones into ``out`` (created when absent).

    ``cycle``: the cycle manifest (or its folder); default the one beside ``out``, else
    beside the forms. ``verify(path, form)`` replaces the manifest's check (for tests).
    ``progress``: an :class:`xlperf.io.progress.Progress` counting the forms read.
    """
    out = Path(out)
    scheme = load_scheme(scheme_path)
    yaml_text = Path(scheme_path).read_text(encoding="utf-8-sig")
    _refuse_output_among_forms(out, forms, [])
    paths = expand(forms, exclude=out)
    if not paths:
        raise UsageError("No forms to collect", [say("USAGE_NO_FORMS", Location())])
    verify, manifest = _authenticity(verify, find_manifest(cycle, out, forms))
    with master_session(out if out.exists() else None, out, "collect", wait):
        if progress is not None:
            progress.start("读取表单" if lang == "zh" else "reading forms", len(paths))
        entries = read_forms(paths, scheme, verify, progress.advance if progress else None)
        if progress is not None:
            progress.finish()
        judge_together(entries)
        book = FileMaster(out)
        data, ratings, sources = merge_entries(book, entries, lang, replace_all)
        report = CollectReport(
            entries, warnings=_run_warnings(entries, verify, out), cycle=manifest
        )
        if replace_all:
            report.notes.append(
                "已清空汇总表原有数据（--replace-all）"
                if lang == "zh"
                else "the master's data was started afresh (--replace-all)"
            )
        if report.accepted:
            fill_master(book, data, ratings, sources, yaml_text, lang)
            commit_master(book, out, keep_backups)
            report.master = out
        name = out.with_name(out.stem + ".collect-report.csv")
        report.report = write_report(name, entries, lang, report.warnings)
    return report


def collect_into_book(book, folder: str | Path, lang: str = "zh", progress=None) -> CollectReport:
    """The ribbon's "Collect forms": merge the forms of ``folder`` into an open master (same rules,
    authenticated by the manifest beside the master, else in ``folder``)."""
    from xlperf.master.inputs import resolve_scheme

    scheme = resolve_scheme(book)
    own = book.path if getattr(book, "path", None) else None
    paths = expand([folder], exclude=own)
    verify, manifest = _authenticity(None, find_manifest(None, own, [folder]))
    if progress is not None:
        progress(message=f"{len(paths)} forms", fraction=0.1)
    entries = read_forms(paths, scheme, verify)
    judge_together(entries)
    data, ratings, sources = merge_entries(book, entries, lang, replace_all=False)
    warnings = _run_warnings(entries, verify, own)
    report = CollectReport(entries, warnings=warnings, cycle=manifest)
    report.report = write_report(
        Path(folder) / "collect-report.csv", entries, lang, report.warnings
    )
    if report.accepted:
        fill_master(book, data, ratings, sources, None, lang)
    return report
