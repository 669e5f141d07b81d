"""Schemes drawn from scratch for tests/test_faces.py (re-exported by tests/strategies.py).

:data:`METHOD_PARAMS` maps every registered scoring method to a strategy of its scheme
keys (a test fails when a method has none), so generated schemes cover every method
with its parameters: rating maps, caps, floors, bands, linear points, ``lower``.
"""

from __future__ import annotations

import math

import yaml
from hypothesis import strategies as st

from xlperf.core.contract import METHODS, IndicatorRule, needs_positive_target, needs_target

GRADE_NAMES = ("A", "B", "C", "D", "E")


def banded(bounds: list[float], results: st.SearchStrategy) -> st.SearchStrategy[list[dict]]:
    """A banded list as a scheme writes it: highest bound first, each ``min`` or ``above``."""
    chosen = st.lists(st.sampled_from(bounds), min_size=1, max_size=4, unique=True)

    def entries(bs):
        n = len(bs)
        keys = st.lists(st.sampled_from(["min", "min", "above"]), min_size=n, max_size=n)
        scores = st.lists(results, min_size=n, max_size=n)
        return st.tuples(keys, scores).map(
            lambda ks: [
                {k: b, "score": s}
                for b, k, s in zip(sorted(bs, reverse=True), ks[0], ks[1], strict=True)
            ]
        )

    return chosen.flatmap(entries)


_SCORES = st.sampled_from([40, 50, 80, 100, 110.5, 120, 130])


def _bands_params(scale):
    return banded([0.0, 0.01, 0.5, 60.0, 70.0, 89.5, 90.0], _SCORES).map(lambda b: {"bands": b})


def _attainment_params(scale):
    bands = banded([0.0, 50.0, 80.0, 99.5, 100.0, 120.0], _SCORES)
    return st.tuples(bands, st.booleans()).map(lambda p: {"bands": p[0], "lower": p[1]})


def _linear_params(scale):
    def points(on, xs_from):
        xs = st.lists(st.sampled_from(xs_from), min_size=2, max_size=4, unique=True).map(sorted)
        ys = st.sampled_from([0, 40, 60, 100, 115.5, 130, 150])
        return xs.flatmap(
            lambda x: st.lists(ys, min_size=len(x), max_size=len(x)).map(
                lambda y: {"on": on, "points": [[a, b] for a, b in zip(x, y, strict=True)]}
            )
        )

    return st.one_of(
        points("achievement", [0.0, 0.5, 0.8, 1.0, 1.2, 1.5, 2.0]),
        points("actual", [0.0, 10.0, 20.0, 30.0, 45.0, 100.0]),
    )


def rating_maps(scale) -> st.SearchStrategy[dict]:
    """A map from some whole ratings on the scale to points."""
    lo, hi = scale
    keys = st.lists(st.integers(math.ceil(lo), math.floor(hi)), min_size=1, unique=True)
    return keys.flatmap(
        lambda ks: st.lists(
            st.sampled_from([20, 40, 60, 80, 100, 120, 150]), min_size=len(ks), max_size=len(ks)
        ).map(lambda vs: dict(zip(ks, vs, strict=True)))
    )


#: method → strategy of its scheme keys, given the rating scale (min, max)
METHOD_PARAMS = {
    "ratio": lambda scale: st.just({}),
    "inverse": lambda scale: st.just({}),
    "growth": lambda scale: st.just({}),
    "bands": _bands_params,
    "linear": _linear_params,
    "rating": lambda scale: st.one_of(st.just({}), rating_maps(scale).map(lambda m: {"map": m})),
    "deduction": lambda scale: st.sampled_from([5, 10, 12.5, 20, 33.3]).map(lambda p: {"per": p}),
    "binary": lambda scale: st.booleans().map(lambda low: {"lower": low}),
    "attainment": _attainment_params,
    "range": lambda scale: st.just({}),
}


def split_100(n: int) -> st.SearchStrategy[list[float]]:
    """``n`` positive weights with two decimals summing to 100, or to 99.99 or 100.01
    (the contract's tolerance, inclusive: a weighted mean divides by the sum, not by 100);
    none above 100, as a scheme requires."""
    cuts = st.lists(st.integers(1, 9999), min_size=n - 1, max_size=n - 1, unique=True)
    parts = cuts.map(
        lambda c: [b - a for a, b in zip([0, *sorted(c)], [*sorted(c), 10000], strict=True)]
    )
    off = st.sampled_from([0, 0, 1, -1])
    return st.tuples(parts, off).map(
        lambda p: [x / 100 for x in p[0][:-1]] + [min(max(p[0][-1] + p[1], 1), 10000) / 100]
    )


def _role_target(draw, method: str, keys: dict) -> float | None:
    rule = IndicatorRule(method, **METHODS[method].params.model_validate(keys).rule_fields())
    if not needs_target(rule):
        return None
    positive = needs_positive_target(rule)
    return draw(st.sampled_from([None, 0.2, 1.0, 40.0] if positive else [None, 2.5, -3.0]))


@st.composite
def _indicators(draw, scale, sections):
    n = draw(st.integers(1, 5))
    out, items = [], []
    for k in range(n):
        method = draw(st.sampled_from(sorted(METHOD_PARAMS)))
        keys = draw(METHOD_PARAMS[method](scale))
        ind = {"code": f"G{k + 1}", "name": f"指标{k + 1}", "method": method, **keys}
        ind |= {key: v for key, v in draw(_clamps()).items() if v is not None}
        if len(sections) > 1 and k % 2:
            ind["section"] = sections[1]
        out.append(ind)
        items.append({"code": ind["code"], "target": _role_target(draw, method, keys)})
    return out, items


def _clamps():
    cap = st.sampled_from([None, 100, 120, 130.5, 150, 200])
    floor = st.sampled_from([None, None, 10, 50])
    return st.fixed_dictionaries({"cap": cap, "floor": floor}).filter(
        lambda c: c["floor"] is None or c["cap"] is None or c["floor"] <= c["cap"]
    )


@st.composite
def generated_scheme_yaml(draw) -> str:
    """A valid scheme drawn from scratch, as YAML text: every method and its parameters,
    caps and floors, rating scales with and without maps, one or two KPI sections,
    a competency section (weighed or not), raters summing to 100 or not, grades."""
    scale = draw(st.sampled_from([(1, 5), (1, 4), (0, 10)]))
    rating_scale = {"min": scale[0], "max": scale[1]}
    if draw(st.booleans()):
        rating_scale["map"] = draw(rating_maps(scale))
    comp = draw(st.sampled_from([None, 0, 20, 30]))
    kpi = ["kpi", "kpi2"] if draw(st.booleans()) else ["kpi"]
    indicators, items = draw(_indicators(scale, kpi))
    kpi = kpi[: 1 + any("section" in i for i in indicators)]
    rest = 100 - (comp or 0)
    weights = [rest] if len(kpi) == 1 else [rest - 25, 25]
    sections = [
        {"id": s, "name": f"业绩{k}", "weight": w}
        for k, (s, w) in enumerate(zip(kpi, weights, strict=False))
    ]
    role_items = []
    for sec in kpi:
        mine = [
            it
            for it, ind in zip(items, indicators, strict=False)
            if ind.get("section", "kpi") == sec
        ]
        for it, w in zip(mine, draw(split_100(len(mine))), strict=False):
            role_items.append(
                {"code": it["code"], "weight": w}
                | ({"target": it["target"]} if it["target"] is not None else {})
            )
    grades = draw(banded([0, 50, 60, 75.5, 80, 90, 100, 105, 110, 120], st.just(None)))
    grades += [] if len(grades) > 1 else [{"min": -1, "score": None}]  # a second grade at least
    raw = {
        "scheme": {"id": "generated", "name": "生成的方案", "version": 1},
        "rating_scale": rating_scale,
        "defaults": {
            "floor": draw(st.sampled_from([0, 10])),
            "cap": draw(st.sampled_from([120, 150])),
        },
        "sections": sections,
        "indicators": indicators,
        "roles": [{"id": "r1", "name": "岗位一", "indicators": role_items}],
        "grades": [
            {"grade": GRADE_NAMES[k]} | {b: v for b, v in g.items() if b != "score"}
            for k, g in enumerate(grades)
        ],
    }
    if comp is not None:
        raw["sections"].append({"id": "competency", "name": "能力", "weight": comp})
        dims = draw(st.integers(1, 3))
        raw["competencies"] = [
            {"code": f"C{k + 1}", "name": f"能力{k + 1}", "weight": w}
            for k, w in enumerate(draw(split_100(dims)))
        ]
        raw["raters"] = draw(
            st.sampled_from(
                [
                    {"supervisor": 100},
                    {"supervisor": 60, "peer": 40},
                    {"supervisor": 50, "peer": 30, "self": 20},
                    {"supervisor": 70, "peer": 20},
                ]
            )
        )
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)


@st.composite
def grade_boundary_yaml(draw) -> tuple[str, float]:
    """A scheme whose final score is the actual itself (linear on actual, y = x), and an
    actual on a grade's min, a few ulps around it, or just around it at 6 decimals."""
    mins = sorted(
        draw(
            st.lists(
                st.sampled_from([0, 60, 80, 99.5, 100, 110, 120]),
                min_size=2,
                max_size=4,
                unique=True,
            )
        ),
        reverse=True,
    )
    raw = {
        "scheme": {"id": "boundary", "name": "边界方案", "version": 1},
        "defaults": {"floor": 0, "cap": 1000},
        "sections": [{"id": "kpi", "name": "业绩", "weight": 100}],
        "indicators": [
            {
                "code": "X",
                "name": "指标",
                "method": "linear",
                "on": "actual",
                "points": [[0, 0], [1000, 1000]],
            }
        ],
        "roles": [{"id": "r1", "name": "岗位一", "indicators": [{"code": "X", "weight": 100}]}],
        "grades": [
            {"grade": GRADE_NAMES[k], draw(st.sampled_from(["min", "above"])): m}
            for k, m in enumerate(mins)
        ],
    }
    m = draw(st.sampled_from(mins))
    offset = draw(st.sampled_from([0.0, 1e-7, -1e-7, 4e-7, -4e-7, 6e-7, -6e-7, 1e-6, -1e-6]))
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), m, offset
