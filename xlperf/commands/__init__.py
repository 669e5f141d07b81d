"""The ``xlperf`` command line: one module per command, each thin over library functions.

Exit codes: 0 ok, 2 usage error, 3 invalid input (nothing written), 4 busy
(another run or Excel holds the file; nothing written). Errors reach the user
as located, grouped messages in one language — never as a traceback.

Example:
    >>> parser = build_parser()
    >>> parser.parse_args(["score", "--scheme", "s.yaml", "--data", "d.csv", "--out", "r.json"]).command
    'score'
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from xlperf import __version__
from xlperf.commands.common import common_options, report_crash, report_error
from xlperf.errors import XlperfError

#: the command modules, in help order; each has ``configure(subparsers, common)``
COMMANDS = (
    "score",
    "template",
    "collect",
    "recalc",
    "close",
    "history",
    "rollup",
    "validate",
    "demo",
    "addin",
)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a short message, as argparse does
        self.print_usage(sys.stderr)
        self.exit(2, f"xlperf: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="xlperf",
        description="Rule-driven performance appraisal for Excel / 基于规则的Excel绩效考核工具",
        parents=[common_options(top=True)],
    )
    parser.add_argument("--version", action="version", version=f"xlperf {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    common = common_options()
    for name in COMMANDS:
        importlib.import_module(f"xlperf.commands.{name}").configure(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except XlperfError as err:
        return report_error(args, err)
    except KeyboardInterrupt:
        print("interrupted / 已中断", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        return report_crash(args, exc)
