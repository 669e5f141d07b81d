"""Problems of master workbooks and the collect step."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "MASTER_NO_DATA",
        "the workbook has no Data sheet; sheets are {sheets}",
        "工作簿中没有数据（Data）工作表；现有工作表：{sheets}",
        "add a sheet named Data (or 数据) with the indicator rows, or build it with xlperf collect",
        "请添加名为 数据（或 Data）的工作表，或用 xlperf collect 生成",
    ),
    Message(
        "MASTER_NOT_XLSX",
        "a master must be an .xlsx or .xlsm workbook, got {file}",
        "汇总表必须是 .xlsx 或 .xlsm 工作簿，收到 {file}",
        "name the master with .xlsx",
        "请使用 .xlsx 作为汇总表文件名",
    ),
]

MESSAGES += [
    Message(
        "COLLECT_FORM_NOT_FOUND", "file not found", "找不到文件", "check the path", "请检查路径"
    ),
    Message(
        "COLLECT_SAME_FORM_TWICE",
        "the same form as {first} in this run; not merged twice",
        "与本次的 {first} 为同一份表单，不重复合并",
        "remove the copy",
        "请删除重复的文件",
    ),
    Message(
        "COLLECT_EMPLOYEE_IN_TWO_FORMS",
        "employee {employee} is also in {other}; neither form is merged",
        "员工 {employee} 同时出现在 {other} 中；两份表单均未合并",
        "keep each employee in one form and collect both again",
        "每名员工只能在一份表单中，请更正后重新汇总",
    ),
    Message(
        "COLLECT_EMPLOYEE_IN_MASTER",
        "employee {employee} is already in the master from {other} ({sheet}!{cell}); this form is not merged",
        "员工 {employee} 已在汇总表中（来自 {other}，{sheet}!{cell}）；本表单未合并",
        "return the employee in one form only, or collect again with --replace-all to start afresh",
        "每名员工只能在一份表单中；或用 --replace-all 重新汇总",
    ),
]

MESSAGES += [
    Message(
        "MASTER_COLUMN_MISSING",
        "the master's {sheet} sheet has no '{column}' column (it was deleted or renamed)",
        "汇总表的 {sheet} 工作表缺少 '{column}' 列（被删除或改名）",
        "restore the column header, or collect again with --replace-all",
        "请恢复该列表头，或用 --replace-all 重新汇总",
    ),
    Message(
        "MASTER_DUPLICATE_ROW",
        "employee {employee}, indicator {indicator} is in the master twice (first at row {first})",
        "员工 {employee} 的指标 {indicator} 在汇总表中重复（首次出现在第{first}行）",
        "delete the extra row in the master, or collect again with --replace-all",
        "请删除汇总表中的重复行，或用 --replace-all 重新汇总",
        "{n} duplicated rows in the master: {items}",
        "汇总表中有{n}行重复：{items}",
    ),
]
