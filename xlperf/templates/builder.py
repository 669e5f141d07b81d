"""Build the appraisal forms (考核表) from a scheme and a roster, and write them (all or nothing).

:func:`build_forms` writes one workbook per department (or per role) for a
roster, or a blank form per role without one. Each sheet of a form is built
by its own module in :mod:`xlperf.templates.form`; every number in a form is
a native formula from :mod:`xlperf.templates.compiler`. All files are built
in a temporary folder and moved into place only when every one of them is
complete.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> import tempfile
    >>> paths = build_forms(load_scheme(shipped_schemes()["sales"]), None, tempfile.mkdtemp())
    >>> [p.name for p in paths][:1]
    ['sales-2026q1_销售专员.xlsx']
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd
import yaml
from openpyxl import Workbook

from xlperf.core.scheme import Scheme
from xlperf.errors import Location, UsageError, WorkbookError
from xlperf.messages import say
from xlperf.templates import manifest as mf
from xlperf.templates.form import workbook as form_workbook
from xlperf.templates.form.records import FormSpec, Person
from xlperf.templates.form.roster import (
    BLANK_SLOTS,
    form_specs,
    roster_fingerprint,
    roster_people,
)
from xlperf.templates.ooxml import tidy
from xlperf.templates.seal import Seal, new_form_id

__all__ = [
    "BLANK_SLOTS",
    "FormSpec",
    "Person",
    "build_forms",
    "build_workbook",
    "form_filename",
    "form_specs",
    "roster_fingerprint",
    "roster_people",
    "scheme_yaml",
]


def scheme_yaml(scheme: Scheme) -> str:
    """YAML text for a scheme built in code (forms built from a file carry the file's text)."""
    return yaml.safe_dump(
        scheme.model_dump(mode="json", exclude_none=True), allow_unicode=True, sort_keys=False
    )


def _safe_file_part(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._") or "form"


def form_filename(scheme: Scheme, spec: FormSpec, lang: str) -> str:
    """``<scheme id>_<department or role>.xlsx``, safe as a file name."""
    if spec.per == "role" or spec.blank:
        role = scheme.role_by_id.get(spec.group)
        label = scheme.display_name(role, lang) if role else spec.group
    else:
        label = spec.group
    return f"{scheme.id}_{_safe_file_part(label)}.xlsx"


def build_workbook(
    scheme: Scheme,
    spec: FormSpec,
    lang: str = "zh",
    yaml_text: str | None = None,
    roster_fp: str = "none",
) -> Workbook:
    """One form as an openpyxl workbook (not saved)."""
    text = yaml_text if yaml_text is not None else scheme_yaml(scheme)
    return form_workbook.build_workbook(scheme, spec, lang, text, roster_fp)


def _check_options(lang: str, per: str) -> None:
    for option, value, choices in (
        ("--lang", lang, ("zh", "en")),
        ("--per", per, ("department", "role")),
    ):
        if value not in choices:
            expected = " | ".join(choices)
            problem = say(
                "USAGE_BAD_VALUE",
                option=option,
                expected=expected,
                value=repr(value),
                command="template",
            )
            raise UsageError(f"{option} must be {expected}, got {value!r}", [problem])


def build_forms(
    scheme: Scheme,
    roster: pd.DataFrame | None,
    outdir: str | Path,
    lang: str = "zh",
    per: str = "department",
    *,
    yaml_text: str | None = None,
    blank_slots: int = BLANK_SLOTS,
    cycle: bool = False,
) -> list[Path]:
    """Write the appraisal forms; returns their paths. All or nothing.

    ``roster``: a table with employee_id, name, department, role (English or
    Chinese headers), or None for one blank form per role with ``blank_slots``
    editable employee rows. ``yaml_text``: the scheme file's text, stored in
    every form (default: the scheme dumped as YAML). ``cycle``: issue the
    forms in the appraisal cycle of ``outdir`` (start it, or join the one
    there): each form gets a form id and keyed MACs, and the cycle manifest
    ``xlperf-cycle.json`` records it (see :mod:`xlperf.templates.manifest`).

    Example:
        >>> import pandas as pd, tempfile
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> roster = pd.DataFrame({"工号": ["E1"], "姓名": ["张三"], "部门": ["华东"], "岗位": ["销售专员"]})
        >>> [p.name for p in build_forms(load_scheme(shipped_schemes()["sales"]), roster, tempfile.mkdtemp())]
        ['sales-2026q1_华东.xlsx']
    """
    _check_options(lang, per)
    people = roster_people(scheme, roster) if roster is not None else None
    specs = form_specs(scheme, people, per, blank_slots)
    out = Path(outdir)
    _check_outdir(out)
    names = [form_filename(scheme, spec, lang) for spec in specs]
    text = yaml_text if yaml_text is not None else scheme_yaml(scheme)
    rfp = roster_fingerprint(people)
    pairs = list(zip(specs, names, strict=True))
    if not cycle:
        jobs = [(n, partial(build_workbook, scheme, sp, lang, text, rfp)) for sp, n in pairs]
        return _write_all(out, jobs)
    build = partial(form_workbook.build_form, scheme, lang=lang, yaml_text=text, roster_fp=rfp)
    return _issue_in_cycle(out, scheme, pairs, build)


def _issue_in_cycle(
    out: Path,
    scheme: Scheme,
    pairs: list[tuple[FormSpec, str]],
    build: Callable[..., form_workbook.BuiltForm],
) -> list[Path]:
    """Seal each form with the cycle's key and record it in the manifest (all or nothing)."""
    with mf.cycle(out) as session:
        key, taken = session.manifest.secret(), {f.form_id for f in session.manifest.forms}
        issued: list[mf.IssuedForm] = []

        def sealed(spec: FormSpec, name: str) -> Workbook:
            built = build(spec, seal=Seal(key, _fresh_id(taken)))
            issued.append(mf.record_form(scheme, spec, name, built.receipt))
            return built.workbook

        written = _write_all(out, [(n, partial(sealed, sp, n)) for sp, n in pairs])
        try:
            mf.write_manifest(session.manifest.with_forms(issued), session.path)
        except WorkbookError:
            for p in written:  # all or nothing: forms the manifest does not know are no use
                p.unlink(missing_ok=True)
            raise
    return written


def _fresh_id(taken: set[str]) -> str:
    form_id = new_form_id()
    while form_id in taken:
        form_id = new_form_id()
    taken.add(form_id)
    return form_id


def _write_all(out: Path, jobs: list[tuple[str, Callable[[], Workbook]]]) -> list[Path]:
    """Build every workbook into a hidden staging folder, then move them all into ``out``."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=".xlperf-forms-", dir=out))
    except OSError as exc:
        raise _write_error(out, exc) from None
    written: list[Path] = []
    try:
        for name, make in jobs:
            make().save(staging / name)
            tidy(staging / name)
        for name, _ in jobs:
            target = out / name
            os.replace(staging / name, target)
            written.append(target)
    except OSError as exc:
        for p in written:  # all or nothing: take back what was already moved
            p.unlink(missing_ok=True)
        raise _write_error(out, exc) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def _write_error(out: Path, exc: OSError) -> WorkbookError:
    reason = exc.strerror or exc.__class__.__name__
    return WorkbookError(
        f"Cannot write the forms to {out}",
        [say("FORM_OUT_NOT_WRITABLE", Location(file=str(out)), reason=reason)],
    )


def _check_outdir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise WorkbookError(
            f"Cannot write the forms to {out}", [say("FORM_OUT_IS_FILE", Location(file=str(out)))]
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(out, exc) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise _write_error(out, PermissionError(13, "Permission denied"))
