"""The Data table across periods: pick the rows of the period, fold monthly indicators into it.

- :func:`select_period`: with a ``period`` (期间) column, the rows of the
  period being calculated (given, or the data's only one); monthly rows of a
  quarter belong to it. Several periods without a choice is one error that
  lists them; every period cell must parse.
- :func:`collapse_monthly`: an indicator with ``frequency: monthly`` has one
  row per month of the period; each month is scored (and clamped) alone and
  the period's indicator score is the mean of the monthly scores.
- :class:`PeriodInputs`: what :func:`~xlperf.core.engine.compute.compute`
  needs of periods (the period, the history, spot checks, the monthly rows).

Example:
    >>> import pandas as pd
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.errors import ProblemList
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> data = pd.DataFrame({"工号": ["E1", "E1"], "期间": ["2026Q1", "2026q2"]})
    >>> sel = select_period(s, data, "2026Q2", None, ProblemList())
    >>> sel.period.id, sel.frame["期间"].tolist(), sel.frame["_row"].tolist()
    ('2026Q2', ['2026Q2'], [3])
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from xlperf.core.engine.data import PreparedData
from xlperf.core.history.view import HistoryView
from xlperf.core.periods import KIND_NAMES_EN, KIND_NAMES_ZH, Period, cell_period, period_problem
from xlperf.core.tables import Table, find_column
from xlperf.errors import Location, ProblemList
from xlperf.messages import say

if TYPE_CHECKING:
    from xlperf.core.engine.spot_checks import SpotScores
    from xlperf.core.scheme import Scheme

#: where a problem with the ``period`` argument itself is reported
PERIOD_ARGUMENT = Location(path="period")


@dataclass(frozen=True)
class PeriodSelection:
    """The rows of the period (all rows without a period column), the period, each row's own period."""

    frame: pd.DataFrame | None
    period: Period | None
    row_periods: np.ndarray | None = None


@dataclass(frozen=True)
class PeriodInputs:
    """What the computation needs of periods; every part optional."""

    period: Period | None = None
    history: HistoryView | None = None
    spot: SpotScores | None = None
    monthly: pd.DataFrame | None = None


def select_period(
    scheme: Scheme,
    data: pd.DataFrame,
    period: str | None,
    history: HistoryView | None,
    problems: ProblemList,
) -> PeriodSelection:
    """The rows of the period being calculated; problems go to ``problems``."""
    kind = scheme.scheme.period
    target = None
    if period is not None:
        bad = period_problem(period, kind, PERIOD_ARGUMENT, scheme.id)
        if bad is not None:
            problems.append(bad)
            return PeriodSelection(None, None)
        target = cell_period(period)
    col = find_column(data, "data", "period")
    if col is None or _all_blank(data[col]):
        sel = PeriodSelection(data, target)
    else:
        sel = _select_rows(scheme, data, col, target, problems)
    if history is not None:
        _check_history(sel.period, history, problems)
    return sel


def _check_history(period: Period | None, history: HistoryView, problems: ProblemList) -> None:
    if period is None:
        problems.append(
            say("PERIOD_REQUIRED", PERIOD_ARGUMENT, what_en="a history", what_zh="使用历史记录")
        )
    elif period.id in history.closed:
        problems.append(
            say(
                "HIST_PERIOD_CLOSED",
                PERIOD_ARGUMENT,
                period=period.id,
                closed_at=history.closed_at.get(period.id, ""),
            )
        )


def _with_rows(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with its ``_row`` numbers (header = row 1), so a subset keeps its locations."""
    if "_row" in data.columns:
        return data
    out = data.assign(_row=np.arange(2, len(data) + 2))
    out.attrs = dict(data.attrs)
    return out


def _distinct_periods(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, periods): ``periods[codes]`` is each cell read by :func:`cell_period` (distinct cells once)."""
    codes, uniques = pd.factorize(raw.astype(object), use_na_sentinel=True)
    parsed = [cell_period(u) for u in uniques] + [None]  # code -1 (an empty cell) takes the last
    return codes, np.array(parsed, dtype=object)


def _all_blank(raw: pd.Series) -> bool:
    return all(p is None for p in _distinct_periods(raw)[1])


def _fits(p: object, kind: str) -> bool:
    """A row's period counts towards a period of ``kind``: the same kind, or a month inside it."""
    return isinstance(p, Period) and (p.kind == kind or (p.kind == "monthly" and kind != "monthly"))


def _report_cells(
    scheme: Scheme, t: Table, codes: np.ndarray, own_u: np.ndarray, raw: pd.Series
) -> None:
    """Period cells that do not parse, are empty among filled ones, or are of another kind."""
    kind = scheme.scheme.period
    ids_u = np.array([p.id if isinstance(p, Period) else "" for p in own_u], dtype=object)
    bad = np.array([p is False for p in own_u])[codes]
    if bad.any():
        shown = np.array([str(v).strip() for v in raw.to_numpy(dtype=object)], dtype=object)
        t.report(bad, "period", "PERIOD_BAD_ID", value=shown)
    t.report(np.array([p is None for p in own_u])[codes], "period", "PERIOD_EMPTY_CELL")
    for p_kind in sorted({p.kind for p in own_u if isinstance(p, Period) and not _fits(p, kind)}):
        wrong = np.array(
            [isinstance(p, Period) and not _fits(p, kind) and p.kind == p_kind for p in own_u]
        )
        t.report(
            wrong[codes],
            "period",
            "PERIOD_WRONG_KIND",
            value=ids_u[codes],
            kind_en=KIND_NAMES_EN[p_kind],
            kind_zh=KIND_NAMES_ZH[p_kind],
            scheme=scheme.id,
            scheme_kind=kind,
            scheme_kind_zh=KIND_NAMES_ZH[kind],
            example=_example(kind),
        )


def _choose(
    found: list[Period], target: Period | None, where: Location, problems: ProblemList
) -> Period | None:
    """The period to calculate: the one asked for (it must be there), else the data's only one."""
    if target is None:
        if len(found) > 1:
            problems.append(
                say(
                    "PERIOD_SEVERAL",
                    where,
                    count=len(found),
                    items=", ".join(p.id for p in found),
                    first=found[-1].id,
                )
            )
            return None
        return found[0] if found else None
    if target not in found:
        items = ", ".join(p.id for p in found) or "—"
        problems.append(say("PERIOD_NOT_IN_DATA", where, period=target.id, items=items))
        return None
    return target


def _select_rows(
    scheme: Scheme, data: pd.DataFrame, col: object, target: Period | None, problems: ProblemList
) -> PeriodSelection:
    kind = scheme.scheme.period
    df = _with_rows(data)
    sub = df[[col, "_row"]]
    sub.attrs = dict(df.attrs)
    t = Table.wrap(sub, "data")
    t.problems = ProblemList()
    codes, own_u = _distinct_periods(sub[col])
    _report_cells(scheme, t, codes, own_u, sub[col])
    problems.extend(t.problems.items)
    within_u = np.array([p.within(kind) if _fits(p, kind) else None for p in own_u], dtype=object)
    present = np.unique(codes[codes >= 0])
    found = sorted({within_u[c] for c in present if within_u[c] is not None})
    where = Location(file=t.file, sheet=t.sheet, column=t.where(None, "period")[0].column)
    chosen = _choose(found, target, where, problems)
    if chosen is None:
        return PeriodSelection(None, target)
    keep = np.array([w == chosen for w in within_u], dtype=bool)[codes]
    frame = df[keep].copy()
    frame[col] = np.array([p.id if isinstance(p, Period) else "" for p in own_u], dtype=object)[
        codes
    ][keep]
    frame.attrs = dict(df.attrs)
    return PeriodSelection(frame, chosen, own_u[codes][keep])


def _example(kind: str) -> str:
    return {"monthly": "2026-03", "quarterly": "2026Q1", "half-yearly": "2026H1"}.get(kind, "2026")


def monthly_indicators(scheme: Scheme) -> np.ndarray:
    """Per scheme indicator: scored month by month and averaged (never in a monthly scheme).

    Example:
        >>> from xlperf.core.scheme import load_scheme, shipped_schemes
        >>> monthly_indicators(load_scheme(shipped_schemes()["sales"])).any()
        np.False_
    """
    if scheme.scheme.period == "monthly":
        return np.zeros(len(scheme.indicators), dtype=bool)
    return np.array([i.frequency == "monthly" for i in scheme.indicators], dtype=bool)


def collapse_monthly(
    scheme: Scheme, d: PreparedData, sel: PeriodSelection, problems: ProblemList
) -> tuple[PreparedData, pd.DataFrame | None]:
    """One row per employee and monthly indicator, scored as the mean of its months.

    Returns the collapsed rows and the monthly rows themselves (None when
    nothing is monthly). Rows of a monthly indicator without a month, month
    rows of other indicators, missing months and weights that differ between
    months are reported.
    """
    monthly = monthly_indicators(scheme)
    n = len(d.ind)
    own = sel.row_periods if sel.row_periods is not None else np.full(n, None, dtype=object)
    month_row = np.array([isinstance(p, Period) and p.kind == "monthly" for p in own], dtype=bool)
    if scheme.scheme.period == "monthly":
        month_row[:] = False
    is_monthly = (d.ind >= 0) & monthly[np.clip(d.ind, 0, None)]
    if not is_monthly.any() and not month_row.any():
        return d, None
    t = d.table
    before = len(t.problems.items)
    _report_rows(scheme, d, sel, own, month_row, is_monthly)
    group = is_monthly & month_row & d.has_id
    collapsed, detail = _collapse(d, group, own, sel.period)
    problems.extend(t.problems.items[before:])
    return collapsed, detail


def _report_rows(scheme, d: PreparedData, sel: PeriodSelection, own, month_row, is_monthly) -> None:
    t = d.table
    col = "period" if "period" in t.df.columns else "indicator"
    names = np.asarray(d.ind_codes + [""], dtype=object)[
        np.where(d.ind >= 0, d.ind, len(d.ind_codes))
    ]
    ids = np.array([p.id if isinstance(p, Period) else "" for p in own], dtype=object)
    months = sel.period.months() if sel.period is not None else ()
    span = f"{months[0].id} … {months[-1].id}" if months else "2026-01 … 2026-03"
    kind = scheme.scheme.period
    t.report(
        is_monthly & ~month_row & d.has_id,
        col,
        "PERIOD_MONTHLY_NEEDS_MONTHS",
        employee=d.emp_text,
        indicator=names,
        value=ids,
        months=span,
    )
    t.report(
        ~is_monthly & month_row & (d.ind >= 0) & d.has_id,
        col,
        "PERIOD_MONTH_ROW_NOT_MONTHLY",
        employee=d.emp_text,
        indicator=names,
        value=ids,
        kind_en=KIND_NAMES_EN[kind].split()[-1],
        kind_zh=KIND_NAMES_ZH[kind],
        period=sel.period.id if sel.period else "",
    )


def _collapse(d: PreparedData, group: np.ndarray, own: np.ndarray, period: Period | None):
    n = len(d.ind)
    idx = np.flatnonzero(group)
    frame = pd.DataFrame(
        {
            "key": d.emp[idx] * max(len(d.ind_codes), 1) + d.ind[idx],
            "row": idx,
            "score": d.score[idx],
            "nan": np.isnan(d.score[idx]),
            "weight": np.round(d.weight[idx], 9),
            "month": [own[i].ordinal for i in idx],
        }
    )
    g = frame.groupby("key", sort=False)
    first = g["row"].first().to_numpy()
    mean = np.where(g["nan"].any().to_numpy(), np.nan, g["score"].mean().to_numpy())
    wanted = len(period.months()) if period is not None else 0
    odd = (g["month"].nunique() != wanted) | (g["weight"].nunique() > 1)
    _check_groups(d, frame[frame["key"].isin(odd[odd].index)], own, period)
    keep = np.ones(n, dtype=bool)
    keep[idx] = False
    keep[first] = True
    score = d.score.copy()
    score[first] = mean
    blank = np.zeros(n, dtype=bool)
    blank[first] = True
    changed = {"score": score}
    for name in ("actual", "target", "baseline"):
        changed[name] = np.where(blank, np.nan, getattr(d, name))
    out = replace(d, **changed)
    taken = {
        f.name: getattr(out, f.name)[keep]
        for f in fields(out)
        if isinstance(getattr(out, f.name), np.ndarray) and len(getattr(out, f.name)) == n
    }
    detail = pd.DataFrame(
        {
            "employee_id": d.emp_text[idx],
            "indicator": np.asarray(d.ind_codes, dtype=object)[d.ind[idx]],
            "month": [own[i].id for i in idx],
            "actual": d.actual[idx],
            "target": d.target[idx],
            "baseline": d.baseline[idx],
            "weight": d.weight[idx],
            "score": d.score[idx],
        }
    )
    return replace(out, **taken), detail


def _check_groups(
    d: PreparedData, odd: pd.DataFrame, own: np.ndarray, period: Period | None
) -> None:
    """Missing months and differing weights, for the few groups whose counts are off."""
    t = d.table
    wanted = [m.id for m in period.months()] if period is not None else []
    for _, rows in odd.groupby("key", sort=False)["row"]:
        r = rows.to_numpy()
        present = {own[i].id for i in r}
        missing = [m for m in wanted if m not in present]
        emp, ind = d.emp_text[r[0]], d.ind_codes[d.ind[r[0]]]
        if missing:
            t.problems.append(
                say(
                    "PERIOD_MONTHS_MISSING",
                    t.where(d.rows[r[0]], "indicator")[0],
                    employee=emp,
                    indicator=ind,
                    missing=", ".join(missing),
                )
            )
        w = d.weight[r]
        if len(np.unique(np.round(w[~np.isnan(w)], 9))) > 1:
            t.problems.append(
                say(
                    "PERIOD_MONTHLY_WEIGHT_DIFFERS",
                    t.where(d.rows[r[0]], "weight")[0],
                    employee=emp,
                    indicator=ind,
                )
            )
