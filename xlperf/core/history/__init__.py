"""Periods across time: streaks, improvement plans, spot checks, monthly indicators, the roll-up.

Pure pandas/numpy; the SQLite store is :mod:`xlperf.io.history`, which hands
the core a :class:`HistoryView` (closed periods per employee) so the core
never touches a database.

- :mod:`.rules`: the scheme keys; :mod:`.checks`: their scheme checks;
- :mod:`.view`: :class:`HistoryView`;
- :mod:`.streaks`: streak lengths and flags; :mod:`.plans`: improvement plans;
- :mod:`.spot`: the spot-check mix; :mod:`.imports`: earlier results;
- :mod:`.rollup`: the annual roll-up.

This package's ``__init__`` stays light: :mod:`xlperf.core.scheme` imports
:mod:`.rules` while it is itself being imported.
"""

from xlperf.core.history.rules import ImprovementRule, RollupRule, SpotCheckRule, StreakRule
from xlperf.core.history.view import HistoryView

__all__ = ["HistoryView", "ImprovementRule", "RollupRule", "SpotCheckRule", "StreakRule"]
