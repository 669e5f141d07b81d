"""Cells that should hold a number but do not (see :mod:`xlperf.core.numbers`).

Every message takes ``{value}`` (the cell as the user typed it) and
``{column}`` (the column header, or the argument or scheme field, as the
user sees it).
"""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "NUMBER_TEXT",
        "expected a number, got text '{value}'",
        "应为数字，实际为文本 '{value}'",
        "type a number in {column}: 85%, 0.85 and 1,234.5 are read as written",
        "请在{column}中填写数字：85%、0.85、1,234.5 均按所写读取",
        "{n} cells hold text instead of a number: {items}",
        "{n}个单元格应为数字却是文本：{items}",
    ),
    Message(
        "NUMBER_TEXT_IN_NUMBER_CELL",
        "the cell holds the text '{value}', not a number",
        "单元格中是文本 '{value}'，不是数字",
        "type the number itself into {column} (a typed 85% is a number); "
        "text, a leading apostrophe or a cell formatted as Text is not accepted",
        "请在{column}中直接输入数字（直接键入的85%即为数字）；"
        "文本、以单引号开头或设置为文本格式的单元格不被接受",
        "{n} number cells hold text: {items}",
        "{n}个数字单元格中是文本：{items}",
    ),
    Message(
        "NUMBER_BOOLEAN",
        "TRUE/FALSE is not a number (got {value})",
        "TRUE/FALSE 不是数字（当前为 {value}）",
        "type a number in {column}",
        "请在{column}中填写数字",
        "{n} cells hold TRUE/FALSE instead of a number: {items}",
        "{n}个单元格为 TRUE/FALSE 而不是数字：{items}",
    ),
    Message(
        "NUMBER_NOT_FINITE",
        "'{value}' is not a finite number",
        "'{value}' 不是有限的数字",
        "type an ordinary number in {column}; infinity, NaN and values too large "
        "for a spreadsheet (1e999) are not accepted",
        "请在{column}中填写普通数字；不接受无穷大、NaN 或超出表格范围的数（如 1e999）",
        "{n} cells are not finite numbers: {items}",
        "{n}个单元格不是有限的数字：{items}",
    ),
    Message(
        "NUMBER_AMBIGUOUS_COMMA",
        "'{value}' has a comma that is not a thousands separator",
        "'{value}' 中的逗号不是千位分隔符",
        "decimal comma? use a point in {column} (0.2236); thousands go in groups "
        "of three (1,234,567.5)",
        "如为小数请在{column}中使用小数点（0.2236）；千位分隔须每三位一组（1,234,567.5）",
        "{n} cells have an ambiguous comma: {items}",
        "{n}个单元格中的逗号含义不明：{items}",
    ),
    Message(
        "NUMBER_EXCEL_ERROR",
        "the cell holds the Excel error {value}",
        "单元格为Excel错误值 {value}",
        "correct the formula that gives {value}, or type the value in {column}",
        "请修正产生 {value} 的公式，或在{column}中直接填写数值",
        "{n} cells hold Excel errors: {items}",
        "{n}个单元格为Excel错误值：{items}",
    ),
    Message(
        "NUMBER_DATE",
        "the cell holds a date or time ({value}), not a number",
        "单元格为日期或时间（{value}），不是数字",
        "Excel turns some entries (1/2, 3-4) into dates: format {column} as Number "
        "and type the value again",
        "Excel会把部分输入（如 1/2、3-4）变成日期：请将{column}设为数值格式后重新输入",
        "{n} cells hold dates instead of numbers: {items}",
        "{n}个单元格为日期而不是数字：{items}",
    ),
    Message(
        "NUMBER_MISSING",
        "{column} is empty",
        "{column}为空",
        "fill in a number",
        "请填写数字",
        "{n} numbers are missing: {items}",
        "{n}处缺少数字：{items}",
    ),
]
