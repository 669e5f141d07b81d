"""Safe YAML for schemes: every problem of the text found, located and refused before use.

:func:`load_yaml` reads YAML with PyYAML's safe loader, plus these rules:

* YAML 1.2 booleans only: ``true``/``false``; ``on``, ``yes`` and ``no``
  stay strings (the ``linear`` method has a key ``on``);
* a key twice in one mapping → SCHEME_DUPLICATE_KEY (YAML would keep the last);
* nesting deeper than :data:`MAX_DEPTH` → SCHEME_TOO_DEEP, stopped while
  the text is composed (no deep recursion);
* anchors and aliases that expand to more than :data:`MAX_NODES` values (a
  "billion laughs") → SCHEME_TOO_LARGE, computed on the composed graph with
  each shared node counted once per use but walked once, so in bounded time;
* ``.nan``, ``.inf``, ``-.inf``, overflowing floats such as ``1.0e999`` and
  unquoted ``nan``/``inf``/``1e999`` (which a number field would accept as
  non-finite text) → SCHEME_NOT_FINITE;
* a tag other than the plain YAML types (``!!python/...``) → SCHEME_YAML_TAG;
* a syntax error → SCHEME_YAML_SYNTAX with line and column; a document that is
  not a mapping → SCHEME_NOT_MAPPING.

Example:
    >>> load_yaml("linear:\\n  on: 1\\ncap: 150\\n", "s.yaml")
    {'linear': {'on': 1}, 'cap': 150}
    >>> try:
    ...     load_yaml("cap: .inf\\n", "s.yaml")
    ... except SchemeError as err:
    ...     print(err.problems[0].code, err.problems[0].where.path)
    SCHEME_NOT_FINITE cap
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from xlperf.errors import Location, Problem, SchemeError
from xlperf.messages import say

MAX_DEPTH = 32
MAX_NODES = 50_000
_Y = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(
    _Y + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge")
)
_NONFINITE_TEXT = re.compile(r"[-+]?\.?(?:inf|Inf|INF|infinity|Infinity|INFINITY|nan|NaN|NAN)")
_EXPONENT_TEXT = re.compile(r"[-+]?(?:\d[\d_]*)?\.?\d*[eE][-+]?\d+")


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans that stops composing past :data:`MAX_DEPTH`."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.path: list[str | int] = []

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if parent is None or (isinstance(parent, MappingNode) and index is None):
            return super().compose_node(parent, index)  # the root, or a key: its value counts
        self.path.append(_step(parent, index))
        try:
            if len(self.path) > MAX_DEPTH:
                raise _TooDeep(render_path(self.path), self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self.path.pop()


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != _Y + "bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    _Y + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class _TooDeep(Exception):
    def __init__(self, path: str, line: int) -> None:
        super().__init__(path)
        self.path, self.line = path, line


def _step(parent: Node, index: Any) -> str | int:
    if isinstance(index, int):
        return index
    if isinstance(index, ScalarNode):
        return str(index.value)
    return "?"  # a key being composed, or a complex key


def render_path(steps: list[str | int]) -> str:
    """``roles[2].indicators[1].weight`` from its steps.

    >>> render_path(["roles", 2, "indicators", 1, "weight"])
    'roles[2].indicators[1].weight'
    """
    out = ""
    for s in steps:
        out += f"[{s}]" if isinstance(s, int) else ("." if out else "") + s
    return out


def load_yaml(text: str, source: str) -> Any:
    """Parse scheme YAML safely; raise :class:`SchemeError` with every problem found.

    >>> try:
    ...     load_yaml("a: 1\\na: 2\\n", "s.yaml")
    ... except SchemeError as err:
    ...     print(err.problems[0].render("en"))
    s.yaml: a: key 'a' appears twice (line 2, first at line 1) (keep one of them: YAML would silently use the last one)
    """
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:  # a control character in the text
        _raise(source, [_syntax(exc, source, text)])
    try:
        try:
            node = loader.get_single_node()
        except _TooDeep as exc:
            where = Location(file=source, path=exc.path)
            _raise(source, [say("SCHEME_TOO_DEEP", where, limit=MAX_DEPTH, line=exc.line)])
        except RecursionError:
            _raise(
                source, [say("SCHEME_TOO_DEEP", Location(file=source), limit=MAX_DEPTH, line="?")]
            )
        except yaml.YAMLError as exc:
            _raise(source, [_syntax(exc, source, text)])
        problems = _check_root(node, source)
        if node is not None:
            problems += _Walk(source, loader).run(node)
        if problems:
            _raise(source, problems)
        try:
            return loader.construct_document(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            _raise(source, [_syntax(exc, source, text)])
    finally:
        loader.dispose()


def _raise(source: str, problems: list[Problem]) -> None:
    raise SchemeError(
        f"Scheme {source} is not valid YAML",
        problems,
        f"方案 {source} 的YAML文本有误，未写入任何文件。",
    )


def _syntax(exc: BaseException, source: str, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    elif isinstance(getattr(exc, "position", None), int):  # a ReaderError (a control character)
        before = text[: exc.position]
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
    else:
        line, column = "?", "?"
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    where = Location(file=source)
    return say("SCHEME_YAML_SYNTAX", where, line=line, column=column, problem=problem)


_KINDS = {
    _Y + "seq": ("a list", "列表"),
    _Y + "str": ("a text", "文本"),
    _Y + "null": ("nothing", "空值"),
}


def _check_root(node: Node | None, source: str) -> list[Problem]:
    if isinstance(node, MappingNode):
        return []
    tag = node.tag if node is not None else _Y + "null"
    got, got_zh = _KINDS.get(tag, (f"a single value ({tag.rsplit(':', 1)[-1]})", "单个值"))
    if node is None:
        got, got_zh = "an empty file", "空文件"
    return [say("SCHEME_NOT_MAPPING", Location(file=source), got=got, got_zh=got_zh)]


@dataclass
class _Walk:
    """One pass over the composed node graph; shared (aliased) nodes are walked once."""

    source: str
    loader: _Loader
    problems: list[Problem] = field(default_factory=list)
    memo: dict[int, tuple[int, int]] = field(default_factory=dict)  # id → (expanded size, height)
    active: set[int] = field(default_factory=set)
    reported: set[str] = field(default_factory=set)

    def run(self, root: Node) -> list[Problem]:
        self.visit(root, [], 0)
        return self.problems

    def add(
        self, code: str, steps: list[str | int], node: Node, once: bool = False, **kw: Any
    ) -> None:
        if once and code in self.reported:
            return
        self.reported.add(code)
        path = render_path(steps) or None
        where = Location(file=self.source, path=path)
        self.problems.append(say(code, where, subject=path, line=node.start_mark.line + 1, **kw))

    def visit(self, node: Node, steps: list[str | int], depth: int) -> tuple[int, int]:
        key = id(node)
        if key in self.active:  # an alias inside its own anchor: infinite
            self.add("SCHEME_TOO_LARGE", steps, node, once=True, limit=MAX_NODES)
            return MAX_NODES + 1, 1
        if key not in self.memo:
            self.active.add(key)
            self.memo[key] = self.fresh(node, steps, depth)
            self.active.discard(key)
        size, height = self.memo[key]
        if size > MAX_NODES:
            self.add("SCHEME_TOO_LARGE", steps, node, once=True, limit=MAX_NODES)
        if depth + height > MAX_DEPTH + 1:
            self.add("SCHEME_TOO_DEEP", steps, node, once=True, limit=MAX_DEPTH)
        return size, height

    def fresh(self, node: Node, steps: list[str | int], depth: int) -> tuple[int, int]:
        if node.tag not in ALLOWED_TAGS:
            self.add("SCHEME_YAML_TAG", steps, node, tag=node.tag.replace(_Y, "!!"))
        if isinstance(node, ScalarNode):
            if node.tag == _Y + "timestamp":
                self.timestamp(node, steps)
            if _not_finite(node):
                value = node.value if len(node.value) <= 24 else node.value[:20] + "…"
                self.add("SCHEME_NOT_FINITE", steps, node, value=value)
            return 1, 1
        if isinstance(node, SequenceNode):
            children = [self.visit(c, [*steps, i], depth + 1) for i, c in enumerate(node.value)]
        else:
            children = self.mapping(node, steps, depth)
        return 1 + sum(s for s, _ in children), 1 + max((h for _, h in children), default=0)

    def timestamp(self, node: ScalarNode, steps: list[str | int]) -> None:
        try:
            self.loader.construct_yaml_timestamp(node)
        except ValueError as exc:  # 2026-02-30 matches the pattern but is no date
            column = node.start_mark.column + 1
            self.add("SCHEME_YAML_SYNTAX", steps, node, column=column, problem=str(exc))

    def mapping(
        self, node: MappingNode, steps: list[str | int], depth: int
    ) -> list[tuple[int, int]]:
        first_line: dict[tuple[str, str], int] = {}
        children = []
        for k, v in node.value:
            label = str(k.value) if isinstance(k, ScalarNode) else "?"
            if isinstance(k, ScalarNode) and k.tag != _Y + "merge":
                if (k.tag, k.value) in first_line:
                    seen = first_line[(k.tag, k.value)]
                    self.add("SCHEME_DUPLICATE_KEY", [*steps, label], k, key=label, first_line=seen)
                else:
                    first_line[(k.tag, k.value)] = k.start_mark.line + 1
            children.append(self.visit(k, [*steps, label], depth + 1))
            children.append(self.visit(v, [*steps, label], depth + 1))
        return children


def _not_finite(node: ScalarNode) -> bool:
    text = str(node.value).strip()
    if node.tag == _Y + "float":
        return not _finite_float(text.replace("_", "").lower())
    if node.tag == _Y + "int":
        return len(text) > 300  # no float can hold it; int() of 4,300+ digits even raises
    if node.tag == _Y + "str" and node.style is None:  # plain text a number field would read
        if _NONFINITE_TEXT.fullmatch(text):
            return True
        return bool(_EXPONENT_TEXT.fullmatch(text)) and not _finite_float(text.replace("_", ""))
    return False


def _finite_float(text: str) -> bool:
    if text.lstrip("+-") in (".inf", ".nan"):
        return False
    try:
        return math.isfinite(float(text))
    except ValueError:  # sexagesimal (1:30.5) and other YAML 1.1 forms: finite when they parse
        return True
