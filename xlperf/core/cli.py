"""``xlperf score``: score input files against a scheme and write the results."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xlperf.core.engine import score
from xlperf.core.scheme import load_scheme
from xlperf.errors import InputError, Location, Problem, UsageError, XlperfError
from xlperf.io.atomic import check_writable
from xlperf.io.readers import read_table
from xlperf.io.results_writer import output_paths, write_results


def configure(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "score",
        help="score data (and ratings, adjustments) with a scheme / 按方案计算绩效",
        description="Score appraisal inputs (CSV or XLSX) with a scheme and write results (.csv, .xlsx or .json).",
    )
    p.add_argument("--scheme", required=True, help="scheme YAML file")
    p.add_argument("--data", required=True, help="KPI data: one row per employee and indicator")
    p.add_argument("--ratings", help="competency ratings (optional)")
    p.add_argument("--adjustments", help="factor/points adjustments (optional)")
    p.add_argument("--out", required=True, help="output file: .csv, .xlsx or .json")
    p.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="language of messages")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = output_paths(args.out)  # usage errors before any work
    scheme = load_scheme(args.scheme)
    problems = []
    tables = {}
    for kind, path in (("data", args.data), ("ratings", args.ratings), ("adjustments", args.adjustments)):
        if path is None:
            continue
        try:
            tables[kind] = read_table(path, kind)
        except XlperfError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError("The inputs cannot be read; nothing was written.", problems)
    _refuse_overwriting_inputs(paths, [args.scheme, args.data, args.ratings, args.adjustments])
    results = score(scheme, tables["data"], tables.get("ratings"), tables.get("adjustments"))
    for p in paths:
        check_writable(p)
    written = write_results(results, args.out)
    n = len(results.employees)
    print(f"scored {n} employees with scheme {scheme.id} v{scheme.version}", file=sys.stderr)
    for p in written:
        print(p)
    return 0


OWN_SHEETS = {"Results", "Indicators", "Calibration"}


def _refuse_overwriting_inputs(outputs: list[Path], inputs: list[str | None]) -> None:
    """Never replace an input file, or a workbook holding sheets xlperf did not write."""
    given = {Path(i).resolve() for i in inputs if i}
    for out in outputs:
        problem = None
        if out.resolve() in given:
            problem = ("the output would overwrite one of the input files", "choose another --out path", "输出文件与输入文件相同，会覆盖输入", "请换一个 --out 路径")
        elif out.suffix.lower() == ".xlsx" and out.exists():
            foreign = _foreign_sheets(out)
            if foreign:
                problem = (
                    f"the existing workbook has sheets xlperf did not write ({', '.join(foreign)}); replacing it would lose them",
                    "choose another --out path (xlperf score only replaces its own result workbooks)",
                    f"现有工作簿包含非xlperf生成的工作表（{', '.join(foreign)}），覆盖会丢失这些内容",
                    "请换一个 --out 路径",
                )
        if problem:
            raise UsageError(f"Refusing to write {out}", [Problem(Location(file=str(out)), *problem)])


def _foreign_sheets(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    try:
        names = CalamineWorkbook.from_path(str(path)).sheet_names
    except Exception:  # not a readable workbook: it is not ours either
        return ["(unreadable content)"]
    return [n for n in names if n not in OWN_SHEETS]
