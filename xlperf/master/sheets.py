"""Names of the sheets and columns xlperf owns in a master workbook (zh and en).

Everything not named here belongs to the user and is never changed.
"""

from __future__ import annotations

SHEETS: dict[str, dict[str, str]] = {
    "results": {"en": "Results", "zh": "结果"},
    "calibration": {"en": "Calibration", "zh": "校准"},
    "dashboard": {"en": "Dashboard", "zh": "看板"},
    "log": {"en": "Run log", "zh": "运行日志"},
    "validation": {"en": "Validation", "zh": "校验"},
    "sources": {"en": "Sources", "zh": "来源"},
}
#: input sheets written by ``collect`` (the core interchange format); names match xlperf.io.readers
INPUT_SHEETS = {"data": "Data", "ratings": "Ratings", "adjustments": "Adjustments"}
SCHEME_SHEET = "Scheme"
SCHEME_HEADER = "xlperf scheme (YAML text, or a path to the YAML file)"

#: per-indicator output columns appended to the Data sheet
DATA_OUTPUT = {"en": ["indicator_score", "method"], "zh": ["指标得分", "计分方法"]}
OWNED_DATA_HEADERS = frozenset(DATA_OUTPUT["en"] + DATA_OUTPUT["zh"])

#: sheets recalc and validate rewrite; their charts/images are xlperf's own
OUTPUT_SHEETS = frozenset(
    SHEETS[k][lang]
    for k in ("results", "calibration", "dashboard", "log", "validation")
    for lang in ("en", "zh")
)

RESULT_HEADERS_ZH = {
    "employee_id": "工号",
    "name": "姓名",
    "department": "部门",
    "role": "岗位",
    "final_score": "最终得分",
    "rank": "排名",
    "department_rank": "部门排名",
    "grade_absolute": "绝对等级",
    "grade": "最终等级",
    "bonus_factor": "奖金系数",
    "flags": "标记",
}

TEXT = {
    "calibration_title": {
        "en": "Forced distribution per group and grade",
        "zh": "各组各等级强制分布",
    },
    "calibration_cols": {
        "en": [
            "group",
            "group_size",
            "grade",
            "quota_percent",
            "allowed",
            "absolute_count",
            "final_count",
        ],
        "zh": ["组", "组人数", "等级", "比例上限%", "允许人数", "绝对等级人数", "最终人数"],
    },
    "events_title": {
        "en": "Demotions, ties at a quota and observations",
        "zh": "降级、配额处并列与待观察名单",
    },
    "events_cols": {
        "en": [
            "employee_id",
            "name",
            "group",
            "kind",
            "from_grade",
            "to_grade",
            "allowed",
            "group_size",
            "reason",
        ],
        "zh": ["工号", "姓名", "组", "类型", "原等级", "调整后等级", "允许人数", "组人数", "原因"],
    },
    "no_events": {"en": "(no demotions, ties or observations)", "zh": "（无降级、并列或待观察）"},
    "kind": {
        "en": {"demoted": "demoted", "tie_at_quota": "tie_at_quota", "observation": "observation"},
        "zh": {"demoted": "降级", "tie_at_quota": "配额处并列", "observation": "待观察"},
    },
    "dash_grades": {
        "en": ["grade", "quota (allowed)", "absolute", "final"],
        "zh": ["等级", "配额(允许人数)", "绝对等级人数", "最终人数"],
    },
    "dash_hist": {"en": ["final score", "employees"], "zh": ["最终得分区间", "人数"]},
    "dash_dept": {"en": "department", "zh": "部门"},
    "dash_final": {"en": "final score", "zh": "最终得分"},
    "chart_grades": {"en": "Grade distribution vs quota", "zh": "等级分布与配额"},
    "chart_hist": {"en": "Final scores (histogram)", "zh": "最终得分分布"},
    "chart_dept": {"en": "Department averages", "zh": "各部门平均分"},
    "count": {"en": "employees", "zh": "人数"},
    "score": {"en": "score", "zh": "得分"},
    "log_cols": {
        "en": [
            "time (UTC)",
            "xlperf version",
            "scheme id",
            "scheme version",
            "input fingerprint",
            "employees",
            "indicator rows",
            "ratings",
            "outcome",
        ],
        "zh": [
            "时间(UTC)",
            "xlperf版本",
            "方案ID",
            "方案版本",
            "输入指纹",
            "员工数",
            "指标行数",
            "评分条数",
            "结果",
        ],
    },
    "validation_cols": {
        "en": ["#", "sheet", "cell", "problem", "what to do"],
        "zh": ["序号", "工作表", "单元格", "问题", "处理建议"],
    },
    "validation_ok": {"en": "No problems found.", "zh": "未发现问题。"},
}


def sheet(key: str, lang: str) -> str:
    """``sheet("results", "zh") == "结果"``."""
    return SHEETS[key]["zh" if lang == "zh" else "en"]


def text(key: str, lang: str):
    return TEXT[key]["zh" if lang == "zh" else "en"]
