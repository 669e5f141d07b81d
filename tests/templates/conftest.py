"""Session fixtures: filled forms for every shipped scheme, recalculated in ONE LibreOffice call."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from form_fill import Inputs, fill_form, on_target_inputs, random_inputs, roster_for

import xlperf
from xlperf.core.scheme import Scheme
from xlperf.io import libreoffice
from xlperf.templates.builder import build_forms
from xlperf.templates.reader import FormContents, read_form

SCHEMES = sorted(xlperf.shipped_schemes())
RECALCULATED_EXTRA: dict[str, Path] = {}


@dataclass
class Case:
    """Filled forms of one scheme, what the reader got back, and the engine's results."""

    scheme: Scheme
    filled: list[Path]
    contents: list[FormContents]
    inputs: dict[str, Inputs]
    results: xlperf.Results
    per: str
    recalculated: list[Path] | None = None


def _inputs_for(scheme: Scheme, roster: pd.DataFrame, seed: int) -> dict[str, Inputs]:
    rng = random.Random(seed)
    out: dict[str, Inputs] = {}
    ids = list(roster["工号"])
    for k, row in roster.iterrows():
        role = scheme.resolve_role(row["岗位"])
        if k % 5 == 0:
            out[row["工号"]] = on_target_inputs(scheme, role)
        else:
            out[row["工号"]] = random_inputs(scheme, role, rng, edge=k % 4)
    # a tie: the last employee of each role copies the role's first one
    for role in scheme.roles:
        same = [
            i for i, r in zip(ids, roster["岗位"], strict=True) if scheme.resolve_role(r) == role.id
        ]
        if len(same) >= 3:
            out[same[-1]] = out[same[0]]
    return out


def _build_case(scheme: Scheme, folder: Path, per: str, lang: str, seed: int) -> Case:
    roster = roster_for(scheme, per_role=5)
    forms = build_forms(scheme, roster, folder / "forms", lang=lang, per=per)
    inputs = _inputs_for(scheme, roster, seed)
    filled_dir = folder / "filled"
    filled_dir.mkdir()
    filled = [fill_form(p, scheme, inputs, filled_dir / p.name) for p in forms]
    contents = [read_form(p, scheme) for p in filled]
    data = pd.concat([c.data for c in contents], ignore_index=True)
    ratings = pd.concat([c.ratings for c in contents], ignore_index=True)
    return Case(scheme, filled, contents, inputs, xlperf.score(scheme, data, ratings), per)


@pytest.fixture(scope="session")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    """Every shipped scheme: zh per department, and en per role (both filled)."""
    out: dict[str, Case] = {}
    for k, name in enumerate(SCHEMES):
        scheme = xlperf.load_scheme(xlperf.shipped_schemes()[name])
        out[f"{name}-zh-department"] = _build_case(
            scheme, tmp_path_factory.mktemp(f"{name}-zh"), "department", "zh", 10 + k
        )
        out[f"{name}-en-role"] = _build_case(
            scheme, tmp_path_factory.mktemp(f"{name}-en"), "role", "en", 20 + k
        )
    return out


@dataclass
class EdgeForm:
    """A blank per-role form with bad and missing inputs, by employee id."""

    scheme: Scheme
    filled: Path
    missing: str  # employee with an empty actual
    invalid: str  # employee with text in an actual
    bad_rating: str  # employee with a rating off the scale
    complete: str  # a complete employee (scores must be numbers)
    recalculated: Path | None = None


@pytest.fixture(scope="session")
def edge_form(tmp_path_factory: pytest.TempPathFactory) -> EdgeForm:
    scheme = xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
    folder = tmp_path_factory.mktemp("edge")
    form = build_forms(scheme, None, folder / "forms")[0]  # blank sales_rep form
    form_role = scheme.roles[0].id
    rng = random.Random(5)
    people = [(f"X{k}", f"人{k}", "测试部") for k in range(4)]
    inputs = {p[0]: random_inputs(scheme, form_role, rng) for p in people}
    first = scheme.roles[0].indicators[0].code
    a, t, b = inputs["X0"].kpi[first]
    inputs["X0"].kpi[first] = (None, t, b)
    inputs["X1"].kpi[first] = ("abc", t, b)
    dim = scheme.competencies[0].code
    inputs["X2"].ratings[(dim, "supervisor")] = 9
    filled = fill_form(form, scheme, inputs, folder / "edge.xlsx", employees=people)
    return EdgeForm(scheme, filled, "X0", "X1", "X2", "X3")


@pytest.fixture(scope="session")
def recalculated(
    cases: dict[str, Case],
    edge_form: EdgeForm,
    compiler_sheet: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Case]:
    """All filled forms of every case (and the edge form), recalculated by LibreOffice in one soffice call."""
    if not libreoffice.available():
        pytest.skip("LibreOffice (soffice) is not installed")
    staging = tmp_path_factory.mktemp("lo-in")
    batch: list[tuple[str, int, Path]] = [
        ("edge", 0, edge_form.filled),
        ("compiler", 0, compiler_sheet),
    ]
    # the shipped blank forms too: LibreOffice must open and compute them as they are
    from xlperf.templates.standard import DEFAULT_DIR

    shipped = sorted(DEFAULT_DIR.glob("*/*/*.xlsx"))
    for i, p in enumerate(shipped):
        dest = staging / f"shipped__{i}.xlsx"
        dest.write_bytes(p.read_bytes())
        batch.append(("shipped", i, dest))
    for key, case in cases.items():
        for i, p in enumerate(case.filled):
            dest = staging / f"{key}__{i}.xlsx"
            dest.write_bytes(p.read_bytes())
            batch.append((key, i, dest))
    outs = libreoffice.recalculate([b[2] for b in batch], tmp_path_factory.mktemp("lo-out"))
    edge_form.recalculated = outs[0]
    RECALCULATED_EXTRA["compiler"] = outs[1]
    for (k, i, _), o in zip(batch, outs, strict=True):
        if k == "shipped":
            RECALCULATED_EXTRA[f"shipped:{shipped[i].relative_to(DEFAULT_DIR)}"] = o
    for key, case in cases.items():
        case.recalculated = [o for (k, _, _), o in zip(batch, outs, strict=True) if k == key]
    return cases


@pytest.fixture(scope="session")
def compiler_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One row per hand-computed compiler case (see test_compiler.FORMULA_CASES): inputs in A:C, formula in D."""
    from test_compiler import FORMULA_CASES, INVALID

    from xlperf.templates.compiler import indicator_formula

    wb = openpyxl.Workbook()
    ws = wb.active
    for r, (_, rule, a, t, b, _) in enumerate(FORMULA_CASES, start=1):
        for col, v in zip("ABC", (a, t, b), strict=True):
            if v is not None:
                ws[f"{col}{r}"] = v
        ws[f"D{r}"] = indicator_formula(rule, f"A{r}", f"B{r}", f"C{r}", INVALID)
    path = tmp_path_factory.mktemp("compiler") / "compiler_cases.xlsx"
    wb.save(path)
    return path
