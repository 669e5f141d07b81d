"""Writing the full list of problems to a file (``--problems FILE``): CSV or JSON by extension.

The console shows a grouped summary; this file has every problem, one row
each, with its code, place and texts in the chosen language.

Example:
    >>> import tempfile, os
    >>> from xlperf.errors import Location, Problem
    >>> p = os.path.join(tempfile.mkdtemp(), "p.csv")
    >>> write_problems([Problem(Location(file="d.csv", row=3), "bad", code="X")], p, "en")
    PosixPath('...p.csv')
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from xlperf.errors import Location, Problem, UsageError
from xlperf.io.atomic import atomic_path
from xlperf.io.textsafe import csv_text

COLUMNS = ("code", "severity", "file", "sheet", "cell", "row", "column", "path", "message", "hint")
COLUMNS_ZH = ("代码", "级别", "文件", "工作表", "单元格", "行", "列", "方案路径", "问题", "建议")


def _record(p: Problem, lang: str) -> dict[str, object]:
    msg, hint = p.text(lang)
    w = p.where
    values = (p.code, p.severity, w.file, w.sheet, w.cell, w.row, w.column, w.path, msg, hint)
    return dict(zip(COLUMNS, values, strict=True))


def write_problems(problems: list[Problem], path: str | Path, lang: str = "zh") -> Path:
    """Every problem into ``path`` (.csv or .json), atomically; returns the path."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".json"):
        from xlperf.messages import say

        where = Location(file=str(target))
        raise UsageError(
            "--problems needs .csv or .json", [say("USAGE_PROBLEMS_FILE", where, file=str(target))]
        )
    records = [_record(p, lang) for p in problems]
    with atomic_path(target) as tmp:
        if suffix == ".json":
            tmp.write_text(
                json.dumps(records, ensure_ascii=False, indent=1, allow_nan=False), encoding="utf-8"
            )
        else:
            with open(tmp, "w", newline="", encoding="utf-8-sig") as fh:
                w = csv.writer(fh)
                w.writerow(COLUMNS_ZH if lang == "zh" else COLUMNS)
                w.writerows([csv_text(v) for v in r.values()] for r in records)
    return target
