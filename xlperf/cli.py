"""The ``xlperf`` command line: a thin dispatcher over the feature packages.

Each feature package contributes its subcommands through a ``configure``
function (see :data:`FEATURES`). Errors reach the user as their messages,
never as tracebacks; exit codes: 0 ok, 2 usage error, 3 invalid input.

Example:
    >>> main(["--version"])  # doctest: +SKIP
    xlperf 0.1.0
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from xlperf import __version__
from xlperf.errors import XlperfError

#: Modules that add subcommands, in help order.
FEATURES = (
    "xlperf.core.cli",
    "xlperf.demo",
    "xlperf.templates.cli",
    "xlperf.master.cli",
    "xlperf.addin.cli",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a short message, as argparse does
        self.print_usage(sys.stderr)
        self.exit(2, f"xlperf: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="xlperf", description="Rule-driven performance appraisal for Excel / 基于规则的Excel绩效考核工具")
    parser.add_argument("--version", action="version", version=f"xlperf {__version__}")
    default_lang = os.environ.get("XLPERF_LANG", "en")
    parser.add_argument("--lang", choices=("zh", "en"), default=default_lang, help="language of messages (default en, or $XLPERF_LANG)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in FEATURES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.configure(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    lang = getattr(args, "lang", "en")
    try:
        return int(args.func(args) or 0)
    except XlperfError as err:
        print(err.render(lang), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("interrupted / 已中断; nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
