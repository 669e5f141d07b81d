"""LibreOffice recalculates the new contract formulas exactly as the engine scores.

One workbook, one soffice call: attainment and bands with ``min``/``above`` at
their boundaries, ``range``, grades with ``above`` on the rounded key, and the
section mean that leaves N/A rows out. Each expected value is hand-computed
and checked against the engine first, so LibreOffice is compared with the
contract.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from xlperf.core.contract import METHODS, IndicatorRule, indicator_formula, score_rule
from xlperf.core.contract.aggregation import rescaled_weights, section_formula_na
from xlperf.core.contract.grading import grade_formula, grade_index, round_key_formula
from xlperf.io import libreoffice

INVALID = "INVALID"
ATT = IndicatorRule(
    "attainment", bands=((120, 120), (100, 100), (0, 50)), above=(False, True, False)
)
ATT_LOW = IndicatorRule("attainment", lower=True, bands=((120, 120), (100, 100), (0, 60)))
BANDS_ABOVE = IndicatorRule("bands", bands=((5, 100), (0, 50)), above=(True, False))
BANDS_MIN = IndicatorRule("bands", bands=((5, 100), (0, 50)))
RANGE = IndicatorRule("range", cap=120)

# (id, rule, actual, target, baseline, expected by hand)
CASES = [
    ("att-120-exact", ATT, 120, 100, None, 120.0),
    ("att-120-at-6-decimals", ATT, 119.9999996, 100, None, 120.0),  # ROUND(c, 6) = 120
    ("att-below-120", ATT, 119.999994, 100, None, 100.0),
    ("att-above-100-not-at-100", ATT, 100, 100, None, 50.0),  # c = 100 is not > 100
    ("att-above-100-rounds-down", ATT, 100.0000004, 100, None, 50.0),
    ("att-above-100-just-over", ATT, 100.000001, 100, None, 100.0),
    ("att-lower", ATT_LOW, 80, 100, None, 120.0),  # c = 125
    ("att-lower-zero", ATT_LOW, 0, 100, None, 120.0),
    ("att-lower-negative", ATT_LOW, -1, 100, None, INVALID),
    ("bands-above-at-bound", BANDS_ABOVE, 5, None, None, 50.0),
    ("bands-above-over", BANDS_ABOVE, 5.000001, None, None, 100.0),
    ("bands-min-at-6-decimals", BANDS_MIN, 4.9999996, None, None, 100.0),
    ("bands-min-below", BANDS_MIN, 4.999999, None, None, 50.0),
    ("range-half", RANGE, 16000, 20000, 12000, 50.0),
    ("range-down", RANGE, 0.025, 0.02, 0.03, 50.0),
    ("range-capped", RANGE, 30000, 20000, 12000, 120.0),
    ("range-goal-is-start", RANGE, 1, 2, 2, INVALID),
    ("range-missing-start", RANGE, 1, 2, None, ""),
]

GRADE_STEPS = [("A", 110.0, True), ("B", 100.0, False), ("C", 0.0, False)]
# (final score, grade by hand): A is above 110, B is min 100
GRADE_CASES = [
    (110, "B"),
    (110.0000004, "B"),
    (110.000001, "A"),
    (99.9999996, "B"),
    (99.999999, "C"),
]

# (weights, scores, actuals, expected by hand): N/A rows left out, weights rescaled
NA_CASES = [
    ([40, 30, 30], [90, 125, "N/A"], [90, 80, "N/A"], (40 * 90 + 30 * 125) / 70),  # = 105
    ([40, 30, 30], [90, 125, 125], [90, 80, 50], 111.0),
    ([50, 50, 0.001], [80, "", 100], [80, "不适用", 100], (50 * 80 + 0.001 * 100) / 50.001),
    ([40, 30, 30], ["", "", ""], ["NA", "n/a", "不适用"], INVALID),  # nothing applies
    ([40, 30, 30], [90, "", "N/A"], [90, "", "N/A"], ""),  # an applicable score is missing
    ([40, 30, 30], [90, INVALID, "N/A"], [90, "x", "N/A"], INVALID),
]


def _engine(rule, a, t, b) -> float | str:
    if (
        a is None
        or t is None
        and "target" in METHODS[rule.method].inputs(rule)
        or b is None
        and "baseline" in METHODS[rule.method].inputs(rule)
    ):
        return ""
    out = score_rule(
        rule, [float(a)], None if t is None else [float(t)], None if b is None else [float(b)]
    )[0]
    return INVALID if math.isnan(out) else float(out)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_hand_values_are_the_engines(case):
    _, rule, a, t, b, want = case
    got = _engine(rule, a, t, b)
    assert got == want if isinstance(want, str) else math.isclose(got, want, abs_tol=1e-9)


def test_grade_cases_are_the_engines():
    idx = grade_index(
        np.array([f for f, _ in GRADE_CASES]),
        np.array([110.0, 100.0, 0.0]),
        np.array([True, False, False]),
    )
    assert [GRADE_STEPS[i][0] for i in idx] == [g for _, g in GRADE_CASES]


@pytest.mark.parametrize("case", NA_CASES[:3])
def test_na_cases_are_the_engines(case):
    weights, scores, actuals, want = case
    applicable = np.array([a not in ("N/A", "NA", "n/a", "不适用") for a in actuals])
    s = np.array([x if isinstance(x, int | float) else 0.0 for x in scores], dtype=float)
    assert math.isclose(
        (rescaled_weights(np.array(weights, float), applicable) * s).sum() / 100,
        want,
        rel_tol=1e-12,
    )


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, (_, rule, a, t, b, _) in enumerate(CASES, start=1):
        for col, v in zip("ABC", (a, t, b), strict=True):
            if v is not None:
                ws[f"{col}{r}"] = v
        ws[f"D{r}"] = indicator_formula(rule, f"A{r}", f"B{r}", f"C{r}", INVALID)
    for r, (final, _) in enumerate(GRADE_CASES, start=1):
        ws[f"F{r}"] = final
        ws[f"G{r}"] = round_key_formula(f"F{r}")
        ws[f"H{r}"] = grade_formula(f"G{r}", GRADE_STEPS)
    for k, (weights, scores, actuals, _) in enumerate(NA_CASES):
        top = 1 + 4 * k
        for i, (w, s, a) in enumerate(zip(weights, scores, actuals, strict=True)):
            ws[f"J{top + i}"], ws[f"L{top + i}"] = w, a
            if s != "":
                ws[f"K{top + i}"] = s
        block = f"{top}:{{}}{top + 2}"
        ws[f"M{top}"] = section_formula_na(
            f"J{block.format('J')}", f"K{block.format('K')}", f"L{block.format('L')}", INVALID
        )
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory):
    if not libreoffice.available():
        pytest.skip("LibreOffice (soffice) is not installed")
    src = _workbook(tmp_path_factory.mktemp("policy-formulas") / "policy_formulas.xlsx")
    (out,) = libreoffice.recalculate([src], tmp_path_factory.mktemp("policy-formulas-out"))
    return openpyxl.load_workbook(out, data_only=True).active


def _same(got, want) -> bool:
    got = "" if got is None else got
    if isinstance(want, float):
        return isinstance(got, int | float) and math.isclose(got, want, abs_tol=1e-9)
    return got == want


@pytest.mark.libreoffice
def test_libreoffice_equals_the_engine(sheet):
    bad = [f"D{r} ({c[0]}): {sheet[f'D{r}'].value!r} vs {c[5]!r}"
           for r, c in enumerate(CASES, start=1) if not _same(sheet[f"D{r}"].value, c[5])]  # fmt: skip
    bad += [f"H{r}: {sheet[f'H{r}'].value!r} vs {g!r}"
            for r, (_, g) in enumerate(GRADE_CASES, start=1) if sheet[f"H{r}"].value != g]  # fmt: skip
    for k, (*_, want) in enumerate(NA_CASES):
        got = sheet[f"M{1 + 4 * k}"].value
        if not _same(got, float(want) if isinstance(want, int | float) else want):
            bad.append(f"M{1 + 4 * k}: {got!r} vs {want!r}")
    assert not bad, "\n".join(bad)
