"""The ``xlperf`` entry point (see :mod:`xlperf.commands`)."""

import sys

from xlperf.commands import build_parser, main

__all__ = ["build_parser", "main"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
