"""Appraisal schemes (考核方案) as data: load, validate once, then trust.

A scheme is a YAML file HR writes. :func:`load_scheme` parses it, checks the
structure and the cross-references and sums, and reports *every* problem
together with its path in the file (``roles[2].indicators[1].weight``), what
was expected, what was found and a "did you mean" hint. What comes back is a
frozen :class:`Scheme` the engine never re-checks.

- :mod:`.records` and :mod:`.model`: the model;
- :mod:`.validation` and :mod:`.checks`: the checks;
- :mod:`.loading`: reading files and text;
- :mod:`.fingerprint`: the content hash forms carry.

Example:
    >>> load_scheme(shipped_schemes()["market"]).rule("MKT_COST").method
    'inverse'
"""

from xlperf.core.contract.aggregation import WEIGHT_TOLERANCE
from xlperf.core.scheme.loading import load_scheme, parse_scheme, parse_scheme_text, shipped_schemes
from xlperf.core.scheme.model import Scheme
from xlperf.core.scheme.records import (
    RATER_ALIASES,
    RATER_NAMES_ZH,
    Competency,
    Grade,
    Indicator,
    Role,
    RoleIndicator,
    Section,
)

__all__ = [
    "RATER_ALIASES",
    "RATER_NAMES_ZH",
    "WEIGHT_TOLERANCE",
    "Competency",
    "Grade",
    "Indicator",
    "Role",
    "RoleIndicator",
    "Scheme",
    "Section",
    "load_scheme",
    "parse_scheme",
    "parse_scheme_text",
    "shipped_schemes",
]
