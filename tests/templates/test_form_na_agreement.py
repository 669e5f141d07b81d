"""N/A in a form: its formulas, its data validation and read_form agree on every text (Hypothesis).

Texts near the N/A words (case, spaces, full width, ``#N/A``, numbers as
text) go into the actuals of ``allow_na`` indicators; LibreOffice recalculates
the form; for each cell the score formula (the N/A word, a number, or the
invalid marker / an error), the cell's own validation formula (evaluated
beside it) and read_form (N/A handed on, nothing, or a problem at the cell)
must say the same.
"""

from __future__ import annotations

import openpyxl
import pytest
from form_fill import slots_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_form_fidelity import SCHEME, _roster

from xlperf.io import libreoffice
from xlperf.templates import layout as L
from xlperf.templates.builder import build_forms
from xlperf.templates.reader import read_form
from xlperf.templates.text import T

pytestmark = pytest.mark.libreoffice

NA_CODES = ("N1", "N2", "N3")
CHECK_COL = "P"  # beside the table: the cell's validation formula, evaluated


def _variants(word: str) -> st.SearchStrategy[str]:
    wide = word.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    return st.sampled_from(
        [word, word.lower(), word.title(), f" {word}", f"{word} ", wide, f"#{word}", word + "."]
    )


TEXTS = st.one_of(
    st.sampled_from(["N/A", "NA", "不适用"]).flatmap(_variants),
    st.sampled_from(["85", "", " ", "n／a", "N A", "不 适用", "适用", "none"]),
    st.text(alphabet="naNA/ 不适用", max_size=5),
)


@pytest.fixture(scope="module")
def blank_form(tmp_path_factory):
    folder = tmp_path_factory.mktemp("na-agree")
    (form,) = build_forms(SCHEME, _roster(), folder / "forms", lang="zh")
    return form, folder


def _fill(form, out, texts):
    _, roles, names = slots_of(form)
    lay = L.plan(SCHEME, roles)
    wb = openpyxl.load_workbook(form)
    kpi = wb[names["kpi"]]
    todo = iter(texts)
    cells = []
    for slot in lay.slots:
        for row, code, _ in slot.kpi_rows:
            cell = f"{L.K_ACTUAL}{row}"
            if code == "RNG":
                kpi[f"{L.K_TARGET}{row}"], kpi[f"{L.K_BASELINE}{row}"] = 20, 10
            value = next(todo, None) if code in NA_CODES else 50
            kpi[cell] = 50 if value is None else (value if value != "" else None)
            dv = next(d for d in kpi.data_validations.dataValidation if cell in d.sqref)
            test = dv.formula1 if dv.type == "custom" else f"ISNUMBER({cell})"
            kpi[f"{CHECK_COL}{row}"] = f'=IF(OR({cell}="",{test}),"valid","invalid")'
            if code in NA_CODES and value not in (None, ""):
                cells.append((row, value))
    wb.save(out)
    return cells, names


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(TEXTS, min_size=20, max_size=27))
def test_form_and_reader_agree_on_na_texts(blank_form, texts):
    form, folder = blank_form
    filled = folder / "filled.xlsx"
    cells, names = _fill(form, filled, texts)
    (out,) = libreoffice.recalculate([filled], folder / "lo")
    ws = openpyxl.load_workbook(out, data_only=True)[names["kpi"]]
    read = read_form(filled, SCHEME)
    problem_cells = {p.where.cell for p in read.problems}
    actual = dict(
        zip(read.data["indicator"] + read.data["employee_id"], read.data["actual"], strict=True)
    )
    bad = []
    for row, value in cells:
        score = ws[f"{L.K_SCORE}{row}"].value
        check = ws[f"{CHECK_COL}{row}"].value
        code, eid = ws[f"E{row}"].value, ws[f"A{row}"].value
        form_says = (
            "na"
            if score == T["zh"]["na_score"]
            else ("valid" if isinstance(score, int | float) else "invalid")
        )
        cell = f"{L.K_ACTUAL}{row}"
        if cell in problem_cells:
            reader_says = "invalid"
        else:
            reader_says = "na" if isinstance(actual.get(code + eid), str) else "valid"
        # an error from the check (``#N/A`` typed is the error value, not text) admits nothing
        validation_says = "valid" if check == "valid" else "invalid"
        if form_says != reader_says or (validation_says == "invalid") != (form_says == "invalid"):
            bad.append(
                f"{cell}={value!r}: form {form_says} ({score!r}), "
                f"validation {validation_says}, reader {reader_says}"
            )
    assert not bad, "\n".join(bad)
