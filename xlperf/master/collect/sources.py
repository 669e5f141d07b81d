"""The Sources (来源) sheet: every form ever merged into the master, current or replaced.

Example:
    >>> s = Sources.empty("en")
    >>> s.add(("F1", "a.xlsx", "D1", "r", "T1", "h", 3, "2026-12-01", "current"))
    >>> s.current()["F1|D1|r"]["file"]
    'a.xlsx'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xlperf.master import sheets as S

KEYS = (
    "form_id",
    "file",
    "department",
    "roles",
    "template_id",
    "file_hash",
    "employees",
    "collected_at",
    "state",
)
#: header words of each key, in both languages and in the layout of masters before form ids
WORDS = {
    "form_id": ("form id", "表单id"),
    "file": ("file", "文件"),
    "department": ("department", "部门"),
    "roles": ("roles", "岗位"),
    "template_id": ("template id", "template_id", "模板id"),
    "file_hash": ("file hash", "fingerprint", "文件指纹", "指纹"),
    "employees": ("employees", "员工数"),
    "collected_at": ("collected at", "collected_at (utc)", "汇总时间", "汇总时间(utc)"),
    "state": ("state", "状态"),
}


def _key(header: object) -> str | None:
    h = " ".join(str(header or "").split()).lower()
    return next((k for k, words in WORDS.items() if h in words), None)


@dataclass
class Sources:
    """The Sources rows as records (dicts by key)."""

    records: list[dict[str, object]] = field(default_factory=list)
    lang: str = "zh"

    @classmethod
    def empty(cls, lang: str) -> Sources:
        return cls([], lang)

    @classmethod
    def from_rows(cls, rows: list[list[object]], lang: str) -> Sources:
        if not rows:
            return cls.empty(lang)
        keys = [_key(h) for h in rows[0]]
        records = []
        for row in rows[1:]:
            rec = {k: v for k, v in zip(keys, row, strict=False) if k}
            if any(v not in (None, "") for v in rec.values()):
                rec.setdefault("form_id", rec.get("template_id") or "")
                rec.setdefault("state", "current")
                rec["state"] = _state(rec.get("state"))
                records.append(rec)
        return cls(records, lang)

    def add(self, values: tuple) -> None:
        self.records.append(dict(zip(KEYS, values, strict=True)))

    @staticmethod
    def key(record: dict[str, object]) -> str:
        from xlperf.master.collect.forms import form_key

        return form_key(record.get("form_id"), record.get("department"), record.get("roles"))

    def current(self) -> dict[str, dict[str, object]]:
        """Key (form id|department|roles) → the current record of that return."""
        return {self.key(r): r for r in self.records if r.get("state") == "current"}

    def mark_replaced(self, keys: set[str]) -> None:
        for r in self.records:
            if self.key(r) in keys:
                r["state"] = "replaced"

    def dept_to_form(self) -> dict[str, str]:
        return {str(r.get("department")): self.key(r) for r in self.records if r.get("department")}

    def rows(self) -> list[list[object]]:
        states = S.text("state", self.lang)
        body = [
            [states.get(r.get(k), r.get(k)) if k == "state" else r.get(k) for k in KEYS]
            for r in self.records
        ]
        return [list(S.text("sources_cols", self.lang)), *body]


def _state(value: object) -> str:
    text = str(value or "").strip().lower()
    return "replaced" if text in ("replaced", "已替换") else "current"
