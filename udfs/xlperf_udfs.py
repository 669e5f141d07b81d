"""xlperf worksheet functions: the xlwings UDFs, as Excel sees them.

This module is what the add-in names (``udfs.xlperf_udfs``): xlwings finds
the functions by their ``@xw.func`` decorators here and generates one VBA
wrapper per function from its name and arguments. Each function only hands
its arguments over; the work is done by its sibling modules, which take
every rule from ``xlperf.core`` (the scoring contract, the engine, the
distribution) and every text from the message catalogue:

- :mod:`udfs.scoring` — KPI_SCORE; :mod:`udfs.rules` — its rule and options;
- :mod:`udfs.aggregates` — WEIGHTED_SCORE, FINAL_SCORE, GRADE_BAND;
- :mod:`udfs.ranking` — PERF_RANK, FORCED_GRADE, BONUS_FACTOR;
- :mod:`udfs.checking` — XLPERF_CHECK; :mod:`udfs.cells` — what they share.

Every function takes a single cell or a whole range and returns a 2-D list
that spills as a dynamic array, so one call scores a whole column. A bad
argument gives a short message in its cell ("target must be > 0") or
``#VALUE!``, never a traceback. The arguments carry no type annotations:
xlwings would read them as converters.

Rules "from the workbook's scheme" come from :func:`xlperf.addin.settings.workbook_settings`
(the hidden sheet ``_xlperf``: ``scheme_yaml`` or ``scheme``, and ``lang``).

Example (Excel)::

    =KPI_SCORE(C2:C500, D2:D500, "ratio")
    =KPI_SCORE(C2:C500, D2:D500, B2:B500)      indicator codes of the scheme, per row
"""

from __future__ import annotations

import xlwings as xw

from udfs import aggregates, checking, ranking, scoring
from udfs.cells import guarded


@xw.func
@xw.arg("actual", ndim=2, err_to_str=True)
@xw.arg("target", ndim=2, err_to_str=True)
@xw.arg("method_or_indicator", ndim=2, err_to_str=True)
@xw.arg("baseline", ndim=2, err_to_str=True)
@xw.arg("options", ndim=2, err_to_str=True)
@guarded
def KPI_SCORE(actual, target, method_or_indicator, baseline=None, options=None, caller=None):
    """Indicator score in points (100 = on target), clamped to the indicator's floor and cap.

    ``method_or_indicator``: a method (ratio, inverse, growth, bands, linear, rating,
    deduction, binary) or an indicator code or name of the workbook's scheme; one
    cell or one per row. ``options``: ``"cap=120; floor=0"``, or a 2-column range
    of bands/points.
    """
    return scoring.kpi_score(actual, target, method_or_indicator, baseline, options, caller)


@xw.func
@xw.arg("score", ndim=2, err_to_str=True)
@xw.arg("bands", ndim=2, err_to_str=True)
@guarded
def GRADE_BAND(score, bands=None, caller=None):
    """Absolute grade: the first grade whose min the score reaches (scores rounded to 6 decimals).

    ``bands``: a 2-column range of (grade, min), in any order; default the scheme's grades.
    """
    return aggregates.grade_band(score, bands, caller)


@xw.func
@xw.arg("scores", ndim=2, err_to_str=True)
@xw.arg("weights", ndim=2, err_to_str=True)
@guarded
def WEIGHTED_SCORE(scores, weights, caller=None):
    """Σ weight × score / Σ weight; the weights must sum to 100 (never rescaled silently).

    One employee's scores in a row or column with weights of the same shape give
    one result; a block of rows (one employee each) with one row of weights, or a
    weight per cell, gives one result per row.
    """
    return aggregates.weighted_score(scores, weights, caller)


@xw.func
@xw.arg("section_scores", ndim=2, err_to_str=True)
@xw.arg("section_weights", ndim=2, err_to_str=True)
@guarded
def FINAL_SCORE(section_scores, section_weights=None, caller=None):
    """Final score = Σ section weight × section score / 100, one per row.

    ``section_weights``: one row of weights (summing to 100); default the weights
    of the scheme's sections, in the scheme's order.
    """
    return aggregates.final_score(section_scores, section_weights, caller)


@xw.func
@xw.arg("scores", ndim=2, err_to_str=True)
@xw.arg("groups", ndim=2, err_to_str=True)
@guarded
def PERF_RANK(scores, groups=None, caller=None):
    """Competition rank, best = 1, within each group (like RANK.EQ; ties share a rank)."""
    return ranking.perf_rank(scores, groups, caller)


@xw.func
@xw.arg("scores", ndim=2, err_to_str=True)
@xw.arg("groups", ndim=2, err_to_str=True)
@xw.arg("grades", ndim=2, err_to_str=True)
@guarded
def FORCED_GRADE(scores, groups=None, grades=None, caller=None):
    """Grade after the scheme's forced distribution (quotas, rounding, tie rule), one per row.

    ``groups``: the scope group of each row (e.g. department); default one group.
    ``grades``: each row's absolute grade (e.g. from GRADE_BAND); default from the scheme's bands.
    """
    return ranking.forced_grade(scores, groups, grades, caller)


@xw.func
@xw.arg("grade", ndim=2, err_to_str=True)
@guarded
def BONUS_FACTOR(grade, caller=None):
    """The scheme's bonus factor for each grade."""
    return ranking.bonus_factor(grade, caller)


@xw.func
@xw.arg("values", ndim=2, err_to_str=True)
@guarded
def XLPERF_CHECK(values, caller=None):
    """Validation messages for a block of inputs, one per line ("OK" / "无问题" when clean).

    A block whose first row holds data headers (工号/employee_id, 指标/indicator,
    实际值/actual, ...) is checked by the engine against the workbook's scheme,
    ratings apart; any other block is checked cell by cell for numbers.
    """
    return checking.xlperf_check(values, caller)
