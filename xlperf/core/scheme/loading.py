"""Reading a scheme: file → YAML → validated :class:`~.model.Scheme`, every problem at once.

Example:
    >>> s = parse_scheme({
    ...     "scheme": {"id": "demo", "name": "演示"},
    ...     "sections": [{"id": "kpi", "name": "业绩", "weight": 100}],
    ...     "indicators": [{"code": "REV", "name": "收入", "method": "ratio"}],
    ...     "roles": [{"id": "rep", "name": "专员", "indicators": [{"code": "REV", "weight": 100}]}],
    ...     "grades": [{"grade": "A", "min": 100}, {"grade": "B", "min": 0}],
    ... })
    >>> s.rule("REV").cap
    150.0
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xlperf.core.scheme.model import Scheme
from xlperf.core.scheme.validation import partial_scheme, semantic_problems, structure_problems
from xlperf.core.scheme_yaml import load_yaml
from xlperf.errors import Location, SchemeError
from xlperf.messages import say


def _invalid(source: str, problems: list) -> SchemeError:
    n = len(problems)
    return SchemeError(
        f"Scheme {source} is invalid ({n} problem(s)); nothing was written.",
        problems,
        f"方案 {source} 有 {n} 个问题，未写入任何文件。",
    )


def load_scheme(path: str | Path) -> Scheme:
    """Read and validate a scheme YAML file; raise :class:`SchemeError` listing every problem.

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> load_scheme(shipped_schemes()["sales"]).scheme.id
        'sales-2026q1'
    """
    p = Path(path)
    name = str(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise _invalid(
            name, [say("SCHEME_FILE_NOT_FOUND", Location(file=name), file=name)]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise _invalid(
            name, [say("SCHEME_FILE_UNREADABLE", Location(file=name), reason=reason)]
        ) from None
    return parse_scheme_text(text, source=name)


def parse_scheme_text(text: str, source: str = "<scheme>") -> Scheme:
    """Parse YAML text into a validated :class:`Scheme`."""
    try:
        raw = load_yaml(text, source)
    except SchemeError as err:
        raise _invalid(source, err.problems) from None
    return parse_scheme(raw, source=source)


def parse_scheme(raw: Any, source: str = "<scheme>") -> Scheme:
    """Validate a scheme given as plain data (dict); collect every problem."""
    if not isinstance(raw, dict):
        got = type(raw).__name__
        raise _invalid(source, [say("SCHEME_NOT_A_MAPPING_AT", Location(file=source), got=got)])
    problems = structure_problems(raw, source)
    if problems:
        partial, complete = partial_scheme(raw)
        raw_codes = frozenset(
            str(i.get("code")) for i in raw.get("indicators") or [] if isinstance(i, dict)
        )
        if partial.sections:
            problems += semantic_problems(
                partial, source, partial=True, check_section_sum=complete, extra_codes=raw_codes
            )
        raise _invalid(source, problems)
    scheme = Scheme.model_validate(raw)
    problems = semantic_problems(scheme, source)
    if problems:
        raise _invalid(source, problems)
    return scheme


def shipped_schemes() -> dict[str, Path]:
    """The schemes shipped with xlperf, by short name (file stem)."""
    folder = Path(__file__).resolve().parent.parent.parent / "schemes"
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}
