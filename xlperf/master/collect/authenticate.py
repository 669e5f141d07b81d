"""Which cycle manifest authenticates a collect run, and what it says of each form.

``collect --cycle MANIFEST`` names the manifest; without it, collect looks for
``xlperf-cycle.json`` beside the master, else beside the returned forms (in
each folder given, or beside each file given). A manifest that is named or
found but cannot be read stops the run before anything is written: a form
must never pass as unauthenticated because its manifest was damaged. Only
when there is no manifest at all does collect go on, and then it says once
that the forms were not authenticated.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> find_manifest(None, folder / "master.xlsx", [folder]) is None
    True
    >>> warning = not_authenticated([folder / "a.xlsx", folder / "b.xlsx"], Path("master.xlsx"))
    >>> warning.code, warning.severity, warning.render("en").split(": ")[:2]
    ('COLLECT_NOT_AUTHENTICATED', 'warning', ['master.xlsx', '2 form(s) collected without authentication'])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from xlperf.errors import Location, Problem, UsageError
from xlperf.messages import say
from xlperf.templates.manifest import MANIFEST_NAME, CycleManifest, load_manifest
from xlperf.templates.reader import FormContents
from xlperf.templates.verify import verify_form

#: how many file names the run-level warning lists before "… (k more)"
NAMES_SHOWN = 5

Verifier = Callable[[Path, FormContents], list[Problem]]


def _beside_forms(forms: Sequence[str | Path]) -> list[Path]:
    """The manifest each folder given (or each file's folder) would hold, once each."""
    seen: dict[Path, Path] = {}
    for item in map(Path, forms):
        folder = item if item.is_dir() else item.parent
        candidate = folder / MANIFEST_NAME
        if candidate.is_file():
            seen.setdefault(candidate.resolve(), candidate)
    return list(seen.values())


def find_manifest(
    cycle: str | Path | None, out: Path | None, forms: Sequence[str | Path]
) -> Path | None:
    """The manifest of this run: ``cycle`` (a file, or the folder holding it), else the one beside
    the master ``out`` (None: a master not saved yet), else the one beside the forms; None when
    there is none.

    Forms lying beside several different manifests are a usage error (say which with --cycle).
    """
    if cycle is not None:
        named = Path(cycle)
        return named / MANIFEST_NAME if named.is_dir() else named
    beside_master = Path(out).parent / MANIFEST_NAME if out is not None else None
    if beside_master is not None and beside_master.is_file():
        return beside_master
    found = _beside_forms(forms)
    if len(found) > 1:
        items = ", ".join(str(p) for p in found)
        problem = say("COLLECT_CYCLE_AMBIGUOUS", Location(), n=len(found), items=items)
        raise UsageError("The forms belong to several cycles", [problem])
    return found[0] if found else None


def load_cycle(path: Path | None) -> CycleManifest | None:
    """The manifest at ``path`` (None for None); a missing or damaged one raises WorkbookError (exit 3)."""
    return load_manifest(path) if path is not None else None


def verifier(manifest: CycleManifest) -> Verifier:
    """What collect asks of each form it read: the keyed problems against ``manifest``."""

    def verify(path: Path, form: FormContents) -> list[Problem]:
        return verify_form(form, manifest)

    return verify


def not_authenticated(paths: Sequence[Path], master: Path | None = None) -> Problem:
    """The one warning of a run without a manifest (at the ``master`` it writes), listing the forms
    it let in unauthenticated."""
    names = [p.name for p in paths]
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += f" … (+{len(names) - NAMES_SHOWN})"
    where = Location(file=str(master) if master is not None else None)
    return say("COLLECT_NOT_AUTHENTICATED", where, n=len(names), items=shown, subject=shown)
