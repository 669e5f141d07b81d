"""Problems of closing periods and of the history commands (close, history, rollup, the ribbon)."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "HIST_NO_FILE",
        "the history file does not exist",
        "历史文件不存在",
        "check the path; a history file is created by the first xlperf close "
        "(xlperf-history.sqlite beside the master)",
        "请检查路径；历史文件由第一次 xlperf close 创建（汇总表旁的 xlperf-history.sqlite）",
    ),
    Message(
        "HIST_REASON_WITHOUT_REOPEN",
        "a reason ({reason}) was given, but the period is not being reopened",
        "填写了原因（{reason}），但并未重新打开考核期",
        "add --reopen to replace the closed period, or leave out --reason",
        "如需替换已关闭的考核期请加上 --reopen，否则请去掉 --reason",
    ),
    Message(
        "HIST_BOOK_NOT_SAVED",
        "the workbook has not been saved yet, so it has no folder for its history file",
        "工作簿尚未保存，无法确定历史文件的位置",
        "save the workbook, then close the period",
        "请先保存工作簿，再关闭考核期",
    ),
]
