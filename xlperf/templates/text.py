"""Every word the forms show, in Chinese and English.

The HR concepts (final score, provisional grade, actual, target...) are the
glossary's words (:mod:`xlperf.messages.glossary`), so a form says what the
master workbook and the messages say.

Example:
    >>> T["zh"]["sheet_kpi"], T["en"]["sheet_kpi"]
    ('KPI考核', 'KPI')
    >>> T["zh"]["final"], T["en"]["grade"]
    ('综合得分', 'Provisional grade')
"""

from __future__ import annotations

from xlperf.messages.glossary import term


def _head(key: str, lang: str) -> str:
    """The glossary's word as a column header (capitalised in English)."""
    word = term(key, lang)
    return word[:1].upper() + word[1:]


def _concepts(lang: str) -> dict[str, str]:
    """The form's words that name a glossary concept."""
    return {
        "employee_id": _head("employee_id", lang),
        "name": _head("name", lang),
        "department": _head("department", lang),
        "role": _head("role", lang),
        "method": _head("method", lang),
        "source": _head("source", lang),
        "weight": _head("weight", lang) + ("(%)" if lang == "zh" else " (%)"),
        "target": _head("target", lang),
        "baseline": _head("baseline", lang),
        "actual": _head("actual", lang),
        "score": _head("indicator_score", lang),
        "section_score": _head("section_score", lang),
        "dimension": _head("dimension", lang),
        "final": _head("final_score", lang),
        "grade": _head("grade_absolute", lang),
        "dept_rank": _head("department_rank", lang),
        "rules_period": _head("period", lang),
        "rules_bonus": _head("bonus_factor", lang),
    }


T: dict[str, dict[str, str]] = {
    "zh": {
        "sheet_instructions": "说明",
        "sheet_kpi": "KPI考核",
        "sheet_competency": "能力评估",
        "sheet_summary": "汇总",
        "sheet_letters": "业绩承诺书",
        "sheet_rules": "考核规则",
        "invalid": "输入无效",
        "title_kpi": "{scheme} — KPI考核表",
        "title_competency": "{scheme} — 能力态度评估表",
        "title_summary": "{scheme} — 绩效汇总",
        "title_rules": "{scheme} — 考核规则（只读）",
        "title_instructions": "{scheme} — 填表说明",
        "subtitle": "部门：{group}    考核期：{period}    方案：{scheme_id} 第{version}版    模板号：{template}",
        "subtitle_role": "岗位：{group}    考核期：{period}    方案：{scheme_id} 第{version}版    模板号：{template}",
        "section": "考核项",
        "code": "指标代码",
        "indicator": "指标名称",
        "dimension_weight": "维度权重(%)",
        "dimension_score": "维度得分",
        "competency_score": "能力得分",
        "rater_header": "{rater}评分\n(权重{weight}%)",
        "grade_label": "等级说明",
        "dept_rank_form": "部门内排名\n(本表)",
        "rank_key": "排序分(6位小数)",
        "summary_note": "说明：预评等级按绝对分数段给出；强制比例分布（如A≤10%、B≤20%）由人力资源部在全公司汇总后统一执行，本表不做强制分布。",
        "period_quarterly": "季度",
        "period_monthly": "月度",
        "period_yearly": "年度",
        "period_annual": "年度",
        "period_half-yearly": "半年度",
        "na": "—",
        "input_title_actual": "实际值",
        "input_actual": "请填写{indicator}的实际值。{unit}",
        "input_target": "请填写{indicator}的目标值（大于0）。{unit}",
        "input_target_any": "请填写{indicator}的目标值。{unit}",
        "input_baseline": "请填写{indicator}的基准值（不能为0）。{unit}",
        "input_rating": "请选择评分 {lo}–{hi}。",
        "input_count": "请填写次数（不小于0的数字）。",
        "input_id": "请填写员工工号。",
        "input_name": "请填写员工姓名。",
        "input_dept": "请填写员工所在部门。",
        "unit_percent": "按百分比填写，如 85%。",
        "unit_number": "填写数字。",
        "error_title": "输入无效",
        "error_number": "请输入数字。",
        "error_positive": "请输入大于0的数字。",
        "error_nonneg": "请输入不小于0的数字。",
        "error_nonzero": "请输入不为0的数字。",
        "error_rating": "请从下拉列表中选择 {lo}–{hi} 之间的评分。",
        "error_text": "请输入1到50个字符。",
        "letter_title": "业绩承诺书",
        "letter_intro": "本人承诺在{period}考核期内完成以下业绩指标，并接受按《{scheme}》进行的考核。",
        "letter_employee": "员工：{name}（工号 {id}）    部门：{dept}    岗位：{role}",
        "letter_sign_employee": "员工签字：________________    日期：____年__月__日",
        "letter_sign_manager": "直接上级签字：________________    日期：____年__月__日",
        "letter_blank_name": "________",
        "rules_scheme": "方案",
        "rules_version": "版本",
        "rules_sections": "考核结构",
        "rules_indicators": "指标库",
        "rules_roles": "岗位指标与权重",
        "rules_competencies": "能力维度",
        "rules_raters": "评价人权重",
        "rules_scale": "评分标准",
        "rules_grades": "等级标准（按综合得分保留6位小数比较）",
        "rules_distribution": "强制分布（由人力资源部执行）",
        "rules_unit": "单位",
        "rules_min": "最低分",
        "rules_quota": "比例上限(%)",
        "rules_scope": "范围",
        "rules_rounding": "取整",
        "rules_bottom": "末位观察比例(%)",
        "rules_fingerprint": "方案指纹",
        "unit_percent_word": "百分比",
        "unit_number_word": "数值",
        "scope_company": "全公司",
        "scope_department": "部门内",
        "rounding_floor": "向下取整",
        "rounding_round": "四舍五入",
        "rounding_ceil": "向上取整",
        "scale_text": "{lo}–{hi} 分",
        "yaml_note": "方案原文（YAML）保存在隐藏工作表 _xlperf 的 XLPERF_SCHEME_YAML 区域。",
        "instructions": (
            "1. 本表由 xlperf 根据考核方案自动生成，请勿修改灰色（锁定）单元格、删除行或重命名工作表；人力资源部收回时会逐格核对。\n"
            "2. 在「{kpi}」表中只填写黄色单元格：实际值，以及需要时的基准值、目标值。百分比指标请按百分比填写（如 85%）。\n"
            "3. 在「{competency}」表中按评价人类型从下拉列表选择 {lo}–{hi} 分；某类评价人缺席时可留空，权重会在到场的评价人之间重新分配。\n"
            "4. 指标得分、分项得分、综合得分、预评等级和部门排名由公式自动计算；输入缺失时显示为空，输入无效时显示「输入无效」并标红。\n"
            "5. 「{summary}」表的预评等级仅按分数段给出；强制比例分布由人力资源部汇总全部表格后统一执行。\n"
            "6. 「{letters}」表为每位员工的业绩承诺书，可直接打印签字。\n"
            "7. 「{rules}」表列出本方案的全部规则，仅供查阅。\n"
            "8. 填写完成后保存为 .xlsx 并交回人力资源部。"
        ),
        "instructions_blank": "空白表：请先在「{summary}」表的黄色区域填写员工工号、姓名和部门（每行一人），其余表格会自动带出。",
        "header_footer_page": "第 &P 页，共 &N 页",
    },
    "en": {
        "sheet_instructions": "Instructions",
        "sheet_kpi": "KPI",
        "sheet_competency": "Competency",
        "sheet_summary": "Summary",
        "sheet_letters": "Commitment letters",
        "sheet_rules": "Rules",
        "invalid": "invalid input",
        "title_kpi": "{scheme} — KPI form",
        "title_competency": "{scheme} — Competency ratings",
        "title_summary": "{scheme} — Summary",
        "title_rules": "{scheme} — Rules (read only)",
        "title_instructions": "{scheme} — How to fill in this form",
        "subtitle": "Department: {group}    Period: {period}    Scheme: {scheme_id} v{version}    Template: {template}",
        "subtitle_role": "Role: {group}    Period: {period}    Scheme: {scheme_id} v{version}    Template: {template}",
        "section": "Section",
        "code": "Code",
        "indicator": "Indicator",
        "dimension_weight": "Weight (%)",
        "dimension_score": "Dimension score",
        "competency_score": "Competency score",
        "rater_header": "{rater}\n(weight {weight}%)",
        "grade_label": "Grade meaning",
        "dept_rank_form": "Department rank\n(this form)",
        "rank_key": "Rank key (6 dp)",
        "summary_note": "Note: the provisional grade follows the absolute score bands only. Forced distribution (e.g. A ≤ 10%, B ≤ 20%) is HR's step after all forms are collected; this form does not apply it.",
        "period_quarterly": "quarterly",
        "period_monthly": "monthly",
        "period_yearly": "yearly",
        "period_annual": "annual",
        "period_half-yearly": "half-yearly",
        "na": "—",
        "input_title_actual": "Actual",
        "input_actual": "Enter the actual value of {indicator}. {unit}",
        "input_target": "Enter the target of {indicator} (> 0). {unit}",
        "input_target_any": "Enter the target of {indicator}. {unit}",
        "input_baseline": "Enter the baseline of {indicator} (not 0). {unit}",
        "input_rating": "Choose a rating {lo}–{hi}.",
        "input_count": "Enter a count (a number ≥ 0).",
        "input_id": "Enter the employee ID.",
        "input_name": "Enter the employee's name.",
        "input_dept": "Enter the employee's department.",
        "unit_percent": "Type a percent, e.g. 85%.",
        "unit_number": "Type a number.",
        "error_title": "Invalid input",
        "error_number": "Please type a number.",
        "error_positive": "Please type a number greater than 0.",
        "error_nonneg": "Please type a number ≥ 0.",
        "error_nonzero": "Please type a number other than 0.",
        "error_rating": "Choose a rating from {lo} to {hi} from the list.",
        "error_text": "Type 1 to 50 characters.",
        "letter_title": "Performance commitment letter",
        "letter_intro": 'I commit to the following objectives for this {period} appraisal period and accept the appraisal under "{scheme}".',
        "letter_employee": "Employee: {name} (ID {id})    Department: {dept}    Role: {role}",
        "letter_sign_employee": "Employee signature: ________________    Date: ____/__/__",
        "letter_sign_manager": "Manager signature: ________________    Date: ____/__/__",
        "letter_blank_name": "________",
        "rules_scheme": "Scheme",
        "rules_version": "Version",
        "rules_sections": "Sections",
        "rules_indicators": "Indicators",
        "rules_roles": "Roles: indicators and weights",
        "rules_competencies": "Competency dimensions",
        "rules_raters": "Rater weights",
        "rules_scale": "Rating scale",
        "rules_grades": "Grade bands (final score compared at 6 decimals)",
        "rules_distribution": "Forced distribution (applied by HR)",
        "rules_unit": "Unit",
        "rules_min": "Minimum score",
        "rules_quota": "Quota (%)",
        "rules_scope": "Scope",
        "rules_rounding": "Rounding",
        "rules_bottom": "Bottom observation (%)",
        "rules_fingerprint": "Scheme fingerprint",
        "unit_percent_word": "percent",
        "unit_number_word": "number",
        "scope_company": "company",
        "scope_department": "department",
        "rounding_floor": "floor",
        "rounding_round": "round half up",
        "rounding_ceil": "ceiling",
        "scale_text": "{lo}–{hi}",
        "yaml_note": "The scheme's YAML text is stored on the hidden sheet _xlperf, in the range named XLPERF_SCHEME_YAML.",
        "instructions": (
            "1. xlperf generated this form from the appraisal scheme. Do not change grey (locked) cells, delete rows or rename sheets: HR checks every cell when the form comes back.\n"
            '2. On sheet "{kpi}" fill in the yellow cells only: the actual value, and the baseline or target where asked. Type percent indicators as percents (e.g. 85%).\n'
            '3. On sheet "{competency}" choose a rating {lo}–{hi} per rater group from the list; leave a rater group empty when it does not rate, its weight is shared among the others.\n'
            '4. Indicator, section and final scores, the provisional grade and the department rank are formulas. A missing input leaves them empty; an invalid input shows "invalid input" in red.\n'
            '5. The provisional grade on "{summary}" follows the score bands only; HR applies the forced distribution after collecting every form.\n'
            '6. Sheet "{letters}" holds a printable commitment letter per employee.\n'
            '7. Sheet "{rules}" lists every rule of the scheme, read only.\n'
            "8. Save as .xlsx and return the file to HR."
        ),
        "instructions_blank": 'Blank form: first type each employee\'s ID, name and department in the yellow area of "{summary}" (one per row); the other sheets follow.',
        "header_footer_page": "Page &P of &N",
    },
}

for _lang in T:
    T[_lang].update(_concepts(_lang))

RATER_NAMES = {
    "zh": {
        "supervisor": "上级",
        "peer": "同事",
        "self": "自评",
        "customer": "客户",
        "subordinate": "下级",
    },
    "en": {
        "supervisor": "Supervisor",
        "peer": "Peers",
        "self": "Self",
        "customer": "Customers",
        "subordinate": "Subordinates",
    },
}


def rater_name(code: str, lang: str) -> str:
    return RATER_NAMES[lang].get(code, code)
