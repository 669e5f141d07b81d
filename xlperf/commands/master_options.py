"""Options of the commands that write a master: waiting for the lock, keeping backups.

Example:
    >>> import argparse
    >>> p = argparse.ArgumentParser(); add_master_options(p)
    >>> p.parse_args([]).wait, p.parse_args(["--keep-backups", "2"]).keep_backups
    (30.0, 2)
"""

from __future__ import annotations

import argparse

from xlperf.io.backups import DEFAULT_KEEP
from xlperf.io.lock import DEFAULT_WAIT


def add_master_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_WAIT,
        metavar="SECONDS",
        help=f"wait this long for another run on the same master to finish (default {DEFAULT_WAIT:g}), then exit 4",
    )
    p.add_argument(
        "--keep-backups",
        type=int,
        default=DEFAULT_KEEP,
        metavar="N",
        help=f"keep the newest N backups of the master (default {DEFAULT_KEEP}; 0: none)",
    )


def add_period_options(
    p: argparse.ArgumentParser,
    history_default: str = "xlperf-history.sqlite beside the master, when it exists",
) -> None:
    """``--history PATH`` and ``--period P`` of the commands that calculate a period."""
    p.add_argument(
        "--history",
        metavar="PATH",
        help=f"history file of the closed periods (default {history_default})",
    )
    p.add_argument(
        "--period",
        metavar="P",
        help="the period to calculate (2026Q1, 2026-03, 2026H1, 2026; default the Data sheet's only one)",
    )
