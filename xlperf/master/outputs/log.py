"""The Run log sheet: one line appended per run (local time with the zone named).

Example:
    >>> "+" in now_text() or "-" in now_text()
    True
"""

from __future__ import annotations

from datetime import datetime

from xlperf import __version__
from xlperf.io.workbook import Workbook
from xlperf.master import sheets as S
from xlperf.master.outputs.present import PrintContext, SheetSpec, present_sheet


def now_text() -> str:
    """Local time with its UTC offset and zone name, e.g. ``2026-12-01 11:53:20 +0800 CST``."""
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %z %Z")


def override_text(results, lang: str) -> str:
    """Every calibration override of the run, for the log: ``E1001 B→A (reason; approver)``."""
    ev = results.events
    if ev.empty or "kind" not in ev:
        return ""
    rows = ev[ev["kind"] == "override"]
    reason = "reason_zh" if lang == "zh" else "reason_en"
    return "; ".join(
        f"{r.employee_id} {r.from_grade}→{r.to_grade} ({getattr(r, reason)})"
        for r in rows.itertuples(index=False)
    )


def append_log(book: Workbook, line: list[object], lang: str) -> str:
    """Append ``line`` (without the time and version, which come first) to the log sheet."""
    name = next((n for n in S.both("log") if n in book.sheet_names()), S.sheet("log", lang))
    old = book.read_rows(name) if name in book.sheet_names() else []
    body = [r for r in old[1:] if any(v not in (None, "") for v in r)]
    book.replace_sheet(name)
    rows = [list(S.text("log_cols", lang)), *body, [now_text(), __version__, *line]]
    book.write_block(name, "A1", rows)
    spec = SheetSpec(n_rows=len(rows) - 1, n_cols=len(rows[0]), id_cols=1)
    present_sheet(book, name, spec, PrintContext(lang), rows)
    return name
