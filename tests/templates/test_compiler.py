"""The formula compiler: hand-computed cases per method and edge, evaluated by LibreOffice and numpy."""

from __future__ import annotations

import math

import numpy as np
import openpyxl
import pytest

from xlperf.core.contract import METHODS, IndicatorRule, score_rule
from xlperf.templates import compiler as fc

INVALID = "INVALID"
E = ""  # the score of a missing input: empty

R120 = IndicatorRule("ratio", cap=120)
INV120 = IndicatorRule("inverse", cap=120)
GROWTH = IndicatorRule("growth")
BANDS = IndicatorRule("bands", bands=((90, 120), (80, 100), (70, 80), (0, 50)))
LIN = IndicatorRule("linear", points=((0, 0), (0.8, 60), (1, 100), (1.5, 130)))
LIN_ACT = IndicatorRule("linear", on="actual", points=((0, 0), (20, 80), (30, 100), (45, 120)))
RATE = IndicatorRule("rating")
RATE_MAP = IndicatorRule("rating", rating_map=((1, 40), (2, 60), (3, 80), (4, 100), (5, 120)))
DED = IndicatorRule("deduction", per=20)
BIN = IndicatorRule("binary")
BIN_LOW = IndicatorRule("binary", lower=True)
FLOOR50 = IndicatorRule("ratio", floor=50, cap=120)
ATT = IndicatorRule("attainment", bands=((120, 120), (100, 100), (80, 80), (0, 50)))
ATT_LOW = IndicatorRule("attainment", lower=True, bands=((120, 120), (100, 100), (0, 60)))
RANGE = IndicatorRule("range", cap=120)

# (id, rule, actual, target, baseline, expected score): hand-computed
FORMULA_CASES = [
    ("ratio-plain", R120, 90, 100, None, 90.0),
    ("ratio-cap", R120, 130, 100, None, 120.0),
    ("ratio-zero-actual", R120, 0, 100, None, 0.0),
    ("ratio-zero-target", R120, 50, 0, None, INVALID),
    ("ratio-negative-target", R120, 50, -1, None, INVALID),
    ("ratio-missing-actual", R120, None, 100, None, E),
    ("ratio-missing-target", R120, 50, None, None, E),
    ("ratio-text-actual", R120, "abc", 100, None, INVALID),
    ("ratio-floor", FLOOR50, 10, 100, None, 50.0),
    ("inverse-under-budget-capped", INV120, 80, 100, None, 120.0),
    ("inverse-over-budget", INV120, 125, 100, None, 80.0),
    ("inverse-zero-actual-scores-cap", INV120, 0, 100, None, 120.0),
    ("inverse-negative-actual", INV120, -1, 100, None, INVALID),
    ("inverse-zero-target", INV120, 100, 0, None, INVALID),
    ("growth-cap", GROWTH, 1.2, 0.1, 1, 150.0),
    ("growth-half", GROWTH, 1.05, 0.1, 1, 50.0),
    ("growth-decline-floor", GROWTH, 0.9, 0.1, 1, 0.0),
    ("growth-negative-baseline", GROWTH, -1, 0.5, -2, 100.0),
    ("growth-zero-baseline", GROWTH, 1, 0.1, 0, INVALID),
    ("growth-missing-baseline", GROWTH, 1, 0.1, None, E),
    ("bands-top", BANDS, 95, None, None, 120.0),
    ("bands-exact-min", BANDS, 90, None, None, 120.0),
    ("bands-just-below", BANDS, 89.99, None, None, 100.0),
    ("bands-lowest", BANDS, 0, None, None, 50.0),
    ("bands-below-all-floor", BANDS, -1, None, None, 0.0),
    ("linear-first-segment", LIN, 50, 100, None, 37.5),
    ("linear-second-segment", LIN, 90, 100, None, 80.0),
    ("linear-at-point", LIN, 100, 100, None, 100.0),
    ("linear-third-segment", LIN, 125, 100, None, 115.0),
    ("linear-beyond-end-flat", LIN, 200, 100, None, 130.0),
    ("linear-before-start-flat", LIN, -10, 100, None, 0.0),
    ("linear-zero-target", LIN, 10, 0, None, INVALID),
    ("linear-on-actual", LIN_ACT, 25, None, None, 90.0),
    ("linear-on-actual-first", LIN_ACT, 10, None, None, 40.0),
    ("linear-on-actual-end", LIN_ACT, 60, None, None, 120.0),
    ("rating-scale", RATE, 4, None, None, 80.0),
    ("rating-half", RATE, 3.5, None, None, 70.0),
    ("rating-below-scale", RATE, 0, None, None, INVALID),
    ("rating-above-scale", RATE, 6, None, None, INVALID),
    ("rating-map", RATE_MAP, 4, None, None, 100.0),
    ("rating-map-top", RATE_MAP, 5, None, None, 120.0),
    ("rating-map-not-a-key", RATE_MAP, 3.5, None, None, INVALID),
    ("deduction-none", DED, 0, None, None, 100.0),
    ("deduction-two", DED, 2, None, None, 60.0),
    ("deduction-floor", DED, 6, None, None, 0.0),
    ("deduction-negative", DED, -1, None, None, INVALID),
    ("binary-met-exactly", BIN, 40, 40, None, 100.0),
    ("binary-missed", BIN, 39, 40, None, 0.0),
    ("binary-lower-met", BIN_LOW, 2.4, 2.5, None, 100.0),
    ("binary-lower-equal", BIN_LOW, 2.5, 2.5, None, 100.0),
    ("binary-lower-missed", BIN_LOW, 2.6, 2.5, None, 0.0),
    ("attainment-exactly-120", ATT, 120, 100, None, 120.0),
    ("attainment-120-at-6-decimals", ATT, 119.9999996, 100, None, 120.0),
    ("attainment-just-below-120", ATT, 119.999994, 100, None, 100.0),
    ("attainment-lower", ATT_LOW, 80, 100, None, 120.0),
    ("attainment-lower-zero-actual", ATT_LOW, 0, 100, None, 120.0),
    ("attainment-zero-target", ATT, 10, 0, None, INVALID),
    ("range-half", RANGE, 16000, 20000, 12000, 50.0),
    ("range-goal-below-start", RANGE, 0.025, 0.02, 0.03, 50.0),
    ("range-goal-is-start", RANGE, 5, 3, 3, INVALID),
]


def test_every_method_has_a_case():
    assert {c[1].method for c in FORMULA_CASES} == set(METHODS)


@pytest.mark.parametrize("case", FORMULA_CASES, ids=[c[0] for c in FORMULA_CASES])
def test_hand_computed_cases_agree_with_the_engine(case):
    """The table itself is checked against numpy, so the LibreOffice test compares with the contract."""
    _, rule, a, t, b, want = case
    if want in (E, INVALID):
        return
    got = score_rule(
        rule,
        np.array([float(a)]),
        np.array([np.nan if t is None else float(t)]),
        np.array([np.nan if b is None else float(b)]),
    )[0]
    assert math.isclose(got, want, abs_tol=1e-12)


@pytest.mark.libreoffice
def test_libreoffice_evaluates_every_case(recalculated):
    from conftest import RECALCULATED_EXTRA

    ws = openpyxl.load_workbook(RECALCULATED_EXTRA["compiler"], data_only=True).active
    bad = []
    for r, (name, _, _, _, _, want) in enumerate(FORMULA_CASES, start=1):
        got = ws[f"D{r}"].value
        got = "" if got is None else got
        ok = (
            math.isclose(got, want, abs_tol=1e-9)
            if isinstance(want, float) and isinstance(got, int | float)
            else got == want
        )
        if not ok:
            bad.append(f"Sheet!D{r} ({name}): LibreOffice {got!r}, expected {want!r}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            R120,
            '=IF(OR(A1="",B1=""),"",IF(AND(ISNUMBER(A1),ISNUMBER(B1),B1>0),MIN(120,MAX(0,100*A1/B1)),"INVALID"))',
        ),
        (DED, '=IF(A1="","",IF(AND(ISNUMBER(A1),A1>=0),MIN(150,MAX(0,100-20*A1)),"INVALID"))'),
        (
            BIN_LOW,
            '=IF(OR(A1="",B1=""),"",IF(AND(ISNUMBER(A1),ISNUMBER(B1)),MIN(150,MAX(0,IF(A1<=B1,100,0))),"INVALID"))',
        ),
    ],
)
def test_formula_text(rule, expected):
    assert fc.indicator_formula(rule, "A1", "B1", "C1", INVALID) == expected


@pytest.mark.parametrize("case", FORMULA_CASES, ids=[c[0] for c in FORMULA_CASES])
def test_only_portable_functions(case):
    formula = fc.indicator_formula(case[1], "A1", "B1", "C1", INVALID)
    assert fc.functions_used(formula) <= fc.ALLOWED_FUNCTIONS
    assert "_xlfn" not in formula and "LET(" not in formula and "IFS(" not in formula


def test_aggregation_formulas():
    assert (
        fc.final_formula([70, 30, 0], ["E5", "F5", "G5"], "x")
        == '=IF(COUNT(E5,F5)=2,(E5*70+F5*30)/100,IF(OR(E5="x",F5="x"),"x",""))'
    )
    assert fc.round_key_formula("H5") == '=IF(ISNUMBER(H5),ROUND(H5,6),"")'
    assert (
        fc.grade_formula("Z5", [("A", 120), ("B", 100), ("E", 0)])
        == '=IF(ISNUMBER(Z5),IF(Z5>=120,"A",IF(Z5>=100,"B","E")),"")'
    )
    dim = fc.dimension_formula(IndicatorRule("rating"), ["E5", "F5"], [50, 20], "x")
    assert dim.startswith('=IF(AND(E5="",F5=""),"",') and '(IF(E5="",0,50)+IF(F5="",0,20))' in dim
    with pytest.raises(ValueError):
        fc.indicator_formula(R120, "A1", None, None, "x")
    with pytest.raises(KeyError):
        fc.indicator_formula(IndicatorRule("nonsense"), "A1", None, None, "x")


@pytest.mark.parametrize(
    ("x", "text"),
    [(40.0, "40"), (0.1, "0.1"), (-2.5, "-2.5"), (1e-05, "0.00001"), (1 / 3, "0.3333333333333333")],
)
def test_number_literals(x, text):
    assert fc.num(x) == text
