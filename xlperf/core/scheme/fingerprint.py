"""The scheme fingerprint: a hash of the scheme's content, stable across xlperf versions.

Forms store the fingerprint of the scheme they were built from, and collect
compares it, so it must not change when xlperf's model of a scheme does. The
canonical form is the dump of xlperf 0.1's model: every indicator with all
of its 0.1 keys (method keys at their defaults when not used), and keys
added since only when a scheme sets them.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> scheme_fingerprint(load_scheme(shipped_schemes()["sales"]))
    '515f6c00bab863f6'
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

#: top-level keys of a 0.1 scheme: always in the canonical dump, defaults included
V1_KEYS = (
    "scheme",
    "rating_scale",
    "defaults",
    "sections",
    "competency_section",
    "indicators",
    "roles",
    "competencies",
    "raters",
    "grades",
    "distribution",
    "bonus",
    "limits",
    "adjustments",
)
#: the 0.1 indicator keys, in order, with their 0.1 defaults
V1_INDICATOR = {
    "code": None,
    "name": None,
    "name_en": None,
    "method": None,
    "section": None,
    "cap": None,
    "floor": None,
    "bands": None,
    "points": None,
    "on": "achievement",
    "map": None,
    "per": None,
    "lower": False,
    "unit": "number",
    "target": None,
    "source": None,
    "source_en": None,
    "description": None,
}
V1_SECTION_KEYS = {
    "distribution": ("scope", "rounding", "quotas", "bottom"),
    "limits": ("max_indicators",),
}
#: keys added since 0.1 to the items of a list, with their defaults (hashed only when set)
NEW_ITEM_KEYS = {
    "grades": {"above": None},
    "roles": {"max_indicators": None},
    "indicators": {"allow_na": False},
}


def _band(band: dict[str, Any]) -> dict[str, Any]:
    """A band as 0.1 dumped it (``min``, ``score``), ``above`` instead of ``min`` when it uses it."""
    if band.get("above") is not None:
        return {"above": float(band["above"]), "score": float(band["score"])}
    return {"min": float(band["min"]), "score": float(band["score"])}


def _without_new_defaults(item: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if not (k in new and v == new[k])}


def _v1_indicator(ind: Any) -> dict[str, Any]:
    dumped = ind.model_dump(mode="json")
    out = {k: dumped.get(k, default) for k, default in V1_INDICATOR.items()}
    if out["bands"] is not None:
        out["bands"] = [_band(b) for b in out["bands"]]
    if out["points"] is not None:
        out["points"] = [[float(x), float(y)] for x, y in out["points"]]
    if out["map"] is not None:
        out["map"] = {str(float(k)): float(v) for k, v in out["map"].items()}
    if out["per"] is not None:
        out["per"] = float(out["per"])
    declared = type(ind).model_fields
    extra = {
        k: v
        for k, v in dumped.items()
        if k not in V1_INDICATOR and (k not in declared or k in ind.model_fields_set)
    }
    return _without_new_defaults({**out, **extra}, NEW_ITEM_KEYS["indicators"])


def canonical(scheme: Any) -> dict[str, Any]:
    """The scheme as the 0.1 dump, plus any newer keys the scheme sets."""
    dumped = scheme.model_dump(mode="json", exclude_defaults=True)
    full = scheme.model_dump(mode="json")
    out = {k: full[k] for k in V1_KEYS}
    out["indicators"] = [_v1_indicator(i) for i in scheme.indicators]
    for key in ("grades", "roles"):
        out[key] = [_without_new_defaults(item, NEW_ITEM_KEYS[key]) for item in out[key]]
    for key, old in V1_SECTION_KEYS.items():
        new = {k: v for k, v in dumped.get(key, {}).items() if k not in old}
        out[key] = {**{k: full[key][k] for k in old}, **new}
    out.update({k: v for k, v in dumped.items() if k not in V1_KEYS})
    return out


def scheme_fingerprint(scheme: Any) -> str:
    payload = json.dumps(canonical(scheme), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
