"""``xlperf score``: score input files against a scheme and write the results (.csv, .xlsx, .json).

Example:
    $ xlperf score --scheme sales.yaml --data data.xlsx --ratings ratings.csv --out results.xlsx
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xlperf.commands.common import detail, lang_of, note, note_warnings
from xlperf.core.engine import HistoryView, score
from xlperf.core.scheme import Scheme, load_scheme, shipped_schemes
from xlperf.errors import InputError, Location, UsageError, XlperfError
from xlperf.io.atomic import check_writable
from xlperf.io.history import HistoryStore
from xlperf.io.readers import read_table
from xlperf.io.results_writer import (
    OWN_SHEETS,
    foreign_sheets,
    output_paths,
    payroll_path,
    require_pay,
    write_payroll,
    write_results,
)
from xlperf.master.periods import require_history
from xlperf.messages import say

INPUTS = ("data", "ratings", "adjustments", "overrides", "spot_checks", "pay", "teams")


def configure(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "score",
        parents=[common],
        help="score data (and ratings, adjustments) with a scheme / 按方案计算绩效",
        description="Score appraisal inputs (CSV or XLSX) with a scheme and write results (.csv, .xlsx or .json).",
    )
    p.add_argument("--scheme", required=True, help="scheme YAML file")
    p.add_argument("--data", required=True, help="KPI data: one row per employee and indicator")
    p.add_argument("--ratings", help="competency ratings (optional)")
    p.add_argument("--adjustments", help="factor/points adjustments (optional)")
    p.add_argument(
        "--overrides",
        help="calibration overrides: employee_id, grade, reason, approved_by (optional)",
    )
    p.add_argument(
        "--spot-checks",
        metavar="FILE",
        help="spot checks (日常抽查): employee_id, date, score 0–150, note (a scheme with spot_checks)",
    )
    p.add_argument(
        "--history",
        metavar="PATH",
        help="history file of the closed periods: streaks and plan outcomes count them (needs the period)",
    )
    p.add_argument(
        "--period",
        metavar="P",
        help="the period to calculate (2026Q1, 2026-03, 2026H1, 2026): its rows only",
    )
    p.add_argument(
        "--pay",
        metavar="FILE",
        help="pay bases (薪酬基数): employee_id, bonus_base, commission_base (a scheme with pay)",
    )
    p.add_argument(
        "--teams",
        metavar="FILE",
        help="teams (团队): department, coefficient, pool (a scheme with pay)",
    )
    p.add_argument("--out", required=True, help="output file: .csv, .xlsx or .json")
    p.add_argument(
        "--payroll",
        metavar="FILE.csv",
        help="also write the payroll CSV (工资表): employee_id, name, department, amounts",
    )
    p.set_defaults(func=run)


def alternatives(scheme_path: str | Path) -> list[Scheme]:
    """Schemes to name when data plainly belongs to another: the shipped ones and the --scheme file's neighbours."""
    found = []
    paths = list(shipped_schemes().values()) + sorted(
        Path(scheme_path).resolve().parent.glob("*.y*ml")
    )
    for path in dict.fromkeys(p.resolve() for p in paths):
        try:
            found.append(load_scheme(path))
        except XlperfError:
            continue
    return found


def read_inputs(args: argparse.Namespace) -> dict:
    tables, problems = {}, []
    for kind in INPUTS:
        path = getattr(args, kind)
        if path is None:
            continue
        try:
            tables[kind] = read_table(path, kind)
        except XlperfError as err:
            problems.extend(err.problems)
            continue
        source = tables[kind].attrs.get("source", {})
        if source.get("encoding"):
            detail(args, f"{path}: {source.get('encoding')}, {source.get('delimiter')!r}")
    if problems:
        raise InputError(
            "The inputs cannot be read; nothing was written.",
            problems,
            "输入文件无法读取，未写入任何文件。",
        )
    return tables


def refuse_overwriting(outputs: list[Path], inputs: list[str | None]) -> None:
    """Never replace an input file, or a workbook holding sheets xlperf did not write."""
    given = {Path(i).resolve() for i in inputs if i}
    for out in outputs:
        where = Location(file=str(out))
        if out.resolve() in given:
            raise UsageError(
                f"Refusing to write {out}", [say("USAGE_OUTPUT_IS_INPUT", where, file=str(out))]
            )
        if out.suffix.lower() == ".xlsx" and out.exists():
            foreign = foreign_sheets(out, OWN_SHEETS)
            if foreign:
                raise UsageError(
                    f"Refusing to write {out}",
                    [say("USAGE_OUTPUT_FOREIGN", where, sheets=", ".join(foreign))],
                )


def history_view(path: str | None) -> HistoryView | None:
    """The closed periods of ``--history`` (which must exist), or None without one."""
    return HistoryStore(require_history(path)).view() if path is not None else None


def run(args: argparse.Namespace) -> int:
    output_paths(args.out)  # usage errors before any work
    payroll = payroll_path(args.payroll) if args.payroll else None
    scheme = load_scheme(args.scheme)
    paths = output_paths(args.out, scheme.improvement is not None)
    tables = read_inputs(args)
    outputs = [*paths, *([payroll] if payroll else [])]
    refuse_overwriting(outputs, [args.scheme, args.history, *(getattr(args, k) for k in INPUTS)])
    inputs = (tables["data"], tables.get("ratings"), tables.get("adjustments"))
    extra = {
        "overrides": tables.get("overrides"),
        "spot_checks": tables.get("spot_checks"),
        "history": history_view(args.history),
        "period": args.period,
        "pay": tables.get("pay"),
        "teams": tables.get("teams"),
    }
    try:
        results = score(scheme, *inputs, **extra)
    except InputError as err:
        if any(p.code == "DATA_SCHEME_MISMATCH" for p in err.problems):
            score(
                scheme, *inputs, **extra, alternatives=alternatives(args.scheme)
            )  # names the right scheme
        raise
    if payroll is not None:
        require_pay(results, payroll)  # a usage error before anything is written
    for p in outputs:
        check_writable(p)
    written = write_results(results, args.out)
    if payroll is not None:
        written.append(write_payroll(results, payroll))
    note_warnings(args, list(results.warnings))
    n = len(results.employees)
    zh = lang_of(args) == "zh"
    when = (
        f"（考核期 {results.period}）"
        if zh and results.period
        else (f" (period {results.period})" if results.period else "")
    )
    note(
        args,
        f"已按方案 {scheme.id} 第{scheme.version}版计算 {n} 名员工{when}"
        if zh
        else f"scored {n} employees with scheme {scheme.id} v{scheme.version}{when}",
    )
    for p in written:
        print(p)
    return 0
