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

from xlperf.core.contract import IndicatorRule, indicator_formula
from xlperf.core.contract.aggregation import (
    NOT_APPLICABLE,
    dimension_formula,
    final_formula,
    section_formula,
    section_formula_na,
)
from xlperf.core.contract.excel import ALLOWED_FUNCTIONS, functions_used, num, text_literal
from xlperf.core.contract.grading import grade_formula, rank_formula, round_key_formula


def says_not_applicable(cell: str) -> str:
    """True when ``cell`` holds one of the contract's N/A words (spreadsheets compare case-insensitively).

    Example:
        >>> says_not_applicable("L5")
        'OR(L5="N/A",L5="NA",L5="不适用")'
    """
    return "OR(" + ",".join(f"{cell}={text_literal(w)}" for w in NOT_APPLICABLE) + ")"


def indicator_formula_na(
    rule: IndicatorRule, cells: tuple[str, str | None, str | None], invalid: str, na_word: str
) -> str:
    """An ``allow_na`` indicator's score: ``na_word`` when the actual says N/A, else the rule's score.

    ``na_word`` is one of the N/A words, so the section formula can find the row
    by its score (:func:`section_formula_na` over the scores).

    Example:
        >>> indicator_formula_na(IndicatorRule("ratio"), ("L5", "J5", None), "x", "N/A")[:48]
        '=IF(OR(L5="N/A",L5="NA",L5="不适用"),"N/A",IF(OR(L5'
    """
    if na_word not in NOT_APPLICABLE:
        raise ValueError(f"{na_word!r} is not an N/A word")
    actual, target, baseline = cells
    score = indicator_formula(rule, actual, target, baseline, invalid)[1:]
    return f"=IF({says_not_applicable(actual)},{text_literal(na_word)},{score})"


__all__ = [
    "ALLOWED_FUNCTIONS",
    "dimension_formula",
    "final_formula",
    "functions_used",
    "grade_formula",
    "indicator_formula",
    "indicator_formula_na",
    "num",
    "rank_formula",
    "round_key_formula",
    "section_formula",
    "section_formula_na",
    "says_not_applicable",
    "text_literal",
]
