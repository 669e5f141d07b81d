"""The three faces of the scoring contract, each evaluated on a :class:`FaceCase`.

- :func:`udf_face`: the worksheet functions, called as xlwings calls them (2-D lists,
  ``None`` for blanks, the calling cell in a workbook whose ``_xlperf`` sheet holds the
  scheme's YAML), each fed the cells the one before spilled;
- :func:`engine_face`: ``xlperf.score`` on the same rows; where it refuses the
  employee, the verdicts come from the problems it names and the values of the usable
  rows and sections from the engine's own steps (``prepare_data``, ``section_scores``);
- the form face is :class:`face_sheet.FormSheet`: the contract's compiled formulas, one
  block per case in one worksheet, read back after LibreOffice recalculated it;
- :func:`differences` says where two faces disagree.

Each face gives a :class:`FaceResult`: per indicator row, section, competency
dimension, the final score and the grade, an :class:`Outcome` (verdict and value).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from face_book import book_with_yaml, caller_in
from face_strategies import FaceCase

import udfs.xlperf_udfs as U
import xlperf
from xlperf.core import contract
from xlperf.core.contract.aggregation import weights_sum_to_100
from xlperf.core.contract.validity import MISSING_CODES
from xlperf.core.engine.compute import section_scores
from xlperf.core.engine.data import prepare_data
from xlperf.core.engine.ratings import prepare_ratings
from xlperf.errors import InputError, ProblemList
from xlperf.messages import short_text

INVALID = "INVALID"
VALID, MISSING, BAD, NOT_VALID = "valid", "missing", "invalid", "not valid"
#: employee-level problems that mean "not rated yet", not "rated wrong"
UNRATED = {"DATA_NO_RATINGS", "RATINGS_DIMENSION_UNRATED"}


@dataclass(frozen=True)
class Outcome:
    """A verdict (valid, missing, invalid, or "not valid" from a face that does not tell
    missing from invalid) and, when valid, the value (a score, or a grade's name)."""

    verdict: str
    value: float | str | None = None


@dataclass
class FaceResult:
    indicators: list[Outcome | None]
    sections: dict[str, Outcome | None] = field(default_factory=dict)
    dimensions: dict[str, Outcome | None] = field(default_factory=dict)
    final: Outcome | None = None
    grade: Outcome | None = None
    #: UDF only: KPI_SCORE called with the method's name and options (None: not expressible)
    by_method: list[Outcome | None] = field(default_factory=list)


def combined(verdicts: list[str]) -> str:
    """An aggregate's verdict: invalid if any part is, else missing if any part is."""
    return BAD if BAD in verdicts else MISSING if MISSING in verdicts else VALID


# -- the UDFs ---------------------------------------------------------------------------------


def caller_for(case: FaceCase) -> Any:
    """The calling cell in a workbook whose ``_xlperf`` sheet holds the case's scheme YAML."""
    return caller_in(book_with_yaml(case.scheme_yaml))


_MISSING_TEXTS = {short_text(code, "zh") for code in MISSING_CODES.values()} | {""}


def udf_outcome(cell: Any, aggregate: bool = False) -> Outcome:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return Outcome(VALID, float(cell))
    if aggregate:
        return Outcome(NOT_VALID)
    return Outcome(MISSING if cell in _MISSING_TEXTS else BAD)


def _method_options(scheme: xlperf.Scheme, rule: contract.IndicatorRule) -> Any:
    """KPI_SCORE's options giving ``rule`` for the bare method name, or False if none can."""
    base = scheme.method_rule(rule.method)
    if rule.rating_map != base.rating_map or rule.on != base.on:
        return False
    clamp = [
        f"{k}={getattr(rule, k)!r}"
        for k in ("cap", "floor")
        if getattr(rule, k) != getattr(base, k)
    ]
    pairs = rule.bands or rule.points
    if pairs:
        # a range of pairs says neither a clamp, nor lower, nor "above"
        return False if clamp or rule.lower or any(rule.above) else [[x, y] for x, y in pairs]
    extra = [f"per={rule.per!r}"] if rule.method == "deduction" else []
    extra += ["lower=true"] if rule.lower else []
    return "; ".join(clamp + extra) or None


def _by_method(case: FaceCase, caller: Any) -> list[Outcome | None]:
    out: list[Outcome | None] = []
    for r in case.rows:
        rule = case.scheme.rule(r.code)
        options = _method_options(case.scheme, rule)
        if options is False:
            out.append(None)
            continue
        cells = [r.actual.value, r.target.value, rule.method, r.baseline.value, options]
        out.append(udf_outcome(U.KPI_SCORE(*cells, caller)[0][0]))
    return out


def _udf_competency(case: FaceCase, caller: Any) -> tuple[dict, Any]:
    """Dimension outcomes and the competency cell; ({}, None) when the UDFs cannot say."""
    s = case.scheme
    rater_w = [float(w) for w in s.raters.values()]
    cells = {(d, r): c.value for d, r, c in case.ratings}
    every = [cells.get((d.code, r)) for d in s.competencies for r in s.raters]
    if any(v is None for v in every) or not weights_sum_to_100(rater_w):
        return {}, None  # no UDF renormalises over the raters present, like the engine does
    dims: dict[str, Any] = {}
    for dim in s.competencies:
        ratings = [[cells[(dim.code, r)] for r in s.raters]]
        points = U.KPI_SCORE(ratings, None, "rating", None, None, caller)
        dims[dim.code] = U.WEIGHTED_SCORE(points, [rater_w], caller)[0][0]
    weights = [[float(c.weight) for c in s.competencies]]
    comp = U.WEIGHTED_SCORE([list(dims.values())], weights, caller)[0][0]
    return {k: udf_outcome(v, True) for k, v in dims.items()}, comp


def udf_face(case: FaceCase) -> FaceResult:
    s, caller = case.scheme, caller_for(case)
    rows = case.rows
    a, t, b = ([[getattr(r, n).value] for r in rows] for n in ("actual", "target", "baseline"))
    kpi = U.KPI_SCORE(a, t, [[r.code] for r in rows], b, None, caller)
    assert len(kpi) == len(rows), f"KPI_SCORE refused the whole call: {kpi}"
    result = FaceResult([udf_outcome(v[0]) for v in kpi], by_method=_by_method(case, caller))
    weight = {i.code: float(i.weight) for i in s.role_by_id[case.role].indicators}
    section_cells: dict[str, Any] = {}
    for sec in s.kpi_sections:
        idx = [k for k, r in enumerate(rows) if s.section_of(r.code) == sec.id]
        if idx:
            scores = [[kpi[k][0] for k in idx]]
            ws = U.WEIGHTED_SCORE(scores, [[weight[rows[k].code] for k in idx]], caller)
            section_cells[sec.id] = ws[0][0]
    if s.competency is not None:
        result.dimensions, section_cells[s.competency.id] = _udf_competency(case, caller)
    result.sections = {
        k: None if v is None else udf_outcome(v, True) for k, v in section_cells.items()
    }
    if any(section_cells.get(x.id) is None and x.weight > 0 for x in s.sections):
        return result  # a section the UDFs cannot compute: no final either
    final = U.FINAL_SCORE([[section_cells.get(x.id, "") for x in s.sections]], None, caller)[0][0]
    result.final = udf_outcome(final, True)
    grade = U.GRADE_BAND([[final]], None, caller)[0][0]
    result.grade = Outcome(VALID, grade) if result.final.verdict == VALID else Outcome(NOT_VALID)
    return result


# -- the engine -------------------------------------------------------------------------------

_COLUMNS = ["employee_id", "department", "role", "indicator", "actual", "target", "baseline"]
_RATING_COLUMNS = ["employee_id", "dimension", "rater", "rating"]


def _tables(case: FaceCase) -> tuple[pd.DataFrame, pd.DataFrame | None, list[tuple]]:
    rows = [
        ("E1", "D1", case.role, r.code, r.actual.value, r.target.value, r.baseline.value)
        for r in case.rows
    ]
    data = pd.DataFrame(rows, columns=_COLUMNS, dtype=object)
    if case.scheme.competency is None:
        return data, None, []
    rated = [(d, r, c.value) for d, r, c in case.ratings if c.value is not None]
    ratings = pd.DataFrame([("E1", *x) for x in rated], columns=_RATING_COLUMNS, dtype=object)
    return data, ratings, rated


def _verdicts(problems: list, n_rows: int, n_rated: int) -> tuple[list[str], list[bool]]:
    """Each data row's verdict and whether each rating row is unusable, from the problems."""
    rows: list[list[str]] = [[] for _ in range(n_rows)]
    bad_rating = [False] * n_rated
    missing = set(MISSING_CODES.values())
    for p in problems:
        if p.code in UNRATED:
            continue  # follows from the ratings themselves (see _dimension_verdicts)
        if p.where.column == "rating":
            bad_rating[p.where.row - 2] = True
        elif p.where.column in ("actual", "target", "baseline"):
            rows[p.where.row - 2].append(MISSING if p.code in missing else BAD)
        else:
            raise AssertionError(f"a problem the faces test does not expect: {p} ({p.code})")
    # within a row a blank input wins, as in the form's formula: "" until every input is in
    return [MISSING if MISSING in v else BAD if v else VALID for v in rows], bad_rating


def _dimension_verdicts(case: FaceCase, rated: list[tuple], bad: list[bool]) -> dict[str, str]:
    out = {}
    for dim in case.scheme.competencies:
        mine = [b for (d, _, _), b in zip(rated, bad, strict=True) if d == dim.code]
        out[dim.code] = BAD if any(mine) else MISSING if not mine else VALID
    return out


def _engine_values(case: FaceCase, data, ratings, res) -> tuple:
    """Row, section and dimension values: the Results, or, when the engine refused the
    employee, its own steps on the same tables (the values of the usable parts)."""
    s = case.scheme
    if res is not None:
        sections = [res.employees[f"score_{x.id}"].iloc[0] for x in s.sections]
        dims = dict(zip(res.dimensions["dimension"], res.dimensions["score"], strict=True))
        return res.indicators["score"].to_numpy(), sections, dims
    d = prepare_data(s, data, ProblemList())
    r = (
        prepare_ratings(s, ratings, pd.Index(["E1"]), ProblemList())
        if ratings is not None
        else None
    )
    dims = {} if r is None else dict(zip(r.dims, r.dim_score[0], strict=True))
    return d.score, section_scores(s, d, r)[0], dims


def engine_face(case: FaceCase) -> FaceResult:
    s = case.scheme
    data, ratings, rated = _tables(case)
    try:
        res, problems = xlperf.score(s, data, ratings), []
    except InputError as err:
        res, problems = None, err.problems
    row_verdicts, bad_rating = _verdicts(problems, len(case.rows), len(rated))
    scores, section_values, dim_values = _engine_values(case, data, ratings, res)
    result = FaceResult([Outcome(v, scores[k]) for k, v in enumerate(row_verdicts)])
    verdicts: dict[str, str] = {}
    for sec in s.sections:
        if s.competency is not None and sec.id == s.competency.id:
            dims = _dimension_verdicts(case, rated, bad_rating)
            result.dimensions = {c: Outcome(v, dim_values.get(c)) for c, v in dims.items()}
            verdicts[sec.id] = combined(list(dims.values()))
        else:
            mine = [s.section_of(row.code) == sec.id for row in case.rows]
            verdicts[sec.id] = combined([v for v, m in zip(row_verdicts, mine, strict=True) if m])
    result.sections = {
        k: Outcome(v, section_values[j]) for j, (k, v) in enumerate(verdicts.items())
    }
    final = combined([verdicts[x.id] for x in s.sections if x.weight > 0])
    emp = res.employees.iloc[0] if res is not None else None
    result.final = Outcome(final, None if emp is None else float(emp["final_score"]))
    result.grade = Outcome(final, None if emp is None else emp["grade_absolute"])
    return result


# -- comparing faces --------------------------------------------------------------------------

TOL = 1e-9


def _same(a: Outcome | None, b: Outcome | None) -> bool:
    if a is None or b is None:
        return True  # a face that cannot express it
    if NOT_VALID in (a.verdict, b.verdict):
        if (a.verdict == VALID) != (b.verdict == VALID):
            return False
    elif a.verdict != b.verdict:
        return False
    if a.verdict != VALID or b.verdict != VALID or a.value is None or b.value is None:
        return True
    if isinstance(a.value, str) or isinstance(b.value, str):
        return a.value == b.value
    return abs(a.value - b.value) <= TOL


def differences(case: FaceCase, a: FaceResult, b: FaceResult, names: tuple[str, str]) -> list[str]:
    """Where two faces disagree on a case, one line each."""
    pairs: list[tuple[str, Outcome | None, Outcome | None]] = []
    for k, row in enumerate(case.rows):
        pairs.append((f"indicator {row.code} (row {k + 1})", a.indicators[k], b.indicators[k]))
    for k, row in enumerate(case.rows):
        if a.by_method:
            pairs.append((f"KPI_SCORE by method, {row.code}", a.by_method[k], b.indicators[k]))
    for key in a.sections.keys() | b.sections.keys():
        pairs.append((f"section {key}", a.sections.get(key), b.sections.get(key)))
    for key in a.dimensions.keys() | b.dimensions.keys():
        pairs.append((f"dimension {key}", a.dimensions.get(key), b.dimensions.get(key)))
    pairs += [("final score", a.final, b.final), ("grade", a.grade, b.grade)]
    return [f"{what}: {names[0]} {x}, {names[1]} {y}" for what, x, y in pairs if not _same(x, y)]


def describe(case: FaceCase) -> str:
    """Enough to rebuild the case by hand."""
    lines = [f"{case.origin}, role {case.role}"]
    for r in case.rows:
        lines.append(
            f"  {r.code} ({case.scheme.rule(r.code)}): "
            + ", ".join(
                f"{n}={c.value!r}" + (f" (sheet {c.sheet!r})" if c.sheet != c.value else "")
                for n, c in r.cells().items()
            )
        )
    lines += [f"  rating {d}/{r} = {c.value!r}" for d, r, c in case.ratings]
    if case.origin.startswith(("generated", "boundary")):
        lines.append("  scheme:\n" + "\n".join("    " + x for x in case.scheme_yaml.splitlines()))
    return "\n".join(lines)
