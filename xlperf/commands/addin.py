"""``xlperf addin build|install``: the Excel add-in commands.

Example:
    $ xlperf addin build                  # -> workbooks/xlperf.xlam in a checkout
    $ xlperf addin build --out my.xlam
    $ xlperf addin install --dry-run
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xlperf.commands.common import lang_of


def default_out_path(cwd: Path | None = None) -> Path:
    """``workbooks/xlperf.xlam`` of the repository when xlperf runs from a checkout, else ./xlperf.xlam."""
    from xlperf.addin.build import ADDIN_FILENAME  # imported when used: keeps start-up short

    repo = Path(__file__).resolve().parents[2]
    if (repo / "pyproject.toml").is_file() and (repo / "workbooks").is_dir():
        return repo / "workbooks" / ADDIN_FILENAME
    return (cwd or Path.cwd()) / ADDIN_FILENAME


def _build(args: argparse.Namespace) -> int:
    from xlperf.addin.build import build_addin

    out = build_addin(args.out or default_out_path())
    print(f"已生成 {out}" if lang_of(args) == "zh" else f"Built {out}")
    return 0


def _install(args: argparse.Namespace) -> int:
    from xlperf.addin.install import install_addin

    return install_addin(dry_run=args.dry_run, lang=lang_of(args))


def configure(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``addin`` with its ``build`` and ``install`` sub-commands."""
    addin = subparsers.add_parser(
        "addin", parents=[common], help="build or install the xlperf Excel add-in / 加载项"
    )
    commands = addin.add_subparsers(dest="addin_command", metavar="{build,install}")
    build = commands.add_parser(
        "build", parents=[common], help="build xlperf.xlam from the sources"
    )
    build.add_argument(
        "--out", type=Path, default=None, help="output file (default: workbooks/xlperf.xlam)"
    )
    build.set_defaults(func=_build)
    install = commands.add_parser(
        "install", parents=[common], help="install the add-in where Excel loads it"
    )
    install.add_argument(
        "--dry-run", action="store_true", help="print what would be written, write nothing"
    )
    install.set_defaults(func=_install)

    def _usage(_args: argparse.Namespace) -> int:
        addin.print_usage()
        return 2

    addin.set_defaults(func=_usage)
