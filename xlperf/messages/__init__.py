"""The message catalogue: every problem xlperf reports, by a stable code, in Chinese and English.

Each area of xlperf keeps its messages in one module of
:mod:`xlperf.messages.catalogue` (a list ``MESSAGES`` of :class:`Message`);
they are gathered here at import, so adding an area means adding a module.
Code builds problems with :func:`say` and never writes message text inline:
the texts, hints and grouped forms live here, once, and ``docs/problems.md``
is generated from them.

Example:
    >>> from xlperf.errors import Location
    >>> p = say("DATA_MISSING_ACTUAL", Location(file="d.csv", row=7), employee="E1", indicator="REV")
    >>> p.code, p.render("en")
    ('DATA_MISSING_ACTUAL', 'd.csv: row 7: actual is missing (employee E1, indicator REV) (fill in the actual value)')
    >>> p.render("zh")
    'd.csv: 第7行: 缺少实际值（员工 E1，指标 REV）（请填写实际值）'
"""

from __future__ import annotations

import importlib
import pkgutil
import string
from collections.abc import Iterable
from dataclasses import dataclass

from xlperf.errors import Location, Problem


@dataclass(frozen=True)
class Message:
    """One kind of problem: its code, texts with ``{placeholders}``, hints and grouped form.

    ``group_en``/``group_zh`` say the same for many repeats at once; they may
    use ``{n}`` (how many) and ``{items}`` (the first subjects, "… (k more)").
    """

    code: str
    en: str
    zh: str
    hint_en: str = ""
    hint_zh: str = ""
    group_en: str = ""
    group_zh: str = ""
    severity: str = "error"
    suggest_en: str = ""
    suggest_zh: str = ""
    short_en: str = ""
    short_zh: str = ""

    def fields(self) -> set[str]:
        """The placeholders the texts use."""
        out: set[str] = set()
        for text in (
            self.en,
            self.zh,
            self.hint_en,
            self.hint_zh,
            self.suggest_en,
            self.suggest_zh,
        ):
            out |= {f for _, f, _, _ in string.Formatter().parse(text) if f}
        return out


AREAS: dict[str, list[str]] = {}


def _gather() -> dict[str, Message]:
    from xlperf.messages import catalogue

    found: dict[str, Message] = {}
    for info in sorted(pkgutil.iter_modules(catalogue.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{catalogue.__name__}.{info.name}")
        AREAS[info.name] = [m.code for m in module.MESSAGES]
        for m in module.MESSAGES:
            if m.code in found:
                raise RuntimeError(f"message code {m.code} is defined twice")
            found[m.code] = m
    return found


CATALOGUE: dict[str, Message] = _gather()


def problems_markdown() -> str:
    """The catalogue as Markdown, one table per area (docs/problems.md embeds it; a test keeps it current)."""
    out = []
    for area, codes in AREAS.items():
        out += [f"### {area}", "", "| code | meaning | 含义 | what to do |", "|---|---|---|---|"]
        for code in codes:
            m = CATALOGUE[code]
            cells = [
                f"`{code}`" + (" (warning)" if m.severity == "warning" else ""),
                m.en,
                m.zh,
                m.hint_en or m.suggest_en,
            ]
            out.append(
                "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


class _Keep(dict):
    def __missing__(self, key: str) -> str:  # a placeholder left unfilled shows as itself
        return "{" + key + "}"


def _fmt(text: str, params: dict[str, object]) -> str:
    return string.Formatter().vformat(text, (), _Keep(params)) if text else ""


def say(
    code: str,
    where: Location | None = None,
    *,
    subject: object = None,
    **params: object,
) -> Problem:
    """The problem ``code`` at ``where``, its texts filled with ``params``.

    ``subject`` (default: the ``employee`` parameter, else the cell) is what
    a grouped line lists. When a ``candidate`` parameter is given (a "did you
    mean" match) and the message has a ``suggest`` hint, that hint is used.
    """
    m = CATALOGUE[code]
    where = where or Location()
    if subject is None:
        subject = params.get("employee") or where.cell or (where.row and f"row {where.row}")
    suggest = bool(params.get("candidate")) and bool(m.suggest_en)
    hint_en, hint_zh = (m.suggest_en, m.suggest_zh) if suggest else (m.hint_en, m.hint_zh)
    return Problem(
        where,
        _fmt(m.en, params),
        _fmt(hint_en, params) or None,
        _fmt(m.zh, params),
        _fmt(hint_zh, params) or None,
        code,
        None if subject is None else str(subject),
        m.severity,
    )


def short_text(code: str, lang: str = "en", **params: object) -> str:
    """The message without its context (for a cell's own message, as UDFs show it).

    Example:
        >>> short_text("DATA_TARGET_NOT_POSITIVE", "zh", value="0")
        '目标值必须大于0，实际为0'
    """
    m = CATALOGUE[code]
    if lang == "zh":
        return _fmt(m.short_zh or m.zh, params)
    return _fmt(m.short_en or m.en, params)


#: repeats of one code in one file/sheet at least this many times are shown as one line
GROUP_AT = 4
ITEMS_SHOWN = 3


def _items(subjects: list[str], lang: str) -> str:
    shown = ", ".join(subjects[:ITEMS_SHOWN])
    more = len(subjects) - ITEMS_SHOWN
    if more > 0:
        shown += f" …（另有{more}个）" if lang == "zh" else f" … ({more} more)"
    return shown


def group_lines(problems: Iterable[Problem], lang: str = "en") -> list[str]:
    """One line per problem, repeats of a code in one file and sheet folded into one line.

    Example:
        >>> ps = [say("DATA_MISSING_ACTUAL", Location(file="d.csv", row=r), employee=f"E{r}",
        ...           indicator="REV") for r in range(2, 8)]
        >>> group_lines(ps, "en")
        ['d.csv: actual missing in 6 rows: E2, E3, E4 … (3 more) (fill in the actual value)']
    """
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.code, p.where.file, p.where.sheet), []).append(p)
    lines: list[str] = []
    for (code, file, sheet), members in groups.items():
        m = CATALOGUE.get(code)
        template = (m.group_zh if lang == "zh" else m.group_en) if m else ""
        if len(members) < GROUP_AT or not template or code == "GENERIC":
            lines.extend(p.render(lang) for p in members)
            continue
        # an employee missing three rows is one employee: count and list what differs once
        subjects = list(dict.fromkeys(p.subject or p.where.render(lang) for p in members))
        place = Location(file=file, sheet=sheet).render(lang) if (file or sheet) else ""
        _, hint = members[0].text(lang)
        text = _fmt(template, {"n": len(subjects), "items": _items(subjects, lang)})
        line = f"{place}: {text}" if place else text
        if hint and len({p.text(lang)[1] for p in members}) == 1:
            line += f"（{hint}）" if lang == "zh" else f" ({hint})"
        lines.append(line)
    return lines


def summary_lines(problems: list[Problem], lang: str = "en", max_lines: int = 30) -> list[str]:
    """Grouped lines, at most ``max_lines``; the rest counted in a last line."""
    lines = group_lines(problems, lang)
    if max_lines and len(lines) > max_lines:
        rest = len(lines) - max_lines + 1
        tail = (
            f"… 另有{rest}行问题未显示（用 --problems FILE 保存完整列表）"
            if lang == "zh"
            else f"… {rest} more lines not shown (save the full list with --problems FILE)"
        )
        lines = [*lines[: max_lines - 1], tail]
    return lines


__all__ = [
    "CATALOGUE",
    "Message",
    "group_lines",
    "problems_markdown",
    "say",
    "short_text",
    "summary_lines",
]
