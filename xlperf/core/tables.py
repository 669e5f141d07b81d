"""Input tables as users type them: header aliases, numbers, percents, locations.

The readers in :mod:`xlperf.io` put two things on a DataFrame they read:
``df.attrs["source"] = {"file": ..., "sheet": ...}`` and a ``_row`` column
with the row number the user sees (header = row 1), plus
``df.attrs["letters"]`` mapping each original header to its column letter.
Everything here also works on a plain DataFrame built in Python: rows are
then numbered as if row 1 held the headers.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"工号": ["E1"], "实际值": ["85%"]})
    >>> t = Table.wrap(df, "data")
    >>> t.df.columns.tolist()
    ['employee_id', 'actual', '_row']
    >>> t.numbers("actual")[0].tolist()
    [0.85]
    >>> t.parse("actual", percent="points").values.tolist()
    [85.0]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xlperf.core.numbers import ParsedNumbers, Percent, parse_numbers
from xlperf.errors import Location, ProblemList
from xlperf.messages import say

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "data": {
        "employee_id": ("employee_id", "employee id", "工号", "员工编号", "员工工号", "id"),
        "name": ("name", "姓名", "员工姓名"),
        "department": ("department", "dept", "部门"),
        "role": ("role", "岗位", "职位"),
        "indicator": ("indicator", "kpi", "指标", "指标代码", "指标名称"),
        "actual": ("actual", "实际值", "实际", "完成值"),
        "target": ("target", "目标值", "目标"),
        "baseline": ("baseline", "基准值", "基准", "基期值"),
        "weight": ("weight", "权重"),
        "period": ("period", "期间", "考核期", "考核期间"),
    },
    "ratings": {
        "employee_id": ("employee_id", "employee id", "工号", "员工编号", "id"),
        "dimension": ("dimension", "competency", "维度", "能力维度"),
        "rater": ("rater", "rater_type", "rater type", "评价人类型", "评价人", "评价者"),
        "rating": ("rating", "score", "评分", "分数"),
    },
    "adjustments": {
        "employee_id": ("employee_id", "employee id", "工号", "员工编号", "id"),
        "kind": ("kind", "type", "类型", "调整类型"),
        "value": ("value", "数值", "调整值"),
        "reason": ("reason", "原因", "说明"),
    },
    "roster": {
        "employee_id": ("employee_id", "employee id", "工号", "员工编号", "id"),
        "name": ("name", "姓名"),
        "department": ("department", "dept", "部门"),
        "role": ("role", "岗位", "职位"),
    },
    "spot_checks": {
        "employee_id": ("employee_id", "employee id", "工号", "员工编号", "id"),
        "date": ("date", "日期", "抽查日期"),
        "score": ("score", "得分", "抽查得分", "分数"),
        "note": ("note", "备注", "说明"),
    },
    "history": {
        "employee_id": ("employee_id", "employee id", "工号", "员工编号", "id"),
        "name": ("name", "姓名"),
        "department": ("department", "dept", "部门"),
        "role": ("role", "岗位", "职位"),
        "final_score": ("final_score", "final score", "综合得分"),
        "grade": ("grade", "最终等级", "等级"),
        "flags": ("flags", "标记"),
        "bonus_factor": ("bonus_factor", "bonus factor", "奖金系数"),
    },
    "overrides": {
        "employee_id": ("employee_id", "employee id", "工号", "员工编号", "id"),
        "grade": ("grade", "等级", "校准等级", "calibrated grade"),
        "reason": ("reason", "原因", "调整原因", "说明"),
        "approved_by": ("approved_by", "approved by", "approver", "审批人", "批准人"),
    },
    "pay": {
        "employee_id": ("employee_id", "employee id", "工号", "员工编号", "id"),
        "bonus_base": ("bonus_base", "bonus base", "绩效奖金基数", "奖金基数"),
        "commission_base": ("commission_base", "commission base", "提成基数"),
    },
    "teams": {
        "department": ("department", "dept", "部门", "team", "团队"),
        "coefficient": ("coefficient", "team_coefficient", "team coefficient", "团队系数", "系数"),
        "pool": ("pool", "team_pool", "team pool", "团队奖金池", "奖金池"),
    },
}

#: the interchange columns of each table kind, in order
COLUMNS: dict[str, list[str]] = {kind: list(aliases) for kind, aliases in ALIASES.items()}

REQUIRED: dict[str, tuple[str, ...]] = {
    "data": ("employee_id", "department", "role", "indicator", "actual"),
    "ratings": ("employee_id", "dimension", "rater", "rating"),
    "adjustments": ("employee_id", "kind", "value"),
    "roster": ("employee_id", "department", "role"),
    "spot_checks": ("employee_id", "date", "score"),
    "history": ("employee_id", "final_score", "grade"),
    "overrides": ("employee_id", "grade", "reason", "approved_by"),
    "pay": ("employee_id", "bonus_base"),
    "teams": ("department",),
}

TABLE_NAMES_ZH = {
    "data": "数据",
    "ratings": "评分",
    "adjustments": "调整",
    "roster": "花名册",
    "spot_checks": "日常抽查",
    "history": "历史结果",
    "overrides": "校准调整",
    "pay": "薪酬基数",
    "teams": "团队",
}


def _norm_header(h: object) -> str:
    return re.sub(r"\s+", " ", str(h)).strip().lower()


def find_column(df: pd.DataFrame, kind: str, canonical: str) -> object | None:
    """The first column of ``df`` whose header is an alias of ``canonical`` (None when absent).

    Example:
        >>> find_column(pd.DataFrame({"工号": [], "期间": []}), "data", "period")
        '期间'
    """
    words = {_norm_header(w) for w in ALIASES[kind][canonical]}
    return next((c for c in df.columns if c != "_row" and _norm_header(c) in words), None)


@dataclass
class Table:
    """A user table with canonical column names and locations for its cells."""

    df: pd.DataFrame
    kind: str
    file: str | None = None
    sheet: str | None = None
    headers: dict[str, str] = field(default_factory=dict)  # canonical -> header as typed
    letters: dict[str, str] = field(default_factory=dict)  # canonical -> column letter
    problems: ProblemList = field(default_factory=ProblemList)
    _codes: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)
    _parsed: dict[tuple[str, str], ParsedNumbers] = field(default_factory=dict, repr=False)

    @classmethod
    def wrap(cls, df: pd.DataFrame, kind: str) -> Table:
        """Rename known headers to canonical names; record missing required ones."""
        source = dict(df.attrs.get("source") or {})
        letters_by_header = dict(df.attrs.get("letters") or {})
        lookup: dict[str, str] = {}
        for canonical, words in ALIASES[kind].items():
            for w in words:
                lookup.setdefault(_norm_header(w), canonical)
        rename: dict[str, str] = {}
        headers: dict[str, str] = {}
        letters: dict[str, str] = {}
        for col in df.columns:
            if col == "_row":
                continue
            canonical = lookup.get(_norm_header(col))
            if canonical and canonical not in headers:
                rename[col] = canonical
                headers[canonical] = str(col)
                if col in letters_by_header:
                    letters[canonical] = letters_by_header[col]
        keep = [c for c in df.columns if c in rename or c == "_row"]
        out = df[keep].rename(columns=rename)
        if "_row" not in out.columns:
            out["_row"] = np.arange(2, len(out) + 2)
        table = cls(out, kind, source.get("file"), source.get("sheet"), headers, letters)
        missing = [c for c in REQUIRED[kind] if c not in out.columns]
        found = ", ".join(str(c) for c in df.columns if c != "_row") or "(none)"
        for c in missing:
            table.problems.append(
                say(
                    "TABLE_MISSING_COLUMN",
                    Location(file=table.file, sheet=table.sheet, row=1),
                    column=c,
                    table=kind,
                    table_zh=TABLE_NAMES_ZH[kind],
                    found=found,
                    aliases=" / ".join(ALIASES[kind][c][:3]),
                )
            )
        return table

    @property
    def ok(self) -> bool:
        return not self.problems

    def where(self, rows: np.ndarray | int | None, column: str | None = None) -> list[Location]:
        """Locations for row numbers (``_row`` values) and a canonical column."""
        col = None
        cell_letter = None
        if column is not None:
            header = self.headers.get(column, column)
            cell_letter = self.letters.get(column)
            col = f"{cell_letter} ({header})" if cell_letter else header
        rows_arr = np.atleast_1d(rows) if rows is not None else [None]
        out = []
        for r in rows_arr:
            r_int = int(r) if r is not None else None
            cell = f"{cell_letter}{r_int}" if cell_letter and r_int is not None else None
            out.append(Location(file=self.file, sheet=self.sheet, cell=cell, row=r_int, column=col))
        return out

    def report(self, mask: np.ndarray, col: str | None, code: str, /, **params: object) -> None:
        """One problem ``code`` per row where ``mask`` is true, located at the row's cell.

        A parameter given as a full-length array (one value per table row) is
        taken row by row; any other value is the same for every problem.
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        rows = self.df["_row"].to_numpy()[mask]
        n = len(self.df)
        picked = {
            k: np.asarray(v, dtype=object)[mask]
            for k, v in params.items()
            if isinstance(v, np.ndarray | list) and len(v) == n
        }
        fixed = {k: v for k, v in params.items() if k not in picked}
        for i, loc in enumerate(self.where(rows, col)):
            self.problems.append(say(code, loc, **fixed, **{k: v[i] for k, v in picked.items()}))

    def codes(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """The column as (codes, labels): ``labels[codes]`` is the trimmed text of each cell.

        Works on distinct values only (a 1M-row column of employee ids has far
        fewer distinct values than cells); labels are in order of first appearance
        and empty cells map to the label ''.
        """
        cached = self._codes.get(column)
        if cached is not None:
            return cached
        if column not in self.df.columns:
            result = (np.zeros(len(self.df), dtype=np.int64), np.array([""], dtype=object))
        else:
            col = self.df[column]
            # object arrays factorize faster than pandas' python-backed string dtype
            values = col.to_numpy(dtype=object) if pd.api.types.is_string_dtype(col.dtype) else col
            raw_codes, uniques = pd.factorize(values, use_na_sentinel=True)
            uniq = np.asarray(uniques, dtype=object)
            try:
                texts = [u.strip() for u in uniq]  # the common case: every cell is text
            except AttributeError:
                texts = [_cell_text(u) for u in uniq]
            if (raw_codes < 0).any():
                texts.append("")  # raw code -1 (an empty cell) indexes this last entry
            canon, labels = pd.factorize(np.array(texts, dtype=object))
            result = (
                canon.astype(np.int64, copy=False)[raw_codes],
                np.asarray(labels, dtype=object),
            )
        self._codes[column] = result
        return result

    def blank(self, column: str) -> np.ndarray:
        """True where the column's cell is empty (after trimming)."""
        codes, labels = self.codes(column)
        return (labels == "")[codes]

    def text_at(self, column: str, mask: np.ndarray) -> np.ndarray:
        """The trimmed text of the cells where ``mask`` is true (cheap when few are)."""
        codes, labels = self.codes(column)
        return labels[codes[mask]]

    def text(self, column: str) -> np.ndarray:
        """A column as trimmed strings; empty cells become ''. Whole numbers lose their '.0'."""
        codes, labels = self.codes(column)
        return labels[codes]

    def parse(self, column: str, *, percent: Percent = "fraction") -> ParsedNumbers:
        """A number column through :func:`xlperf.core.numbers.parse_numbers` (cached).

        Values, empty and invalid cells, the reason of each invalid cell and
        which cells had a percent sign; a column the table lacks is all empty.
        """
        key = (column, percent)
        if key not in self._parsed:
            if column in self.df.columns:
                self._parsed[key] = parse_numbers(self.df[column], percent=percent)
            else:
                self._parsed[key] = parse_numbers(np.full(len(self.df), np.nan))
        return self._parsed[key]

    def reasons(self, column: str) -> np.ndarray:
        """Why each cell of a number column is invalid (None where it is not)."""
        cached = next((p for (c, _), p in self._parsed.items() if c == column), None)
        return (cached or self.parse(column)).reason

    def numbers(
        self, column: str, *, fraction_percent: bool = True
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Parse a number column: returns (values, missing mask, invalid mask).

        ``"85%"`` reads as 0.85 (or 85 with ``fraction_percent=False``); empty
        cells are missing; text, ``inf``, TRUE and Excel error values (``#DIV/0!``)
        are invalid (see :meth:`parse` for the reasons).
        """
        p = self.parse(column, percent="fraction" if fraction_percent else "points")
        return p.values, p.missing, p.invalid

    def raw_values(self, column: str, mask: np.ndarray) -> list[str]:
        """The cells where ``mask`` is true as the user sees them (TRUE, not True)."""
        cells = self.df[column].to_numpy(dtype=object)[mask]
        return [str(v).upper() if isinstance(v, bool | np.bool_) else _cell_text(v) for v in cells]


def _cell_text(v: object) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def weight_points(values: np.ndarray, missing: np.ndarray, percent_text: np.ndarray) -> np.ndarray:
    """Weights as percent points, read consistently over one column or range.

    Text with a percent sign is percent (``"30%"`` → 30); plain numbers are
    fractions when every plain number given is ≤ 1 (``0.3`` → 30), otherwise
    percent points (``30`` → 30). ``values`` are the numbers read with
    ``percent="points"`` (``"30%"`` → 30) and ``percent_text`` is the parser's
    ``percent`` mask (:class:`~xlperf.core.numbers.ParsedNumbers`).

    Example:
        >>> import numpy as np
        >>> weight_points(np.array([0.3, 0.7]), np.zeros(2, bool), np.zeros(2, bool)).tolist()
        [30.0, 70.0]
        >>> weight_points(np.array([30.0, 0.5]), np.zeros(2, bool), np.array([True, False])).tolist()
        [30.0, 50.0]
    """
    plain = ~missing & ~percent_text & ~np.isnan(values)
    if plain.any() and np.nanmax(values[plain]) <= 1:
        return np.where(plain, values * 100.0, values)
    return values
