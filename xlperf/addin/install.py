"""Put ``xlperf.xlam`` where Excel loads it at start-up, as ``xlwings addin install`` does.

* Windows: the user's XLSTART folder (``%APPDATA%\\Microsoft\\Excel\\XLSTART``).
* macOS: Excel's sandboxed start-up folder, plus xlwings' AppleScript in
  ``~/Library/Application Scripts/com.microsoft.Excel`` that RunPython needs there.
* Anywhere else there is no Excel: say what would happen and change nothing.

The add-in is built fresh into place, so it always matches the installed xlperf
and its UDF module.

Example::

    >>> install_addin(dry_run=True)   # doctest: +SKIP
    Would build the xlperf add-in at C:\\Users\\hr\\AppData\\Roaming\\Microsoft\\Excel\\XLSTART\\xlperf.xlam
    0
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from xlperf.addin.build import ADDIN_FILENAME, build_addin

MAC_STARTUP = (
    "Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel"
)
MAC_SCRIPTS = "Library/Application Scripts/com.microsoft.Excel"


@dataclass(frozen=True)
class Step:
    """One file the install writes: ``build`` the add-in, or ``copy`` a file."""

    action: str
    target: PurePath
    source: PurePath | None = None


def plan_install(
    platform: str | None = None,
    home: str | None = None,
    env: Mapping[str, str] | None = None,
) -> list[Step]:
    """The files an install writes on ``platform`` (``sys.platform`` values); [] off Windows/Mac."""
    platform = platform or sys.platform
    env = os.environ if env is None else env
    if platform.startswith("win"):
        appdata = env.get("APPDATA") or str(PureWindowsPath(home or "~", "AppData", "Roaming"))
        folder = PureWindowsPath(appdata, "Microsoft", "Excel", "XLSTART")
        return [Step("build", folder / ADDIN_FILENAME)]
    if platform == "darwin":
        home_dir = PurePosixPath(home or str(Path.home()))
        steps = [Step("build", home_dir / MAC_STARTUP / ADDIN_FILENAME)]
        script = _xlwings_applescript()
        steps.append(Step("copy", home_dir / MAC_SCRIPTS / script.name, PurePosixPath(script)))
        return steps
    return []


def _xlwings_applescript() -> Path:
    import xlwings

    return Path(xlwings.__file__).parent / f"xlwings-{xlwings.__version__}.applescript"


_TEXT = {
    "en": {
        "build": "build the xlperf add-in at {target}",
        "copy": "copy {source} to {target} (lets RunPython start Python from Excel on Mac)",
        "would": "Would {what}",
        "did": "Done: {what}",
        "unsupported": (
            "No Excel on this platform ({platform}): nothing was installed.\n"
            "On Windows, `xlperf addin install` builds xlperf.xlam into "
            "%APPDATA%\\Microsoft\\Excel\\XLSTART; on a Mac, into "
            "~/{mac}/ and copies xlwings' RunPython AppleScript to ~/{scripts}/.\n"
            "To get the file here, run `xlperf addin build --out xlperf.xlam`."
        ),
        "restart": "Restart Excel to load the add-in.",
    },
    "zh": {
        "build": "在 {target} 生成 xlperf 加载项",
        "copy": "把 {source} 复制到 {target}（Mac 上 RunPython 需要它来启动 Python）",
        "would": "将会：{what}",
        "did": "已完成：{what}",
        "unsupported": (
            "此平台（{platform}）没有 Excel，未安装任何内容。\n"
            "在 Windows 上，`xlperf addin install` 会把 xlperf.xlam 生成到 "
            "%APPDATA%\\Microsoft\\Excel\\XLSTART；在 Mac 上生成到 ~/{mac}/，"
            "并把 xlwings 的 RunPython AppleScript 复制到 ~/{scripts}/。\n"
            "如需在此获得文件，请运行 `xlperf addin build --out xlperf.xlam`。"
        ),
        "restart": "请重启 Excel 以加载此加载项。",
    },
}


def install_addin(
    dry_run: bool = False,
    lang: str = "en",
    platform: str | None = None,
    echo: Callable[[str], None] = print,
) -> int:
    """Install the add-in for the current user; return the exit code (always 0 when it works)."""
    text = _TEXT.get(lang, _TEXT["en"])
    platform = platform or sys.platform
    steps = plan_install(platform)
    if not steps:
        echo(text["unsupported"].format(platform=platform, mac=MAC_STARTUP, scripts=MAC_SCRIPTS))
        return 0
    for step in steps:
        what = text[step.action].format(target=step.target, source=step.source)
        if dry_run:
            echo(text["would"].format(what=what))
            continue
        target = Path(step.target)
        target.parent.mkdir(parents=True, exist_ok=True)
        if step.action == "build":
            build_addin(target)
        else:
            shutil.copyfile(Path(step.source or ""), target)
        echo(text["did"].format(what=what))
    if not dry_run:
        echo(text["restart"])
    return 0
