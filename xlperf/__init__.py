"""xlperf: rule-driven employee performance appraisal for Excel.

Example:
    >>> import xlperf
    >>> scheme = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
    >>> scheme.scheme.id
    'sales-2026q1'
"""

from xlperf.core.engine import Results, score
from xlperf.core.scheme import Scheme, load_scheme, parse_scheme, shipped_schemes
from xlperf.errors import InputError, SchemeError, UsageError, WorkbookError, XlperfError

__version__ = "0.1.0"

__all__ = [
    "InputError",
    "Results",
    "Scheme",
    "SchemeError",
    "UsageError",
    "WorkbookError",
    "XlperfError",
    "__version__",
    "load_scheme",
    "parse_scheme",
    "score",
    "shipped_schemes",
]
