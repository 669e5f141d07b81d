"""Names of the sheets and columns xlperf owns in a master workbook (zh and en), from the glossary.

Everything not named here belongs to the user and is never changed. The
input sheets (Data, Ratings, Adjustments, Overrides, SpotChecks, PayBase, Teams) are the user's to decorate:
collect writes their values only; recalc never writes them.

Example:
    >>> sheet("results", "zh"), sheet("results", "en"), "结果" in OWNED
    ('结果', 'Results', True)
"""

from __future__ import annotations

from xlperf.messages.glossary import term

OUTPUT_KEYS = (
    "results",
    "indicators",
    "calibration",
    "dashboard",
    "log",
    "validation",
    "sources",
    "history",
    "plans",
    "pay",
)
INPUT_KEYS = ("data", "ratings", "adjustments", "overrides", "spot_checks", "paybase", "teams")
#: xlperf's settings sheet (the stored scheme) and the sheet older masters kept it in
STORE_SHEET = "_xlperf"
LEGACY_SCHEME_SHEET = "Scheme"


def sheet(key: str, lang: str) -> str:
    """``sheet("results", "zh") == "结果"``."""
    return term(f"sheet_{key}", lang)


def both(key: str) -> set[str]:
    """The sheet's name in either language."""
    return {sheet(key, "zh"), sheet(key, "en")}


#: sheets xlperf rewrites whole (its charts and tables are its own)
OWNED = frozenset(
    {name for key in OUTPUT_KEYS for name in both(key)} | {STORE_SHEET, LEGACY_SCHEME_SHEET}
)
#: input sheets: xlperf writes their values (collect), the user owns their look
INPUT_SHEETS = frozenset(name for key in INPUT_KEYS for name in both(key))


def words(keys: list[str], lang: str) -> list[str]:
    """Glossary words for column headers."""
    return [term(k, lang) for k in keys]


TEXT = {
    "calibration_title": {
        "en": "Forced distribution per group and grade",
        "zh": "各组各等级强制分布",
    },
    "calibration_cols": {
        "en": [
            "group",
            "group size",
            "grade",
            "quota %",
            "allowed",
            "provisional count",
            "final count",
            "handling",
            "excluded",
            "excess",
            "warning",
            "note",
        ],
        "zh": [
            "组",
            "组人数",
            "等级",
            "比例上限%",
            "允许人数",
            "预评人数",
            "最终人数",
            "处理方式",
            "不参与比例人数",
            "超出人数",
            "警示",
            "说明",
        ],
    },
    "handling": {
        "en": {
            "quota": "quotas",
            "pooled": "pooled (small group)",
            "absolute": "provisional grades (small group)",
        },
        "zh": {"quota": "按比例", "pooled": "小组合并", "absolute": "小组保留预评等级"},
    },
    "events_title": {
        "en": "Demotions, ties at a quota and observations",
        "zh": "按比例调整、比例边界并列与观察期名单",
    },
    "events_cols": {
        "en": [
            "employee ID",
            "name",
            "group",
            "kind",
            "final score",
            "from grade",
            "to grade",
            "allowed",
            "group size",
            "reason",
        ],
        "zh": [
            "工号",
            "姓名",
            "组",
            "类型",
            "综合得分",
            "原等级",
            "调整后等级",
            "允许人数",
            "组人数",
            "原因",
        ],
    },
    "no_events": {
        "en": "(no demotions, ties or observations)",
        "zh": "（无按比例调整、并列或观察期）",
    },
    "dash_grades": {
        "en": ["grade", "quota (allowed)", "provisional", "final"],
        "zh": ["等级", "配额(允许人数)", "预评人数", "最终人数"],
    },
    "dash_hist": {"en": ["final score", "employees"], "zh": ["综合得分区间", "人数"]},
    "chart_grades": {"en": "Grade distribution vs quota", "zh": "等级分布与配额"},
    "chart_hist": {"en": "Final scores (histogram)", "zh": "综合得分分布"},
    "chart_dept": {"en": "Department averages", "zh": "各部门平均分"},
    "count": {"en": "employees", "zh": "人数"},
    "score": {"en": "score", "zh": "得分"},
    "log_cols": {
        "en": [
            "time",
            "xlperf version",
            "scheme id",
            "scheme version",
            "input fingerprint",
            "employees",
            "indicator rows",
            "ratings",
            "outcome",
            "calibration overrides",
        ],
        "zh": [
            "时间",
            "xlperf版本",
            "方案ID",
            "方案版本",
            "输入指纹",
            "员工数",
            "指标行数",
            "评分条数",
            "结果",
            "校准调整",
        ],
    },
    "validation_cols": {
        "en": ["#", "code", "sheet", "cell", "problem", "what to do"],
        "zh": ["序号", "代码", "工作表", "单元格", "问题", "处理建议"],
    },
    "validation_ok": {"en": "No problems found.", "zh": "未发现问题。"},
    "indicators_cols": {
        "en": [
            "Data row",
            "employee ID",
            "name",
            "department",
            "indicator",
            "section",
            "method",
            "actual",
            "target",
            "baseline",
            "weight",
            "indicator score",
        ],
        "zh": [
            "数据行",
            "工号",
            "姓名",
            "部门",
            "指标",
            "分项",
            "计分方法",
            "实际值",
            "目标值",
            "基准值",
            "权重",
            "指标得分",
        ],
    },
    "sources_cols": {
        "en": [
            "form id",
            "file",
            "department",
            "roles",
            "template id",
            "file hash",
            "employees",
            "collected at",
            "state",
        ],
        "zh": [
            "表单ID",
            "文件",
            "部门",
            "岗位",
            "模板ID",
            "文件指纹",
            "员工数",
            "汇总时间",
            "状态",
        ],
    },
    "state": {
        "en": {"current": "current", "replaced": "replaced"},
        "zh": {"current": "当前", "replaced": "已替换"},
    },
    "history_title": {
        "en": "Last four periods' final grades and current streaks",
        "zh": "最近四个考核期的最终等级与当前连续期数",
    },
    "history_none": {"en": "(no closed periods yet)", "zh": "（尚无已关闭的考核期）"},
    "plans_cols": {
        "en": [
            "employee ID",
            "name",
            "department",
            "period",
            "due date",
            "indicators below target",
            "plan status",
            "outcome period",
            "outcome grade",
        ],
        "zh": [
            "工号",
            "姓名",
            "部门",
            "考核期",
            "截止日期",
            "未达标指标",
            "计划状态",
            "评定考核期",
            "评定等级",
        ],
    },
    "plans_none": {"en": "(no improvement plans)", "zh": "（无改进计划）"},
    "dash_periods": {"en": "period", "zh": "考核期"},
    "streaks_title": {"en": "Current streaks (periods in a row)", "zh": "当前连续期数"},
    "no_streaks": {"en": "(no current streaks)", "zh": "（无连续记录）"},
    "dash_streaks": {
        "en": ["streak rule", "periods needed", "reached", "on the way"],
        "zh": ["连续规则", "所需期数", "已达到人数", "进行中人数"],
    },
    "chart_periods": {"en": "Grade mix per period", "zh": "各考核期等级分布"},
}


def text(key: str, lang: str):
    return TEXT[key]["zh" if lang == "zh" else "en"]
