"""A small LibreOffice headless harness: recalculate, convert and render workbooks.

Every call starts one ``soffice --headless`` process with a private, throw-away
profile (one profile per process, so concurrent calls never share one) and
converts *all* the files it is given in that single process, which is much
cheaper than one soffice start per file.

The private profile forces LibreOffice to recalculate xlsx formulas on load
(``/org.openoffice.Office.Calc/Formula/Load`` ``OOXMLRecalcMode`` = 0, "always").
Without it LibreOffice keeps the cached values stored in the file, and a file
written by openpyxl has none.

Example:
    >>> from xlperf.io.libreoffice import available, recalculate
    >>> if available():  # doctest: +SKIP
    ...     recalculate(["form.xlsx"], "out/")  # -> [Path("out/form.xlsx")]
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from xlperf.errors import Location, WorkbookError
from xlperf.messages import say

#: Seconds allowed per soffice call, plus this many per file.
BASE_TIMEOUT = 120.0
PER_FILE_TIMEOUT = 20.0

_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""

# Output filters by target format; "xlsx" needs the explicit Calc filter name.
_FILTERS = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "pdf": "pdf:calc_pdf_Export", "ods": "ods"}


def soffice_path() -> str | None:
    """The soffice executable, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    """True when LibreOffice (soffice) can be run here."""
    return soffice_path() is not None


def _fail(code: str, file: str | None = None, **params: object) -> WorkbookError:
    problem = say(code, Location(file=file), **params)
    return WorkbookError(problem.message, [problem], problem.message_zh)


#: fonts xlperf's workbooks name that LibreOffice on Linux lacks, and the CJK fonts that stand in
CJK_FONTS = ("等线", "DengXian", "Microsoft YaHei", "微软雅黑")
CJK_FALLBACKS = ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "Droid Sans Fallback")


def cjk_fallback() -> str | None:
    """The first CJK fallback font installed here (fontconfig), or None.

    Example:
        >>> cjk_fallback() in (None, *CJK_FALLBACKS)
        True
    """
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        listed = subprocess.run(
            [exe, ":", "family"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    families = {f.strip() for line in listed.splitlines() for f in line.split(",")}
    return next((f for f in CJK_FALLBACKS if f in families), None)


def _font_items() -> str:
    """Registry items making LibreOffice draw the named CJK fonts with the installed fallback."""
    fallback = cjk_fallback()
    if fallback is None:
        return ""
    path = "/org.openoffice.Office.Common/Font/Substitution"
    items = [
        f'<item oor:path="{path}"><prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>'
    ]
    for k, font in enumerate(CJK_FONTS):
        pairs = (
            ("Always", "true"),
            ("OnScreenOnly", "false"),
            ("ReplaceFont", font),
            ("SubstituteFont", fallback),
        )
        props = "".join(
            f'<prop oor:name="{n}" oor:op="fuse"><value>{v}</value></prop>' for n, v in pairs
        )
        items.append(
            f'<item oor:path="{path}/FontPairs"><node oor:name="_{k}" oor:op="replace">{props}</node></item>'
        )
    return "\n".join(items) + "\n"


def _write_profile(root: Path) -> str:
    user = root / "user"
    user.mkdir(parents=True, exist_ok=True)
    registry = _REGISTRY.replace("</oor:items>", _font_items() + "</oor:items>")
    (user / "registrymodifications.xcu").write_text(registry, encoding="utf-8")
    return root.resolve().as_uri()


def _checked_inputs(paths: Iterable[str | Path]) -> list[Path]:
    files = [Path(p).resolve() for p in paths]
    if files and soffice_path() is None:
        raise _fail("LO_NOT_INSTALLED")
    for f in files:
        if not f.is_file():
            raise _fail("LO_INPUT_NOT_FOUND", str(f))
    stems = [f.stem for f in files]
    if len(set(stems)) != len(stems):
        raise _fail(
            "LO_SAME_NAMES", names=", ".join(sorted({s for s in stems if stems.count(s) > 1}))
        )
    return files


def _outdir(outdir: str | Path) -> Path:
    out = Path(outdir).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail("LO_OUTDIR", str(out), reason=exc.strerror or type(exc).__name__) from None
    return out


def _run(files: list[Path], fmt: str, out: Path, limit: float) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="xlperf-lo-") as profile_dir:
        profile = _write_profile(Path(profile_dir))
        cmd = [
            soffice_path(),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            _FILTERS.get(fmt, fmt),
            "--outdir",
            str(out),
            *map(str, files),
        ]
        try:
            return subprocess.run(
                cmd, capture_output=True, text=True, timeout=limit, cwd=profile_dir
            )
        except subprocess.TimeoutExpired:
            raise _fail("LO_TIMEOUT", n=len(files), seconds=f"{limit:.0f}") from None


def convert(
    paths: Iterable[str | Path], fmt: str, outdir: str | Path, *, timeout: float | None = None
) -> list[Path]:
    """Convert files with one soffice call; returns the output paths in input order.

    ``fmt`` is an extension such as ``"xlsx"``, ``"pdf"`` or ``"ods"``. Inputs
    must have distinct file stems (the output is ``outdir/<stem>.<fmt>``).
    Formulas are recalculated on load.

    Example:
        >>> convert(["a.xlsx", "b.xlsx"], "pdf", "out")  # doctest: +SKIP
        [PosixPath('out/a.pdf'), PosixPath('out/b.pdf')]
    """
    files = _checked_inputs(paths)
    if not files:
        return []
    out = _outdir(outdir)
    limit = timeout if timeout is not None else BASE_TIMEOUT + PER_FILE_TIMEOUT * len(files)
    proc = _run(files, fmt, out, limit)
    results = [out / f"{f.stem}.{fmt}" for f in files]
    missing = [r for r in results if not r.is_file()]
    if proc.returncode != 0 or missing:
        detail = (proc.stderr or proc.stdout or "").strip()[-300:] or f"exit code {proc.returncode}"
        names = ", ".join(m.name for m in missing)
        raise _fail(
            "LO_CONVERT_FAILED", str(missing[0]) if missing else None, reason=detail, files=names
        )
    return results


def recalculate(
    paths: Iterable[str | Path], outdir: str | Path, *, timeout: float | None = None
) -> list[Path]:
    """Open each xlsx in LibreOffice, recalculate every formula and save it as xlsx in ``outdir``.

    Read the results with ``openpyxl.load_workbook(path, data_only=True)``
    (error cells come back as ``'#NAME?'`` etc.).

    Example:
        >>> recalculate(["form.xlsx"], "recalculated")  # doctest: +SKIP
        [PosixPath('recalculated/form.xlsx')]
    """
    files = [Path(p).resolve() for p in paths]
    out = Path(outdir).resolve()
    for f in files:
        if f.parent == out:
            raise _fail("LO_OWN_FOLDER", str(f), name=f.name)
    return convert(files, "xlsx", out, timeout=timeout)


def render_png(
    path: str | Path,
    outdir: str | Path,
    *,
    first_page_only: bool = True,
    dpi: int = 110,
    timeout: float = 120.0,
) -> list[Path]:
    """Render a workbook to PDF with LibreOffice, then to PNG page images with pdftoppm.

    Returns the PNG paths (``<stem>-1.png``, ...); the PDF stays in ``outdir`` too.

    Example:
        >>> render_png("form.xlsx", "img")  # doctest: +SKIP
        [PosixPath('img/form-1.png')]
    """
    src = Path(path).resolve()
    out = Path(outdir).resolve()
    (pdf,) = convert([src], "pdf", out)
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise _fail("LO_NO_PDFTOPPM")
    for old in out.glob(f"{src.stem}-*.png"):
        old.unlink()
    cmd = [exe, "-png", "-r", str(dpi)]
    if first_page_only:
        cmd += ["-f", "1", "-l", "1"]
    cmd += [str(pdf), str(out / src.stem)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise _fail("LO_RENDER_TIMEOUT", str(pdf), seconds=f"{timeout:.0f}") from None
    pngs = sorted(out.glob(f"{src.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    if proc.returncode != 0 or not pngs:
        raise _fail(
            "LO_RENDER_FAILED",
            str(pdf),
            reason=(proc.stderr or "").strip()[-300:] or "no image written",
        )
    return pngs
