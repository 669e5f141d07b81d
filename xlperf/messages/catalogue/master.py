"""Problems of master workbooks and the collect step."""

from xlperf.messages import Message

MESSAGES = [
    Message("MASTER_NO_DATA", "the workbook has no Data sheet; sheets are {sheets}", "工作簿中没有数据（Data）工作表；现有工作表：{sheets}",
            "add a sheet named Data (or 数据) with the indicator rows, or build it with xlperf collect",
            "请添加名为 数据（或 Data）的工作表，或用 xlperf collect 生成"),
    Message("MASTER_NOT_XLSX", "a master must be an .xlsx or .xlsm workbook, got {file}", "汇总表必须是 .xlsx 或 .xlsm 工作簿，收到 {file}",
            "name the master with .xlsx", "请使用 .xlsx 作为汇总表文件名"),
]

MESSAGES += [
    Message("COLLECT_FORM_NOT_FOUND", "file not found", "找不到文件", "check the path", "请检查路径"),
    Message("COLLECT_SAME_FORM_TWICE", "the same form as {first} in this run; not merged twice", "与本次的 {first} 为同一份表单，不重复合并",
            "remove the copy", "请删除重复的文件"),
    Message("COLLECT_EMPLOYEE_IN_TWO_FORMS", "employee {employee} is also in {other}; neither form is merged",
            "员工 {employee} 同时出现在 {other} 中；两份表单均未合并",
            "keep each employee in one form and collect both again", "每名员工只能在一份表单中，请更正后重新汇总"),
    Message("COLLECT_EMPLOYEE_IN_MASTER", "employee {employee} is already in the master from {other} ({sheet}!{cell}); this form is not merged",
            "员工 {employee} 已在汇总表中（来自 {other}，{sheet}!{cell}）；本表单未合并",
            "return the employee in one form only, or collect again with --replace-all to start afresh",
            "每名员工只能在一份表单中；或用 --replace-all 重新汇总"),
]
