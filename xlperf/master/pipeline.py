"""The master pipeline as its callers use it: the ribbon's buttons and the commands.

A facade over the modules that do the work (:mod:`.recalc`, :mod:`.inputs`,
:mod:`.outputs`, :mod:`.forms`, :mod:`.close`); it defines nothing of its own.

Example:
    >>> sorted(__all__)[:4]
    ['RecalcReport', 'close_book', 'forms_from_book', 'history_book']
"""

from xlperf.master.close import close_book, history_book
from xlperf.master.forms import forms_from_book
from xlperf.master.inputs import read_inputs, resolve_scheme
from xlperf.master.outputs.validation import write_validation_sheet
from xlperf.master.recalc import RecalcReport, recalc_book, validate_book

__all__ = [
    "RecalcReport",
    "close_book",
    "forms_from_book",
    "history_book",
    "read_inputs",
    "recalc_book",
    "resolve_scheme",
    "validate_book",
    "write_validation_sheet",
]
