"""The per-file collect report: on the console, and as ``<master>.collect-report.csv``.

Example:
    >>> status_word("accepted", "zh"), status_word("rejected", "en")
    ('接受', 'REJECTED')
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from xlperf.errors import Problem
from xlperf.io.atomic import atomic_path
from xlperf.io.textsafe import csv_text
from xlperf.master.collect.forms import FormEntry

WORDS = {"zh": {"accepted": "接受", "rejected": "拒收", "duplicate": "重复", "warning": "警告"}}
HEAD = {
    "en": ["file", "status", "department", "sheet", "cell", "problem", "hint", "code", "form id"],
    "zh": ["文件", "结果", "部门", "工作表", "单元格", "问题", "建议", "代码", "表单ID"],
}


def status_word(status: str, lang: str, upper: bool = True) -> str:
    if lang == "zh":
        return WORDS["zh"][status]
    return status.upper() if upper else status


def replaces_text(e: FormEntry, lang: str) -> str:
    """ "replaces the return of <file> collected <time>" of a form returned again."""
    if lang == "zh":
        return f"替换了 {e.replaced_at} 收集的 {e.replaces}"
    return f"replaces the return of {e.replaces} collected {e.replaced_at}"


@dataclass
class CollectReport:
    entries: list[FormEntry]
    master: Path | None = None
    report: Path | None = None
    notes: list[str] = field(default_factory=list)
    #: problems of the whole run, not of one form (e.g. the forms were not authenticated)
    warnings: list[Problem] = field(default_factory=list)
    #: the cycle manifest the forms were authenticated with (None: not authenticated)
    cycle: Path | None = None

    @property
    def accepted(self) -> list[FormEntry]:
        return [e for e in self.entries if e.status == "accepted"]

    def render(self, lang: str = "en") -> str:
        lines = list(self.notes)
        lines.extend(f"{status_word('warning', lang)}: {p.render(lang)}" for p in self.warnings)
        for e in self.entries:
            lines.append(
                f"{status_word(e.status, lang)}: {e.path} ({e.department or '-'}, {e.employees})"
            )
            if e.replaces:
                lines.append(f"    {replaces_text(e, lang)}")
            lines.extend(f"    - {p.render(lang)}" for p in e.problems)
        return "\n".join(lines)


def write_report(
    path: Path, entries: list[FormEntry], lang: str, warnings: list[Problem] | None = None
) -> Path:
    """The report as CSV: a row per problem of each form (one for a form without any), then a row
    per warning of the whole run."""
    lang = "zh" if lang == "zh" else "en"
    with atomic_path(path) as tmp, open(tmp, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(HEAD[lang])
        for p in warnings or []:
            msg, hint = p.text(lang)
            row = [
                p.where.file or "",
                status_word("warning", lang, upper=False),
                "",
                "",
                "",
                msg,
                hint or "",
                p.code,
                "",
            ]
            w.writerow([csv_text(v) for v in row])
        for e in entries:
            base = [str(e.path), status_word(e.status, lang, upper=False), e.department]
            if not e.problems:
                said = replaces_text(e, lang) if e.replaces else ""
                w.writerow([csv_text(v) for v in [*base, "", "", said, "", "", e.form_id]])
            for p in e.problems:
                msg, hint = p.text(lang)
                cell = p.where.cell or (f"row {p.where.row}" if p.where.row else "")
                row = [*base, p.where.sheet or "", cell, msg, hint or "", p.code, e.form_id]
                w.writerow([csv_text(v) for v in row])
    return path
