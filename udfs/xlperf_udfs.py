"""xlperf worksheet functions: xlwings UDFs that call the xlperf engine.

Every function takes a single cell or a whole range and returns a 2-D list that
spills as a dynamic array, so one call scores a whole column (per-cell Python
calls are the slow part of UDFs). Each is a thin wrapper: xlwings values
(scalars, 2-D lists, numpy arrays, ``None`` for empty cells) go into numpy, the
engine in ``xlperf.core`` does the work, and the result comes back as a list.
A bad argument gives a short message in its cell ("target must be > 0") or
``#VALUE!``, never a traceback.

Rules "from the workbook's scheme" come from :func:`xlperf.addin.settings.workbook_settings`:
the hidden sheet ``_xlperf`` (``key | value`` rows: ``scheme_yaml`` or ``scheme``, and ``lang``,
``zh`` by default, for the messages); see xlperf.addin.settings.

Example (Excel)::

    =KPI_SCORE(C2:C500, D2:D500, "ratio")
    =KPI_SCORE(C2:C500, D2:D500, B2:B500)      indicator codes of the scheme, per row
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import xlwings as xw

from xlperf.addin.settings import workbook_language, workbook_settings
from xlperf.core import contract, distribution
from xlperf.core.contract.grading import competition_rank
from xlperf.core.numbers import ParsedNumbers, parse_number, parse_numbers
from xlperf.core.scheme import Scheme
from xlperf.core.tables import weight_points
from xlperf.errors import XlperfError
from xlperf.messages import short_text

VALUE_ERROR = "#VALUE!"
WEIGHT_TOLERANCE = 0.01


class _Bad(Exception):
    """A short, user-facing message for a bad argument."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en, self.zh = en, zh


# -- the workbook's scheme ------------------------------------------------------------------


def _settings(caller: Any) -> tuple[Scheme | None, str]:
    """The scheme and language of the workbook of the calling cell (see xlperf.addin.settings)."""
    book = getattr(getattr(caller, "sheet", None), "book", None)
    return workbook_settings(book)


def _need_scheme(scheme: Scheme | None) -> Scheme:
    if scheme is None:
        raise _Bad(
            "no scheme: name it in the sheet _xlperf (row 'scheme': a path or a shipped scheme)",
            "找不到考核方案：请在工作表 _xlperf 中填写 scheme 行（方案路径或名称）",
        )
    return scheme


# -- conversion -----------------------------------------------------------------------------


def _grid(value: Any) -> np.ndarray:
    """Any xlwings value as a 2-D object array; a 1-D sequence is a column."""
    if isinstance(value, np.ndarray):
        arr = value.astype(object)
    elif isinstance(value, list | tuple):
        if value and isinstance(value[0], list | tuple):
            width = len(value[0])
            if any(len(row) != width for row in value):
                raise _Bad("ranges must be rectangular", "区域必须是矩形")
            arr = np.empty((len(value), width), dtype=object)
            arr[:] = value  # one C-level copy, keeps str/None/float cells as they are
            return arr
        arr = np.empty((len(value), 1), dtype=object)
        arr[:, 0] = value
        return arr
    else:
        arr = np.empty((1, 1), dtype=object)
        arr[0, 0] = value
        return arr
    if arr.ndim == 0:
        return arr.reshape(1, 1)
    return arr.reshape(-1, 1) if arr.ndim == 1 else arr


def _parsed(grid: np.ndarray, *, fraction_percent: bool = True) -> ParsedNumbers:
    """The grid through the one number parser (text allowed, like the engine's tables)."""
    return parse_numbers(grid, percent="fraction" if fraction_percent else "points")


def _numbers(
    grid: np.ndarray, *, fraction_percent: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values, missing, invalid) with the engine's reading rules (``85%``, ``#DIV/0!``, ``inf``...)."""
    p = _parsed(grid, fraction_percent=fraction_percent)
    return p.values, p.missing, p.invalid


def _text(grid: np.ndarray) -> np.ndarray:
    out = np.empty(grid.shape, dtype=object)
    for idx, v in np.ndenumerate(grid):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out[idx] = ""
        elif isinstance(v, float) and v.is_integer():
            out[idx] = str(int(v))
        else:
            out[idx] = str(v).strip()
    return out


def _broadcast(grid: np.ndarray, shape: tuple[int, int], name: str) -> np.ndarray:
    try:
        return np.broadcast_to(grid, shape)
    except ValueError:
        raise _Bad(
            f"{name} must be one cell or the same size as the first range",
            f"{name} 必须是一个单元格或与第一个区域同样大小",
        ) from None


def _result(values: np.ndarray, messages: np.ndarray) -> list[list[Any]]:
    """Numbers where there is no message; a message (or "" for blank) where there is."""
    out = values.tolist()  # plain Python values, converted in C
    special = messages != None  # noqa: E711 - elementwise on an object array
    if values.dtype.kind == "f":
        special |= ~np.isfinite(values)
    for i, j in zip(*np.nonzero(special), strict=True):
        out[i][j] = VALUE_ERROR if messages[i, j] is None else messages[i, j]
    return out


def _say(lang: str, en: str, zh: str | None) -> str:
    return zh if lang == "zh" and zh else en


def _udf(func: Callable[..., list[list[Any]]]) -> Callable[..., Any]:
    """Turn every failure into a short message or ``#VALUE!``, never a traceback."""
    signature = inspect.signature(func)

    def _language(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
        try:
            caller = signature.bind_partial(*args, **kwargs).arguments.get("caller")
        except TypeError:
            return "zh"
        book = getattr(getattr(caller, "sheet", None), "book", None)
        return workbook_language(book) if book is not None else "zh"

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except _Bad as bad:
            return [[_say(_language(args, kwargs), bad.en, bad.zh)]]
        except XlperfError as err:  # e.g. the workbook's scheme does not validate
            first = err.problems[0] if err.problems else None
            return [[first.render(_language(args, kwargs)) if first else err.message]]
        except Exception:  # noqa: BLE001 - a cell must never show a Python traceback
            return [[VALUE_ERROR]]

    return wrapper


# -- options --------------------------------------------------------------------------------


def _option_number(value: Any) -> float:
    """An option's number through the one parser ("cap=inf" and "cap=1_000" are refused)."""
    return parse_number(value, percent="points")


_OPTION_TYPES: dict[str, Callable[[str], Any]] = {
    "cap": _option_number,
    "floor": _option_number,
    "per": _option_number,
    "scale_min": _option_number,
    "scale_max": _option_number,
    "lower": lambda v: str(v).strip().lower() in ("1", "true", "yes", "是", "1.0"),
    "on": lambda v: str(v).strip().lower(),
}


def _options(options: Any) -> dict[str, Any]:
    """``"cap=120; floor=0"`` text, a 2-column range of (name, value), or a 2-column
    range of numbers: the (min, score) bands or (x, score) points of the method."""
    if options is None:
        return {}
    grid = _grid(options)
    if grid.shape == (1, 1) and isinstance(grid[0, 0], str):
        pairs = [
            part.split("=", 1) for part in grid[0, 0].replace("；", ";").split(";") if part.strip()
        ]
        if any(len(p) != 2 for p in pairs):
            raise _Bad(
                "options must look like cap=120; floor=0", "options 格式应如 cap=120; floor=0"
            )
        items = [(k.strip().lower(), v.strip()) for k, v in pairs]
    elif grid.shape[1] == 2:
        values, missing, invalid = _numbers(grid)
        if not invalid[:, 0].any() and not missing[:, 0].all():
            rows = ~missing.any(axis=1)
            return {"pairs": tuple((float(x), float(y)) for x, y in values[rows])}
        items = [(str(k).strip().lower(), v) for k, v in grid if k is not None]
    else:
        raise _Bad("options must be text or a 2-column range", "options 必须是文本或两列区域")
    out: dict[str, Any] = {}
    for key, value in items:
        if key not in _OPTION_TYPES:
            raise _Bad(f"unknown option '{key}'", f"未知选项 '{key}'")
        try:
            out[key] = _OPTION_TYPES[key](value)
        except (TypeError, ValueError):
            raise _Bad(f"option {key} must be a number", f"选项 {key} 必须是数字") from None
    return out


def _rule(
    code: str, scheme: Scheme | None, opts: dict[str, Any]
) -> tuple[contract.IndicatorRule, float | None]:
    """The scoring rule for a method name or an indicator code, and the indicator's own target."""
    own_target = None
    if code.lower() in contract.METHODS:
        name = code.lower()
        rule = scheme.method_rule(name) if scheme is not None else contract.IndicatorRule(name)
    else:
        resolved = scheme.resolve_indicator(code) if scheme is not None else None
        if resolved is None:
            known = ", ".join(contract.METHODS)
            raise _Bad(
                f"unknown method or indicator '{code}' (methods: {known})",
                f"未知的计分方法或指标 '{code}'（方法：{known}）",
            )
        rule = scheme.rule(resolved)
        target = scheme.indicator_by_code[resolved].target
        own_target = float(target) if target is not None else None
    overrides = {k: v for k, v in opts.items() if k != "pairs"}
    if "pairs" in opts:
        overrides["points" if rule.method == "linear" else "bands"] = opts["pairs"]
    rule = dataclasses.replace(rule, **overrides)
    if rule.method == "bands" and not rule.bands:
        raise _Bad(
            "method bands needs its (min, score) bands as options",
            "bands 方法需要在 options 中给出 (下限, 得分) 区间",
        )
    if rule.method == "linear" and len(rule.points) < 2:
        raise _Bad(
            "method linear needs its (x, score) points as options",
            "linear 方法需要在 options 中给出 (x, 得分) 点",
        )
    return rule, own_target


# -- the worksheet functions ----------------------------------------------------------------


@xw.func
@xw.arg("actual", ndim=2, err_to_str=True)
@xw.arg("target", ndim=2, err_to_str=True)
@xw.arg("method_or_indicator", ndim=2, err_to_str=True)
@xw.arg("baseline", ndim=2, err_to_str=True)
@xw.arg("options", ndim=2, err_to_str=True)
@_udf
def KPI_SCORE(actual, target, method_or_indicator, baseline=None, options=None, caller=None):
    """Indicator score in points (100 = on target), clamped to the indicator's floor and cap.

    ``method_or_indicator``: a method (ratio, inverse, growth, bands, linear, rating,
    deduction, binary) or an indicator code or name of the workbook's scheme; one
    cell or one per row. ``options``: ``"cap=120; floor=0"``, or a 2-column range
    of bands/points.
    """
    a_grid = _grid(actual)
    shape = a_grid.shape
    a, a_missing, a_invalid = _numbers(a_grid)
    t, t_missing, t_invalid = (_broadcast(x, shape, "target") for x in _numbers(_grid(target)))
    b, b_missing, b_invalid = (_broadcast(x, shape, "baseline") for x in _numbers(_grid(baseline)))
    code_grid = _text(_grid(method_or_indicator))
    codes = _broadcast(code_grid, shape, "method_or_indicator")
    distinct = np.unique(code_grid)  # the small grid: one cell is the common case
    opts = _options(options)
    scheme, lang = _settings(caller) if caller is not None else (None, "zh")
    if not all(c.lower() in contract.METHODS for c in distinct if c):
        scheme = _need_scheme(scheme)
    t = np.array(t, dtype=float)
    values = np.full(shape, np.nan)
    messages = np.full(shape, None, dtype=object)
    for code in distinct:
        rows = codes == code if len(distinct) > 1 else np.ones(shape, dtype=bool)
        if not code:
            messages[rows] = _say(lang, "method_or_indicator is empty", "缺少计分方法或指标")
            continue
        rule, own_target = _rule(code, scheme, opts)
        if own_target is not None:
            t[rows & t_missing] = own_target
        ra, rt, rb = a[rows], t[rows], b[rows]
        values[rows] = contract.score_rule(rule, ra, rt, rb)
        found = np.full(ra.shape, None, dtype=object)
        arrays = {"actual": ra, "target": rt, "baseline": rb}
        scale = f"{rule.scale_min:g}..{rule.scale_max:g}"
        for fault in reversed(contract.input_faults(rule, ra, rt, rb)):
            for idx in zip(*np.nonzero(fault.mask), strict=True):
                value = f"{arrays[fault.column][idx]:g}"
                found[idx] = short_text(fault.code, lang, value=value, scale=scale)
        messages[rows] = found
    for bad, name, zh in (
        (b_invalid, "baseline", "基准值"),
        (t_invalid, "target", "目标值"),
        (a_invalid, "actual", "实际值"),
    ):
        messages[bad] = _say(lang, f"{name} must be a number", f"{zh}必须是数字")
    messages[a_missing & t_missing & b_missing] = ""
    return _result(values, messages)


@xw.func
@xw.arg("score", ndim=2, err_to_str=True)
@xw.arg("bands", ndim=2, err_to_str=True)
@_udf
def GRADE_BAND(score, bands=None, caller=None):
    """Absolute grade: the first grade whose min the score reaches (scores rounded to 6 decimals).

    ``bands``: a 2-column range of (grade, min), in any order; default the scheme's grades.
    """
    scheme, lang = _settings(caller) if caller is not None else (None, "zh")
    if bands is None:
        scheme = _need_scheme(scheme)
        names = list(scheme.grade_names)
        mins = np.array([float(g.min) for g in scheme.grades])
    else:
        names, mins = _grade_table(_grid(bands))
    grid = _grid(score)
    values, missing, invalid = _numbers(grid)
    index = distribution.absolute_grades(np.where(missing | invalid, 0.0, values), mins)
    out = np.asarray(names, dtype=object)[index]
    messages = np.full(grid.shape, None, dtype=object)
    messages[invalid] = _say(lang, "score must be a number", "得分必须是数字")
    messages[missing] = ""
    return _result(out, messages)


def _grade_table(grid: np.ndarray) -> tuple[list[str], np.ndarray]:
    if grid.shape[1] != 2 or grid.shape[0] < 1:
        raise _Bad("bands must be 2 columns: grade, min", "bands 必须是两列：等级、下限")
    values, missing, invalid = _numbers(grid)
    num_col = 1 if not (missing[:, 1] | invalid[:, 1]).any() else 0
    if (missing[:, num_col] | invalid[:, num_col]).any():
        raise _Bad("bands must be 2 columns: grade, min", "bands 必须是两列：等级、下限")
    names = _text(grid[:, [1 - num_col]]).reshape(-1)
    mins = values[:, num_col]
    order = np.argsort(-mins, kind="stable")  # the engine expects mins descending
    return [names[i] for i in order], mins[order]


def _weights(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights in percent points: 30, "30%" and 0.3 all mean 30 (the engine's rule:
    plain numbers are fractions when every plain number given is ≤ 1)."""
    p = _parsed(grid, fraction_percent=False)
    if p.invalid.any():
        raise _Bad("weights must be numbers", "权重必须是数字")
    missing = p.missing
    values = weight_points(p.values, missing, p.percent)
    if (values[~missing] <= 0).any():
        raise _Bad("weights must be > 0", "权重必须大于0")
    return np.where(missing, 0.0, values), missing


@xw.func
@xw.arg("scores", ndim=2, err_to_str=True)
@xw.arg("weights", ndim=2, err_to_str=True)
@_udf
def WEIGHTED_SCORE(scores, weights, caller=None):
    """Σ weight × score / Σ weight; the weights must sum to 100 (never rescaled silently).

    One employee's scores in a row or column with weights of the same shape give
    one result; a block of rows (one employee each) with one row of weights, or a
    weight per cell, gives one result per row.
    """
    lang = _settings(caller)[1] if caller is not None else "zh"
    s_grid, w_grid = _grid(scores), _grid(weights)
    if s_grid.shape == w_grid.shape and 1 in s_grid.shape:
        s_grid, w_grid = s_grid.reshape(1, -1), w_grid.reshape(1, -1)
    elif w_grid.shape[0] == 1 and w_grid.shape[1] == s_grid.shape[1]:
        w_grid = np.broadcast_to(w_grid, s_grid.shape)
    elif w_grid.shape != s_grid.shape:
        raise _Bad(
            "weights must match the scores: one per score, or one row for all rows",
            "权重必须与得分对应：每个得分一个，或所有行共用一行",
        )
    s, s_missing, s_invalid = _numbers(s_grid)
    w, w_missing = _weights(w_grid)
    result = (w * np.where(s_missing | s_invalid, 0.0, s)).sum(axis=1) / np.where(
        w.sum(axis=1) > 0, w.sum(axis=1), 1.0
    )
    messages = np.full(result.shape, None, dtype=object)
    total = w.sum(axis=1)
    bad_sum = np.abs(total - 100.0) > WEIGHT_TOLERANCE
    for i in np.flatnonzero(bad_sum):
        messages[i] = _say(
            lang,
            f"weights must sum to 100 (got {total[i]:g})",
            f"权重合计必须为100（现为{total[i]:g}）",
        )
    messages[((s_missing & ~w_missing) | s_invalid).any(axis=1)] = _say(
        lang, "a weighted score is missing or not a number", "有权重的得分缺失或不是数字"
    )
    messages[s_missing.all(axis=1)] = ""
    return _result(result.reshape(-1, 1), messages.reshape(-1, 1))


@xw.func
@xw.arg("section_scores", ndim=2, err_to_str=True)
@xw.arg("section_weights", ndim=2, err_to_str=True)
@_udf
def FINAL_SCORE(section_scores, section_weights=None, caller=None):
    """Final score = Σ section weight × section score / 100, one per row.

    ``section_weights``: one row of weights (summing to 100); default the weights
    of the scheme's sections, in the scheme's order.
    """
    scheme, lang = _settings(caller) if caller is not None else (None, "zh")
    grid = _grid(section_scores)
    if section_weights is None:
        scheme = _need_scheme(scheme)
        w = np.array([[float(s.weight) for s in scheme.sections]])
    else:
        w, _ = _weights(_grid(section_weights).reshape(1, -1))
    if grid.shape[1] != w.shape[1] and grid.shape[0] == w.shape[1] and grid.shape[1] == 1:
        grid = grid.reshape(1, -1)
    if grid.shape[1] != w.shape[1]:
        raise _Bad(
            f"expected {w.shape[1]} section scores per row, got {grid.shape[1]}",
            f"每行应有{w.shape[1]}个部分得分，实际为{grid.shape[1]}个",
        )
    if abs(w.sum() - 100.0) > WEIGHT_TOLERANCE:
        raise _Bad(
            f"section weights must sum to 100 (got {w.sum():g})",
            f"部分权重合计必须为100（现为{w.sum():g}）",
        )
    s, missing, invalid = _numbers(grid)
    final = (np.where(w > 0, np.nan_to_num(s), 0.0) * w).sum(axis=1) / 100.0
    messages = np.full(final.shape, None, dtype=object)
    messages[((missing | invalid) & (w > 0)).any(axis=1)] = _say(
        lang, "a section score is missing or not a number", "部分得分缺失或不是数字"
    )
    messages[missing.all(axis=1)] = ""
    return _result(final.reshape(-1, 1), messages.reshape(-1, 1))


def _scores_and_groups(
    scores: Any, groups: Any, lang: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray]:
    grid = _grid(scores)
    if grid.shape[1] != 1:
        raise _Bad("scores must be one column", "得分必须是一列")
    values, missing, invalid = _numbers(grid)
    messages = np.full(grid.shape, None, dtype=object)
    messages[invalid] = _say(lang, "score must be a number", "得分必须是数字")
    messages[missing] = ""
    group_text = None
    if groups is not None:
        group_grid = _grid(groups)
        if group_grid.shape != grid.shape:
            raise _Bad(
                "groups must be a column as long as the scores", "分组必须是与得分等长的一列"
            )
        group_text = _text(group_grid).reshape(-1)
    return values.reshape(-1), messages, group_text, (~missing & ~invalid).reshape(-1)


@xw.func
@xw.arg("scores", ndim=2, err_to_str=True)
@xw.arg("groups", ndim=2, err_to_str=True)
@_udf
def PERF_RANK(scores, groups=None, caller=None):
    """Competition rank, best = 1, within each group (like RANK.EQ; ties share a rank)."""
    lang = _settings(caller)[1] if caller is not None else "zh"
    values, messages, group_text, ok = _scores_and_groups(scores, groups, lang)
    ranks = np.zeros(len(values))
    if ok.any():
        ranks[ok] = competition_rank(
            values[ok], None if group_text is None else group_text[ok]
        )
    return _result(ranks.astype(np.int64).reshape(-1, 1), messages)


@xw.func
@xw.arg("scores", ndim=2, err_to_str=True)
@xw.arg("groups", ndim=2, err_to_str=True)
@xw.arg("grades", ndim=2, err_to_str=True)
@_udf
def FORCED_GRADE(scores, groups=None, grades=None, caller=None):
    """Grade after the scheme's forced distribution (quotas, rounding, tie rule), one per row.

    ``groups``: the scope group of each row (e.g. department); default one group.
    ``grades``: each row's absolute grade (e.g. from GRADE_BAND); default from the scheme's bands.
    """
    scheme, lang = _settings(caller) if caller is not None else (None, "zh")
    scheme = _need_scheme(scheme)
    values, messages, group_text, ok = _scores_and_groups(scores, groups, lang)
    names = list(scheme.grade_names)
    if grades is None:
        absolute = distribution.absolute_grades(
            np.where(ok, values, 0.0), np.array([float(g.min) for g in scheme.grades])
        )
    else:
        grade_text = _text(_grid(grades)).reshape(-1)
        if grade_text.shape != values.shape:
            raise _Bad(
                "grades must be a column as long as the scores", "等级必须是与得分等长的一列"
            )
        lookup = {n.lower(): i for i, n in enumerate(names)}
        absolute = np.array([lookup.get(g.lower(), -1) for g in grade_text], dtype=np.int64)
        unknown = ok & (absolute < 0)
        for i in np.flatnonzero(unknown):
            messages[i, 0] = _say(
                lang, f"unknown grade '{grade_text[i]}'", f"未知等级 '{grade_text[i]}'"
            )
        ok &= ~unknown
    out = np.full(len(values), "", dtype=object)
    if ok.any():
        dist = scheme.distribution
        outcome = distribution.forced_distribution(
            values[ok],
            absolute[ok],
            names,
            scheme.quotas,
            dist.rounding,
            float(dist.bottom),
            None if group_text is None else group_text[ok],
        )
        out[ok] = np.asarray(names, dtype=object)[outcome.grade]
    return _result(out.reshape(-1, 1), messages)


@xw.func
@xw.arg("grade", ndim=2, err_to_str=True)
@_udf
def BONUS_FACTOR(grade, caller=None):
    """The scheme's bonus factor for each grade."""
    scheme, lang = _settings(caller) if caller is not None else (None, "zh")
    scheme = _need_scheme(scheme)
    grid = _text(_grid(grade))
    table = {k.lower(): float(v) for k, v in scheme.bonus.items()}
    values = np.full(grid.shape, np.nan)
    messages = np.full(grid.shape, None, dtype=object)
    for idx, g in np.ndenumerate(grid):
        if not g:
            messages[idx] = ""
        elif g.lower() in table:
            values[idx] = table[g.lower()]
        else:
            messages[idx] = _say(lang, f"unknown grade '{g}'", f"未知等级 '{g}'")
    return _result(values, messages)


@xw.func
@xw.arg("values", ndim=2, err_to_str=True)
@_udf
def XLPERF_CHECK(values, caller=None):
    """Validation messages for a block of inputs, one per line ("OK" / "无问题" when clean).

    A block whose first row holds data headers (工号/employee_id, 指标/indicator,
    实际值/actual, ...) is checked by the engine against the workbook's scheme,
    ratings apart; any other block is checked cell by cell for numbers.
    """
    scheme, lang = _settings(caller) if caller is not None else (None, "zh")
    grid = _grid(values)
    headers = [str(h).strip().lower() for h in _text(grid[:1]).reshape(-1)]
    if {"employee_id", "工号"} & set(headers) and {"indicator", "指标"} & set(headers):
        problems = _check_table(_need_scheme(scheme), grid)
        lines = [p.render(lang) for p in problems]
    else:
        _, _, invalid = _numbers(grid)
        lines = []
        for r, c in zip(*np.nonzero(invalid), strict=True):
            cell = f"R{r + 1}C{c + 1}"
            lines.append(
                _say(
                    lang,
                    f"{cell}: '{grid[r, c]}' is not a number",
                    f"{cell}：'{grid[r, c]}' 不是数字",
                )
            )
    if not lines:
        lines = [_say(lang, "OK", "无问题")]
    return [[line] for line in lines]


def _check_table(scheme: Scheme, grid: np.ndarray) -> list:
    from xlperf.core.engine import score

    data = pd.DataFrame(grid[1:], columns=[str(h) for h in _text(grid[:1]).reshape(-1)])
    data = data.dropna(how="all")
    ratings = _full_ratings(scheme, data)
    try:
        score(scheme, data, ratings)
    except XlperfError as err:
        return err.problems
    return []


def _full_ratings(scheme: Scheme, data: pd.DataFrame) -> pd.DataFrame | None:
    """On-scale ratings for everyone, so a check of the KPI block does not report
    the competency ratings, which live in another table."""
    if scheme.competency is None or not scheme.competencies:
        return None
    id_col = next((c for c in data.columns if c.strip().lower() in ("employee_id", "工号")), None)
    ids = [
        i
        for i in pd.unique(_text(data[id_col].to_numpy(dtype=object).reshape(-1, 1)).reshape(-1))
        if i
    ]
    rater = next(iter(scheme.raters))
    rating = float(scheme.rating_scale.max)
    return pd.DataFrame(
        [(i, c.code, rater, rating) for i in ids for c in scheme.competencies],
        columns=["employee_id", "dimension", "rater", "rating"],
    )
