"""The cycle manifest ``xlperf-cycle.json``: the secret key of an appraisal cycle and every form issued in it.

``xlperf template`` starts a cycle in its ``--out`` folder (a random 32-byte
key) or joins the one already there (same key, forms appended; the key is
never replaced). For each form it records the form id, template id, scheme
id and version, roster fingerprint, the employee × indicator slots it
covers, its metadata and its keyed MAC. The manifest stays with HR: whoever
holds it can seal forms. It is written atomically with mode 0600, under a
lock so that two ``template`` runs into one folder both land in it.

Example:
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> with cycle(folder) as session:
    ...     _ = write_manifest(session.manifest, session.path)
    >>> m = load_manifest(manifest_path(folder))
    >>> m.format, m.forms, len(m.secret())
    ('xlperf-cycle/1', [], 32)
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import filelock
from pydantic import BaseModel, ConfigDict, ValidationError

from xlperf.core.scheme import Scheme
from xlperf.errors import BusyError, Location, WorkbookError
from xlperf.io.atomic import atomic_path, write_error
from xlperf.messages import say, short_text
from xlperf.templates import layout as L
from xlperf.templates.form.meta_sheet import SealReceipt
from xlperf.templates.form.records import FormSpec

MANIFEST_NAME = "xlperf-cycle.json"
FORMAT = "xlperf-cycle/1"
KEY_BYTES = 32
#: a manifest larger than this is refused unread
MAX_BYTES = 64 * 1024 * 1024
DEFAULT_WAIT = 30.0


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SlotRecord(_Record):
    """One employee's place in an issued form: summary row, who, and the KPI rows of each indicator."""

    row: int
    employee_id: str
    department: str
    role: str
    kpi_rows: list[tuple[int, str]]


class IssuedForm(_Record):
    """One form as issued: what verification compares a returned form with."""

    form_id: str
    file: str
    issued_at: str
    template_id: str
    scheme_id: str
    scheme_version: str
    roster_fingerprint: str
    lang: str
    per: str
    group: str
    department: str
    blank: bool
    roles: list[str]
    slots: list[SlotRecord]
    cells: dict[str, int]
    meta: dict[str, str]
    mac: str


class CycleManifest(_Record):
    """The whole manifest: format, key (base64), when the cycle started, the forms issued."""

    format: str
    created: str
    key: str
    forms: list[IssuedForm] = []

    def secret(self) -> bytes:
        """The cycle's key (never written into a form)."""
        return base64.b64decode(self.key, validate=True)

    def form(self, form_id: str) -> IssuedForm | None:
        return next((f for f in self.forms if f.form_id == form_id), None)

    def with_forms(self, forms: list[IssuedForm]) -> CycleManifest:
        """The same cycle with ``forms`` appended."""
        return self.model_copy(update={"forms": [*self.forms, *forms]})


def manifest_path(folder: str | Path) -> Path:
    return Path(folder) / MANIFEST_NAME


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def start_manifest() -> CycleManifest:
    """A new cycle with a fresh random key."""
    key = base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")
    return CycleManifest(format=FORMAT, created=now_text(), key=key)


def _unreadable(path: Path, file_code: str, **params: object) -> WorkbookError:
    """The manifest cannot be read; the reason is the file problem ``file_code`` says."""
    en, zh = short_text(file_code, "en", **params), short_text(file_code, "zh", **params)
    problem = say("FORM_MANIFEST_UNREADABLE", Location(file=str(path)), reason=en, reason_zh=zh)
    return WorkbookError(f"Cannot read the cycle manifest {path}", [problem])


def _invalid(path: Path, reason: str, reason_zh: str | None = None) -> WorkbookError:
    where = Location(file=str(path))
    problem = say("FORM_MANIFEST_INVALID", where, reason=reason, reason_zh=reason_zh or reason)
    return WorkbookError(f"The cycle manifest {path} is not valid", [problem])


def _read_text(path: Path) -> str:
    try:
        if path.is_dir():
            raise _unreadable(path, "FILE_IS_DIRECTORY")
        if path.stat().st_size > MAX_BYTES:
            mb = MAX_BYTES // (1024 * 1024)
            raise _invalid(path, f"larger than {mb} MB", f"大于 {mb} MB")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _unreadable(path, "FILE_NOT_FOUND") from None
    except PermissionError:
        raise _unreadable(path, "FILE_PERMISSION_DENIED") from None
    except UnicodeDecodeError:
        raise _invalid(path, "not UTF-8 text", "不是 UTF-8 文本") from None
    except OSError as exc:
        raise _unreadable(
            path, "FILE_OS_ERROR", reason=exc.strerror or type(exc).__name__
        ) from None


def load_manifest(path: str | Path) -> CycleManifest:
    """Read and check a manifest; a missing, unreadable or damaged one raises WorkbookError."""
    path = Path(path)
    text = _read_text(path)
    try:
        manifest = CycleManifest.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        at_en, at_zh = f"line {exc.lineno}, column {exc.colno}", f"第{exc.lineno}行第{exc.colno}列"
        raise _invalid(path, f"not JSON ({at_en})", f"不是 JSON（{at_zh}）") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top)"
        raise _invalid(path, f"{where}: {first['msg']}") from None
    if manifest.format != FORMAT:
        found = repr(manifest.format)
        raise _invalid(
            path, f"format {found}, expected {FORMAT!r}", f"格式为 {found}，应为 {FORMAT}"
        )
    try:
        if len(manifest.secret()) != KEY_BYTES:
            raise ValueError
    except (ValueError, binascii.Error):
        en, zh = (
            f"key: not {KEY_BYTES} bytes in base64",
            f"key：不是 base64 编码的 {KEY_BYTES} 字节",
        )
        raise _invalid(path, en, zh) from None
    return manifest


def _owner_only(path: Path) -> None:
    """Make ``path`` readable by its owner only before the key is written (an empty file if new).

    The atomic write keeps the mode of the file it replaces, so the manifest
    is never readable by others, not even for a moment.
    """
    try:
        if path.exists():
            os.chmod(path, 0o600)
        else:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise write_error(path, exc) from None


def write_manifest(manifest: CycleManifest, path: str | Path) -> Path:
    """Write atomically, readable by its owner only (0600)."""
    path = Path(path)
    text = json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"
    _owner_only(path)
    with atomic_path(path) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    return path


@dataclass
class CycleSession:
    """A cycle opened for issuing forms: its manifest as found (or new) and whether it is new."""

    path: Path
    manifest: CycleManifest
    started: bool


@contextlib.contextmanager
def cycle(folder: str | Path, wait: float = DEFAULT_WAIT) -> Iterator[CycleSession]:
    """Hold the cycle's lock, yield its manifest (a new cycle when there is none yet)."""
    folder = Path(folder)
    lock = filelock.FileLock(str(folder / f".{MANIFEST_NAME}.lock"))
    try:
        lock.acquire(timeout=wait)
    except filelock.Timeout:
        problem = say("FORM_CYCLE_BUSY", Location(file=str(manifest_path(folder))), seconds=wait)
        raise BusyError("Another xlperf template run holds the cycle", [problem]) from None
    try:
        path = manifest_path(folder)
        if path.exists() and path.stat().st_size > 0:  # empty: made private, never written
            yield CycleSession(path, load_manifest(path), started=False)
        else:
            yield CycleSession(path, start_manifest(), started=True)
    finally:
        lock.release()


def record_form(scheme: Scheme, spec: FormSpec, file: str, receipt: SealReceipt) -> IssuedForm:
    """The manifest's record of a form just sealed."""
    meta = dict(receipt.meta)
    lay = L.plan(scheme, list(spec.roles))
    slots = []
    for slot in lay.slots:
        p = spec.people[slot.index]
        slots.append(
            SlotRecord(
                row=slot.summary_row,
                employee_id=p.employee_id if p is not None else "",
                department=p.department if p is not None else "",
                role=slot.role,
                kpi_rows=[(row, code) for row, code, _ in slot.kpi_rows],
            )
        )
    return IssuedForm(
        form_id=receipt.form_id,
        file=file,
        issued_at=now_text(),
        template_id=meta["template_id"],
        scheme_id=scheme.id,
        scheme_version=str(scheme.version),
        roster_fingerprint=meta["roster_fingerprint"],
        lang=meta["lang"],
        per=spec.per,
        group=spec.group,
        department=meta["department"],
        blank=spec.blank,
        roles=list(spec.roles),
        slots=slots,
        cells=dict(receipt.cells),
        meta=meta,
        mac=receipt.mac,
    )
