"""The formula compiler: the contract's spreadsheet side, as the form builder uses it.

Every formula comes from :mod:`xlperf.core.contract` (each scoring method's
own module, and the aggregation and grading rules); this module only gathers
them for the form builder and adds nothing of its own. Each function takes
cell references (``"L5"``, ``"$I$5:$I$9"``) and returns a formula string
starting with ``=``.

Example:
    >>> from xlperf.core.contract import IndicatorRule
    >>> indicator_formula(IndicatorRule("ratio", cap=120), "L5", "J5", None, "invalid")
    '=IF(OR(L5="",J5=""),"",IF(AND(ISNUMBER(L5),ISNUMBER(J5),J5>0),MIN(120,MAX(0,100*L5/J5)),"invalid"))'
"""

from xlperf.core.contract import indicator_formula
from xlperf.core.contract.aggregation import dimension_formula, final_formula, section_formula
from xlperf.core.contract.excel import ALLOWED_FUNCTIONS, functions_used, num, text_literal
from xlperf.core.contract.grading import grade_formula, rank_formula, round_key_formula

__all__ = [
    "ALLOWED_FUNCTIONS",
    "dimension_formula",
    "final_formula",
    "functions_used",
    "grade_formula",
    "indicator_formula",
    "num",
    "rank_formula",
    "round_key_formula",
    "section_formula",
    "text_literal",
]
