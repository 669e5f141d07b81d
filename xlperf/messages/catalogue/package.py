"""Problems met while splicing xlperf's sheets into a user's workbook package (xlperf.io.package)."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "PACKAGE_NOT_XLSX",
        "this is not an .xlsx/.xlsm workbook package ({detail})",
        "这不是 .xlsx/.xlsm 工作簿文件（{detail}）",
        "save it in Excel as an Excel workbook (.xlsx) and run again",
        "请在 Excel 中另存为 Excel 工作簿（.xlsx）后重试",
    ),
    Message(
        "PACKAGE_STRICT",
        "the workbook is saved as Strict Open XML ({part}); xlperf cannot update it in place",
        "工作簿以 Strict Open XML 格式保存（{part}），xlperf 无法就地更新",
        "save it in Excel as 'Excel Workbook (*.xlsx)' (not 'Strict Open XML'), or use --out",
        "请在 Excel 中另存为“Excel 工作簿(*.xlsx)”（而非 Strict Open XML），或使用 --out",
    ),
    Message(
        "PACKAGE_INPUT_NOT_WORKSHEET",
        "the input sheet '{sheet}' is a {kind}, not a worksheet ({part})",
        "输入工作表“{sheet}”是{kind}，不是普通工作表（{part}）",
        "rename that sheet so xlperf can write its own '{sheet}' sheet",
        "请重命名该工作表，以便 xlperf 写入自己的“{sheet}”工作表",
    ),
    Message(
        "PACKAGE_USER_SHEET",
        "the sheet '{sheet}' belongs to you, but xlperf would replace it",
        "工作表“{sheet}”是您自己的工作表，但 xlperf 将替换它",
        "rename your sheet (xlperf writes a sheet of that name), or use --out",
        "请重命名您的工作表（xlperf 需要写入同名工作表），或使用 --out",
    ),
    Message(
        "PACKAGE_CANNOT_KEEP",
        "{what} ({part}) on the sheet '{sheet}' cannot be kept when xlperf rewrites that sheet",
        "工作表“{sheet}”上的{what}（{part}）在 xlperf 重写该工作表时无法保留",
        "move it to a sheet of your own (xlperf rewrites '{sheet}'), or use --out",
        "请把它移到您自己的工作表上（xlperf 会重写“{sheet}”），或使用 --out",
        "{n} parts cannot be kept: {items}",
        "{n} 个部件无法保留：{items}",
    ),
    Message(
        "PACKAGE_TOO_LARGE",
        "the workbook package is too large to update in place ({detail})",
        "工作簿文件过大，无法就地更新（{detail}）",
        "use --out to write the results to a new file",
        "请使用 --out 写入新文件",
    ),
    Message(
        "PACKAGE_BROKEN",
        "the workbook package is damaged: {detail} ({part})",
        "工作簿文件已损坏：{detail}（{part}）",
        "open it in Excel, let Excel repair it, save it, and run again",
        "请用 Excel 打开并修复后保存，再重试",
    ),
]
