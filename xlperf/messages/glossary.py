"""The glossary: one Chinese word (and one English word) per HR concept.

Forms, masters, messages, docs and the ribbon take their words from here, so
the same number is never 综合得分 in one place and 最终得分 in another.
A test checks that no other spelling of these terms appears in xlperf's texts.

Example:
    >>> term("final_score", "zh"), term("final_score", "en")
    ('综合得分', 'final score')
"""

from __future__ import annotations

#: concept → (Chinese, English)
TERMS: dict[str, tuple[str, str]] = {
    # people and structure
    "employee_id": ("工号", "employee ID"),
    "name": ("姓名", "name"),
    "department": ("部门", "department"),
    "role": ("岗位", "role"),
    "company": ("全公司", "company"),
    # inputs
    "indicator": ("指标", "indicator"),
    "actual": ("实际值", "actual"),
    "target": ("目标值", "target"),
    "baseline": ("基准值", "baseline"),
    "weight": ("权重", "weight"),
    "method": ("计分方法", "scoring method"),
    "source": ("数据来源", "data source"),
    "dimension": ("能力维度", "competency dimension"),
    "rater": ("评价人", "rater"),
    "rating": ("评分", "rating"),
    "adjustment": ("调整", "adjustment"),
    "period": ("考核期", "period"),
    "not_applicable": ("不适用", "not applicable"),
    # scores and grades
    "indicator_score": ("指标得分", "indicator score"),
    "section_score": ("分项得分", "section score"),
    "final_score": ("综合得分", "final score"),
    "rank": ("排名", "rank"),
    "department_rank": ("部门排名", "department rank"),
    "grade_absolute": ("预评等级", "provisional grade"),
    "grade": ("最终等级", "final grade"),
    "grade_before_override": ("校准前等级", "grade before override"),
    "grade_label": ("等级说明", "grade label"),
    "bonus_factor": ("奖金系数", "bonus factor"),
    "flags": ("标记", "flags"),
    "completion": ("完成率", "completion"),
    # calibration
    "observation": ("观察期", "observation"),
    "tie_at_quota": ("比例边界并列", "tied at a quota boundary"),
    "quota_exceeded_by_tie": ("并列超出比例", "quota exceeded by a tie"),
    "demoted": ("按比例调整", "demoted by quota"),
    "excluded": ("不参与比例", "excluded from quotas"),
    "override": ("校准调整", "calibration override"),
    "tie_broken": ("按规则打破并列", "tie broken by rule"),
    "approved_by": ("审批人", "approved by"),
    "reason": ("原因", "reason"),
    "handling": ("处理方式", "handling"),
    "excess": ("超出人数", "excess"),
    "warning": ("警示", "warning"),
    "note": ("说明", "note"),
    "spot_check_count": ("抽查次数", "spot checks"),
    "talent_pool": ("后备干部", "talent pool"),
    "reassign_review": ("调岗或淘汰评估", "reassignment review"),
    "repeat_observation": ("连续观察期", "repeated observation"),
    "improvement_plan": ("改进计划", "improvement plan"),
    # periods and history
    "streak": ("连续期数", "streak"),
    "due_date": ("截止日期", "due date"),
    "plan_status": ("计划状态", "plan status"),
    "plan_met": ("达标", "met"),
    "plan_not_met": ("未达标", "not met"),
    "plan_open": ("进行中", "open"),
    "appraisal_score": ("考核得分", "appraisal score"),
    "spot_check": ("日常抽查", "spot check"),
    "spot_check_score": ("抽查得分", "spot-check score"),
    "frequency": ("考核频率", "frequency"),
    "history_file": ("历史文件", "history file"),
    "closed_at": ("关闭时间", "closed at"),
    "close_period": ("关闭考核期", "Close period"),
    "rollup": ("年度汇总", "annual roll-up"),
    # pay
    "bonus_base": ("绩效奖金基数", "bonus base"),
    "bonus_amount": ("绩效奖金", "bonus amount"),
    "commission_base": ("提成基数", "commission base"),
    "commission": ("提成", "commission"),
    "team_coefficient": ("团队系数", "team coefficient"),
    "pool": ("团队奖金池", "team bonus pool"),
    "pool_share": ("团队奖金分配", "pool share"),
    "pay_factor": ("薪酬系数", "pay factor"),
    "total_pay": ("应发合计", "total pay"),
    "budget": ("奖金预算", "bonus budget"),
    "rounding_step": ("舍入单位", "rounding step"),
    # workbook sheets
    "sheet_results": ("结果", "Results"),
    "sheet_indicators": ("指标得分", "Indicators"),
    "sheet_calibration": ("校准", "Calibration"),
    "sheet_dashboard": ("看板", "Dashboard"),
    "sheet_log": ("运行日志", "Run log"),
    "sheet_validation": ("校验", "Validation"),
    "sheet_sources": ("来源", "Sources"),
    "sheet_data": ("数据", "Data"),
    "sheet_ratings": ("评分", "Ratings"),
    "sheet_adjustments": ("调整", "Adjustments"),
    "sheet_scheme": ("方案", "Scheme"),
    "sheet_pay": ("薪酬", "Pay"),
    "sheet_paybase": ("薪酬基数", "PayBase"),
    "sheet_teams": ("团队", "Teams"),
    "sheet_history": ("历史", "History"),
    "sheet_plans": ("改进计划", "Improvement plans"),
    "sheet_overrides": ("校准调整", "Overrides"),
    "sheet_spot_checks": ("日常抽查", "SpotChecks"),
}

#: spellings that must not be used for a concept (they were, once)
AVOID: dict[str, str] = {
    "最终得分": "final_score",
    "总分": "final_score",
    "绝对等级": "grade_absolute",
}


def term(key: str, lang: str = "zh") -> str:
    """The word for ``key`` in ``lang`` (Chinese unless ``lang`` is ``en``)."""
    zh, en = TERMS[key]
    return en if lang == "en" else zh
