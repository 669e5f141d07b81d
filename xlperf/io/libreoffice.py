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

from xlperf.errors import Location, Problem, WorkbookError

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


def _fail(
    message: str, detail: str, hint: str, message_zh: str, hint_zh: str, file: str | None = None
) -> WorkbookError:
    return WorkbookError(message, [Problem(Location(file=file), detail, hint, message_zh, hint_zh)])


def _write_profile(root: Path) -> str:
    user = root / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
    return root.resolve().as_uri()


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
    files = [Path(p).resolve() for p in paths]
    if not files:
        return []
    exe = soffice_path()
    if exe is None:
        raise _fail(
            "LibreOffice is not installed",
            "soffice was not found on PATH",
            "install it (Debian: apt-get install libreoffice-calc-nogui)",
            "未安装LibreOffice",
            "请安装 libreoffice-calc-nogui",
        )
    for f in files:
        if not f.is_file():
            raise _fail(
                f"Cannot convert {f}",
                "file not found",
                "check the path",
                "找不到文件",
                "请检查路径",
                str(f),
            )
    stems = [f.stem for f in files]
    if len(set(stems)) != len(stems):
        raise _fail(
            "Cannot convert files with the same name in one call",
            f"duplicate file names: {sorted({s for s in stems if stems.count(s) > 1})}",
            "convert them in separate calls or rename them",
            "同一批次中文件名重复",
            "请分批转换或重命名",
        )
    out = Path(outdir).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(
            f"Cannot write to {out}",
            str(exc),
            "choose a writable folder",
            "无法写入输出文件夹",
            "请选择可写的文件夹",
            str(out),
        ) from None
    filt = _FILTERS.get(fmt, fmt)
    limit = timeout if timeout is not None else BASE_TIMEOUT + PER_FILE_TIMEOUT * len(files)
    with tempfile.TemporaryDirectory(prefix="xlperf-lo-") as profile_dir:
        profile = _write_profile(Path(profile_dir))
        cmd = [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            filt,
            "--outdir",
            str(out),
            *map(str, files),
        ]
        try:
            proc = subprocess.run(
                cmd, capture_output=True, text=True, timeout=limit, cwd=profile_dir
            )
        except subprocess.TimeoutExpired:
            raise _fail(
                "LibreOffice timed out",
                f"soffice did not finish converting {len(files)} file(s) within {limit:.0f} s",
                "close other LibreOffice windows, or convert fewer files at once",
                "LibreOffice超时",
                "请关闭其他LibreOffice窗口或减少一次转换的文件数",
            ) from None
    results = [out / f"{f.stem}.{fmt}" for f in files]
    missing = [r for r in results if not r.is_file()]
    if proc.returncode != 0 or missing:
        detail = (proc.stderr or proc.stdout or "").strip()[-500:] or f"exit code {proc.returncode}"
        raise _fail(
            f"LibreOffice could not convert {len(missing) or len(files)} file(s)",
            f"{detail}; missing: {', '.join(m.name for m in missing)}",
            "open the file in LibreOffice to see whether it is damaged",
            "LibreOffice转换失败",
            "请在LibreOffice中打开该文件检查是否损坏",
            str(missing[0]) if missing else None,
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
            raise _fail(
                "Cannot recalculate a file into its own folder",
                f"{f.name} would overwrite itself",
                "choose another output folder",
                "输出文件夹不能与输入文件相同",
                "请选择其他输出文件夹",
                str(f),
            )
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
        raise _fail(
            "pdftoppm is not installed",
            "pdftoppm was not found on PATH",
            "install poppler-utils",
            "未安装pdftoppm",
            "请安装 poppler-utils",
        )
    for old in out.glob(f"{src.stem}-*.png"):
        old.unlink()
    cmd = [exe, "-png", "-r", str(dpi)]
    if first_page_only:
        cmd += ["-f", "1", "-l", "1"]
    cmd += [str(pdf), str(out / src.stem)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise _fail(
            "pdftoppm timed out",
            f"rendering {pdf.name} took longer than {timeout:.0f} s",
            "render fewer pages",
            "pdftoppm超时",
            "请减少渲染页数",
        ) from None
    pngs = sorted(out.glob(f"{src.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    if proc.returncode != 0 or not pngs:
        raise _fail(
            f"Cannot render {pdf.name} to PNG",
            (proc.stderr or "").strip()[-300:] or "no image written",
            "check that the PDF opens",
            "无法将PDF渲染为PNG",
            "请检查PDF能否打开",
            str(pdf),
        )
    return pngs
