"""``xlperf template`` (build the forms) and ``xlperf render`` (workbook → PDF → PNG).

Examples:
    $ xlperf template --scheme xlperf/schemes/sales.yaml --roster roster.xlsx --out forms/
    # forms/xlperf-cycle.json: the cycle manifest (secret key, every form issued); it stays with HR
    $ xlperf template --scheme sales.yaml --roster roster.csv --out forms/ --split role  # department × role
    $ xlperf template --scheme sales.yaml --out blank/ --lang en          # blank form per role
    $ xlperf render forms/sales-2026q1_华东.xlsx --out img/ --all-pages
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xlperf.commands.common import lang_of, note, progress_of
from xlperf.core.scheme import load_scheme
from xlperf.errors import Location, UsageError
from xlperf.io.readers import read_table
from xlperf.messages import say


def configure(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "template",
        parents=[common],
        help="build the appraisal forms from a scheme (and a roster) / 生成考核表",
        description="Write one appraisal form per department (or role) for a roster, or a blank form per role without one.",
    )
    p.add_argument("--scheme", required=True, help="scheme YAML file")
    p.add_argument(
        "--roster",
        help="roster .csv/.xlsx with employee_id, name, department, role (工号, 姓名, 部门, 岗位)",
    )
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument(
        "--per",
        choices=("department", "role"),
        default="department",
        help="one form per department (default) or per role",
    )
    p.add_argument(
        "--split",
        choices=("department", "role"),
        default="department",
        help="with --per department: 'role' writes one form per department × role "
        "(file <scheme>_<department>_<role>.xlsx); default: one form per department",
    )
    p.add_argument(
        "--slots", type=int, default=10, help="employee rows of a blank form (default 10)"
    )
    p.set_defaults(func=run_template)

    r = subparsers.add_parser(
        "render",
        parents=[common],
        help="render a workbook to PDF and PNG with LibreOffice / 将工作簿渲染为PDF和PNG",
        description="Render a workbook to PDF (LibreOffice) and to PNG page images (pdftoppm).",
    )
    r.add_argument("workbook", help="the .xlsx to render")
    r.add_argument("--out", required=True, help="output folder for the PDF and PNG files")
    r.add_argument(
        "--all-pages", action="store_true", help="render every page (default: the first page only)"
    )
    r.add_argument("--dpi", type=int, default=110, help="PNG resolution (default 110)")
    r.set_defaults(func=run_render)


def run_template(args: argparse.Namespace) -> int:
    from xlperf.templates.builder import build_forms  # imported when used: keeps start-up short
    from xlperf.templates.manifest import manifest_path

    if args.slots < 1:
        problem = say(
            "USAGE_BAD_VALUE",
            Location(),
            option="--slots",
            expected="≥ 1",
            value=args.slots,
            command="template",
        )
        raise UsageError("--slots must be at least 1", [problem])
    per = _grouping(args)
    scheme = load_scheme(args.scheme)
    yaml_text = Path(args.scheme).read_text(encoding="utf-8-sig")
    roster = read_table(args.roster, "roster") if args.roster else None
    lang = lang_of(args)
    progress = progress_of(args)  # counts need a hook in templates.builder: elapsed time only
    progress.start("生成考核表" if lang == "zh" else "building forms")
    paths = build_forms(
        scheme,
        roster,
        args.out,
        lang=lang,
        per=per,
        yaml_text=yaml_text,
        blank_slots=args.slots,
        cycle=True,
    )
    progress.finish()
    blank = roster is None
    manifest = manifest_path(args.out)
    if lang == "zh":
        note(
            args,
            f"已为方案 {scheme.id} 第{scheme.version}版生成 {len(paths)} 份{'空白' if blank else ''}考核表",
        )
        note(
            args,
            f"考核期清单 {manifest} 含本考核期密钥：请由人力资源部保管并随汇总表备份，切勿外发",
        )
    else:
        note(
            args,
            f"wrote {len(paths)} {'blank forms' if blank else 'forms'} for scheme {scheme.id} v{scheme.version}",
        )
        note(
            args,
            f"the cycle manifest {manifest} holds the cycle's secret key: keep it with HR, back it up with the master, never send it",
        )
    for p in paths:
        print(p)
    return 0


def _grouping(args: argparse.Namespace) -> str:
    """``--per`` and ``--split`` as one grouping: department, role or department_role."""
    if args.split == "department":
        return args.per
    if args.per == "role":
        problem = say(
            "USAGE_BAD_VALUE",
            Location(),
            option="--split",
            expected="department (--split role splits the per-department forms)",
            value=args.split,
            command="template --per role",
        )
        raise UsageError("--split role needs --per department", [problem])
    return "department_role"


def run_render(args: argparse.Namespace) -> int:
    from xlperf.io import libreoffice

    pngs = libreoffice.render_png(
        args.workbook, args.out, first_page_only=not args.all_pages, dpi=args.dpi
    )
    print(Path(args.out) / (Path(args.workbook).stem + ".pdf"))
    for p in pngs:
        print(p)
    return 0
